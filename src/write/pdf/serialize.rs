//! Pages to PDF bytes through krilla: each face embedded and subset to the glyphs the document
//! uses, text tagged with the structure tree (reading order across columns and card backs),
//! decoration marked as artifacts, a bookmark per question, the title and language in the
//! metadata. Nothing varies between runs: no dates, and the file's `/ID` is a hash of its bytes.

use std::num::NonZeroU16;

use anyhow::{Result, anyhow};
use krilla::Document;
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, Tag, TagGroup, TagKind,
    TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::fonts::{self, FontId};
use super::page::{Ink, Op, Page};
use super::tags::{Kind, NodeId, Structure};

/// A bookmark: its text, and where it points.
#[derive(Debug, Clone)]
pub struct Bookmark {
    pub title: String,
    pub page: usize,
    pub y: f32,
    /// Bookmarks of the questions under an article's bookmark; empty for a question.
    pub children: Vec<Bookmark>,
}

/// What the serialiser needs besides the pages.
pub struct Meta<'a> {
    pub title: &'a str,
    pub language: &'a str,
    pub structure: &'a Structure,
    pub bookmarks: Vec<Bookmark>,
}

/// Writes the pages, `size` points each, as a PDF.
pub fn serialize(pages: &[Page], size: (f32, f32), meta: Meta<'_>) -> Result<Vec<u8>> {
    let fonts = FontId::ALL.map(|id| Font::new(id.bytes().into(), 0));
    let fonts: Vec<Font> = fonts
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| anyhow!("an embedded font could not be read"))?;
    let mut document = Document::new();
    let settings = PageSettings::from_wh(size.0, size.1).ok_or_else(|| anyhow!("bad page size"))?;
    // The identifiers of the text of every structure element, in drawing order.
    let mut content: Vec<Vec<Identifier>> = vec![Vec::new(); meta.structure.len()];
    let mut glyphs = Vec::new();
    for page in pages {
        let mut pdf_page = document.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        draw(&mut surface, page, &fonts, &mut content, &mut glyphs);
        surface.finish();
        pdf_page.finish();
    }
    document.set_tag_tree(tag_tree(meta.structure, &mut content));
    let mut outline = Outline::new();
    for bookmark in &meta.bookmarks {
        outline.push_child(outline_node(bookmark));
    }
    document.set_outline(outline);
    document.set_metadata(
        Metadata::new()
            .title(meta.title.to_string())
            .language(meta.language.to_string())
            .creator("qa-convert".to_string()),
    );
    document
        .finish()
        .map_err(|e| anyhow!("writing the PDF: {e:?}"))
}

/// Draws one page's operations, each text run inside the marked content of its structure
/// element (consecutive runs of one element share it), everything else as an artifact.
fn draw(
    surface: &mut Surface<'_>,
    page: &Page,
    fonts: &[Font],
    content: &mut [Vec<Identifier>],
    glyphs: &mut Vec<KrillaGlyph>,
) {
    // The element whose marked content is open: `Some(None)` for an artifact.
    let mut open: Option<Option<NodeId>> = None;
    let mut ink = None;
    for op in &page.ops {
        let node = match op {
            Op::Text { node, .. } => *node,
            _ => None,
        };
        if open != Some(node) {
            if open.is_some() {
                surface.end_tagged();
            }
            match node {
                Some(n) => {
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    content[n as usize].push(id);
                }
                None => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                        ArtifactType::Layout,
                    )));
                }
            }
            open = Some(node);
        }
        match op {
            Op::Text {
                x, y, ink: i, run, ..
            } => {
                if ink != Some(*i) {
                    surface.set_fill(Some(fill(*i)));
                    ink = Some(*i);
                }
                let font = fonts::font(run.font);
                glyphs.clear();
                let mut start = 0;
                for ch in run.text.chars() {
                    let end = start + ch.len_utf8();
                    let glyph = fonts::resolve(run.font, ch)
                        .filter(|g| g.font == run.font)
                        .map_or((0, f32::from(font.advance(0)) / font.units_per_em), |g| {
                            (g.gid, g.advance)
                        });
                    glyphs.push(KrillaGlyph::new(
                        GlyphId::new(u32::from(glyph.0)),
                        glyph.1,
                        0.0,
                        0.0,
                        0.0,
                        start..end,
                        None,
                    ));
                    start = end;
                }
                surface.draw_glyphs(
                    Point::from_xy(*x, *y),
                    glyphs,
                    fonts[run.font.index()].clone(),
                    &run.text,
                    run.size,
                    false,
                );
            }
            Op::Rect {
                x,
                y,
                width,
                height,
                ink: i,
            } => {
                if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                    let mut path = PathBuilder::new();
                    path.push_rect(rect);
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(fill(*i)));
                        ink = Some(*i);
                        surface.set_stroke(None);
                        surface.draw_path(&path);
                    }
                }
            }
            Op::Line {
                points,
                width,
                ink: i,
            } => {
                let mut path = PathBuilder::new();
                for (k, &(px, py)) in points.iter().enumerate() {
                    if k == 0 {
                        path.move_to(px, py);
                    } else {
                        path.line_to(px, py);
                    }
                }
                if let Some(path) = path.finish() {
                    surface.set_fill(None);
                    ink = None;
                    surface.set_stroke(Some(Stroke {
                        paint: color(*i).into(),
                        width: *width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
        }
    }
    if open.is_some() {
        surface.end_tagged();
    }
}

fn color(ink: Ink) -> rgb::Color {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(byte(ink.0), byte(ink.1), byte(ink.2))
}

fn fill(ink: Ink) -> Fill {
    Fill {
        paint: color(ink).into(),
        ..Fill::default()
    }
}

/// The structure as krilla's tag tree, each element holding its text's identifiers.
fn tag_tree(structure: &Structure, content: &mut [Vec<Identifier>]) -> TagTree {
    let mut tree = TagTree::new();
    for child in structure.children(Structure::ROOT) {
        if let Some(group) = group(structure, child, content) {
            tree.push(group);
        }
    }
    tree
}

/// One element and everything under it; `None` when nothing of it was drawn.
fn group(structure: &Structure, id: NodeId, content: &mut [Vec<Identifier>]) -> Option<TagGroup> {
    let mut group = TagGroup::new(tag(structure.kind(id)));
    let mut empty = true;
    for identifier in std::mem::take(&mut content[id as usize]) {
        group.push(identifier);
        empty = false;
    }
    for child in structure.children(id) {
        if let Some(child) = self::group(structure, child, content) {
            group.push(child);
            empty = false;
        }
    }
    (!empty).then_some(group)
}

fn tag(kind: Kind) -> TagKind {
    match kind {
        Kind::Document | Kind::Section => Tag::Section.into(),
        Kind::Question => Tag::Div.into(),
        Kind::Heading(level) => {
            Tag::Hn(NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN), None).into()
        }
        Kind::Paragraph => Tag::P.into(),
        Kind::List => Tag::L(ListNumbering::Disc).into(),
        Kind::Item => Tag::LI.into(),
        Kind::Body => Tag::LBody.into(),
        Kind::Code => Tag::Code.into(),
        Kind::Note => Tag::Div.into(),
    }
}

fn outline_node(bookmark: &Bookmark) -> OutlineNode {
    let mut node = OutlineNode::new(
        bookmark.title.clone(),
        XyzDestination::new(bookmark.page, Point::from_xy(0.0, bookmark.y.max(0.0))),
    );
    for child in &bookmark.children {
        node.push_child(outline_node(child));
    }
    node
}
