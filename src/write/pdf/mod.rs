//! The printable PDF: a typeset two-column cheat sheet or double-sided flashcards, tagged, with
//! a bookmark per question and the DejaVu fonts embedded and subset.
//!
//! Text is shaped with the fonts' own metrics (`fonts`, `text`), broken into lines (`para`),
//! set as rows (`content`) while the structure tree grows (`tags`), placed by a layout (`sheet`,
//! `cards`, using `flow`) onto pages of drawing operations (`page`), then written by krilla
//! (`serialize`), or over [`BULK`] questions by our own writer (`bulk`), which tags the same
//! tree. The layout is ours; krilla writes the file, subsets the fonts and tags.

mod bulk;
mod cards;
mod content;
mod flow;
mod fonts;
mod page;
mod para;
mod serialize;
mod sheet;
mod tags;
mod text;

use std::collections::BTreeSet;

use anyhow::Result;

use crate::model::{Block, Cluster, Corpus, Document, QuestionRef, plain_blocks_into};
use crate::write::{Options, WriteError, Written};

use content::Also;
use serialize::{Bookmark, Meta};
use tags::Structure;

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
    /// Per article (its file), how many questions hold Arabic or Hebrew text, which prints left
    /// to right with unjoined letters: the layout does not reorder or shape right-to-left text.
    pub right_to_left: Vec<(String, usize)>,
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
    for (file, count) in &rendered.right_to_left {
        warnings.push(format!(
            "{file}: {count} question{} hold Arabic or Hebrew text, which the PDF prints left to \
             right with unjoined letters",
            if *count == 1 { "" } else { "s" }
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
        lost: crate::write::lost::report(corpus, "the PDF", crate::write::lost::PDF),
    })
}

/// Most questions a PDF is written through krilla for; a larger one goes the bulk path, which
/// writes the same tagged structure 4-5 times faster (measured in the README).
pub const BULK: usize = 2_000;

/// How many pages a layout handed on, with the bookmarks that point into them.
struct Laid {
    pages: usize,
    bookmarks: Vec<Bookmark>,
}

/// Renders the corpus as a PDF.
pub fn render(corpus: &Corpus, options: &PdfOptions) -> Result<Rendered> {
    render_with(corpus, options, corpus.clusters.len() > BULK)
}

/// Renders the corpus through the bulk writer whatever its size: for tests that compare the
/// two writers' files on small inputs.
#[doc(hidden)]
pub fn render_bulk(corpus: &Corpus, options: &PdfOptions) -> Result<Rendered> {
    render_with(corpus, options, true)
}

fn render_with(corpus: &Corpus, options: &PdfOptions, bulk: bool) -> Result<Rendered> {
    let size = paper_size(options.paper);
    let mut usage = text::Usage::default();
    let title = title(corpus);
    let mut tree = Structure::default();
    // A bulk document's pages are written as they are laid out; krilla takes them all at once.
    let mut writer = bulk.then(|| bulk::Bulk::new(size));
    let mut kept = Vec::new();
    let sink: &mut dyn page::Sink = match &mut writer {
        Some(writer) => writer,
        None => &mut kept,
    };
    let laid = match options.layout {
        Layout::Sheet => sheet::pages(
            corpus,
            &title,
            &source_line(corpus),
            size,
            &mut usage,
            &mut tree,
            sink,
        )?,
        Layout::Cards => cards::pages(corpus, size, &mut usage, &mut tree, sink)?,
    };
    let pages = laid.pages;
    let meta = Meta {
        title: &title,
        language: "en",
        structure: &tree,
        bookmarks: laid.bookmarks,
    };
    let bytes = match writer {
        Some(writer) => writer.finish(meta)?,
        None => serialize::serialize(&kept, size, meta)?,
    };
    Ok(Rendered {
        bytes,
        pages,
        missing: usage.missing,
        right_to_left: right_to_left(corpus),
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

/// A file as the source line names it: relative to the working directory when it is inside it,
/// standard input as such.
fn relative_path(file: &str) -> String {
    if file == "-" {
        return "standard input".to_string();
    }
    let path = std::path::Path::new(file);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| path.to_path_buf());
    let relative = relative.strip_prefix(".").unwrap_or(&relative);
    relative.to_string_lossy().into_owned()
}

/// The small line under the title: where the questions come from and how many there are.
fn source_line(corpus: &Corpus) -> String {
    let files: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| relative_path(&d.file))
        .collect();
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

/// A question's number and its text: the article's own number, else a number the reader left
/// at the text's start ("17 What is…"), else its position in the article.
fn numbered(corpus: &Corpus, at: QuestionRef) -> (u32, &str) {
    let question = corpus.question(at);
    let text = question.question.trim();
    let stray = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .filter(|&(i, _)| (1..=4).contains(&i))
        .and_then(|(i, _)| {
            let rest = text[i..]
                .strip_prefix(['.', ')', ':'])
                .unwrap_or(&text[i..]);
            let rest_trimmed = rest.trim_start();
            let spaced = rest_trimmed.len() < rest.len();
            let capital = rest_trimmed.chars().next().is_some_and(char::is_uppercase);
            let number: u32 = text[..i].parse().ok()?;
            (spaced && capital && question.number.is_none_or(|n| n == number))
                .then_some((number, rest_trimmed))
        });
    match (question.number, stray) {
        (_, Some((number, rest))) => (number, rest),
        (Some(number), None) => (number, text),
        (None, None) => (at.question as u32 + 1, text),
    }
}

/// A question's label, "Q17"; from another article than `home`, with that article's place.
fn label(corpus: &Corpus, at: QuestionRef, home: usize) -> String {
    let (number, _) = numbered(corpus, at);
    if at.doc == home {
        format!("Q{number}")
    } else {
        format!("Q{number} (article {})", at.doc + 1)
    }
}

/// One printed question: the canonical one with its number, the others of its group, and every
/// answer that says something the canonical one does not.
struct Entry<'a> {
    doc: usize,
    number: String,
    question: &'a str,
    also: Vec<Also<'a>>,
    answer: &'a [Block],
    others: Vec<(String, &'a [Block])>,
    /// The section heading the canonical question stands under.
    section: Option<&'a str>,
}

impl<'a> Entry<'a> {
    fn of(corpus: &'a Corpus, cluster: &Cluster) -> Entry<'a> {
        let canonical = cluster.canonical();
        let doc = canonical.doc;
        let (_, question) = numbered(corpus, canonical);
        let answer = corpus.question(canonical).answer.as_slice();
        let mut phrasings = vec![question];
        let mut answers = vec![answer];
        let mut also = Vec::new();
        let mut others = Vec::new();
        for member in &cluster.members[1..] {
            let (_, text) = numbered(corpus, member.at);
            let number = label(corpus, member.at, doc);
            let new_phrasing = !phrasings.contains(&text);
            if new_phrasing {
                phrasings.push(text);
            }
            also.push(Also {
                number: number.clone(),
                phrasing: new_phrasing.then_some(text),
            });
            let other = corpus.question(member.at).answer.as_slice();
            if !other.is_empty() && !answers.contains(&other) {
                answers.push(other);
                others.push((number, other));
            }
        }
        Entry {
            doc,
            number: label(corpus, canonical, doc),
            question,
            also,
            answer,
            others,
            section: corpus.question(canonical).section.as_deref(),
        }
    }

    /// Whether nothing answers the question: it prints as an entry of a practice list.
    fn unanswered(&self) -> bool {
        self.answer.is_empty() && self.others.is_empty()
    }
}

/// Whether `ch` belongs to a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their presentation forms).
fn is_right_to_left(ch: char) -> bool {
    matches!(u32::from(ch), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Per article, how many questions hold right-to-left text in the question or its answer.
fn right_to_left(corpus: &Corpus) -> Vec<(String, usize)> {
    corpus
        .documents
        .iter()
        .filter_map(|d| {
            let count = d
                .questions
                .iter()
                .filter(|q| {
                    let rtl = |text: &str| text.chars().any(is_right_to_left);
                    rtl(&q.question) || {
                        let mut any = false;
                        plain_blocks_into(&q.answer, &mut |s| any = any || rtl(s));
                        any
                    }
                })
                .count();
            (count > 0).then(|| (d.file.clone(), count))
        })
        .collect()
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
                    section: None,
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
    fn characters_no_face_has_are_reported_and_still_rendered() {
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
            assert!(rendered.bytes.starts_with(b"%PDF-"));
            assert_eq!(rendered.missing.len(), 2);
        }
    }

    fn question(number: Option<u32>, text: &str, answer: &str) -> Question {
        Question {
            number,
            question: text.into(),
            answer: if answer.is_empty() {
                vec![]
            } else {
                vec![Block::Paragraph(answer.into())]
            },
            source: SourcePos {
                file: "a.md".into(),
                line: 1,
            },
            section: None,
        }
    }

    fn merged(questions: Vec<Question>) -> Corpus {
        let members = (0..questions.len())
            .map(|question| ClusterMember {
                at: QuestionRef { doc: 0, question },
                similarity: 1.0,
            })
            .collect();
        Corpus {
            documents: vec![Document {
                file: "a.md".into(),
                title: "A".into(),
                questions,
                modified: None,
            }],
            clusters: vec![Cluster { members }],
        }
    }

    #[test]
    fn questions_keep_the_articles_numbers_and_lose_stray_ones() {
        let corpus = merged(vec![
            question(Some(28), "What is MLOps?", "a"),
            question(None, "17 What is Docker Compose?", "b"),
            question(None, "3 ways to scale?", "c"),
            question(None, "Why?", "d"),
        ]);
        let at = |question| QuestionRef { doc: 0, question };
        assert_eq!(numbered(&corpus, at(0)), (28, "What is MLOps?"));
        assert_eq!(numbered(&corpus, at(1)), (17, "What is Docker Compose?"));
        // Not a number the reader left: no capital after it.
        assert_eq!(numbered(&corpus, at(2)), (3, "3 ways to scale?"));
        assert_eq!(numbered(&corpus, at(3)), (4, "Why?"));
    }

    #[test]
    fn a_merged_group_lists_every_number_and_every_different_answer() {
        let corpus = merged(vec![
            question(Some(1), "What is MLOps?", "First answer."),
            question(Some(17), "What does MLOps mean?", "Second answer."),
            question(Some(25), "What is MLOps?", "First answer."),
            question(Some(36), "Define MLOps.", ""),
        ]);
        let entry = Entry::of(&corpus, &corpus.clusters[0]);
        assert_eq!(entry.number, "Q1");
        let also: Vec<(&str, Option<&str>)> = entry
            .also
            .iter()
            .map(|a| (a.number.as_str(), a.phrasing))
            .collect();
        assert_eq!(
            also,
            [
                ("Q17", Some("What does MLOps mean?")),
                ("Q25", None),
                ("Q36", Some("Define MLOps."))
            ]
        );
        let others: Vec<&str> = entry.others.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(others, ["Q17"]);
    }

    #[test]
    fn right_to_left_questions_are_counted_per_article() {
        let corpus = merged(vec![
            question(Some(1), "What is שלום?", ""),
            question(Some(2), "Plain?", "مرحبا"),
            question(Some(3), "Plain?", "plain"),
        ]);
        assert_eq!(right_to_left(&corpus), [("a.md".to_string(), 2)]);
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
        assert!(rendered.bytes.starts_with(b"%PDF-"));
    }
}
