//! Generated hard question banks: one article whose questions share a fixed, Zipf-skewed
//! vocabulary (a few subjects, qualifiers and contexts asked about everywhere), in common frames,
//! with reworded duplicates and exact repeats, and the true clusters. The easy case, a vocabulary
//! that grows with the corpus, is `synthetic`.
//!
//! A question asks one *intent* (define, build, benefits, …) about a qualifier, a subject and a
//! context: "How do you build incremental model drift detection in Kubernetes?". Questions that
//! differ in any of these ask different things; rewordings change the frame, swap the two sides
//! of a comparison, use a synonym the frames allow, change case or slip a typo.

use super::synthetic::Rng;
use crate::model::{Block, Document, Question, SourcePos};

#[rustfmt::skip]
const SUBJECTS: &[&str] = &[
    "model drift", "feature stores", "data versioning", "canary releases", "shadow deployment",
    "batch inference", "online inference", "model registries", "experiment tracking",
    "data lineage", "model observability", "container orchestration", "GPU scheduling",
    "vector databases", "prompt caching", "hyperparameter tuning", "model serving",
    "data validation", "pipeline orchestration", "model explainability", "data labeling",
    "embedding indexes", "model compression", "quantization", "knowledge distillation",
    "autoscaling", "load balancing", "service meshes", "rollback strategies",
    "secret management", "access control", "audit logging", "cost allocation", "cold starts",
    "cache invalidation", "schema evolution", "stream processing", "message queues",
    "retry policies", "blue green deployment",
];

#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "incremental", "distributed", "automated", "realtime", "offline", "multitenant", "secure",
    "scalable", "governed", "federated", "elastic", "resilient", "reproducible", "centralized",
    "event driven", "serverless", "regional", "hybrid", "continuous", "manual", "lightweight",
    "hierarchical", "adaptive", "declarative", "encrypted",
];

#[rustfmt::skip]
const CONTEXTS: &[&str] = &[
    "in Kubernetes", "for recommender systems", "in healthcare", "for fraud detection",
    "in edge devices", "for search ranking", "in finance", "for chatbots", "in startups",
    "for computer vision", "in retail", "for speech recognition", "in gaming", "for logistics",
    "in telecom",
];

/// What a question asks, and the frames that ask it (`{x}`: qualifier, subject and context).
const INTENTS: &[&[&str]] = &[
    &[
        "What is {x}?",
        "Explain {x}.",
        "What do you understand by {x}?",
        "Define {x}.",
    ],
    &[
        "How do you create {x}?",
        "How to build {x}?",
        "How would you build {x}?",
    ],
    &[
        "What are the benefits of {x}?",
        "What are the advantages of {x}?",
    ],
    &["Why is {x} important?", "Why does {x} matter?"],
    &["What are the types of {x}?", "What kinds of {x} are there?"],
    &["How do you monitor {x}?", "How to track {x}?"],
    &[
        "What are the challenges of {x}?",
        "What are common challenges with {x}?",
    ],
];

/// Comparisons: `{a}` and `{b}` are two subjects, `{c}` the context.
const COMPARISONS: &[&str] = &[
    "What is the difference between {a} and {b} {c}?",
    "{a} vs {b} {c}: how do they differ?",
    "How does {a} differ from {b} {c}?",
];

/// Share of questions that reword or repeat an earlier one.
const DUPLICATE_SHARE: usize = 20;
/// Share of those that repeat it exactly.
const EXACT_SHARE: usize = 15;
/// Zipf exponent of the vocabulary: the first subject is asked about most.
const ZIPF: f64 = 1.0;

/// A generated bank: one article and, per question in reading order, its true cluster.
pub struct HardBank {
    /// The article: every question with a short answer, in reading order.
    pub document: Document,
    /// `truth[k]` is the cluster of question `k`; questions asking the same share it.
    pub truth: Vec<usize>,
}

/// What one question asks: the intent (or `INTENTS.len()` for a comparison) and its words.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Asked {
    intent: usize,
    qualifier: usize,
    subject: usize,
    /// The other subject of a comparison; equal to `subject` otherwise.
    other: usize,
    context: usize,
}

/// Draws indices below `n` with probability ∝ 1 / (k + 1)^ZIPF.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        Zipf(
            (0..n)
                .map(|k| {
                    total += 1.0 / ((k + 1) as f64).powf(ZIPF);
                    total
                })
                .collect(),
        )
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let last = self.0.last().copied().unwrap_or(1.0);
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * last;
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

/// A hard bank of `questions` questions from `seed`: the same for the same arguments.
pub fn hard_bank(questions: usize, seed: u64) -> HardBank {
    let mut rng = Rng(seed);
    let (subjects, qualifiers, contexts) = (
        Zipf::new(SUBJECTS.len()),
        Zipf::new(QUALIFIERS.len()),
        Zipf::new(CONTEXTS.len()),
    );
    let mut clusters: std::collections::HashMap<Asked, usize> = Default::default();
    let mut asked: Vec<(Asked, String)> = Vec::with_capacity(questions);
    let mut truth = Vec::with_capacity(questions);
    let mut made = Vec::with_capacity(questions);
    for k in 0..questions {
        let (what, text) = if !asked.is_empty() && rng.below(100) < DUPLICATE_SHARE {
            let (what, earlier) = asked[rng.below(asked.len())].clone();
            if rng.below(100) < EXACT_SHARE {
                (what, earlier)
            } else {
                (what, reword(&mut rng, what))
            }
        } else {
            let subject = subjects.draw(&mut rng);
            let comparison = rng.below(INTENTS.len() + 1) == INTENTS.len();
            let mut other = subject;
            while comparison && other == subject {
                other = subjects.draw(&mut rng);
            }
            let what = Asked {
                intent: if comparison {
                    INTENTS.len()
                } else {
                    rng.below(INTENTS.len())
                },
                // A comparison names no qualifier.
                qualifier: if comparison {
                    0
                } else {
                    qualifiers.draw(&mut rng)
                },
                // A comparison names its subjects in a fixed order; rewordings swap them.
                subject: subject.min(other),
                other: subject.max(other),
                context: contexts.draw(&mut rng),
            };
            (what, render(&mut rng, what))
        };
        let next = clusters.len();
        truth.push(*clusters.entry(what).or_insert(next));
        made.push(Question {
            number: Some(k as u32 + 1),
            question: text.clone(),
            answer: vec![Block::paragraph(answer(&mut rng, what))],
            source: SourcePos {
                file: FILE.to_string(),
                line: 3 + 4 * k,
            },
            section: None,
        });
        asked.push((what, text));
    }
    HardBank {
        document: Document {
            file: FILE.to_string(),
            title: "Generated hard question bank".to_string(),
            questions: made,
            modified: None,
        },
        truth,
    }
}

const FILE: &str = "generated/hard-bank.txt";

/// The question in one of its frames.
fn render(rng: &mut Rng, what: Asked) -> String {
    let context = CONTEXTS[what.context];
    if what.intent == INTENTS.len() {
        let (mut a, mut b) = (SUBJECTS[what.subject], SUBJECTS[what.other]);
        if rng.below(2) == 0 {
            std::mem::swap(&mut a, &mut b);
        }
        let frame = COMPARISONS[rng.below(COMPARISONS.len())];
        return frame
            .replace("{a}", a)
            .replace("{b}", b)
            .replace("{c}", context);
    }
    let frames = INTENTS[what.intent];
    let x = format!(
        "{} {} {context}",
        QUALIFIERS[what.qualifier], SUBJECTS[what.subject]
    );
    frames[rng.below(frames.len())].replace("{x}", &x)
}

/// The question asked again: another frame (or the same), perhaps in other case or with a typo.
fn reword(rng: &mut Rng, what: Asked) -> String {
    let text = render(rng, what);
    let text = match rng.below(10) {
        0 => text.to_lowercase(),
        1 => text.to_uppercase(),
        _ => text,
    };
    if rng.below(4) == 0 {
        typo(rng, &text)
    } else {
        text
    }
}

/// Swaps two inner letters of one longer word, as a quick typist does.
fn typo(rng: &mut Rng, text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 8 && words[i].bytes().all(|b| b.is_ascii_alphabetic()))
        .collect();
    if long.is_empty() {
        return text.to_string();
    }
    let i = long[rng.below(long.len())];
    let mut word = words[i].as_bytes().to_vec();
    let at = 2 + rng.below(word.len() - 4);
    word.swap(at, at + 1);
    let word = String::from_utf8(word).unwrap_or_else(|_| words[i].to_string());
    let mut out = words.clone();
    out[i] = &word;
    out.join(" ")
}

/// A short answer about the question's words, different every time it is drawn.
fn answer(rng: &mut Rng, what: Asked) -> String {
    const FILLER: &[&str] = &[
        "teams",
        "use",
        "it",
        "to",
        "keep",
        "systems",
        "reliable",
        "under",
        "load",
        "while",
        "costs",
        "stay",
        "predictable",
        "and",
        "releases",
        "safe",
        "the",
        "main",
        "idea",
        "is",
    ];
    let topic: Vec<&str> = [
        SUBJECTS[what.subject],
        SUBJECTS[what.other],
        QUALIFIERS[what.qualifier],
    ]
    .iter()
    .flat_map(|s| s.split(' '))
    .collect();
    let words: Vec<&str> = (0..14 + rng.below(10))
        .map(|_| {
            if rng.below(3) == 0 {
                topic[rng.below(topic.len())]
            } else {
                FILLER[rng.below(FILLER.len())]
            }
        })
        .collect();
    format!("{}.", words.join(" "))
}

/// The article as text, numbered `Q1.` …, one answer paragraph each: what `qa-convert` reads.
pub fn to_text(document: &Document) -> String {
    let mut out = format!("{}\n\n", document.title);
    for q in &document.questions {
        out.push_str(&format!(
            "Q{}. {}\n\n{}\n\n",
            q.number.unwrap_or(0),
            q.question,
            q.answer_text()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_is_reproducible_with_duplicates_and_shared_words() {
        let a = hard_bank(2_000, 5);
        let b = hard_bank(2_000, 5);
        assert_eq!(a.document, b.document);
        assert_eq!(a.truth, b.truth);
        assert_ne!(a.document, hard_bank(2_000, 6).document);
        let distinct = a.truth.iter().max().map_or(0, |m| m + 1);
        assert!(
            (1_400..1_800).contains(&distinct),
            "about 20 % duplicates: {distinct} distinct of 2,000"
        );
        // Zipf: the commonest subject is in a large share of the questions.
        let first = a
            .document
            .questions
            .iter()
            .filter(|q| q.question.to_lowercase().contains(SUBJECTS[0]))
            .count();
        assert!(first > 200, "{first}");
        let texts: std::collections::HashSet<&str> = a
            .document
            .questions
            .iter()
            .map(|q| q.question.as_str())
            .collect();
        assert!(texts.len() < 2_000, "exact repeats");
    }

    #[test]
    fn typos_swap_two_inner_letters() {
        let mut rng = Rng(1);
        let t = typo(&mut rng, "What is container orchestration?");
        assert_ne!(t, "What is container orchestration?");
        assert_eq!(t.len(), "What is container orchestration?".len());
        assert!(t.starts_with("What is co") || t.contains(" co"));
    }
}
