//! The Markdown reader (pulldown-cmark): builds a small block tree, flattens it into an outline
//! (headings, bold lines, numbered items with nested answers, paragraphs, lists, fenced code with
//! its language) and lets `read/outline.rs` find the questions. Front matter gives at most a
//! fallback title; tables of contents sit before the first question or under a section heading and
//! so never enter an answer.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::inline::Inline;
use super::outline::{self, Located, Node, Outline};
use super::patterns::{normalise_space, reads_as_question};
use super::{Reading, Warning};
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
    Heading(u8, Inline, usize),
    Para(Inline, usize),
    List(Option<u64>, Vec<MdItem>, usize),
    Code(Option<String>, String, usize),
    Quote(Vec<Md>),
    Html(String, usize),
    Table(Vec<String>, usize),
}

#[derive(Debug)]
struct MdItem {
    blocks: Vec<Md>,
}

/// A container still open while events stream in.
enum Open {
    /// The document, a quote or a footnote; text of a flattened list item waits in the second.
    Blocks(Vec<Md>, Option<(Inline, usize)>),
    List(Option<u64>, Vec<MdItem>, usize),
    Item(Vec<Md>, Option<(Inline, usize)>),
    Para(Inline, usize),
    Heading(u8, Inline, usize),
    Code(Option<String>, String, usize),
    Html(String, usize),
    Table(Vec<String>, Vec<String>, Inline, usize),
    /// Front matter, or anything whose content is not article text.
    Ignored,
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
}

fn outline_of(text: &str) -> (Outline, Flattened) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let lines = Lines::new(text);
    let mut stack = vec![Open::Blocks(Vec::new(), None)];
    let mut flattened = Flattened::default();
    let mut bold = 0usize;
    let mut image = 0usize;
    let mut front_matter = String::new();
    let mut in_front_matter = false;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.at(range.start);
        match event {
            Event::Start(tag) => {
                if is_block(&tag) {
                    close_tight_text(&mut stack);
                }
                if is_container(&tag) && too_deep(&tag, &stack) {
                    close_tight_text(&mut stack);
                    flattened.open += 1;
                    flattened.count += 1;
                    flattened.first_line.get_or_insert(line);
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
                    Tag::MetadataBlock(_) => {
                        in_front_matter = true;
                        stack.push(Open::Ignored);
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
                TagEnd::MetadataBlock(_) => {
                    in_front_matter = false;
                    stack.pop();
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
            Event::Text(t) if in_front_matter => front_matter.push_str(&t),
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
        fallback_title: front_matter_title(&front_matter),
        skipped: Vec::new(),
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

fn push_text(stack: &mut [Open], text: &str, bold: bool, line: usize) {
    match stack.last_mut() {
        Some(
            Open::Para(inline, _) | Open::Heading(_, inline, _) | Open::Table(_, _, inline, _),
        ) => inline.push(text, bold),
        Some(Open::Item(_, tight) | Open::Blocks(_, tight)) => tight
            .get_or_insert_with(|| (Inline::default(), line))
            .0
            .push(text, bold),
        Some(Open::Code(_, code, _)) => code.push_str(text),
        Some(Open::Html(html, _)) => html.push_str(text),
        _ => {}
    }
}

fn soft_break(stack: &mut [Open], bold: bool, line: usize) {
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
        Open::Ignored => return,
    };
    if let Some(Open::Blocks(blocks, _) | Open::Item(blocks, _)) = stack.last_mut() {
        blocks.push(block);
    }
}

/// Flattens one block of the tree into outline nodes. Only `top` lists (not nested in another
/// list) may turn their items into question candidates.
fn emit(block: Md, top: bool, out: &mut Vec<Located>) {
    match block {
        Md::Heading(level, inline, line) => out.push(Located {
            node: Node::Heading {
                level,
                text: inline.plain_text(),
            },
            line,
        }),
        Md::Para(inline, line) => out.extend(
            inline
                .into_nodes()
                .into_iter()
                .map(|node| Located { node, line }),
        ),
        Md::Code(lang, text, line) => {
            let text = text.trim_end_matches('\n').to_string();
            if !text.trim().is_empty() {
                out.push(Located {
                    node: Node::Block(Block::Code { lang, text }),
                    line,
                });
            }
        }
        Md::Quote(blocks) => {
            for block in blocks {
                emit(block, false, out);
            }
        }
        Md::Html(html, line) => emit_html(&html, line, out),
        Md::Table(rows, line) => {
            if !rows.is_empty() {
                let items = rows.iter().map(|r| ListItem::parse(r)).collect();
                out.push(Located {
                    node: Node::Block(Block::List(items)),
                    line,
                });
            }
        }
        Md::List(start, items, line) => emit_list(start, items, line, top, out),
    }
}

/// A top-level list item with blocks beyond its first paragraph becomes an [`Node::Item`]
/// followed by those blocks when it is numbered or asks something; every other item is one entry
/// of a flat list (nested lists flattened into it).
fn emit_list(
    start: Option<u64>,
    items: Vec<MdItem>,
    line: usize,
    top: bool,
    out: &mut Vec<Located>,
) {
    let mut list: Vec<ListItem> = Vec::new();
    let mut after: Vec<Located> = Vec::new();
    let flush = |list: &mut Vec<ListItem>, after: &mut Vec<Located>, out: &mut Vec<Located>| {
        if !list.is_empty() {
            out.push(Located {
                node: Node::Block(Block::List(std::mem::take(list))),
                line,
            });
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
            out.push(Located {
                node: Node::Item {
                    number,
                    text: question,
                },
                line: first_line,
            });
            out.push(Located {
                node: Node::Block(Block::Paragraph(answer)),
                line: first_line + 1,
            });
            for block in item.blocks.drain(1..) {
                emit(block, false, out);
            }
            continue;
        }
        let asks = number.is_some() || reads_as_question(&text) || heading_first;
        if top && has_text && (nested || heading_first) && asks {
            flush(&mut list, &mut after, out);
            out.push(Located {
                node: Node::Item { number, text },
                line: first_line,
            });
            for block in item.blocks.drain(1..) {
                emit(block, false, out);
            }
            continue;
        }
        flatten_item(item, &mut list, &mut after);
    }
    flush(&mut list, &mut after, out);
}

fn item_line(item: &MdItem) -> Option<usize> {
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

/// Raw HTML inside Markdown: a `<summary>` (GitHub's collapsible answers) is a term; other markup
/// keeps only its text.
fn emit_html(html: &str, line: usize, out: &mut Vec<Located>) {
    let lower = html.to_ascii_lowercase();
    if let Some(start) = lower.find("<summary") {
        let open_end = lower[start..].find('>').map(|e| start + e + 1);
        let close = lower.find("</summary>");
        if let (Some(open_end), Some(close)) = (open_end, close)
            && close > open_end
        {
            let text = strip_tags(&html[open_end..close]);
            if !text.is_empty() {
                out.push(Located {
                    node: Node::Term(text),
                    line: line + html[..start].matches('\n').count(),
                });
            }
            let rest = strip_tags(&html[close..]);
            if !rest.is_empty() {
                out.push(Located {
                    node: Node::Block(Block::Paragraph(rest)),
                    line,
                });
            }
            return;
        }
    }
    let text = strip_tags(html);
    if !text.is_empty() {
        out.push(Located {
            node: Node::Block(Block::Paragraph(text)),
            line,
        });
    }
}

/// The text of an HTML fragment: tags and comments dropped, the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    normalise_space(&text)
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
