//! Text as the layout sees it: styled spans in, glyphs with advances out, and a record of every
//! glyph a document uses (for subsetting and the text layer) and every character no face has.

use std::collections::BTreeSet;

use super::fonts::{self, FontId, Glyph};

/// Text in one face, before layout.
#[derive(Debug, Clone)]
pub struct Span {
    pub font: FontId,
    pub text: String,
}

impl Span {
    pub fn new(font: FontId, text: impl Into<String>) -> Span {
        Span {
            font,
            text: text.into(),
        }
    }
}

/// One character resolved to a glyph.
#[derive(Debug, Clone, Copy)]
pub struct Shaped {
    pub ch: char,
    pub glyph: Glyph,
}

impl Shaped {
    pub fn is_space(&self) -> bool {
        self.ch.is_whitespace()
    }
}

/// Glyphs of one face drawn from `x` (points from the line's left edge) at `size`.
#[derive(Debug, Clone)]
pub struct Run {
    pub font: FontId,
    pub x: f32,
    pub size: f32,
    pub glyphs: Vec<u16>,
}

/// What a document uses: per face, the character each glyph stands for (the PDF's text layer),
/// and the characters no face could draw.
pub struct Usage {
    chars: [Vec<Option<char>>; 3],
    /// Faces that draw anything, if only `.notdef`: each needs its font resource.
    drawn: [bool; 3],
    pub missing: BTreeSet<char>,
}

impl Default for Usage {
    fn default() -> Self {
        Usage {
            chars: FontId::ALL
                .map(|id| vec![None; usize::from(fonts::font(id).face.number_of_glyphs())]),
            drawn: [false; 3],
            missing: BTreeSet::new(),
        }
    }
}

impl Usage {
    /// Whether anything is drawn in `font`.
    pub fn draws(&self, font: FontId) -> bool {
        self.drawn[font.index()]
    }

    /// Glyph ids used in `font`, ascending, each with its character.
    pub fn used(&self, font: FontId) -> impl Iterator<Item = (u16, char)> + '_ {
        self.chars[font.index()]
            .iter()
            .enumerate()
            .filter_map(|(gid, ch)| ch.map(|ch| (gid as u16, ch)))
    }

    /// Shapes spans into glyphs, recording what they use. Control characters other than a line
    /// feed are dropped.
    pub fn shape(&mut self, spans: &[Span], out: &mut Vec<Shaped>) {
        for span in spans {
            for ch in span.text.chars() {
                out.push(self.shape_char(span.font, ch));
            }
        }
    }

    pub fn shape_char(&mut self, font: FontId, ch: char) -> Shaped {
        let ch = match ch {
            '\t' => ' ',
            c if c.is_control() && c != '\n' => ' ',
            c => c,
        };
        // The line breaker sees the character as written (a no-break space must not become a
        // break); every kind of space is drawn, and extracted, as a plain space.
        let draw = if ch.is_whitespace() && ch != '\n' {
            ' '
        } else {
            ch
        };
        let glyph = match fonts::resolve(font, draw) {
            Some(glyph) => glyph,
            None if ch == '\n' => Glyph {
                advance: 0.0,
                ..fonts::missing(font)
            },
            None => {
                self.missing.insert(ch);
                fonts::missing(font)
            }
        };
        self.drawn[glyph.font.index()] |= ch != '\n';
        if glyph.gid != 0 {
            let slot = &mut self.chars[glyph.font.index()][usize::from(glyph.gid)];
            slot.get_or_insert(draw);
        }
        Shaped { ch, glyph }
    }
}

/// Width of shaped glyphs at `size`, points.
pub fn width(glyphs: &[Shaped], size: f32) -> f32 {
    glyphs.iter().map(|g| g.glyph.advance).sum::<f32>() * size
}

/// Groups glyphs into runs of one face, skipping line feeds, starting at `x`.
pub fn runs(glyphs: &[Shaped], size: f32, mut x: f32) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for g in glyphs {
        if g.ch == '\n' {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.font == g.glyph.font => run.glyphs.push(g.glyph.gid),
            _ => runs.push(Run {
                font: g.glyph.font,
                x,
                size,
                glyphs: vec![g.glyph.gid],
            }),
        }
        x += g.glyph.advance * size;
    }
    runs
}

/// A single line of `text` in one face, unbroken: its runs from `x = 0` and its width.
pub fn label(usage: &mut Usage, font: FontId, size: f32, text: &str) -> (Vec<Run>, f32) {
    let mut glyphs = Vec::with_capacity(text.len());
    usage.shape(&[Span::new(font, text)], &mut glyphs);
    (runs(&glyphs, size, 0.0), width(&glyphs, size))
}
