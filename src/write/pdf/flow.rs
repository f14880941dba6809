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
    /// On this page, the text of each closed block, column by column.
    extents: Vec<Extent>,
    /// The block being placed.
    open: Option<Open>,
}

/// Where a block's text lies in its column: the top of its first line, the foot of its last.
#[derive(Debug, Clone, Copy)]
struct Extent {
    column: usize,
    top: f32,
    bottom: f32,
    size: f32,
}

impl Extent {
    fn centre(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }

    /// How far down this block must move for none of its top, foot and centre to lie within
    /// half a type size of the same edge of `other`; 0 when none does.
    fn clash(&self, other: &Extent) -> f32 {
        let guard = 0.5 * self.size.max(other.size) + 0.5;
        [
            (self.top, other.top),
            (self.bottom, other.bottom),
            (self.centre(), other.centre()),
        ]
        .iter()
        .filter(|(mine, theirs)| (mine - theirs).abs() < guard)
        .map(|(mine, theirs)| theirs + guard - mine)
        .fold(0.0, f32::max)
    }
}

/// The block being placed: the number of its first row, where its text starts, and whether it
/// may move down (not when it opens the column or follows a row kept with it).
#[derive(Debug, Clone, Copy)]
struct Open {
    first: usize,
    top: f32,
    size: f32,
    movable: bool,
}

/// Height of the faces' ascender, a share of the type size: where a line's text starts above
/// its baseline for `pdftotext`.
const ASCENT: f32 = 0.93;
/// Depth of the faces' descender, a share of the type size: where a line's text ends below its
/// baseline for `pdftotext`.
const DESCENT: f32 = 0.24;
/// How far a column's last block reaches below the top of the last block on its left, a share
/// of the type size, so that `pdftotext` sees the two side by side (its boxes and ours differ
/// by a point or so).
const REACH: f32 = 0.5;

/// Top of a row's text, measured from the row's top, and its type size.
fn text_top(row: &Row) -> Option<(f32, f32)> {
    let size = row.runs.first()?.size;
    Some((row.baseline - ASCENT * size, size))
}

impl<F: Fn(usize, usize) -> Frame> Cursor<F> {
    fn next_column(&mut self, out: &mut [(Placed, Row)]) {
        self.close(out, 0.0, true);
        self.column += 1;
        if self.column == self.columns {
            self.column = 0;
            self.page += 1;
        }
        if self.column == 0 {
            self.starts.clear();
            self.extents.clear();
        }
        self.current = (self.frame)(self.page, self.column);
        self.y = self.current.top;
        self.at_top = true;
    }

    /// Ends the block being placed, its rows the last of `out`. A block of a column right of
    /// another moves down, when the column has room for it and for `after` points more, until
    /// its text neither ends nor is centred level with a block on its left (nor starts level,
    /// which [`Cursor::clear_of_left`] already avoids): `pdftotext` takes two pairs of blocks
    /// side by side whose tops, feet or centres lie within half a type size for a table's
    /// cells. The columns' first blocks start level, so one aligned pair stays alone.
    ///
    /// When the block `ends` its column, it also moves down, if it can, until its text reaches
    /// level with the last block on its left: `pdftotext` widens a block with nothing beside it
    /// over the blocks below it (the footer spans the page), so a left column's last block
    /// that runs below the column to its right is read after that whole column, and a
    /// paragraph continued at the top of the right column comes out cut in two.
    fn close(&mut self, out: &mut [(Placed, Row)], after: f32, ends: bool) {
        let Some(open) = self.open.take() else {
            return;
        };
        // The caller hands finished pages on from the front of `out`: the block is found by
        // its first row's number, from the end.
        let (Some(first), Some((at, row))) = (
            out.iter().rposition(|(at, _)| at.row == open.first),
            out.last(),
        ) else {
            return;
        };
        let size = row.runs.first().map_or(open.size, |r| r.size);
        let mut block = Extent {
            column: self.column,
            top: open.top,
            bottom: at.top + row.baseline + DESCENT * size,
            size: open.size.max(size),
        };
        let foot = at.top + row.height;
        // What moves with the block: the rows from `from` on, and the blocks closed among them.
        let from = if open.movable {
            Some(first)
        } else if ends {
            kept_with(out, first)
        } else {
            None
        };
        if let (Some(from), Some(left)) = (from, self.column.checked_sub(1)) {
            let group_top = out[from].0.top;
            let kept = self.extents.len()
                - self
                    .extents
                    .iter()
                    .rev()
                    .take_while(|e| e.column == self.column && e.top >= group_top)
                    .count();
            let mut moving = self.extents[kept..].to_vec();
            moving.push(block);
            // Down to level with the left column's last block, when the column ends here.
            let reach = self
                .extents
                .iter()
                .rfind(|e| e.column == left)
                .filter(|_| ends)
                .map_or(0.0, |last| {
                    (last.top + REACH * last.size.max(block.size) - block.bottom).max(0.0)
                });
            let fits = |shift: f32| foot + shift + after <= self.current.bottom;
            let shift = [reach, 0.0]
                .into_iter()
                .filter_map(|least| self.clear_shift(&moving, left, least))
                .find(|&shift| fits(shift));
            if let Some(shift) = shift.filter(|&shift| shift > 0.0) {
                for (at, _) in &mut out[from..] {
                    at.top += shift;
                }
                for e in &mut self.extents[kept..] {
                    e.top += shift;
                    e.bottom += shift;
                }
                for start in &mut self.starts {
                    if start.0 == self.column && start.1 >= group_top {
                        start.1 += shift;
                    }
                }
                self.y += shift;
                block.top += shift;
                block.bottom += shift;
            }
        }
        self.extents.push(block);
    }

    /// How far down, from `least` on, `blocks` must move together for the text of none to end
    /// or be centred level with a block of column `left`; `None` when a few rounds do not
    /// settle it.
    fn clear_shift(&self, blocks: &[Extent], left: usize, least: f32) -> Option<f32> {
        let mut shift = least;
        // Each move clears one edge and lands at most near another: a few rounds settle it.
        for _ in 0..6 {
            let more = blocks
                .iter()
                .map(|block| Extent {
                    top: block.top + shift,
                    bottom: block.bottom + shift,
                    ..*block
                })
                .flat_map(|moved| {
                    self.extents
                        .iter()
                        .filter(|e| e.column == left)
                        .map(move |e| moved.clash(e))
                })
                .fold(0.0, f32::max);
            if more <= 0.0 {
                return Some(shift);
            }
            shift += more;
        }
        None
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

/// Where the rows kept with the block starting at row `first` of `out` begin (a heading, a
/// lead-in), when they follow other rows of the same column; `None` when they open it.
fn kept_with(out: &[(Placed, Row)], first: usize) -> Option<usize> {
    let (at, _) = out.get(first)?;
    let same = |other: &Placed| other.page == at.page && other.x == at.x;
    let mut from = first;
    while from > 0 && out[from - 1].1.keep_with_next && same(&out[from - 1].0) {
        from -= 1;
    }
    (from > 0 && same(&out[from - 1].0)).then_some(from)
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
                extents: Vec::new(),
                open: None,
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
        self.cursor.close(placed, 0.0, true);
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
        // A unit that does not fit ends the column, closing its last block as the column's.
        if !c.at_top && c.y + unit_height > c.current.bottom {
            c.next_column(out);
        } else if self.waiting.first().is_some_and(|(_, r)| r.block_start) {
            // Moved only with room for the unit, which still fits.
            c.close(out, unit_height, false);
        }
        let mut left = unit_height;
        for (index, row) in self.waiting.drain(..) {
            let mut space = if c.at_top { 0.0 } else { row.space_before };
            left -= row.height + space;
            if row.block_start {
                // What is left of the unit must still fit below the closed block once moved.
                c.close(out, left.max(0.0) + row.height + space, false);
            }
            if !c.at_top && row.block_start {
                space += c.clear_of_left(&row, c.y + space);
            }
            if !c.at_top && c.y + space + row.height > c.current.bottom {
                c.next_column(out);
                space = 0.0;
            }
            if row.block_start
                && let Some((offset, size)) = text_top(&row)
            {
                c.starts.push((c.column, c.y + space + offset, size));
            }
            if (row.block_start || c.open.is_none())
                && let Some((offset, size)) = text_top(&row)
            {
                c.open = Some(Open {
                    first: index,
                    top: c.y + space + offset,
                    size,
                    // Never away from what introduces it (a heading, a lead-in).
                    movable: row.block_start
                        && !c.at_top
                        && !out.last().is_some_and(|(_, above)| above.keep_with_next),
                });
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

    /// A row of one short run of text.
    fn text_row(space_before: f32, height: f32, baseline: f32, block_start: bool) -> Row {
        Row {
            space_before,
            height,
            baseline,
            block_start,
            runs: vec![super::super::text::Run {
                font: super::super::fonts::FontId::Regular,
                x: 0.0,
                size: 8.0,
                text: "x".into(),
                node: None,
            }],
            ..Row::default()
        }
    }

    #[test]
    fn blocks_in_the_next_column_never_start_level_with_ones_on_their_left() {
        let rows: Vec<Row> = (0..8).map(|_| text_row(2.0, 22.0, 16.0, true)).collect();
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

    #[test]
    fn blocks_in_the_next_column_never_end_or_centre_level_with_ones_on_their_left() {
        // The first column holds blocks of two lines, the second one of one line then blocks of
        // three: the second column's blocks start clear of the first's, but end level with them
        // unless the flow moves them (the column has room to).
        let line = |block_start: bool| {
            text_row(if block_start { 4.0 } else { 0.0 }, 10.0, 8.0, block_start)
        };
        let lines = [2; 11].into_iter().chain([1]).chain([3; 5]);
        let rows: Vec<Row> = lines
            .flat_map(|n| (0..n).map(move |k| k == 0))
            .map(line)
            .collect();
        let placed = flow(&rows, 2, |_, column| Frame {
            x: column as f32 * 100.0,
            top: 0.0,
            bottom: 260.0,
        });
        // Each block's text, from its first line's ascender to its last line's descender.
        let edges = |x: f32| -> Vec<(f32, f32)> {
            let mut out: Vec<(f32, f32)> = Vec::new();
            for p in placed.iter().filter(|p| p.x == x && p.page == 0) {
                let (top, bottom) = (p.top + 8.0 - ASCENT * 8.0, p.top + 8.0 + DESCENT * 8.0);
                match out.last_mut() {
                    Some(last) if !rows[p.row].block_start => last.1 = bottom,
                    _ => out.push((top, bottom)),
                }
            }
            out
        };
        let (left, right) = (edges(0.0), edges(100.0));
        assert!(left.len() > 3 && right.len() > 3, "{left:?} {right:?}");
        for r in &right[1..] {
            for l in &left {
                for (a, b) in [
                    (r.0, l.0),
                    (r.1, l.1),
                    ((r.0 + r.1) / 2.0, (l.0 + l.1) / 2.0),
                ] {
                    assert!((a - b).abs() >= 4.5 - 1e-3, "{r:?} level with {l:?}");
                }
            }
        }
    }

    #[test]
    fn a_columns_last_block_reaches_beside_the_last_block_on_its_left() {
        // The first column holds four blocks of one line; the second two, then a unit of three
        // kept rows that does not fit below them: without a move, the second column would end
        // above the first column's last block, which pdftotext then reads after it.
        let mut rows: Vec<Row> = (0..6).map(|_| text_row(2.0, 22.0, 16.0, true)).collect();
        rows.extend((0..3).map(|k| Row {
            keep_with_next: k < 2,
            ..text_row(2.0, 20.0, 14.0, k == 0)
        }));
        let placed = flow(&rows, 2, |page, column| Frame {
            x: column as f32 * 100.0 + page as f32 * 1000.0,
            top: 0.0,
            bottom: 100.0,
        });
        let text = |p: &Placed| {
            let baseline = p.top + rows[p.row].baseline;
            (baseline - ASCENT * 8.0, baseline + DESCENT * 8.0)
        };
        let last = |x: f32| {
            placed
                .iter()
                .filter(|p| p.x == x)
                .map(text)
                .next_back()
                .unwrap()
        };
        let (left, right) = (last(0.0), last(100.0));
        assert_eq!(
            placed.iter().filter(|p| p.x == 100.0).count(),
            2,
            "{placed:?}"
        );
        assert!(right.1 > left.0, "{right:?} ends above {left:?}");
        for p in &placed {
            assert!(p.top + rows[p.row].height <= 100.0, "{p:?}");
        }
    }
}
