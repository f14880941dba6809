//! Answer blocks: paragraphs, lists (bulleted or numbered, nested), code, tables, images,
//! sub-headings and quotes. Each variant's doc names the input it comes from. A block written
//! with schema 1's shapes (`{"paragraph": "…"}`, `{"list": ["…"]}`, `{"code": …}`) serialises as
//! it did then.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::inline::{Inline, Text};

/// One block of an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Running prose, whitespace normalised. From a line such as
    /// `Monitoring and logging are two essential practices used in software engineering…`.
    Paragraph(Text),
    /// Bulleted items, from lines such as `  • Choose a cloud provider` or `<ul>`.
    List(Vec<ListItem>),
    /// Numbered steps, from `1. Build` `2. Test` or `<ol start="3">`; `start` is the first number.
    OrderedList {
        /// The first item's number.
        start: u32,
        /// The steps.
        items: Vec<ListItem>,
    },
    /// Preformatted text kept byte for byte (fenced or indented code), with its language if named.
    Code {
        /// The language the fence names (```` ```python ````), if any.
        lang: Option<String>,
        /// The code, byte for byte.
        text: String,
    },
    /// A table, from a Markdown pipe table or `<table>`.
    Table(Table),
    /// An image, from `![a pod](pod.png)` or `<img alt src>`: kept by URL, never fetched.
    Image {
        /// What the image shows, in words.
        alt: String,
        /// Where it is, as the article wrote it.
        url: String,
    },
    /// A sub-heading inside an answer: `#### Example`, `<h4>Example</h4>`.
    Heading(Text),
    /// A quotation: `> …`, `<blockquote>`.
    Quote(Vec<Block>),
}

/// A table: a header row (possibly empty), the body rows and each column's alignment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// Each column's alignment; may be shorter than a row (the rest are [`Align::None`]).
    pub align: Vec<Align>,
    /// The header cells; empty when the table has no header row.
    pub header: Vec<Text>,
    /// The body rows.
    pub rows: Vec<Vec<Text>>,
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// As the writer likes.
    #[default]
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// One list item. A bullet such as `Version control: Before creating a pipeline…` keeps its lead
/// term apart so that writers can set it in bold; in JSON an item without markup or nested blocks
/// is the plain string `"Version control: Before creating a pipeline…"`, any other one an object
/// `{"text": …, "blocks": […]}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListItem {
    /// The short term before the colon, when the item has one.
    pub lead: Option<String>,
    /// The rest of the item (the whole item when there is no lead term).
    pub text: Text,
    /// What the item holds below its text: nested lists, mostly.
    pub blocks: Vec<Block>,
}

/// Longest lead term, in words, that still reads as a term rather than a sentence.
const MAX_LEAD_WORDS: usize = 6;
/// Longest lead term, in characters.
const MAX_LEAD_CHARS: usize = 60;

/// Splits `Lead term: rest` into the lead term and the rest, when the part before the colon reads
/// as a term.
fn split_lead(item: &str) -> Option<(&str, &str)> {
    let (lead, rest) = item.split_once(": ")?;
    let (lead, rest) = (lead.trim(), rest.trim());
    let looks_like_term = !lead.is_empty()
        && !rest.is_empty()
        && lead.chars().count() <= MAX_LEAD_CHARS
        && lead.split_whitespace().count() <= MAX_LEAD_WORDS
        && !lead.contains(['.', '?', '!', ';', ':', '(']);
    looks_like_term.then_some((lead, rest))
}

impl ListItem {
    /// Splits `Lead term: rest` into its lead term and rest; an item whose text before the first
    /// `": "` is long or reads like a sentence has no lead term.
    pub fn parse(item: &str) -> ListItem {
        match split_lead(item) {
            Some((lead, rest)) => ListItem {
                lead: Some(lead.to_string()),
                text: Text::from(rest),
                blocks: Vec::new(),
            },
            None => ListItem {
                lead: None,
                text: Text::from(item.trim()),
                blocks: Vec::new(),
            },
        }
    }

    /// An item of rich text and nested blocks. The lead term is split off as [`ListItem::parse`]
    /// does when the text opens with it in plain words or all in bold (`**Term**: rest`,
    /// `**Term:** rest`).
    pub fn rich(text: Text, blocks: Vec<Block>) -> ListItem {
        if let Some(plain) = text.as_plain() {
            return ListItem {
                blocks,
                ..ListItem::parse(plain)
            };
        }
        let plain = text.plain();
        let lead = split_lead(&plain).map(|(lead, _)| lead.to_string());
        let cut = lead.as_ref().and_then(|lead| {
            let head = match text.spans() {
                [Inline::Text(s), ..] => s.clone(),
                [Inline::Strong(t), ..] => t.plain(),
                _ => return None,
            };
            let head = head.trim_start();
            let whole = head == lead.as_str() || head == format!("{lead}:");
            (head.starts_with(&format!("{lead}: ")) || whole).then(|| {
                let from = plain.find(lead.as_str()).unwrap_or(0) + lead.len() + 1;
                from + (plain[from..].len() - plain[from..].trim_start().len())
            })
        });
        match (lead, cut) {
            (Some(lead), Some(from)) => ListItem {
                lead: Some(lead),
                text: text.slice(from..plain.len()),
                blocks,
            },
            _ => ListItem {
                lead: None,
                text,
                blocks,
            },
        }
    }
}

impl fmt::Display for ListItem {
    /// The item's own text in plain words (its nested blocks left out).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(lead) = &self.lead {
            write!(f, "{lead}: ")?;
        }
        f.write_str(&self.text.plain_cow())
    }
}

#[derive(Serialize, Deserialize)]
struct RichItem {
    text: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    blocks: Vec<Block>,
}

/// [`RichItem`] as it is written, borrowing the item's nested blocks: a copy of them at every
/// level of a deeply nested list would cost the list's size times its depth.
#[derive(Serialize)]
#[serde(rename = "RichItem")]
struct RichItemRef<'a> {
    text: &'a Text,
    #[serde(skip_serializing_if = "<[Block]>::is_empty")]
    blocks: &'a [Block],
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ItemRepr {
    Plain(String),
    Rich(RichItem),
}

impl Serialize for ListItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.blocks.is_empty()
            && let Some(plain) = self.text.as_plain()
        {
            return match &self.lead {
                None => serializer.serialize_str(plain),
                Some(_) => serializer.collect_str(self),
            };
        }
        if self.lead.is_none() && self.text.as_plain().is_none() {
            // The spans as they stand: no copy of the text.
            return RichItemRef {
                text: &self.text,
                blocks: &self.blocks,
            }
            .serialize(serializer);
        }
        let mut spans = Vec::new();
        if let Some(lead) = &self.lead {
            spans.push(Inline::Text(format!("{lead}: ")));
        }
        spans.extend(self.text.spans().iter().cloned());
        RichItemRef {
            text: &Text::new(spans),
            blocks: &self.blocks,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match ItemRepr::deserialize(deserializer)? {
            ItemRepr::Plain(text) => ListItem::parse(&text),
            ItemRepr::Rich(RichItem { text, blocks }) => ListItem::rich(text, blocks),
        })
    }
}

impl Block {
    /// A paragraph of plain words.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(Text::from(text.into()))
    }

    /// True when the block is one schema 1 could hold: plain paragraph, flat bulleted list of
    /// plain items, code. Such blocks render as they always did.
    pub fn is_plain(&self) -> bool {
        match self {
            Block::Paragraph(text) => text.as_plain().is_some(),
            Block::List(items) => items
                .iter()
                .all(|i| i.blocks.is_empty() && i.text.as_plain().is_some()),
            Block::Code { .. } => true,
            _ => false,
        }
    }

    /// Feeds the block as plain text: paragraphs as they read, bulleted items as `- item` and
    /// numbered ones as `3. item`, one per line, nested blocks indented under their item, code
    /// verbatim, a table as rows of cells separated by ` | `, an image as `[image: alt] url`.
    pub fn plain_into(&self, feed: &mut dyn FnMut(&str)) {
        plain_block(self, "", feed);
    }
}

/// Feeds `blocks` as plain text, separated by a blank line.
pub fn plain_blocks_into(blocks: &[Block], feed: &mut dyn FnMut(&str)) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            feed("\n\n");
        }
        block.plain_into(feed);
    }
}

/// Feeds `text`, putting `indent` after every line break in it.
fn indented(text: &str, indent: &str, feed: &mut dyn FnMut(&str)) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            feed("\n");
            if !line.is_empty() {
                feed(indent);
            }
        }
        feed(line);
    }
}

fn plain_block(block: &Block, indent: &str, feed: &mut dyn FnMut(&str)) {
    match block {
        Block::Paragraph(text) | Block::Heading(text) => match text.as_plain() {
            Some(s) => indented(s, indent, feed),
            None => indented(&text.plain(), indent, feed),
        },
        Block::Code { text, .. } => indented(text, indent, feed),
        Block::List(items) => plain_items(items, None, indent, feed),
        Block::OrderedList { start, items } => plain_items(items, Some(*start), indent, feed),
        Block::Table(table) => {
            let rows = (!table.header.is_empty())
                .then_some(&table.header)
                .into_iter()
                .chain(&table.rows);
            for (i, row) in rows.enumerate() {
                if i > 0 {
                    feed("\n");
                    feed(indent);
                }
                for (j, cell) in row.iter().enumerate() {
                    if j > 0 {
                        feed(" | ");
                    }
                    cell.plain_into(feed);
                }
            }
        }
        Block::Image { alt, url } => {
            feed("[image: ");
            feed(alt);
            feed("] ");
            feed(url);
        }
        Block::Quote(blocks) => {
            let inner = format!("{indent}> ");
            feed("> ");
            for (i, block) in blocks.iter().enumerate() {
                if i > 0 {
                    feed("\n");
                    feed(&inner);
                    feed("\n");
                    feed(&inner);
                }
                plain_block(block, &inner, feed);
            }
        }
    }
}

fn plain_items(items: &[ListItem], start: Option<u32>, indent: &str, feed: &mut dyn FnMut(&str)) {
    for (j, item) in items.iter().enumerate() {
        if j > 0 {
            feed("\n");
            feed(indent);
        }
        let marker = match start {
            Some(start) => format!("{}. ", u64::from(start) + j as u64),
            None => "- ".to_string(),
        };
        feed(&marker);
        let inner = format!("{indent}{}", " ".repeat(marker.len()));
        if let Some(lead) = &item.lead {
            feed(lead);
            feed(": ");
        }
        match item.text.as_plain() {
            Some(s) => indented(s, &inner, feed),
            None => indented(&item.text.plain(), &inner, feed),
        }
        for block in &item.blocks {
            feed("\n");
            feed(&inner);
            plain_block(block, &inner, feed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(block: &Block) -> String {
        let mut out = String::new();
        block.plain_into(&mut |s| out.push_str(s));
        out
    }

    #[test]
    fn lead_term_is_split_from_a_short_term() {
        let item = ListItem::parse("Version control: Before creating a pipeline, you must…");
        assert_eq!(item.lead.as_deref(), Some("Version control"));
        assert_eq!(
            item.text,
            Text::from("Before creating a pipeline, you must…")
        );
        assert_eq!(
            item.to_string(),
            "Version control: Before creating a pipeline, you must…"
        );
    }

    #[test]
    fn sentence_before_a_colon_is_not_a_lead_term() {
        let item = ListItem::parse("Here are the key steps we took last year: plan, build");
        assert_eq!(item.lead, None);
        let item = ListItem::parse("See https://example.com for more");
        assert_eq!(item.lead, None);
        let item = ListItem::parse("Choose a cloud provider");
        assert_eq!(item.lead, None);
        assert_eq!(item.text, Text::from("Choose a cloud provider"));
    }

    #[test]
    fn a_bold_lead_term_is_split_from_rich_text() {
        let text = Text::new([
            Inline::Strong("Pods".into()),
            Inline::Text(": run ".into()),
            Inline::Code("containers".into()),
        ]);
        let item = ListItem::rich(text, Vec::new());
        assert_eq!(item.lead.as_deref(), Some("Pods"));
        assert_eq!(item.text.plain(), "run `containers`");
        let text = Text::new([
            Inline::Strong("Pods:".into()),
            Inline::Text(" run ".into()),
            Inline::Code("containers".into()),
        ]);
        let item = ListItem::rich(text, Vec::new());
        assert_eq!(item.lead.as_deref(), Some("Pods"));
        assert_eq!(item.text.plain(), "run `containers`");
    }

    #[test]
    fn schema_one_shapes_serialise_as_before() {
        let blocks = vec![
            Block::paragraph("p"),
            Block::List(vec![ListItem::parse("A: b"), ListItem::parse("c")]),
            Block::Code {
                lang: None,
                text: "x = 1".into(),
            },
        ];
        let json = serde_json::to_string(&blocks).unwrap();
        assert_eq!(
            json,
            r#"[{"paragraph":"p"},{"list":["A: b","c"]},{"code":{"lang":null,"text":"x = 1"}}]"#
        );
        let back: Vec<Block> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, blocks);
        assert!(blocks.iter().all(Block::is_plain));
    }

    fn every_block() -> Vec<Block> {
        let nested = ListItem::rich(
            Text::from("Build"),
            vec![Block::List(vec![
                ListItem::parse("compile"),
                ListItem::parse("link"),
            ])],
        );
        vec![
            Block::OrderedList {
                start: 3,
                items: vec![nested, ListItem::parse("Test")],
            },
            Block::Table(Table {
                align: vec![Align::Left, Align::Right],
                header: vec!["Name".into(), "Size".into()],
                rows: vec![vec![Text::new([Inline::Code("ls".into())]), "2".into()]],
            }),
            Block::Image {
                alt: "a pod".into(),
                url: "pod.png".into(),
            },
            Block::Heading("Example".into()),
            Block::Quote(vec![Block::paragraph("Said."), Block::paragraph("Twice.")]),
        ]
    }

    #[test]
    fn every_block_round_trips_through_json() {
        let blocks = every_block();
        let json = serde_json::to_string(&blocks).unwrap();
        assert_eq!(
            json,
            r#"[{"ordered_list":{"start":3,"items":[{"text":"Build","blocks":[{"list":["compile","link"]}]},"Test"]}},{"table":{"align":["left","right"],"header":["Name","Size"],"rows":[[[{"code":"ls"}],"2"]]}},{"image":{"alt":"a pod","url":"pod.png"}},{"heading":"Example"},{"quote":[{"paragraph":"Said."},{"paragraph":"Twice."}]}]"#
        );
        let back: Vec<Block> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, blocks);
        assert!(!blocks.iter().any(Block::is_plain));
    }

    #[test]
    fn plain_text_numbers_steps_indents_nesting_and_splits_cells() {
        let texts: Vec<String> = every_block().iter().map(plain).collect();
        assert_eq!(
            texts,
            [
                "3. Build\n   - compile\n   - link\n4. Test",
                "Name | Size\n`ls` | 2",
                "[image: a pod] pod.png",
                "Example",
                "> Said.\n> \n> Twice.",
            ]
        );
    }
}
