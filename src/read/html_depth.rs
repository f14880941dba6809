//! Caps how deep an HTML page nests before the parser sees it: start and end tags of elements
//! past [`MAX_DEPTH`] are taken out (their text stays, in the element around them), because the
//! HTML tree builder checks its whole stack of open elements at every tag and so takes quadratic
//! time on deep pages, and a deep tree would be cut by the reader's walks.
//!
//! The scan follows the HTML tokenizer closely enough to find every tag's end (quoted attributes,
//! comments, `<script>` and other raw text) and models the elements the tree builder closes by
//! itself (`<p>`, `<li>`, `<td>` …). Where the model and the parser differ the cap is only less
//! exact; every walk of the scan is bounded, so it takes linear time.

use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest nesting of elements passed on to the parser.
pub const MAX_DEPTH: usize = 100;
/// Headings, paragraphs and the like still open this much deeper, so that a question and its
/// answer inside a flattened stack of `<div>`s keep their own elements.
const TEXT_BLOCK_BAND: usize = 16;
/// Longest walk down the stack of open elements for one tag.
const MAX_WALK: usize = 256;

/// A page with its nesting capped.
pub struct Capped<'a> {
    pub html: Cow<'a, str>,
    /// How many elements were flattened, and the line of the first one.
    pub flattened: usize,
    pub first_line: Option<usize>,
}

/// One open element: its lowercase name and whether its tags were kept.
struct Open {
    name: String,
    kept: bool,
}

struct Scan<'a> {
    src: &'a str,
    out: String,
    /// Bytes of `src` before this are in `out` already (or cut).
    copied: usize,
    stack: Vec<Open>,
    /// Open elements per name, so that an end tag with no open element costs no walk.
    open: HashMap<String, usize>,
    kept: usize,
    foreign: usize,
    flattened: usize,
    first_cut: Option<usize>,
}

/// Takes the tags of elements nested deeper than [`MAX_DEPTH`] out of `html`.
pub fn cap(html: &str) -> Capped<'_> {
    let mut scan = Scan {
        src: html,
        out: String::new(),
        copied: 0,
        stack: Vec::new(),
        open: HashMap::new(),
        kept: 0,
        foreign: 0,
        flattened: 0,
        first_cut: None,
    };
    scan.run();
    let first_line = scan
        .first_cut
        .map(|at| 1 + memchr::memchr_iter(b'\n', &html.as_bytes()[..at]).count());
    let flattened = scan.flattened;
    let html = if flattened == 0 {
        Cow::Borrowed(html)
    } else {
        scan.out.push_str(&html[scan.copied..]);
        Cow::Owned(scan.out)
    };
    Capped {
        html,
        flattened,
        first_line,
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];
/// Elements that hold text rather than other blocks: kept a little past the cap.
const TEXT_BLOCKS: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "summary", "pre", "code", "strong",
    "b", "em", "i", "a", "td", "th", "tr",
];
/// Inline elements a `<p>` may hold: an open `<p>` below them still closes at the next block.
const PHRASING: &[&str] = &[
    "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "kbd", "label", "mark", "nobr",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
];
/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "dd",
    "dt",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];
/// Elements an end tag does not reach past (the parser's "scope").
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

impl Scan<'_> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut at = 0;
        while let Some(found) = memchr::memchr(b'<', &bytes[at.min(bytes.len())..]) {
            let start = at + found;
            at = self.markup(start);
        }
    }

    /// Handles whatever starts with the `<` at `start`; returns where scanning goes on.
    fn markup(&mut self, start: usize) -> usize {
        let bytes = self.src.as_bytes();
        let rest = &bytes[start + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3)
            }
            Some(b'!' | b'?') => skip_to_gt(bytes, start + 1),
            Some(b'/') => match rest.get(1) {
                Some(c) if c.is_ascii_alphabetic() => self.end_tag(start),
                _ => skip_to_gt(bytes, start + 1),
            },
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(start),
            _ => start + 1,
        }
    }

    fn start_tag(&mut self, start: usize) -> usize {
        let bytes = self.src.as_bytes();
        let (name, name_end) = tag_name(bytes, start + 1);
        let (end, self_closing) = attributes_end(bytes, name_end);
        if name == "svg" || name == "math" {
            self.foreign += usize::from(!self_closing);
        }
        if RAW_TEXT.contains(&name.as_str()) && self.foreign == 0 {
            return raw_text_end(bytes, end, &name);
        }
        if name == "plaintext" {
            return bytes.len();
        }
        if VOID.contains(&name.as_str()) || (self_closing && self.foreign > 0) {
            return end;
        }
        self.implied_ends(&name);
        let keep = self.kept < MAX_DEPTH
            || (self.kept < MAX_DEPTH + TEXT_BLOCK_BAND && TEXT_BLOCKS.contains(&name.as_str()));
        if !keep {
            self.cut(start, end, &name);
        }
        *self.open.entry(name.clone()).or_default() += 1;
        self.kept += usize::from(keep);
        self.stack.push(Open { name, kept: keep });
        end
    }

    fn end_tag(&mut self, start: usize) -> usize {
        let bytes = self.src.as_bytes();
        let (name, name_end) = tag_name(bytes, start + 2);
        let end = skip_to_gt(bytes, name_end);
        if (name == "svg" || name == "math") && self.foreign > 0 {
            self.foreign -= 1;
        }
        if self.open.get(&name).copied().unwrap_or(0) == 0 {
            return end;
        }
        let reaches_scope = !SCOPE.contains(&name.as_str());
        let Some(depth) = self.find_open(|n| n == name, |n| reaches_scope && SCOPE.contains(&n))
        else {
            return end;
        };
        if !self.stack[depth].kept {
            self.cut(start, end, &name);
        }
        self.pop_to(depth);
        end
    }

    /// Closes what the parser would close by itself before `name` opens.
    fn implied_ends(&mut self, name: &str) {
        let is = |set: &'static [&'static str]| move |n: &str| set.contains(&n);
        let found = match name {
            "li" => self.find_open(|n| n == "li", |n| !passes_for_items(n)),
            "dt" | "dd" => self.find_open(|n| n == "dt" || n == "dd", |n| !passes_for_items(n)),
            "tr" => self.find_open(|n| n == "tr", is(&["table", "thead", "tbody", "tfoot"])),
            "td" | "th" => self.find_open(|n| n == "td" || n == "th", is(&["tr", "table"])),
            "tbody" | "thead" | "tfoot" => {
                self.find_open(is(&["tbody", "thead", "tfoot"]), is(&["table"]))
            }
            "option" => self.find_open(|n| n == "option", |n| n != "optgroup"),
            _ if HEADINGS.contains(&name) => self.find_open(is(HEADINGS), |_| true),
            _ => None,
        };
        if let Some(depth) = found {
            self.pop_to(depth);
        }
        if CLOSES_P.contains(&name)
            && let Some(depth) = self.find_open(|n| n == "p", |n| !PHRASING.contains(&n))
        {
            self.pop_to(depth);
        }
    }

    /// The innermost open element that `is` matches, looking no further than an element that
    /// `stop` matches and than [`MAX_WALK`] elements.
    fn find_open(&self, is: impl Fn(&str) -> bool, stop: impl Fn(&str) -> bool) -> Option<usize> {
        for (depth, open) in self.stack.iter().enumerate().rev().take(MAX_WALK) {
            if is(&open.name) {
                return Some(depth);
            }
            if stop(&open.name) {
                return None;
            }
        }
        None
    }

    fn pop_to(&mut self, depth: usize) {
        for open in self.stack.drain(depth..) {
            self.kept -= usize::from(open.kept);
            if let Some(count) = self.open.get_mut(&open.name) {
                *count = count.saturating_sub(1);
            }
        }
    }

    /// Takes the tag at `start..end` out of the page; a block's tag leaves a line break, so that
    /// the text on either side stays apart.
    fn cut(&mut self, start: usize, end: usize, name: &str) {
        self.out.push_str(&self.src[self.copied..start]);
        if !PHRASING.contains(&name) {
            self.out.push_str("<br>");
        }
        self.copied = end;
        self.flattened += 1;
        self.first_cut.get_or_insert(start);
    }
}

/// Elements a new `<li>`, `<dt>` or `<dd>` looks through for an open one to close.
fn passes_for_items(name: &str) -> bool {
    name == "div" || name == "p" || name == "address" || PHRASING.contains(&name)
}

/// The lowercase tag name starting at `at`, and where it ends.
fn tag_name(bytes: &[u8], at: usize) -> (String, usize) {
    let end = bytes[at..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .map_or(bytes.len(), |n| at + n);
    let name = String::from_utf8_lossy(&bytes[at..end]).to_ascii_lowercase();
    (name, end)
}

/// Where a start tag ends (just past its `>`), and whether it closed itself (`/>`), following
/// the tokenizer's attribute states: only a quote right after `=` starts a quoted value.
fn attributes_end(bytes: &[u8], mut at: usize) -> (usize, bool) {
    let mut slash = false;
    while at < bytes.len() {
        match bytes[at] {
            b'>' => return (at + 1, slash),
            b'/' => {
                slash = true;
                at += 1;
                continue;
            }
            b if b.is_ascii_whitespace() => {
                at += 1;
                continue;
            }
            _ => {}
        }
        slash = false;
        // An attribute name: its first character may be anything but those above.
        at += 1;
        while at < bytes.len()
            && !matches!(bytes[at], b'>' | b'/' | b'=')
            && !bytes[at].is_ascii_whitespace()
        {
            at += 1;
        }
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                at =
                    memchr::memchr(quote, &bytes[at + 1..]).map_or(bytes.len(), |n| at + 1 + n + 1);
            }
            _ => {
                while at < bytes.len() && bytes[at] != b'>' && !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
            }
        }
    }
    (bytes.len(), false)
}

/// Just past the `>` at or after `at`, or the end of the page.
fn skip_to_gt(bytes: &[u8], at: usize) -> usize {
    memchr::memchr(b'>', &bytes[at.min(bytes.len())..]).map_or(bytes.len(), |n| at + n + 1)
}

/// Where the text of a raw-text element ends: just past its end tag, or the end of the page.
fn raw_text_end(bytes: &[u8], mut at: usize, name: &str) -> usize {
    while let Some(n) = find(bytes, at, b"</") {
        let after = n + 2;
        let candidate = bytes.get(after..after + name.len());
        let next = bytes.get(after + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes()))
            && next.is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        {
            return skip_to_gt(bytes, after + name.len());
        }
        at = after;
    }
    bytes.len()
}

fn find(bytes: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&bytes[at.min(bytes.len())..], needle).map(|n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_left_as_they_are() {
        let page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul></div><script>'<div>'</script></body></html>";
        let capped = cap(page);
        assert!(matches!(capped.html, Cow::Borrowed(_)));
        assert_eq!(capped.flattened, 0);
        // Unclosed paragraphs and items close themselves: thousands stay shallow.
        let many = "<p>para".repeat(5000) + &"<li>item".repeat(5000) + &"<tr><td>x".repeat(500);
        assert_eq!(cap(&many).flattened, 0);
    }

    #[test]
    fn deep_divs_are_flattened_and_their_text_kept() {
        let page: String = (0..300)
            .map(|i| format!("<div class=\"a>b\">\n<h3>Q{i}?</h3><p>A{i}.</p>"))
            .collect();
        let capped = cap(&page);
        assert_eq!(capped.flattened, 300 - MAX_DEPTH);
        assert_eq!(capped.first_line, Some(MAX_DEPTH + 1));
        for i in 0..300 {
            assert!(capped.html.contains(&format!("<h3>Q{i}?</h3><p>A{i}.</p>")));
        }
        assert_eq!(capped.html.matches("<div").count(), MAX_DEPTH);
    }

    #[test]
    fn end_tags_of_flattened_elements_go_with_them() {
        let page = "<section>".repeat(MAX_DEPTH + 3)
            + "x"
            + &"</section>".repeat(MAX_DEPTH + 3)
            + "<p>after";
        let capped = cap(&page);
        assert_eq!(capped.flattened, 6);
        assert_eq!(capped.html.matches("</section>").count(), MAX_DEPTH);
        assert!(capped.html.ends_with("</section><p>after"));
    }
}
