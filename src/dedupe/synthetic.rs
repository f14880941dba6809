//! Generated interview articles for tests and benches: many documents whose questions reword,
//! repeat and compare a growing set of concepts, the way a large scraped corpus does.
//!
//! Deterministic for a seed, with no dependency: a small SplitMix64 generator. The vocabulary
//! grows with the corpus (each new article brings new terms), as real corpora do, so that rare
//! terms stay rare at any size.

use crate::model::{Block, Document, Question, SourcePos};

/// Questions per generated article.
const PER_DOCUMENT: usize = 40;

/// How a concept is asked about; the first few read as rewordings of one another.
const TEMPLATES: &[&str] = &[
    "What is {c}?",
    "Explain {c}.",
    "What do you understand by {c}?",
    "How do you create {c}?",
    "How can you build {c} in production?",
    "What are the benefits of {c}?",
    "Why is {c} important?",
    "What are the types of {c}?",
    "What is the difference between {c} and {d}?",
    "{d} vs {c}: how do they differ?",
    "How does {c} work?",
    "What are common issues with {c} in {d}?",
];

/// Generic words that fill answers.
const FILLER: &[&str] = &[
    "the",
    "system",
    "data",
    "model",
    "helps",
    "teams",
    "to",
    "reduce",
    "errors",
    "and",
    "improve",
    "quality",
    "by",
    "using",
    "a",
    "simple",
    "process",
    "that",
    "scales",
    "with",
    "load",
    "in",
    "production",
    "it",
    "is",
    "often",
    "used",
    "for",
    "testing",
    "monitoring",
];

/// A SplitMix64 pseudo-random generator: tiny, fast and the same everywhere.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A pronounceable made-up word for a number (`kobami`), distinct for distinct numbers.
fn word(mut n: usize) -> String {
    const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    let mut out = String::new();
    loop {
        out.push(CONSONANTS[n % CONSONANTS.len()] as char);
        n /= CONSONANTS.len();
        out.push(VOWELS[n % VOWELS.len()] as char);
        n /= VOWELS.len();
        if n == 0 {
            break;
        }
    }
    out.push('x');
    out
}

/// A concept: one to three made-up words, drawn from a vocabulary that grows with the corpus.
fn concept(rng: &mut Rng, vocabulary: usize) -> String {
    let words = 1 + rng.below(3);
    (0..words)
        .map(|_| word(rng.below(vocabulary)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `questions` questions in articles of 40, from `seed`.
pub fn corpus(questions: usize, seed: u64) -> Vec<Document> {
    let mut rng = Rng(seed);
    // About one concept per three questions and a vocabulary of twice that many words: most
    // concepts come back a few times, under different templates.
    let concepts: Vec<String> = {
        let vocabulary = (questions / 2).max(50);
        (0..(questions / 3).max(10))
            .map(|_| concept(&mut rng, vocabulary))
            .collect()
    };
    let mut documents = Vec::with_capacity(questions / PER_DOCUMENT + 1);
    let mut made = 0;
    while made < questions {
        let count = PER_DOCUMENT.min(questions - made);
        let file = format!("generated/{:05}.txt", documents.len());
        // An article dwells on a neighbourhood of concepts, so its questions repeat each other.
        let base = rng.below(concepts.len());
        let questions = (0..count)
            .map(|k| {
                let c = &concepts[(base + rng.below(12)) % concepts.len()];
                let d = &concepts[rng.below(concepts.len())];
                let template = TEMPLATES[rng.below(TEMPLATES.len())];
                let text = template.replace("{c}", c).replace("{d}", d);
                let answer = (0..8 + rng.below(12))
                    .map(|_| {
                        if rng.below(4) == 0 {
                            c.split(' ').next().unwrap_or("x")
                        } else {
                            FILLER[rng.below(FILLER.len())]
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                Question {
                    number: Some(k as u32 + 1),
                    question: text,
                    answer: vec![Block::paragraph(format!("{answer}."))],
                    source: SourcePos {
                        file: file.clone(),
                        line: 3 + 4 * k,
                    },
                    section: None,
                }
            })
            .collect();
        documents.push(Document {
            file,
            title: "Generated interview questions".to_string(),
            questions,
            modified: None,
        });
        made += count;
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_has_the_asked_size_and_is_reproducible() {
        let a = corpus(95, 7);
        let total: usize = a.iter().map(|d| d.questions.len()).sum();
        assert_eq!(total, 95);
        assert_eq!(a, corpus(95, 7));
        assert_ne!(a, corpus(95, 8));
    }

    #[test]
    fn made_up_words_are_distinct() {
        let words: std::collections::HashSet<String> = (0..5000).map(word).collect();
        assert_eq!(words.len(), 5000);
    }
}
