//! The HTML reader (scraper/html5ever): keeps the article's main content only — no `nav`, `header`,
//! `footer`, `aside`, scripts, comment widgets, share buttons or ads — flattens it into an outline
//! (headings, bold paragraphs, `dt`/`summary` terms, paragraphs, lists, code) and lets
//! `read/outline.rs` find the questions. Entities are decoded by the parser; the title comes from
//! the first `h1`, else `<title>`.

use scraper::{ElementRef, Html, Node as HtmlNode};

use super::chrome::junk_reason;
use super::html_depth;
use super::html_text::{heading_text, lead_text, maths, rich_text, text_of, text_without_lists};
use super::inline::Inline;
use super::outline::{self, At, Located, Node, Outline};
use super::reading::{Reading, Skipped, Warning};
use super::wording::{normalise_space, reads_as_question};
use crate::model::{Align, Block, ListItem, Table, Text};

/// Reads an HTML page. Never fails: a page without questions gives a document without questions.
pub fn read(text: &str, file: &str) -> Reading {
    let capped = html_depth::cap(text);
    let html = Html::parse_document(&capped.html);
    let root = main_content(&html);
    let mut walker = Walker {
        nodes: Vec::new(),
        inline: Inline::default(),
        bold: 0,
        lines: LineFinder::new(text),
        skipped: Vec::new(),
        too_deep: None,
        images: Vec::new(),
    };
    walker.flow(root, 0);
    walker.flush();
    let fallback_title = page_title(&html, root);
    let mut reading = outline::read(
        Outline {
            nodes: walker.nodes,
            fallback_title,
            skipped: walker.skipped,
        },
        file,
    );
    if let Some(line) = capped.first_line {
        reading.warnings.push(Warning {
            line,
            message: format!(
                "HTML nested deeper than {} elements: {} inner elements flattened into the one above (their text is kept)",
                html_depth::MAX_DEPTH,
                capped.flattened
            ),
        });
    }
    if let Some(line) = walker.too_deep {
        reading.warnings.push(Warning {
            line,
            message: format!(
                "HTML nested deeper than {MAX_DEPTH} elements: the elements inside read as one paragraph"
            ),
        });
    }
    reading
}

/// The nodes of a table or nested list written as raw HTML inside Markdown, read as a page's
/// are: a table keeps its header row and alignment, a nested list its nesting (and an `<ol>` its
/// start). `first_line` is the fragment's first line in the article.
pub fn fragment_nodes(html: &str, first_line: usize) -> Vec<Located> {
    let doc = Html::parse_fragment(html);
    let mut walker = Walker {
        nodes: Vec::new(),
        inline: Inline::default(),
        bold: 0,
        lines: LineFinder::new(html),
        skipped: Vec::new(),
        too_deep: None,
        images: Vec::new(),
    };
    walker.flow(doc.root_element(), 0);
    walker.flush();
    let shift = first_line.saturating_sub(1);
    for node in &mut walker.nodes {
        node.line += shift;
        node.end += shift;
        for line in &mut node.item_lines {
            *line += shift;
        }
    }
    walker.nodes
}

/// Deepest nesting the walker follows (past the parser's cap only on odd markup); deeper
/// elements give their text as one run rather than risk the stack.
const MAX_DEPTH: usize = 200;

/// Share of the largest candidate's text an inner candidate must hold to be preferred.
const INNER_CONTENT_SHARE: usize = 60;

/// The element holding the article: among `article`, `main`, `[role=main]` and
/// `[itemprop=articleBody]`, the innermost one that still holds most of the text (a page of
/// "related posts" cards has many small `article`s). The whole page when there is none.
fn main_content(html: &Html) -> ElementRef<'_> {
    let root = html.root_element();
    let mut candidates: Vec<(usize, usize, ElementRef)> = Vec::new();
    for el in root.descendent_elements() {
        let e = el.value();
        let is_main = matches!(e.name(), "article" | "main")
            || e.attr("role") == Some("main")
            || e.attr("itemprop") == Some("articleBody");
        if is_main {
            let len: usize = el.text().map(str::len).sum();
            let depth = el.ancestors().count();
            candidates.push((len, depth, el));
        }
    }
    let Some(largest) = candidates.iter().map(|c| c.0).max() else {
        return root;
    };
    candidates
        .into_iter()
        .filter(|(len, _, _)| len * 100 >= largest * INNER_CONTENT_SHARE)
        .max_by_key(|(_, depth, _)| *depth)
        .map_or(root, |(_, _, el)| el)
}

/// Elements that start a block of their own; everything else is inline.
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "body"
            | "html"
            | "blockquote"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "pre"
            | "table"
            | "details"
            | "summary"
            | "figure"
            | "hr"
            | "center"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// Flattens the page into outline nodes.
struct Walker {
    nodes: Vec<Located>,
    /// Inline text not yet closed into a paragraph.
    inline: Inline,
    bold: usize,
    lines: LineFinder,
    skipped: Vec<Skipped>,
    /// The line where the walk first went past [`MAX_DEPTH`].
    too_deep: Option<usize>,
    /// Images met in the inline text not yet closed; they follow its paragraph.
    images: Vec<Block>,
}

impl Walker {
    fn push(&mut self, node: Node) {
        let line = match &node {
            Node::Heading { text, .. }
            | Node::Bold(text)
            | Node::Term(text)
            | Node::Item { text, .. } => self.lines.find(text),
            Node::Block(Block::Paragraph(text)) => self.lines.find(&text.plain_cow()),
            Node::Block(_) | Node::Markup => self.lines.line,
        };
        self.nodes.push(Located::new(node, At::line(line)));
    }

    /// Pushes a list or table whose items (rows) start on `lines`: it covers them all, and a
    /// practice list's questions take their own lines.
    fn push_items(&mut self, node: Node, lines: Vec<usize>) {
        let (Some(&first), Some(&last)) = (lines.first(), lines.last()) else {
            return self.push(node);
        };
        let mut located = Located::new(
            node,
            At {
                line: first,
                end: last,
            },
        );
        located.item_lines = lines;
        self.nodes.push(located);
    }

    /// Closes pending inline text into paragraphs and bold lines.
    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.inline);
        for node in inline.into_nodes() {
            self.push(node);
        }
        for image in std::mem::take(&mut self.images) {
            self.push(Node::Block(image));
        }
    }

    /// Walks an element's children as a sequence of blocks and inline runs.
    fn flow(&mut self, el: ElementRef, depth: usize) {
        if depth > MAX_DEPTH {
            let text = text_of(*el);
            let line = self.lines.find(&text);
            self.too_deep.get_or_insert(line);
            self.inline.push(&format!(" {text} "), self.bold > 0);
            return;
        }
        for child in el.children() {
            match child.value() {
                HtmlNode::Text(text) => self.inline.push(text, self.bold > 0),
                HtmlNode::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, el: ElementRef, depth: usize) {
        let e = el.value();
        // An article's image (it says what it shows) is kept by its URL; other media is chrome.
        if e.name() == "img"
            && let Some(image) = image(e)
        {
            self.images.push(image);
            return;
        }
        if let Some(reason) = junk_reason(e) {
            let text = text_of(*el);
            if !text.is_empty() {
                let line = self.lines.find(&text);
                self.skipped.push(Skipped { line, reason });
            }
            return;
        }
        let name = e.name();
        if !is_block(name) {
            match name {
                "br" => self.inline.line_break(),
                "strong" | "b" => {
                    self.bold += 1;
                    self.flow(el, depth);
                    self.bold -= 1;
                }
                "code" | "kbd" | "samp" | "tt" => {
                    let code = text_of(*el);
                    let code = code.trim();
                    if !code.is_empty() {
                        self.inline.push_code(code, self.bold > 0);
                    }
                }
                "em" | "i" => {
                    self.inline.emphasis(true);
                    self.flow(el, depth);
                    self.inline.emphasis(false);
                }
                "a" => {
                    self.inline.link(e.attr("href").map(str::to_string));
                    self.flow(el, depth);
                    self.inline.link(None);
                }
                "span" if e.classes().any(|c| c == "math") => {
                    let (display, tex) = maths(&text_of(*el));
                    self.inline.push_math(&tex, display, self.bold > 0);
                }
                _ => self.flow(el, depth),
            }
            return;
        }
        self.flush();
        // A tab pane without a heading of its own is the section its tab names.
        if let Some(label) = tab_label(el) {
            let level = self
                .nodes
                .iter()
                .rev()
                .find_map(|n| match n.node {
                    Node::Heading { level, .. } => Some(level.saturating_add(1).clamp(2, 6)),
                    _ => None,
                })
                .unwrap_or(2);
            // Its text stands in the tab, elsewhere in the source: the pane starts here.
            let here = At::line(self.lines.line);
            let heading = Node::Heading { level, text: label };
            self.nodes.push(Located::new(heading, here));
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                let text = heading_text(&text_of(*el));
                if !text.is_empty() {
                    self.push(Node::Heading { level, text });
                }
            }
            "dt" | "summary" => {
                let text = text_of(*el);
                if !text.is_empty() {
                    self.push(Node::Term(text));
                }
            }
            "ul" | "ol" => self.list(el, depth),
            "pre" => self.code(el),
            "table" => self.table(el),
            "blockquote" if is_plain_quote(el) => self.quote(el),
            "hr" => {}
            _ => self.flow(el, depth),
        }
        self.flush();
    }

    /// A list: simple items make one list block; an item holding several blocks (a FAQ written
    /// as a list of question sections) is walked as a section of its own.
    fn list(&mut self, el: ElementRef, depth: usize) {
        let mut lines = Vec::new();
        let items = self.list_items(el, depth, &mut lines);
        if !items.is_empty() {
            self.push_items(Node::Block(list_block(el, items)), lines);
        }
    }

    /// The items of the list `el`, nested lists under their item; the line each item starts on
    /// goes to `lines`.
    fn list_items(
        &mut self,
        el: ElementRef,
        depth: usize,
        lines: &mut Vec<usize>,
    ) -> Vec<ListItem> {
        let mut items = Vec::new();
        for li in el.child_elements() {
            if junk_reason(li.value()).is_some() {
                continue;
            }
            let blocks = li
                .child_elements()
                .filter(|c| {
                    matches!(
                        c.value().name(),
                        "p" | "pre"
                            | "div"
                            | "blockquote"
                            | "dl"
                            | "table"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                    )
                })
                .count();
            // `<li><strong>What is X?</strong><p>X is …</p></li>`: a question, then its answer.
            let asks_first = blocks >= 1 && reads_as_question(&lead_text(li));
            if blocks >= 2 || asks_first {
                if !items.is_empty() {
                    let list = std::mem::take(&mut items);
                    let list_lines = std::mem::take(lines);
                    self.push_items(Node::Block(list_block(el, list)), list_lines);
                }
                self.flow(li, depth + 1);
                self.flush();
                continue;
            }
            let text = text_without_lists(li);
            // Found before its nested items, which stand below it in the source.
            let line = (!text.is_empty()).then(|| self.lines.find(&text));
            let mut nested = Vec::new();
            let mut nested_lines = Vec::new();
            for list in li
                .child_elements()
                .filter(|c| matches!(c.value().name(), "ul" | "ol"))
            {
                let mut inner_lines = Vec::new();
                let inner = self.list_items(list, depth + 1, &mut inner_lines);
                if !inner.is_empty() {
                    nested.push(list_block(list, inner));
                    nested_lines.push(inner_lines);
                }
            }
            if let Some(line) = line {
                items.push(ListItem::rich(rich_text(li, &text, true), nested));
                lines.push(line);
            } else if let Some(last) = items.last_mut() {
                // An item that is only a nested list: its list goes under the item before it.
                last.blocks.extend(nested);
            } else {
                for (block, inner_lines) in nested.into_iter().zip(nested_lines) {
                    if let Block::List(inner) | Block::OrderedList { items: inner, .. } = block {
                        items.extend(inner);
                        lines.extend(inner_lines);
                    }
                }
            }
        }
        items
    }

    /// A quotation of answer text, one paragraph per `<p>` (or the whole quote as one).
    fn quote(&mut self, el: ElementRef) {
        let mut blocks = Vec::new();
        for p in el.child_elements().filter(|c| c.value().name() == "p") {
            let text = text_of(*p);
            if !text.is_empty() {
                blocks.push(Block::Paragraph(rich_text(p, &text, false)));
            }
        }
        if blocks.is_empty() {
            let text = text_of(*el);
            if !text.is_empty() {
                blocks.push(Block::Paragraph(rich_text(el, &text, false)));
            }
        }
        if !blocks.is_empty() {
            let text = text_of(*el);
            let line = self.lines.find(&text);
            self.nodes.push(Located::new(
                Node::Block(Block::Quote(blocks)),
                At::line(line),
            ));
        }
    }

    fn code(&mut self, el: ElementRef) {
        let lang = std::iter::once(el)
            .chain(el.child_elements().filter(|c| c.value().name() == "code"))
            .flat_map(|c| c.value().classes())
            .find_map(|class| {
                class
                    .strip_prefix("language-")
                    .or_else(|| class.strip_prefix("lang-"))
                    .map(str::to_string)
            });
        let raw: String = el.text().collect();
        let text = raw.trim_matches('\n').trim_end().to_string();
        if !text.trim().is_empty() {
            self.push(Node::Block(Block::Code { lang, text }));
        }
    }

    /// A table: a first row of `<th>` cells (or the rows of `<thead>`) is the header, never a
    /// question; the alignment comes from the header cells' `align` or `text-align`. The node
    /// knows the line each body row starts on.
    fn table(&mut self, el: ElementRef) {
        let mut table = Table::default();
        let mut row_lines = Vec::new();
        for row in el
            .descendent_elements()
            .filter(|r| r.value().name() == "tr")
        {
            let cells: Vec<ElementRef> = row
                .child_elements()
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let plain: Vec<String> = cells.iter().map(|c| text_of(**c)).collect();
            if plain.iter().all(String::is_empty) {
                continue;
            }
            let texts: Vec<Text> = cells
                .iter()
                .zip(&plain)
                .map(|(c, text)| rich_text(*c, text, false))
                .collect();
            let in_head = row
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "thead"));
            let all_th = cells.iter().all(|c| c.value().name() == "th");
            // The longest cell is the likeliest to be found (`1` is too short to search for).
            let line = plain
                .iter()
                .max_by_key(|t| t.len())
                .map_or(self.lines.line, |t| self.lines.find(t));
            if table.header.is_empty() && table.rows.is_empty() && (in_head || all_th) {
                table.align = cells.iter().map(|c| cell_align(*c)).collect();
                table.header = texts;
            } else {
                if table.align.is_empty() {
                    table.align = cells.iter().map(|c| cell_align(*c)).collect();
                }
                table.rows.push(texts);
                row_lines.push(line);
            }
        }
        if !table.header.is_empty() || !table.rows.is_empty() {
            self.push_items(Node::Block(Block::Table(table)), row_lines);
        }
    }
}

/// An image worth keeping: it has a URL that is not inline data and alt text saying what it shows
/// (tracking pixels and decorations have none).
fn image(e: &scraper::node::Element) -> Option<Block> {
    let url = e.attr("src")?.trim();
    let alt = normalise_space(e.attr("alt").unwrap_or(""));
    let keep = !url.is_empty() && !url.starts_with("data:") && !alt.is_empty();
    keep.then(|| Block::Image {
        alt,
        url: url.to_string(),
    })
}

/// A list block of the kind `el` is: `<ol start="3">` numbered from 3, `<ul>` bulleted.
fn list_block(el: ElementRef, items: Vec<ListItem>) -> Block {
    if el.value().name() == "ol" {
        let start = el
            .value()
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        Block::OrderedList { start, items }
    } else {
        Block::List(items)
    }
}

/// A cell's alignment from `align="right"` or `style="text-align: right"`.
fn cell_align(cell: ElementRef) -> Align {
    let e = cell.value();
    let style = e.attr("style").unwrap_or("").to_ascii_lowercase();
    let named = e
        .attr("align")
        .map(str::to_ascii_lowercase)
        .or_else(|| {
            let at = style.find("text-align")?;
            let value = style[at..].split_once(':')?.1;
            Some(value.split(';').next()?.trim().to_string())
        })
        .unwrap_or_default();
    match named.as_str() {
        "left" => Align::Left,
        "center" => Align::Center,
        "right" => Align::Right,
        _ => Align::None,
    }
}

/// A quote with no heading, no page chrome and no line that reads as a question: answer text,
/// kept as a quote.
/// Any other quote is walked like a `div`, so questions written in one are still found.
fn is_plain_quote(el: ElementRef) -> bool {
    let headed = el.descendent_elements().any(|d| {
        matches!(
            d.value().name(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol"
        )
    });
    let text = text_of(*el);
    !headed
        && !text.is_empty()
        && super::patterns::question_line(&text).is_none()
        && !reads_as_question(&text)
        && super::junk::classify(&text).is_none()
}

/// The label of a tab pane that opens without a heading: the text of the element its
/// `aria-labelledby` names, else of the tab that links to it (`href="#id"` or `aria-controls`).
fn tab_label(el: ElementRef) -> Option<String> {
    let e = el.value();
    let is_pane = e.attr("role") == Some("tabpanel")
        || e.classes().any(|c| c == "tab-pane" || c == "tabpanel");
    if !is_pane {
        return None;
    }
    let opens_with_heading = el
        .child_elements()
        .find(|c| !text_of(**c).is_empty())
        .is_some_and(|c| matches!(c.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
    if opens_with_heading {
        return None;
    }
    let root = el.ancestors().last()?;
    let elements = || root.descendants().filter_map(ElementRef::wrap);
    let by_label = e
        .attr("aria-labelledby")
        .and_then(|id| elements().find(|c| c.value().id() == Some(id)));
    let by_link = || {
        let id = e.id()?;
        let href = format!("#{id}");
        elements().find(|c| {
            let v = c.value();
            v.attr("href") == Some(href.as_str()) || v.attr("aria-controls") == Some(id)
        })
    };
    let tab = by_label.or_else(by_link)?;
    Some(text_of(*tab)).filter(|t| !t.is_empty())
}

/// The page's headline for when the walked content has no `h1` (it sat in a skipped `header`):
/// the first `h1` inside the main content, else `<title>` without the site name
/// (`Docker Questions | Site` → `Docker Questions`), else the page's first `h1` outside chrome.
fn page_title(html: &Html, main: ElementRef) -> Option<String> {
    let h1_text = |el: ElementRef| Some(heading_text(&text_of(*el))).filter(|t| !t.is_empty());
    let is_h1 = |el: &ElementRef| el.value().name() == "h1";
    if let Some(text) = main.descendent_elements().filter(is_h1).find_map(h1_text) {
        return Some(text);
    }
    let root = html.root_element();
    let title = root
        .descendent_elements()
        .find(|el| el.value().name() == "title")
        .map(|t| normalise_space(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    if let Some(title) = title {
        return Some(title_without_site(&title));
    }
    root.descendent_elements()
        .filter(is_h1)
        .filter(|el| {
            !el.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "nav" | "footer" | "aside"))
            })
        })
        .find_map(h1_text)
}

/// Separators between a page's title and its site's name.
const TITLE_SEPARATORS: [&str; 5] = [" | ", " – ", " — ", " - ", " :: "];
/// Most words of a site's name leading a `<title>`.
const MAX_SITE_WORDS: usize = 2;

/// A `<title>` without its site's name: `Docker Questions | Site` → `Docker Questions` (the
/// shortest head of three words or more), and a leading name before two more pieces goes too:
/// `SiteName - Topic - Interview Questions` → `Topic - Interview Questions`.
fn title_without_site(title: &str) -> String {
    let leading_site = TITLE_SEPARATORS.iter().find_map(|sep| {
        let (head, rest) = title.split_once(sep)?;
        let short = head.split_whitespace().count() <= MAX_SITE_WORDS;
        (short && rest.contains(sep)).then_some(rest.trim())
    });
    let title = leading_site.unwrap_or(title);
    TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.split_once(sep).map(|(head, _)| head.trim()))
        .filter(|head| head.split_whitespace().count() >= 3)
        .min_by_key(|head| head.len())
        .unwrap_or(title)
        .to_string()
}

/// Finds where text of the page stands in its source, to give questions a line number. The
/// search moves forward only and looks at a bounded window, so the whole page costs linear time.
struct LineFinder {
    source: String,
    pos: usize,
    line: usize,
}

/// How far ahead (in bytes) the line finder looks for a node's text.
const FIND_WINDOW: usize = 16 * 1024;
/// Longest needle, in bytes.
const NEEDLE_BYTES: usize = 20;
/// Shortest needle worth searching for, in bytes.
const MIN_NEEDLE_BYTES: usize = 6;

impl LineFinder {
    fn new(source: &str) -> LineFinder {
        LineFinder {
            source: source.to_string(),
            pos: 0,
            line: 1,
        }
    }

    /// The line of the next occurrence of `text`, searched by its first run of plain letters,
    /// digits and spaces (the source may spell the rest with entities or tags).
    fn find(&mut self, text: &str) -> usize {
        let needle = text
            .split(|c: char| !(c.is_alphanumeric() || c == ' '))
            .map(str::trim)
            .find(|run| run.len() >= MIN_NEEDLE_BYTES)
            .map(|run| {
                let mut end = run.len().min(NEEDLE_BYTES);
                while !run.is_char_boundary(end) {
                    end -= 1;
                }
                &run[..end]
            });
        let Some(needle) = needle else {
            return self.line;
        };
        let mut window_end = (self.pos + FIND_WINDOW).min(self.source.len());
        while !self.source.is_char_boundary(window_end) {
            window_end -= 1;
        }
        if let Some(at) = self.source[self.pos..window_end].find(needle) {
            let found = self.pos + at;
            self.line += self.source[self.pos..found].matches('\n').count();
            self.pos = found;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>SQL Interview Questions | Example Site</title>
<script>var x = "<h2>What is fake?</h2>";</script><style>h2 { color: red }</style></head>
<body>
<header><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav></header>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<main>
<article>
<h1>Top SQL Interview Questions</h1>
<div class="share-buttons"><a>Share on Twitter</a> <span>1.2k shares</span></div>
<p>Databases are everywhere &amp; so are these questions.</p>
<h2>1. What is a JOIN?</h2>
<p><strong>Answer:</strong> A JOIN combines rows from two tables &lt;by a key&gt;.</p>
<ul><li>INNER JOIN</li><li>LEFT JOIN<ul><li>keeps all left rows</li></ul></li></ul>
<pre><code class="language-sql">SELECT *
FROM a JOIN b ON a.id = b.id;</code></pre>
<div class="ad-slot">Advertisement</div>
<h2>2. What is an index?</h2>
<p>A structure that speeds up lookups.</p>
<figure><img src="x.png" alt="diagram"><figcaption>Figure 1: an index</figcaption></figure>
<div class="author-box"><h3>About the author</h3><p>Jane writes about SQL.</p></div>
</article>
<section class="related-posts"><h2>Related posts</h2><article><h3><a>What is NoSQL?</a></h3></article></section>
</main>
<aside><h3>Popular</h3><p>What is Python?</p></aside>
<footer><p>© 2024 Example</p></footer>
</body></html>"#;

    #[test]
    fn pages_of_any_depth_keep_every_question_and_say_what_was_flattened() {
        // 300 questions in unclosed <div>s once gave exactly 200, silently.
        let page: String = (1..=300)
            .map(|i| format!("<div>\n<h3>{i}. What is item {i}?</h3><p>It is number {i}.</p>"))
            .collect();
        let reading = read(&format!("<html><body>{page}</body></html>"), "deep.html");
        let questions = &reading.document.questions;
        assert_eq!(questions.len(), 300);
        assert_eq!(questions[299].question, "What is item 300?");
        assert_eq!(
            questions[299].answer,
            vec![Block::Paragraph("It is number 300.".into())]
        );
        assert_eq!(reading.warnings.len(), 1, "{:?}", reading.warnings);
        assert!(reading.warnings[0].message.contains("flattened"));
        assert_eq!(reading.warnings[0].line, 99);
        // 20,000 levels of inline markup: read, not dropped, and no stack overflow.
        let deep = format!(
            "<h2>What is deep?</h2><p>{}Deep text.</p>",
            "<span>".repeat(20_000)
        );
        let reading = read(&deep, "spans.html");
        assert_eq!(
            reading.document.questions[0].answer,
            vec![Block::Paragraph("Deep text.".into())]
        );
    }

    #[test]
    fn reads_main_content_only() {
        let reading = read(PAGE, "a.html");
        let doc = reading.document;
        assert_eq!(doc.title, "Top SQL Interview Questions");
        let qs: Vec<(Option<u32>, &str, usize)> = doc
            .questions
            .iter()
            .map(|q| (q.number, q.question.as_str(), q.source.line))
            .collect();
        assert_eq!(
            qs,
            vec![
                (Some(1), "What is a JOIN?", 12),
                (Some(2), "What is an index?", 18)
            ]
        );
        assert_eq!(
            doc.questions[0].answer,
            vec![
                Block::Paragraph("A JOIN combines rows from two tables <by a key>.".into()),
                Block::List(vec![
                    ListItem::parse("INNER JOIN"),
                    ListItem {
                        blocks: vec![Block::List(vec![ListItem::parse("keeps all left rows")])],
                        ..ListItem::parse("LEFT JOIN")
                    },
                ]),
                Block::Code {
                    lang: Some("sql".into()),
                    text: "SELECT *\nFROM a JOIN b ON a.id = b.id;".into()
                },
            ]
        );
        assert_eq!(
            doc.questions[1].answer,
            vec![
                Block::Paragraph("A structure that speeds up lookups.".into()),
                Block::Image {
                    alt: "diagram".into(),
                    url: "x.png".into()
                }
            ]
        );
    }

    #[test]
    fn list_items_that_ask_and_answer_are_questions() {
        let doc = read(
            "<html><body><h1>Go FAQ</h1><ol><li><strong>What is a goroutine?</strong><p>A light thread.</p></li><li><strong>What is a channel?</strong><p>A typed pipe.</p></li></ol></body></html>",
            "a.html",
        )
        .document;
        let qs: Vec<&str> = doc.questions.iter().map(|q| q.question.as_str()).collect();
        assert_eq!(qs, vec!["What is a goroutine?", "What is a channel?"]);
        assert_eq!(
            doc.questions[1].answer,
            vec![Block::Paragraph("A typed pipe.".into())]
        );
    }

    #[test]
    fn practice_items_are_questions_on_their_lines_and_other_tables_stay_tables() {
        let page = "<html><body><h1>Team Lead Questions</h1>
<h2>Leadership</h2>
<ul>
<li>Tell me about a time you led without authority.
<ul><li>Situation first, then the result.</li></ul>
</li>
<li>How do you handle a missed deadline?</li>
</ul>
<h2>1. What does a release run?</h2>
<p>It runs these:</p>
<table><tr><th align=\"left\">Flag</th><th style=\"text-align: right\">Effect</th></tr>
<tr><td><code>-j</code></td><td>jobs</td></tr></table>
</body></html>";
        let doc = read(page, "a.html").document;
        let got: Vec<(&str, usize)> = doc
            .questions
            .iter()
            .map(|q| (q.question.as_str(), q.source.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Tell me about a time you led without authority.", 4),
                ("How do you handle a missed deadline?", 7),
                ("What does a release run?", 9),
            ]
        );
        // What a practice item nests is its question's answer, not a question of its own.
        assert_eq!(
            doc.questions[0].answer,
            vec![Block::List(vec![ListItem::parse(
                "Situation first, then the result."
            )])]
        );
        assert!(doc.questions[1].answer.is_empty());
        assert_eq!(
            doc.questions[2].answer[1],
            Block::Table(Table {
                align: vec![Align::Left, Align::Right],
                header: vec!["Flag".into(), "Effect".into()],
                rows: vec![vec![
                    Text::new([crate::model::Inline::Code("-j".into())]),
                    "jobs".into()
                ]],
            })
        );
    }

    #[test]
    fn title_falls_back_to_the_title_element_without_site_name() {
        let doc = read(
            "<html><head><title>Git FAQ for Beginners | Site</title></head><body><dl><dt>What is Git?</dt><dd>A VCS.</dd><dt>What is a commit?</dt><dd><p>A snapshot.</p></dd></dl></body></html>",
            "a.html",
        )
        .document;
        assert_eq!(doc.title, "Git FAQ for Beginners");
        let qs: Vec<&str> = doc.questions.iter().map(|q| q.question.as_str()).collect();
        assert_eq!(qs, vec!["What is Git?", "What is a commit?"]);
        assert_eq!(
            doc.questions[1].answer,
            vec![Block::Paragraph("A snapshot.".into())]
        );
    }
}
