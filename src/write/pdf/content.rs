//! A question as rows of typeset text: the numbered bold question, "also asked as" phrasings,
//! paragraphs, bulleted items with a hanging indent and bold lead terms, and monospace code.
//! Rows know their height and what must stay with what; where they go is the flow's business.

use crate::model::{Block, ListItem};

use super::fonts::FontId;
use super::para::break_spans;
use super::text::{Run, Span, Usage, label, runs};

/// One line of text, ready to place in a column.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Space above the row, dropped at the top of a column.
    pub space_before: f32,
    /// The row's height (its leading).
    pub height: f32,
    /// Baseline distance from the row's top.
    pub baseline: f32,
    /// Runs, `x` measured from the column's left edge.
    pub runs: Vec<Run>,
    /// 0 is black, 1 white.
    pub gray: f32,
    /// A light background behind the whole row (code), as a gray level.
    pub fill: Option<f32>,
    /// The row may not end a column: keeps a question with its answer, and paragraphs free of
    /// orphans and widows.
    pub keep_with_next: bool,
}

/// Type sizes of one layout, points.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub question: f32,
    pub body: f32,
    pub small: f32,
    /// Leading as a multiple of the size.
    pub leading: f32,
    /// Space between blocks of an answer, multiple of the body size.
    pub block_gap: f32,
}

impl Sizes {
    /// Every size scaled by `factor`, for answers shrunk to fit a card.
    pub fn scaled(self, factor: f32) -> Sizes {
        Sizes {
            question: self.question * factor,
            body: self.body * factor,
            small: self.small * factor,
            ..self
        }
    }
}

/// Gray level behind code.
const CODE_FILL: f32 = 0.94;

/// Marks a code line that wraps.
const WRAP_MARK: &str = "↪";

/// Bullet for list items.
const BULLET: &str = "•";

/// A paragraph to set.
struct Para<'a> {
    spans: &'a [Span],
    size: f32,
    indent: f32,
    marker: Option<Span>,
    space_before: f32,
    gray: f32,
    keep_all: bool,
    /// Extra indent of a line that wraps (code, whose own indentation must stay readable).
    wrap_indent: f32,
    fill: Option<f32>,
}

/// Lays out one paragraph into rows `measure` points wide.
fn set(rows: &mut Vec<Row>, para: Para<'_>, leading: f32, measure: f32, usage: &mut Usage) {
    let height = para.size * leading;
    let baseline = (height - para.size) / 2.0 + para.size * 0.8;
    let (glyphs, lines) = break_spans(
        para.spans,
        para.size,
        measure - para.indent - para.wrap_indent,
        usage,
    );
    let first = rows.len();
    for (i, line) in lines.iter().enumerate() {
        let mut line_runs = Vec::new();
        if i == 0
            && let Some(marker) = &para.marker
        {
            let (mg, ml) = break_spans(std::slice::from_ref(marker), para.size, measure, usage);
            if let Some(m) = ml.first() {
                let x = (para.indent
                    - super::text::width(&mg[m.start..m.end], para.size)
                    - para.size * 0.45)
                    .max(0.0);
                line_runs.extend(runs(&mg[m.start..m.end], para.size, x));
            }
        }
        // A line that starts right after a line feed (or the paragraph's start) is one of the
        // text's own lines; any other is a wrap.
        let wrapped = para.wrap_indent > 0.0 && line.start > 0 && glyphs[line.start - 1].ch != '\n';
        let x = para.indent + if wrapped { para.wrap_indent } else { 0.0 };
        if wrapped {
            // A hook in front of a wrapped line tells it from the code's own indentation.
            let (hook, width) = label(usage, FontId::Mono, para.size, WRAP_MARK);
            let at = (x - width - para.size * 0.3).max(0.0);
            line_runs.extend(hook.into_iter().map(|r| Run { x: r.x + at, ..r }));
        }
        line_runs.extend(runs(&glyphs[line.start..line.end], para.size, x));
        rows.push(Row {
            space_before: if i == 0 { para.space_before } else { 0.0 },
            height,
            baseline,
            runs: line_runs,
            gray: para.gray,
            fill: para.fill,
            keep_with_next: para.keep_all,
        });
    }
    let n = rows.len() - first;
    if n >= 2 {
        // No orphan (a first line alone at a column's foot) and no widow (a last line alone at
        // the next column's head).
        rows[first].keep_with_next = true;
        rows[first + n - 2].keep_with_next = true;
    }
}

/// A heading that opens one article's questions when a sheet holds several; it stays with what
/// follows.
pub fn heading_rows(
    text: &str,
    size: f32,
    leading: f32,
    measure: f32,
    usage: &mut Usage,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let spans = [Span::new(FontId::Bold, text)];
    let para = Para {
        spans: &spans,
        size,
        indent: 0.0,
        marker: None,
        space_before: 0.0,
        gray: 0.25,
        keep_all: true,
        wrap_indent: 0.0,
        fill: None,
    };
    set(&mut rows, para, leading, measure, usage);
    rows
}

/// The question rows: number and text in bold, then the other phrasings of a merged question.
pub fn question_rows(
    number: usize,
    question: &str,
    also: &[&str],
    sizes: Sizes,
    measure: f32,
    usage: &mut Usage,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let spans = [Span::new(
        FontId::Bold,
        format!("{number}.\u{a0}{question}"),
    )];
    let para = Para {
        spans: &spans,
        size: sizes.question,
        indent: 0.0,
        marker: None,
        space_before: 0.0,
        gray: 0.0,
        keep_all: true,
        wrap_indent: 0.0,
        fill: None,
    };
    set(&mut rows, para, sizes.leading, measure, usage);
    if !also.is_empty() {
        let mut spans = vec![Span::new(FontId::Bold, "Also asked as: ")];
        let quoted: Vec<String> = also.iter().map(|q| format!("“{q}”")).collect();
        spans.push(Span::new(FontId::Regular, quoted.join(" · ")));
        let para = Para {
            spans: &spans,
            size: sizes.small,
            indent: 0.0,
            marker: None,
            space_before: sizes.small * 0.2,
            gray: 0.35,
            keep_all: true,
            wrap_indent: 0.0,
            fill: None,
        };
        set(&mut rows, para, sizes.leading, measure, usage);
    }
    if let Some(last) = rows.last_mut() {
        last.keep_with_next = true;
    }
    rows
}

/// The answer rows. The first row has no space above: the caller sets the gap after the question.
pub fn answer_rows(answer: &[Block], sizes: Sizes, measure: f32, usage: &mut Usage) -> Vec<Row> {
    let mut rows = Vec::new();
    let gap = sizes.body * sizes.block_gap;
    for (b, block) in answer.iter().enumerate() {
        let space = if b == 0 { 0.0 } else { gap };
        match block {
            Block::Paragraph(text) => {
                let spans = [Span::new(FontId::Regular, text.as_str())];
                set(
                    &mut rows,
                    body(&spans, sizes, space),
                    sizes.leading,
                    measure,
                    usage,
                );
            }
            Block::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let spans = item_spans(item);
                    let para = Para {
                        indent: sizes.body * 1.1,
                        marker: Some(Span::new(FontId::Regular, BULLET)),
                        space_before: if i == 0 { space } else { sizes.body * 0.15 },
                        ..body(&spans, sizes, 0.0)
                    };
                    set(&mut rows, para, sizes.leading, measure, usage);
                }
            }
            Block::Code { text, .. } => {
                let spans = [Span::new(FontId::Mono, text.trim_end_matches('\n'))];
                let para = Para {
                    size: sizes.body * 0.9,
                    indent: sizes.body * 0.5,
                    wrap_indent: sizes.body * 2.0,
                    fill: Some(CODE_FILL),
                    ..body(&spans, sizes, space)
                };
                set(&mut rows, para, sizes.leading, measure, usage);
            }
        }
    }
    rows
}

fn body<'a>(spans: &'a [Span], sizes: Sizes, space_before: f32) -> Para<'a> {
    Para {
        spans,
        size: sizes.body,
        indent: 0.0,
        marker: None,
        space_before,
        gray: 0.0,
        keep_all: false,
        wrap_indent: 0.0,
        fill: None,
    }
}

fn item_spans(item: &ListItem) -> Vec<Span> {
    match &item.lead {
        Some(lead) => vec![
            Span::new(FontId::Bold, format!("{lead}: ")),
            Span::new(FontId::Regular, item.text.as_str()),
        ],
        None => vec![Span::new(FontId::Regular, item.text.as_str())],
    }
}

/// Total height of rows set one after another.
pub fn height(rows: &[Row]) -> f32 {
    rows.iter()
        .enumerate()
        .map(|(i, r)| r.height + if i == 0 { 0.0 } else { r.space_before })
        .sum()
}
