//! What a writer could not keep of an answer's structure, said once per kind and article under
//! `-v`: `source/x.md: the PDF shows links without their URL`. A writer names the kinds it loses
//! and how; this module finds which of them each article's answers hold.

use std::collections::BTreeSet;

use crate::model::{Block, Corpus, Inline, Text};

/// A kind of structure an answer can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Bold text.
    Strong,
    /// Italic text.
    Emphasis,
    /// A link's URL.
    Link,
    /// TeX maths.
    Math,
    /// Inline code.
    Code,
    /// A table.
    Table,
    /// An image.
    Image,
    /// A numbered list.
    Numbered,
    /// A list nested in a list item.
    Nested,
    /// A sub-heading.
    Heading,
    /// A quotation.
    Quote,
}

/// The kinds the blocks hold, added to `kinds`.
pub fn kinds_in(blocks: &[Block], kinds: &mut BTreeSet<Kind>) {
    for block in blocks {
        match block {
            Block::Paragraph(text) => text_kinds(text, kinds),
            Block::Heading(text) => {
                kinds.insert(Kind::Heading);
                text_kinds(text, kinds);
            }
            Block::List(items) | Block::OrderedList { items, .. } => {
                if matches!(block, Block::OrderedList { .. }) {
                    kinds.insert(Kind::Numbered);
                }
                for item in items {
                    text_kinds(&item.text, kinds);
                    if item
                        .blocks
                        .iter()
                        .any(|b| matches!(b, Block::List(_) | Block::OrderedList { .. }))
                    {
                        kinds.insert(Kind::Nested);
                    }
                    kinds_in(&item.blocks, kinds);
                }
            }
            Block::Code { .. } => {}
            Block::Table(table) => {
                kinds.insert(Kind::Table);
                for cell in table.header.iter().chain(table.rows.iter().flatten()) {
                    text_kinds(cell, kinds);
                }
            }
            Block::Image { .. } => {
                kinds.insert(Kind::Image);
            }
            Block::Quote(inner) => {
                kinds.insert(Kind::Quote);
                kinds_in(inner, kinds);
            }
        }
    }
}

fn text_kinds(text: &Text, kinds: &mut BTreeSet<Kind>) {
    for span in text.spans() {
        match span {
            Inline::Text(_) => {}
            Inline::Code(_) => {
                kinds.insert(Kind::Code);
            }
            Inline::Strong(t) => {
                kinds.insert(Kind::Strong);
                text_kinds(t, kinds);
            }
            Inline::Emphasis(t) => {
                kinds.insert(Kind::Emphasis);
                text_kinds(t, kinds);
            }
            Inline::Link { text, .. } => {
                kinds.insert(Kind::Link);
                text_kinds(text, kinds);
            }
            Inline::Math { .. } => {
                kinds.insert(Kind::Math);
            }
        }
    }
}

/// One line per article and kind the writer loses: `{file}: {writer} {how}`, where `loses` pairs
/// each kind the writer cannot keep with how it shows it instead.
pub fn report(corpus: &Corpus, writer: &str, loses: &[(Kind, &str)]) -> Vec<String> {
    let mut lines = Vec::new();
    for doc in &corpus.documents {
        let mut kinds = BTreeSet::new();
        for q in &doc.questions {
            kinds_in(&q.answer, &mut kinds);
        }
        for (kind, how) in loses {
            if kinds.contains(kind) {
                lines.push(format!("{}: {writer} {how}", doc.file));
            }
        }
    }
    lines
}

/// What the PDF cannot keep.
pub const PDF: &[(Kind, &str)] = &[
    (Kind::Link, "shows links without their URL"),
    (Kind::Math, "shows maths as its TeX source"),
    (Kind::Image, "shows images as their alt text"),
    (Kind::Table, "sets tables as rows of cells separated by |"),
];

/// What plain text (the plain CSV, the JSON's `answer_text`) cannot keep.
pub const PLAIN: &[(Kind, &str)] = &[
    (Kind::Strong, "drops bold"),
    (Kind::Emphasis, "drops italics"),
    (Kind::Link, "shows links without their URL"),
    (Kind::Math, "shows maths as its TeX source between dollars"),
    (Kind::Table, "writes tables as rows of cells separated by |"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, ListItem, Question, SourcePos};

    #[test]
    fn each_lost_kind_is_named_once_per_article() {
        let link = Text::new([Inline::Link {
            url: "u".into(),
            text: "t".into(),
        }]);
        let question = Question {
            number: None,
            question: "Q?".into(),
            answer: vec![
                Block::Paragraph(link.clone()),
                Block::Paragraph(link),
                Block::List(vec![ListItem::parse("plain")]),
            ],
            source: SourcePos {
                file: "a.md".into(),
                line: 1,
            },
            section: None,
        };
        let corpus = Corpus::unmerged(vec![Document {
            file: "a.md".into(),
            title: String::new(),
            questions: vec![question.clone(), question],
            modified: None,
        }]);
        assert_eq!(
            report(&corpus, "the PDF", PDF),
            ["a.md: the PDF shows links without their URL"]
        );
    }
}
