//! The bulk path: pages to PDF bytes written by hand, for documents too large for krilla's pace
//! (4-5 times this writer's time; see the README). Each page is written, deflated, as the layout
//! hands it on ([`Bulk`] is a [`Sink`]), so a long document is never in memory as pages; its
//! footer, which needs the page count, is a second content stream. Text keeps the faces' own
//! glyph ids; at the end each face is subset to the glyphs the pages used (allsorts) and
//! embedded as a CID-keyed TrueType font whose `/CIDToGIDMap` leads to the subset's glyphs, with
//! a `/ToUnicode` map. The title, `/Lang` and a bookmark per question, a content-derived `/ID`
//! and subset names, and nothing that varies between runs.
//!
//! Tagged as krilla tags (PDF 1.7 §14.7-14.8): each run of text of one structure element is a
//! marked-content sequence with the page's next MCID, everything else (rules, fills, the footer)
//! an artifact. A page keeps only the element of each MCID (4 bytes); at the end the elements
//! that hold text are written, each with its text's MCIDs and its children in the order krilla
//! writes them, then a parent tree (a number tree split into leaves) from page to elements.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::{Context, Result, anyhow};
use flate2::{Compress, Compression, FlushCompress, Status, write::ZlibEncoder};

use sha1::{Digest, Sha1};

use super::fonts::{self, FontId};
use super::page::{Ink, Op, Page, Sink};
use super::serialize::{Bookmark, Meta};
use super::tags::{Kind, NodeId, Structure};

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

/// Where an object is: at an offset of the file, or the `index`th of an object stream.
#[derive(Debug, Clone, Copy)]
enum Slot {
    At(usize),
    Packed { stream: usize, index: u16 },
}

/// Most objects an object stream holds.
const PACK: usize = 200;

/// Writes PDF objects and remembers where each is. Small objects of which there are many (a
/// structure element per paragraph, a bookmark per question, a page dictionary per page) go
/// into deflated object streams: written plainly they doubled a 100,000-question sheet.
struct Writer {
    out: Vec<u8>,
    slots: Vec<Slot>,
    /// The object stream being filled: its objects' numbers and offsets, and their bodies.
    pack: Vec<(usize, usize)>,
    pack_body: Vec<u8>,
    pack_compress: Compress,
    pack_out: Vec<u8>,
}

impl Writer {
    fn new(out: Vec<u8>, reserved: usize) -> Writer {
        Writer {
            out,
            slots: vec![Slot::At(0); reserved + 1],
            pack: Vec::new(),
            pack_body: Vec::new(),
            pack_compress: Compress::new(Compression::new(3), true),
            pack_out: Vec::new(),
        }
    }

    /// A new object number.
    fn alloc(&mut self) -> usize {
        self.slots.push(Slot::At(0));
        self.slots.len() - 1
    }

    fn begin(&mut self, id: usize) {
        if self.slots.len() <= id {
            self.slots.resize(id + 1, Slot::At(0));
        }
        self.slots[id] = Slot::At(self.out.len());
        self.out
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    fn object(&mut self, id: usize, body: &str) {
        self.begin(id);
        self.out.extend_from_slice(body.as_bytes());
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Writes a small object (no stream) into the object stream being filled.
    fn small(&mut self, id: usize, body: &[u8]) -> Result<()> {
        self.pack.push((id, self.pack_body.len()));
        self.pack_body.extend_from_slice(body);
        self.pack_body.push(b'\n');
        if self.pack.len() == PACK {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the object stream being filled, if it holds anything.
    fn flush(&mut self) -> Result<()> {
        if self.pack.is_empty() {
            return Ok(());
        }
        let stream = self.alloc();
        let mut data = Vec::with_capacity(self.pack.len() * 12 + self.pack_body.len());
        for (index, &(id, offset)) in self.pack.iter().enumerate() {
            push_int(&mut data, id as u64);
            data.push(b' ');
            push_int(&mut data, offset as u64);
            data.push(b' ');
            self.slots[id] = Slot::Packed {
                stream,
                index: index as u16,
            };
        }
        let first = data.len();
        data.extend_from_slice(&self.pack_body);
        deflate(&mut self.pack_compress, &data, &mut self.pack_out)?;
        let extra = format!(" /Type /ObjStm /N {} /First {first}", self.pack.len());
        let packed = std::mem::take(&mut self.pack_out);
        self.packed(stream, &extra, &packed);
        self.pack_out = packed;
        self.pack.clear();
        self.pack_body.clear();
        Ok(())
    }

    /// The cross-reference stream, with the trailer's entries in its dictionary, and the end of
    /// the file. `trailer` holds the entries besides `/Size`.
    fn finish(&mut self, trailer: &str) -> Result<()> {
        self.flush()?;
        let id = self.alloc();
        let at = self.out.len();
        self.slots[id] = Slot::At(at);
        // Type (1 byte), offset or object stream (4), generation or index (2).
        let mut table = Vec::with_capacity(self.slots.len() * 7);
        for (n, slot) in self.slots.iter().enumerate() {
            let (kind, field, index): (u8, usize, u16) = match *slot {
                _ if n == 0 => (0, 0, u16::MAX),
                Slot::At(offset) => (1, offset, 0),
                Slot::Packed { stream, index } => (2, stream, index),
            };
            table.push(kind);
            table.extend_from_slice(&u32::try_from(field)?.to_be_bytes());
            table.extend_from_slice(&index.to_be_bytes());
        }
        let extra = format!(
            " /Type /XRef /Size {} /W [1 4 2]{trailer}",
            self.slots.len()
        );
        self.stream(id, &extra, &table, Compression::new(3))?;
        self.out
            .extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
        Ok(())
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
    /// Per page, the structure element of each marked-content id (MCID), in order.
    marks: Vec<Vec<NodeId>>,
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
            w: Writer::new(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(), INFO),
            height: size.1,
            media: String::from_utf8_lossy(&media).into_owned(),
            used: Used::new(),
            pages: Vec::new(),
            marks: Vec::new(),
            compress: Compress::new(Compression::new(3), true),
            content: Vec::new(),
            packed: Vec::new(),
        }
    }

    /// Writes `page`'s drawing as a content stream, its text's MCIDs numbered on from `marks`
    /// (the page's so far) and its decoration marked as `artifact`; returns its object number.
    fn stream(&mut self, page: &Page, marks: &mut Vec<NodeId>, artifact: &[u8]) -> Result<usize> {
        let mut tagging = Tagging { marks, artifact };
        content(
            page,
            &mut self.used,
            self.height,
            &mut self.content,
            &mut tagging,
        );
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
        for (n, streams) in self.pages.iter().enumerate() {
            let id = w.alloc();
            let tagged = if self.marks.get(n).is_some_and(|m| !m.is_empty()) {
                format!(" /StructParents {n}")
            } else {
                String::new()
            };
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
            w.small(
                id,
                format!(
                    "<< /Type /Page /Parent {PAGE_TREE} 0 R /MediaBox [0 0 {}] /Resources << /Font <<{font_refs} >> >> /Contents {contents}{tagged} >>",
                    self.media
                )
                .as_bytes(),
            )?;
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
            let (first, last) = write_outline(w, root, &meta.bookmarks, &page_ids, self.height)?;
            w.object(
                root,
                &format!("<< /Type /Outlines /First {first} 0 R /Last {last} 0 R >>"),
            );
            format!(" /Outlines {root} 0 R")
        };
        let structure = write_structure(w, meta.structure, &self.marks, &page_ids)?;
        w.object(
            CATALOG,
            &format!(
                "<< /Type /Catalog /Pages {PAGE_TREE} 0 R /Lang ({}){outline} /MarkInfo << /Marked true >> /StructTreeRoot {structure} 0 R >>",
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
        w.finish(&format!(
            " /Root {CATALOG} 0 R /Info {INFO} 0 R /ID [<{id}> <{id}>]"
        ))?;
        Ok(std::mem::take(&mut w.out))
    }
}

impl Sink for Bulk {
    fn page(&mut self, page: Page) -> Result<()> {
        let mut marks = Vec::new();
        let id = self.stream(&page, &mut marks, LAYOUT)?;
        self.pages.push(vec![id]);
        self.marks.push(marks);
        Ok(())
    }

    fn overlay(&mut self, n: usize, over: Page) -> Result<()> {
        let mut marks = self
            .marks
            .get_mut(n)
            .map(std::mem::take)
            .unwrap_or_default();
        let id = self.stream(&over, &mut marks, FOOTER)?;
        if let (Some(streams), Some(kept)) = (self.pages.get_mut(n), self.marks.get_mut(n)) {
            streams.push(id);
            *kept = marks;
        }
        Ok(())
    }
}

/// How a page's decoration is marked: rules and fills laid out with the text, and the running
/// footer drawn over each page at the end.
const LAYOUT: &[u8] = b"/Artifact<</Type/Layout>>BDC\n";
const FOOTER: &[u8] = b"/Artifact<</Type/Pagination/Subtype/Footer>>BDC\n";

/// Where a content stream's marked content goes: the page's MCIDs so far, and the artifact
/// operator for what is not text of an element.
struct Tagging<'a> {
    marks: &'a mut Vec<NodeId>,
    artifact: &'a [u8],
}

impl Tagging<'_> {
    /// Opens the marked content of `node`'s text, or an artifact.
    fn begin(&mut self, s: &mut Vec<u8>, node: Option<NodeId>) {
        match node {
            Some(node) => {
                s.extend_from_slice(b"/Span<</MCID ");
                push_int(s, self.marks.len() as u64);
                s.extend_from_slice(b">>BDC\n");
                self.marks.push(node);
            }
            None => s.extend_from_slice(self.artifact),
        }
    }
}

/// Most parent-tree entries (pages) a leaf of the number tree holds.
const LEAF: usize = 64;

/// Writes the structure tree: an element for each node of `tree` that holds text or has a
/// descendant that does, the root always; `marks` gives per page the element of each MCID.
/// Returns the `/StructTreeRoot`'s object number.
fn write_structure(
    w: &mut Writer,
    tree: &Structure,
    marks: &[Vec<NodeId>],
    page_ids: &[usize],
) -> Result<usize> {
    let n = tree.len();
    // Each node's marked content, `(page, mcid)` in drawing order, from `starts[node]` on.
    let mut starts = vec![0u32; n + 1];
    for &node in marks.iter().flatten() {
        starts[node as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut cursor = starts.clone();
    let mut content = vec![(0u32, 0u32); starts[n] as usize];
    for (page, page_marks) in marks.iter().enumerate() {
        for (mcid, &node) in page_marks.iter().enumerate() {
            let at = &mut cursor[node as usize];
            content[*at as usize] = (page as u32, mcid as u32);
            *at += 1;
        }
    }
    drop(cursor);
    // Which nodes are written (a child always comes after its parent), with their parents.
    let mut parent = vec![Structure::ROOT; n];
    for id in 0..n as NodeId {
        for child in tree.children(id) {
            parent[child as usize] = id;
        }
    }
    let mut written: Vec<bool> = (0..n).map(|i| starts[i] < starts[i + 1]).collect();
    for id in (1..n).rev() {
        if written[id] {
            written[parent[id] as usize] = true;
        }
    }
    written[0] = true;
    let root = w.alloc();
    let mut objects = vec![0usize; n];
    for id in 0..n {
        if written[id] {
            objects[id] = w.alloc();
        }
    }
    let mut body = Vec::new();
    let reference = |body: &mut Vec<u8>, id: usize| {
        push_int(body, id as u64);
        body.extend_from_slice(b" 0 R");
    };
    for id in 0..n {
        if !written[id] {
            continue;
        }
        body.clear();
        body.extend_from_slice(b"<< /Type /StructElem /S /");
        role(&mut body, tree.kind(id as NodeId));
        body.extend_from_slice(b" /P ");
        let up = if id == 0 {
            root
        } else {
            objects[parent[id] as usize]
        };
        reference(&mut body, up);
        let own = &content[starts[id] as usize..starts[id + 1] as usize];
        // Marked content on the element's page is named by its MCID alone.
        let home = own.first().map(|&(page, _)| page);
        if let Some(page) = home {
            body.extend_from_slice(b" /Pg ");
            reference(&mut body, page_ids[page as usize]);
        }
        if tree.kind(id as NodeId) == Kind::List {
            body.extend_from_slice(b" /A << /O /List /ListNumbering /Disc >>");
        }
        body.extend_from_slice(b" /K [");
        for &(page, mcid) in own {
            if Some(page) == home {
                body.push(b' ');
                push_int(&mut body, u64::from(mcid));
            } else {
                body.extend_from_slice(b" << /Type /MCR /Pg ");
                reference(&mut body, page_ids[page as usize]);
                body.extend_from_slice(b" /MCID ");
                push_int(&mut body, u64::from(mcid));
                body.extend_from_slice(b" >>");
            }
        }
        for child in tree.children(id as NodeId) {
            if written[child as usize] {
                body.push(b' ');
                reference(&mut body, objects[child as usize]);
            }
        }
        body.extend_from_slice(b" ] >>");
        w.small(objects[id], &body)?;
    }
    // The parent tree: per tagged page (its /StructParents is its index), the element of each
    // MCID.
    let entries: Vec<usize> = (0..marks.len()).filter(|&p| !marks[p].is_empty()).collect();
    let nums = |body: &mut Vec<u8>, pages: &[usize]| {
        body.extend_from_slice(b"/Nums [");
        for &page in pages {
            body.push(b' ');
            push_int(body, page as u64);
            body.extend_from_slice(b" [");
            for &node in &marks[page] {
                body.push(b' ');
                reference(body, objects[node as usize]);
            }
            body.extend_from_slice(b" ]");
        }
        body.extend_from_slice(b" ]");
    };
    let parent_tree = w.alloc();
    body.clear();
    body.extend_from_slice(b"<< ");
    if entries.len() <= LEAF {
        nums(&mut body, &entries);
    } else {
        let leaves: Vec<(usize, &[usize])> =
            entries.chunks(LEAF).map(|leaf| (w.alloc(), leaf)).collect();
        body.extend_from_slice(b"/Kids [");
        for &(leaf, _) in &leaves {
            body.push(b' ');
            reference(&mut body, leaf);
        }
        body.extend_from_slice(b" ]");
        let mut leaf_body = Vec::new();
        for (leaf, pages) in leaves {
            leaf_body.clear();
            leaf_body.extend_from_slice(b"<< /Limits [");
            push_int(&mut leaf_body, pages[0] as u64);
            leaf_body.push(b' ');
            push_int(&mut leaf_body, pages[pages.len() - 1] as u64);
            leaf_body.extend_from_slice(b"] ");
            nums(&mut leaf_body, pages);
            leaf_body.extend_from_slice(b" >>");
            w.small(leaf, &leaf_body)?;
        }
    }
    body.extend_from_slice(b" >>");
    w.small(parent_tree, &body)?;
    w.small(
        root,
        format!(
            "<< /Type /StructTreeRoot /K [{} 0 R] /ParentTree {parent_tree} 0 R /ParentTreeNextKey {} >>",
            objects[0],
            marks.len()
        )
        .as_bytes(),
    )?;
    Ok(root)
}

/// Writes the standard structure type of an element, as krilla names it for the same kind (the
/// root is the document).
fn role(body: &mut Vec<u8>, kind: Kind) {
    let name: &[u8] = match kind {
        Kind::Document => b"Document",
        Kind::Section => b"Sect",
        Kind::Question | Kind::Note => b"Div",
        Kind::Heading(level) => {
            body.push(b'H');
            push_int(body, u64::from(level.max(1)));
            return;
        }
        Kind::Paragraph => b"P",
        Kind::List => b"L",
        Kind::Item => b"LI",
        Kind::Body => b"LBody",
        Kind::Code => b"Code",
    };
    body.extend_from_slice(name);
}

/// Writes `marks` as siblings under `parent`; returns the first and the last one's object
/// numbers (`parent`'s when there is none).
fn write_outline(
    w: &mut Writer,
    parent: usize,
    marks: &[Bookmark],
    page_ids: &[usize],
    height: f32,
) -> Result<(usize, usize)> {
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
            let (first, last) = write_outline(w, ids[i], &mark.children, page_ids, height)?;
            let _ = write!(
                links,
                " /First {first} 0 R /Last {last} 0 R /Count {}",
                mark.children.len()
            );
        }
        let mut top = Vec::new();
        num(&mut top, height - mark.y);
        w.small(
            ids[i],
            format!(
                "<< /Title {} {links} /Dest [{} 0 R /XYZ 0 {} 0] >>",
                text_string(&mark.title),
                page_ids.get(mark.page).copied().unwrap_or(PAGE_TREE),
                String::from_utf8_lossy(&top)
            )
            .as_bytes(),
        )?;
    }
    Ok((
        ids.first().copied().unwrap_or(parent),
        ids.last().copied().unwrap_or(parent),
    ))
}

/// A page's content stream. Text stays in one text object, setting the font only when it
/// changes and each run's position with `Tm`: a third of the size of one object per run.
///
/// Marked content nests with text objects: text's sequences open and close inside `BT`/`ET`,
/// a drawing's outside, so a change between text and drawing closes the sequence open.
fn content(page: &Page, used: &mut Used, height: f32, s: &mut Vec<u8>, tagging: &mut Tagging) {
    s.clear();
    let mut fill: Option<Ink> = None;
    let mut in_text = false;
    let mut face: Option<(FontId, f32)> = None;
    // The marked content open: `Some(None)` for an artifact.
    let mut open: Option<Option<NodeId>> = None;
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                y,
                ink,
                run,
                node,
            } => {
                if !in_text {
                    if open.take().is_some() {
                        s.extend_from_slice(b"EMC\n");
                    }
                    s.extend_from_slice(b"BT\n");
                    in_text = true;
                }
                if open != Some(*node) {
                    if open.is_some() {
                        s.extend_from_slice(b"EMC\n");
                    }
                    tagging.begin(s, *node);
                    open = Some(*node);
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
                drawing(s, &mut in_text, &mut open, tagging);
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
                drawing(s, &mut in_text, &mut open, tagging);
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
    if open.is_some() {
        s.extend_from_slice(b"EMC\n");
    }
    if in_text {
        s.extend_from_slice(b"ET\n");
    }
}

/// Before a drawing: ends the text object (and the marked content inside it) and opens an
/// artifact unless one is open.
fn drawing(
    s: &mut Vec<u8>,
    in_text: &mut bool,
    open: &mut Option<Option<NodeId>>,
    tagging: &mut Tagging,
) {
    if *in_text {
        if open.take().is_some() {
            s.extend_from_slice(b"EMC\n");
        }
        s.extend_from_slice(b"ET\n");
        *in_text = false;
    }
    if *open != Some(None) {
        if open.is_some() {
            s.extend_from_slice(b"EMC\n");
        }
        tagging.begin(s, None);
        *open = Some(None);
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
