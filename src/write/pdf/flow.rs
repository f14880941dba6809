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
}

impl<F: Fn(usize, usize) -> Frame> Cursor<F> {
    fn next_column(&mut self) {
        self.column += 1;
        if self.column == self.columns {
            self.column = 0;
            self.page += 1;
        }
        self.current = (self.frame)(self.page, self.column);
        self.y = self.current.top;
        self.at_top = true;
    }
}

/// Flows `rows` through the columns `frame(page, column)` gives, `columns` per page.
pub fn flow(rows: &[Row], columns: usize, frame: impl Fn(usize, usize) -> Frame) -> Vec<Placed> {
    let mut placed = Vec::with_capacity(rows.len());
    let current = frame(0, 0);
    let mut c = Cursor {
        frame,
        columns,
        page: 0,
        column: 0,
        current,
        y: current.top,
        at_top: true,
    };
    let mut i = 0;
    while i < rows.len() {
        // The unit: rows that must stay together, ending with the first free row.
        let mut end = i;
        while end + 1 < rows.len() && rows[end].keep_with_next {
            end += 1;
        }
        let unit = &rows[i..=end];
        let unit_height: f32 = unit
            .iter()
            .enumerate()
            .map(|(k, r)| {
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
        for (k, row) in unit.iter().enumerate() {
            let mut space = if c.at_top { 0.0 } else { row.space_before };
            if !c.at_top && c.y + space + row.height > c.current.bottom {
                c.next_column();
                space = 0.0;
            }
            placed.push(Placed {
                page: c.page,
                x: c.current.x,
                top: c.y + space,
                row: i + k,
            });
            c.y += space + row.height;
            c.at_top = false;
        }
        i = end + 1;
    }
    placed
}
