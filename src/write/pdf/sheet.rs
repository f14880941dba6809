//! The cheat sheet: a title and a small source line, then every question and its answers in two
//! columns, the last page's columns balanced; the running title and "page n of N" at the foot.

use std::collections::VecDeque;

use anyhow::Result;

use crate::model::{Cluster, Corpus};

use super::content::{self, Row, Setter, Sizes};
use super::flow::{Flow, Frame, Placed, flow};
use super::fonts::FontId;
use super::page::{Ink, Page, Sink};
use super::para::break_spans;
use super::serialize::Bookmark;
use super::tags::{Kind, NodeId, Structure};
use super::text::{Run, Span, Usage, fitted_label, label, runs};
use super::{Entry, Laid};

const MARGIN: f32 = 40.0;
const FOOT: f32 = 48.0;
const GAP: f32 = 20.0;
const COLUMNS: usize = 2;
const SIZES: Sizes = Sizes {
    question: 9.2,
    body: 8.2,
    small: 7.0,
    leading: 1.24,
    block_gap: 0.4,
};
/// The sizes tried when the last page would hold only a little: tighter leading and gaps.
const TIGHT: Sizes = Sizes {
    leading: 1.17,
    block_gap: 0.25,
    ..SIZES
};
/// Space above a question, multiple of the body size (tightened: [`TIGHT_QUESTION_GAP`]).
const QUESTION_GAP: f32 = 1.0;
const TIGHT_QUESTION_GAP: f32 = 0.6;
/// Space above a question without an answer, multiple of the body size: practice lists are
/// compact.
const PRACTICE_GAP: f32 = 0.3;
/// A last page filled less than this (share of its two columns) is worth a tighter try.
const NEARLY_EMPTY: f32 = 0.2;
/// Longest sheet, in pages, that is laid out a second time to save its last page.
const TIGHTEN_UP_TO: usize = 60;

/// Lays out the sheet on pages of `size` points, handing each page to `sink` as it fills.
pub fn pages(
    corpus: &Corpus,
    title: &str,
    source: &str,
    size: (f32, f32),
    usage: &mut Usage,
    tree: &mut Structure,
    sink: &mut dyn Sink,
) -> Result<Laid> {
    let heads = (title, source);
    let before = tree.clone();
    // A sheet short enough to be tightened stays in memory until it is known whether it is.
    let mut held = Held {
        pages: Some(Vec::new()),
        sink,
    };
    let (mut laid, fill) = lay_out(
        corpus,
        heads,
        size,
        (SIZES, QUESTION_GAP),
        usage,
        tree,
        &mut held,
    )?;
    let Some(mut pages) = held.pages else {
        return Ok(laid);
    };
    if fill < NEARLY_EMPTY {
        let mut tight = Vec::new();
        let mut tight_tree = before;
        let (tight_laid, _) = lay_out(
            corpus,
            heads,
            size,
            (TIGHT, TIGHT_QUESTION_GAP),
            usage,
            &mut tight_tree,
            &mut tight,
        )?;
        if tight_laid.pages < laid.pages {
            (laid, pages, *tree) = (tight_laid, tight, tight_tree);
        }
    }
    for page in pages {
        held.sink.page(page)?;
    }
    Ok(laid)
}

/// Pages held back while the sheet is at most [`TIGHTEN_UP_TO`] pages long, then handed on as
/// they come.
struct Held<'a> {
    /// The pages held; `None` once they went on.
    pages: Option<Vec<Page>>,
    sink: &'a mut dyn Sink,
}

impl Sink for Held<'_> {
    fn page(&mut self, page: Page) -> Result<()> {
        if let Some(pages) = &mut self.pages {
            if pages.len() < TIGHTEN_UP_TO {
                pages.push(page);
                return Ok(());
            }
            for held in std::mem::take(pages) {
                self.sink.page(held)?;
            }
            self.pages = None;
        }
        self.sink.page(page)
    }

    fn overlay(&mut self, n: usize, over: Page) -> Result<()> {
        match &mut self.pages {
            Some(pages) => pages.overlay(n, over),
            None => self.sink.overlay(n, over),
        }
    }
}

/// The sheet at `sizes` and a question gap of that many body sizes; pages go to `sink` as the
/// flow leaves them, the last one after its columns are balanced.
fn lay_out(
    corpus: &Corpus,
    (title, source): (&str, &str),
    size: (f32, f32),
    (sizes, question_gap): (Sizes, f32),
    usage: &mut Usage,
    tree: &mut Structure,
    sink: &mut dyn Sink,
) -> Result<(Laid, f32)> {
    let (page_width, page_height) = size;
    let measure = (page_width - 2.0 * MARGIN - GAP * (COLUMNS as f32 - 1.0)) / COLUMNS as f32;

    let mut first = Page::default();
    let mut top = MARGIN;
    for (text, font, size, ink, kind) in [
        (title, FontId::Bold, 15.0, Ink::BLACK, Kind::Heading(1)),
        (
            source,
            FontId::Regular,
            7.5,
            Ink::gray(0.4),
            Kind::Paragraph,
        ),
    ] {
        let node = tree.add(Structure::ROOT, kind);
        let (glyphs, lines) = break_spans(
            &[Span::new(font, text)],
            size,
            page_width - 2.0 * MARGIN,
            usage,
        );
        for line in lines {
            top += size * 1.2;
            let line_runs = runs(&glyphs[line.start..line.end], size, 0.0)
                .into_iter()
                .map(|r| Run {
                    node: Some(node),
                    ..r
                })
                .collect();
            first.runs(line_runs, MARGIN, top, ink);
        }
        top += size * 0.3;
    }
    top += 4.0;
    first.line(
        (MARGIN, top),
        (page_width - MARGIN, top),
        0.6,
        Ink::gray(0.55),
    );
    let first_top = top + 10.0;
    let bottom = page_height - FOOT;
    let frame = |page: usize, column: usize| Frame {
        x: MARGIN + column as f32 * (measure + GAP),
        top: if page == 0 { first_top } else { MARGIN },
        bottom,
    };

    let mut setter = Setter {
        measure,
        usage,
        tree,
    };
    let mut out = Out {
        sink,
        page: first,
        done: 0,
        measure,
        first_top,
        bookmarks: Vec::new(),
        several: corpus.documents.len() > 1,
    };
    let mut flow = Flow::new(COLUMNS, frame);
    // Rows placed on pages not yet handed on, and the questions starting among them.
    let mut placed: Vec<(Placed, Row)> = Vec::new();
    let mut starts: VecDeque<Start> = VecDeque::new();
    let mut row_count = 0;
    let mut open = Open::default();
    for (n, cluster) in corpus.clusters.iter().enumerate() {
        let (rows, start) = question(
            corpus,
            n,
            cluster,
            sizes,
            question_gap,
            &mut open,
            &mut setter,
        );
        starts.push_back(Start {
            row: start.row + row_count,
            ..start
        });
        for row in rows {
            flow.push(row_count, row, &mut placed);
            row_count += 1;
        }
        // Every page the flow has left is final.
        if placed.first().is_some_and(|(at, _)| at.page < flow.page()) {
            let keep = placed.partition_point(|(at, _)| at.page < flow.page());
            let done: Vec<(Placed, Row)> = placed.drain(..keep).collect();
            out.pages(done, &mut starts)?;
        }
    }
    flow.finish(&mut placed);
    let last_fill = last_page_fill(&placed, bottom - MARGIN);
    balance_last_page(&mut placed, frame);
    let last = placed.last().map_or(out.done, |(at, _)| at.page);
    out.pages(placed, &mut starts)?;
    // The last page, even when empty.
    while out.done <= last {
        out.next_page()?;
    }
    let page_count = out.done;
    let foot = page_height - FOOT / 2.0;
    let (running, _) = fitted_label(usage, title, 7.0, page_width / 2.0 - MARGIN);
    for n in 0..page_count {
        let mut page = Page::default();
        page.runs(running.clone(), MARGIN, foot, Ink::gray(0.45));
        let (number, width) = label(
            usage,
            FontId::Regular,
            7.0,
            &format!("page {} of {}", n + 1, page_count),
        );
        page.runs(number, page_width - MARGIN - width, foot, Ink::gray(0.45));
        out.sink.overlay(n, page)?;
    }
    Ok((
        Laid {
            pages: page_count,
            bookmarks: out.bookmarks,
        },
        last_fill,
    ))
}

/// The pages handed on so far, the one being drawn, and the bookmarks that point into them.
struct Out<'a> {
    sink: &'a mut dyn Sink,
    page: Page,
    /// Pages handed to the sink.
    done: usize,
    measure: f32,
    first_top: f32,
    bookmarks: Vec<Bookmark>,
    several: bool,
}

impl Out<'_> {
    /// Draws rows at their final places, in order, handing on every page before the last one
    /// they reach; bookmarks the questions that start among them.
    fn pages(&mut self, rows: Vec<(Placed, Row)>, starts: &mut VecDeque<Start>) -> Result<()> {
        // How far down the page's text reaches, and whether its second column has any: the
        // rule between the columns runs only as far as the text, and not at all beside one
        // column.
        let mut reach = (0.0f32, false);
        for (at, row) in rows {
            while self.done < at.page {
                self.rule(reach);
                reach = (0.0, false);
                self.next_page()?;
            }
            while starts.front().is_some_and(|s| s.row == at.row) {
                if let Some(start) = starts.pop_front() {
                    self.bookmark(start, &at);
                }
            }
            self.page.row(&row, at.x, at.top, self.measure);
            reach.0 = reach.0.max(at.top + row.height);
            reach.1 |= at.x > MARGIN;
        }
        self.rule(reach);
        Ok(())
    }

    fn rule(&mut self, (depth, second): (f32, bool)) {
        if second {
            let top = if self.done == 0 {
                self.first_top
            } else {
                MARGIN
            };
            let rule_x = MARGIN + self.measure + GAP / 2.0;
            self.page
                .line((rule_x, top), (rule_x, depth), 0.4, Ink::gray(0.8));
        }
    }

    fn next_page(&mut self) -> Result<()> {
        self.sink.page(std::mem::take(&mut self.page))?;
        self.done += 1;
        Ok(())
    }

    /// A bookmark per question where its first row landed; with several articles, grouped under
    /// one per article.
    fn bookmark(&mut self, start: Start, at: &Placed) {
        let question = Bookmark {
            title: start.question,
            page: at.page,
            y: at.top,
            children: Vec::new(),
        };
        if let Some(title) = start.article {
            self.bookmarks.push(Bookmark {
                title,
                page: at.page,
                y: at.top,
                children: Vec::new(),
            });
        }
        match self.bookmarks.last_mut() {
            Some(article) if self.several => article.children.push(question),
            _ => self.bookmarks.push(question),
        }
    }
}

/// Where each question (and each article) starts, for its bookmark.
struct Start {
    /// The article's title when this row opens an article's section.
    article: Option<String>,
    /// The question's bookmark text.
    question: String,
    row: usize,
}

/// The headings the sheet has opened so far, so that a question knows whether it opens a new one.
#[derive(Default)]
struct Open {
    /// The article whose section the questions are in, and its structure node.
    article: Option<(usize, NodeId)>,
    /// The section heading last printed, per article: questions under a new one print it first.
    section: Option<(usize, String)>,
}

/// The rows of question `n` (opened by its article's heading when it is the article's first
/// and the sheet holds several), and where it starts, counting from its first row.
fn question(
    corpus: &Corpus,
    n: usize,
    cluster: &Cluster,
    sizes: Sizes,
    question_gap: f32,
    open: &mut Open,
    s: &mut Setter<'_>,
) -> (Vec<Row>, Start) {
    let Open { article, section } = open;
    let mut rows = Vec::new();
    let entry = Entry::of(corpus, cluster);
    let mut opens = None;
    // With several articles, each one's questions open with its title, in a section.
    let parent = if corpus.documents.len() > 1 {
        if article.is_none_or(|(doc, _)| doc != entry.doc) {
            let section = s.tree.add(Structure::ROOT, Kind::Section);
            *article = Some((entry.doc, section));
            let title = super::document_title(&corpus.documents[entry.doc]);
            let node = s.tree.add(section, Kind::Heading(2));
            let mut heading = content::heading_rows(
                &format!("{}  {title}", entry.doc + 1),
                10.5,
                sizes.leading,
                node,
                s,
            );
            if let Some(first) = heading.first_mut()
                && n > 0
            {
                first.space_before = sizes.body * 2.0;
            }
            // Where the article came from, small under its title.
            let from = s.tree.add(section, Kind::Paragraph);
            let file = &corpus.documents[entry.doc].file;
            heading.append(&mut content::source_rows(
                &super::relative_path(file),
                sizes.small,
                sizes.leading,
                from,
                s,
            ));
            if let Some(last) = heading.last_mut() {
                last.height += sizes.body * 0.3;
            }
            opens = Some((title, rows.len()));
            rows.append(&mut heading);
        }
        article.map_or(Structure::ROOT, |(_, section)| section)
    } else {
        Structure::ROOT
    };
    // A practice list is grouped under its section headings.
    let mut heads_section = false;
    if let Some(name) = entry.section
        && section
            .as_ref()
            .is_none_or(|(doc, last)| *doc != entry.doc || last != name)
    {
        *section = Some((entry.doc, name.to_string()));
        let node = s.tree.add(parent, Kind::Heading(3));
        let mut heading = content::heading_rows(name, 9.8, sizes.leading, node, s);
        if let Some(first) = heading.first_mut()
            && (n > 0 && opens.is_none())
        {
            first.space_before = sizes.body * 1.6;
        }
        // A section heading never ends a column: it stays with its first question.
        for row in &mut heading {
            row.keep_with_next = true;
        }
        if let Some(last) = heading.last_mut() {
            last.height += sizes.body * 0.2;
        }
        rows.append(&mut heading);
        heads_section = true;
    }
    let question = s.tree.add(parent, Kind::Question);
    let mut q = content::question_rows(
        &entry.number,
        entry.question,
        &entry.also,
        sizes,
        question,
        s,
    );
    if let Some(first) = q.first_mut()
        && n > 0
        && opens.is_none()
        && !heads_section
    {
        // Unanswered questions set close together: a numbered practice list.
        let gap = if entry.unanswered() {
            PRACTICE_GAP
        } else {
            question_gap
        };
        first.space_before = sizes.body * gap;
    }
    // A question keeps with its answer; one without an answer keeps with nothing, so that a
    // practice list breaks between its questions, never inside one.
    if entry.unanswered()
        && let Some(last) = q.last_mut()
    {
        last.keep_with_next = false;
    }
    let mut a = content::answer_rows(entry.answer, sizes, 0.0, question, s);
    if let Some(first) = a.first_mut() {
        first.space_before = sizes.body * 0.25;
    }
    let mut others = content::other_answer_rows(&entry.others, sizes, question, s);
    let (article, row) = match opens {
        Some((title, row)) => (Some(title), row),
        None => (None, rows.len()),
    };
    let start = Start {
        article,
        question: format!("{} {}", entry.number, entry.question),
        row,
    };
    rows.append(&mut q);
    rows.append(&mut a);
    rows.append(&mut others);
    (rows, start)
}

/// How much of the last page's two columns the text fills, 0 to 1, given the rows placed on it.
fn last_page_fill(placed: &[(Placed, Row)], column: f32) -> f32 {
    let last = placed.last().map_or(0, |(at, _)| at.page);
    let used: f32 = placed
        .iter()
        .filter(|(at, _)| at.page == last)
        .map(|(_, row)| row.height + row.space_before)
        .sum();
    used / (column * COLUMNS as f32)
}

/// Re-flows the last page's rows into columns of equal depth: the shortest column bottom that
/// still fits them on that one page, found by bisection.
fn balance_last_page(placed: &mut [(Placed, Row)], frame: impl Fn(usize, usize) -> Frame) {
    let Some(last) = placed.last().map(|(at, _)| at.page) else {
        return;
    };
    let from = placed.partition_point(|(at, _)| at.page < last);
    let tail: Vec<Row> = placed[from..].iter().map(|(_, row)| row.clone()).collect();
    let full = frame(last, 0);
    let fits = |bottom: f32| {
        let at = flow(&tail, COLUMNS, |page, column| Frame {
            bottom,
            ..frame(last + page, column)
        });
        at.last().is_none_or(|p| p.page == 0).then_some(at)
    };
    let (mut low, mut high) = (full.top, full.bottom);
    for _ in 0..14 {
        let mid = (low + high) / 2.0;
        if fits(mid).is_some() {
            high = mid;
        } else {
            low = mid;
        }
    }
    if let Some(at) = fits(high) {
        for ((slot, _), p) in placed[from..].iter_mut().zip(at) {
            *slot = Placed {
                page: last,
                row: slot.row,
                ..p
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Document, Question, SourcePos};

    fn corpus(questions: u32) -> Corpus {
        let question = |n: u32| Question {
            number: Some(n),
            question: format!("What is question {n} about?"),
            answer: vec![Block::paragraph("An answer of a few words, ".repeat(12))],
            source: SourcePos {
                file: "a.txt".into(),
                line: 1,
            },
            section: None,
        };
        Corpus::unmerged(vec![Document {
            file: "a.txt".into(),
            title: "A".into(),
            questions: (1..=questions).map(question).collect(),
            modified: None,
        }])
    }

    fn page_count(corpus: &Corpus, tighten: bool) -> usize {
        let (mut usage, mut tree) = (Usage::default(), Structure::default());
        let size = (612.0, 792.0);
        let mut sink = Vec::new();
        let laid = if tighten {
            pages(corpus, "A", "a.txt", size, &mut usage, &mut tree, &mut sink)
        } else {
            lay_out(
                corpus,
                ("A", "a.txt"),
                size,
                (SIZES, QUESTION_GAP),
                &mut usage,
                &mut tree,
                &mut sink,
            )
            .map(|(laid, _)| laid)
        }
        .unwrap();
        assert_eq!(laid.pages, sink.len());
        laid.pages
    }

    #[test]
    fn a_nearly_empty_last_page_is_saved_by_setting_tighter() {
        let mut saved = 0;
        for n in (20..160).step_by(11) {
            let corpus = corpus(n);
            let (loose, tight) = (page_count(&corpus, false), page_count(&corpus, true));
            assert!(tight <= loose, "{n} questions: tightening cost a page");
            saved += usize::from(tight < loose);
        }
        assert!(saved > 0, "no sheet was saved a page");
    }

    #[test]
    fn the_last_pages_columns_end_level() {
        let corpus = corpus(9);
        let (mut usage, mut tree) = (Usage::default(), Structure::default());
        let mut sink = Vec::new();
        let size = (612.0, 792.0);
        let laid = pages(
            &corpus, "A", "a.txt", size, &mut usage, &mut tree, &mut sink,
        )
        .unwrap();
        assert_eq!((laid.pages, sink.len()), (1, 1));
        // The lowest baseline in each column.
        let mut depth = [0.0f32; 2];
        for op in &sink[0].ops {
            if let super::super::page::Op::Text {
                x,
                y,
                node: Some(_),
                ..
            } = op
            {
                let column = usize::from(*x > 306.0);
                depth[column] = depth[column].max(*y);
            }
        }
        assert!(depth[1] > 0.0, "the second column is empty");
        assert!(
            (depth[0] - depth[1]).abs() < 3.0 * SIZES.body * SIZES.leading,
            "{depth:?}"
        );
    }

    #[test]
    fn a_long_sheet_hands_on_every_page_in_order_with_a_bookmark_per_question() {
        let corpus = corpus(1500);
        let (mut usage, mut tree) = (Usage::default(), Structure::default());
        let mut sink = Vec::new();
        let size = (595.28, 841.89);
        let laid = pages(
            &corpus, "A", "a.txt", size, &mut usage, &mut tree, &mut sink,
        )
        .unwrap();
        assert!(laid.pages > TIGHTEN_UP_TO, "{} pages", laid.pages);
        assert_eq!(laid.pages, sink.len());
        assert_eq!(laid.bookmarks.len(), 1500);
        assert!(laid.bookmarks.windows(2).all(|w| w[0].page <= w[1].page));
        // Every page has its footer, drawn once the page count was known.
        let footer = format!("of{}", laid.pages);
        for (n, page) in sink.iter().enumerate() {
            let text: String = page
                .ops
                .iter()
                .filter_map(|op| match op {
                    super::super::page::Op::Text { run, .. } => Some(run.text.as_str()),
                    _ => None,
                })
                .collect::<String>()
                .split_whitespace()
                .collect();
            assert!(
                text.ends_with(&format!("page{}{footer}", n + 1)),
                "{n}: {text}"
            );
        }
    }
}
