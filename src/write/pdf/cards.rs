//! Flashcards: a 2 × 2 grid of cards (A6 on A4) per sheet of paper, fronts (questions) on odd
//! pages and backs (answers) on the even page after, mirrored left to right so that printing
//! double-sided (flip on the long edge) puts each answer behind its question. One type size for
//! the whole document, chosen so that most answers fit one card; an answer still too long
//! continues on a "(cont.)" card, split between blocks (or, failing that, lines), never inside a
//! list item or a code line. Light cut marks at the grid.

use anyhow::Result;

use crate::model::{Block, Corpus};
use crate::write::no_answer;

use super::content::{self, Row, Setter, Sizes, height};
use super::fonts::FontId;
use super::page::{Ink, Page, Sink};
use super::serialize::Bookmark;
use super::tags::{Kind, NodeId, Structure};
use super::text::{Run, Usage, fitted_label, label};
use super::{Entry, Laid};

const COLUMNS: usize = 2;
const ROWS: usize = 2;
const MARGIN: f32 = 30.0;
const PADDING: f32 = 18.0;
/// Room kept at a card's foot for its label.
const LABEL: f32 = 12.0;
const LABEL_SIZE: f32 = 7.0;
const SIZES: Sizes = Sizes {
    question: 13.0,
    body: 9.4,
    small: 8.2,
    leading: 1.24,
    block_gap: 0.45,
};
/// The answer sizes a document may use, as factors of [`SIZES`]; the floor, 0.78 (7.3 pt body),
/// still reads well on paper.
const ANSWER_SCALES: [f32; 5] = [1.0, 0.93, 0.87, 0.82, 0.78];
/// The share of answers allowed to need a second card before the document's type shrinks.
const MAY_CONTINUE: f32 = 0.1;
/// A card split between blocks must be at least this full; else it splits between lines.
const BLOCK_SPLIT_FILL: f32 = 0.6;

/// One card: the rows on its front and on its back, and its label.
struct Card {
    front: Vec<Row>,
    back: Vec<Row>,
    number: String,
    /// The article it comes from, as an index into the documents.
    doc: usize,
    /// `(k, n)`: card k of n of one question, when it needs several.
    part: Option<(usize, usize)>,
    /// The question's bookmark, on its first card.
    bookmark: Option<String>,
}

/// Where card `slot` of a sheet sits: the top-left corner of its front, of its back.
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

/// Lays out every question as cards on pages of `size` points, handing each sheet (a page of
/// fronts and the page of backs behind it) to `sink` as soon as its cards are set: at most one
/// sheet of cards is held at a time.
pub fn pages(
    corpus: &Corpus,
    size: (f32, f32),
    usage: &mut Usage,
    tree: &mut Structure,
    sink: &mut dyn Sink,
) -> Result<Laid> {
    let (w, h) = cell(size);
    let measure = w - 2.0 * PADDING;
    let room = h - 2.0 * PADDING - LABEL;
    let entries = || corpus.clusters.iter().map(|c| Entry::of(corpus, c));
    let questions: Vec<NodeId> = corpus
        .clusters
        .iter()
        .map(|_| tree.add(Structure::ROOT, Kind::Question))
        .collect();
    let scale = answer_scale(entries(), measure, room, usage);
    let sizes = SIZES.scaled(scale);
    let front_sizes = Sizes {
        question: SIZES.question,
        small: SIZES.small,
        ..sizes
    };
    let mut sheets = Sheets {
        size,
        titles: titles(corpus, measure, usage),
        cards: Vec::with_capacity(COLUMNS * ROWS),
        pages: 0,
        bookmarks: Vec::new(),
    };
    for (entry, &question) in entries().zip(&questions) {
        let mut s = Setter {
            measure,
            usage: &mut *usage,
            tree: &mut *tree,
        };
        let front = content::question_rows(
            &entry.number,
            entry.question,
            &entry.also,
            front_sizes,
            question,
            &mut s,
        );
        let back = back_rows(&entry, sizes, question, &mut s);
        let fronts = split(&front, room);
        let backs = split(&back, room);
        let parts = fronts.len().max(backs.len());
        let mut backs = backs.into_iter();
        for k in 0..parts {
            let front = match fronts.get(k) {
                Some(rows) if k == 0 || fronts.len() > 1 => rows.clone(),
                // A continuation card's front names the question again, as an artifact: the
                // structure has it once.
                _ => continued_front(&entry, front_sizes, measure, usage),
            };
            sheets.push(
                Card {
                    front,
                    back: backs.next().unwrap_or_default(),
                    number: entry.number.clone(),
                    doc: entry.doc,
                    part: (parts > 1).then_some((k + 1, parts)),
                    bookmark: (k == 0).then(|| format!("{} {}", entry.number, entry.question)),
                },
                usage,
                sink,
            )?;
        }
    }
    sheets.finish(usage, sink)
}

/// The document's one answer scale: the largest of [`ANSWER_SCALES`] at which at most
/// [`MAY_CONTINUE`] of the answers need a second card. A first pass sets each back at full size
/// and keeps only a count per scale (height grows about with the square of the size: more
/// lines, each taller), so no card is held.
fn answer_scale<'a>(
    entries: impl Iterator<Item = Entry<'a>>,
    measure: f32,
    room: f32,
    usage: &mut Usage,
) -> f32 {
    let mut over = [0usize; ANSWER_SCALES.len()];
    let mut count = 0usize;
    for entry in entries {
        let mut scratch = Structure::default();
        let mut s = Setter {
            measure,
            usage: &mut *usage,
            tree: &mut scratch,
        };
        let full = height(&back_rows(&entry, SIZES, Structure::ROOT, &mut s));
        for (n, scale) in over.iter_mut().zip(ANSWER_SCALES) {
            *n += usize::from(full * scale * scale > room);
        }
        count += 1;
    }
    let allowed = (count as f32 * MAY_CONTINUE).floor() as usize;
    ANSWER_SCALES
        .iter()
        .zip(over)
        .find(|&(_, n)| n <= allowed)
        .map_or(ANSWER_SCALES[ANSWER_SCALES.len() - 1], |(&scale, _)| scale)
}

/// The article's title, right-aligned at each front's foot: which topic a loose card belongs
/// to. It leaves room for the widest card label.
fn titles(corpus: &Corpus, measure: f32, usage: &mut Usage) -> Vec<(Vec<Run>, f32)> {
    let (_, widest_label) = label(
        usage,
        FontId::Regular,
        LABEL_SIZE,
        "Q00000 (article 00) · 00/00",
    );
    corpus
        .documents
        .iter()
        .map(|d| {
            fitted_label(
                usage,
                &super::document_title(d),
                LABEL_SIZE,
                measure - widest_label - 8.0,
            )
        })
        .collect()
}

/// The sheet being filled: its cards, up to one per slot, and what the sheets before it handed
/// on.
struct Sheets {
    size: (f32, f32),
    titles: Vec<(Vec<Run>, f32)>,
    cards: Vec<Card>,
    pages: usize,
    bookmarks: Vec<Bookmark>,
}

impl Sheets {
    /// Adds a card in the next slot; a full sheet is drawn and handed on.
    fn push(&mut self, card: Card, usage: &mut Usage, sink: &mut dyn Sink) -> Result<()> {
        self.cards.push(card);
        if self.cards.len() == COLUMNS * ROWS {
            self.draw(usage, sink)?;
        }
        Ok(())
    }

    /// Draws the last, partly filled sheet (two blank pages for no cards at all) and says what
    /// was laid.
    fn finish(mut self, usage: &mut Usage, sink: &mut dyn Sink) -> Result<Laid> {
        if !self.cards.is_empty() {
            self.draw(usage, sink)?;
        }
        if self.pages == 0 {
            sink.page(Page::default())?;
            sink.page(Page::default())?;
            self.pages = 2;
        }
        Ok(Laid {
            pages: self.pages,
            bookmarks: self.bookmarks,
        })
    }

    /// Draws the cards held on a page of fronts and the page of backs behind it, hands both on
    /// and empties the sheet.
    fn draw(&mut self, usage: &mut Usage, sink: &mut dyn Sink) -> Result<()> {
        let size = self.size;
        let (w, h) = cell(size);
        let measure = w - 2.0 * PADDING;
        let room = h - 2.0 * PADDING - LABEL;
        let mut front = Page::default();
        let mut back = Page::default();
        for (slot, card) in self.cards.drain(..).enumerate() {
            let (fx, fy) = slot_origin(size, slot, false);
            let (bx, by) = slot_origin(size, slot, true);
            if let Some(title) = card.bookmark {
                self.bookmarks.push(Bookmark {
                    title,
                    page: self.pages,
                    y: fy,
                    children: Vec::new(),
                });
            }
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
                .map(|(k, n)| format!(" · {k}/{n}"))
                .unwrap_or_default();
            let text = format!("{}{part}", card.number);
            let foot = h - PADDING + 4.0;
            let (runs, _) = label(usage, FontId::Regular, LABEL_SIZE, &text);
            front.runs(runs, fx + PADDING, fy + foot, Ink::gray(0.5));
            if let Some((runs, width)) = self.titles.get(card.doc) {
                front.runs(
                    runs.clone(),
                    fx + w - PADDING - width,
                    fy + foot,
                    Ink::gray(0.5),
                );
            }
            let (runs, width) = label(usage, FontId::Regular, LABEL_SIZE, &text);
            back.runs(runs, bx + w - PADDING - width, by + foot, Ink::gray(0.5));
            if let Some((k, n)) = card.part
                && k < n
            {
                let (runs, _) = label(
                    usage,
                    FontId::Regular,
                    LABEL_SIZE,
                    "continued on the next card →",
                );
                back.runs(runs, bx + PADDING, by + foot, Ink::gray(0.5));
            }
        }
        cut_marks(&mut front, size);
        cut_marks(&mut back, size);
        sink.page(front)?;
        sink.page(back)?;
        self.pages += 2;
        Ok(())
    }
}

/// A card's back: the answer, then the other answers of a merged question.
fn back_rows(entry: &Entry<'_>, sizes: Sizes, question: NodeId, s: &mut Setter<'_>) -> Vec<Row> {
    // No answer in the article: the back says so (and how to shape a story), never blank.
    if entry.unanswered() {
        let mut note = vec![Block::Paragraph(no_answer::NO_ANSWER.into())];
        note.extend(no_answer::star_reminder(entry.question).unwrap_or_default());
        return content::answer_rows(&note, sizes, 0.0, question, s);
    }
    let mut rows = content::answer_rows(entry.answer, sizes, 0.0, question, s);
    rows.append(&mut content::other_answer_rows(
        &entry.others,
        sizes,
        question,
        s,
    ));
    rows
}

/// The front of a continuation card: the question again, marked "(cont.)", as an artifact.
fn continued_front(entry: &Entry<'_>, sizes: Sizes, measure: f32, usage: &mut Usage) -> Vec<Row> {
    let mut scratch = Structure::default();
    let mut s = Setter {
        measure,
        usage,
        tree: &mut scratch,
    };
    let mut rows = content::question_rows(
        &format!("{} (cont.)", entry.number),
        entry.question,
        &[],
        sizes,
        Structure::ROOT,
        &mut s,
    );
    for row in &mut rows {
        for run in &mut row.runs {
            run.node = None;
        }
    }
    rows
}

/// Rows split over as many cards as it takes, at most `room` points of text each. A card ends
/// where a row may end a column; of those, at the last block's start when the card is at least
/// [`BLOCK_SPLIT_FILL`] full, else at the last line that fits. A run of rows that must stay
/// together but is taller than a card is split where it overflows.
fn split(rows: &[Row], room: f32) -> Vec<Vec<Row>> {
    let mut cards = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut depth = 0.0;
        let mut best_line = None;
        let mut best_block = None;
        let mut j = i;
        while j < rows.len() {
            let row = &rows[j];
            let next = depth + row.height + if j == i { 0.0 } else { row.space_before };
            if next > room {
                break;
            }
            depth = next;
            j += 1;
            let may_end = j == rows.len() || !rows[j - 1].keep_with_next;
            if may_end {
                best_line = Some(j);
                if (j == rows.len() || rows[j].block_start) && depth >= room * BLOCK_SPLIT_FILL {
                    best_block = Some(j);
                }
            }
        }
        let end = if j == rows.len() {
            j
        } else {
            best_block.or(best_line).unwrap_or(j.max(i + 1))
        };
        let mut card: Vec<Row> = rows[i..end].to_vec();
        if let Some(first) = card.first_mut() {
            first.space_before = 0.0;
        }
        cards.push(card);
        i = end;
    }
    if cards.is_empty() {
        cards.push(Vec::new());
    }
    cards
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
    let (ink, width, tick) = (Ink::gray(0.6), 0.4, MARGIN - 10.0);
    for c in 0..=COLUMNS {
        let x = MARGIN + c as f32 * w;
        page.line((x, 4.0), (x, 4.0 + tick), width, ink);
        page.line((x, size.1 - 4.0 - tick), (x, size.1 - 4.0), width, ink);
    }
    for r in 0..=ROWS {
        let y = MARGIN + r as f32 * h;
        page.line((4.0, y), (4.0 + tick, y), width, ink);
        page.line((size.0 - 4.0 - tick, y), (size.0 - 4.0, y), width, ink);
    }
    for c in 1..COLUMNS {
        for r in 1..ROWS {
            let (x, y) = (MARGIN + c as f32 * w, MARGIN + r as f32 * h);
            page.line((x - 4.0, y), (x + 4.0, y), width, ink);
            page.line((x, y - 4.0), (x, y + 4.0), width, ink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Document, Question, SourcePos};
    use crate::write::pdf::page::Op;

    fn row(block_start: bool, keep_with_next: bool) -> Row {
        Row {
            height: 10.0,
            space_before: 2.0,
            block_start,
            keep_with_next,
            ..Row::default()
        }
    }

    #[test]
    fn cards_end_only_where_a_row_may_end_and_prefer_a_block_start() {
        // Blocks of 3 rows; the middle rows of each must not end a card (a list item, say).
        let rows: Vec<Row> = (0..30).map(|i| row(i % 3 == 0, i % 3 != 2)).collect();
        let cards = split(&rows, 75.0);
        assert!(cards.len() > 1);
        let mut at = 0;
        for card in &cards {
            at += card.len();
            assert!(
                at == rows.len() || rows[at].block_start,
                "split inside a block at {at}"
            );
            assert!(height(card) <= 75.0);
        }
        assert_eq!(at, rows.len(), "rows lost");
    }

    #[test]
    fn a_run_taller_than_a_card_is_still_split() {
        let rows: Vec<Row> = (0..20).map(|_| row(false, true)).collect();
        let cards = split(&rows, 50.0);
        assert_eq!(cards.iter().map(Vec::len).sum::<usize>(), 20);
        assert!(cards.iter().all(|c| height(c) <= 50.0));
    }

    #[test]
    fn short_and_long_answers_share_one_type_size() {
        let question = |n: u32, words: usize| Question {
            number: Some(n),
            question: format!("Question {n}?"),
            answer: vec![Block::paragraph("word ".repeat(words))],
            source: SourcePos {
                file: "a.txt".into(),
                line: 1,
            },
            section: None,
        };
        let corpus = Corpus::unmerged(vec![Document {
            file: "a.txt".into(),
            title: "A".into(),
            questions: vec![question(1, 5), question(2, 2000), question(3, 40)],
            modified: None,
        }]);
        let mut usage = Usage::default();
        let mut tree = Structure::default();
        let mut sheets = Vec::new();
        let laid = pages(
            &corpus,
            (595.28, 841.89),
            &mut usage,
            &mut tree,
            &mut sheets,
        )
        .unwrap();
        let mut sizes: Vec<f32> = sheets
            .iter()
            .skip(1)
            .step_by(2)
            .flat_map(|p| &p.ops)
            .filter_map(|op| match op {
                Op::Text { run, node, .. } if node.is_some() => Some(run.size),
                _ => None,
            })
            .collect();
        sizes.dedup();
        assert_eq!(sizes.len(), 1, "answer sizes {sizes:?}");
        // The long answer continues on further cards, the short ones take one each.
        assert!(laid.bookmarks.len() == 3 && laid.pages >= 2 && laid.pages == sheets.len());
        let texts: String = sheets[0]
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { run, .. } => Some(run.text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains("(cont.)"), "{texts}");
    }
}
