//! The record model: what every reader produces, what dedupe groups and what every writer consumes.
//! Readers and writers know nothing of each other; they meet only here.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

mod block;
mod inline;

pub use block::{Align, Block, ListItem, Table, plain_blocks_into};
pub use inline::{Inline, Leaf, Marks, Run, Text};

/// One article, as read from one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The input path as the user named it (`source/x.txt`), or `-` for stdin.
    pub file: String,
    /// The article's headline, junk removed; empty when the article has none.
    pub title: String,
    /// Every question of the article, in the order printed.
    pub questions: Vec<Question>,
    /// When the input file was last modified, when known. Not part of the JSON contract: writers use
    /// it as a reproducible timestamp (Anki's note `mod`), never the wall clock.
    #[serde(skip)]
    pub modified: Option<SystemTime>,
}

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The number as printed in the article (`Q17.` → 17), `None` when the question is unnumbered.
    pub number: Option<u32>,
    /// The question text: numbering prefix stripped, whitespace normalised, typographic quotes kept.
    pub question: String,
    /// The answer, as blocks in reading order; empty when the article gives none (a practice
    /// list of questions).
    pub answer: Vec<Block>,
    /// Where the question line stands in its input.
    pub source: SourcePos,
    /// The section heading the question stands under (`Leadership`, `Apex`), `None` when the
    /// article has no section above it. A heading is a section, never a question.
    #[serde(default)]
    pub section: Option<String>,
}

/// A 1-based line in an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePos {
    /// The input's name as the user gave it (`-` for standard input).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
}

impl fmt::Display for SourcePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

impl Question {
    /// The answer as plain text: blocks separated by a blank line, bulleted items as `- item` and
    /// numbered ones as `1. item`, one per line, nesting by indentation, code verbatim, table rows
    /// as cells separated by ` | ` (see [`Block::plain_into`]).
    pub fn answer_text(&self) -> String {
        let mut out = String::new();
        plain_blocks_into(&self.answer, &mut |s| out.push_str(s));
        out
    }
}

/// Points at one question: `documents[doc].questions[question]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuestionRef {
    /// Index into the corpus's documents.
    pub doc: usize,
    /// Index into that document's questions.
    pub question: usize,
}

/// One member of a cluster and how alike it is to the cluster's canonical question (1.0 for the
/// canonical question itself).
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterMember {
    /// The question.
    pub at: QuestionRef,
    /// How alike it is to the canonical question, 0 to 1.
    pub similarity: f64,
}

/// Questions that ask the same thing. `members[0]` is the canonical question: the first occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The questions, canonical first, then in order of appearance.
    pub members: Vec<ClusterMember>,
}

impl Cluster {
    /// A cluster of one question: what every question is when nothing is merged.
    pub fn single(at: QuestionRef) -> Cluster {
        Cluster {
            members: vec![ClusterMember {
                at,
                similarity: 1.0,
            }],
        }
    }

    /// The first occurrence, whose wording stands for the whole cluster.
    pub fn canonical(&self) -> QuestionRef {
        self.members[0].at
    }

    /// The documents the members come from (indexes into the corpus's documents), in order of
    /// first appearance, none twice: the first is the article that asks the question first.
    pub fn documents(&self) -> Vec<usize> {
        let mut docs: Vec<usize> = Vec::with_capacity(1);
        for member in &self.members {
            if !docs.contains(&member.at.doc) {
                docs.push(member.at.doc);
            }
        }
        docs
    }
}

/// Everything one run read, with its questions grouped into clusters: what writers consume.
/// Every question is a member of exactly one cluster, clusters in order of first appearance.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// The articles, in input order.
    pub documents: Vec<Document>,
    /// The questions grouped, in order of first appearance.
    pub clusters: Vec<Cluster>,
}

impl Corpus {
    /// The documents with every question in a cluster of its own, nothing merged.
    pub fn unmerged(documents: Vec<Document>) -> Corpus {
        let clusters = Corpus::question_refs(&documents)
            .map(Cluster::single)
            .collect();
        Corpus {
            documents,
            clusters,
        }
    }

    /// The question a reference points at.
    pub fn question(&self, at: QuestionRef) -> &Question {
        &self.documents[at.doc].questions[at.question]
    }

    /// The document a reference points into.
    pub fn document(&self, at: QuestionRef) -> &Document {
        &self.documents[at.doc]
    }

    /// Every question reference, in reading order.
    pub fn question_refs(documents: &[Document]) -> impl Iterator<Item = QuestionRef> + '_ {
        documents.iter().enumerate().flat_map(|(doc, d)| {
            (0..d.questions.len()).map(move |question| QuestionRef { doc, question })
        })
    }

    /// True when every question is in exactly one cluster; cheap enough for `debug_assert!`.
    pub fn clusters_partition_questions(&self) -> bool {
        let mut seen: Vec<Vec<bool>> = self
            .documents
            .iter()
            .map(|d| vec![false; d.questions.len()])
            .collect();
        for member in self.clusters.iter().flat_map(|c| &c.members) {
            let Some(slot) = seen
                .get_mut(member.at.doc)
                .and_then(|d| d.get_mut(member.at.question))
            else {
                return false;
            };
            if std::mem::replace(slot, true) {
                return false;
            }
        }
        seen.iter().flatten().all(|&s| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_text_separates_blocks_and_dashes_items() {
        let q = Question {
            number: Some(1),
            question: "Q?".into(),
            answer: vec![
                Block::paragraph("One."),
                Block::List(vec![ListItem::parse("a"), ListItem::parse("b")]),
            ],
            source: SourcePos {
                file: "f".into(),
                line: 1,
            },
            section: None,
        };
        assert_eq!(q.answer_text(), "One.\n\n- a\n- b");
    }

    #[test]
    fn partition_check_catches_missing_and_doubled_members() {
        let doc = Document {
            file: "f".into(),
            title: String::new(),
            questions: vec![
                Question {
                    number: None,
                    question: "a".into(),
                    answer: vec![],
                    source: SourcePos {
                        file: "f".into(),
                        line: 1,
                    },
                    section: None,
                };
                2
            ],
            modified: None,
        };
        let member = |question| ClusterMember {
            at: QuestionRef { doc: 0, question },
            similarity: 1.0,
        };
        let mut corpus = Corpus {
            documents: vec![doc],
            clusters: vec![Cluster {
                members: vec![member(0), member(1)],
            }],
        };
        assert!(corpus.clusters_partition_questions());
        corpus.clusters[0].members.pop();
        assert!(!corpus.clusters_partition_questions());
        corpus.clusters[0].members.push(member(0));
        assert!(!corpus.clusters_partition_questions());
    }
}
