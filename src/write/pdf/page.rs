//! A page as a list of drawing operations in top-down points, before fonts are subset: text runs
//! keep the faces' own glyph ids, which the serialiser renumbers.

use super::content::Row;
use super::text::Run;

/// One drawing operation; `y` grows downward from the page's top edge.
#[derive(Debug, Clone)]
pub enum Op {
    /// A run of glyphs whose baseline starts at `(x, y)`.
    Text { x: f32, y: f32, gray: f32, run: Run },
    /// A filled rectangle, `(x, y)` its top-left corner.
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: f32,
    },
    /// A straight line.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        gray: f32,
    },
}

/// One page's operations.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub ops: Vec<Op>,
}

impl Page {
    /// Draws a row whose top-left corner is at `(x, top)` in a column `width` wide.
    pub fn row(&mut self, row: &Row, x: f32, top: f32, width: f32) {
        if let Some(gray) = row.fill {
            self.ops.push(Op::Rect {
                x,
                y: top,
                width,
                height: row.height,
                gray,
            });
        }
        let y = top + row.baseline;
        for run in &row.runs {
            self.ops.push(Op::Text {
                x: x + run.x,
                y,
                gray: row.gray,
                run: run.clone(),
            });
        }
    }

    /// Draws runs of one line with its baseline at `y`, starting at `x`.
    pub fn runs(&mut self, runs: Vec<Run>, x: f32, y: f32, gray: f32) {
        for run in runs {
            self.ops.push(Op::Text {
                x: x + run.x,
                y,
                gray,
                run: Run { x: 0.0, ..run },
            });
        }
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, gray: f32) {
        self.ops.push(Op::Line {
            from,
            to,
            width,
            gray,
        });
    }
}
