//! Text as the layout sees it: styled spans in, glyphs with advances out, and a record of every
//! character no face has.

use std::collections::BTreeSet;

use super::fonts::{self, FontId, Glyph};
use super::tags::NodeId;

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

/// Text in one face drawn from `x` (points from the line's left edge) at `size`: one glyph per
/// character, as the face (or the fallback that drew it) maps it.
#[derive(Debug, Clone)]
pub struct Run {
    pub font: FontId,
    pub x: f32,
    pub size: f32,
    pub text: String,
    /// The structure element the text belongs to; `None` for an artifact (a label, a page
    /// number).
    pub node: Option<NodeId>,
}

/// What a document uses that the reader should hear about: the characters no face could draw.
#[derive(Debug, Default)]
pub struct Usage {
    pub missing: BTreeSet<char>,
}

impl Usage {
    /// Shapes spans into glyphs, recording what they use. Control characters other than a line
    /// feed are dropped.
    pub fn shape(&mut self, spans: &[Span], out: &mut Vec<Shaped>) {
        out.reserve(spans.iter().map(|s| s.text.len()).sum());
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
        let draw = drawn(ch);
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
        Shaped { ch, glyph }
    }
}

/// The character drawn for `ch`: every kind of space as a plain space.
fn drawn(ch: char) -> char {
    if ch.is_whitespace() && ch != '\n' {
        ' '
    } else {
        ch
    }
}

/// Width of shaped glyphs at `size`, points.
pub fn width(glyphs: &[Shaped], size: f32) -> f32 {
    glyphs.iter().map(|g| g.glyph.advance).sum::<f32>() * size
}

/// Groups glyphs into runs of one face, skipping line feeds, starting at `x`.
pub fn runs(glyphs: &[Shaped], size: f32, mut x: f32) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        if g.ch == '\n' {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.font == g.glyph.font => run.text.push(drawn(g.ch)),
            _ => runs.push(Run {
                font: g.glyph.font,
                x,
                size,
                text: run_text(&glyphs[i..]),
                node: None,
            }),
        }
        x += g.glyph.advance * size;
    }
    runs
}

/// An empty string with room for the run that starts at `glyphs[0]` (its glyphs up to the next
/// change of face), holding that first character: growing each run's text a character at a time
/// reallocated it several times per line, which showed in profiles.
fn run_text(glyphs: &[Shaped]) -> String {
    let Some(first) = glyphs.first() else {
        return String::new();
    };
    let bytes = glyphs
        .iter()
        .take_while(|g| g.ch == '\n' || g.glyph.font == first.glyph.font)
        .filter(|g| g.ch != '\n')
        .map(|g| drawn(g.ch).len_utf8())
        .sum();
    let mut text = String::with_capacity(bytes);
    text.push(drawn(first.ch));
    text
}

/// A single line of `text` in one face, unbroken: its runs from `x = 0` and its width.
pub fn label(usage: &mut Usage, font: FontId, size: f32, text: &str) -> (Vec<Run>, f32) {
    let mut glyphs = Vec::with_capacity(text.len());
    usage.shape(&[Span::new(font, text)], &mut glyphs);
    (runs(&glyphs, size, 0.0), width(&glyphs, size))
}

/// A single line of `text` cut short with an ellipsis to fit `room` points: its runs and width.
pub fn fitted_label(usage: &mut Usage, text: &str, size: f32, room: f32) -> (Vec<Run>, f32) {
    let (runs, width) = label(usage, FontId::Regular, size, text);
    if width <= room {
        return (runs, width);
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let short: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        let (runs, width) = label(usage, FontId::Regular, size, &short);
        if width <= room {
            return (runs, width);
        }
    }
    (Vec::new(), 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_at_faces_skip_line_feeds_and_are_sized_exactly() {
        let mut usage = Usage::default();
        let mut glyphs = Vec::new();
        let spans = [
            Span::new(FontId::Regular, "a\u{a0}é"),
            Span::new(FontId::Bold, "cd\nef→"),
            Span::new(FontId::Mono, "x"),
        ];
        usage.shape(&spans, &mut glyphs);
        let runs = runs(&glyphs, 10.0, 5.0);
        let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["a é", "cdef→", "x"]);
        let fonts: Vec<FontId> = runs.iter().map(|r| r.font).collect();
        assert_eq!(fonts, [FontId::Regular, FontId::Bold, FontId::Mono]);
        for run in &runs {
            assert_eq!(run.text.capacity(), run.text.len(), "{:?}", run.text);
        }
        assert_eq!(runs[0].x, 5.0);
        assert!((runs[1].x - (5.0 + width(&glyphs[..3], 10.0))).abs() < 1e-4);
    }
}
