//! Inline text as Markdown and HTML readers collect it: runs of plain and bold text split into
//! lines at hard breaks. Knowing which runs were bold lets a paragraph such as
//! `**What is a pod?**⏎A pod is…` become a bold question line and an answer paragraph.

use super::outline::Node;
use super::patterns;
use super::wording::normalise_space;
use crate::model::Block;

/// The inline content of one paragraph, heading or cell.
#[derive(Debug, Default)]
pub struct Inline {
    lines: Vec<Line>,
}

#[derive(Debug, Default)]
struct Line {
    text: String,
    bold_chars: usize,
    plain_chars: usize,
    /// Byte length of the bold text the line opens with, while nothing plain has come yet.
    lead_bold: usize,
    /// Where the first soft break (a Markdown line end inside a paragraph) fell.
    first_soft: Option<usize>,
}

impl Inline {
    /// Appends a run of text, bold or not.
    pub fn push(&mut self, text: &str, bold: bool) {
        if self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        let Some(line) = self.lines.last_mut() else {
            return;
        };
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        line.text.push_str(text);
        if bold {
            line.bold_chars += chars;
            if line.plain_chars == 0 {
                line.lead_bold = line.text.len();
            }
        } else {
            line.plain_chars += chars;
        }
    }

    /// A soft break: a line end inside a Markdown paragraph. It reads as a space, but a paragraph
    /// written like plain text (`Q1. What is X?⏎X is…`) splits there.
    pub fn soft_break(&mut self, bold: bool) {
        if let Some(line) = self.lines.last_mut() {
            line.first_soft.get_or_insert(line.text.len());
        }
        self.push(" ", bold);
    }

    /// When the first soft line reads as a question line (`Q1. What is X?`, `What is X?`) and
    /// more text follows, the question and the rest.
    pub fn split_question_head(&self) -> Option<(String, String)> {
        let line = self.lines.first()?;
        let (head, rest) = line.text.split_at_checked(line.first_soft?)?;
        if !is_question_head(head) || rest.trim().is_empty() {
            return None;
        }
        let mut rest = normalise_space(rest);
        for more in &self.lines[1..] {
            rest.push(' ');
            rest.push_str(&more.text);
        }
        Some((normalise_space(head), normalise_space(&rest)))
    }

    /// Starts a new line (a hard break, `<br>`).
    pub fn line_break(&mut self) {
        self.lines.push(Line::default());
    }

    /// All the text on one line, white space normalised.
    pub fn plain_text(&self) -> String {
        let joined: Vec<&str> = self.lines.iter().map(|l| l.text.as_str()).collect();
        normalise_space(&joined.join(" "))
    }

    /// The nodes this inline content stands for: each all-bold line is a [`Node::Bold`], a line
    /// opening with a bold question (`**What is X?** It is…`) splits into the two, and the plain
    /// lines in between join into paragraphs.
    pub fn into_nodes(self) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut paragraph: Vec<String> = Vec::new();
        let flush = |paragraph: &mut Vec<String>, nodes: &mut Vec<Node>| {
            if !paragraph.is_empty() {
                nodes.push(Node::Block(Block::Paragraph(paragraph.join(" ").into())));
                paragraph.clear();
            }
        };
        for line in self.lines {
            // An empty line (`<br><br>`) ends a paragraph.
            if line.bold_chars + line.plain_chars == 0 {
                flush(&mut paragraph, &mut nodes);
                continue;
            }
            if let Some(soft) = line.first_soft.filter(|_| paragraph.is_empty())
                && let Some((head, rest)) = line.text.split_at_checked(soft)
                && is_question_head(head)
                && !rest.trim().is_empty()
            {
                let head = normalise_space(head);
                nodes.push(if line.lead_bold >= soft {
                    Node::Bold(head)
                } else {
                    Node::Block(Block::Paragraph(head.into()))
                });
                paragraph.push(normalise_space(rest));
                continue;
            }
            // A line that is a numbered question (`Q2. What …`) stands on its own.
            if patterns::question_line(&line.text).is_some_and(|q| q.number.is_some() || q.strong)
                && line.plain_chars > 0
            {
                flush(&mut paragraph, &mut nodes);
                paragraph.push(normalise_space(&line.text));
                flush(&mut paragraph, &mut nodes);
                continue;
            }
            if line.plain_chars == 0 {
                flush(&mut paragraph, &mut nodes);
                nodes.push(Node::Bold(normalise_space(&line.text)));
                continue;
            }
            let lead = normalise_space(line.text.get(..line.lead_bold).unwrap_or(""));
            let asks = lead.trim_end_matches(['*', ' ']).ends_with('?');
            if !lead.is_empty() && asks {
                flush(&mut paragraph, &mut nodes);
                nodes.push(Node::Bold(lead));
                paragraph.push(normalise_space(
                    line.text.get(line.lead_bold..).unwrap_or(""),
                ));
            } else {
                paragraph.push(normalise_space(&line.text));
            }
        }
        flush(&mut paragraph, &mut nodes);
        nodes
    }
}

/// A line of text that is a question on its own: numbered (`Q1. …`, `3. …?`) or a short line
/// ending in `?`.
fn is_question_head(text: &str) -> bool {
    patterns::question_line(text).is_some_and(|q| {
        q.strong || q.text.trim_end().ends_with('?') || (q.number.is_some() && q.text.len() > 3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Node {
        Node::Block(Block::Paragraph(text.into()))
    }

    #[test]
    fn a_bold_line_then_plain_lines_split() {
        let mut inline = Inline::default();
        inline.push("Q1. What is ", true);
        inline.push("X?", true);
        inline.line_break();
        inline.push("It is ", false);
        inline.push("very", true);
        inline.push(" good.", false);
        assert_eq!(
            inline.into_nodes(),
            vec![
                Node::Bold("Q1. What is X?".into()),
                para("It is very good.")
            ]
        );
    }

    #[test]
    fn break_separated_questions_and_answers_stay_apart() {
        let mut inline = Inline::default();
        for (k, line) in [
            "Q1. What is X?",
            "X is a letter",
            "and more.",
            "",
            "Q2. What is Y?",
            "Y is one.",
        ]
        .iter()
        .enumerate()
        {
            if k > 0 {
                inline.line_break();
            }
            inline.push(line, false);
        }
        assert_eq!(
            inline.into_nodes(),
            vec![
                para("Q1. What is X?"),
                para("X is a letter and more."),
                para("Q2. What is Y?"),
                para("Y is one."),
            ]
        );
    }

    #[test]
    fn a_question_on_the_first_soft_line_splits_from_its_answer() {
        let mut inline = Inline::default();
        inline.push("Q1. What is X?", false);
        inline.soft_break(false);
        inline.push("X is a letter", false);
        inline.soft_break(false);
        inline.push("of the alphabet.", false);
        assert_eq!(
            inline.into_nodes(),
            vec![
                para("Q1. What is X?"),
                para("X is a letter of the alphabet.")
            ]
        );
        let mut inline = Inline::default();
        inline.push("A sentence that wraps", false);
        inline.soft_break(false);
        inline.push("onto a second line.", false);
        assert_eq!(
            inline.into_nodes(),
            vec![para("A sentence that wraps onto a second line.")]
        );
    }

    #[test]
    fn a_bold_question_lead_splits_but_a_bold_term_does_not() {
        let mut inline = Inline::default();
        inline.push("What is X?", true);
        inline.push(" It is Y.", false);
        assert_eq!(
            inline.into_nodes(),
            vec![Node::Bold("What is X?".into()), para("It is Y.")]
        );
        let mut inline = Inline::default();
        inline.push("Note:", true);
        inline.push(" it matters.", false);
        assert_eq!(inline.into_nodes(), vec![para("Note: it matters.")]);
    }
}
