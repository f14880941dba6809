//! Builds answer blocks (paragraphs, lists, code) from the content lines of one plain-text answer:
//! `1.` steps make a numbered list, bullets indented under an item nest under it, and
//! `` `code` `` and `**bold**` that the text kept become inline spans.

use std::sync::LazyLock;

use regex::Regex;

use super::wording::{normalise_space, push_normalised};
use crate::model::{Block, Inline, ListItem, Text};

/// Bullet characters: `•`, `-`, `*`, `–` and their cousins.
const BULLET_CHARS: &[char] = &[
    '•', '-', '*', '–', '—', '·', '◦', '▪', '▫', '▸', '►', '‣', '○', '●', '■', '□', '✓', '✔', '➢',
    '➤', '→',
];

/// The text of a bullet or numbered item, or `None` for any other line: `  • Choose a cloud
/// provider`, `- item`, `* item`, `– item`, `1. Step`, `2) Step`, `a) Case`. Hand-written rather
/// than a regex with captures: every answer line goes through it.
fn bullet_text(line: &str) -> Option<&str> {
    bullet(line).map(|(text, _)| text)
}

/// [`bullet_text`] and the item's number when it is a numbered step (`2) Step` is 2).
pub fn bullet(line: &str) -> Option<(&str, Option<u32>)> {
    let line = line.trim_start();
    let mut chars = line.chars();
    let first = chars.next()?;
    let mut number = None;
    let rest = if BULLET_CHARS.contains(&first) {
        chars.as_str()
    } else if first.is_ascii_digit() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 3 {
            return None;
        }
        number = line[..digits].parse().ok();
        line[digits..].strip_prefix(['.', ')'])?
    } else if first.is_ascii_lowercase() {
        chars.as_str().strip_prefix(')')?
    } else {
        return None;
    };
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let text = rest.trim_start();
    (!text.is_empty()).then_some((text, number))
}

/// Columns of leading white space, a tab counting four.
fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// Inline spans a plain text kept: `` `code` `` and `**bold**`. Anything unpaired stays as
/// written.
pub fn inline_text(text: &str) -> Text {
    if !has_markup(text) {
        return Text::from(text);
    }
    spans_of(text)
}

/// [`inline_text`] of a paragraph the builder owns: without spans, the text is kept, not copied.
fn owned_inline_text(text: String) -> Text {
    if !has_markup(&text) {
        return Text::from(text);
    }
    spans_of(&text)
}

/// Whether the text holds a backtick or a star, the only bytes a span starts with: a vector
/// byte search rather than a scan that decodes every character.
fn has_markup(text: &str) -> bool {
    memchr::memchr2(b'`', b'*', text.as_bytes()).is_some()
}

/// The spans of a text that holds a backtick or a star.
fn spans_of(text: &str) -> Text {
    let mut spans = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.find(['`', '*']).unwrap_or(rest.len());
        spans.push(Inline::Text(rest[..next].to_string()));
        rest = &rest[next..];
        if let Some(after) = rest.strip_prefix('`')
            && let Some(end) = after.find('`')
            && end > 0
        {
            spans.push(Inline::Code(after[..end].to_string()));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**")
            && end > 0
            && !after.starts_with(' ')
            && !after[..end].ends_with(' ')
        {
            spans.push(Inline::Strong(Text::from(&after[..end])));
            rest = &after[end + 2..];
        } else if let Some(c) = rest.chars().next() {
            spans.push(Inline::Text(c.to_string()));
            rest = &rest[c.len_utf8()..];
        }
    }
    Text::new(spans)
}

/// An opening or closing code fence, with an optional language: ```` ```python ````, `~~~`.
static FENCE: LazyLock<Regex> =
    LazyLock::new(|| super::literal_regex(r"^\s*(?<fence>```+|~~~+)\s*(?<lang>[\w+#.-]*)\s*$"));

/// Characters that make an indented line look like code rather than indented prose.
const CODE_CHARS: &[char] = &['=', '(', ')', '{', '}', ';', '<', '>', '$', '[', ']'];

/// Lines ending with one of these close a sentence, so the next line starts a new paragraph.
const SENTENCE_END: &[char] = &['.', '?', '!', ':', '"', '”', '’', ')'];

/// Turns the lines of one answer (junk already removed; blank lines kept) into blocks.
pub fn build(lines: &[&str]) -> Vec<Block> {
    let mut builder = Builder::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(caps) = maybe_fence(line).then(|| FENCE.captures(line)).flatten() {
            let fence = &caps["fence"];
            let lang = Some(caps["lang"].to_string()).filter(|l| !l.is_empty());
            let end = lines[i + 1..]
                .iter()
                .position(|l| l.trim_start().starts_with(fence))
                .map_or(lines.len(), |p| i + 1 + p);
            builder.code(lang, &lines[i + 1..end]);
            i = end + 1;
            continue;
        }
        if is_indented_code(line) && builder.open_item.is_none() {
            // Once a block of indented code starts, every following indented line belongs to it
            // (`FROM staff` under `SELECT …` has no code characters of its own).
            let end = lines[i..]
                .iter()
                .position(|l| !is_indented(l) || bullet_text(l).is_some())
                .map_or(lines.len(), |p| i + p);
            builder.code(None, &lines[i..end]);
            i = end;
            continue;
        }
        if line.trim().is_empty() {
            builder.blank();
        } else if let Some((text, number)) = bullet(line) {
            builder.bullet(line, text, number);
        } else {
            builder.text(line);
        }
        i += 1;
    }
    builder.finish()
}

/// Cheap prefilter for [`FENCE`]: most lines are prose and never reach the regex.
fn maybe_fence(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("```") || line.starts_with("~~~")
}

fn is_indented(line: &str) -> bool {
    line.starts_with('\t') || line.starts_with("    ")
}

fn is_indented_code(line: &str) -> bool {
    is_indented(line) && line.contains(CODE_CHARS) && bullet_text(line).is_none()
}

/// Accumulates lines into blocks.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    paragraph: Option<String>,
    items: Vec<Item>,
    /// The item still open for continuation lines (no blank line since its bullet).
    open_item: Option<usize>,
}

impl Builder {
    fn blank(&mut self) {
        self.end_paragraph();
        self.open_item = None;
    }

    fn bullet(&mut self, line: &str, text: &str, number: Option<u32>) {
        self.end_paragraph();
        self.items.push(Item {
            text: normalise_space(text),
            number,
            indent: indent_of(line),
        });
        self.open_item = Some(self.items.len() - 1);
    }

    fn text(&mut self, line: &str) {
        let indented = line.starts_with([' ', '\t']);
        if let (Some(item), true) = (self.open_item, indented) {
            let item = &mut self.items[item].text;
            item.push(' ');
            push_normalised(item, line);
            return;
        }
        self.end_list();
        match &mut self.paragraph {
            Some(paragraph) if !paragraph.ends_with(SENTENCE_END) => {
                paragraph.push(' ');
                push_normalised(paragraph, line);
            }
            _ => {
                self.end_paragraph();
                self.paragraph = Some(normalise_space(line));
            }
        }
    }

    fn code(&mut self, lang: Option<String>, lines: &[&str]) {
        self.end_paragraph();
        self.end_list();
        let indent = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let text = lines
            .iter()
            .map(|l| l.get(indent..).unwrap_or("").trim_end())
            .collect::<Vec<_>>()
            .join("\n");
        let text = text.trim_matches('\n').to_string();
        if !text.is_empty() {
            self.push(Block::Code { lang, text });
        }
    }

    fn end_paragraph(&mut self) {
        if let Some(paragraph) = self.paragraph.take() {
            self.push(Block::Paragraph(owned_inline_text(paragraph)));
        }
    }

    /// Adds a block. Most answers are one block: the first gets a vector of exactly one (a
    /// vector grown by pushing holds four), the second grows it as usual.
    fn push(&mut self, block: Block) {
        if self.blocks.is_empty() {
            self.blocks.reserve_exact(1);
        }
        self.blocks.push(block);
    }

    fn end_list(&mut self) {
        self.open_item = None;
        if !self.items.is_empty() {
            let items = std::mem::take(&mut self.items);
            self.blocks.extend(lists(&items));
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.end_paragraph();
        self.end_list();
        self.blocks
    }
}

/// One list line: its text, its number when it is a numbered step, and how far it is indented.
struct Item {
    text: String,
    number: Option<u32>,
    indent: usize,
}

/// Items as lists: an item indented at least two columns deeper than the one before it nests
/// under that one; numbered steps make a numbered list, bullets a bulleted one.
fn lists(items: &[Item]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let head = &items[i];
        let end = items[i + 1..]
            .iter()
            .position(|it| it.indent < head.indent + 2)
            .map_or(items.len(), |p| i + 1 + p);
        let nested = lists(&items[i + 1..end]);
        // Without markup the item's text is plain as it stands: parsed from it, not from a copy.
        let item = if !has_markup(&head.text) {
            ListItem {
                blocks: nested,
                ..ListItem::parse(&head.text)
            }
        } else {
            let text = inline_text(&head.text);
            match text.as_plain() {
                Some(plain) => ListItem {
                    blocks: nested,
                    ..ListItem::parse(plain)
                },
                None => ListItem::rich(text, nested),
            }
        };
        match (out.last_mut(), head.number) {
            (Some(Block::OrderedList { items, .. }), Some(_)) => items.push(item),
            (Some(Block::List(items)), None) => items.push(item),
            (_, Some(start)) => out.push(Block::OrderedList {
                start,
                items: vec![item],
            }),
            (_, None) => out.push(Block::List(vec![item])),
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph(text.into())
    }

    fn list(items: &[&str]) -> Block {
        Block::List(items.iter().map(|i| ListItem::parse(i)).collect())
    }

    #[test]
    fn one_line_paragraphs_stay_apart() {
        let blocks = build(&["First sentence.", "", "", "Second one."]);
        assert_eq!(blocks, vec![para("First sentence."), para("Second one.")]);
    }

    #[test]
    fn hard_wrapped_lines_join_into_one_paragraph() {
        let blocks = build(&["A model that is", "wrapped  at 40 columns.", "Next."]);
        assert_eq!(
            blocks,
            vec![
                para("A model that is wrapped at 40 columns."),
                para("Next.")
            ]
        );
    }

    #[test]
    fn bullets_separated_by_blank_lines_form_one_list() {
        let blocks = build(&[
            "Here are some steps:",
            "",
            "  • Choose a cloud provider",
            "",
            "  • Version control: Keep code in Git.",
            "",
            "By following these steps, it works.",
        ]);
        assert_eq!(
            blocks,
            vec![
                para("Here are some steps:"),
                list(&[
                    "Choose a cloud provider",
                    "Version control: Keep code in Git."
                ]),
                para("By following these steps, it works."),
            ]
        );
        let Block::List(items) = &blocks[1] else {
            panic!("not a list")
        };
        assert_eq!(items[1].lead.as_deref(), Some("Version control"));
    }

    #[test]
    fn every_bullet_style_is_a_list_item() {
        let blocks = build(&["- a", "* b", "– c", "1. d", "2) e", "a) f"]);
        let steps = Block::OrderedList {
            start: 1,
            items: vec![ListItem::parse("d"), ListItem::parse("e")],
        };
        assert_eq!(blocks, vec![list(&["a", "b", "c"]), steps, list(&["f"])]);
    }

    #[test]
    fn steps_number_sub_bullets_nest_and_code_and_bold_are_spans() {
        let blocks = build(&[
            "Run `make` with **care**:",
            "1. Build",
            "   - compile",
            "   - link",
            "2. Test",
        ]);
        let build_item = ListItem {
            blocks: vec![list(&["compile", "link"])],
            ..ListItem::parse("Build")
        };
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(Text::new([
                    Inline::Text("Run ".into()),
                    Inline::Code("make".into()),
                    Inline::Text(" with ".into()),
                    Inline::Strong("care".into()),
                    Inline::Text(":".into()),
                ])),
                Block::OrderedList {
                    start: 1,
                    items: vec![build_item, ListItem::parse("Test")],
                },
            ]
        );
        // Unpaired marks stay as written.
        assert_eq!(
            inline_text("2 * 3 and a ` tick").as_plain(),
            Some("2 * 3 and a ` tick")
        );
    }

    #[test]
    fn indented_continuation_joins_its_item() {
        let blocks = build(&["- first item that", "  goes on", "- second"]);
        assert_eq!(blocks, vec![list(&["first item that goes on", "second"])]);
    }

    #[test]
    fn fenced_code_keeps_lines_and_language() {
        let blocks = build(&[
            "Run:",
            "```bash",
            "kubectl run nginx --image=nginx",
            "  -n web",
            "```",
            "Done.",
        ]);
        assert_eq!(
            blocks,
            vec![
                para("Run:"),
                Block::Code {
                    lang: Some("bash".into()),
                    text: "kubectl run nginx --image=nginx\n  -n web".into()
                },
                para("Done."),
            ]
        );
    }

    #[test]
    fn indented_code_is_code_but_indented_prose_is_not() {
        let blocks = build(&[
            "Example:",
            "    x = load(model)",
            "    y = x.predict(z)",
            "After.",
        ]);
        assert_eq!(
            blocks,
            vec![
                para("Example:"),
                Block::Code {
                    lang: None,
                    text: "x = load(model)\ny = x.predict(z)".into()
                },
                para("After."),
            ]
        );
        let blocks = build(&[
            "    SELECT a, COUNT(*)",
            "    FROM t",
            "    GROUP BY a;",
            "Done.",
        ]);
        assert_eq!(
            blocks,
            vec![
                Block::Code {
                    lang: None,
                    text: "SELECT a, COUNT(*)\nFROM t\nGROUP BY a;".into()
                },
                para("Done."),
            ]
        );
        let blocks = build(&["    Indented prose without symbols."]);
        assert_eq!(blocks, vec![para("Indented prose without symbols.")]);
    }

    #[test]
    fn unclosed_fence_runs_to_the_end_without_panicking() {
        let blocks = build(&["```", "a()"]);
        assert_eq!(
            blocks,
            vec![Block::Code {
                lang: None,
                text: "a()".into()
            }]
        );
    }
}
