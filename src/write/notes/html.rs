//! Answer blocks as card HTML: paragraphs, lists with bold lead terms, `<pre><code>`. Every piece
//! of article text is HTML-escaped, so a question about `<script>` shows literally, and so is
//! Anki's own syntax: `[sound:…]`, `[anki:tts]`, `[latex]`, `[$]`, `[$$]` and the MathJax
//! delimiters `\(`, `\)`, `\[`, `\]` would become media, speech, LaTeX images and maths on the
//! card, and the words would vanish. The cards carry no JavaScript (it fails on AnkiMobile).

use crate::model::{Block, plain_blocks_into};

/// Appends `text` to `out` as HTML element content that shows literally on a card: `&`, `<` and
/// `>` escaped (quotes matter only inside attributes; see [`escape_attribute_into`]), the `[` that
/// opens one of Anki's tags written `&#91;` (Anki looks for the tags in the field's HTML, so they
/// no longer match, and the browser shows `[`), and a word joiner (U+2060, invisible) put between
/// `\` and the bracket of a MathJax delimiter (MathJax reads the page's text, where an entity
/// would already be decoded).
pub fn escape_into(out: &mut String, text: &str) {
    escape_with(out, text, true);
}

/// [`escape_into`] for code: MathJax never looks inside `<pre>` or `<code>`, so its delimiters stay
/// as they are (a word joiner would be copied with the code); Anki's tags are still escaped.
pub(super) fn escape_code_into(out: &mut String, text: &str) {
    escape_with(out, text, false);
}

/// It runs over every field of every note, so the specials are found with `memchr` (SIMD) and the
/// text between them is copied in one piece.
fn escape_with(out: &mut String, text: &str, maths: bool) {
    // Most texts have nothing to escape: two searches and one copy, without setting up an iterator.
    let bytes = text.as_bytes();
    let first = match (
        memchr::memchr3(b'&', b'<', b'>', bytes),
        memchr::memchr2(b'[', b'\\', bytes),
    ) {
        (None, None) => return out.push_str(text),
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
    };
    escape_from(out, text, first, maths);
}

/// Anki's tags that a `[` opens, matched case-insensitively: media and speech (`[sound:`,
/// `[anki:tts]`, any `[anki:` tag and its end) and LaTeX (`[latex]`, `[$]`, `[$$]` and their ends).
const ANKI_TAGS: [&str; 9] = [
    "sound:", "anki:", "/anki:", "latex]", "/latex]", "$]", "/$]", "$$]", "/$$]",
];

/// [`escape_with`] for a text whose first special is at `first`. Kept out of line, so that the
/// common path stays small enough to inline.
#[inline(never)]
fn escape_from(out: &mut String, text: &str, first: usize, maths: bool) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for i in first..bytes.len() {
        let replacement = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'[' if opens_anki_tag(&bytes[i + 1..]) => "&#91;",
            b'\\' if maths && matches!(bytes.get(i + 1), Some(b'(' | b')' | b'[' | b']')) => {
                "\\\u{2060}"
            }
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

fn opens_anki_tag(rest: &[u8]) -> bool {
    ANKI_TAGS.iter().any(|tag| {
        rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
    })
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

/// A field a spreadsheet would run as a formula when the deck's CSV is opened in one (it starts
/// with `=`, `+`, `-`, `@`, tab or carriage return), made inert the way Anki still shows it: that
/// first character as an HTML entity (`=` becomes `&#61;`). The deck and the CSV carry the same
/// fields, so importing one over the other changes nothing.
pub fn formula_inert(field: String) -> String {
    match field.chars().next() {
        Some(c @ ('=' | '+' | '-' | '@' | '\t' | '\r')) => {
            format!("&#{};{}", u32::from(c), &field[1..])
        }
        _ => field,
    }
}

/// Appends the answer's blocks as HTML (see [`super::answer_html`]).
pub fn blocks_into(out: &mut String, blocks: &[Block]) {
    super::answer_html::blocks_into(out, blocks);
}

/// The text length of the blocks: the HTML is about this long, so one allocation usually does.
fn blocks_len(blocks: &[Block]) -> usize {
    let mut len = 0;
    plain_blocks_into(blocks, &mut |s| len += s.len());
    len + 16 * blocks.len()
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
    use crate::model::ListItem;

    #[test]
    fn fields_that_would_be_formulas_start_with_an_entity() {
        let inert = |s: &str| formula_inert(s.to_string());
        assert_eq!(inert("=1+1"), "&#61;1+1");
        assert_eq!(inert("+cmd"), "&#43;cmd");
        assert_eq!(inert("-2"), "&#45;2");
        assert_eq!(inert("@SUM(A1)"), "&#64;SUM(A1)");
        assert_eq!(inert("<b>=x</b>"), "<b>=x</b>");
        assert_eq!(inert(""), "");
    }

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
            let chars: Vec<char> = text.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let rest: String = chars[i + 1..].iter().collect();
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '[' if opens_anki_tag(rest.as_bytes()) => out.push_str("&#91;"),
                    '\\' if rest.starts_with(['(', ')', '[', ']']) => out.push_str("\\\u{2060}"),
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
            "[sound:x] \\( [[",
            &format!("{long}[latex]{long}\\]"),
        ] {
            assert_eq!(escape(text), plain(text), "{text:?}");
        }
    }

    #[test]
    fn anki_syntax_shows_literally() {
        assert_eq!(
            escape("Play [sound:x.mp3] or [SOUND:y.mp3], say [anki:tts lang=en_US]hi[/anki:tts]"),
            "Play &#91;sound:x.mp3] or &#91;SOUND:y.mp3], say &#91;anki:tts lang=en_US]hi&#91;/anki:tts]"
        );
        assert_eq!(
            escape("[latex]x^2[/latex] [$]y[/$] [$$]z[/$$] [1] [$5 off] [link](u)"),
            "&#91;latex]x^2&#91;/latex] &#91;$]y&#91;/$] &#91;$$]z&#91;/$$] [1] [$5 off] [link](u)"
        );
        assert_eq!(
            escape(r"\(a\) \[b\] C:\path \n"),
            "\\\u{2060}(a\\\u{2060}) \\\u{2060}[b\\\u{2060}] C:\\path \\n"
        );
        // In code, MathJax never looks: only Anki's tags are escaped.
        let code = blocks(&[Block::Code {
            lang: None,
            text: r"re.match(r'\(x\)', s)  # [sound:a]".into(),
        }]);
        assert_eq!(
            code,
            "<pre><code>re.match(r'\\(x\\)', s)  # &#91;sound:a]</code></pre>"
        );
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
