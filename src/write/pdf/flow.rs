//! The greedy column flow: rows fill a column top to bottom, then the next column, then the next
//! page. A row that may not end a column pulls its successors along, so a question never ends a
//! column without the first line of its answer; nothing is ever clipped.

use super::content::Row;

/// A column's box, measured from the page's top-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub x: f32,
    pub top: f32,
    pub bottom: f32,
}

/// Where a row landed: page, column box, and the top of the row.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub page: usize,
    pub x: f32,
    pub top: f32,
    pub row: usize,
}

/// The flow's position.
struct Cursor<F> {
    frame: F,
    columns: usize,
    page: usize,
    column: usize,
    current: Frame,
    y: f32,
    at_top: bool,
    /// On this page, where each block's text starts: column, top of its text, type size.
    starts: Vec<(usize, f32, f32)>,
}

/// Height of the faces' ascender, a share of the type size: where a line's text starts above
/// its baseline for `pdftotext`.
const ASCENT: f32 = 0.93;

/// Top of a row's text, measured from the row's top, and its type size.
fn text_top(row: &Row) -> Option<(f32, f32)> {
    let size = row.runs.first()?.size;
    Some((row.baseline - ASCENT * size, size))
}

impl<F: Fn(usize, usize) -> Frame> Cursor<F> {
    fn next_column(&mut self) {
        self.column += 1;
        if self.column == self.columns {
            self.column = 0;
            self.page += 1;
        }
        if self.column == 0 {
            self.starts.clear();
        }
        self.current = (self.frame)(self.page, self.column);
        self.y = self.current.top;
        self.at_top = true;
    }

    /// Extra space that keeps a block starting at `top` (row top) from starting level with a
    /// block of the column to its left. `pdftotext`'s reading order takes two blocks side by
    /// side whose text starts within half a type size, above two more that do, for a table's
    /// cells and reads them row by row, across the columns, cutting both columns' text; the
    /// columns' own first blocks always start level, so every such pair below them is avoided.
    fn clear_of_left(&self, row: &Row, top: f32) -> f32 {
        let Some((offset, size)) = text_top(row) else {
            return 0.0;
        };
        let Some(left) = self.column.checked_sub(1) else {
            return 0.0;
        };
        let mut extra = 0.0;
        // Each move clears one start and lands at most near the next: a few rounds settle it.
        for _ in 0..4 {
            let start = top + extra + offset;
            let clash = self
                .starts
                .iter()
                .filter(|s| s.0 == left)
                .map(|s| (s.1, 0.5 * s.2.max(size) + 0.5))
                .find(|&(other, guard)| (start - other).abs() < guard);
            match clash {
                Some((other, guard)) => extra += other + guard - start,
                None => break,
            }
        }
        extra
    }
}

/// A flow fed a few rows at a time, for layouts that hand pages on as they fill: rows given to
/// [`Flow::push`] wait until a row that may end a column closes their unit, then are placed.
pub struct Flow<F> {
    cursor: Cursor<F>,
    /// Rows of the unit still open: the last one must stay with what follows.
    waiting: Vec<(usize, Row)>,
}

impl<F: Fn(usize, usize) -> Frame> Flow<F> {
    /// A flow through the columns `frame(page, column)` gives, `columns` per page.
    pub fn new(columns: usize, frame: F) -> Flow<F> {
        let current = frame(0, 0);
        Flow {
            cursor: Cursor {
                frame,
                columns,
                page: 0,
                column: 0,
                current,
                y: current.top,
                at_top: true,
                starts: Vec::new(),
            },
            waiting: Vec::new(),
        }
    }

    /// The page the next row would start on.
    pub fn page(&self) -> usize {
        self.cursor.page
    }

    /// Takes row number `index`; places it and the rows waiting with it once it may end a
    /// column, adding them to `placed` with the rows themselves.
    pub fn push(&mut self, index: usize, row: Row, placed: &mut Vec<(Placed, Row)>) {
        let closes = !row.keep_with_next;
        self.waiting.push((index, row));
        if closes {
            self.place_waiting(placed);
        }
    }

    /// Places whatever still waits (the document's last rows).
    pub fn finish(&mut self, placed: &mut Vec<(Placed, Row)>) {
        self.place_waiting(placed);
    }

    fn place_waiting(&mut self, out: &mut Vec<(Placed, Row)>) {
        let c = &mut self.cursor;
        let unit_height: f32 = self
            .waiting
            .iter()
            .enumerate()
            .map(|(k, (_, r))| {
                r.height
                    + if k == 0 && c.at_top {
                        0.0
                    } else {
                        r.space_before
                    }
            })
            .sum();
        if !c.at_top && c.y + unit_height > c.current.bottom {
            c.next_column();
        }
        for (index, row) in self.waiting.drain(..) {
            let mut space = if c.at_top { 0.0 } else { row.space_before };
            if !c.at_top && row.block_start {
                space += c.clear_of_left(&row, c.y + space);
            }
            if !c.at_top && c.y + space + row.height > c.current.bottom {
                c.next_column();
                space = 0.0;
            }
            if row.block_start
                && let Some((offset, size)) = text_top(&row)
            {
                c.starts.push((c.column, c.y + space + offset, size));
            }
            let at = Placed {
                page: c.page,
                x: c.current.x,
                top: c.y + space,
                row: index,
            };
            c.y += space + row.height;
            c.at_top = false;
            out.push((at, row));
        }
    }
}

/// Flows `rows` through the columns `frame(page, column)` gives, `columns` per page.
pub fn flow(rows: &[Row], columns: usize, frame: impl Fn(usize, usize) -> Frame) -> Vec<Placed> {
    let mut flow = Flow::new(columns, frame);
    let mut placed = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        flow.push(i, row.clone(), &mut placed);
    }
    flow.finish(&mut placed);
    placed.into_iter().map(|(at, _)| at).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(height: f32, keep_with_next: bool) -> Row {
        Row {
            space_before: 2.0,
            height,
            keep_with_next,
            ..Row::default()
        }
    }

    fn columns(rows: &[Row]) -> Vec<(usize, f32)> {
        flow(rows, 2, |page, column| Frame {
            x: column as f32 * 100.0 + page as f32 * 1000.0,
            top: 0.0,
            bottom: 50.0,
        })
        .iter()
        .map(|p| (p.row, p.x))
        .collect()
    }

    #[test]
    fn a_question_moves_to_the_next_column_with_its_first_answer_line() {
        // Rows of 10: three fill 34 of 50; a question (kept) and its first answer line need 24.
        let rows = [
            row(10.0, false),
            row(10.0, false),
            row(10.0, false),
            row(10.0, true),
            row(10.0, false),
        ];
        let placed = columns(&rows);
        assert_eq!(placed[3].1, placed[4].1, "question split from its answer");
        assert_eq!(placed[3].1, 100.0);
    }

    #[test]
    fn every_row_is_placed_inside_its_column_and_in_order() {
        let rows: Vec<Row> = (0..40)
            .map(|i| row(7.0 + (i % 3) as f32, i % 4 == 0))
            .collect();
        let placed = flow(&rows, 2, |_, _| Frame {
            x: 0.0,
            top: 10.0,
            bottom: 60.0,
        });
        assert_eq!(placed.len(), rows.len());
        for (i, p) in placed.iter().enumerate() {
            assert_eq!(p.row, i);
            assert!(p.top >= 10.0 && p.top + rows[i].height <= 60.0, "{p:?}");
        }
    }

    #[test]
    fn a_unit_taller_than_a_column_is_still_placed_whole() {
        let rows: Vec<Row> = (0..10).map(|_| row(10.0, true)).collect();
        assert_eq!(columns(&rows).len(), 10);
    }

    #[test]
    fn blocks_in_the_next_column_never_start_level_with_ones_on_their_left() {
        let block = |_| Row {
            space_before: 2.0,
            height: 22.0,
            baseline: 16.0,
            block_start: true,
            runs: vec![super::super::text::Run {
                font: super::super::fonts::FontId::Regular,
                x: 0.0,
                size: 8.0,
                text: "x".into(),
                node: None,
            }],
            ..Row::default()
        };
        let rows: Vec<Row> = (0..8).map(block).collect();
        let placed = flow(&rows, 2, |_, column| Frame {
            x: column as f32 * 100.0,
            top: 0.0,
            bottom: 100.0,
        });
        let tops =
            |x: f32| -> Vec<f32> { placed.iter().filter(|p| p.x == x).map(|p| p.top).collect() };
        let (left, right) = (tops(0.0), tops(100.0));
        assert_eq!(left, [0.0, 24.0, 48.0, 72.0]);
        assert_eq!(right[0], 0.0, "the columns' first blocks start level");
        for top in &right[1..] {
            assert!(
                left.iter().all(|l| (top - l).abs() >= 4.5 - 1e-3),
                "{right:?} against {left:?}"
            );
        }
    }
}
