//! Dedupe: groups the questions of every document into clusters of questions that ask the same
//! thing. Knows only the record model.
//!
//! `normalize` turns a question into terms, `similarity` weighs and compares them, `candidates`
//! finds the pairs worth comparing without trying them all, `cluster` groups them around canonical
//! questions, and `report` explains the result to a person.

pub mod answers;
pub mod candidates;
pub mod cluster;
pub mod hard_bank;
pub mod json;
pub mod normalize;
pub mod report;
pub mod similarity;
pub mod synthetic;
mod words;

use crate::model::{Cluster, ClusterMember, Corpus, Document, QuestionRef};

pub use cluster::{NearMiss, Search};
use normalize::Normalizer;
use similarity::{Evidence, Prepared, Profile};

/// The similarity at which two questions count as the same, unless `--threshold` says otherwise.
pub const DEFAULT_THRESHOLD: f64 = 0.55;

/// How to dedupe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Similarity (0 to 1) at which two questions count as the same.
    pub threshold: f64,
    /// How candidates are found; [`Search::Exhaustive`] exists to check the index.
    pub search: Search,
    /// How many of the closest pairs not merged [`analyse`] keeps.
    pub near_misses: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: DEFAULT_THRESHOLD,
            search: Search::Index,
            near_misses: cluster::NEAR_MISSES,
        }
    }
}

/// The clusters of a run, with what the report needs to explain them.
pub struct Analysis {
    /// Every question in exactly one cluster, clusters in order of first appearance.
    pub clusters: Vec<Cluster>,
    /// Per cluster, per member: the evidence against the canonical question.
    pub evidence: Vec<Vec<Evidence>>,
    /// The closest pairs that were not merged, most alike first.
    pub near_misses: Vec<(QuestionRef, QuestionRef, Evidence)>,
    /// The threshold used.
    pub threshold: f64,
    /// The normaliser and the profiles of the questions, for the terms pairs share.
    normalizer: Normalizer,
    profiles: Vec<Profile>,
    refs: Vec<QuestionRef>,
    offsets: Vec<usize>,
}

impl Analysis {
    /// The terms two questions share, rarest first.
    pub fn shared_terms(&self, a: QuestionRef, b: QuestionRef) -> Vec<&str> {
        similarity::shared_terms(
            &self.normalizer,
            &self.profiles[self.index(a)],
            &self.profiles[self.index(b)],
        )
    }

    fn index(&self, at: QuestionRef) -> usize {
        self.offsets[at.doc] + at.question
    }

    /// How many questions were compared.
    pub fn question_count(&self) -> usize {
        self.refs.len()
    }
}

/// Groups questions that ask the same thing: what writers consume.
pub fn dedupe(documents: &[Document], options: &Options) -> Vec<Cluster> {
    let options = Options {
        near_misses: 0,
        ..*options
    };
    run(documents, &options, 1.0).clusters
}

/// Groups questions exactly as [`dedupe`] does and keeps the evidence for every decision, with
/// the closest pairs not merged down to a similarity of [`NEAR_MISS_FLOOR`].
pub fn analyse(documents: &[Document], options: &Options) -> Analysis {
    run(documents, options, NEAR_MISS_FLOOR)
}

/// How alike two questions must be to be reported as a pair that was not merged.
pub const NEAR_MISS_FLOOR: f32 = 0.2;

fn run(documents: &[Document], options: &Options, near_miss_floor: f32) -> Analysis {
    let refs: Vec<QuestionRef> = Corpus::question_refs(documents).collect();
    let mut offsets = Vec::with_capacity(documents.len());
    let mut offset = 0;
    for d in documents {
        offsets.push(offset);
        offset += d.questions.len();
    }
    let prepared = Prepared::new(documents.iter().flat_map(|d| &d.questions));
    let threshold = options.threshold.clamp(0.0, 1.0);
    let clustering = cluster::cluster(
        &prepared,
        threshold as f32,
        near_miss_floor,
        options.near_misses,
        options.search,
    );
    let clusters = clustering
        .clusters
        .iter()
        .map(|members| Cluster {
            members: members
                .iter()
                .map(|&(i, e)| ClusterMember {
                    at: refs[i],
                    similarity: f64::from(e.score),
                })
                .collect(),
        })
        .collect();
    let evidence = clustering
        .clusters
        .iter()
        .map(|members| members.iter().map(|&(_, e)| e).collect())
        .collect();
    let near_misses = clustering
        .near_misses
        .iter()
        .map(|m| (refs[m.a], refs[m.b], m.evidence))
        .collect();
    let (normalizer, profiles) = prepared.into_terms();
    Analysis {
        clusters,
        evidence,
        near_misses,
        threshold,
        normalizer,
        profiles,
        refs,
        offsets,
    }
}

/// One cluster per question, in reading order: what `--no-dedupe` asks for.
pub fn singletons(documents: &[Document]) -> Vec<Cluster> {
    Corpus::question_refs(documents)
        .map(Cluster::single)
        .collect()
}
/// Questions numbered from 1 with the given answers, for the module's tests.
#[cfg(test)]
pub(crate) fn numbered_questions<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<crate::model::Question> {
    use crate::model::{Block, Question, SourcePos};
    pairs
        .into_iter()
        .enumerate()
        .map(|(k, (q, a))| Question {
            number: Some(k as u32 + 1),
            question: q.to_string(),
            answer: vec![Block::paragraph(a.to_string())],
            source: SourcePos {
                file: "t.txt".into(),
                line: k + 1,
            },
            section: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Question, QuestionRef, SourcePos};

    #[test]
    fn singletons_cover_every_question_once_in_order() {
        let question = Question {
            number: None,
            question: "q".into(),
            answer: vec![],
            source: SourcePos {
                file: "f".into(),
                line: 1,
            },
            section: None,
        };
        let doc = |n| Document {
            file: "f".into(),
            title: String::new(),
            questions: vec![question.clone(); n],
            modified: None,
        };
        let documents = vec![doc(2), doc(0), doc(1)];
        let clusters = singletons(&documents);
        let refs: Vec<QuestionRef> = clusters.iter().map(Cluster::canonical).collect();
        assert_eq!(
            refs,
            vec![
                QuestionRef {
                    doc: 0,
                    question: 0
                },
                QuestionRef {
                    doc: 0,
                    question: 1
                },
                QuestionRef {
                    doc: 2,
                    question: 0
                },
            ]
        );
        let corpus = Corpus {
            documents,
            clusters,
        };
        assert!(corpus.clusters_partition_questions());
    }
}
