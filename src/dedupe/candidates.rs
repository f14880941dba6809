//! Candidate search: which earlier questions a question could possibly reach the threshold with,
//! found without comparing every pair.
//!
//! Prefix filtering over an inverted index: order each question's terms rarest (heaviest) first
//! and keep the shortest *prefix* whose remaining terms weigh less than `min_similarity` of the
//! whole. Two questions with weighted Jaccard ≥ `min_similarity` must share a term of both their
//! prefixes (the shared terms weigh at least that much, so they cannot all sit in the tail), so
//! only prefix terms are indexed and probed. Prefixes hold mostly rare terms, whose posting lists
//! are short: the cost grows close to linearly, and the result equals exhaustive comparison.
//!
//! When questions share their vocabulary (a bank built from many articles on one topic), even the
//! rarest terms of a question are common, and their lists grow with the bank. So the lists are
//! bounded: a term whose list is full ([`MAX_POSTINGS`]) is frequent and no longer generates
//! candidates, and a probe reads at most [`MAX_SCAN`] entries, rarest terms first. Rewordings
//! lose nothing by it: they share their *signature* (every term but the weak ones), and questions
//! with one signature always meet (`cluster`). Below a few thousand questions no bound is reached
//! and the result is exact.
//!
//! Most candidates share only a term or two and fall short. Each question's terms set bits of a
//! 64-bit mask ([`TermMask`]); the weight of a question's terms whose bits the other question's
//! mask has is at least what the two share, which bounds their similarity from above without
//! merging their term lists ([`Bound`]).

use super::normalize::Term;
use super::similarity::Profile;

/// Slack for float rounding: prefixes err on the long side, so no pair is ever missed.
const EPSILON: f32 = 1e-4;
/// A term listed under this many questions is frequent: it takes no more and is not probed.
pub const MAX_POSTINGS: usize = 128;
/// A probe reads at most this many list entries.
pub const MAX_SCAN: usize = 512;

/// One prefix term and the weight of the question's terms from it to the end (in the global
/// order): the most that two questions whose first shared term this is can have in common.
pub type PrefixTerm = (Term, f32);

/// Every term's place in the global order: heaviest corpus-wide weight first, ties by term, the
/// same order for every question, as the prefix filter requires.
pub struct Order {
    rank: Vec<u32>,
}

impl Order {
    /// The order of the terms weighing `global` (one weight per term).
    pub fn new(global: &[f32]) -> Order {
        let mut terms: Vec<u32> = (0..global.len() as u32).collect();
        terms.sort_by(|&x, &y| {
            global[y as usize]
                .total_cmp(&global[x as usize])
                .then(x.cmp(&y))
        });
        let mut rank = vec![0; global.len()];
        for (r, &t) in terms.iter().enumerate() {
            rank[t as usize] = r as u32;
        }
        Order { rank }
    }

    /// Where a term comes: every term of a profile has a weight, so has a place.
    fn rank(&self, term: Term) -> u32 {
        self.rank.get(term as usize).copied().unwrap_or(u32::MAX)
    }
}

/// The prefix terms of a profile for a similarity floor, rarest first, in the global [`Order`];
/// the tail is measured with the question's own weights.
pub fn prefix(profile: &Profile, order: &Order, min_similarity: f32) -> Vec<PrefixTerm> {
    let mut out = Vec::new();
    prefix_into(profile, order, min_similarity, &mut Vec::new(), &mut out);
    out
}

/// [`prefix`] into `out`, with `by_weight` as scratch space: one pair of buffers for every
/// question of a run.
pub fn prefix_into(
    profile: &Profile,
    order: &Order,
    min_similarity: f32,
    by_weight: &mut Vec<(Term, f32)>,
    out: &mut Vec<PrefixTerm>,
) {
    by_weight.clear();
    by_weight.extend_from_slice(&profile.terms);
    by_weight.sort_unstable_by_key(|&(t, _)| order.rank(t));
    let allowed_tail = min_similarity * profile.total - EPSILON;
    let mut tail = 0.0;
    let mut keep = by_weight.len();
    while keep > 0 && tail + by_weight[keep - 1].1 < allowed_tail {
        tail += by_weight[keep - 1].1;
        keep -= 1;
    }
    by_weight.truncate(keep);
    // Suffix weights, from the last prefix term back to the first.
    let mut suffix = tail;
    out.clear();
    out.extend(by_weight.iter().rev().map(|&(t, w)| {
        suffix += w;
        (t, suffix)
    }));
    out.reverse();
}

/// Which bit of a [`TermMask`] a term sets: the top six bits of a multiplicative hash, so that
/// terms numbered close together spread over the mask.
fn mask_bit(term: Term) -> u32 {
    term.wrapping_mul(0x9E37_79B9) >> 26
}

/// Per question: a bit set for each of its terms ([`mask_bit`]). Two questions share no term
/// unless their masks share a bit.
pub type TermMask = u64;

/// The [`TermMask`] of a profile.
pub fn term_mask(profile: &Profile) -> TermMask {
    profile
        .terms
        .iter()
        .fold(0, |mask, &(t, _)| mask | 1 << mask_bit(t))
}

/// An upper bound on the similarity of one question with others, from their masks and totals.
pub struct Bound {
    mask: TermMask,
    /// Per mask bit: the weight of the question's terms that set it.
    weight: [f32; 64],
    total: f32,
}

impl Bound {
    /// The bound for a profile.
    pub fn new(profile: &Profile) -> Bound {
        let mut weight = [0.0; 64];
        for &(t, w) in &profile.terms {
            weight[mask_bit(t) as usize] += w;
        }
        Bound {
            mask: term_mask(profile),
            weight,
            total: profile.total,
        }
    }

    /// The question's own [`TermMask`].
    pub fn mask(&self) -> TermMask {
        self.mask
    }

    /// False only when a question of this mask and total weight cannot reach `min_similarity`
    /// weighted Jaccard with this one. What two questions share weighs at most this question's
    /// terms whose bits the other mask has (`m`), so their similarity is at most
    /// `m / (|A| + |B| − m)`; the bound errs on the high side by [`EPSILON`] for float rounding.
    pub fn may_reach(&self, mask: TermMask, total: f32, min_similarity: f32) -> bool {
        let mut common = self.mask & mask;
        let mut most = 0.0;
        while common != 0 {
            most += self.weight[common.trailing_zeros() as usize];
            common &= common - 1;
        }
        let union = self.total + total - most;
        !(union > 0.0 && most / union < min_similarity - EPSILON)
    }
}

/// An inverted index from prefix terms to the questions inserted so far.
pub struct Index {
    /// Per term: `(question, its suffix weight from this term)`.
    postings: Vec<Vec<(u32, f32)>>,
    /// `seen[j] == stamp` when `j` was already met in the current probe.
    seen: Vec<u32>,
    stamp: u32,
}

impl Index {
    /// An empty index for `terms` distinct terms and `questions` questions.
    pub fn new(terms: usize, questions: usize) -> Index {
        Index {
            postings: vec![Vec::new(); terms],
            seen: vec![0; questions],
            stamp: 0,
        }
    }

    /// Fills `out` with the inserted questions that could reach `min_similarity` with a question
    /// of this prefix and total weight, each once. A question is first met under the first term
    /// both share (terms are probed in the global order), so there the shared weight `m` is at
    /// most both suffix weights and the similarity at most `m / (|A| + |B| − m)`: pairs whose
    /// bound falls short are dropped without being scored. The totals alone give `t·|A| ≤ |B| ≤ |A|/t`.
    pub fn probe(
        &mut self,
        prefix: &[PrefixTerm],
        total: f32,
        totals: &[f32],
        min_similarity: f32,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 1;
        }
        let low = total * min_similarity - EPSILON;
        let high = if min_similarity > 0.0 {
            total / min_similarity + EPSILON
        } else {
            f32::INFINITY
        };
        let mut budget = MAX_SCAN;
        for &(term, suffix) in prefix {
            let Some(list) = self.postings.get(term as usize) else {
                continue;
            };
            if list.len() >= MAX_POSTINGS {
                continue;
            }
            if list.len() > budget {
                break;
            }
            budget -= list.len();
            for &(j, other_suffix) in list {
                let slot = &mut self.seen[j as usize];
                if *slot == self.stamp {
                    continue;
                }
                *slot = self.stamp;
                let other = totals[j as usize];
                if other < low || other > high {
                    continue;
                }
                // Shared weight m at most both suffixes; union = |A| + |B| − shared ≥ |A| + |B| − m.
                let most = suffix.min(other_suffix);
                let bound = most / (total + other - most).max(f32::MIN_POSITIVE);
                if bound >= min_similarity - EPSILON {
                    out.push(j);
                }
            }
        }
    }

    /// Adds question `i` under its prefix terms whose lists are not full.
    pub fn insert(&mut self, i: u32, prefix: &[PrefixTerm]) {
        for &(term, suffix) in prefix {
            if let Some(list) = self.postings.get_mut(term as usize)
                && list.len() < MAX_POSTINGS
            {
                list.push((i, suffix));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(weights: &[f32]) -> Profile {
        let terms: Vec<(Term, f32)> = weights
            .iter()
            .enumerate()
            .map(|(t, &w)| (t as Term, w))
            .collect();
        Profile {
            total: weights.iter().sum(),
            terms,
            special: Vec::new(),
            scope: Vec::new(),
            keys: 0,
            endings: 0,
            asks: 0,
        }
    }

    #[test]
    fn prefix_keeps_rare_terms_until_the_tail_is_light() {
        // Weights 4, 3, 2, 1 (total 10): at 0.3 the tail must weigh under 3, so only term 3 drops
        // (terms 2 and 3 together weigh exactly 3: a pair sharing just them could reach 0.3).
        let w = [4.0, 3.0, 2.0, 1.0];
        let p = profile(&w);
        let order = Order::new(&w);
        let terms = |t: f32| {
            prefix(&p, &order, t)
                .iter()
                .map(|&(t, _)| t)
                .collect::<Vec<_>>()
        };
        assert_eq!(terms(0.3), vec![0, 1, 2]);
        assert_eq!(terms(0.35), vec![0, 1]);
        assert_eq!(terms(1.0), vec![0]);
        assert_eq!(terms(0.0), vec![0, 1, 2, 3]);
        assert_eq!(prefix(&p, &order, 0.35), vec![(0, 10.0), (1, 6.0)]);
    }

    #[test]
    fn the_mask_bound_never_falls_below_the_similarity() {
        // Profiles over overlapping term ranges, some terms weighing differently in each.
        let profiles: Vec<Profile> = (0..40u32)
            .map(|k| {
                let weights: Vec<f32> = (0..(k % 13 + 1))
                    .map(|i| 0.3 + ((k * 7 + i * 3) % 11) as f32 * 0.37)
                    .collect();
                let mut p = profile(&weights);
                for (i, term) in p.terms.iter_mut().enumerate() {
                    term.0 = (k / 3) * 2 + i as Term * (1 + k % 3);
                }
                p.terms.sort_by_key(|&(t, _)| t);
                p
            })
            .collect();
        let mut pruned = 0;
        for a in &profiles {
            let bound = Bound::new(a);
            for b in &profiles {
                let similarity = super::super::similarity::jaccard(a, b);
                for floor in [0.0, 0.2, 0.4, 0.55, 1.0] {
                    let may = bound.may_reach(term_mask(b), b.total, floor);
                    assert!(may || similarity < floor, "{a:?} {b:?} {floor}");
                    pruned += usize::from(!may);
                }
            }
        }
        assert!(pruned > 1000, "the bound prunes: {pruned}");
    }

    #[test]
    fn probe_lists_each_sharing_question_once() {
        let mut index = Index::new(3, 3);
        index.insert(0, &[(0, 1.0), (1, 0.5)]);
        index.insert(1, &[(2, 1.0)]);
        let mut out = Vec::new();
        index.probe(&[(0, 1.0), (1, 0.5)], 1.0, &[1.0, 1.0, 1.0], 0.5, &mut out);
        assert_eq!(out, vec![0]);
        index.probe(&[(0, 1.0), (1, 0.5)], 10.0, &[1.0, 1.0, 1.0], 0.5, &mut out);
        assert!(out.is_empty(), "length filter");
        // First shared term 1: at most 0.5 in common, so at most 0.5 / (1 + 1 - 0.5) alike.
        index.probe(&[(1, 0.5)], 1.0, &[1.0, 1.0, 1.0], 0.6, &mut out);
        assert!(out.is_empty(), "positional filter");
    }
}
