//! Answer blocks as card HTML: paragraphs, lists with bold lead terms, `<pre><code>`. Every piece
//! of article text is HTML-escaped, so a question about `<script>` shows literally; the cards carry
//! no JavaScript (it fails on AnkiMobile).

use crate::model::{Block, ListItem};

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` escaped. A byte loop over the ASCII
/// specials: it runs for every field of every note, so no regex and no allocation per call.
pub fn escape_into(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
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
                    escape_into(out, lang);
                    out.push('"');
                }
                out.push('>');
                escape_into(out, text);
                out.push_str("</code></pre>");
            }
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
    escape_into(out, &item.text);
    out.push_str("</li>");
}

/// The answer's blocks as HTML.
pub fn blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    blocks_into(&mut out, blocks);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("héllo — ok"), "héllo — ok");
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
