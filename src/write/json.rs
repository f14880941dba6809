//! The JSON writer: the `parse` output of DESIGN §2, stable for scripts and tests.

use serde::Serialize;

use crate::model::{Block, Document, Question, SourcePos};

#[derive(Serialize)]
struct Records<'a> {
    documents: Vec<DocumentView<'a>>,
}

#[derive(Serialize)]
struct DocumentView<'a> {
    file: &'a str,
    title: &'a str,
    questions: Vec<QuestionView<'a>>,
}

/// A question as scripts read it: the record plus its answer as plain text.
#[derive(Serialize)]
struct QuestionView<'a> {
    number: Option<u32>,
    question: &'a str,
    answer: &'a [Block],
    answer_text: String,
    source: &'a SourcePos,
}

impl<'a> From<&'a Question> for QuestionView<'a> {
    fn from(q: &'a Question) -> Self {
        QuestionView {
            number: q.number,
            question: &q.question,
            answer: &q.answer,
            answer_text: q.answer_text(),
            source: &q.source,
        }
    }
}

/// Renders documents as `{"documents": [...]}`, pretty-printed, with a final newline.
pub fn render_documents(documents: &[Document]) -> Vec<u8> {
    let records = Records {
        documents: documents
            .iter()
            .map(|d| DocumentView {
                file: &d.file,
                title: &d.title,
                questions: d.questions.iter().map(QuestionView::from).collect(),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&records).expect("records serialise to JSON");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ListItem;

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
}
