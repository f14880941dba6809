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

/// How many of the closest unmerged pairs are kept for the report.
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

/// Clusters every prepared question at `threshold`. Pairs below `near_miss_floor` are not scored
/// (nor reported); the clusters are the same for any floor up to `min(threshold, ANSWER_FLOOR)`,
/// the highest one, which is the cheapest.
pub fn cluster(
    prepared: &Prepared,
    threshold: f32,
    near_miss_floor: f32,
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
    let mut near = Vec::with_capacity(NEAR_MISSES + 1);
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
                keep_closest(&mut near, miss, pair);
            }
        }
    }
    let mut near: Vec<NearMiss> = near.into_iter().map(|(miss, _)| miss).collect();
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

/// Keeps the `NEAR_MISSES` most alike pairs seen so far, at most one per pair of clusters (a
/// question near a cluster of four is one near miss, not four).
fn keep_closest(
    near: &mut Vec<(NearMiss, (usize, usize))>,
    miss: NearMiss,
    clusters: (usize, usize),
) {
    let score = |m: &NearMiss| m.evidence.score;
    if let Some(k) = near.iter().position(|(_, c)| *c == clusters) {
        if score(&miss) > score(&near[k].0) {
            near[k].0 = miss;
        }
        return;
    }
    if near.len() < NEAR_MISSES {
        near.push((miss, clusters));
        return;
    }
    let weakest = near
        .iter()
        .enumerate()
        .min_by(|x, y| score(&x.1.0).total_cmp(&score(&y.1.0)))
        .map(|(k, _)| k);
    if let Some(k) = weakest
        && score(&miss) > score(&near[k].0)
    {
        near[k] = (miss, clusters);
    }
}
