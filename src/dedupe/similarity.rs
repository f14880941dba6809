//! Similarity: how alike two questions are, from their normalised terms weighted by rarity.
//!
//! The score is a weighted Jaccard index: the weight of the terms both questions share over the
//! weight of all their terms, each term weighted by its inverse document frequency, so that a rare
//! term (`drift`, `kubernet`) decides more than a common one (`model`, `ml`). Every unshared term
//! counts against the pair, so a short "What is MLOps?" does not match every longer question that
//! mentions MLOps. Different identifiers on both sides (`l1`/`l2`) or a negation on one side
//! halve the score; a facet (`types`, `benefits`, `why`) on one side only lowers it. Answers serve only as supporting evidence: they can lift a pair whose
//! questions are already fairly alike, never make one on their own.

use std::cell::OnceCell;

use super::normalize::{Kind, Normalizer, Role, Term, answer_fingerprint};
use crate::model::Question;

/// Below this question similarity, answers are not looked at: answers never merge on their own.
pub const ANSWER_FLOOR: f32 = 0.4;
/// Answer similarity (Jaccard of their stemmed words) that counts as no evidence at all: answers on one topic share that much.
const ANSWER_BASELINE: f32 = 0.25;
/// How much answer similarity above the baseline lifts a pair.
const ANSWER_WEIGHT: f32 = 0.6;
/// At most this many terms of an answer are compared: its opening says what it answers.
const ANSWER_TERMS: usize = 80;
/// How much a weak term (`way`, `use`, `work`) counts against a content term of the same rarity.
const WEAK_FACTOR: f32 = 0.3;
/// How much more a facet (`type`, `benefit`, `why`) counts than a word of the same rarity.
const FACET_FACTOR: f32 = 1.5;
/// How much a closing scope ("… in DBMS?") counts.
const SCOPE_FACTOR: f32 = 0.6;
/// How much more the verb of a how-question counts.
const ASK_FACTOR: f32 = 1.5;
/// How much more an identifier counts than a word of the same rarity.
const IDENTIFIER_FACTOR: f32 = 1.5;
/// Factor for a pair that names different identifiers, or where only one side denies.
const CONFLICT_FACTOR: f32 = 0.5;
/// Factor for a pair where a facet (`types`, `benefits`, `why`) is on one side only.
const FACET_CONFLICT_FACTOR: f32 = 0.7;

/// The weighted terms of one text, sorted by term, and where its candidate prefix ends.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// `(term, weight)`, sorted by term.
    pub terms: Vec<(Term, f32)>,
    /// Sum of the weights.
    pub total: f32,
    /// The identifiers, negations and facets among the terms: usually none.
    pub special: Vec<Term>,
    /// The terms of a closing scope ("… in Python?"): usually none.
    pub scope: Vec<Term>,
}

/// Why two questions were judged alike: the score and what it is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// What the clustering compares with the threshold.
    pub score: f32,
    /// Similarity of the questions alone.
    pub question: f32,
    /// Similarity of the answers, when they were looked at.
    pub answer: Option<f32>,
}

impl Evidence {
    /// The evidence for two questions that read the same.
    pub const IDENTICAL: Evidence = Evidence {
        score: 1.0,
        question: 1.0,
        answer: None,
    };
}

/// Every question of a run, normalised and weighted, ready to be compared.
pub struct Prepared<'a> {
    pub normalizer: Normalizer,
    /// The questions themselves, in reading order.
    pub sources: Vec<&'a Question>,
    /// Per question: its weighted terms.
    pub questions: Vec<Profile>,
    /// Per question: the fingerprint of its answer's opening, made when first needed.
    answers: Vec<OnceCell<Vec<u64>>>,
    /// Per question: a hash of its text folded to lower-case words, to spot exact repeats.
    pub keys: Vec<u64>,
    /// Per term: its weight in questions.
    pub weights: Vec<f32>,
}

impl<'a> Prepared<'a> {
    /// Normalises and weighs every question.
    pub fn new(questions: impl IntoIterator<Item = &'a Question>) -> Prepared<'a> {
        let sources: Vec<&Question> = questions.into_iter().collect();
        // Distinct words grow more slowly than questions; a question's worth each is plenty.
        let mut normalizer = Normalizer::with_capacity(sources.len());
        // One pass over the question texts; later passes read the lowered copies, which lie
        // together in memory.
        let lowered: Vec<String> = sources
            .iter()
            .map(|q| normalizer.learn_and_lower(&q.question))
            .collect();
        let keys = lowered.iter().map(|l| fold_hash(l)).collect();
        let question_terms: Vec<Vec<(Term, Role)>> = lowered
            .iter()
            .map(|l| normalizer.question_terms_of_lowered(l))
            .collect();
        drop(lowered);
        let weights = idf_weights(&question_terms, &normalizer);
        let questions = question_terms
            .iter()
            .map(|t| profile(t, &weights, &normalizer))
            .collect();
        Prepared {
            normalizer,
            answers: (0..sources.len()).map(|_| OnceCell::new()).collect(),
            sources,
            questions,
            keys,
            weights,
        }
    }

    /// The fingerprint of an answer, made on first use.
    fn answer(&self, i: usize) -> &[u64] {
        self.answers[i].get_or_init(|| {
            let text = self.sources[i].answer_text();
            answer_fingerprint(opening(&text), ANSWER_TERMS)
        })
    }

    /// True when two questions read the same, up to case, spacing and punctuation.
    pub fn same_text(&self, a: usize, b: usize) -> bool {
        self.keys[a] == self.keys[b]
            && fold(&self.sources[a].question) == fold(&self.sources[b].question)
    }

    /// How many questions there are.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// True when there are no questions.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// How alike questions `a` and `b` are, with answers as supporting evidence when the questions
    /// alone fall short of `threshold`.
    pub fn evidence(&self, a: usize, b: usize, threshold: f32) -> Evidence {
        if self.same_text(a, b) {
            return Evidence::IDENTICAL;
        }
        let question = self.question_similarity(a, b);
        if question >= threshold || question < ANSWER_FLOOR {
            return Evidence {
                score: question,
                question,
                answer: None,
            };
        }
        let answer = set_jaccard(self.answer(a), self.answer(b));
        let lift = ANSWER_WEIGHT * (answer - ANSWER_BASELINE).max(0.0);
        Evidence {
            score: (question + lift).min(1.0),
            question,
            answer: Some(answer),
        }
    }

    /// Weighted Jaccard of the questions' terms, halved on conflicting identifiers or negation,
    /// and lowered when a facet is on one side only.
    pub fn question_similarity(&self, a: usize, b: usize) -> f32 {
        self.jaccard_with_conflicts(a, b).0
    }

    fn jaccard_with_conflicts(&self, a: usize, b: usize) -> (f32, bool) {
        let (pa, pb) = (&self.questions[a], &self.questions[b]);
        let similarity = jaccard(pa, pb);
        let n = &self.normalizer;
        let only = |x: &Profile, y: &Profile, kind: Kind| {
            x.special
                .iter()
                .any(|t| n.kind(*t) == kind && !y.special.contains(t))
        };
        // Two scopes with nothing in common ("… in Python?" / "… in Kubernetes?") are two
        // questions, however alike the rest: that matters when several articles are read together.
        let scopes_differ = !pa.scope.is_empty()
            && !pb.scope.is_empty()
            && !pa.scope.iter().any(|t| pb.scope.contains(t));
        let conflict = (only(pa, pb, Kind::Identifier) && only(pb, pa, Kind::Identifier))
            || only(pa, pb, Kind::Negation)
            || only(pb, pa, Kind::Negation)
            || scopes_differ;
        // A facet on one side only ("What are the benefits of X?" / "What is X?"): in a large
        // corpus a rare topic word outweighs `benefit` by rarity alone, so rarity cannot be
        // trusted to keep these apart.
        let facet = only(pa, pb, Kind::Facet) || only(pb, pa, Kind::Facet);
        let factor = if conflict {
            CONFLICT_FACTOR
        } else if facet {
            FACET_CONFLICT_FACTOR
        } else {
            1.0
        };
        (similarity * factor, conflict || facet)
    }

    /// The terms two questions share, rarest first, for the report.
    pub fn shared_terms(&self, a: usize, b: usize) -> Vec<&str> {
        let (pa, pb) = (&self.questions[a], &self.questions[b]);
        let mut shared: Vec<(Term, f32)> = pa
            .terms
            .iter()
            .filter(|(t, _)| pb.terms.binary_search_by_key(t, |(u, _)| *u).is_ok())
            .copied()
            .collect();
        shared.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        shared
            .iter()
            .map(|&(t, _)| self.normalizer.shown(t))
            .collect()
    }
}

/// Weighted Jaccard of two profiles (Σ min / Σ max over the terms: a term may weigh differently
/// in each question, by its role): one merge of two sorted lists, no allocation.
pub fn jaccard(a: &Profile, b: &Profile) -> f32 {
    let mut shared = 0.0;
    let (mut i, mut j) = (0, 0);
    while i < a.terms.len() && j < b.terms.len() {
        let (ta, wa) = a.terms[i];
        let (tb, wb) = b.terms[j];
        match ta.cmp(&tb) {
            std::cmp::Ordering::Equal => {
                shared += wa.min(wb);
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    let union = a.total + b.total - shared;
    if union > 0.0 {
        (shared / union).min(1.0)
    } else {
        0.0
    }
}

/// The opening of an answer: enough text for [`ANSWER_TERMS`] terms, cut at a character boundary.
fn opening(text: &str) -> &str {
    let mut end = text.len().min(ANSWER_TERMS * 12);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Jaccard index of two sorted sets.
fn set_jaccard(a: &[u64], b: &[u64]) -> f32 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    }
}

/// A hash of the words of a lowered text, computed without building the folded text; a match is
/// confirmed with [`fold`] by [`Prepared::same_text`].
fn fold_hash(lowered: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = super::fasthash::FxHasher::default();
    for word in lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        hasher.write(word.as_bytes());
        hasher.write_u8(b' ');
    }
    hasher.finish()
}

/// A text folded to its lower-case words, so that repeats differing only in case and punctuation
/// are recognised as the same question.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Per term: `ln(1 + N / df)`, scaled by what kind of term it is.
fn idf_weights(sets: &[Vec<(Term, Role)>], normalizer: &Normalizer) -> Vec<f32> {
    let mut df = vec![0u32; normalizer.len()];
    for set in sets {
        for &(t, _) in set {
            df[t as usize] += 1;
        }
    }
    let n = sets.len().max(1) as f32;
    df.iter()
        .enumerate()
        .map(|(t, &d)| {
            let idf = (1.0 + n / d.max(1) as f32).ln();
            match normalizer.kind(t as Term) {
                Kind::Content | Kind::Negation => idf,
                Kind::Identifier => idf * IDENTIFIER_FACTOR,
                Kind::Facet => idf * FACET_FACTOR,
                Kind::Weak => idf * WEAK_FACTOR,
            }
        })
        .collect()
}

fn profile(terms: &[(Term, Role)], weights: &[f32], normalizer: &Normalizer) -> Profile {
    let special = terms
        .iter()
        .map(|&(t, _)| t)
        .filter(|&t| {
            matches!(
                normalizer.kind(t),
                Kind::Identifier | Kind::Negation | Kind::Facet
            )
        })
        .collect();
    let scope = terms
        .iter()
        .filter(|&&(_, role)| role == Role::Scope)
        .map(|&(t, _)| t)
        .collect();
    let terms: Vec<(Term, f32)> = terms
        .iter()
        .map(|&(t, role)| {
            let factor = match role {
                Role::Scope | Role::Aside => SCOPE_FACTOR,
                Role::Plain => 1.0,
                Role::Ask => ASK_FACTOR,
            };
            (t, weights[t as usize] * factor)
        })
        .collect();
    let total = terms.iter().map(|(_, w)| w).sum();
    Profile {
        terms,
        total,
        special,
        scope,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, SourcePos};

    fn prepared(questions: &[(&str, &str)]) -> Vec<Question> {
        questions
            .iter()
            .enumerate()
            .map(|(k, (q, a))| Question {
                number: Some(k as u32 + 1),
                question: q.to_string(),
                answer: vec![Block::Paragraph(a.to_string())],
                source: SourcePos {
                    file: "t.txt".into(),
                    line: k + 1,
                },
            })
            .collect()
    }

    #[test]
    fn rewordings_score_high_and_traps_low() {
        let questions = prepared(&[
            ("What is L1 regularization?", "Lasso."),
            ("What is L2 regularization?", "Ridge."),
            (
                "What is the difference between MLOps and DevOps?",
                "They differ.",
            ),
            ("DevOps vs MLOps?", "Different things."),
            ("What is MLOps?", "A practice."),
            ("Why is caching useful?", "Speed."),
            ("Why is caching not useful?", "Staleness."),
            ("What is a Kubernetes Service?", "A stable address."),
            ("What is a namespace in Python?", "A mapping of names."),
            ("What is a namespace in Kubernetes?", "A virtual cluster."),
            ("What is a namespace?", "A scope for names."),
        ]);
        let p = Prepared::new(&questions);
        let sim = |a: usize, b: usize| p.evidence(a - 1, b - 1, 0.55).score;
        assert!(sim(1, 2) < 0.55, "L1/L2: {}", sim(1, 2));
        assert!(sim(3, 4) > 0.9, "A vs B either order: {}", sim(3, 4));
        assert!(sim(3, 5) < 0.55, "a subset is not a match: {}", sim(3, 5));
        assert!(sim(6, 7) < 0.55, "negation: {}", sim(6, 7));
        assert_eq!(sim(8, 8), 1.0);
        assert!(sim(9, 10) < 0.55, "different scopes: {}", sim(9, 10));
        assert!(sim(9, 11) > 0.55, "a scope on one side: {}", sim(9, 11));
    }

    #[test]
    fn answers_lift_only_questions_already_alike() {
        let questions = prepared(&[
            (
                "What is a pod?",
                "kubectl run nginx --image=nginx creates a pod",
            ),
            (
                "What is a deployment?",
                "kubectl run nginx --image=nginx creates a pod",
            ),
            (
                "What is a pod used for in a cluster?",
                "kubectl run nginx --image=nginx creates a pod",
            ),
        ]);
        let p = Prepared::new(&questions);
        let unrelated = p.evidence(0, 1, 0.55);
        assert!(unrelated.score < 0.55 && unrelated.answer.is_none());
        let close = p.evidence(0, 2, 0.99);
        assert!(close.answer.is_some_and(|a| a > 0.9));
        assert!(close.score > close.question);
    }
}
