//! The text inside an HTML element as the HTML reader takes it: plain (junk elements left out,
//! code in backticks, white space normalised) or rich (bold, emphasis, links, code and maths as
//! inline spans).

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node as HtmlNode};

use super::chrome::junk_reason;
use super::html::is_block;
use super::inline::Inline;
use super::wording::normalise_space;
use crate::model::Text;

/// TeX of a maths span, its delimiters `\(…\)`, `\[…\]` or dollars taken off; display when it
/// was `\[…\]` or `$$…$$`.
pub(super) fn maths(text: &str) -> (bool, String) {
    let t = text.trim();
    let pairs = [
        ("\\[", "\\]", true),
        ("$$", "$$", true),
        ("\\(", "\\)", false),
        ("$", "$", false),
    ];
    for (open, close, display) in pairs {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return (display, inner.trim().to_string());
        }
    }
    (false, t.to_string())
}

/// The rich text under `el` (nested lists left out when `skip_lists`): bold, italic, links, code
/// and maths as spans. `plain` is its text as the reader compares it; when the spans do not read
/// the same, that plain text.
pub(super) fn rich_text(el: ElementRef, plain: &str, skip_lists: bool) -> Text {
    let mut inline = Inline::default();
    spans_into(el, &mut inline, 0, skip_lists);
    let rich = inline.text();
    if rich.plain() == plain {
        rich
    } else {
        Text::from(plain)
    }
}

/// Pushes the inline content under `el` into `inline`. Recursion is bounded: [`html_depth`]
/// caps how deep a page nests before it is parsed.
fn spans_into(el: ElementRef, inline: &mut Inline, bold: usize, skip_lists: bool) {
    for child in el.children() {
        match child.value() {
            HtmlNode::Text(text) => inline.push(text, bold > 0),
            HtmlNode::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                if (name != "button" && junk_reason(e).is_some())
                    || (skip_lists && matches!(name, "ul" | "ol"))
                {
                    continue;
                }
                match name {
                    "br" => inline.push(" ", bold > 0),
                    "strong" | "b" => spans_into(child, inline, bold + 1, skip_lists),
                    "em" | "i" => {
                        inline.emphasis(true);
                        spans_into(child, inline, bold, skip_lists);
                        inline.emphasis(false);
                    }
                    "a" => {
                        inline.link(e.attr("href").map(str::to_string));
                        spans_into(child, inline, bold, skip_lists);
                        inline.link(None);
                    }
                    "code" | "kbd" => {
                        let code = text_of(*child);
                        inline.push_code(&code, bold > 0);
                    }
                    "span" if e.classes().any(|c| c == "math") => {
                        let (display, tex) = maths(&text_of(*child));
                        inline.push_math(&tex, display, bold > 0);
                    }
                    _ if is_block(name) => {
                        inline.push(" ", bold > 0);
                        spans_into(child, inline, bold, skip_lists);
                        inline.push(" ", bold > 0);
                    }
                    _ => spans_into(child, inline, bold, skip_lists),
                }
            }
            _ => {}
        }
    }
}

/// The text of an element before its first block child (a list item's own words).
pub(super) fn lead_text(el: ElementRef) -> String {
    let mut text = String::new();
    for child in el.children() {
        match child.value() {
            HtmlNode::Text(t) => text.push_str(t),
            HtmlNode::Element(e) if is_block(e.name()) => break,
            HtmlNode::Element(_) => collect_text(child, &mut text, true),
            _ => {}
        }
    }
    normalise_space(&text)
}

/// The visible text under a node: junk elements left out, white space normalised.
pub(super) fn text_of(node: NodeRef<HtmlNode>) -> String {
    let mut text = String::new();
    collect_text(node, &mut text, false);
    normalise_space(&text)
}

/// The text of a list item without its nested lists (they become items of their own).
pub(super) fn text_without_lists(li: ElementRef) -> String {
    let mut text = String::new();
    collect_text(*li, &mut text, true);
    normalise_space(&text)
}

/// Appends the text under `node` (not counting `node` itself) to `out`. Iterative, so that no
/// depth of markup can exhaust the stack.
fn collect_text(node: NodeRef<HtmlNode>, out: &mut String, skip_lists: bool) {
    // The element whose subtree is being left out, while inside it.
    let mut skipping = None;
    for edge in node.traverse() {
        let (child, open) = match edge {
            Edge::Open(child) => (child, true),
            Edge::Close(child) => (child, false),
        };
        if child == node {
            continue;
        }
        if let Some(skipped) = skipping {
            if !open && skipped == child {
                skipping = None;
            }
            continue;
        }
        match child.value() {
            HtmlNode::Text(text) if open => out.push_str(text),
            HtmlNode::Element(e) => {
                let name = e.name();
                let code = matches!(name, "code" | "kbd");
                if open {
                    // A heading's or term's text may sit in a button (FAQ accordions); every
                    // other junk element stays out.
                    let junk = name != "button" && junk_reason(e).is_some();
                    if junk || (skip_lists && matches!(name, "ul" | "ol")) {
                        skipping = Some(child);
                        continue;
                    }
                    if name == "br" || is_block(name) {
                        out.push(' ');
                    }
                    if code {
                        out.push('`');
                    }
                } else {
                    if code {
                        out.push('`');
                    }
                    if is_block(name) {
                        out.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
}

/// Heading text without the permalink marks site generators add (`#`, `¶`, `🔗`).
pub(super) fn heading_text(text: &str) -> String {
    let marks = ['#', '¶', '🔗', '§', ' '];
    normalise_space(text.trim_matches(|c| marks.contains(&c)))
}
