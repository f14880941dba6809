//! The Markdown reader (pulldown-cmark): builds a small block tree, flattens it into an outline
//! (headings, bold lines, numbered items with nested answers, paragraphs, lists, fenced code with
//! its language) and lets `read/outline.rs` find the questions. Front matter gives at most a
//! fallback title; tables of contents sit before the first question or under a section heading and
//! so never enter an answer.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::html_fragment;
use super::inline::Inline;
use super::outline::{self, At, Located, Node, Outline};
use super::reading::{Reading, Skipped, Warning};
use super::wording::{normalise_space, reads_as_question};
use crate::model::{Align, Block, Leaf, ListItem, Marks, Table, Text};

/// Reads a Markdown article. Never fails.
pub fn read(text: &str, file: &str) -> Reading {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (outline, flattened) = outline_of(text);
    let mut reading = outline::read(outline, file);
    reading.warnings.extend(flattened.warning());
    reading
}

/// Deepest nesting of quotes, lists and items the tree keeps. Deeper containers are flattened
/// into the one at this depth (their text stays, their nesting goes), so that neither the tree
/// nor the walks over it can overflow the stack.
const MAX_NESTING: usize = 32;

/// Containers flattened because they sat deeper than [`MAX_NESTING`].
#[derive(Default)]
struct Flattened {
    /// Containers opened beyond the cap and not yet closed.
    open: usize,
    /// How many, and the line of the first.
    count: usize,
    first_line: Option<usize>,
}

impl Flattened {
    fn warning(&self) -> Option<Warning> {
        Some(Warning {
            line: self.first_line?,
            message: format!(
                "Markdown nested deeper than {MAX_NESTING} levels: {} inner quotes, lists or items flattened into the level above (their text is kept)",
                self.count
            ),
        })
    }
}

/// A block of the Markdown tree, with the line it starts on.
#[derive(Debug)]
enum Md {
    Heading(u8, Inline, At),
    Para(Inline, At),
    List(Option<u64>, Vec<MdItem>, At),
    Code(Option<String>, String, At),
    Quote(Vec<Md>),
    Html(String, At),
    /// A table and the line each body row starts on.
    Table(Table, Vec<usize>, At),
    Image(String, String, At),
}

#[derive(Debug)]
struct MdItem {
    blocks: Vec<Md>,
}

/// A container still open while events stream in.
enum Open {
    /// The document, a quote or a footnote; text of a flattened list item waits in the second.
    Blocks(Vec<Md>, Option<(Inline, At)>),
    List(Option<u64>, Vec<MdItem>, At),
    Item(Vec<Md>, Option<(Inline, At)>),
    Para(Inline, At),
    Heading(u8, Inline, At),
    Code(Option<String>, String, At),
    Html(String, At),
    /// The table so far, the line each body row starts on, the row being read and the cell
    /// being read.
    Table(Table, Vec<usize>, Vec<Text>, Inline, At),
}

/// Maps byte offsets to 1-based line numbers.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }

    /// The first and last line a byte range touches (a range ending in a newline does not touch
    /// the next line).
    fn span(&self, range: &std::ops::Range<usize>) -> At {
        let line = self.at(range.start);
        let end = self.at(range.end.saturating_sub(1).max(range.start));
        At { line, end }
    }
}

/// Front matter: a block between `---` (YAML) or `+++` (TOML) lines at the very start of the
/// file. Returns its text and the number of lines it takes. A `---` line anywhere else is a rule
/// or a heading underline, never metadata.
fn front_matter(text: &str) -> Option<(&str, usize)> {
    let mut lines = text.split_inclusive('\n');
    let fence = lines.next()?.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let mut taken = 1;
    let mut len = 0;
    for line in lines {
        taken += 1;
        let trimmed = line.trim_end();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            let start = text.find('\n')? + 1;
            return Some((&text[start..start + len], taken));
        }
        len += line.len();
    }
    None
}

fn outline_of(text: &str) -> (Outline, Flattened) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    let (front_matter, front_lines) = front_matter(text).unwrap_or(("", 0));
    // The front matter's lines are blanked out, so line numbers stay those of the file.
    let body: String;
    let text = if front_lines > 0 {
        let rest = text.split_inclusive('\n').skip(front_lines);
        body = "\n".repeat(front_lines) + &rest.collect::<String>();
        &body
    } else {
        text
    };
    let lines = Lines::new(text);
    let mut stack = vec![Open::Blocks(Vec::new(), None)];
    let mut flattened = Flattened::default();
    let mut bold = 0usize;
    let mut italic = 0usize;
    let mut links: Vec<String> = Vec::new();
    let mut image = 0usize;
    // The image being read (its URL and alt text), and images read whose paragraph is still open.
    let mut alt: Option<(String, String, At)> = None;
    let mut images: Vec<Md> = Vec::new();
    let mut skipped: Vec<Skipped> = (1..=front_lines)
        .map(|line| Skipped {
            line,
            reason: "front matter",
        })
        .collect();

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.span(&range);
        match event {
            Event::Start(tag) => {
                if is_block(&tag) {
                    close_tight_text(&mut stack);
                }
                if is_container(&tag) && too_deep(&tag, &stack) {
                    close_tight_text(&mut stack);
                    flattened.open += 1;
                    flattened.count += 1;
                    flattened.first_line.get_or_insert(line.line);
                    continue;
                }
                match tag {
                    Tag::Paragraph => stack.push(Open::Para(Inline::default(), line)),
                    Tag::Heading { level, .. } => {
                        stack.push(Open::Heading(level as u8, Inline::default(), line))
                    }
                    Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => {
                        stack.push(Open::Blocks(Vec::new(), None))
                    }
                    Tag::CodeBlock(kind) => {
                        let lang = match kind {
                            CodeBlockKind::Fenced(info) => info
                                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                                .next()
                                .filter(|l| !l.is_empty())
                                .map(str::to_string),
                            CodeBlockKind::Indented => None,
                        };
                        stack.push(Open::Code(lang, String::new(), line));
                    }
                    Tag::HtmlBlock => stack.push(Open::Html(String::new(), line)),
                    Tag::List(start) => stack.push(Open::List(start, Vec::new(), line)),
                    Tag::Item => stack.push(Open::Item(Vec::new(), None)),
                    Tag::Table(aligns) => {
                        let table = Table {
                            align: aligns.iter().map(|a| align(*a)).collect(),
                            ..Table::default()
                        };
                        stack.push(Open::Table(
                            table,
                            Vec::new(),
                            Vec::new(),
                            Inline::default(),
                            line,
                        ))
                    }
                    Tag::Strong => bold += 1,
                    Tag::Emphasis => italic += 1,
                    Tag::Link { dest_url, .. } => links.push(dest_url.to_string()),
                    Tag::Image { dest_url, .. } => {
                        image += 1;
                        alt.get_or_insert((dest_url.to_string(), String::new(), line));
                    }
                    _ => {}
                }
            }
            Event::End(end) => match end {
                TagEnd::Strong => bold = bold.saturating_sub(1),
                TagEnd::Emphasis => italic = italic.saturating_sub(1),
                TagEnd::Link => {
                    links.pop();
                }
                TagEnd::Image => {
                    image = image.saturating_sub(1);
                    if image == 0
                        && let Some((url, text, at)) = alt.take()
                    {
                        images.push(Md::Image(normalise_space(&text), url, at));
                    }
                }
                TagEnd::TableCell => {
                    if let Some(Open::Table(_, _, row, cell, _)) = stack.last_mut() {
                        row.push(std::mem::take(cell).text());
                    }
                }
                TagEnd::TableRow | TagEnd::TableHead => {
                    if let Some(Open::Table(table, row_lines, row, _, _)) = stack.last_mut() {
                        let cells = std::mem::take(row);
                        if cells.iter().any(|c| !c.is_empty()) {
                            if end == TagEnd::TableHead && table.header.is_empty() {
                                table.header = cells;
                            } else {
                                table.rows.push(cells);
                                row_lines.push(line.line);
                            }
                        }
                    }
                }
                TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::List(_)
                | TagEnd::Item
                    if flattened.open > 0 =>
                {
                    // Flattened containers are always the innermost: this end is one of theirs.
                    flattened.open -= 1;
                    close_tight_text(&mut stack);
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table => {
                    close_tight_text(&mut stack);
                    let empty = matches!(stack.last(), Some(Open::Para(inline, _)) if inline.plain_text().is_empty());
                    if empty && !images.is_empty() {
                        // A paragraph that is only an image is the image.
                        stack.pop();
                    } else {
                        close(&mut stack);
                    }
                    add_images(&mut stack, &mut images);
                }
                _ => {}
            },
            Event::Text(t) if image > 0 => {
                if let Some((_, text, _)) = alt.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Text(t) => {
                let marks = marks(bold, italic, &links);
                push_leaf(&mut stack, Leaf::Text(t.to_string()), marks, line)
            }
            Event::Code(code) => {
                let marks = marks(bold, italic, &links);
                push_leaf(&mut stack, Leaf::Code(code.to_string()), marks, line)
            }
            Event::InlineMath(math) => {
                let marks = marks(bold, italic, &links);
                push_leaf(
                    &mut stack,
                    Leaf::Math(false, math.trim().to_string()),
                    marks,
                    line,
                )
            }
            Event::DisplayMath(math) => {
                let marks = marks(bold, italic, &links);
                push_leaf(
                    &mut stack,
                    Leaf::Math(true, math.trim().to_string()),
                    marks,
                    line,
                )
            }
            Event::Html(html) => match stack.last_mut() {
                Some(Open::Html(text, _)) => text.push_str(&html),
                _ => stack.push(Open::Html(html.to_string(), line)),
            },
            Event::InlineHtml(html) => {
                let lower = html.to_ascii_lowercase();
                if lower.starts_with("<br") {
                    line_break(&mut stack);
                }
            }
            Event::SoftBreak => soft_break(&mut stack, bold > 0, line),
            Event::Rule => skipped.extend((line.line..=line.end).map(|line| Skipped {
                line,
                reason: "horizontal rule",
            })),
            Event::HardBreak => line_break(&mut stack),
            _ => {}
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    close_tight_text(&mut stack);
    add_images(&mut stack, &mut images);
    let blocks = match stack.pop() {
        Some(Open::Blocks(blocks, _)) => blocks,
        _ => Vec::new(),
    };
    let mut nodes = Vec::new();
    for block in blocks {
        emit(block, true, &mut nodes);
    }
    let outline = Outline {
        nodes,
        fallback_title: front_matter_title(front_matter),
        skipped,
    };
    (outline, flattened)
}

/// Tags whose nesting has no bound in Markdown.
fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::List(_) | Tag::Item
    )
}

/// Whether a container starting now would nest too deep. An item always joins a list that was
/// kept (lists are cut, not their items) and never one that was flattened.
fn too_deep(tag: &Tag, stack: &[Open]) -> bool {
    match tag {
        Tag::Item => !matches!(stack.last(), Some(Open::List(..))),
        _ => stack.len() >= MAX_NESTING,
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Table(_)
    )
}

/// Text in a tight list item arrives without a paragraph around it; it becomes one when a block
/// starts inside the item or the item ends.
fn close_tight_text(stack: &mut [Open]) {
    if let Some(Open::Item(blocks, tight) | Open::Blocks(blocks, tight)) = stack.last_mut()
        && let Some((inline, line)) = tight.take()
    {
        blocks.push(Md::Para(inline, line));
    }
}

/// The marks text sits under: bold, italic, the innermost link.
fn marks(bold: usize, italic: usize, links: &[String]) -> Marks {
    Marks {
        link: links.last().cloned(),
        strong: bold > 0,
        emphasis: italic > 0,
    }
}

fn align(a: pulldown_cmark::Alignment) -> Align {
    match a {
        pulldown_cmark::Alignment::None => Align::None,
        pulldown_cmark::Alignment::Left => Align::Left,
        pulldown_cmark::Alignment::Center => Align::Center,
        pulldown_cmark::Alignment::Right => Align::Right,
    }
}

/// Images read inside a paragraph, heading or cell follow it in the container around it.
fn add_images(stack: &mut [Open], images: &mut Vec<Md>) {
    if images.is_empty() {
        return;
    }
    if let Some(Open::Blocks(blocks, tight) | Open::Item(blocks, tight)) = stack.last_mut() {
        if let Some((inline, line)) = tight.take() {
            blocks.push(Md::Para(inline, line));
        }
        blocks.append(images);
    }
}

fn push_text(stack: &mut [Open], text: &str, bold: bool, line: At) {
    let marks = Marks {
        strong: bold,
        ..Marks::default()
    };
    push_leaf(stack, Leaf::Text(text.to_string()), marks, line);
}

fn push_leaf(stack: &mut [Open], leaf: Leaf, marks: Marks, line: At) {
    match stack.last_mut() {
        Some(
            Open::Para(inline, _) | Open::Heading(_, inline, _) | Open::Table(_, _, _, inline, _),
        ) => inline.push_marked(leaf, marks),
        Some(Open::Item(_, tight) | Open::Blocks(_, tight)) => {
            let (inline, at) = tight.get_or_insert_with(|| (Inline::default(), line));
            at.end = at.end.max(line.end);
            inline.push_marked(leaf, marks)
        }
        Some(Open::Code(_, code, _)) => code.push_str(&leaf.plain()),
        Some(Open::Html(html, _)) => html.push_str(&leaf.plain()),
        _ => {}
    }
}

fn soft_break(stack: &mut [Open], bold: bool, line: At) {
    match stack.last_mut() {
        Some(Open::Para(inline, _)) => inline.soft_break(bold),
        Some(Open::Item(_, Some((inline, _))) | Open::Blocks(_, Some((inline, _)))) => {
            inline.soft_break(bold)
        }
        _ => push_text(stack, " ", bold, line),
    }
}

fn line_break(stack: &mut [Open]) {
    match stack.last_mut() {
        Some(Open::Para(inline, _) | Open::Heading(_, inline, _)) => inline.line_break(),
        Some(Open::Item(_, Some((inline, _))) | Open::Blocks(_, Some((inline, _)))) => {
            inline.line_break()
        }
        _ => {}
    }
}

/// Closes the innermost container and hands its block to the one around it.
fn close(stack: &mut Vec<Open>) {
    let Some(open) = stack.pop() else { return };
    let block = match open {
        Open::Para(inline, line) => Md::Para(inline, line),
        Open::Heading(level, inline, line) => Md::Heading(level, inline, line),
        Open::Code(lang, text, line) => Md::Code(lang, text, line),
        Open::Html(html, line) => Md::Html(html, line),
        Open::List(start, items, line) => Md::List(start, items, line),
        Open::Table(table, row_lines, _, _, line) => Md::Table(table, row_lines, line),
        Open::Blocks(blocks, _) => Md::Quote(blocks),
        Open::Item(blocks, _) => {
            if let Some(Open::List(_, items, _)) = stack.last_mut() {
                items.push(MdItem { blocks });
            }
            return;
        }
    };
    if let Some(Open::Blocks(blocks, _) | Open::Item(blocks, _)) = stack.last_mut() {
        blocks.push(block);
    }
}

/// Flattens one block of the tree into outline nodes. Only `top` lists (not nested in another
/// list) may turn their items into question candidates.
fn emit(block: Md, top: bool, out: &mut Vec<Located>) {
    match block {
        Md::Heading(level, inline, at) => out.push(Located::new(
            Node::Heading {
                level,
                text: inline.plain_text(),
            },
            at,
        )),
        Md::Para(inline, at) => {
            let nodes = inline.into_nodes();
            if nodes.is_empty() {
                // An image alone, or markup that holds no text.
                out.push(Located::new(Node::Markup, at));
            }
            out.extend(nodes.into_iter().map(|node| Located::new(node, at)));
        }
        Md::Code(lang, text, line) => {
            let text = text.trim_end_matches('\n').to_string();
            if !text.trim().is_empty() {
                out.push(Located::new(Node::Block(Block::Code { lang, text }), line));
            }
        }
        Md::Quote(mut blocks) if is_plain_quote(&blocks) => {
            // A quote in a quote in a quote is one quote.
            while let [Md::Quote(_)] = blocks.as_slice() {
                if let Some(Md::Quote(inner)) = blocks.pop() {
                    blocks = inner;
                }
            }
            let at = blocks.iter().find_map(md_line);
            let blocks = to_blocks(blocks);
            if let Some(at) = at
                && !blocks.is_empty()
            {
                out.push(Located::new(Node::Block(Block::Quote(blocks)), at));
            }
        }
        Md::Quote(blocks) => {
            for block in blocks {
                emit(block, false, out);
            }
        }
        Md::Html(html, at) => html_fragment::emit(&html, at, out),
        Md::Table(table, row_lines, line) => {
            if !table.header.is_empty() || !table.rows.is_empty() {
                let mut located = Located::new(Node::Block(Block::Table(table)), line);
                // A question table's rows are questions, each on its own line.
                located.item_lines = row_lines;
                out.push(located);
            }
        }
        Md::Image(alt, url, line) => {
            out.push(Located::new(Node::Block(Block::Image { alt, url }), line));
        }
        Md::List(start, items, line) => emit_list(start, items, line, top, out),
    }
}

/// A top-level list item with blocks beyond its first paragraph becomes an [`Node::Item`]
/// followed by those blocks (its `nested` count) when it is numbered or asks something; every
/// other item is one entry of a list (what it nests nested under it), whose node knows the line
/// each entry starts on.
fn emit_list(start: Option<u64>, items: Vec<MdItem>, line: At, top: bool, out: &mut Vec<Located>) {
    let mut list: Vec<ListItem> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    // The number of the list's first item still to flush, for a numbered list.
    let mut first_number: Option<u32> = None;
    let flush = |list: &mut Vec<ListItem>,
                 lines: &mut Vec<usize>,
                 out: &mut Vec<Located>,
                 first: Option<u32>| {
        if !list.is_empty() {
            let items = std::mem::take(list);
            let block = match first {
                Some(start) => Block::OrderedList { start, items },
                None => Block::List(items),
            };
            let mut located = Located::new(Node::Block(block), line);
            located.item_lines = std::mem::take(lines);
            out.push(located);
        }
    };
    for (k, mut item) in items.into_iter().enumerate() {
        let first_line = item_line(&item).unwrap_or(line);
        // `1. ### What is …` (a heading inside a numbered item) is as good as a paragraph.
        let text = match item.blocks.first() {
            Some(Md::Para(inline, _) | Md::Heading(_, inline, _)) => inline.plain_text(),
            _ => String::new(),
        };
        let heading_first = matches!(item.blocks.first(), Some(Md::Heading(..)));
        let has_text = matches!(item.blocks.first(), Some(Md::Para(..))) || heading_first;
        let nested = item.blocks.len() > usize::from(has_text);
        let number = start
            .and_then(|s| s.checked_add(k as u64))
            .and_then(|n| u32::try_from(n).ok());
        // `1. What is a slice?⏎   A view over an array.`: question and answer in one paragraph.
        let split = match item.blocks.first() {
            Some(Md::Para(inline, _)) if top => inline.split_question_head(),
            _ => None,
        };
        if let Some((question, answer)) = split {
            flush(&mut list, &mut lines, out, first_number.take());
            out.push(Located::new(
                Node::Item {
                    number,
                    text: question,
                },
                At {
                    line: first_line.line,
                    end: first_line.line,
                },
            ));
            let at = out.len() - 1;
            out.push(Located::new(
                Node::Block(Block::Paragraph(answer)),
                At {
                    line: first_line.line + 1,
                    end: first_line.end.max(first_line.line + 1),
                },
            ));
            for block in item.blocks.drain(1..) {
                emit(block, false, out);
            }
            out[at].nested = out.len() - at - 1;
            continue;
        }
        let asks = number.is_some() || reads_as_question(&text) || heading_first;
        if top && has_text && (nested || heading_first) && asks {
            flush(&mut list, &mut lines, out, first_number.take());
            let at = out.len();
            out.push(Located::new(Node::Item { number, text }, first_line));
            for block in item.blocks.drain(1..) {
                emit(block, false, out);
            }
            out[at].nested = out.len() - at - 1;
            continue;
        }
        if list.is_empty() {
            first_number = number;
        }
        flatten_item(item, first_line.line, &mut list, &mut lines);
    }
    flush(&mut list, &mut lines, out, first_number.take());
}

fn item_line(item: &MdItem) -> Option<At> {
    match item.blocks.first()? {
        Md::Para(_, line) | Md::Heading(_, _, line) | Md::Code(_, _, line) => Some(*line),
        Md::List(_, _, line) | Md::Html(_, line) | Md::Table(_, _, line) => Some(*line),
        Md::Image(_, _, line) => Some(*line),
        Md::Quote(_) => None,
    }
}

/// The line a block starts on, when it knows.
fn md_line(block: &Md) -> Option<At> {
    match block {
        Md::Heading(_, _, at) | Md::Para(_, at) | Md::List(_, _, at) | Md::Code(_, _, at) => {
            Some(*at)
        }
        Md::Html(_, at) | Md::Table(_, _, at) | Md::Image(_, _, at) => Some(*at),
        Md::Quote(blocks) => blocks.iter().find_map(md_line),
    }
}

/// A quote of answer material only: no heading, markup, page chrome or line that reads as a
/// question, so it stays one quote block instead of being read for questions and junk.
fn is_plain_quote(blocks: &[Md]) -> bool {
    blocks.iter().all(|b| match b {
        Md::Para(inline, _) => {
            let text = inline.plain_text();
            crate::read::patterns::question_line(&text).is_none()
                && !reads_as_question(&text)
                && super::junk::classify(&text).is_none()
        }
        Md::List(_, items, _) => items.iter().all(|i| is_plain_quote(&i.blocks)),
        Md::Quote(inner) => is_plain_quote(inner),
        Md::Code(..) | Md::Table(..) | Md::Image(..) => true,
        Md::Heading(..) | Md::Html(..) => false,
    })
}

/// Blocks of the tree as answer blocks, kept whole: nested lists stay nested.
fn to_blocks(blocks: Vec<Md>) -> Vec<Block> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Md::Para(inline, _) => {
                let text = inline.text();
                if !text.is_empty() {
                    out.push(Block::Paragraph(text));
                }
            }
            Md::Heading(_, inline, _) => {
                let text = inline.text();
                if !text.is_empty() {
                    out.push(Block::Heading(text));
                }
            }
            Md::List(start, items, _) => {
                let items: Vec<ListItem> = items.into_iter().map(rich_item).collect();
                let start = start.and_then(|s| u32::try_from(s).ok());
                out.push(match start {
                    Some(start) => Block::OrderedList { start, items },
                    None => Block::List(items),
                });
            }
            Md::Code(lang, text, _) => {
                let text = text.trim_end_matches('\n').to_string();
                if !text.trim().is_empty() {
                    out.push(Block::Code { lang, text });
                }
            }
            Md::Quote(inner) => out.push(Block::Quote(to_blocks(inner))),
            Md::Table(table, _, _) => out.push(Block::Table(table)),
            Md::Image(alt, url, _) => out.push(Block::Image { alt, url }),
            Md::Html(html, at) => {
                let mut nodes = Vec::new();
                html_fragment::emit(&html, at, &mut nodes);
                out.extend(nodes.into_iter().filter_map(|n| match n.node {
                    Node::Block(block) => Some(block),
                    Node::Heading { text, .. }
                    | Node::Bold(text)
                    | Node::Term(text)
                    | Node::Item { text, .. } => Some(Block::paragraph(text)),
                    Node::Markup => None,
                }));
            }
        }
    }
    out
}

/// A nested item whole: its paragraphs join into its text, the rest are its blocks.
fn rich_item(item: MdItem) -> ListItem {
    let mut text = Vec::new();
    let mut rest = Vec::new();
    for block in item.blocks {
        match block {
            Md::Para(inline, _) if rest.is_empty() => text.push(inline.text()),
            other => rest.push(other),
        }
    }
    ListItem::rich(join_texts(text), to_blocks(rest))
}

/// Paragraph texts joined by a space.
fn join_texts(texts: Vec<Text>) -> Text {
    let mut spans = Vec::new();
    for (i, text) in texts.into_iter().enumerate() {
        if i > 0 {
            spans.push(crate::model::Inline::Text(" ".into()));
        }
        spans.extend(text.spans().iter().cloned());
    }
    Text::new(spans)
}

/// One item of a list: its paragraphs up to its first other block join into the item's text; the
/// rest (nested lists, code, tables, quotes, later paragraphs) are its blocks, in the order
/// written. `line` is where the item starts; it joins `lines` with the item.
fn flatten_item(item: MdItem, line: usize, list: &mut Vec<ListItem>, lines: &mut Vec<usize>) {
    let mut text = Vec::new();
    let mut rest = Vec::new();
    for block in item.blocks {
        match block {
            Md::Para(inline, _) | Md::Heading(_, inline, _) if rest.is_empty() => {
                text.push(inline.text())
            }
            other => rest.push(other),
        }
    }
    let text = join_texts(text).normalised();
    let only_lists = rest.iter().all(|b| matches!(b, Md::List(..)));
    let blocks = to_blocks(rest);
    if !text.is_empty() {
        list.push(ListItem::rich(text, blocks));
        lines.push(line);
    } else if let Some(last) = list.last_mut().filter(|_| only_lists) {
        // An item that is only a nested list: its list goes under the item before it.
        last.blocks.extend(blocks);
    } else {
        list.push(ListItem::rich(Text::default(), blocks));
        lines.push(line);
    }
}

/// `title: …` from YAML (or `title = …` from TOML) front matter.
fn front_matter_title(front_matter: &str) -> Option<String> {
    front_matter.lines().find_map(|line| {
        let rest = line
            .strip_prefix("title:")
            .or_else(|| line.strip_prefix("title ="))
            .or_else(|| line.strip_prefix("title="))?;
        let title = rest.trim().trim_matches(['"', '\'']).trim();
        (!title.is_empty()).then(|| title.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Inline};

    fn doc(text: &str) -> crate::model::Document {
        read(text, "a.md").document
    }

    #[test]
    fn deep_nesting_is_flattened_with_a_warning_naming_the_line() {
        // 11,000 quotes and 5,000 quoted list items once overflowed the stack.
        for text in [
            format!("{}What is a deep quote?", "> ".repeat(11_000)),
            format!("{}What is a deep item?", "> - ".repeat(5_000)),
        ] {
            let reading = read(&text, "deep.md");
            assert_eq!(reading.warnings.len(), 1);
            assert_eq!(reading.warnings[0].line, 1);
            assert!(reading.warnings[0].message.contains("flattened"));
        }
        // Questions below the cap are all kept, one per level.
        let text: String = (0..60)
            .map(|i| {
                let q = "> ".repeat(i);
                format!("{q}**What is level {i}?**\n{q}\n{q}Level {i}.\n{q}\n")
            })
            .collect();
        let reading = read(&text, "nested.md");
        assert_eq!(reading.document.questions.len(), 60);
        assert_eq!(
            reading.document.questions[59].answer,
            vec![Block::Paragraph("Level 59.".into())]
        );
        assert_eq!(reading.warnings[0].line, 4 * MAX_NESTING + 1);
        // Tight items past the cap keep their text, each as a paragraph of its own.
        let text = format!("{}- first\n{}- second\n", "> ".repeat(40), "> ".repeat(40));
        let reading = read(&format!("# T\n\n**What is it?**\n\n{text}"), "items.md");
        let answer = &reading.document.questions[0].answer;
        assert_eq!(
            answer,
            &vec![Block::Quote(vec![
                Block::Paragraph("first".into()),
                Block::Paragraph("second".into())
            ])]
        );
    }

    #[test]
    fn practice_items_keep_their_lines_and_answer_lists_and_tables_their_structure() {
        let d = doc(
            "# Platform Questions\n\n## Leadership\n\n- Tell me about a time you led without authority.\n- How do you handle a **missed** deadline?\n\n## 1. What does a release run?\n\n3. Build\n   - compile\n4. Test\n\n| Flag | Effect |\n|:-----|-------:|\n| `-j` | jobs |\n",
        );
        let got: Vec<(&str, usize, Option<&str>)> = d
            .questions
            .iter()
            .map(|q| (q.question.as_str(), q.source.line, q.section.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Tell me about a time you led without authority.",
                    5,
                    Some("Leadership")
                ),
                (
                    "How do you handle a missed deadline?",
                    6,
                    Some("Leadership")
                ),
                ("What does a release run?", 8, Some("Leadership")),
            ]
        );
        assert!(d.questions[0].answer.is_empty());
        let nested = ListItem::rich(
            "Build".into(),
            vec![Block::List(vec![ListItem::parse("compile")])],
        );
        assert_eq!(
            d.questions[2].answer,
            vec![
                Block::OrderedList {
                    start: 3,
                    items: vec![nested, ListItem::parse("Test")],
                },
                Block::Table(Table {
                    align: vec![Align::Left, Align::Right],
                    header: vec!["Flag".into(), "Effect".into()],
                    rows: vec![vec![Text::new([Inline::Code("-j".into())]), "jobs".into()]],
                }),
            ]
        );
    }

    #[test]
    fn numbered_headings_are_questions_with_code_and_lists() {
        let d = doc(
            "---\ntitle: Front\n---\n# Python Questions\n\n[[_TOC_]]\n\n## 1. What is a list?\n\nA: A **mutable** sequence, see `list()`.\n\n- ordered\n- mutable\n\n```python\nxs = [1, 2]\n```\n\n## 2. What is a tuple?\n\nImmutable.\n",
        );
        assert_eq!(d.title, "Python Questions");
        assert_eq!(d.questions.len(), 2);
        let q = &d.questions[0];
        assert_eq!(
            (q.number, q.question.as_str()),
            (Some(1), "What is a list?")
        );
        assert_eq!(q.source.line, 8);
        assert_eq!(
            q.answer,
            vec![
                Block::Paragraph(Text::new([
                    Inline::Text("A ".into()),
                    Inline::Strong("mutable".into()),
                    Inline::Text(" sequence, see ".into()),
                    Inline::Code("list()".into()),
                    Inline::Text(".".into()),
                ])),
                Block::List(vec![ListItem::parse("ordered"), ListItem::parse("mutable")]),
                Block::Code {
                    lang: Some("python".into()),
                    text: "xs = [1, 2]".into()
                },
            ]
        );
    }

    #[test]
    fn bold_lines_and_numbered_items_are_questions() {
        let d = doc(
            "**What is Git?**\nA version control system.\n\n**What is a commit?**\n\nA snapshot.\n",
        );
        let qs: Vec<&str> = d.questions.iter().map(|q| q.question.as_str()).collect();
        assert_eq!(qs, vec!["What is Git?", "What is a commit?"]);
        assert_eq!(
            d.questions[0].answer,
            vec![Block::Paragraph("A version control system.".into())]
        );
        let d = doc(
            "Intro.\n\n1. What is a branch?\n\n   A pointer.\n\n2. What is a tag?\n\n   A fixed pointer.\n   ```sh\n   git tag v1\n   ```\n",
        );
        let qs: Vec<(Option<u32>, &str)> = d
            .questions
            .iter()
            .map(|q| (q.number, q.question.as_str()))
            .collect();
        assert_eq!(
            qs,
            vec![(Some(1), "What is a branch?"), (Some(2), "What is a tag?")]
        );
        assert_eq!(d.questions[1].answer.len(), 2);
    }

    #[test]
    fn summary_blocks_are_questions() {
        let d = doc(
            "# FAQ\n\n<details>\n<summary>What is HTTP?</summary>\n\nA protocol.\n\n</details>\n\n<details>\n<summary>What is TLS?</summary>\n\nEncryption.\n\n</details>\n",
        );
        let qs: Vec<&str> = d.questions.iter().map(|q| q.question.as_str()).collect();
        assert_eq!(qs, vec!["What is HTTP?", "What is TLS?"]);
        assert_eq!(
            d.questions[0].answer,
            vec![Block::Paragraph("A protocol.".into())]
        );
    }
}
