//! The bulk path: pages to PDF bytes written by hand, for documents too large for krilla's pace
//! (4-5 times this writer's time; see the README). Each page is written, deflated, as the layout
//! hands it on ([`Bulk`] is a [`Sink`]), so a long document is never in memory as pages; its
//! footer, which needs the page count, is a second content stream. Text keeps the faces' own
//! glyph ids; at the end each face is subset to the glyphs the pages used (allsorts) and
//! embedded as a CID-keyed TrueType font whose `/CIDToGIDMap` leads to the subset's glyphs, with
//! a `/ToUnicode` map. The title, `/Lang` and a bookmark per question, a content-derived `/ID`
//! and subset names, and nothing that varies between runs. Not tagged: that is krilla's part.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::{Context, Result, anyhow};
use flate2::{Compress, Compression, FlushCompress, Status, write::ZlibEncoder};

use sha1::{Digest, Sha1};

use super::fonts::{self, FontId};
use super::page::{Ink, Op, Page, Sink};
use super::serialize::{Bookmark, Meta};

/// A face subset for one document.
struct Subset {
    id: FontId,
    /// `(new gid, old gid, char)` of every used glyph but `.notdef`, by old gid.
    glyphs: Vec<(u16, u16, char)>,
    bytes: Vec<u8>,
}

/// Per face, the character each glyph the pages drew stands for (the first one drawn with it).
struct Used {
    chars: [Vec<Option<char>>; FontId::ALL.len()],
}

impl Used {
    fn new() -> Used {
        Used {
            chars: FontId::ALL
                .map(|id| vec![None; usize::from(fonts::font(id).face.number_of_glyphs())]),
        }
    }

    /// Records that `gid` of `font` was drawn for `ch`.
    fn note(&mut self, font: FontId, gid: u16, ch: char) {
        if let Some(slot) = self.chars[font.index()].get_mut(usize::from(gid)) {
            slot.get_or_insert(ch);
        }
    }

    fn drawn(&self, font: FontId) -> bool {
        self.chars[font.index()].iter().any(Option::is_some)
    }

    fn used(&self, font: FontId) -> impl Iterator<Item = (u16, char)> + '_ {
        self.chars[font.index()]
            .iter()
            .enumerate()
            .filter_map(|(gid, ch)| ch.map(|ch| (gid as u16, ch)))
    }
}

/// The glyph `ch` is drawn with in `font` (the face the layout resolved it to), `.notdef` when
/// the face lacks it.
fn glyph(font: FontId, ch: char) -> u16 {
    fonts::resolve(font, ch)
        .filter(|g| g.font == font)
        .map_or(0, |g| g.gid)
}

fn subset(id: FontId, usage: &Used) -> Result<Subset> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};

    let used: Vec<(u16, char)> = usage.used(id).filter(|(gid, _)| *gid != 0).collect();
    // `.notdef` must come first: allsorts renumbers each glyph to its position in this list.
    let ids: Vec<u16> = std::iter::once(0).chain(used.iter().map(|u| u.0)).collect();
    let scope = ReadScope::new(id.bytes());
    let font_file = scope.read::<FontData<'_>>().map_err(|e| anyhow!("{e}"))?;
    let provider = font_file.table_provider(0).map_err(|e| anyhow!("{e}"))?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| anyhow!("{e}"))
        .with_context(|| format!("subsetting {}", id.postscript_name()))?;
    let glyphs = used
        .iter()
        .enumerate()
        .map(|(new, &(old, ch))| ((new + 1) as u16, old, ch))
        .collect();
    Ok(Subset { id, glyphs, bytes })
}

/// Writes PDF objects and remembers where each starts.
struct Writer {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    /// A new object number.
    fn alloc(&mut self) -> usize {
        self.offsets.push(0);
        self.offsets.len() - 1
    }

    fn begin(&mut self, id: usize) {
        if self.offsets.len() <= id {
            self.offsets.resize(id + 1, 0);
        }
        self.offsets[id] = self.out.len();
        self.out
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    fn object(&mut self, id: usize, body: &str) {
        self.begin(id);
        self.out.extend_from_slice(body.as_bytes());
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Writes a stream deflated at `level`: font files, written once per document, at the best.
    fn stream(&mut self, id: usize, extra: &str, data: &[u8], level: Compression) -> Result<()> {
        let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), level);
        encoder.write_all(data)?;
        let packed = encoder.finish()?;
        self.packed(id, extra, &packed);
        Ok(())
    }

    /// Writes a stream already deflated.
    fn packed(&mut self, id: usize, extra: &str, packed: &[u8]) {
        self.begin(id);
        let dict = format!(
            "<< /Length {} /Filter /FlateDecode{extra} >>\nstream\n",
            packed.len()
        );
        self.out.extend_from_slice(dict.as_bytes());
        self.out.extend_from_slice(packed);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }
}

/// Deflates `data` into `out` (cleared first) with `compress`, reused from page to page: a
/// compressor and buffers made afresh for every page left the heap fragmented (10,000 questions
/// as cards peaked at 363 MiB instead of 122).
fn deflate(compress: &mut Compress, data: &[u8], out: &mut Vec<u8>) -> Result<()> {
    compress.reset();
    out.clear();
    out.reserve(data.len() / 3 + 64);
    loop {
        let read = usize::try_from(compress.total_in())?;
        match compress.compress_vec(&data[read..], out, FlushCompress::Finish)? {
            Status::StreamEnd => return Ok(()),
            Status::Ok | Status::BufError => out.reserve(out.capacity().max(4096)),
        }
    }
}

/// Numbers as PDF wants them: at most two decimals, no trailing zeros. Written by hand: this runs
/// for every run of text and the general float formatter showed in profiles.
fn num(out: &mut Vec<u8>, value: f32) {
    let hundredths = (f64::from(value) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let abs = hundredths.unsigned_abs();
    push_int(out, abs / 100);
    let frac = abs % 100;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

fn push_int(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// A glyph id as two bytes of a literal string, escaped where the string syntax needs it:
/// half the size of hex, and less to deflate.
fn push_gid(out: &mut Vec<u8>, gid: u16) {
    for byte in gid.to_be_bytes() {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            // A raw end of line inside a string is read back as a line feed: escape both.
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(byte),
        }
    }
}

/// A text string in UTF-16BE hex, readable by every PDF reader whatever the script.
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// The catalog, the page tree and the document information, numbered before any page.
const CATALOG: usize = 1;
const PAGE_TREE: usize = 2;
const INFO: usize = 3;

/// A PDF being written page by page.
pub struct Bulk {
    w: Writer,
    height: f32,
    media: String,
    used: Used,
    /// Per page, the object numbers of its content streams.
    pages: Vec<Vec<usize>>,
    /// Page contents deflate at level 3 (at the default level 6, deflate was half the time of a
    /// 10,000-question sheet; level 3 is 1.5% larger on the sample, level 1 40% larger).
    compress: Compress,
    /// A page's content, then the same deflated: buffers kept from page to page.
    content: Vec<u8>,
    packed: Vec<u8>,
}

impl Bulk {
    /// A document of pages `size` points large.
    pub fn new(size: (f32, f32)) -> Bulk {
        let mut media = Vec::new();
        num(&mut media, size.0);
        media.push(b' ');
        num(&mut media, size.1);
        Bulk {
            w: Writer {
                out: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
                offsets: vec![0; INFO + 1],
            },
            height: size.1,
            media: String::from_utf8_lossy(&media).into_owned(),
            used: Used::new(),
            pages: Vec::new(),
            compress: Compress::new(Compression::new(3), true),
            content: Vec::new(),
            packed: Vec::new(),
        }
    }

    /// Writes `page`'s drawing as a content stream; returns its object number.
    fn stream(&mut self, page: &Page) -> Result<usize> {
        content(page, &mut self.used, self.height, &mut self.content);
        deflate(&mut self.compress, &self.content, &mut self.packed)?;
        let id = self.w.alloc();
        self.w.packed(id, "", &self.packed);
        Ok(id)
    }

    /// The fonts, the pages' dictionaries, the bookmarks, the catalog and the cross-reference
    /// table: the whole file.
    pub fn finish(mut self, meta: Meta<'_>) -> Result<Vec<u8>> {
        // Faces the document never uses are left out.
        let subsets = FontId::ALL
            .into_iter()
            .filter(|&id| self.used.drawn(id))
            .map(|id| subset(id, &self.used))
            .collect::<Result<Vec<_>>>()?;
        let w = &mut self.w;
        let mut font_refs = String::new();
        for subset in &subsets {
            let base = w.alloc();
            for _ in 0..5 {
                w.alloc();
            }
            write_font(w, base, subset)?;
            let _ = write!(font_refs, " /F{} {base} 0 R", subset.id.index());
        }
        let mut page_ids = Vec::with_capacity(self.pages.len());
        for streams in &self.pages {
            let id = w.alloc();
            let contents = match streams.as_slice() {
                [one] => format!("{one} 0 R"),
                many => format!(
                    "[{}]",
                    many.iter()
                        .map(|s| format!("{s} 0 R"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            };
            w.object(
                id,
                &format!(
                    "<< /Type /Page /Parent {PAGE_TREE} 0 R /MediaBox [0 0 {}] /Resources << /Font <<{font_refs} >> >> /Contents {contents} >>",
                    self.media
                ),
            );
            page_ids.push(id);
        }
        let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
        w.object(
            PAGE_TREE,
            &format!(
                "<< /Type /Pages /Count {} /Kids [{}] >>",
                page_ids.len(),
                kids.join(" ")
            ),
        );
        let outline = if meta.bookmarks.is_empty() {
            String::new()
        } else {
            let root = w.alloc();
            let first = w.offsets.len();
            let last = write_outline(w, root, &meta.bookmarks, &page_ids, self.height);
            w.object(
                root,
                &format!("<< /Type /Outlines /First {first} 0 R /Last {last} 0 R >>"),
            );
            format!(" /Outlines {root} 0 R")
        };
        w.object(
            CATALOG,
            &format!(
                "<< /Type /Catalog /Pages {PAGE_TREE} 0 R /Lang ({}){outline} >>",
                // A language tag is ASCII letters, digits and hyphens.
                meta.language
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            ),
        );
        w.object(
            INFO,
            &format!(
                "<< /Title {} /Producer (qa-convert) /Creator (qa-convert) >>",
                text_string(meta.title)
            ),
        );
        // The file's identity: a hash of everything before it.
        let digest = Sha1::digest(&w.out);
        let id: String = digest.iter().map(|b| format!("{b:02X}")).collect();
        let xref = w.out.len();
        let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", w.offsets.len());
        for offset in &w.offsets[1..] {
            let _ = writeln!(tail, "{offset:010} 00000 n ");
        }
        let _ = write!(
            tail,
            "trailer\n<< /Size {} /Root {CATALOG} 0 R /Info {INFO} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            w.offsets.len()
        );
        w.out.extend_from_slice(tail.as_bytes());
        Ok(std::mem::take(&mut w.out))
    }
}

impl Sink for Bulk {
    fn page(&mut self, page: Page) -> Result<()> {
        let id = self.stream(&page)?;
        self.pages.push(vec![id]);
        Ok(())
    }

    fn overlay(&mut self, n: usize, over: Page) -> Result<()> {
        let id = self.stream(&over)?;
        if let Some(streams) = self.pages.get_mut(n) {
            streams.push(id);
        }
        Ok(())
    }
}

/// Writes `marks` as siblings under `parent`, numbering objects from the next free one (the
/// first mark takes it); returns the last one's object number.
fn write_outline(
    w: &mut Writer,
    parent: usize,
    marks: &[Bookmark],
    page_ids: &[usize],
    height: f32,
) -> usize {
    let ids: Vec<usize> = marks.iter().map(|_| w.alloc()).collect();
    for (i, mark) in marks.iter().enumerate() {
        let mut links = format!("/Parent {parent} 0 R");
        if i > 0 {
            let _ = write!(links, " /Prev {} 0 R", ids[i - 1]);
        }
        if let Some(next_id) = ids.get(i + 1) {
            let _ = write!(links, " /Next {next_id} 0 R");
        }
        if !mark.children.is_empty() {
            let first = w.offsets.len();
            let last = write_outline(w, ids[i], &mark.children, page_ids, height);
            let _ = write!(
                links,
                " /First {first} 0 R /Last {last} 0 R /Count {}",
                mark.children.len()
            );
        }
        let mut top = Vec::new();
        num(&mut top, height - mark.y);
        w.object(
            ids[i],
            &format!(
                "<< /Title {} {links} /Dest [{} 0 R /XYZ 0 {} 0] >>",
                text_string(&mark.title),
                page_ids.get(mark.page).copied().unwrap_or(PAGE_TREE),
                String::from_utf8_lossy(&top)
            ),
        );
    }
    ids.last().copied().unwrap_or(parent)
}

/// A page's content stream. Text stays in one text object, setting the font only when it
/// changes and each run's position with `Tm`: a third of the size of one object per run.
fn content(page: &Page, used: &mut Used, height: f32, s: &mut Vec<u8>) {
    s.clear();
    let mut fill: Option<Ink> = None;
    let mut in_text = false;
    let mut face: Option<(FontId, f32)> = None;
    for op in &page.ops {
        match op {
            Op::Text { x, y, ink, run, .. } => {
                if !in_text {
                    s.extend_from_slice(b"BT\n");
                    in_text = true;
                }
                if fill != Some(*ink) {
                    color(s, *ink, b" rg\n");
                    fill = Some(*ink);
                }
                if face != Some((run.font, run.size)) {
                    s.extend_from_slice(b"/F");
                    push_int(s, run.font.index() as u64);
                    s.push(b' ');
                    num(s, run.size);
                    s.extend_from_slice(b" Tf\n");
                    face = Some((run.font, run.size));
                }
                s.extend_from_slice(b"1 0 0 1 ");
                num(s, *x);
                s.push(b' ');
                num(s, height - *y);
                s.extend_from_slice(b" Tm(");
                for ch in run.text.chars() {
                    let gid = glyph(run.font, ch);
                    used.note(run.font, gid, ch);
                    push_gid(s, gid);
                }
                s.extend_from_slice(b")Tj\n");
            }
            Op::Rect {
                x,
                y,
                width,
                height: h,
                ink,
            } => {
                if in_text {
                    s.extend_from_slice(b"ET\n");
                    in_text = false;
                }
                color(s, *ink, b" rg ");
                fill = Some(*ink);
                num(s, *x);
                s.push(b' ');
                num(s, height - *y - *h);
                s.push(b' ');
                num(s, *width);
                s.push(b' ');
                num(s, *h);
                s.extend_from_slice(b" re f\n");
            }
            Op::Line { points, width, ink } => {
                if in_text {
                    s.extend_from_slice(b"ET\n");
                    in_text = false;
                }
                num(s, *width);
                s.extend_from_slice(b" w ");
                color(s, *ink, b" RG");
                for (i, point) in points.iter().enumerate() {
                    s.push(b' ');
                    num(s, point.0);
                    s.push(b' ');
                    num(s, height - point.1);
                    s.extend_from_slice(if i == 0 { b" m" } else { b" l" });
                }
                s.extend_from_slice(b" S\n");
            }
        }
    }
    if in_text {
        s.extend_from_slice(b"ET\n");
    }
}

/// Sets a colour: its three components, then `operator`.
fn color(s: &mut Vec<u8>, ink: Ink, operator: &[u8]) {
    for (i, v) in [ink.0, ink.1, ink.2].into_iter().enumerate() {
        if i > 0 {
            s.push(b' ');
        }
        num(s, v);
    }
    s.extend_from_slice(operator);
}

/// Type0 font, CIDFontType2 descendant, descriptor, font file, ToUnicode map and the map from
/// the content's glyph ids (the whole face's, used as CIDs) to the subset's: six objects from
/// `base`.
fn write_font(w: &mut Writer, base: usize, subset: &Subset) -> Result<()> {
    let font = fonts::font(subset.id);
    let scale = 1000.0 / font.units_per_em;
    let units = |v: i16| (f32::from(v) * scale).round() as i32;
    // A subset's name starts with six capital letters and a plus: derived from the glyphs it
    // holds, so two different subsets merged into one file keep apart and reruns never vary.
    let mut hash = crc32fast::Hasher::new();
    for &(_, old, _) in &subset.glyphs {
        hash.update(&old.to_be_bytes());
    }
    let mut tag = hash.finalize();
    let letters: String = (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (tag % 26) as u8);
            tag /= 26;
            letter
        })
        .collect();
    let name = format!("{letters}+{}", subset.id.postscript_name());
    w.object(
        base,
        &format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{} 0 R] /ToUnicode {} 0 R >>",
            base + 1,
            base + 4
        ),
    );
    // Widths by CID, the face's own glyph id.
    let mut widths = format!("0 [{}]", (f32::from(font.advance(0)) * scale).round());
    for &(_, old, _) in &subset.glyphs {
        let _ = write!(
            widths,
            " {old} [{}]",
            (f32::from(font.advance(old)) * scale).round()
        );
    }
    w.object(
        base + 1,
        &format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {} 0 R /CIDToGIDMap {} 0 R /DW 1000 /W [{widths}] >>",
            base + 2,
            base + 5
        ),
    );
    let face = &font.face;
    let bbox = face.global_bounding_box();
    // Nonsymbolic, plus fixed pitch for the mono face and italic for the oblique ones.
    let flags = 32 + u8::from(subset.id == FontId::Mono) + 64 * u8::from(subset.id.is_italic());
    let italic_angle = face.italic_angle();
    w.object(
        base + 2,
        &format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{} {} {} {}] /ItalicAngle {italic_angle} /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {} 0 R >>",
            units(bbox.x_min),
            units(bbox.y_min),
            units(bbox.x_max),
            units(bbox.y_max),
            units(face.ascender()),
            units(face.descender()),
            units(face.capital_height().unwrap_or(face.ascender())),
            base + 3
        ),
    );
    w.stream(
        base + 3,
        &format!(" /Length1 {}", subset.bytes.len()),
        &subset.bytes,
        Compression::best(),
    )?;
    w.stream(
        base + 4,
        "",
        to_unicode(subset).as_bytes(),
        Compression::best(),
    )?;
    let last = subset.glyphs.last().map_or(0, |g| usize::from(g.1));
    let mut map = vec![0u8; 2 * (last + 1)];
    for &(new, old, _) in &subset.glyphs {
        let at = 2 * usize::from(old);
        map[at..at + 2].copy_from_slice(&new.to_be_bytes());
    }
    w.stream(base + 5, "", &map, Compression::best())?;
    Ok(())
}

fn to_unicode(subset: &Subset) -> String {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in subset.glyphs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for &(_, old, ch) in chunk {
            let _ = write!(s, "<{old:04X}> <");
            let mut buf = [0u16; 2];
            for unit in ch.encode_utf16(&mut buf) {
                let _ = write!(s, "{unit:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_trailing_zeros() {
        let mut s = Vec::new();
        for v in [0.0, 1.0, 12.5, 595.28, -3.456, 0.05, 841.8899, 100.0] {
            num(&mut s, v);
            s.push(b' ');
        }
        assert_eq!(s, b"0 1 12.5 595.28 -3.46 0.05 841.89 100 ");
        let mut g = Vec::new();
        push_gid(&mut g, 0x2841);
        push_gid(&mut g, 0x5C29);
        push_gid(&mut g, 0x0D0A);
        assert_eq!(g, br"\(A\\\)\r\n");
    }
}
