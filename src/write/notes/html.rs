//! Answer blocks as card HTML: paragraphs, lists with bold lead terms, `<pre><code>`. Every piece
//! of article text is HTML-escaped, so a question about `<script>` shows literally; the cards carry
//! no JavaScript (it fails on AnkiMobile).

use crate::model::{Block, ListItem};

/// Appends `text` to `out` as HTML element content: `&`, `<` and `>` escaped, which is all that
/// text between tags needs (quotes matter only inside attributes; see [`escape_attribute_into`]).
/// It runs over every field of every note, so the specials are found with `memchr3` (SIMD) and
/// the text between them is copied in one piece.
pub fn escape_into(out: &mut String, text: &str) {
    // Most texts have nothing to escape: one search and one copy, without setting up an iterator
    // (about a tenth of the answer's rendering time).
    match memchr::memchr3(b'&', b'<', b'>', text.as_bytes()) {
        None => out.push_str(text),
        Some(first) => escape_from(out, text, first),
    }
}

/// [`escape_into`] for a text whose first special is at `first`. Kept out of line, so that the
/// common path stays small enough to inline.
#[inline(never)]
fn escape_from(out: &mut String, text: &str, first: usize) {
    let mut start = 0;
    for i in memchr::memchr3_iter(b'&', b'<', b'>', &text.as_bytes()[first..]) {
        let i = first + i;
        out.push_str(&text[start..i]);
        out.push_str(match text.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Appends `text` escaped for a double-quoted attribute value: as content, plus `"` and `'`.
pub fn escape_attribute_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Appends the answer's blocks as HTML.
pub fn blocks_into(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                out.push_str("<p>");
                escape_into(out, text);
                out.push_str("</p>");
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    item_into(out, item);
                }
                out.push_str("</ul>");
            }
            Block::Code { lang, text } => {
                out.push_str("<pre><code");
                if let Some(lang) = lang {
                    out.push_str(" class=\"language-");
                    escape_attribute_into(out, lang);
                    out.push('"');
                }
                out.push('>');
                escape_into(out, text);
                out.push_str("</code></pre>");
            }
        }
    }
}

/// The text length of the blocks: the HTML is about this long, so one allocation usually does.
fn blocks_len(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) => t.len() + 7,
            Block::List(items) => {
                9 + items
                    .iter()
                    .map(|i| i.text.len() + i.lead.as_ref().map_or(0, |l| l.len() + 9) + 9)
                    .sum::<usize>()
            }
            Block::Code { text, .. } => text.len() + 40,
        })
        .sum()
}

fn item_into(out: &mut String, item: &ListItem) {
    out.push_str("<li>");
    if let Some(lead) = &item.lead {
        out.push_str("<b>");
        escape_into(out, lead);
        out.push_str(":</b> ");
    }
    escape_into(out, &item.text);
    out.push_str("</li>");
}

/// The answer's blocks as HTML.
pub fn blocks(blocks: &[Block]) -> String {
    let mut out = String::with_capacity(blocks_len(blocks) + 64);
    blocks_into(&mut out, blocks);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            r#"&lt;script&gt;alert("x" &amp; 'y')&lt;/script&gt;"#
        );
        assert_eq!(escape("héllo — ok"), "héllo — ok");
        assert_eq!(escape("&&<>"), "&amp;&amp;&lt;&gt;");
        let mut attr = String::new();
        escape_attribute_into(&mut attr, r#"a"b'<"#);
        assert_eq!(attr, "a&quot;b&#39;&lt;");
    }

    #[test]
    fn escaping_matches_a_char_by_char_escape() {
        let plain = |text: &str| {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    c => out.push(c),
                }
            }
            out
        };
        let long = "x".repeat(100);
        for text in [
            "",
            "plain text, nothing to escape",
            "<",
            "a<",
            "<a",
            "a & b",
            "é<ü>—&",
            "if a < b && b > c { return; } // a long line past one SIMD block",
            &format!("{long}&{long}<{long}"),
            &format!("{long}é"),
        ] {
            assert_eq!(escape(text), plain(text), "{text:?}");
        }
    }

    #[test]
    fn blocks_render_as_paragraphs_lists_and_code() {
        let html = blocks(&[
            Block::Paragraph("A < B".into()),
            Block::List(vec![
                ListItem::parse("Lead term: rest"),
                ListItem::parse("plain"),
            ]),
            Block::Code {
                lang: Some("py".into()),
                text: "if a < b:\n    pass".into(),
            },
        ]);
        assert_eq!(
            html,
            "<p>A &lt; B</p><ul><li><b>Lead term:</b> rest</li><li>plain</li></ul>\
<pre><code class=\"language-py\">if a &lt; b:\n    pass</code></pre>"
        );
    }
}
