//! Inline text as Markdown and HTML readers collect it: runs of plain and bold text split into
//! lines at hard breaks. Knowing which runs were bold lets a paragraph such as
//! `**What is a pod?**⏎A pod is…` become a bold question line and an answer paragraph.

use super::outline::Node;
use super::patterns;
use super::wording::normalise_space;
use crate::model::{Block, Inline as Span, Leaf, Marks, Run, Text};

/// The inline content of one paragraph, heading or cell.
#[derive(Debug, Default)]
pub struct Inline {
    lines: Vec<Line>,
    /// Italic elements open around the text being pushed.
    emphasis: usize,
    /// The link the text being pushed sits in.
    link: Option<String>,
}

#[derive(Debug, Default)]
struct Line {
    text: String,
    /// The same text with its marks: the runs' plain text, end to end, is `text`.
    runs: Vec<Run>,
    bold_chars: usize,
    plain_chars: usize,
    /// Byte length of the bold text the line opens with, while nothing plain has come yet.
    lead_bold: usize,
    /// Where the first soft break (a Markdown line end inside a paragraph) fell.
    first_soft: Option<usize>,
}

impl Line {
    /// The rich text of `self.text[range]`, white space normalised.
    fn part(&self, range: std::ops::Range<usize>) -> Text {
        let plain = self.text.get(range.clone()).unwrap_or("");
        // Most lines have no markup: their text is all there is.
        let marked = |r: &Run| r.marks != Marks::default() || !matches!(r.leaf, Leaf::Text(_));
        if !self.runs.iter().any(marked) {
            return Text::from(normalise_space(plain));
        }
        rich_or_plain(Text::from_runs(&self.runs).slice(range), plain)
    }
}

/// `rich` normalised when it still reads as `plain` normalised; otherwise that plain text. The
/// readers' question finding works on plain text; the spans only ride along.
fn rich_or_plain(rich: Text, plain: &str) -> Text {
    let want = normalise_space(plain);
    if rich.as_plain().is_some() {
        return Text::from(want);
    }
    let rich = rich.normalised();
    if rich.plain() == want {
        rich
    } else {
        Text::from(want)
    }
}

/// Parts of a paragraph joined by a space.
fn join(parts: Vec<Text>) -> Text {
    let mut spans = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::Text(" ".into()));
        }
        spans.extend(part.spans().iter().cloned());
    }
    Text::new(spans)
}

impl Inline {
    /// Appends a run of text, bold or not.
    pub fn push(&mut self, text: &str, bold: bool) {
        self.push_leaf(Leaf::Text(text.to_string()), bold);
    }

    /// Appends inline code (`ls -l`, without its backticks).
    pub fn push_code(&mut self, code: &str, bold: bool) {
        self.push_leaf(Leaf::Code(code.to_string()), bold);
    }

    /// Appends TeX maths, inline or display.
    pub fn push_math(&mut self, tex: &str, display: bool, bold: bool) {
        self.push_leaf(Leaf::Math(display, tex.to_string()), bold);
    }

    /// Opens (`true`) or closes an italic element.
    pub fn emphasis(&mut self, open: bool) {
        if open {
            self.emphasis += 1;
        } else {
            self.emphasis = self.emphasis.saturating_sub(1);
        }
    }

    /// Opens a link to `url`, or closes it (`None`).
    pub fn link(&mut self, url: Option<String>) {
        self.link = url.filter(|u| !u.trim().is_empty());
    }

    /// Appends a leaf under `marks` (bold, italic, link), whatever [`Inline::emphasis`] and
    /// [`Inline::link`] said.
    pub fn push_marked(&mut self, leaf: Leaf, marks: Marks) {
        let (emphasis, link) = (self.emphasis, self.link.take());
        self.emphasis = usize::from(marks.emphasis);
        self.link = marks.link;
        self.push_leaf(leaf, marks.strong);
        (self.emphasis, self.link) = (emphasis, link);
    }

    fn push_leaf(&mut self, leaf: Leaf, bold: bool) {
        if self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        let marks = Marks {
            link: self.link.clone(),
            strong: bold,
            emphasis: self.emphasis > 0,
        };
        let Some(line) = self.lines.last_mut() else {
            return;
        };
        let start = line.text.len();
        match &leaf {
            Leaf::Text(text) => line.text.push_str(text),
            other => line.text.push_str(&other.plain()),
        }
        let chars = line.text[start..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        line.runs.push(Run { marks, leaf });
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
    pub fn split_question_head(&self) -> Option<(String, Text)> {
        let line = self.lines.first()?;
        let soft = line.first_soft?;
        let (head, rest) = line.text.split_at_checked(soft)?;
        if !is_question_head(head) || rest.trim().is_empty() {
            return None;
        }
        let mut plain = normalise_space(rest);
        let mut parts = vec![line.part(soft..line.text.len())];
        for more in &self.lines[1..] {
            plain.push(' ');
            plain.push_str(&more.text);
            parts.push(more.part(0..more.text.len()));
        }
        Some((normalise_space(head), rich_or_plain(join(parts), &plain)))
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

    /// All the text on one line with its marks, white space normalised.
    pub fn text(&self) -> Text {
        let parts = self.lines.iter().map(|l| l.part(0..l.text.len())).collect();
        rich_or_plain(join(parts), &self.plain_text())
    }

    /// The nodes this inline content stands for: each all-bold line is a [`Node::Bold`], a line
    /// opening with a bold question (`**What is X?** It is…`) splits into the two, and the plain
    /// lines in between join into paragraphs.
    pub fn into_nodes(self) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut paragraph: Vec<Text> = Vec::new();
        let flush = |paragraph: &mut Vec<Text>, nodes: &mut Vec<Node>| {
            if !paragraph.is_empty() {
                let plain: Vec<String> = paragraph.iter().map(Text::plain).collect();
                let plain = plain.join(" ");
                let text = if paragraph.iter().all(|p| p.as_plain().is_some()) {
                    paragraph.clear();
                    Text::from(plain)
                } else {
                    rich_or_plain(join(std::mem::take(paragraph)), &plain)
                };
                nodes.push(Node::Block(Block::Paragraph(text)));
            }
        };
        for line in self.lines {
            // An empty line (`<br><br>`) ends a paragraph.
            if line.bold_chars + line.plain_chars == 0 {
                flush(&mut paragraph, &mut nodes);
                continue;
            }
            let whole = 0..line.text.len();
            if let Some(soft) = line.first_soft.filter(|_| paragraph.is_empty())
                && let Some((head, rest)) = line.text.split_at_checked(soft)
                && is_question_head(head)
                && !rest.trim().is_empty()
            {
                let head = normalise_space(head);
                nodes.push(if line.lead_bold >= soft {
                    Node::Bold(head)
                } else {
                    Node::Block(Block::Paragraph(line.part(0..soft)))
                });
                paragraph.push(line.part(soft..line.text.len()));
                continue;
            }
            // A line that is a numbered question (`Q2. What …`) stands on its own.
            if patterns::question_line(&line.text).is_some_and(|q| q.number.is_some() || q.strong)
                && line.plain_chars > 0
            {
                flush(&mut paragraph, &mut nodes);
                paragraph.push(line.part(whole));
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
                paragraph.push(line.part(line.lead_bold..line.text.len()));
            } else {
                paragraph.push(line.part(whole));
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
                Node::Block(Block::Paragraph(Text::new([
                    Span::Text("It is ".into()),
                    Span::Strong("very".into()),
                    Span::Text(" good.".into()),
                ])))
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
        let note = Text::new([
            Span::Strong("Note:".into()),
            Span::Text(" it matters.".into()),
        ]);
        assert_eq!(
            inline.into_nodes(),
            vec![Node::Block(Block::Paragraph(note))]
        );
    }
}
