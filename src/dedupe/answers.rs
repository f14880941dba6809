//! Answers as evidence: the fingerprint of each answer's opening, leaving out what says nothing
//! about the question — placeholders ("Answer here", "TODO") and boilerplate sentences that
//! several answers carry ("Follow us for more interview questions.").

use std::cell::OnceCell;

use super::normalize::answer_fingerprint;
use super::words::tables;
use crate::fasthash::{FastMap, FastSet, FxHasher};
use crate::model::Question;

/// At most this many terms of an answer are compared: its opening says what it answers.
const ANSWER_TERMS: usize = 80;
/// A sentence found in this many different answers is boilerplate, not an answer.
const BOILERPLATE_ANSWERS: u32 = 3;
/// An answer with fewer terms than this ("Yes.", "See above") is no evidence.
const MIN_TERMS: usize = 3;

/// The answers of a run's questions, fingerprinted when first compared. Every method takes the
/// questions the table was made for.
pub struct Answers {
    fingerprints: Vec<OnceCell<Vec<u64>>>,
    /// Hashes of the sentences that are boilerplate, found on first use.
    boilerplate: OnceCell<FastSet<u64>>,
}

impl Answers {
    /// A table for `n` questions; nothing is read yet.
    pub fn new(n: usize) -> Answers {
        Answers {
            fingerprints: (0..n).map(|_| OnceCell::new()).collect(),
            boilerplate: OnceCell::new(),
        }
    }

    /// The fingerprint of question `i`'s answer: empty when the answer says nothing.
    pub fn fingerprint(&self, sources: &[&Question], i: usize) -> &[u64] {
        self.fingerprints[i].get_or_init(|| {
            let text = sources[i].answer_text();
            let opening = opening(&text);
            if is_placeholder(opening) {
                return Vec::new();
            }
            let boilerplate = self.boilerplate(sources);
            let kept: String = sentences(opening)
                .filter(|s| !boilerplate.contains(&sentence_hash(s)))
                .collect::<Vec<_>>()
                .join(" ");
            let fingerprint = answer_fingerprint(&kept, ANSWER_TERMS);
            if fingerprint.len() < MIN_TERMS {
                Vec::new()
            } else {
                fingerprint
            }
        })
    }

    /// How alike two answers are (Jaccard of their fingerprints), or `None` when either says
    /// nothing.
    pub fn similarity(&self, sources: &[&Question], a: usize, b: usize) -> Option<f32> {
        let (fa, fb) = (self.fingerprint(sources, a), self.fingerprint(sources, b));
        (!fa.is_empty() && !fb.is_empty()).then(|| set_jaccard(fa, fb))
    }

    fn boilerplate(&self, sources: &[&Question]) -> &FastSet<u64> {
        self.boilerplate.get_or_init(|| {
            let mut seen_answers = FastSet::default();
            let mut counts: FastMap<u64, u32> = FastMap::default();
            let mut in_answer = Vec::new();
            for q in sources {
                let text = q.answer_text();
                let opening = opening(&text);
                // A repeated answer (an exact repeat of a question and its answer) counts once.
                if !seen_answers.insert(sentence_hash(opening)) {
                    continue;
                }
                in_answer.clear();
                in_answer.extend(sentences(opening).map(sentence_hash));
                in_answer.sort_unstable();
                in_answer.dedup();
                for &h in &in_answer {
                    *counts.entry(h).or_insert(0) += 1;
                }
            }
            counts
                .into_iter()
                .filter(|&(_, n)| n >= BOILERPLATE_ANSWERS)
                .map(|(h, _)| h)
                .collect()
        })
    }
}

/// True for an answer that is only a placeholder: "Answer here", "TODO", "TBD", "Answer:", nothing.
pub fn is_placeholder(answer: &str) -> bool {
    let folded = folded_words(answer).collect::<Vec<_>>().join(" ");
    folded.is_empty() || tables().placeholders.contains(&folded.as_str())
}

/// The opening of an answer: enough text for [`ANSWER_TERMS`] terms, cut at a character boundary.
fn opening(text: &str) -> &str {
    let mut end = text.len().min(ANSWER_TERMS * 12);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The sentences and lines of a text.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['\n', '.', '!', '?'])
        .map(str::trim)
        .filter(|s| s.chars().any(char::is_alphanumeric))
}

/// The lower-case words of a text.
fn folded_words(text: &str) -> impl Iterator<Item = String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A hash of a sentence's lower-case words: the same sentence however it is cased or punctuated.
fn sentence_hash(sentence: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = FxHasher::default();
    for word in folded_words(sentence) {
        hasher.write(word.as_bytes());
        hasher.write_u8(b' ');
    }
    hasher.finish()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(answers: &[&str]) -> Vec<Question> {
        crate::dedupe::numbered_questions(answers.iter().map(|a| ("Question?", *a)))
    }

    #[test]
    fn placeholders_say_nothing() {
        for text in [
            "Answer here",
            "TODO",
            "TBD",
            "Answer:",
            "",
            "  to do. ",
            "Coming soon!",
        ] {
            assert!(is_placeholder(text), "{text:?}");
        }
        assert!(!is_placeholder("Answer: a heap is a tree."));
        let qs = questions(&["Answer here", "Answer here", "TODO"]);
        let refs: Vec<&Question> = qs.iter().collect();
        let answers = Answers::new(refs.len());
        assert_eq!(answers.similarity(&refs, 0, 1), None);
        assert_eq!(answers.similarity(&refs, 1, 2), None);
    }

    #[test]
    fn a_sentence_in_several_answers_is_boilerplate() {
        let tail = " Subscribe to our channel for more interview questions every week.";
        let qs = questions(&[
            &format!("A heap is a complete binary tree ordered by priority.{tail}"),
            &format!("Quicksort partitions the array around a pivot element.{tail}"),
            &format!("A trie stores strings by their shared prefixes.{tail}"),
        ]);
        let refs: Vec<&Question> = qs.iter().collect();
        let similarity = Answers::new(3).similarity(&refs, 0, 1).unwrap_or(0.0);
        assert!(similarity < 0.05, "{similarity}");
        // Between two answers only, the shared sentence is not known as boilerplate.
        let two = &refs[..2];
        assert!(Answers::new(2).similarity(two, 0, 1).unwrap_or(0.0) > 0.2);
    }
}
