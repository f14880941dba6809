//! Clustering: one pass in reading order, centred on canonical questions.
//!
//! A question joins the cluster whose *canonical* question (its first occurrence) it is most alike
//! to, when that similarity reaches the threshold; otherwise it starts a cluster of its own. Being
//! alike to some other member is not enough, so nothing chains unrelated questions together through
//! a middle one, and every member's score is its similarity to the canonical question, as the
//! record model states. A question that reads exactly like an earlier one joins that one's cluster.

use super::candidates::{self, Index};
use super::fasthash::FastMap;
use super::similarity::{ANSWER_FLOOR, Evidence, Prepared};

/// How many of the closest unmerged pairs the report shows unless asked for more (`--near`).
pub const NEAR_MISSES: usize = 10;

/// How candidates are found: the index, or every earlier question (to check the index against).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    Index,
    Exhaustive,
}

/// Two questions left in different clusters, and how alike they are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearMiss {
    /// The earlier question.
    pub a: usize,
    /// The later question.
    pub b: usize,
    pub evidence: Evidence,
}

/// The clusters as question indices: `members[0]` canonical, each with its evidence.
pub struct Clustering {
    pub clusters: Vec<Vec<(usize, Evidence)>>,
    /// The closest pairs not merged, most alike first.
    pub near_misses: Vec<NearMiss>,
}

/// Clusters every prepared question at `threshold`, keeping the `near_misses` closest pairs not
/// merged. Pairs below `near_miss_floor` are not scored (nor reported); the clusters are the same
/// for any floor up to `min(threshold, ANSWER_FLOOR)`, the highest one, which is the cheapest.
pub fn cluster(
    prepared: &Prepared,
    threshold: f32,
    near_miss_floor: f32,
    near_misses: usize,
    search: Search,
) -> Clustering {
    let n = prepared.len();
    // A pair can reach the threshold only when its questions alone reach this: answers lift only
    // pairs above the answer floor.
    let floor = threshold.min(ANSWER_FLOOR).min(near_miss_floor);
    let totals: Vec<f32> = prepared.questions.iter().map(|p| p.total).collect();
    let mut index = Index::new(prepared.normalizer.len(), n);
    let mut cluster_of: Vec<usize> = Vec::with_capacity(n);
    // Per question: whether it is its cluster's canonical question. A flat array, read for every
    // candidate: cheaper at scale than looking into the cluster.
    let mut canonical: Vec<bool> = Vec::with_capacity(n);
    // Per question: its evidence against its canonical question, for exact repeats to copy.
    let mut evidence_of: Vec<Evidence> = Vec::with_capacity(n);
    let mut clusters: Vec<Vec<(usize, Evidence)>> = Vec::new();
    let mut first_with_key: FastMap<u64, usize> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    let mut near = Closest::new(near_misses);
    let mut found = Vec::new();
    let mut scored: Vec<(usize, Evidence)> = Vec::new();

    for i in 0..n {
        let prefix = match search {
            Search::Index => candidates::prefix(&prepared.questions[i], &prepared.weights, floor),
            Search::Exhaustive => Vec::new(),
        };
        match search {
            Search::Index => {
                index.probe(&prefix, totals[i], &totals, floor, &mut found);
                index.insert(i as u32, &prefix);
            }
            Search::Exhaustive => {
                found.clear();
                found.extend(0..i as u32);
            }
        }

        scored.clear();
        let mut best: Option<(usize, Evidence)> = None;
        for &j in &found {
            let j = j as usize;
            let evidence = prepared.evidence(j, i, threshold);
            if evidence.score < floor {
                continue;
            }
            scored.push((j, evidence));
            let is_canonical = clusters[cluster_of[j]][0].0 == j;
            // A pair with nothing in common never merges, whatever the threshold.
            if is_canonical && evidence.score >= threshold && evidence.score > 0.0 {
                let better = match best {
                    None => true,
                    Some((k, e)) => {
                        evidence.score > e.score || (evidence.score == e.score && j < k)
                    }
                };
                if better {
                    best = Some((j, evidence));
                }
            }
        }

        let repeat = first_with_key
            .get(&prepared.keys[i])
            .copied()
            .filter(|&j| prepared.same_text(i, j));
        let joined = match (repeat, best) {
            // An exact repeat belongs with what it repeats, at that one's similarity.
            (Some(j), _) => Some((cluster_of[j], evidence_of[j])),
            (None, Some((j, evidence))) => Some((cluster_of[j], evidence)),
            (None, None) => None,
        };
        let (c, evidence) = match joined {
            Some((c, evidence)) => {
                clusters[c].push((i, evidence));
                (c, evidence)
            }
            None => {
                clusters.push(vec![(i, Evidence::IDENTICAL)]);
                (clusters.len() - 1, Evidence::IDENTICAL)
            }
        };
        evidence_of.push(evidence);
        cluster_of.push(c);
        canonical.push(joined.is_none());
        first_with_key.entry(prepared.keys[i]).or_insert(i);

        for &(j, evidence) in &scored {
            if cluster_of[j] != c {
                let miss = NearMiss {
                    a: j,
                    b: i,
                    evidence,
                };
                let pair = (cluster_of[j].min(c), cluster_of[j].max(c));
                near.offer(miss, pair);
            }
        }
    }
    let mut near: Vec<NearMiss> = near.kept.into_iter().map(|(miss, _)| miss).collect();
    near.sort_by(|x: &NearMiss, y: &NearMiss| {
        y.evidence
            .score
            .total_cmp(&x.evidence.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    Clustering {
        clusters,
        near_misses: near,
    }
}

/// The `limit` most alike pairs offered so far, at most one per pair of clusters (a question near
/// a cluster of four is one near miss, not four).
struct Closest {
    limit: usize,
    kept: Vec<(NearMiss, (usize, usize))>,
    /// Where each pair of clusters is in `kept`.
    at: FastMap<(usize, usize), usize>,
    /// The lowest score kept, once `kept` is full.
    weakest: f32,
}

impl Closest {
    fn new(limit: usize) -> Closest {
        Closest {
            limit,
            kept: Vec::with_capacity(limit.min(1024)),
            at: FastMap::default(),
            weakest: f32::NEG_INFINITY,
        }
    }

    fn offer(&mut self, miss: NearMiss, clusters: (usize, usize)) {
        if self.limit == 0 {
            return;
        }
        let score = miss.evidence.score;
        if let Some(&k) = self.at.get(&clusters) {
            if score > self.kept[k].0.evidence.score {
                self.kept[k].0 = miss;
                self.update_weakest();
            }
            return;
        }
        if self.kept.len() < self.limit {
            self.at.insert(clusters, self.kept.len());
            self.kept.push((miss, clusters));
            self.update_weakest();
            return;
        }
        if score <= self.weakest {
            return;
        }
        let weakest = self
            .kept
            .iter()
            .enumerate()
            .min_by(|x, y| x.1.0.evidence.score.total_cmp(&y.1.0.evidence.score))
            .map(|(k, _)| k);
        if let Some(k) = weakest {
            self.at.remove(&self.kept[k].1);
            self.at.insert(clusters, k);
            self.kept[k] = (miss, clusters);
            self.update_weakest();
        }
    }

    /// Only a full list has a score to beat.
    fn update_weakest(&mut self) {
        self.weakest = if self.kept.len() < self.limit {
            f32::NEG_INFINITY
        } else {
            self.kept
                .iter()
                .map(|(m, _)| m.evidence.score)
                .fold(f32::INFINITY, f32::min)
        };
    }
}
