//! The cheat sheet: a title and a small source line, then every question and its answers in two
//! columns, the last page's columns balanced; the running title and "page n of N" at the foot.

use crate::model::Corpus;

use super::content::{self, Row, Setter, Sizes};
use super::flow::{Frame, Placed, flow};
use super::fonts::FontId;
use super::page::{Ink, Page};
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

/// Lays out the sheet on pages of `size` points.
pub fn pages(
    corpus: &Corpus,
    title: &str,
    source: &str,
    size: (f32, f32),
    usage: &mut Usage,
    tree: &mut Structure,
) -> Laid {
    lay_out(corpus, (title, source), size, usage, tree, TIGHTEN_UP_TO)
}

/// The sheet, set tighter when that saves a nearly empty last page of a sheet of at most
/// `tighten_up_to` pages.
fn lay_out(
    corpus: &Corpus,
    (title, source): (&str, &str),
    size: (f32, f32),
    usage: &mut Usage,
    tree: &mut Structure,
    tighten_up_to: usize,
) -> Laid {
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
    let (mut rows, mut starts) = rows(corpus, SIZES, QUESTION_GAP, &mut setter);
    let mut placed = flow(&rows, COLUMNS, frame);
    if last_page_fill(&rows, &placed, bottom - MARGIN) < NEARLY_EMPTY
        && page_count(&placed) <= tighten_up_to
    {
        let (tight_rows, tight_starts) = self::rows(corpus, TIGHT, TIGHT_QUESTION_GAP, &mut setter);
        let tight = flow(&tight_rows, COLUMNS, frame);
        if page_count(&tight) < page_count(&placed) {
            (rows, starts, placed) = (tight_rows, tight_starts, tight);
        }
    }
    balance_last_page(&rows, &mut placed, frame);

    let page_count = page_count(&placed);
    let mut pages = vec![Page::default(); page_count];
    pages[0] = first;
    // How far down each page's text reaches, and whether its second column has any: the rule
    // between the columns runs only as far as the text, and not at all beside one column.
    let mut reach = vec![(0.0f32, false); page_count];
    for p in &placed {
        let row = &rows[p.row];
        pages[p.page].row(row, p.x, p.top, measure);
        let (depth, second) = &mut reach[p.page];
        *depth = depth.max(p.top + row.height);
        *second |= p.x > MARGIN;
    }
    let foot = page_height - FOOT / 2.0;
    let (running, _) = fitted_label(usage, title, 7.0, page_width / 2.0 - MARGIN);
    for (n, page) in pages.iter_mut().enumerate() {
        let top = if n == 0 { first_top } else { MARGIN };
        let rule_x = MARGIN + measure + GAP / 2.0;
        let (depth, second) = reach[n];
        if second {
            page.line((rule_x, top), (rule_x, depth), 0.4, Ink::gray(0.8));
        }
        page.runs(running.clone(), MARGIN, foot, Ink::gray(0.45));
        let (number, width) = label(
            usage,
            FontId::Regular,
            7.0,
            &format!("page {} of {}", n + 1, page_count),
        );
        page.runs(number, page_width - MARGIN - width, foot, Ink::gray(0.45));
    }
    Laid {
        pages,
        bookmarks: bookmarks(corpus, &starts, &placed),
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

/// Every question's rows, in order, and where each starts.
fn rows(
    corpus: &Corpus,
    sizes: Sizes,
    question_gap: f32,
    s: &mut Setter<'_>,
) -> (Vec<Row>, Vec<Start>) {
    let mut rows = Vec::new();
    let mut starts = Vec::with_capacity(corpus.clusters.len());
    let mut article: Option<(usize, NodeId)> = None;
    // The section heading last printed, per article: questions under a new one print it first.
    let mut section: Option<(usize, &str)> = None;
    for (n, cluster) in corpus.clusters.iter().enumerate() {
        let entry = Entry::of(corpus, cluster);
        let mut opens = None;
        // With several articles, each one's questions open with its title, in a section.
        let parent = if corpus.documents.len() > 1 {
            if article.is_none_or(|(doc, _)| doc != entry.doc) {
                let section = s.tree.add(Structure::ROOT, Kind::Section);
                article = Some((entry.doc, section));
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
            && section != Some((entry.doc, name))
        {
            section = Some((entry.doc, name));
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
        starts.push(Start {
            article,
            question: format!("{} {}", entry.number, entry.question),
            row,
        });
        rows.append(&mut q);
        rows.append(&mut a);
        rows.append(&mut others);
    }
    (rows, starts)
}

fn page_count(placed: &[Placed]) -> usize {
    placed.last().map_or(1, |p| p.page + 1)
}

/// How much of the last page's two columns the text fills, 0 to 1.
fn last_page_fill(rows: &[Row], placed: &[Placed], column: f32) -> f32 {
    let last = page_count(placed) - 1;
    let used: f32 = placed
        .iter()
        .filter(|p| p.page == last)
        .map(|p| rows[p.row].height + rows[p.row].space_before)
        .sum();
    used / (column * COLUMNS as f32)
}

/// Re-flows the last page's rows into columns of equal depth: the shortest column bottom that
/// still fits them on that one page, found by bisection.
fn balance_last_page(rows: &[Row], placed: &mut [Placed], frame: impl Fn(usize, usize) -> Frame) {
    let last = page_count(placed) - 1;
    let Some(from) = placed.iter().position(|p| p.page == last) else {
        return;
    };
    let first_row = placed[from].row;
    let tail = &rows[first_row..];
    let full = frame(last, 0);
    let fits = |bottom: f32| {
        let at = flow(tail, COLUMNS, |page, column| Frame {
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
        for (slot, p) in placed[from..].iter_mut().zip(at) {
            *slot = Placed {
                page: last,
                row: p.row + first_row,
                ..p
            };
        }
    }
}

/// A bookmark per question where its first row landed; with several articles, grouped under one
/// per article.
fn bookmarks(corpus: &Corpus, starts: &[Start], placed: &[Placed]) -> Vec<Bookmark> {
    let mut marks: Vec<Bookmark> = Vec::new();
    let several = corpus.documents.len() > 1;
    for start in starts {
        let at = &placed[start.row];
        let question = Bookmark {
            title: start.question.clone(),
            page: at.page,
            y: at.top,
            children: Vec::new(),
        };
        if let Some(title) = &start.article {
            marks.push(Bookmark {
                title: title.clone(),
                page: at.page,
                y: at.top,
                children: Vec::new(),
            });
        }
        match marks.last_mut() {
            Some(article) if several => {
                // The question's own first row follows the article heading's rows.
                article.children.push(question);
            }
            _ => marks.push(question),
        }
    }
    marks
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

    fn page_count(corpus: &Corpus, tighten_up_to: usize) -> usize {
        let (mut usage, mut tree) = (Usage::default(), Structure::default());
        let size = (612.0, 792.0);
        lay_out(
            corpus,
            ("A", "a.txt"),
            size,
            &mut usage,
            &mut tree,
            tighten_up_to,
        )
        .pages
        .len()
    }

    #[test]
    fn a_nearly_empty_last_page_is_saved_by_setting_tighter() {
        let mut saved = 0;
        for n in (20..160).step_by(11) {
            let corpus = corpus(n);
            let (loose, tight) = (page_count(&corpus, 0), page_count(&corpus, TIGHTEN_UP_TO));
            assert!(tight <= loose, "{n} questions: tightening cost a page");
            saved += usize::from(tight < loose);
        }
        assert!(saved > 0, "no sheet was saved a page");
    }

    #[test]
    fn the_last_pages_columns_end_level() {
        let corpus = corpus(9);
        let (mut usage, mut tree) = (Usage::default(), Structure::default());
        let laid = pages(&corpus, "A", "a.txt", (612.0, 792.0), &mut usage, &mut tree);
        assert_eq!(laid.pages.len(), 1);
        // The lowest baseline in each column.
        let mut depth = [0.0f32; 2];
        for op in &laid.pages[0].ops {
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
}
