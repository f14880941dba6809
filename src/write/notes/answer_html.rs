//! Answer blocks as card HTML: paragraphs, bulleted and numbered lists (nested, bold lead terms),
//! `<pre><code class="language-…">`, tables in a box that scrolls sideways on a phone, images by
//! URL with their alt text, sub-headings, quotes, and inline code, bold, italic, links and MathJax
//! maths (`\(…\)`, `\[…\]`, which Anki renders offline). Article text is escaped by
//! [`super::html`]; only markup of our own is raw.

use super::html::{escape_attribute_into, escape_code_into, escape_into};
use crate::model::{Align, Block, Inline, ListItem, Table, Text};

/// Appends the answer's blocks as HTML.
pub fn blocks_into(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        block_into(out, block);
    }
}

fn block_into(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(text) => {
            out.push_str("<p>");
            text_into(out, text);
            out.push_str("</p>");
        }
        Block::List(items) => {
            out.push_str("<ul>");
            items.iter().for_each(|item| item_into(out, item));
            out.push_str("</ul>");
        }
        Block::OrderedList { start, items } => {
            out.push_str("<ol");
            if *start != 1 {
                out.push_str(" start=\"");
                out.push_str(itoa::Buffer::new().format(*start));
                out.push('"');
            }
            out.push('>');
            items.iter().for_each(|item| item_into(out, item));
            out.push_str("</ol>");
        }
        Block::Code { lang, text } => {
            out.push_str("<pre><code");
            if let Some(lang) = lang {
                out.push_str(" class=\"language-");
                escape_attribute_into(out, lang);
                out.push('"');
            }
            out.push('>');
            escape_code_into(out, text);
            out.push_str("</code></pre>");
        }
        Block::Table(table) => table_into(out, table),
        Block::Image { alt, url } => {
            out.push_str("<img src=\"");
            escape_attribute_into(out, url);
            out.push_str("\" alt=\"");
            escape_attribute_into(out, alt);
            out.push_str("\">");
        }
        Block::Heading(text) => {
            out.push_str("<h4>");
            text_into(out, text);
            out.push_str("</h4>");
        }
        Block::Quote(blocks) => {
            out.push_str("<blockquote>");
            blocks_into(out, blocks);
            out.push_str("</blockquote>");
        }
    }
}

fn item_into(out: &mut String, item: &ListItem) {
    out.push_str("<li>");
    if let Some(lead) = &item.lead {
        out.push_str("<b>");
        escape_into(out, lead);
        out.push_str(":</b> ");
    }
    text_into(out, &item.text);
    blocks_into(out, &item.blocks);
    out.push_str("</li>");
}

/// The table inside a `qa-table` box: the box scrolls sideways, so a wide table never widens the
/// card on a phone.
fn table_into(out: &mut String, table: &Table) {
    let align = |i: usize| match table.align.get(i).copied().unwrap_or_default() {
        Align::None => "",
        Align::Left => " style=\"text-align:left\"",
        Align::Center => " style=\"text-align:center\"",
        Align::Right => " style=\"text-align:right\"",
    };
    out.push_str("<div class=\"qa-table\"><table>");
    if !table.header.is_empty() {
        out.push_str("<thead><tr>");
        for (i, cell) in table.header.iter().enumerate() {
            out.push_str("<th");
            out.push_str(align(i));
            out.push('>');
            text_into(out, cell);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>");
    }
    out.push_str("<tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            out.push_str("<td");
            out.push_str(align(i));
            out.push('>');
            text_into(out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// Appends rich text as inline HTML.
pub fn text_into(out: &mut String, text: &Text) {
    if let Some(plain) = text.as_plain() {
        return escape_into(out, plain);
    }
    for span in text.spans() {
        match span {
            Inline::Text(s) => escape_into(out, s),
            Inline::Code(s) => {
                out.push_str("<code>");
                escape_code_into(out, s);
                out.push_str("</code>");
            }
            Inline::Strong(t) => {
                out.push_str("<b>");
                text_into(out, t);
                out.push_str("</b>");
            }
            Inline::Emphasis(t) => {
                out.push_str("<i>");
                text_into(out, t);
                out.push_str("</i>");
            }
            Inline::Link { url, text } if is_safe_url(url) => {
                out.push_str("<a href=\"");
                escape_attribute_into(out, url);
                out.push_str("\">");
                text_into(out, text);
                out.push_str("</a>");
            }
            Inline::Link { text, .. } => text_into(out, text),
            Inline::Math { display, tex } => {
                out.push_str(if *display { "\\[" } else { "\\(" });
                escape_code_into(out, tex);
                out.push_str(if *display { "\\]" } else { "\\)" });
            }
        }
    }
}

/// A link a card may follow: web, mail or a path of the article's site. `javascript:` and
/// `data:` links keep their words and lose their target.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(blocks: &[Block]) -> String {
        let mut out = String::new();
        blocks_into(&mut out, blocks);
        out
    }

    #[test]
    fn inline_spans_become_tags_and_maths_mathjax() {
        let text = Text::new([
            Inline::Code("a<b".into()),
            Inline::Strong("B".into()),
            Inline::Emphasis("I".into()),
            Inline::Link {
                url: "https://e.com/?a=1&b=\"".into(),
                text: "L".into(),
            },
            Inline::Link {
                url: "javascript:alert(1)".into(),
                text: "J".into(),
            },
            Inline::Math {
                display: false,
                tex: "x<1".into(),
            },
            Inline::Math {
                display: true,
                tex: "y".into(),
            },
        ]);
        assert_eq!(
            html(&[Block::Paragraph(text)]),
            "<p><code>a&lt;b</code><b>B</b><i>I</i><a href=\"https://e.com/?a=1&amp;b=&quot;\">L</a>J\\(x&lt;1\\)\\[y\\]</p>"
        );
    }

    #[test]
    fn numbered_nested_lists_tables_images_headings_and_quotes() {
        let blocks = [
            Block::OrderedList {
                start: 2,
                items: vec![ListItem::rich(
                    "Build".into(),
                    vec![Block::List(vec![ListItem::parse("Lead: x")])],
                )],
            },
            Block::Table(Table {
                align: vec![Align::None, Align::Right],
                header: vec!["A".into(), "B".into()],
                rows: vec![vec!["1".into(), "2".into()]],
            }),
            Block::Image {
                alt: "a \"pod\"".into(),
                url: "p.png".into(),
            },
            Block::Heading("Example".into()),
            Block::Quote(vec![Block::paragraph("Q")]),
        ];
        assert_eq!(
            html(&blocks),
            "<ol start=\"2\"><li>Build<ul><li><b>Lead:</b> x</li></ul></li></ol>\
<div class=\"qa-table\"><table><thead><tr><th>A</th><th style=\"text-align:right\">B</th></tr></thead>\
<tbody><tr><td>1</td><td style=\"text-align:right\">2</td></tr></tbody></table></div>\
<img src=\"p.png\" alt=\"a &quot;pod&quot;\"><h4>Example</h4><blockquote><p>Q</p></blockquote>"
        );
    }
}
