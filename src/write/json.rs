//! The JSON writer: the `parse` output of DESIGN §2, stable for scripts and tests.

use serde::Serialize;

use crate::model::{Block, Corpus, Document, Question, QuestionRef, SourcePos};
use crate::write::{Options, WriteError, Written};

/// The record model's version, first in every JSON document: 2 since answers keep inline spans,
/// numbered and nested lists, tables, images, sub-headings and quotes (README, "JSON records").
pub const SCHEMA: u32 = 2;

#[derive(Serialize)]
struct Records<'a> {
    schema: u32,
    documents: Vec<DocumentView<'a>>,
}

#[derive(Serialize)]
struct DocumentView<'a> {
    file: &'a str,
    title: &'a str,
    questions: QuestionViews<'a>,
}

/// A document's questions, each made a [`QuestionView`] only as it is written: a view of every
/// question at once would double the memory a large article's records take.
struct QuestionViews<'a>(&'a [Question]);

impl Serialize for QuestionViews<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(QuestionView::from))
    }
}

/// A question as scripts read it: the record plus its answer as plain text.
#[derive(Serialize)]
struct QuestionView<'a> {
    number: Option<u32>,
    question: &'a str,
    answer: &'a [Block],
    answer_text: AnswerText<'a>,
    source: &'a SourcePos,
    /// The section heading the question stands under, `null` when none.
    section: Option<&'a str>,
}

/// A question's answer as plain text, rendered when it is written and dropped right after.
struct AnswerText<'a>(&'a Question);

impl Serialize for AnswerText<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // An answer of one plain paragraph (most of a large bank's) is its own plain text: it is
        // written from the record, not copied first.
        let plain = match self.0.answer.as_slice() {
            [] => Some(""),
            [Block::Paragraph(text) | Block::Heading(text)] => text.as_plain(),
            _ => None,
        };
        match plain {
            Some(plain) => serializer.serialize_str(plain),
            None => serializer.serialize_str(&self.0.answer_text()),
        }
    }
}

impl<'a> From<&'a Question> for QuestionView<'a> {
    fn from(q: &'a Question) -> Self {
        QuestionView {
            number: q.number,
            question: &q.question,
            answer: &q.answer,
            answer_text: AnswerText(q),
            source: &q.source,
            section: q.section.as_deref(),
        }
    }
}

/// The JSON of `all` as a row of the table of formats writes it: [`render_corpus`].
pub fn write(corpus: &Corpus, _options: &Options) -> Result<Written, WriteError> {
    Ok(Written {
        bytes: render_corpus(corpus),
        ..Written::default()
    })
}

/// Renders documents as `{"documents": [...]}`, pretty-printed, with a final newline.
pub fn render_documents(documents: &[Document]) -> Vec<u8> {
    to_json(&Records {
        schema: SCHEMA,
        documents: document_views(documents),
    })
}

/// Writes what [`render_documents`] renders to `out` as it goes, without the whole document in
/// memory (`parse` of a large article writes hundreds of megabytes). `out` is buffered here.
///
/// The frame around the questions (schema, file, title) is written by hand, byte for byte as
/// `serde_json`'s pretty printer writes it; each question is rendered by `serde_json` at its depth
/// ([`Nested`]). A document with many questions is rendered in pieces of [`PIECE`] questions on
/// two threads, the second rendering every other piece into a buffer while the first renders and
/// writes the pieces between: JSON is a quarter of `parse`'s time on a large bank.
pub fn write_documents(documents: &[Document], out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(OUT_BUFFER, out);
    out.write_all(b"{\n  \"schema\": ")?;
    out.write_all(itoa::Buffer::new().format(SCHEMA).as_bytes())?;
    out.write_all(b",\n  \"documents\": [")?;
    for (i, document) in documents.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        out.write_all(b"    {\n      \"file\": ")?;
        serde_json::to_writer(&mut out, document.file.as_str())?;
        out.write_all(b",\n      \"title\": ")?;
        serde_json::to_writer(&mut out, document.title.as_str())?;
        out.write_all(b",\n      \"questions\": [")?;
        write_questions(&document.questions, &mut out)?;
        if !document.questions.is_empty() {
            out.write_all(b"\n      ")?;
        }
        out.write_all(b"]\n    }")?;
    }
    if !documents.is_empty() {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"]\n}\n")?;
    out.flush()
}

/// The output buffer of [`write_documents`]: large writes, few system calls.
const OUT_BUFFER: usize = 256 * 1024;

/// Questions rendered at a time by one thread of [`write_questions`].
const PIECE: usize = 256;

/// Depth of a question object in [`write_documents`]' output: the root, `documents`, a document,
/// `questions`.
const QUESTION_DEPTH: usize = 4;

/// A document's questions as the elements of its `questions` array: each after a line break and
/// its indentation, separated by commas. Pieces of [`PIECE`] questions alternate between this
/// thread and a second one when there are more than two.
fn write_questions(questions: &[Question], out: &mut impl std::io::Write) -> std::io::Result<()> {
    if questions.len() <= 2 * PIECE {
        return write_piece(questions, true, out);
    }
    std::thread::scope(|scope| {
        // One rendered piece waits at most: memory stays a few pieces whatever the bank's size.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<u8>>>(1);
        scope.spawn(move || {
            let mut size = 0;
            for piece in questions.chunks(PIECE).skip(1).step_by(2) {
                let mut bytes = Vec::with_capacity(size);
                let rendered = write_piece(piece, false, &mut bytes).map(|()| bytes);
                if let Ok(bytes) = &rendered {
                    size = bytes.len() + bytes.len() / 4;
                }
                // The receiver is gone only when writing failed: the error is reported there.
                if sender.send(rendered).is_err() {
                    break;
                }
            }
        });
        for (k, piece) in questions.chunks(PIECE).enumerate() {
            if k % 2 == 0 {
                write_piece(piece, k == 0, out)?;
            } else {
                let bytes = receiver.recv().map_err(std::io::Error::other)??;
                out.write_all(&bytes)?;
            }
        }
        Ok(())
    })
}

/// Writes `questions` as array elements at [`QUESTION_DEPTH`]; `first` when the first of them
/// opens the array (no comma before it).
fn write_piece(
    questions: &[Question],
    first: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    const INDENT: &[u8] = &[b' '; 2 * QUESTION_DEPTH];
    for (i, question) in questions.iter().enumerate() {
        out.write_all(if first && i == 0 { b"\n" } else { b",\n" })?;
        out.write_all(INDENT)?;
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut *out, Nested::at(QUESTION_DEPTH));
        QuestionView::from(question).serialize(&mut serializer)?;
    }
    Ok(())
}

/// `serde_json`'s pretty printer (two spaces a level) starting at a given depth, so a value
/// rendered on its own lands where it would in the whole document.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn at(depth: usize) -> Self {
        Nested {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    /// An array or object opens one level deeper, empty so far.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// It closes on a line of its own when it held anything.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Each element or key starts a line, after a comma unless it is the first.
    fn next_line<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_line(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        _writer: &mut W,
    ) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_line(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        _writer: &mut W,
    ) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn document_views(documents: &[Document]) -> Vec<DocumentView<'_>> {
    documents
        .iter()
        .map(|d| DocumentView {
            file: &d.file,
            title: &d.title,
            questions: QuestionViews(&d.questions),
        })
        .collect()
}

/// A cluster as JSON names it: its canonical question and every member. The one cluster view:
/// `all`'s JSON writes it without lines, `dedupe --json` (`dedupe::json`) with them.
#[derive(Serialize)]
pub(crate) struct ClusterView<'a> {
    canonical: &'a str,
    /// The files of the articles the cluster spans, the one that asks it first first.
    articles: Vec<&'a str>,
    members: Vec<MemberView<'a>>,
}

/// A cluster member: where the question is, what it says, its similarity to the canonical one.
#[derive(Serialize)]
struct MemberView<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    similarity: f64,
}

/// A question as the clusters' JSON names it: its file (and line, for `dedupe --json`), number
/// and text.
#[derive(Serialize)]
pub(crate) struct Place<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    number: Option<u32>,
    question: &'a str,
}

impl<'a> Place<'a> {
    /// The question at `at`, with its line when `lines` is set.
    pub(crate) fn of(corpus: &'a Corpus, at: QuestionRef, lines: bool) -> Self {
        let q = corpus.question(at);
        Place {
            file: &q.source.file,
            line: lines.then_some(q.source.line),
            number: q.number,
            question: &q.question,
        }
    }
}

/// The corpus's clusters as JSON views, members' lines included when `lines` is set.
pub(crate) fn cluster_views(corpus: &Corpus, lines: bool) -> Vec<ClusterView<'_>> {
    corpus
        .clusters
        .iter()
        .map(|cluster| ClusterView {
            canonical: &corpus.question(cluster.canonical()).question,
            articles: cluster
                .documents()
                .into_iter()
                .map(|d| corpus.documents[d].file.as_str())
                .collect(),
            members: cluster
                .members
                .iter()
                .map(|m| MemberView {
                    place: Place::of(corpus, m.at, lines),
                    similarity: two_decimals(m.similarity),
                })
                .collect(),
        })
        .collect()
}

/// Two decimals: enough to judge a threshold, and stable across platforms.
pub(crate) fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Renders everything: the documents with every question in full, and the clusters that group
/// them. What `all` writes, so that nothing dedupe merged is lost.
pub fn render_corpus(corpus: &Corpus) -> Vec<u8> {
    to_json(&everything(corpus))
}

/// What [`render_corpus`] renders, written into `out` as it is made (`all`'s JSON of a large bank
/// is hundreds of megabytes; the table of formats prefers this form).
pub fn stream(
    corpus: &Corpus,
    _options: &Options,
    out: &mut dyn std::io::Write,
) -> Result<Written, WriteError> {
    serde_json::to_writer_pretty(&mut *out, &everything(corpus)).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(Written::default())
}

/// Every question in full and the clusters that group them: the JSON of `all`.
#[derive(Serialize)]
struct Everything<'a> {
    schema: u32,
    documents: Vec<DocumentView<'a>>,
    clusters: Vec<ClusterView<'a>>,
}

fn everything(corpus: &Corpus) -> Everything<'_> {
    Everything {
        schema: SCHEMA,
        documents: document_views(&corpus.documents),
        clusters: cluster_views(corpus, false),
    }
}

/// `value` pretty-printed, with a final newline.
#[allow(
    clippy::expect_used,
    reason = "plain structs with string keys always serialise"
)]
pub(crate) fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("records serialise to JSON");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, ListItem};

    #[test]
    fn the_streamed_forms_write_the_rendered_bytes() {
        let question = |n: u32, text: &str| Question {
            number: Some(n),
            question: text.into(),
            answer: vec![Block::List(vec![ListItem::parse("Lead: rest")])],
            source: SourcePos {
                file: "a.txt".into(),
                line: n as usize,
            },
            section: None,
        };
        let documents = vec![Document {
            file: "a.txt".into(),
            title: "T".into(),
            questions: vec![question(1, "What is X?"), question(2, "What's X?")],
            modified: None,
        }];
        let mut streamed = Vec::new();
        write_documents(&documents, &mut streamed).unwrap();
        assert_eq!(streamed, render_documents(&documents));
        let at = |question| crate::model::ClusterMember {
            at: QuestionRef { doc: 0, question },
            similarity: 1.0,
        };
        let corpus = Corpus {
            documents,
            clusters: vec![crate::model::Cluster {
                members: vec![at(0), at(1)],
            }],
        };
        let mut streamed = Vec::new();
        stream(&corpus, &Options::default(), &mut streamed).unwrap();
        assert_eq!(streamed, render_corpus(&corpus));
        assert!(streamed.ends_with(b"]\n}\n"));
    }

    #[test]
    fn answer_text_is_written_as_the_record_renders_it_for_every_shape_of_answer() {
        let rich =
            crate::model::Text::new([Inline::Text("Use ".into()), Inline::Code("ls".into())]);
        let answers = [
            vec![],
            vec![Block::Paragraph("One line\nand a second".into())],
            vec![Block::Heading("A heading".into())],
            vec![Block::Paragraph(rich)],
            vec![Block::Paragraph("".into())],
            vec![
                Block::Paragraph("First.".into()),
                Block::List(vec![ListItem::parse("Lead: rest")]),
            ],
        ];
        for answer in answers {
            let question = Question {
                number: None,
                question: "What?".into(),
                answer,
                source: SourcePos {
                    file: "a.txt".into(),
                    line: 1,
                },
                section: None,
            };
            let written = serde_json::to_string(&AnswerText(&question)).unwrap();
            let rendered = serde_json::to_string(&question.answer_text()).unwrap();
            assert_eq!(written, rendered, "{:?}", question.answer);
        }
    }

    #[test]
    fn questions_carry_answer_text_and_source() {
        let doc = Document {
            file: "a.txt".into(),
            title: "T".into(),
            questions: vec![Question {
                number: Some(3),
                question: "Why?".into(),
                answer: vec![
                    Block::Paragraph("Because.".into()),
                    Block::List(vec![ListItem::parse("Lead: rest")]),
                ],
                source: SourcePos {
                    file: "a.txt".into(),
                    line: 9,
                },
                section: None,
            }],
            modified: None,
        };
        let value: serde_json::Value = serde_json::from_slice(&render_documents(&[doc])).unwrap();
        let q = &value["documents"][0]["questions"][0];
        assert_eq!(value["documents"][0]["title"], "T");
        assert_eq!(q["number"], 3);
        assert_eq!(q["answer_text"], "Because.\n\n- Lead: rest");
        assert_eq!(q["answer"][1]["list"][0], "Lead: rest");
        assert_eq!(q["source"]["line"], 9);
        assert_eq!(q["source"]["file"], "a.txt");
    }

    #[test]
    fn written_and_rendered_documents_are_the_same_bytes() {
        let doc = |file: &str, questions: usize| Document {
            file: file.into(),
            title: "T \"quoted\"".into(),
            questions: (0..questions)
                .map(|i| Question {
                    number: Some(i as u32 + 1),
                    question: format!("What is {i}?"),
                    answer: vec![Block::List(vec![ListItem::parse("Lead: rest")])],
                    source: SourcePos {
                        file: file.into(),
                        line: i + 1,
                    },
                    section: (i % 2 == 0).then(|| "S".to_string()),
                })
                .collect(),
            modified: None,
        };
        // Sizes around the pieces the two threads share, and no documents at all.
        for sizes in [
            &[3, 0][..],
            &[],
            &[0],
            &[2 * PIECE, 2 * PIECE + 1, 3 * PIECE, 5 * PIECE + 7],
        ] {
            let documents: Vec<Document> = sizes
                .iter()
                .enumerate()
                .map(|(k, &n)| doc(&format!("{k}.txt"), n))
                .collect();
            let mut written = Vec::new();
            write_documents(&documents, &mut written).unwrap();
            assert_eq!(
                String::from_utf8(written.clone()).unwrap(),
                String::from_utf8(render_documents(&documents)).unwrap(),
                "{sizes:?}"
            );
            assert!(written.ends_with(b"}\n"));
        }
    }

    #[test]
    fn clusters_list_every_member_with_its_similarity() {
        use crate::model::{Cluster, ClusterMember, QuestionRef};
        let question = |number, text: &str| Question {
            number: Some(number),
            question: text.into(),
            answer: vec![Block::Paragraph("A.".into())],
            source: SourcePos {
                file: "a.txt".into(),
                line: number as usize,
            },
            section: None,
        };
        let corpus = Corpus {
            documents: vec![Document {
                file: "a.txt".into(),
                title: "T".into(),
                questions: vec![question(1, "What is X?"), question(2, "Explain X.")],
                modified: None,
            }],
            clusters: vec![Cluster {
                members: vec![
                    ClusterMember {
                        at: QuestionRef {
                            doc: 0,
                            question: 0,
                        },
                        similarity: 1.0,
                    },
                    ClusterMember {
                        at: QuestionRef {
                            doc: 0,
                            question: 1,
                        },
                        similarity: 0.8765,
                    },
                ],
            }],
        };
        let everything: serde_json::Value =
            serde_json::from_slice(&render_corpus(&corpus)).unwrap();
        let cluster = &everything["clusters"][0];
        assert_eq!(cluster["canonical"], "What is X?");
        assert_eq!(cluster["members"][1]["number"], 2);
        assert_eq!(cluster["members"][1]["question"], "Explain X.");
        assert_eq!(cluster["members"][1]["similarity"], 0.88);
        assert_eq!(cluster["members"][1]["file"], "a.txt");
        assert_eq!(
            everything["documents"][0]["questions"][1]["answer_text"],
            "A."
        );
        assert_eq!(
            everything["clusters"][0]["members"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}
