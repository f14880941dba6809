//! The record model: what every reader produces, what dedupe groups and what every writer consumes.
//! Readers and writers know nothing of each other; they meet only here.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// One block of an answer. Serialised as `{"paragraph": "…"}`, `{"list": ["…"]}` or
/// `{"code": {"lang": null, "text": "…"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Running prose, whitespace normalised. From a line such as
    /// `Monitoring and logging are two essential practices used in software engineering…`.
    Paragraph(String),
    /// Bulleted or numbered items, from lines such as `  • Choose a cloud provider` or `2) Train`.
    List(Vec<ListItem>),
    /// Preformatted text kept byte for byte (fenced or indented code), with its language if named.
    Code {
        /// The language the fence names (```` ```python ````), if any.
        lang: Option<String>,
        /// The code, byte for byte.
        text: String,
    },
}

/// One list item. A bullet such as `Version control: Before creating a pipeline…` keeps its lead
/// term apart so that writers can set it in bold; in JSON the item is the plain string
/// `"Version control: Before creating a pipeline…"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The short term before the colon, when the item has one.
    pub lead: Option<String>,
    /// The rest of the item (the whole item when there is no lead term).
    pub text: String,
}

/// Longest lead term, in words, that still reads as a term rather than a sentence.
const MAX_LEAD_WORDS: usize = 6;
/// Longest lead term, in characters.
const MAX_LEAD_CHARS: usize = 60;

impl ListItem {
    /// Splits `Lead term: rest` into its lead term and rest; an item whose text before the first
    /// `": "` is long or reads like a sentence has no lead term.
    pub fn parse(item: &str) -> ListItem {
        if let Some((lead, rest)) = item.split_once(": ") {
            let lead = lead.trim();
            let rest = rest.trim();
            let looks_like_term = !lead.is_empty()
                && !rest.is_empty()
                && lead.chars().count() <= MAX_LEAD_CHARS
                && lead.split_whitespace().count() <= MAX_LEAD_WORDS
                && !lead.contains(['.', '?', '!', ';', ':', '(']);
            if looks_like_term {
                return ListItem {
                    lead: Some(lead.to_string()),
                    text: rest.to_string(),
                };
            }
        }
        ListItem {
            lead: None,
            text: item.trim().to_string(),
        }
    }
}

impl fmt::Display for ListItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.lead {
            Some(lead) => write!(f, "{lead}: {}", self.text),
            None => f.write_str(&self.text),
        }
    }
}

impl Serialize for ListItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(ListItem::parse(&text))
    }
}

impl Question {
    /// The answer as plain text: paragraphs separated by a blank line, list items as `- item` one
    /// per line, code verbatim.
    pub fn answer_text(&self) -> String {
        let blocks: Vec<String> = self
            .answer
            .iter()
            .map(|block| match block {
                Block::Paragraph(text) => text.clone(),
                Block::List(items) => items
                    .iter()
                    .map(|item| format!("- {item}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Code { text, .. } => text.clone(),
            })
            .collect();
        blocks.join("\n\n")
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
    fn lead_term_is_split_from_a_short_term() {
        let item = ListItem::parse("Version control: Before creating a pipeline, you must…");
        assert_eq!(item.lead.as_deref(), Some("Version control"));
        assert_eq!(item.text, "Before creating a pipeline, you must…");
        assert_eq!(
            item.to_string(),
            "Version control: Before creating a pipeline, you must…"
        );
    }

    #[test]
    fn sentence_before_a_colon_is_not_a_lead_term() {
        let item = ListItem::parse("Here are the key steps we took last year: plan, build");
        assert_eq!(item.lead, None);
        let item = ListItem::parse("See https://example.com for more");
        assert_eq!(item.lead, None);
        let item = ListItem::parse("Choose a cloud provider");
        assert_eq!(item.lead, None);
        assert_eq!(item.text, "Choose a cloud provider");
    }

    #[test]
    fn blocks_serialise_to_the_contract_shape() {
        let blocks = vec![
            Block::Paragraph("p".into()),
            Block::List(vec![ListItem::parse("A: b"), ListItem::parse("c")]),
            Block::Code {
                lang: None,
                text: "x = 1".into(),
            },
        ];
        let json = serde_json::to_string(&blocks).unwrap();
        assert_eq!(
            json,
            r#"[{"paragraph":"p"},{"list":["A: b","c"]},{"code":{"lang":null,"text":"x = 1"}}]"#
        );
        let back: Vec<Block> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, blocks);
    }

    #[test]
    fn answer_text_separates_blocks_and_dashes_items() {
        let q = Question {
            number: Some(1),
            question: "Q?".into(),
            answer: vec![
                Block::Paragraph("One.".into()),
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
