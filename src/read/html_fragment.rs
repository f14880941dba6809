//! Raw HTML blocks inside Markdown (`<h3>Question 4: …</h3>`, `<details><summary>`, `<ul><li>`,
//! `<p>`, `<pre>`): split into outline nodes with their own lines, so a question written as an HTML
//! heading is a heading and the text on the lines after it is its answer. Tables and nested lists
//! are handed whole to the HTML reader (`read/html.rs`), which keeps their structure.

use super::outline::{At, Located, Node};
use super::wording::normalise_space;
use crate::model::{Block, ListItem};

/// What the text being collected will become when its closing tag arrives.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Text,
    Heading(u8),
    Summary,
    Item,
    Pre,
}

/// Collects the nodes of one HTML block that starts on line `at.line`.
struct Splitter<'a> {
    html: &'a str,
    at: At,
    out: Vec<Located>,
    mode: Mode,
    text: String,
    /// Byte offset where the text being collected starts.
    from: usize,
    items: Vec<String>,
    list_from: usize,
}

impl Splitter<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let bytes = &self.html.as_bytes()[..offset.min(self.html.len())];
        (self.at.line + bytes.iter().filter(|&&b| b == b'\n').count())
            .min(self.at.end.max(self.at.line))
    }

    fn span(&self, from: usize, to: usize) -> At {
        let line = self.line_of(from);
        At {
            line,
            end: self.line_of(to.saturating_sub(1)).max(line),
        }
    }

    /// Ends the text being collected at byte `to` and emits it as the node its mode says.
    fn finish(&mut self, to: usize) {
        let raw = std::mem::take(&mut self.text);
        let at = self.span(self.from, to);
        let mode = std::mem::replace(&mut self.mode, Mode::Text);
        if mode == Mode::Pre {
            let code = decode(raw.trim_matches('\n').trim_end());
            if !code.trim().is_empty() {
                self.out.push(Located::new(
                    Node::Block(Block::Code {
                        lang: None,
                        text: code,
                    }),
                    at,
                ));
            }
            return;
        }
        let text = normalise_space(&decode(&raw));
        if text.is_empty() {
            return;
        }
        let node = match mode {
            Mode::Heading(level) => Node::Heading { level, text },
            Mode::Summary => Node::Term(text),
            Mode::Item => {
                if self.items.is_empty() {
                    self.list_from = self.from;
                }
                self.items.push(text);
                return;
            }
            Mode::Text | Mode::Pre => {
                // A remark between two list items belongs to the item before it.
                if let Some(last) = self.items.last_mut() {
                    last.push(' ');
                    last.push_str(&text);
                    return;
                }
                Node::Block(Block::Paragraph(text.into()))
            }
        };
        self.out.push(Located::new(node, at));
    }

    fn finish_list(&mut self, to: usize) {
        if !self.items.is_empty() {
            let at = self.span(self.list_from, to);
            let items = self.items.drain(..).map(|i| ListItem::parse(&i)).collect();
            self.out
                .push(Located::new(Node::Block(Block::List(items)), at));
        }
    }

    /// Starts collecting text for `mode` after the tag that ends at byte `after`.
    fn start(&mut self, mode: Mode, tag_start: usize, after: usize) {
        self.finish(tag_start);
        if !matches!(mode, Mode::Item | Mode::Text) {
            self.finish_list(tag_start);
        }
        self.mode = mode;
        self.from = after;
    }

    fn tag(&mut self, name: &str, closing: bool, start: usize, after: usize) {
        let heading = match name.as_bytes() {
            [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
            _ => None,
        };
        match (name, heading, closing) {
            (_, Some(level), false) => self.start(Mode::Heading(level), start, after),
            ("summary", _, false) => self.start(Mode::Summary, start, after),
            ("li", _, false) => self.start(Mode::Item, start, after),
            ("pre", _, false) => self.start(Mode::Pre, start, after),
            ("ul" | "ol", _, true) => {
                self.finish(start);
                self.finish_list(start);
                self.from = after;
            }
            ("code", _, _) if self.mode != Mode::Pre => self.text.push('`'),
            (_, Some(_), true) | ("summary" | "li" | "pre", _, true) => {
                self.finish(start);
                self.from = after;
            }
            ("p" | "div" | "br" | "details" | "table" | "tr" | "blockquote" | "hr", _, _) => {
                if self.mode == Mode::Text {
                    self.finish(start);
                    self.from = after;
                } else if self.mode != Mode::Pre {
                    self.text.push(' ');
                }
            }
            ("b" | "strong" | "i" | "em" | "a" | "span" | "sub" | "sup" | "u" | "mark", _, _) => {}
            _ if self.mode != Mode::Pre => self.text.push(' '),
            _ => {}
        }
    }
}

/// Emits the nodes of a raw HTML block that covers the lines `at`.
pub fn emit(html: &str, at: At, out: &mut Vec<Located>) {
    let mut s = Splitter {
        html,
        at,
        out: Vec::new(),
        mode: Mode::Text,
        text: String::new(),
        from: 0,
        items: Vec::new(),
        list_from: 0,
    };
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(html.len(), |e| i + e + 3);
            i = end;
            continue;
        }
        if let Some((name, closing, len)) = tag_at(rest) {
            // A table or a nested list keeps its structure: the HTML reader reads it whole.
            if !closing
                && s.mode == Mode::Text
                && let Some(end) = structured_end(html, i, &name)
            {
                s.finish(i);
                s.finish_list(i);
                let span = s.span(i, end);
                let mut nodes = super::html::fragment_nodes(&html[i..end], span.line);
                // One table or list covers its markup lines too (`<thead>`, a header row).
                if let [node] = nodes.as_mut_slice() {
                    node.line = span.line;
                    node.end = span.end;
                }
                s.out.extend(nodes);
                s.from = end;
                i = end;
                continue;
            }
            s.tag(&name, closing, i, i + len);
            i += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\n' && s.mode == Mode::Text && s.text.trim().is_empty() {
            s.text.clear();
            s.from = i + 1;
        } else {
            s.text.push(c);
        }
        i += c.len_utf8();
    }
    s.finish(html.len());
    s.finish_list(html.len());
    // Lines that gave no node (`<br/>`, `</ul>`) are markup, accounted for as such.
    let mut nodes = s.out;
    for (k, text) in html.lines().enumerate() {
        let line = at.line + k;
        let covered = nodes.iter().any(|n| n.line <= line && line <= n.end);
        if !text.trim().is_empty() && !covered && line <= at.end {
            nodes.push(Located::new(Node::Markup, At::line(line)));
        }
    }
    nodes.sort_by_key(|n| n.line);
    out.append(&mut nodes);
}

/// Where the element opened at byte `start` ends, when it is one whose structure this splitter
/// would flatten: a `<table>`, or a `<ul>`/`<ol>` holding another list. Unclosed, it runs to the
/// end of the block.
fn structured_end(html: &str, start: usize, name: &str) -> Option<usize> {
    if !matches!(name, "table" | "ul" | "ol") {
        return None;
    }
    let mut depth = 0usize;
    let mut nested = false;
    let mut i = start;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let Some((tag, closing, len)) = tag_at(rest) else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        i += len;
        if tag == name {
            if closing {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (name == "table" || nested).then_some(i);
                }
            } else {
                depth += 1;
            }
        }
        if !closing
            && depth >= 1
            && i - len > start
            && matches!(tag.as_str(), "ul" | "ol" | "table")
        {
            nested = true;
        }
    }
    (name == "table" || nested).then_some(html.len())
}

/// A tag at the start of `s`: its lower-case name, whether it closes, and its length in bytes.
fn tag_at(s: &str) -> Option<(String, bool, usize)> {
    let rest = s.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let end = s.find('>')?;
    Some((rest[..name_len].to_ascii_lowercase(), closing, end + 1))
}

/// Decodes the common entities.
fn decode(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(html: &str) -> Vec<(usize, usize, Node)> {
        let mut out = Vec::new();
        emit(
            html,
            At {
                line: 10,
                end: 10 + html.matches('\n').count(),
            },
            &mut out,
        );
        out.into_iter()
            .filter(|l| l.node != Node::Markup)
            .map(|l| (l.line, l.end, l.node))
            .collect()
    }

    #[test]
    fn tables_and_nested_lists_keep_their_structure_and_flat_lists_stay_split() {
        let html = "<ul><li>a<ul><li>b</li></ul></li></ul>";
        assert_eq!(structured_end(html, 0, "ul"), Some(html.len()));
        assert_eq!(structured_end("<ul><li>a</li></ul>", 0, "ul"), None);
        assert_eq!(
            structured_end("<table><tr><td>x</td></tr>", 0, "table"),
            Some(26)
        );
        let got = nodes("<table>\n<tr><th>Flag</th></tr>\n<tr><td>-j</td></tr>\n</table>\n");
        let Node::Block(Block::Table(table)) = &got[0].2 else {
            panic!("a table: {got:?}");
        };
        assert_eq!((got[0].0, got[0].1), (10, 13));
        assert_eq!(table.header, vec!["Flag".into()]);
    }

    #[test]
    fn a_heading_and_the_text_after_it_are_separate_nodes() {
        let got = nodes(
            "<h3>Question 4: What is a generator?</h3> (an aside)\n<p>A function that <b>yields</b>.</p>\nMore.\n",
        );
        assert_eq!(
            got,
            vec![
                (
                    10,
                    10,
                    Node::Heading {
                        level: 3,
                        text: "Question 4: What is a generator?".into()
                    }
                ),
                (10, 10, Node::Block(Block::Paragraph("(an aside)".into()))),
                (
                    11,
                    11,
                    Node::Block(Block::Paragraph("A function that yields.".into()))
                ),
                (12, 12, Node::Block(Block::Paragraph("More.".into()))),
            ]
        );
    }

    #[test]
    fn lists_summaries_and_code_keep_their_shape() {
        let got = nodes(
            "<details>\n<summary>What is TLS?</summary>\n<ul>\n  <li>One <code>x</code></li> aside\n  <li>Two</li>\n</ul>\n<pre>\nlet a = 1;\n</pre>\n</details>",
        );
        assert_eq!(got[0], (11, 11, Node::Term("What is TLS?".into())));
        let mut all = Vec::new();
        emit(
            "<details>\n<summary>A?</summary>\n</details>",
            At { line: 1, end: 3 },
            &mut all,
        );
        let markup: Vec<usize> = all
            .iter()
            .filter(|l| l.node == Node::Markup)
            .map(|l| l.line)
            .collect();
        assert_eq!(markup, vec![1, 3]);
        assert_eq!(
            got[1],
            (
                13,
                14,
                Node::Block(Block::List(vec![
                    ListItem::parse("One `x` aside"),
                    ListItem::parse("Two")
                ]))
            )
        );
        assert_eq!(
            got[2].2,
            Node::Block(Block::Code {
                lang: None,
                text: "let a = 1;".into()
            })
        );
    }
}
