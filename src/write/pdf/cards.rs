//! Flashcards: a 2 × 4 grid of cards per sheet of paper, fronts (questions) on odd pages and backs
//! (answers) on the even page after, mirrored left to right so that printing double-sided
//! (flip on the long edge) puts each answer behind its question. Text shrinks to fit a card; an
//! answer still too long continues on the next card, with a marker. Light cut marks at the grid.

use crate::model::Corpus;

use super::content::{self, Row, Sizes, height};
use super::flow::{Frame, flow};
use super::fonts::FontId;
use super::page::Page;
use super::text::{Usage, label};

const COLUMNS: usize = 2;
const ROWS: usize = 4;
const MARGIN: f32 = 30.0;
const PADDING: f32 = 14.0;
/// Room kept at a card's foot for a label.
const LABEL: f32 = 10.0;
const SIZES: Sizes = Sizes {
    question: 12.0,
    body: 8.6,
    small: 7.4,
    leading: 1.22,
    block_gap: 0.4,
};
/// How far text may shrink to fit, as factors of [`SIZES`].
const QUESTION_SCALES: [f32; 6] = [1.0, 0.88, 0.77, 0.68, 0.6, 0.55];
/// Below 0.8 (6.9 pt) an answer reads too small on paper: it continues on the next card instead.
const ANSWER_SCALES: [f32; 4] = [1.0, 0.92, 0.86, 0.8];

/// One card: the rows on its front and on its back, and its label.
struct Card {
    front: Vec<Row>,
    back: Vec<Row>,
    number: usize,
    /// The article it comes from, as an index into the documents.
    doc: usize,
    /// `(k, n)`: card k of n of one question, when it needs several.
    part: Option<(usize, usize)>,
}

/// Where card `slot` (0..8) of a sheet sits: the top-left corner of its front, of its back.
pub fn slot_origin(size: (f32, f32), slot: usize, back: bool) -> (f32, f32) {
    let (w, h) = cell(size);
    let column = slot % COLUMNS;
    let column = if back { COLUMNS - 1 - column } else { column };
    let row = slot / COLUMNS;
    (MARGIN + column as f32 * w, MARGIN + row as f32 * h)
}

fn cell(size: (f32, f32)) -> (f32, f32) {
    (
        (size.0 - 2.0 * MARGIN) / COLUMNS as f32,
        (size.1 - 2.0 * MARGIN) / ROWS as f32,
    )
}

/// Lays out every question as cards on pages of `size` points.
pub fn pages(corpus: &Corpus, size: (f32, f32), usage: &mut Usage) -> Vec<Page> {
    let (w, h) = cell(size);
    let measure = w - 2.0 * PADDING;
    let room = h - 2.0 * PADDING - LABEL;
    let mut cards = Vec::new();
    for (n, cluster) in corpus.clusters.iter().enumerate() {
        let q = corpus.question(cluster.canonical());
        let also = super::other_phrasings(corpus, cluster);
        let front = fit(
            room,
            |s| content::question_rows(n + 1, &q.question, &also, s, measure, usage),
            &QUESTION_SCALES,
        );
        let back = fit(
            room,
            |s| content::answer_rows(&q.answer, s, measure, usage),
            &ANSWER_SCALES,
        );
        let parts = front.len().max(back.len());
        for k in 0..parts {
            cards.push(Card {
                front: front.get(k).or(front.first()).cloned().unwrap_or_default(),
                back: back.get(k).cloned().unwrap_or_default(),
                number: n + 1,
                doc: cluster.canonical().doc,
                part: (parts > 1).then_some((k + 1, parts)),
            });
        }
    }
    // The article's title, right-aligned at each front's foot: which topic a loose card belongs
    // to. It leaves room for the widest card label.
    let (_, widest_label) = label(usage, FontId::Regular, 6.5, "#00000.00/00");
    let titles: Vec<(Vec<super::text::Run>, f32)> = corpus
        .documents
        .iter()
        .map(|d| {
            fitted_label(
                usage,
                &super::document_title(d),
                measure - widest_label - 8.0,
            )
        })
        .collect();
    let per_page = COLUMNS * ROWS;
    let mut pages = Vec::new();
    for sheet in cards.chunks(per_page) {
        let mut front = Page::default();
        let mut back = Page::default();
        for (slot, card) in sheet.iter().enumerate() {
            let (fx, fy) = slot_origin(size, slot, false);
            let (bx, by) = slot_origin(size, slot, true);
            // Fronts centre the question; backs read from the top.
            let spare = (room - height(&card.front)).max(0.0);
            place(
                &mut front,
                &card.front,
                fx + PADDING,
                fy + PADDING + spare / 2.0,
                measure,
            );
            place(&mut back, &card.back, bx + PADDING, by + PADDING, measure);
            // The label sits bottom-left on the front and bottom-right on the back: mirrored, like
            // the card itself.
            let part = card
                .part
                .map(|(k, n)| format!(".{k}/{n}"))
                .unwrap_or_default();
            let text = format!("#{}{part}", card.number);
            let (runs, _) = label(usage, FontId::Regular, 6.5, &text);
            front.runs(runs, fx + PADDING, fy + h - PADDING + 2.0, 0.5);
            let (runs, width) = &titles[card.doc];
            front.runs(
                runs.clone(),
                fx + w - PADDING - width,
                fy + h - PADDING + 2.0,
                0.5,
            );
            let (runs, width) = label(usage, FontId::Regular, 6.5, &text);
            back.runs(runs, bx + w - PADDING - width, by + h - PADDING + 2.0, 0.5);
            if let Some((k, n)) = card.part
                && k < n
            {
                let (runs, _) = label(usage, FontId::Regular, 6.5, "continued on the next card →");
                back.runs(runs, bx + PADDING, by + h - PADDING + 2.0, 0.5);
            }
        }
        cut_marks(&mut front, size);
        cut_marks(&mut back, size);
        pages.push(front);
        pages.push(back);
    }
    if pages.is_empty() {
        pages = vec![Page::default(), Page::default()];
    }
    pages
}

/// Sets rows at the largest scale that fits `room`; when even the smallest does not fit, splits
/// them over several cards.
fn fit(room: f32, mut set: impl FnMut(Sizes) -> Vec<Row>, scales: &[f32]) -> Vec<Vec<Row>> {
    let rows = set(SIZES.scaled(scales[0]));
    let full = height(&rows);
    if full <= room {
        return vec![rows];
    }
    // Height grows about with the square of the size (more lines, each taller): start from the
    // scale that estimate points to instead of trying every one, which halved the time of a
    // 10,000-question deck.
    let estimate = (room / full).sqrt() * scales[0];
    for &scale in scales.iter().skip(1).filter(|&&s| s <= estimate * 1.04) {
        let rows = set(SIZES.scaled(scale));
        if height(&rows) <= room {
            return vec![rows];
        }
    }
    // It takes several cards anyway: split at a comfortable size rather than the smallest.
    let rows = set(SIZES.scaled(scales[1.min(scales.len() - 1)]));
    let chunks = split(&rows, room);
    // Share the rows out evenly rather than leave two lines alone on the last card: the shortest
    // depth that still needs no more cards.
    let cards = chunks.len();
    let mut depth = height(&rows) / cards as f32;
    while depth < room {
        let even = split(&rows, depth);
        if even.len() == cards {
            return even;
        }
        depth += SIZES.body;
    }
    chunks
}

/// Rows split over as many cards as it takes, `depth` points of text each.
fn split(rows: &[Row], depth: f32) -> Vec<Vec<Row>> {
    let placed = flow(rows, 1, |_, _| Frame {
        x: 0.0,
        top: 0.0,
        bottom: depth,
    });
    let mut chunks: Vec<Vec<Row>> = Vec::new();
    for p in placed {
        if chunks.len() <= p.page {
            chunks.resize(p.page + 1, Vec::new());
        }
        let mut row = rows[p.row].clone();
        if chunks[p.page].is_empty() {
            row.space_before = 0.0;
        }
        chunks[p.page].push(row);
    }
    chunks
}

/// A small gray label cut short with an ellipsis to fit `room` points.
fn fitted_label(usage: &mut Usage, text: &str, room: f32) -> (Vec<super::text::Run>, f32) {
    let (runs, width) = label(usage, FontId::Regular, 6.5, text);
    if width <= room {
        return (runs, width);
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let short: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        let (runs, width) = label(usage, FontId::Regular, 6.5, &short);
        if width <= room {
            return (runs, width);
        }
    }
    (Vec::new(), 0.0)
}

/// Draws rows one after another from `(x, top)`, `width` wide.
fn place(page: &mut Page, rows: &[Row], x: f32, top: f32, width: f32) {
    let mut y = top;
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            y += row.space_before;
        }
        page.row(row, x, y, width);
        y += row.height;
    }
}

/// Short light ticks in the margins where the grid lines run, and small crosses where they meet
/// inside, so a ruler and a knife find the cuts without lines printed over the cards.
fn cut_marks(page: &mut Page, size: (f32, f32)) {
    let (w, h) = cell(size);
    let (gray, width, tick) = (0.6, 0.4, MARGIN - 10.0);
    for c in 0..=COLUMNS {
        let x = MARGIN + c as f32 * w;
        page.line((x, 4.0), (x, 4.0 + tick), width, gray);
        page.line((x, size.1 - 4.0 - tick), (x, size.1 - 4.0), width, gray);
    }
    for r in 0..=ROWS {
        let y = MARGIN + r as f32 * h;
        page.line((4.0, y), (4.0 + tick, y), width, gray);
        page.line((size.0 - 4.0 - tick, y), (size.0 - 4.0, y), width, gray);
    }
    for c in 1..COLUMNS {
        for r in 1..ROWS {
            let (x, y) = (MARGIN + c as f32 * w, MARGIN + r as f32 * h);
            page.line((x - 4.0, y), (x + 4.0, y), width, gray);
            page.line((x, y - 4.0), (x, y + 4.0), width, gray);
        }
    }
}
