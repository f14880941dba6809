//! A question as rows of typeset text: the numbered question heading, the numbers and phrasings
//! it was also asked as, paragraphs, bulleted items with a hanging indent and bold lead terms,
//! monospace code, and the other answers of a merged question, smaller and indented. Each piece
//! becomes an element of the structure tree. Rows know their height and what must stay with
//! what; where they go is the flow's business.

use crate::model::{Block, Leaf, ListItem, Text};

use super::fonts::FontId;
use super::page::Ink;
use super::para::break_spans;
use super::tags::{Kind, NodeId, Structure};
use super::text::{Run, Span, Usage, runs};

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
    pub ink: Ink,
    /// A light background behind the whole row (code).
    pub fill: Option<Ink>,
    /// The row may not end a column: keeps a question with its answer, a list item or a code
    /// line whole, and paragraphs free of orphans and widows.
    pub keep_with_next: bool,
    /// The row opens a block (a paragraph, list item, code block): the best place to split an
    /// answer over two cards.
    pub block_start: bool,
    /// Where a wrapped code line's continuation mark goes, points from the column's left edge.
    pub hook: Option<f32>,
}

impl Default for Ink {
    fn default() -> Self {
        Ink::BLACK
    }
}

/// Where rows are set: a column `measure` points wide, recording the glyphs used and growing the
/// structure tree.
pub struct Setter<'a> {
    pub measure: f32,
    pub usage: &'a mut Usage,
    pub tree: &'a mut Structure,
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
    /// Every size scaled by `factor`, for text shrunk to fit a card.
    pub fn scaled(self, factor: f32) -> Sizes {
        Sizes {
            question: self.question * factor,
            body: self.body * factor,
            small: self.small * factor,
            ..self
        }
    }

    /// The sizes of the other answers of a merged question: body text at the small size.
    fn other(self) -> Sizes {
        Sizes {
            body: self.small,
            ..self
        }
    }
}

/// Gray level behind code.
const CODE_FILL: Ink = Ink::gray(0.94);

/// Bullet for list items.
const BULLET: &str = "•";

/// A paragraph to set.
struct Para<'a> {
    spans: &'a [Span],
    size: f32,
    indent: f32,
    /// A bullet, drawn as an artifact: the list item's element says it is one.
    marker: Option<Span>,
    space_before: f32,
    ink: Ink,
    keep_all: bool,
    /// Extra indent of a line that wraps (code, whose own indentation must stay readable).
    wrap_indent: f32,
    fill: Option<Ink>,
    node: NodeId,
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
        line_runs.extend(
            runs(&glyphs[line.start..line.end], para.size, x)
                .into_iter()
                .map(|r| Run {
                    node: Some(para.node),
                    ..r
                }),
        );
        if wrapped && let Some(prev) = rows.last_mut() {
            // A code line's wrap stays with the line it continues.
            prev.keep_with_next = true;
        }
        rows.push(Row {
            space_before: if i == 0 { para.space_before } else { 0.0 },
            height,
            baseline,
            runs: line_runs,
            ink: para.ink,
            fill: para.fill,
            keep_with_next: para.keep_all,
            block_start: i == 0,
            hook: wrapped.then_some(x - para.size * 1.5),
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
    node: NodeId,
    s: &mut Setter<'_>,
) -> Vec<Row> {
    line_rows(text, (FontId::Bold, Ink::ACCENT), size, leading, node, s)
}

/// The small grey line under an article's heading saying where the article came from (its file
/// or web address); it stays with what follows.
pub fn source_rows(
    text: &str,
    size: f32,
    leading: f32,
    node: NodeId,
    s: &mut Setter<'_>,
) -> Vec<Row> {
    let mut rows = line_rows(
        text,
        (FontId::Regular, Ink::gray(0.4)),
        size,
        leading,
        node,
        s,
    );
    for row in &mut rows {
        row.keep_with_next = true;
    }
    rows
}

/// `text` set in one face and colour, its lines kept together.
fn line_rows(
    text: &str,
    (font, ink): (FontId, Ink),
    size: f32,
    leading: f32,
    node: NodeId,
    s: &mut Setter<'_>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let spans = [Span::new(font, text)];
    let para = Para {
        ink,
        keep_all: true,
        ..plain(&spans, size, node)
    };
    set(&mut rows, para, leading, s.measure, s.usage);
    rows
}

/// Another number a merged question was asked under, with its wording when that differs.
#[derive(Debug, Clone)]
pub struct Also<'a> {
    pub number: String,
    pub phrasing: Option<&'a str>,
}

/// The question rows: its number and text, bold in the accent colour, then the numbers (and
/// wordings) it was also asked as.
pub fn question_rows(
    number: &str,
    question: &str,
    also: &[Also<'_>],
    sizes: Sizes,
    parent: NodeId,
    s: &mut Setter<'_>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let heading = s.tree.add(parent, Kind::Heading(3));
    let spans = [Span::new(
        FontId::Bold,
        format!("{number}\u{a0}\u{a0}{question}"),
    )];
    let para = Para {
        ink: Ink::ACCENT,
        keep_all: true,
        ..plain(&spans, sizes.question, heading)
    };
    set(&mut rows, para, sizes.leading, s.measure, s.usage);
    if !also.is_empty() {
        let node = s.tree.add(parent, Kind::Note);
        let mut spans = vec![Span::new(FontId::Bold, "also ")];
        for (i, a) in also.iter().enumerate() {
            if i > 0 {
                spans.push(Span::new(FontId::Regular, " · "));
            }
            spans.push(Span::new(FontId::Bold, a.number.as_str()));
            if let Some(phrasing) = a.phrasing {
                spans.push(Span::new(FontId::Regular, format!(" “{phrasing}”")));
            }
        }
        let para = Para {
            space_before: sizes.small * 0.2,
            ink: Ink::gray(0.35),
            keep_all: true,
            ..plain(&spans, sizes.small, node)
        };
        set(&mut rows, para, sizes.leading, s.measure, s.usage);
    }
    if let Some(last) = rows.last_mut() {
        last.keep_with_next = true;
    }
    rows
}

/// The answer rows, `indent` points in from the column's edge. The first row has no space
/// above: the caller sets the gap after the question.
pub fn answer_rows(
    answer: &[Block],
    sizes: Sizes,
    indent: f32,
    parent: NodeId,
    s: &mut Setter<'_>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let gap = sizes.body * sizes.block_gap;
    for (b, block) in answer.iter().enumerate() {
        let space = if b == 0 { 0.0 } else { gap };
        let before = rows.len();
        let lead_in = b + 1 < answer.len();
        block_rows(&mut rows, block, lead_in, space, indent, sizes, parent, s);
        if let Some(first) = rows.get_mut(before) {
            first.block_start = true;
        }
    }
    rows
}

/// Sets one block, `indent` points in, with `space` above it. A list item's nested blocks and a
/// quote's blocks are set the same way, further in. `lead_in`: something follows the block.
#[allow(clippy::too_many_arguments)]
fn block_rows(
    rows: &mut Vec<Row>,
    block: &Block,
    lead_in: bool,
    space: f32,
    indent: f32,
    sizes: Sizes,
    parent: NodeId,
    s: &mut Setter<'_>,
) {
    match block {
        Block::Paragraph(text) | Block::Heading(text) => {
            let node = s.tree.add(parent, Kind::Paragraph);
            let base = if matches!(block, Block::Heading(_)) {
                FontId::Bold
            } else {
                FontId::Regular
            };
            let spans = text_spans(text, base);
            let para = Para {
                indent,
                space_before: space,
                ..plain(&spans, sizes.body, node)
            };
            set(rows, para, sizes.leading, s.measure, s.usage);
            // A lead-in ("…as follows:") or a sub-heading stays with what it introduces.
            let introduces = text.plain_cow().trim_end().ends_with(':') || base == FontId::Bold;
            if introduces
                && lead_in
                && let Some(last) = rows.last_mut()
            {
                last.keep_with_next = true;
            }
        }
        Block::List(items) => items_rows(rows, items, None, space, indent, sizes, parent, s),
        Block::OrderedList { start, items } => {
            items_rows(rows, items, Some(*start), space, indent, sizes, parent, s)
        }
        Block::Code { text, .. } => {
            let node = s.tree.add(parent, Kind::Code);
            let spans = [Span::new(FontId::Mono, text.trim_end_matches('\n'))];
            let para = Para {
                indent: indent + sizes.body * 0.5,
                wrap_indent: sizes.body * 2.0,
                fill: Some(CODE_FILL),
                space_before: space,
                ..plain(&spans, sizes.body * 0.9, node)
            };
            set(rows, para, sizes.leading, s.measure, s.usage);
        }
        Block::Table(table) => {
            // Rows of cells separated by ` | `, the header row in bold: a page has no room to
            // scroll sideways, and a row never splits.
            let node = s.tree.add(parent, Kind::Paragraph);
            let header = (!table.header.is_empty()).then_some((&table.header, FontId::Bold));
            let body = table.rows.iter().map(|r| (r, FontId::Regular));
            for (i, (row, font)) in header.into_iter().chain(body).enumerate() {
                let mut spans = Vec::new();
                for (j, cell) in row.iter().enumerate() {
                    if j > 0 {
                        spans.push(Span::new(FontId::Regular, " | "));
                    }
                    spans.extend(text_spans(cell, font));
                }
                let para = Para {
                    indent: indent + sizes.body * 0.5,
                    wrap_indent: sizes.body,
                    space_before: if i == 0 { space } else { sizes.body * 0.15 },
                    ..plain(&spans, sizes.body * 0.9, node)
                };
                let first = rows.len();
                set(rows, para, sizes.leading, s.measure, s.usage);
                keep_together(rows, first);
            }
        }
        Block::Image { alt, .. } => {
            let node = s.tree.add(parent, Kind::Paragraph);
            let spans = [Span::new(FontId::Regular, format!("[image: {alt}]"))];
            let para = Para {
                indent,
                space_before: space,
                ink: Ink::gray(0.35),
                ..plain(&spans, sizes.body, node)
            };
            set(rows, para, sizes.leading, s.measure, s.usage);
        }
        Block::Quote(blocks) => {
            for (i, inner) in blocks.iter().enumerate() {
                let gap = if i == 0 {
                    space
                } else {
                    sizes.body * sizes.block_gap
                };
                let indent = indent + sizes.body * 1.1;
                block_rows(
                    rows,
                    inner,
                    i + 1 < blocks.len(),
                    gap,
                    indent,
                    sizes,
                    parent,
                    s,
                );
            }
        }
    }
}

/// List items with a hanging indent: a bullet, or the item's number when `start` is set; an
/// item's nested blocks go under its text, one step further in.
#[allow(clippy::too_many_arguments)]
fn items_rows(
    rows: &mut Vec<Row>,
    items: &[ListItem],
    start: Option<u32>,
    space: f32,
    indent: f32,
    sizes: Sizes,
    parent: NodeId,
    s: &mut Setter<'_>,
) {
    let list = s.tree.add(parent, Kind::List);
    for (i, item) in items.iter().enumerate() {
        let li = s.tree.add(list, Kind::Item);
        let body = s.tree.add(li, Kind::Body);
        let spans = item_spans(item);
        let marker = match start {
            Some(start) => format!("{}.", u64::from(start) + i as u64),
            None => BULLET.to_string(),
        };
        let inner = indent + sizes.body * if start.is_some() { 1.5 } else { 1.1 };
        let para = Para {
            indent: inner,
            marker: Some(Span::new(FontId::Regular, marker)),
            space_before: if i == 0 { space } else { sizes.body * 0.15 },
            ..plain(&spans, sizes.body, body)
        };
        let first = rows.len();
        set(rows, para, sizes.leading, s.measure, s.usage);
        // A list item is never split.
        keep_together(rows, first);
        for block in &item.blocks {
            block_rows(rows, block, false, sizes.body * 0.15, inner, sizes, body, s);
        }
    }
}

/// Marks every row from `first` but the last to stay with the next.
fn keep_together(rows: &mut [Row], first: usize) {
    let last = rows.len().saturating_sub(1);
    for row in rows.iter_mut().take(last).skip(first) {
        row.keep_with_next = true;
    }
}

/// Rich text as font runs: inline code and maths in the mono face, bold in bold, emphasis in the
/// oblique face of its weight; link targets are not set (the `-v` report names them).
fn text_spans(text: &Text, base: FontId) -> Vec<Span> {
    if let Some(plain) = text.as_plain() {
        return vec![Span::new(base, plain)];
    }
    let mut spans: Vec<Span> = Vec::new();
    for run in text.runs() {
        let (font, text) = match run.leaf {
            Leaf::Text(t) => {
                let font = if run.marks.strong { FontId::Bold } else { base };
                let font = if run.marks.emphasis {
                    font.emphasised()
                } else {
                    font
                };
                (font, t)
            }
            Leaf::Code(t) | Leaf::Math(_, t) => (FontId::Mono, t),
        };
        match spans.last_mut() {
            Some(last) if last.font == font => last.text.push_str(&text),
            _ => spans.push(Span::new(font, text)),
        }
    }
    spans
}

/// The answers of the other questions of a merged group, each under a small label naming its
/// number, smaller and indented below the main answer.
pub fn other_answer_rows(
    others: &[(String, &[Block])],
    sizes: Sizes,
    parent: NodeId,
    s: &mut Setter<'_>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    if others.is_empty() {
        return rows;
    }
    let small = sizes.other();
    let indent = sizes.body * 0.9;
    let note = s.tree.add(parent, Kind::Note);
    for (number, answer) in others {
        let label = s.tree.add(note, Kind::Paragraph);
        let spans = [Span::new(FontId::Bold, format!("Answer to {number}"))];
        let para = Para {
            indent,
            space_before: sizes.body * 0.5,
            ink: Ink::gray(0.3),
            keep_all: true,
            ..plain(&spans, small.small, label)
        };
        set(&mut rows, para, sizes.leading, s.measure, s.usage);
        let mut answer = answer_rows(answer, small, indent, note, s);
        for row in &mut answer {
            if row.ink == Ink::BLACK {
                row.ink = Ink::gray(0.2);
            }
        }
        if let Some(first) = answer.first_mut() {
            first.space_before = sizes.small * 0.15;
        }
        rows.append(&mut answer);
    }
    if let Some(first) = rows.first_mut() {
        first.block_start = true;
    }
    rows
}

fn plain(spans: &[Span], size: f32, node: NodeId) -> Para<'_> {
    Para {
        spans,
        size,
        indent: 0.0,
        marker: None,
        space_before: 0.0,
        ink: Ink::BLACK,
        keep_all: false,
        wrap_indent: 0.0,
        fill: None,
        node,
    }
}

fn item_spans(item: &ListItem) -> Vec<Span> {
    let mut spans = Vec::new();
    if let Some(lead) = &item.lead {
        spans.push(Span::new(FontId::Bold, format!("{lead}: ")));
    }
    spans.extend(text_spans(&item.text, FontId::Regular));
    spans
}

/// Total height of rows set one after another.
pub fn height(rows: &[Row]) -> f32 {
    rows.iter()
        .enumerate()
        .map(|(i, r)| r.height + if i == 0 { 0.0 } else { r.space_before })
        .sum()
}
