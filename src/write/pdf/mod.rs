//! The printable PDF: a typeset two-column cheat sheet or double-sided flashcards, with the
//! DejaVu fonts embedded and subset.
//!
//! Text is shaped with the fonts' own metrics (`fonts`, `text`), broken into lines (`para`),
//! set as rows (`content`), placed by a layout (`sheet`, `cards`, using `flow`) onto pages of
//! drawing operations (`page`), then serialised (`serialize`). The PDF writer is our own: it is
//! a few hundred lines, gives byte-identical output, and keeps the build small.

mod cards;
mod content;
mod flow;
mod fonts;
mod page;
mod para;
mod serialize;
mod sheet;
mod text;

use std::collections::BTreeSet;

use anyhow::Result;

use crate::model::{Cluster, Corpus, Document};
use crate::write::{Options, WriteError, Written};

pub use fonts::LICENSE;

/// Paper size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// What the pages hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// A typeset two-column cheat sheet.
    #[default]
    Sheet,
    /// Double-sided flashcards with cut marks.
    Cards,
}

/// What the PDF should look like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// The paper size.
    pub paper: Paper,
    /// Cheat sheet or flashcards.
    pub layout: Layout,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// Characters no embedded font can draw; they show as empty boxes.
    pub missing: BTreeSet<char>,
}

/// Paper size in points.
pub fn paper_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::Letter => (612.0, 792.0),
    }
}

/// The PDF as a row of the table of formats writes it: the file, its question and page counts and
/// size, and a warning about characters the embedded fonts cannot draw.
pub fn write(corpus: &Corpus, options: &Options) -> Result<Written, WriteError> {
    let rendered = render(corpus, &options.pdf).map_err(WriteError::Pdf)?;
    let mut warnings = Vec::new();
    if !rendered.missing.is_empty() {
        let shown: Vec<String> = rendered
            .missing
            .iter()
            .take(10)
            .map(|c| format!("{c:?} (U+{:04X})", u32::from(*c)))
            .collect();
        let more = rendered.missing.len().saturating_sub(shown.len());
        warnings.push(format!(
            "the PDF fonts have no glyph for {}{}; they print as empty boxes",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let summary = format!(
        "{} question{}, {} page{}, {} KB",
        corpus.clusters.len(),
        plural(corpus.clusters.len()),
        rendered.pages,
        plural(rendered.pages),
        rendered.bytes.len().div_ceil(1024)
    );
    Ok(Written {
        bytes: rendered.bytes,
        summary,
        warnings,
    })
}

/// Renders the corpus as a PDF.
pub fn render(corpus: &Corpus, options: &PdfOptions) -> Result<Rendered> {
    let size = paper_size(options.paper);
    let mut usage = text::Usage::default();
    let title = title(corpus);
    let pages = match options.layout {
        Layout::Sheet => sheet::pages(corpus, &title, &source_line(corpus), size, &mut usage),
        Layout::Cards => cards::pages(corpus, size, &mut usage),
    };
    let bytes = serialize::serialize(&pages, &usage, size, &title)?;
    Ok(Rendered {
        bytes,
        pages: pages.len(),
        missing: usage.missing,
    })
}

/// The document's title: the article's headline, or its file name; for several articles, how
/// many.
fn title(corpus: &Corpus) -> String {
    let titles: Vec<String> = corpus.documents.iter().map(document_title).collect();
    match titles.as_slice() {
        [] => "Interview questions".to_string(),
        [one] => one.clone(),
        // Each article's questions open with its own title.
        many => format!("Interview questions from {} articles", many.len()),
    }
}

/// One article's title: its headline, or its file name.
fn document_title(document: &Document) -> String {
    if document.title.trim().is_empty() {
        file_stem(&document.file)
    } else {
        document.title.trim().to_string()
    }
}

fn file_stem(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| *s != "-")
        .unwrap_or("Interview questions")
        .to_string()
}

/// The small line under the title: where the questions come from and how many there are.
fn source_line(corpus: &Corpus) -> String {
    let files: Vec<&str> = corpus.documents.iter().map(|d| d.file.as_str()).collect();
    let questions: usize = corpus.documents.iter().map(|d| d.questions.len()).sum();
    let merged = questions - corpus.clusters.len();
    let mut line = format!(
        "{} · {} question{}",
        if files.len() > 3 {
            format!("{} articles", files.len())
        } else {
            files.join(", ")
        },
        corpus.clusters.len(),
        if corpus.clusters.len() == 1 { "" } else { "s" }
    );
    if merged > 0 {
        line.push_str(&format!(" ({merged} repeats merged)"));
    }
    line
}

/// The other phrasings of a merged question, in order, without repeats of the canonical wording.
fn other_phrasings<'a>(corpus: &'a Corpus, cluster: &Cluster) -> Vec<&'a str> {
    let canonical = corpus.question(cluster.canonical()).question.as_str();
    let mut seen = vec![canonical];
    for member in &cluster.members[1..] {
        let text = corpus.question(member.at).question.as_str();
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    seen.split_off(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, ClusterMember, Document, Question, QuestionRef, SourcePos};

    fn corpus(answer: Vec<Block>) -> Corpus {
        Corpus {
            documents: vec![Document {
                file: "a.txt".into(),
                title: String::new(),
                questions: vec![Question {
                    number: Some(1),
                    question: "Q?".into(),
                    answer,
                    source: SourcePos {
                        file: "a.txt".into(),
                        line: 1,
                    },
                }],
                modified: None,
            }],
            clusters: vec![Cluster {
                members: vec![ClusterMember {
                    at: QuestionRef {
                        doc: 0,
                        question: 0,
                    },
                    similarity: 1.0,
                }],
            }],
        }
    }

    #[test]
    fn a_face_drawing_only_missing_glyphs_is_still_a_resource() {
        let corpus = corpus(vec![Block::Code {
            lang: None,
            text: "中文".into(),
        }]);
        for layout in [Layout::Sheet, Layout::Cards] {
            let options = PdfOptions {
                paper: Paper::A4,
                layout,
            };
            let rendered = render(&corpus, &options).unwrap();
            let text = String::from_utf8_lossy(&rendered.bytes);
            assert!(text.contains("/F2 "), "no mono font resource");
            assert_eq!(rendered.missing.len(), 2);
        }
    }

    #[test]
    fn rendering_twice_in_one_process_gives_the_same_bytes() {
        // `qa-convert all` may write several PDFs in one process: nothing may depend on a
        // process-global counter.
        let corpus = corpus(vec![Block::Paragraph("An answer.".into())]);
        for layout in [Layout::Sheet, Layout::Cards] {
            let options = PdfOptions {
                paper: Paper::A4,
                layout,
            };
            let first = render(&corpus, &options).unwrap().bytes;
            assert_eq!(first, render(&corpus, &options).unwrap().bytes);
        }
    }

    #[test]
    fn empty_answers_and_untitled_articles_render() {
        let rendered = render(
            &corpus(vec![]),
            &PdfOptions {
                paper: Paper::Letter,
                layout: Layout::Sheet,
            },
        )
        .unwrap();
        assert_eq!(rendered.pages, 1);
        assert!(rendered.bytes.ends_with(b"%%EOF\n"));
    }
}
