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
use crate::model::{Block, ListItem};

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
    Table(Vec<String>, At),
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
    Table(Vec<String>, Vec<String>, Inline, At),
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
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
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
    let mut image = 0usize;
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
                    Tag::Table(_) => {
                        stack.push(Open::Table(Vec::new(), Vec::new(), Inline::default(), line))
                    }
                    Tag::Strong => bold += 1,
                    Tag::Image { .. } => image += 1,
                    _ => {}
                }
            }
            Event::End(end) => match end {
                TagEnd::Strong => bold = bold.saturating_sub(1),
                TagEnd::Image => image = image.saturating_sub(1),
                TagEnd::TableCell => {
                    if let Some(Open::Table(_, row, cell, _)) = stack.last_mut() {
                        row.push(std::mem::take(cell).plain_text());
                    }
                }
                TagEnd::TableRow | TagEnd::TableHead => {
                    if let Some(Open::Table(rows, row, _, _)) = stack.last_mut() {
                        let cells: Vec<String> = std::mem::take(row)
                            .into_iter()
                            .filter(|c| !c.is_empty())
                            .collect();
                        if !cells.is_empty() {
                            rows.push(cells.join(" | "));
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
                    close(&mut stack);
                }
                _ => {}
            },
            Event::Text(t) if image == 0 => push_text(&mut stack, &t, bold > 0, line),
            Event::Code(code) => push_text(&mut stack, &format!("`{code}`"), bold > 0, line),
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                push_text(&mut stack, &math, bold > 0, line)
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

fn push_text(stack: &mut [Open], text: &str, bold: bool, line: At) {
    match stack.last_mut() {
        Some(
            Open::Para(inline, _) | Open::Heading(_, inline, _) | Open::Table(_, _, inline, _),
        ) => inline.push(text, bold),
        Some(Open::Item(_, tight) | Open::Blocks(_, tight)) => {
            let (inline, at) = tight.get_or_insert_with(|| (Inline::default(), line));
            at.end = at.end.max(line.end);
            inline.push(text, bold)
        }
        Some(Open::Code(_, code, _)) => code.push_str(text),
        Some(Open::Html(html, _)) => html.push_str(text),
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
        Open::Table(rows, _, _, line) => Md::Table(rows, line),
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
        Md::Quote(blocks) => {
            for block in blocks {
                emit(block, false, out);
            }
        }
        Md::Html(html, at) => html_fragment::emit(&html, at, out),
        Md::Table(rows, line) => {
            if !rows.is_empty() {
                let items = rows.iter().map(|r| ListItem::parse(r)).collect();
                out.push(Located::new(Node::Block(Block::List(items)), line));
            }
        }
        Md::List(start, items, line) => emit_list(start, items, line, top, out),
    }
}

/// A top-level list item with blocks beyond its first paragraph becomes an [`Node::Item`]
/// followed by those blocks when it is numbered or asks something; every other item is one entry
/// of a flat list (nested lists flattened into it).
fn emit_list(start: Option<u64>, items: Vec<MdItem>, line: At, top: bool, out: &mut Vec<Located>) {
    let mut list: Vec<ListItem> = Vec::new();
    let mut after: Vec<Located> = Vec::new();
    let flush = |list: &mut Vec<ListItem>, after: &mut Vec<Located>, out: &mut Vec<Located>| {
        if !list.is_empty() {
            out.push(Located::new(
                Node::Block(Block::List(std::mem::take(list))),
                line,
            ));
        }
        out.append(after);
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
            flush(&mut list, &mut after, out);
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
            out.push(Located::new(
                Node::Block(Block::Paragraph(answer.into())),
                At {
                    line: first_line.line + 1,
                    end: first_line.end.max(first_line.line + 1),
                },
            ));
            for block in item.blocks.drain(1..) {
                emit(block, false, out);
            }
            continue;
        }
        let asks = number.is_some() || reads_as_question(&text) || heading_first;
        if top && has_text && (nested || heading_first) && asks {
            flush(&mut list, &mut after, out);
            out.push(Located::new(Node::Item { number, text }, first_line));
            for block in item.blocks.drain(1..) {
                emit(block, false, out);
            }
            continue;
        }
        flatten_item(item, &mut list, &mut after);
    }
    flush(&mut list, &mut after, out);
}

fn item_line(item: &MdItem) -> Option<At> {
    match item.blocks.first()? {
        Md::Para(_, line) | Md::Heading(_, _, line) | Md::Code(_, _, line) => Some(*line),
        Md::List(_, _, line) | Md::Html(_, line) | Md::Table(_, line) => Some(*line),
        Md::Quote(_) => None,
    }
}

/// One item of a flat list: its paragraphs join into the item's text, nested list items follow it
/// as items of their own, code goes after the list.
fn flatten_item(item: MdItem, list: &mut Vec<ListItem>, after: &mut Vec<Located>) {
    let mut text = Vec::new();
    let mut nested = Vec::new();
    for block in item.blocks {
        match block {
            Md::Para(inline, _) | Md::Heading(_, inline, _) => text.push(inline.plain_text()),
            Md::List(_, items, _) => nested.extend(items),
            other => emit(other, false, after),
        }
    }
    let text = normalise_space(&text.join(" "));
    if !text.is_empty() {
        list.push(ListItem::parse(&text));
    }
    for item in nested {
        flatten_item(item, list, after);
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
    use crate::model::Block;

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
            &vec![
                Block::Paragraph("first".into()),
                Block::Paragraph("second".into())
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
                Block::Paragraph("A mutable sequence, see `list()`.".into()),
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
