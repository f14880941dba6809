//! A page as a list of drawing operations in top-down points, before fonts are subset: text runs
//! keep the faces' own glyph ids, and each names the structure element it belongs to (or none:
//! an artifact such as a page number), which the serialiser turns into tags.

use super::content::Row;
use super::tags::NodeId;
use super::text::Run;

/// A colour, red, green and blue from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink(pub f32, pub f32, pub f32);

impl Ink {
    /// A gray level: 0 is black, 1 white.
    pub const fn gray(level: f32) -> Ink {
        Ink(level, level, level)
    }

    pub const BLACK: Ink = Ink::gray(0.0);
    /// The dark blue of question headings: set apart from the answers even in a gray print.
    pub const ACCENT: Ink = Ink(0.05, 0.2, 0.45);
}

/// One drawing operation; `y` grows downward from the page's top edge.
#[derive(Debug, Clone)]
pub enum Op {
    /// A run of glyphs whose baseline starts at `(x, y)`, tagged as part of the structure
    /// element `node`, or an artifact when `None`.
    Text {
        x: f32,
        y: f32,
        ink: Ink,
        run: Run,
        node: Option<NodeId>,
    },
    /// A filled rectangle, `(x, y)` its top-left corner.
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        ink: Ink,
    },
    /// Straight line segments joined end to end.
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        ink: Ink,
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
        if let Some(ink) = row.fill {
            self.ops.push(Op::Rect {
                x,
                y: top,
                width,
                height: row.height,
                ink,
            });
        }
        let y = top + row.baseline;
        if let Some(at) = row.hook {
            self.hook(x + at, y, row.height);
        }
        for run in &row.runs {
            self.ops.push(Op::Text {
                x: x + run.x,
                y,
                ink: row.ink,
                run: run.clone(),
                node: run.node,
            });
        }
    }

    /// Draws runs of one line with the baseline at `y`, starting at `x`; runs of no structure
    /// element (labels, page numbers) are artifacts.
    pub fn runs(&mut self, runs: Vec<Run>, x: f32, y: f32, ink: Ink) {
        for run in runs {
            self.ops.push(Op::Text {
                x: x + run.x,
                y,
                ink,
                node: run.node,
                run: Run { x: 0.0, ..run },
            });
        }
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, ink: Ink) {
        self.ops.push(Op::Line {
            points: vec![from, to],
            width,
            ink,
        });
    }

    /// The mark in front of a wrapped code line: a small hooked arrow drawn as lines, so that
    /// copying the code does not copy it.
    fn hook(&mut self, x: f32, baseline: f32, height: f32) {
        let s = height * 0.28;
        let (top, mid) = (baseline - s * 1.6, baseline - s * 0.55);
        self.ops.push(Op::Line {
            points: vec![(x, top), (x, mid), (x + s * 1.4, mid)],
            width: 0.5,
            ink: Ink::gray(0.45),
        });
        self.ops.push(Op::Line {
            points: vec![
                (x + s * 0.9, mid - s * 0.45),
                (x + s * 1.4, mid),
                (x + s * 0.9, mid + s * 0.45),
            ],
            width: 0.5,
            ink: Ink::gray(0.45),
        });
    }
}

/// Where a layout hands its pages, in order, as it finishes them: kept whole for krilla, or
/// written at once by the bulk writer, so that a large document never sits in memory as pages.
pub trait Sink {
    /// Takes the next page.
    fn page(&mut self, page: Page) -> anyhow::Result<()>;
    /// Draws `over` on top of page `n`, already taken: a footer that needs the page count.
    fn overlay(&mut self, n: usize, over: Page) -> anyhow::Result<()>;
}

impl Sink for Vec<Page> {
    fn page(&mut self, page: Page) -> anyhow::Result<()> {
        self.push(page);
        Ok(())
    }

    fn overlay(&mut self, n: usize, over: Page) -> anyhow::Result<()> {
        if let Some(page) = self.get_mut(n) {
            page.ops.extend(over.ops);
        }
        Ok(())
    }
}
