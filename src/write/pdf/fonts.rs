//! The three embedded faces (DejaVu Sans Condensed regular and bold, DejaVu Sans Mono), shipped
//! inside the binary, and the per-character glyph lookup every measurement and drawing goes
//! through. A character a face lacks falls back to the regular face, then to `.notdef`, and is
//! recorded so the caller can warn once.

use std::sync::OnceLock;

use ttf_parser::Face;

/// The licence of the embedded fonts, printed by `qa-convert licenses`.
pub const LICENSE: &str = include_str!("../../../assets/fonts/LICENSE-DejaVu.txt");

/// One of the embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontId {
    Regular = 0,
    Bold = 1,
    Mono = 2,
}

impl FontId {
    pub const ALL: [FontId; 3] = [FontId::Regular, FontId::Bold, FontId::Mono];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The face's PostScript name, as the PDF names the embedded subset.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontId::Regular => "DejaVuSansCondensed",
            FontId::Bold => "DejaVuSansCondensed-Bold",
            FontId::Mono => "DejaVuSansMono",
        }
    }

    /// The face's file, as shipped in `assets/fonts`.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontId::Regular => include_bytes!("../../../assets/fonts/DejaVuSansCondensed.ttf"),
            FontId::Bold => include_bytes!("../../../assets/fonts/DejaVuSansCondensed-Bold.ttf"),
            FontId::Mono => include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
        }
    }
}

/// Characters below this are looked up once into a table; the rest go to the font's cmap each
/// time. Covers Latin, Greek, Cyrillic, general punctuation, arrows and box drawing.
const TABLE_CHARS: usize = 0x2600;

/// A parsed face with its metrics in font units.
pub struct Font {
    pub face: Face<'static>,
    pub units_per_em: f32,
    /// `(glyph id, advance)` for every char below [`TABLE_CHARS`]; glyph 0 when missing.
    table: Vec<(u16, u16)>,
}

impl Font {
    #[allow(clippy::expect_used, reason = "the fonts are built in, not user data")]
    fn load(id: FontId) -> Font {
        // The faces are our own files, checked by the tests: a parse failure is a build defect.
        let face = Face::parse(id.bytes(), 0).expect("embedded font parses");
        let table = (0..TABLE_CHARS as u32)
            .map(
                |c| match char::from_u32(c).and_then(|ch| face.glyph_index(ch)) {
                    Some(gid) => (gid.0, face.glyph_hor_advance(gid).unwrap_or(0)),
                    None => (0, 0),
                },
            )
            .collect();
        Font {
            units_per_em: f32::from(face.units_per_em()),
            face,
            table,
        }
    }

    /// The glyph and advance (font units) for `ch`, or `None` when the face has no glyph.
    pub fn glyph(&self, ch: char) -> Option<(u16, u16)> {
        let (gid, advance) = match self.table.get(ch as usize) {
            Some(&entry) => entry,
            None => {
                let gid = self.face.glyph_index(ch)?;
                (gid.0, self.face.glyph_hor_advance(gid).unwrap_or(0))
            }
        };
        (gid != 0).then_some((gid, advance))
    }

    /// The advance of a glyph id, font units.
    pub fn advance(&self, gid: u16) -> u16 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0)
    }
}

/// The parsed face for `id`, loaded on first use and shared by every document after.
pub fn font(id: FontId) -> &'static Font {
    static FONTS: OnceLock<[Font; 3]> = OnceLock::new();
    &FONTS.get_or_init(|| FontId::ALL.map(Font::load))[id.index()]
}

/// One character resolved to the face that draws it.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub font: FontId,
    pub gid: u16,
    /// Advance at 1 pt, in points.
    pub advance: f32,
}

/// Resolves `ch` in `wanted`, falling back to the regular face; `None` when no face has it.
pub fn resolve(wanted: FontId, ch: char) -> Option<Glyph> {
    let in_face = |id: FontId| {
        let font = font(id);
        font.glyph(ch).map(|(gid, advance)| Glyph {
            font: id,
            gid,
            advance: f32::from(advance) / font.units_per_em,
        })
    };
    match in_face(wanted) {
        None if wanted != FontId::Regular => in_face(FontId::Regular),
        found => found,
    }
}

/// The glyph drawn for a character no face has: `.notdef`, an empty box, as wide as a digit.
pub fn missing(wanted: FontId) -> Glyph {
    let font = font(wanted);
    Glyph {
        font: wanted,
        gid: 0,
        advance: f32::from(font.advance(0)) / font.units_per_em,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_characters_have_glyphs() {
        for ch in "“”‘’–—•→←…éñüçÅ€".chars() {
            for id in FontId::ALL {
                assert!(resolve(id, ch).is_some(), "{id:?} lacks {ch:?}");
            }
        }
    }

    #[test]
    fn cjk_is_missing_and_mono_falls_back_to_regular() {
        assert!(resolve(FontId::Regular, '中').is_none());
        let arrow = resolve(FontId::Mono, '⇒').map(|g| g.font);
        assert!(arrow.is_some());
    }

    #[test]
    fn licence_names_bitstream_vera() {
        assert!(LICENSE.contains("Bitstream Vera"));
    }
}
