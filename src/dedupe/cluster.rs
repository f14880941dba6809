//! Clustering: one pass in reading order, centred on canonical questions.
//!
//! A question joins the cluster whose *canonical* question (its first occurrence) it is most alike
//! to, when that similarity reaches the threshold; otherwise it starts a cluster of its own. Being
//! alike to some other member is not enough, so nothing chains unrelated questions together through
//! a middle one, and every member's score is its similarity to the canonical question, as the
//! record model states. A question that reads exactly like an earlier one joins that one's cluster.

use super::candidates::{self, Bound, Index, Order, TermMask};
use super::normalize::Kind;
use super::similarity::{ANSWER_FLOOR, Evidence, Prepared};
use crate::fasthash::FastMap;

/// How many of the closest unmerged pairs the report shows unless asked for more (`--near`).
pub const NEAR_MISSES: usize = 10;

/// How candidates are found: the index, or every earlier question (to check the index against).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Candidates from the prefix-filtered inverted index (what every command uses).
    Index,
    /// Every earlier question compared: slow, the reference the index is tested against.
    Exhaustive,
}

/// Two questions left in different clusters, and how alike they are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearMiss {
    /// The earlier question.
    pub a: usize,
    /// The later question.
    pub b: usize,
    /// Their score and what raised or lowered it.
    pub evidence: Evidence,
}

/// The clusters as question indices: `members[0]` canonical, each with its evidence.
pub struct Clustering {
    /// Each cluster's questions, canonical first, with their evidence against it.
    pub clusters: Vec<Vec<(usize, Evidence)>>,
    /// The closest pairs not merged, most alike first.
    pub near_misses: Vec<NearMiss>,
    /// How much pairwise work the clustering did.
    pub work: Work,
}

/// Pairwise work counted during a clustering: what the near-linear checks compare across sizes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Earlier canonical questions listed as candidates, over all questions.
    pub candidates: usize,
    /// Candidate pairs whose term lists were merged (past the mask bound).
    pub scored: usize,
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
    // Per canonical question: its term mask, set when it is indexed.
    let mut masks: Vec<TermMask> = vec![0; n];
    let order = Order::new(&prepared.weights);
    // `listed[j] == i + 1` when canonical `j` is already a candidate of question `i`.
    let mut listed: Vec<u32> = vec![0; n];
    let mut index = Index::new(prepared.normalizer.len(), n);
    // Canonical questions by signature: rewordings meet here however common their terms are.
    let mut by_signature = SignatureGroups::new(n);
    let mut canonicals: Vec<u32> = Vec::new();
    let mut cluster_of: Vec<usize> = Vec::with_capacity(n);
    // Per question: its evidence against its canonical question, for exact repeats to copy.
    let mut evidence_of: Vec<Evidence> = Vec::with_capacity(n);
    let mut clusters: Vec<Vec<(usize, Evidence)>> = Vec::new();
    let mut first_with_key: FastMap<u64, usize> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    let mut near = Closest::new(near_misses);
    let mut found = Vec::new();
    let (mut prefix, mut by_weight) = (Vec::new(), Vec::new());
    let mut scored: Vec<(usize, Evidence)> = Vec::new();
    let mut work = Work::default();

    for i in 0..n {
        // An exact repeat belongs with what it repeats, at that one's similarity: merged before
        // any pairwise work, so that 10,000 copies of one question cost 10,000 look-ups.
        let repeat = first_with_key
            .get(&prepared.keys[i])
            .copied()
            .filter(|&j| prepared.same_text(i, j));
        if let Some(j) = repeat {
            let c = cluster_of[j];
            clusters[c].push((i, evidence_of[j]));
            evidence_of.push(evidence_of[j]);
            cluster_of.push(c);
            continue;
        }
        first_with_key.insert(prepared.keys[i], i);

        // Only canonical questions are candidates: a question joins the cluster whose first
        // question it matches best.
        let signature = signature(prepared, i);
        match search {
            Search::Index => {
                let question = &prepared.questions[i];
                candidates::prefix_into(question, &order, floor, &mut by_weight, &mut prefix);
                index.probe(&prefix, totals[i], &totals, floor, &mut found);
                if by_signature.has(signature) {
                    let stamp = i as u32 + 1;
                    for &j in &found {
                        listed[j as usize] = stamp;
                    }
                    for j in by_signature.members(signature) {
                        if listed[j as usize] != stamp {
                            listed[j as usize] = stamp;
                            found.push(j);
                        }
                    }
                }
            }
            Search::Exhaustive => {
                found.clear();
                found.extend_from_slice(&canonicals);
            }
        }

        // Candidates from the index mostly share a term or two: the masks tell most of those
        // apart without merging term lists. The exhaustive search scores every pair, as the
        // reference the index and the bound are tested against.
        let bound = (search == Search::Index && floor <= ANSWER_FLOOR)
            .then(|| Bound::new(&prepared.questions[i]));
        let mut best: Option<(usize, Evidence)> = None;
        scored.clear();
        work.candidates += found.len();
        for &j in &found {
            let j = j as usize;
            if let Some(bound) = &bound
                && prepared.keys[j] != prepared.keys[i]
                && !bound.may_reach(masks[j], totals[j], floor)
            {
                continue;
            }
            work.scored += 1;
            let Some(evidence) = prepared.evidence_at_least(j, i, threshold, floor) else {
                continue;
            };
            scored.push((j, evidence));
            // A pair with nothing in common never merges, whatever the threshold.
            if evidence.score >= threshold && evidence.score > 0.0 {
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

        let (c, evidence) = match best {
            Some((j, evidence)) => {
                let c = cluster_of[j];
                clusters[c].push((i, evidence));
                (c, evidence)
            }
            None => {
                clusters.push(vec![(i, Evidence::IDENTICAL)]);
                canonicals.push(i as u32);
                if let Some(bound) = &bound {
                    masks[i] = bound.mask();
                }
                if search == Search::Index {
                    index.insert(i as u32, &prefix);
                    by_signature.push(signature, i as u32);
                }
                (clusters.len() - 1, Evidence::IDENTICAL)
            }
        };
        evidence_of.push(evidence);
        cluster_of.push(c);

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
        work,
    }
}

/// A hash of every term of a question but the weak ones: rewordings that normalise alike share it.
fn signature(prepared: &Prepared, i: usize) -> u64 {
    use std::hash::Hasher;
    let mut hasher = crate::fasthash::FxHasher::default();
    for &(t, _) in &prepared.questions[i].terms {
        if prepared.normalizer.kind(t) != Kind::Weak {
            hasher.write_u32(t);
        }
    }
    hasher.finish()
}

/// Canonical questions grouped by signature, each group in the order its questions came, kept
/// as links between questions rather than one list per signature.
struct SignatureGroups {
    /// Per signature: its first and last question.
    ends: FastMap<u64, (u32, u32)>,
    /// Per question: the next question of its group, or `u32::MAX`.
    next: Vec<u32>,
}

impl SignatureGroups {
    fn new(questions: usize) -> SignatureGroups {
        SignatureGroups {
            ends: FastMap::default(),
            next: vec![u32::MAX; questions],
        }
    }

    fn has(&self, signature: u64) -> bool {
        self.ends.contains_key(&signature)
    }

    /// Adds question `i`, later than every question added before.
    fn push(&mut self, signature: u64, i: u32) {
        match self.ends.get_mut(&signature) {
            Some((_, last)) => {
                self.next[*last as usize] = i;
                *last = i;
            }
            None => {
                self.ends.insert(signature, (i, i));
            }
        }
    }

    /// The questions of a signature, in the order they were added.
    fn members(&self, signature: u64) -> impl Iterator<Item = u32> + '_ {
        let first = self
            .ends
            .get(&signature)
            .map_or(u32::MAX, |&(first, _)| first);
        std::iter::successors((first != u32::MAX).then_some(first), |&j| {
            self.next
                .get(j as usize)
                .copied()
                .filter(|&next| next != u32::MAX)
        })
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
        // Once full, a pair at or below the weakest kept changes nothing, even one already kept.
        if score <= self.weakest {
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedupe::hard_bank::hard_bank;
    use crate::model::Question;

    /// The pairwise work of clustering `questions` as `anki` does (floor 0.4) and as `dedupe`
    /// does (floor 0.2, near misses kept).
    fn work_of(questions: &[Question]) -> (Work, Work) {
        let prepared = Prepared::new(questions);
        let merged = cluster(&prepared, 0.6, 1.0, 0, Search::Index).work;
        let analysed = cluster(&prepared, 0.6, 0.2, NEAR_MISSES, Search::Index).work;
        (merged, analysed)
    }

    // The near-linear check (issue 17: time(100k)/time(10k) at most 12), counted rather than
    // timed: ten times the questions of the hard bank, whose questions share one vocabulary,
    // must cost at most twelve times the pairwise work, both in candidates and in pairs scored.
    #[test]
    fn pairwise_work_grows_near_linearly_on_the_hard_bank() {
        let small = hard_bank(2_000, 42).document.questions;
        let large = hard_bank(20_000, 42).document.questions;
        let (small_merge, small_report) = work_of(&small);
        let (large_merge, large_report) = work_of(&large);
        for (what, a, b) in [
            ("merge", small_merge, large_merge),
            ("report", small_report, large_report),
        ] {
            assert!(a.scored > 0 && a.candidates >= a.scored, "{what}: {a:?}");
            let candidates = b.candidates as f64 / a.candidates as f64;
            let scored = b.scored as f64 / a.scored as f64;
            assert!(
                candidates <= 12.0 && scored <= 12.0,
                "{what}: 10× the questions took {candidates:.1}× the candidates and {scored:.1}× \
                 the scored pairs ({a:?} → {b:?})"
            );
        }
    }

    #[test]
    fn identical_questions_cost_no_pairwise_work() {
        let one = hard_bank(1, 7).document.questions;
        let questions: Vec<Question> = (0..5_000).map(|_| one[0].clone()).collect();
        let (merge, report) = work_of(&questions);
        assert_eq!(merge, Work::default());
        assert_eq!(report, Work::default());
    }
}
