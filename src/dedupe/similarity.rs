//! Similarity: how alike two questions are, from their normalised terms weighted by rarity.
//!
//! The score is a weighted Jaccard index: the weight of the terms both questions share over the
//! weight of all their terms, each term weighted by its inverse document frequency, so that a rare
//! term (`drift`, `kubernet`) decides more than a common one (`model`, `ml`). Every unshared term
//! counts against the pair, so a short "What is MLOps?" does not match every longer question that
//! mentions MLOps. The score is halved when the two ask about different things however many
//! words they share: different identifiers (`l1`/`l2`), a negation on one side, one frame about
//! two things (each side names something the other does not: "regression" / "classification",
//! "… in Python?" / "… in Kubernetes?"), or a facet (`types`, `benefits`, `why`, a comparison) or
//! an asked action ("How do you *build* …") on one side only. Answers serve only as supporting
//! evidence: they can lift a pair whose questions are already fairly alike and not kept apart,
//! never make one on their own, and placeholders or boilerplate never count (`answers`).

use super::answers::Answers;
use super::normalize::{Kind, Normalizer, QuestionTerms, Role, Term};
use crate::model::Question;

/// Below this question similarity, answers are not looked at: answers never merge on their own.
pub const ANSWER_FLOOR: f32 = 0.4;
/// Answer similarity (Jaccard of their stemmed words) that counts as no evidence at all: answers on one topic share that much.
const ANSWER_BASELINE: f32 = 0.25;
/// How much answer similarity above the baseline lifts a pair.
const ANSWER_WEIGHT: f32 = 0.6;
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
/// Factor for a pair that asks about different things: different identifiers or subjects, a
/// denial, a facet or an action on one side only.
const CONFLICT_FACTOR: f32 = 0.5;

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
    /// Bit `i` set when `terms[i]` names what the question is about: a content word or an
    /// identifier outside a short closing scope or aside (the first 64 terms; the rest never
    /// conflict).
    pub keys: u64,
    /// Bit `i` set when `terms[i]` is a content word or identifier of a closing phrase
    /// ("… in *Python*?", "… with *embeddings*?", "… for *recommender systems* in …").
    pub endings: u64,
    /// Bit `i` set when `terms[i]` is what the question asks to do or choose ("How do you
    /// *train* …", "*Which models* …").
    pub asks: u64,
}

/// Why two questions were judged alike: the score and what it is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// What the clustering compares with the threshold.
    pub score: f32,
    /// Similarity of the questions alone.
    pub question: f32,
    /// Similarity of the answers, when they were looked at and said something.
    pub answer: Option<f32>,
    /// What lowered the score, if anything did.
    pub apart: Option<Apart>,
}

/// Why two questions that share words were scored lower than their shared words alone say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Apart {
    /// One side denies ("Why is X not …").
    Negation,
    /// Each names something the other does not (`l1`/`l2`, "regression"/"classification").
    DifferentSubjects,
    /// Each is scoped to something else ("… in Python?" / "… in Kubernetes?").
    DifferentScopes,
    /// One asks for a facet the other does not ("types of X" / "X").
    Facet,
    /// One asks for an action or a choice the other does not ("How do you build X?" / "X").
    Action,
}

impl Apart {
    /// In words, for the report.
    pub fn describe(self) -> &'static str {
        match self {
            Apart::Negation => "one side denies",
            Apart::DifferentSubjects => "each names something the other does not",
            Apart::DifferentScopes => "scoped to different things",
            Apart::Facet => "one asks about a facet the other does not",
            Apart::Action => "one asks for an action or choice the other does not",
        }
    }
}

impl Evidence {
    /// The evidence for two questions that read the same.
    pub const IDENTICAL: Evidence = Evidence {
        score: 1.0,
        question: 1.0,
        answer: None,
        apart: None,
    };
}

/// Every question of a run, normalised and weighted, ready to be compared.
pub struct Prepared<'a> {
    /// The normaliser that prepared them, holding the run's word table.
    pub normalizer: Normalizer,
    /// The questions themselves, in reading order.
    pub sources: Vec<&'a Question>,
    /// Per question: its weighted terms.
    pub questions: Vec<Profile>,
    /// The answers, as evidence, read when first needed.
    answers: Answers,
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
        // One pass over the question texts; the second reads the lowered copies, which lie
        // together in memory with their words already numbered.
        let learned = normalizer.learn_questions(sources.iter().map(|q| q.question.as_str()));
        let question_terms = normalizer.question_terms_learned(&learned);
        // The hash of each question's lowered words: what `fold_hash` computes.
        let keys = learned.fold_hashes;
        let weights = idf_weights(&question_terms, &normalizer);
        let questions = (0..question_terms.len())
            .map(|i| profile(question_terms.get(i), &weights, &normalizer))
            .collect();
        Prepared {
            normalizer,
            answers: Answers::new(sources.len()),
            sources,
            questions,
            keys,
            weights,
        }
    }

    /// True when two questions read the same, up to case, spacing and punctuation.
    pub fn same_text(&self, a: usize, b: usize) -> bool {
        self.keys[a] == self.keys[b]
            && folds_alike(&self.sources[a].question, &self.sources[b].question)
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
        let similarity = jaccard(&self.questions[a], &self.questions[b]);
        self.evidence_from(a, b, threshold, similarity)
    }

    /// [`Prepared::evidence`] for two questions that do not read the same, whose weighted Jaccard
    /// (`similarity`) is already known.
    fn evidence_from(&self, a: usize, b: usize, threshold: f32, similarity: f32) -> Evidence {
        let (question, apart) = self.conflicts(a, b, similarity);
        if question >= threshold || question < ANSWER_FLOOR {
            return Evidence {
                score: question,
                question,
                answer: None,
                apart,
            };
        }
        // Answers on one subject agree whatever is asked about it: a pair kept apart for asking
        // about different things is not lifted. Placeholders and boilerplate say nothing.
        if apart.is_some() {
            return Evidence {
                score: question,
                question,
                answer: None,
                apart,
            };
        }
        // Placeholders and boilerplate say nothing: then the questions decide alone.
        let answer = self.answers.similarity(&self.sources, a, b);
        let lift = answer.map_or(0.0, |s| ANSWER_WEIGHT * (s - ANSWER_BASELINE).max(0.0));
        Evidence {
            score: (question + lift).min(1.0),
            question,
            answer,
            apart,
        }
    }

    /// [`Prepared::evidence`] for a pair that counts only at `floor` or above (`floor` at most
    /// [`ANSWER_FLOOR`]): `None` for a pair below it. The term lists are merged once: a pair whose
    /// terms alone stay below `floor` is told without the checks for conflicts (they can only
    /// lower a score, and answers lift only pairs at [`ANSWER_FLOOR`] or above), and the others
    /// reuse the merge's similarity.
    pub fn evidence_at_least(
        &self,
        a: usize,
        b: usize,
        threshold: f32,
        floor: f32,
    ) -> Option<Evidence> {
        let similarity = jaccard(&self.questions[a], &self.questions[b]);
        if floor <= ANSWER_FLOOR && similarity < floor && !self.same_text(a, b) {
            return None;
        }
        let evidence = if self.same_text(a, b) {
            Evidence::IDENTICAL
        } else {
            self.evidence_from(a, b, threshold, similarity)
        };
        (evidence.score >= floor).then_some(evidence)
    }

    /// Weighted Jaccard of the questions' terms, halved on conflicting identifiers or negation,
    /// and lowered when a facet is on one side only.
    pub fn question_similarity(&self, a: usize, b: usize) -> f32 {
        let similarity = jaccard(&self.questions[a], &self.questions[b]);
        self.conflicts(a, b, similarity).0
    }

    /// The weighted Jaccard `similarity` of two questions, halved when they ask about different
    /// things, and why.
    fn conflicts(&self, a: usize, b: usize, similarity: f32) -> (f32, Option<Apart>) {
        let (pa, pb) = (&self.questions[a], &self.questions[b]);
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
        let unshared = if similarity > 0.0 {
            unshared(pa, pb)
        } else {
            Unshared::default()
        };
        // Each side names something the other does not ("… solve a regression problem?" /
        // "… solve a classification problem?", "t-SNE vs PCA" / "t-SNE vs UMAP"), or each ends
        // on something the other lacks ("… with bag of words?" / "… with embeddings?"): one
        // frame asking about two things, however much of the frame they share.
        let substituted = (unshared.key_a && unshared.key_b) || (unshared.end_a && unshared.end_b);
        let negated = only(pa, pb, Kind::Negation) || only(pb, pa, Kind::Negation);
        let identifiers = only(pa, pb, Kind::Identifier) && only(pb, pa, Kind::Identifier);
        // A facet on one side only ("What are the benefits of X?" / "What is X?"): in a large
        // corpus a rare topic word outweighs `benefit` by rarity alone, so rarity cannot be
        // trusted to keep these apart. Likewise an action or choice asked on one side only
        // ("What is a heap?" / "How do you build a heap?").
        let facet = only(pa, pb, Kind::Facet) || only(pb, pa, Kind::Facet);
        let apart = if negated {
            Some(Apart::Negation)
        } else if identifiers || substituted {
            Some(Apart::DifferentSubjects)
        } else if scopes_differ {
            Some(Apart::DifferentScopes)
        } else if facet {
            Some(Apart::Facet)
        } else if unshared.ask {
            Some(Apart::Action)
        } else {
            None
        };
        let factor = match apart {
            None => 1.0,
            Some(_) => CONFLICT_FACTOR,
        };
        (similarity * factor, apart)
    }

    /// The terms two questions share, rarest first, for the report.
    pub fn shared_terms(&self, a: usize, b: usize) -> Vec<&str> {
        shared_terms(&self.normalizer, &self.questions[a], &self.questions[b])
    }

    /// What the reports read once the questions are clustered: the normaliser and the profiles,
    /// without the borrowed questions, which can then move on to the writers.
    pub fn into_terms(self) -> (Normalizer, Vec<Profile>) {
        (self.normalizer, self.questions)
    }
}

/// The terms two profiles share, rarest first, as `normalizer` shows them.
pub fn shared_terms<'n>(normalizer: &'n Normalizer, pa: &Profile, pb: &Profile) -> Vec<&'n str> {
    let mut shared: Vec<(Term, f32)> = pa
        .terms
        .iter()
        .filter(|(t, _)| pb.terms.binary_search_by_key(t, |(u, _)| *u).is_ok())
        .copied()
        .collect();
    shared.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    shared.iter().map(|&(t, _)| normalizer.shown(t)).collect()
}

/// What two profiles do not share that matters.
#[derive(Debug, Default, Clone, Copy)]
struct Unshared {
    /// `a` has a key term `b` lacks.
    key_a: bool,
    /// `b` has a key term `a` lacks.
    key_b: bool,
    /// `a` ends on a term `b` lacks.
    end_a: bool,
    /// `b` ends on a term `a` lacks.
    end_b: bool,
    /// One side asks about a term the other lacks.
    ask: bool,
}

/// One merge of the two sorted term lists.
fn unshared(a: &Profile, b: &Profile) -> Unshared {
    let bit = |mask: u64, i: usize| i < 64 && mask & (1 << i) != 0;
    let mut out = Unshared::default();
    let only_a = |i: usize, out: &mut Unshared| {
        out.key_a |= bit(a.keys, i);
        out.end_a |= bit(a.endings, i);
        out.ask |= bit(a.asks, i);
    };
    let only_b = |j: usize, out: &mut Unshared| {
        out.key_b |= bit(b.keys, j);
        out.end_b |= bit(b.endings, j);
        out.ask |= bit(b.asks, j);
    };
    let (mut i, mut j) = (0, 0);
    while i < a.terms.len() || j < b.terms.len() {
        match (a.terms.get(i), b.terms.get(j)) {
            (Some(&(ta, _)), Some(&(tb, _))) if ta == tb => {
                i += 1;
                j += 1;
            }
            (Some(&(ta, _)), Some(&(tb, _))) if ta < tb => {
                only_a(i, &mut out);
                i += 1;
            }
            (Some(_), None) => {
                only_a(i, &mut out);
                i += 1;
            }
            _ => {
                only_b(j, &mut out);
                j += 1;
            }
        }
    }
    out
}

/// Weighted Jaccard of two profiles (Σ min / Σ max over the terms: a term may weigh differently
/// in each question, by its role): one merge of two sorted lists, no allocation.
pub fn jaccard(a: &Profile, b: &Profile) -> f32 {
    let mut shared = 0.0;
    let (mut i, mut j) = (0, 0);
    // Without branches on the comparison, which no predictor guesses: adding 0.0 for an unshared
    // term leaves the sum as it was, bit for bit (it never is -0.0).
    while let (Some(&(ta, wa)), Some(&(tb, wb))) = (a.terms.get(i), b.terms.get(j)) {
        shared += if ta == tb { wa.min(wb) } else { 0.0 };
        i += usize::from(ta <= tb);
        j += usize::from(tb <= ta);
    }
    let union = a.total + b.total - shared;
    if union > 0.0 {
        (shared / union).min(1.0)
    } else {
        0.0
    }
}

/// A hash of the words of a lowered text, computed without building the folded text; a match is
/// confirmed with [`fold`] by [`Prepared::same_text`]. `Normalizer::learn_questions` computes the
/// same while it reads the words; this one says what it is (a test holds them together).
#[cfg(test)]
fn fold_hash(lowered: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = crate::fasthash::FxHasher::default();
    for word in lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        hasher.write(word.as_bytes());
        hasher.write_u8(b' ');
    }
    hasher.finish()
}

/// `fold(a) == fold(b)`, without building the folded texts when both are ASCII (every exact repeat
/// is confirmed this way, so 10,000 copies of a question would build 20,000 strings).
fn folds_alike(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return fold(a) == fold(b);
    }
    fn words(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    let (mut x, mut y) = (words(a), words(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(u), Some(v)) if u.eq_ignore_ascii_case(v) => {}
            _ => return false,
        }
    }
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
fn idf_weights(sets: &QuestionTerms, normalizer: &Normalizer) -> Vec<f32> {
    let mut df = vec![0u32; normalizer.len()];
    // Each set holds a term once: counting over all of them counts the questions holding it.
    for &(t, _) in sets.all() {
        df[t as usize] += 1;
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
    let roles = terms;
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
                Role::Plain | Role::Trailing => 1.0,
                Role::Ask => ASK_FACTOR,
            };
            (t, weights[t as usize] * factor)
        })
        .collect();
    let total = terms.iter().map(|(_, w)| w).sum();
    let mut keys = 0u64;
    let mut asks = 0u64;
    let mut endings = 0u64;
    for (i, &(t, role)) in roles.iter().enumerate().take(64) {
        if matches!(normalizer.kind(t), Kind::Content | Kind::Identifier) {
            // A long closing phrase is both: content, and the domain the question closes on.
            if matches!(role, Role::Plain | Role::Ask | Role::Trailing) {
                keys |= 1 << i;
            }
            if matches!(role, Role::Scope | Role::Aside | Role::Trailing) {
                endings |= 1 << i;
            }
        }
        if role == Role::Ask {
            asks |= 1 << i;
        }
    }
    Profile {
        terms,
        total,
        special,
        scope,
        keys,
        endings,
        asks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(questions: &[(&str, &str)]) -> Vec<Question> {
        crate::dedupe::numbered_questions(questions.iter().copied())
    }

    #[test]
    fn keys_are_the_fold_hashes_of_the_lowered_questions() {
        let texts = [
            "What is MLOps?",
            "what is  mlops",
            "What is C++ or node.js? Can't say.",
            "Was ist ÄNDERUNG?",
            "",
            "?!",
        ];
        let questions = prepared(&texts.map(|t| (t, "An answer.")));
        let p = Prepared::new(&questions);
        for (i, text) in texts.iter().enumerate() {
            let lowered = super::super::normalize::lower(text);
            assert_eq!(p.keys[i], fold_hash(&lowered), "{text:?}");
        }
        assert_eq!(p.keys[0], p.keys[1]);
    }

    #[test]
    fn folding_alike_without_building_agrees_with_folding() {
        let texts = [
            "What is MLOps?",
            "what is  mlops",
            "What is ML-Ops?",
            "What is ML Ops?",
            "  What, is: MLOps!! ",
            "What is MLOps 2?",
            "What is MLOps2?",
            "",
            "?!",
            "Was ist ÄNDERUNG?",
            "was ist änderung",
            "ΟΔΟΣ",
            "οδος",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(folds_alike(a, b), fold(a) == fold(b), "{a:?} / {b:?}");
            }
        }
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
            (
                "What is a namespace in Python?",
                "A mapping from names to objects, one per module.",
            ),
            ("What is a namespace in Kubernetes?", "A virtual cluster."),
            (
                "What is a namespace?",
                "A mapping from names to objects, so that names do not clash.",
            ),
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

/// The false-merge classes (K) and rewordings (L) of real articles, each on invented questions
/// among unrelated ones, as in an article.
#[cfg(test)]
mod classes {
    use super::*;

    const THRESHOLD: f32 = crate::dedupe::DEFAULT_THRESHOLD as f32;

    /// Unrelated questions around the pairs, so that terms weigh as in an article.
    const OTHERS: &[&str] = &[
        "What is a hash table?",
        "Explain the CAP theorem.",
        "How does garbage collection work in Java?",
        "What is a race condition?",
        "Why is immutability useful?",
        "What is a load balancer?",
        "How do you profile a slow query?",
        "What is eventual consistency?",
    ];

    fn questions(pairs: &[(&str, &str)]) -> Vec<Question> {
        let others = OTHERS
            .iter()
            .map(|q| (*q, "Unrelated answer about something else entirely."));
        crate::dedupe::numbered_questions(pairs.iter().copied().chain(others))
    }

    /// The score of the first two questions, each answered as given.
    fn score(a: (&str, &str), b: (&str, &str)) -> f32 {
        let qs = questions(&[a, b]);
        Prepared::new(&qs).evidence(0, 1, THRESHOLD).score
    }

    fn asked(a: &str, b: &str) -> f32 {
        score((a, ""), (b, ""))
    }

    #[test]
    fn k1_one_frame_about_two_things_stays_apart() {
        for (a, b) in [
            (
                "How do you tune the learning rate in SGD?",
                "How do you tune the learning rate in Adam?",
            ),
            (
                "How do you list pods sorted by name?",
                "How do you list pods sorted by creation time?",
            ),
            (
                "Which models can you use to solve a regression problem?",
                "Which models can you use to solve a classification problem?",
            ),
            (
                "Would you pick a linear model or a forest for text classification with bag of words?",
                "Would you pick a linear model or a forest for text classification with embeddings?",
            ),
        ] {
            let s = asked(a, b);
            assert!(s < THRESHOLD, "{a} / {b}: {s}");
        }
    }

    #[test]
    fn k2_a_definition_is_not_an_action_on_its_subject() {
        // In an article where building and training are asked about often, the verb weighs
        // little and the shared subject alone would merge the pair.
        let common_verbs = [
            "How do you build a Docker image?",
            "How do you build a REST API?",
            "How do we build a search index?",
            "How do you train a model on a GPU?",
            "How do we train neural networks?",
            "How do you train word embeddings?",
        ];
        for (a, b) in [
            ("What is a heap?", "How do you build a heap in O(n)?"),
            (
                "What are decision trees?",
                "How do we train decision trees?",
            ),
            (
                "What is the cold start problem?",
                "Possible approaches to solving the cold start problem?",
            ),
            (
                "What is a bloom filter?",
                "Do you know how to use a bloom filter for caching?",
            ),
        ] {
            let mut pairs = vec![(a, ""), (b, "")];
            pairs.extend(common_verbs.iter().map(|q| (*q, "")));
            let qs = questions(&pairs);
            let s = Prepared::new(&qs).evidence(0, 1, THRESHOLD).score;
            assert!(s < THRESHOLD, "{a} / {b}: {s}");
        }
        // "How does X work?" still asks what X is.
        let s = asked("What is a bloom filter?", "How does a bloom filter work?");
        assert!(s >= THRESHOLD, "{s}");
    }

    /// Two questions alike enough for their answers to be looked at, not enough to merge alone.
    const CLOSE: (&str, &str) = (
        "What is a feature store?",
        "Explain the role of a feature store in MLOps.",
    );

    #[test]
    fn k3_placeholder_answers_are_no_evidence() {
        let (a, b) = CLOSE;
        let real =
            "A central place that serves the same computed features to training and serving.";
        let lifted = score((a, real), (b, real));
        assert!(
            lifted >= THRESHOLD,
            "real answers that agree do lift: {lifted}"
        );
        for placeholder in ["Answer here", "TODO", "TBD", "Answer:", ""] {
            let s = score((a, placeholder), (b, placeholder));
            assert!(s < THRESHOLD, "{placeholder:?}: {s}");
        }
    }

    #[test]
    fn k4_boilerplate_appended_to_answers_is_no_evidence() {
        let (a, b) = CLOSE;
        let tail =
            "\n\nSubscribe to our newsletter for more interview questions and answers every week.";
        let first = format!("Stores features.{tail}");
        let second = format!("Serves features online.{tail}");
        let third = format!("A tree of prefixes for strings.{tail}");
        // Two answers alone: the shared sentence reads as agreement.
        assert!(score((a, &first), (b, &second)) >= THRESHOLD);
        // Once a third answer carries it, it is boilerplate.
        let qs = questions(&[(a, &first), (b, &second), ("What is a trie?", &third)]);
        let e = Prepared::new(&qs).evidence(0, 1, THRESHOLD);
        assert!(e.score < THRESHOLD, "{e:?}");
    }

    #[test]
    fn l2_a_command_and_a_question_for_it_meet() {
        let s = asked(
            "Command to list namespaces:",
            "How do you see all namespaces?",
        );
        assert!(s >= THRESHOLD, "{s}");
        let s = asked(
            "kubectl command to show all pods",
            "How do you list all pods?",
        );
        assert!(s >= THRESHOLD, "{s}");
    }

    #[test]
    fn l3_a_typo_meets_the_word_it_misspells() {
        let qs = questions(&[
            ("How do you build a contianer image?", ""),
            ("How do you build a container image?", ""),
            ("What is a container registry?", ""),
        ]);
        let p = Prepared::new(&qs);
        assert!(p.evidence(0, 1, THRESHOLD).score >= THRESHOLD);
        assert_eq!(p.shared_terms(0, 1), p.shared_terms(1, 1));
    }

    #[test]
    fn l4_a_long_qualifier_makes_another_question_a_short_scope_does_not() {
        // Decided: "in a web app serving millions of users" asks about caching at scale, a
        // scenario question; a closing scope of one or two words only says where.
        let s = asked(
            "What is caching?",
            "What is caching in a web app serving millions of users?",
        );
        assert!(s < THRESHOLD, "{s}");
        let s = asked("What is caching?", "What is caching in Redis?");
        let t = asked(
            "What is caching?",
            "What is caching in a web app serving millions of users?",
        );
        assert!(s > t, "{s} {t}");
    }
}
