//! The cheat sheet: a title and a small source line, then every question and its answer in two
//! columns, page numbers "n / N" at the foot.

use crate::model::Corpus;

use super::content::{self, Row, Sizes};
use super::flow::{Frame, flow};
use super::fonts::FontId;
use super::page::Page;
use super::para::break_spans;
use super::text::{Span, Usage, runs, width};

const MARGIN: f32 = 40.0;
const FOOT: f32 = 48.0;
const GAP: f32 = 18.0;
const COLUMNS: usize = 2;
const SIZES: Sizes = Sizes {
    question: 8.6,
    body: 8.2,
    small: 7.0,
    leading: 1.24,
    block_gap: 0.4,
};

/// Lays out the sheet on pages of `size` points.
pub fn pages(
    corpus: &Corpus,
    title: &str,
    source: &str,
    size: (f32, f32),
    usage: &mut Usage,
) -> Vec<Page> {
    let (page_width, page_height) = size;
    let measure = (page_width - 2.0 * MARGIN - GAP * (COLUMNS as f32 - 1.0)) / COLUMNS as f32;

    let mut first = Page::default();
    let mut top = MARGIN;
    for (text, font, size, gray) in [
        (title, FontId::Bold, 15.0, 0.0),
        (source, FontId::Regular, 7.5, 0.4),
    ] {
        let (glyphs, lines) = break_spans(
            &[Span::new(font, text)],
            size,
            page_width - 2.0 * MARGIN,
            usage,
        );
        for line in lines {
            top += size * 1.2;
            first.runs(
                runs(&glyphs[line.start..line.end], size, 0.0),
                MARGIN,
                top,
                gray,
            );
        }
        top += size * 0.3;
    }
    top += 4.0;
    first.line((MARGIN, top), (page_width - MARGIN, top), 0.6, 0.55);
    let first_top = top + 10.0;

    let rows = rows(corpus, measure, usage);
    let bottom = page_height - FOOT;
    let placed = flow(&rows, COLUMNS, |page, column| Frame {
        x: MARGIN + column as f32 * (measure + GAP),
        top: if page == 0 { first_top } else { MARGIN },
        bottom,
    });
    let page_count = placed.last().map_or(1, |p| p.page + 1);
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
    for (n, page) in pages.iter_mut().enumerate() {
        let top = if n == 0 { first_top } else { MARGIN };
        let rule_x = MARGIN + measure + GAP / 2.0;
        let (depth, second) = reach[n];
        if second {
            page.line((rule_x, top), (rule_x, depth), 0.4, 0.8);
        }
        let label = format!("{} / {}", n + 1, page_count);
        let (glyphs, _) = break_spans(&[Span::new(FontId::Regular, label)], 7.5, f32::MAX, usage);
        let x = (page_width - width(&glyphs, 7.5)) / 2.0;
        page.runs(runs(&glyphs, 7.5, 0.0), x, page_height - FOOT / 2.0, 0.4);
    }
    pages
}

/// Every cluster's rows, in order.
fn rows(corpus: &Corpus, measure: f32, usage: &mut Usage) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut article = None;
    for (n, cluster) in corpus.clusters.iter().enumerate() {
        let canonical = corpus.question(cluster.canonical());
        // With several articles, each one's questions open with its title.
        let doc = cluster.canonical().doc;
        if corpus.documents.len() > 1 && article != Some(doc) {
            article = Some(doc);
            let title = super::document_title(&corpus.documents[doc]);
            let mut heading = content::heading_rows(&title, 10.5, SIZES.leading, measure, usage);
            if let Some(first) = heading.first_mut()
                && n > 0
            {
                first.space_before = SIZES.body * 2.0;
            }
            if let Some(last) = heading.last_mut() {
                last.height += SIZES.body * 0.3;
            }
            rows.append(&mut heading);
        }
        let also = super::other_phrasings(corpus, cluster);
        let mut q =
            content::question_rows(n + 1, &canonical.question, &also, SIZES, measure, usage);
        if let Some(first) = q.first_mut()
            && n > 0
        {
            first.space_before = SIZES.body * 0.95;
        }
        let mut a = content::answer_rows(&canonical.answer, SIZES, measure, usage);
        if let Some(first) = a.first_mut() {
            first.space_before = SIZES.body * 0.25;
        }
        rows.append(&mut q);
        rows.append(&mut a);
    }
    rows
}
