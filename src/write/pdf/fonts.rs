//! The five embedded faces (DejaVu Sans Condensed regular, bold, oblique and bold oblique, DejaVu
//! Sans Mono), shipped inside the binary, and the per-character glyph lookup every measurement
//! and drawing goes through. A character a face lacks falls back to the upright face of its
//! weight, then to the regular face, then to `.notdef`, and is recorded so the caller can warn
//! once.

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
    /// Emphasis.
    Italic = 3,
    /// Emphasis inside bold text.
    BoldItalic = 4,
}

impl FontId {
    pub const ALL: [FontId; 5] = [
        FontId::Regular,
        FontId::Bold,
        FontId::Mono,
        FontId::Italic,
        FontId::BoldItalic,
    ];

    /// The face of `base` made oblique: emphasis in regular or bold text. Code stays upright.
    pub fn emphasised(self) -> FontId {
        match self {
            FontId::Regular | FontId::Italic => FontId::Italic,
            FontId::Bold | FontId::BoldItalic => FontId::BoldItalic,
            FontId::Mono => FontId::Mono,
        }
    }

    /// Whether the face is oblique.
    pub fn is_italic(self) -> bool {
        matches!(self, FontId::Italic | FontId::BoldItalic)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The face's PostScript name, as the PDF names the embedded subset.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontId::Regular => "DejaVuSansCondensed",
            FontId::Bold => "DejaVuSansCondensed-Bold",
            FontId::Mono => "DejaVuSansMono",
            FontId::Italic => "DejaVuSansCondensed-Oblique",
            FontId::BoldItalic => "DejaVuSansCondensed-BoldOblique",
        }
    }

    /// The face's file, as shipped in `assets/fonts`.
    pub fn bytes(self) -> &'static [u8] {
        FILES[self.index()]
    }
}

/// The faces' files, in [`FontId`] order. A `static`, so each file is in the binary once: as
/// constants in a `match`, each was copied into every codegen unit that inlined the lookup
/// (three copies of each in the release binary).
static FILES: [&[u8]; FontId::ALL.len()] = [
    include_bytes!("../../../assets/fonts/DejaVuSansCondensed.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansCondensed-Bold.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansCondensed-Oblique.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansCondensed-BoldOblique.ttf"),
];

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
    static FONTS: OnceLock<[Font; FontId::ALL.len()]> = OnceLock::new();
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

/// Resolves `ch` in `wanted`, falling back to the upright face of its weight, then to the
/// regular face; `None` when no face has it.
pub fn resolve(wanted: FontId, ch: char) -> Option<Glyph> {
    match resolved(wanted).get(ch as usize) {
        Some(&glyph) => glyph,
        None => resolve_uncached(wanted, ch),
    }
}

/// [`resolve`] for every char below [`TABLE_CHARS`] in `wanted`, worked out once: the layout
/// and the content streams resolve every character they set, and walking the fallback chain
/// each time showed in profiles.
fn resolved(wanted: FontId) -> &'static [Option<Glyph>] {
    static RESOLVED: OnceLock<[Vec<Option<Glyph>>; FontId::ALL.len()]> = OnceLock::new();
    &RESOLVED.get_or_init(|| {
        FontId::ALL.map(|id| {
            (0..TABLE_CHARS as u32)
                .map(|c| char::from_u32(c).and_then(|ch| resolve_uncached(id, ch)))
                .collect()
        })
    })[wanted.index()]
}

/// [`resolve`] without the table: the fallback chain walked for one character.
fn resolve_uncached(wanted: FontId, ch: char) -> Option<Glyph> {
    let in_face = |id: FontId| {
        let font = font(id);
        font.glyph(ch).map(|(gid, advance)| Glyph {
            font: id,
            gid,
            advance: f32::from(advance) / font.units_per_em,
        })
    };
    let upright = match wanted {
        FontId::BoldItalic => FontId::Bold,
        FontId::Italic => FontId::Regular,
        other => other,
    };
    in_face(wanted)
        .or_else(|| (upright != wanted).then(|| in_face(upright)).flatten())
        .or_else(|| {
            (upright != FontId::Regular)
                .then(|| in_face(FontId::Regular))
                .flatten()
        })
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
    fn emphasis_is_set_oblique_in_its_weight_and_code_stays_upright() {
        assert_eq!(FontId::Regular.emphasised(), FontId::Italic);
        assert_eq!(FontId::Bold.emphasised(), FontId::BoldItalic);
        assert_eq!(FontId::Mono.emphasised(), FontId::Mono);
        for id in [FontId::Italic, FontId::BoldItalic] {
            let italic = font(id).face.italic_angle();
            assert!(italic < -1.0, "{id:?} slants {italic}");
            assert!(font(id).face.is_italic() || font(id).face.is_oblique());
        }
    }

    #[test]
    fn the_table_resolves_as_the_fallback_chain_does() {
        for id in FontId::ALL {
            for c in (0..TABLE_CHARS as u32).chain([0x2600, 0x4E2D, 0x1F600]) {
                let Some(ch) = char::from_u32(c) else {
                    continue;
                };
                let fast = resolve(id, ch).map(|g| (g.font, g.gid, g.advance.to_bits()));
                let slow = resolve_uncached(id, ch).map(|g| (g.font, g.gid, g.advance.to_bits()));
                assert_eq!(fast, slow, "{id:?} {ch:?}");
            }
        }
    }

    #[test]
    fn licence_names_bitstream_vera() {
        assert!(LICENSE.contains("Bitstream Vera"));
    }
}
