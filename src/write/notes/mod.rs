//! Anki notes, shared by the `.apkg` writer (`write/anki.rs`) and the Anki-style CSV: one note per
//! cluster, with the same GUIDs, HTML fields and tags in both, so that a CSV import and a package
//! import update the same notes.
//!
//! - `ids.rs`: GUIDs and ids from SHA-1, stable across releases;
//! - `html.rs`: answer blocks as escaped HTML;
//! - `style.rs`: the note type's fields, templates and CSS.

pub(crate) mod html;
pub mod ids;
pub(crate) mod style;

use std::path::Path;
use std::time::UNIX_EPOCH;

use crate::model::{Cluster, Corpus, Document, Question};

/// Deck name used when neither `--deck` nor a single article title names the deck.
pub const FALLBACK_DECK: &str = "qa-convert";

/// The note `mod` used for standard input when `SOURCE_DATE_EPOCH` is not set: stdin has no
/// modification time, and the wall clock would break byte-identical output. 2000-01-01 is older
/// than any edit a learner makes, so re-importing never overwrites their edits; set
/// `SOURCE_DATE_EPOCH` to push an edited article from stdin as an update.
pub const STDIN_MOD: i64 = 946_684_800;

/// What the user chose for the deck.
#[derive(Debug, Clone, Default)]
pub struct DeckOptions {
    /// `--deck`: the deck name, `::` for sub-decks.
    pub name: Option<String>,
    /// `--tag`, repeatable.
    pub tags: Vec<String>,
    /// `SOURCE_DATE_EPOCH`, when set: every note's `mod`, in place of the files' times.
    pub source_date_epoch: Option<i64>,
}

impl DeckOptions {
    /// Reads `SOURCE_DATE_EPOCH` from the environment (ignored unless a whole number of seconds).
    pub fn source_date_epoch_from_env() -> Option<i64> {
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
    }
}

/// One note, fields already rendered as HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Anki's note GUID (see `ids::note_guid`): what makes a re-import an update.
    pub guid: String,
    /// Question, Answer, Also asked as, Source — as in `style::FIELDS`.
    pub fields: [String; 4],
    /// The question as plain text: Anki's sort field and checksum source.
    pub sort_field: String,
    /// Seconds since the epoch: Anki takes an incoming note only when this is newer than its own.
    pub modified: i64,
}

/// A deck ready to write: its name, ids, tags and notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    /// The deck's name, `::` between levels.
    pub name: String,
    /// The deck id, from its name.
    pub id: i64,
    /// The note type's id, from its name.
    pub notetype_id: i64,
    /// Tags as Anki stores them on a note: space separated, with a space at each end (or empty).
    pub tags: String,
    /// The newest note `mod`: note and card ids count up from it (in milliseconds).
    pub newest_mod: i64,
    /// The notes, one per cluster.
    pub notes: Vec<Note>,
}

/// The notes of a corpus, one per cluster in cluster order, rendered one at a time as the package
/// stores them, so that the whole deck is never held twice.
pub(crate) fn notes<'a>(
    corpus: &'a Corpus,
    options: &DeckOptions,
) -> impl ExactSizeIterator<Item = Note> + 'a {
    Notes::new(corpus, options)
}

/// Builds the deck: one note per cluster, in cluster order.
pub fn deck(corpus: &Corpus, options: &DeckOptions) -> Deck {
    let mut deck = deck_header(corpus, options);
    deck.notes = Notes::new(corpus, options).collect();
    deck
}

/// The deck without its notes: name, ids, tags and the newest note time.
pub fn deck_header(corpus: &Corpus, options: &DeckOptions) -> Deck {
    let name = deck_name(options.name.as_deref(), &corpus.documents);
    let newest_mod = corpus
        .documents
        .iter()
        .filter(|d| !d.questions.is_empty())
        .map(|d| document_mod(d, options.source_date_epoch))
        .max()
        .unwrap_or(STDIN_MOD);
    Deck {
        id: ids::named_id("deck", &name),
        notetype_id: ids::named_id("notetype", style::NOTETYPE_NAME),
        tags: tags_field(&options.tags),
        name,
        newest_mod,
        notes: Vec::new(),
    }
}

/// The notes of a corpus, one per cluster in cluster order, rendered one at a time.
struct Notes<'a> {
    corpus: &'a Corpus,
    clusters: std::slice::Iter<'a, Cluster>,
    mod_of_doc: Vec<i64>,
    guids: ids::Guids,
}

impl<'a> Notes<'a> {
    fn new(corpus: &'a Corpus, options: &DeckOptions) -> Self {
        Notes {
            corpus,
            clusters: corpus.clusters.iter(),
            mod_of_doc: corpus
                .documents
                .iter()
                .map(|d| document_mod(d, options.source_date_epoch))
                .collect(),
            guids: ids::Guids::default(),
        }
    }
}

impl Iterator for Notes<'_> {
    type Item = Note;

    fn next(&mut self) -> Option<Note> {
        let cluster = self.clusters.next()?;
        let corpus = self.corpus;
        let canonical = corpus.question(cluster.canonical());
        let guid = self.guids.next(&canonical.question);
        let modified = cluster
            .members
            .iter()
            .map(|m| self.mod_of_doc[m.at.doc])
            .max()
            .unwrap_or(STDIN_MOD);
        Some(Note {
            guid,
            fields: [
                html::escape(&canonical.question),
                html::blocks(&canonical.answer),
                also_asked_as(corpus, cluster),
                source(corpus, cluster),
            ],
            sort_field: canonical.question.clone(),
            modified,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.clusters.size_hint()
    }
}

impl ExactSizeIterator for Notes<'_> {}

/// The other phrasings of a cluster, each followed by its own answer when that differs from the
/// canonical one. Repeats of a phrasing already shown with the same answer are left out.
fn also_asked_as(corpus: &Corpus, cluster: &Cluster) -> String {
    let mut out = String::new();
    let Some((first, others)) = cluster.members.split_first() else {
        return out;
    };
    if others.is_empty() {
        return out; // most clusters: nothing to normalise
    }
    let canonical = corpus.question(first.at);
    let canonical_phrasing = ids::normalise_question(&canonical.question);
    let mut shown: Vec<(String, &Question)> = Vec::new();
    for member in others {
        let other = corpus.question(member.at);
        let phrasing = ids::normalise_question(&other.question);
        let same_answer = |q: &Question| q.answer == other.answer;
        let repeat = (phrasing == canonical_phrasing && same_answer(canonical))
            || shown.iter().any(|(p, q)| *p == phrasing && same_answer(q));
        if repeat {
            continue;
        }
        out.push_str("<p class=\"qa-alt\">");
        html::escape_into(&mut out, &other.question);
        out.push_str("</p>");
        if other.answer != canonical.answer && !other.answer.is_empty() {
            out.push_str("<div class=\"qa-alt-answer\">");
            html::blocks_into(&mut out, &other.answer);
            out.push_str("</div>");
        }
        shown.push((phrasing, other));
    }
    out
}

/// Where the question stands in its articles: `Q1 · source/x.txt:12`, one per member.
fn source(corpus: &Corpus, cluster: &Cluster) -> String {
    let mut out = String::new();
    for (i, member) in cluster.members.iter().enumerate() {
        let q = corpus.question(member.at);
        if i > 0 {
            out.push_str("<br>");
        }
        if let Some(number) = q.number {
            out.push('Q');
            out.push_str(itoa::Buffer::new().format(number));
            out.push_str(" · ");
        }
        html::escape_into(&mut out, &q.source.file);
        out.push(':');
        out.push_str(itoa::Buffer::new().format(q.source.line));
    }
    out
}

/// `--deck`, else the title of the only article, else its file name, else [`FALLBACK_DECK`].
/// Each `::` level is trimmed and empty levels dropped, as Anki itself would.
pub fn deck_name(requested: Option<&str>, documents: &[Document]) -> String {
    let from_article = || match documents {
        [doc] if !doc.title.trim().is_empty() => Some(doc.title.clone()),
        [doc] => Path::new(&doc.file)
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| *s != "-")
            .map(str::to_string),
        _ => None,
    };
    [requested.map(str::to_string), from_article()]
        .into_iter()
        .flatten()
        .map(|n| clean_deck_name(&n))
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| FALLBACK_DECK.to_string())
}

fn clean_deck_name(name: &str) -> String {
    name.split("::")
        .map(|level| {
            level
                .chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|level| !level.is_empty())
        .collect::<Vec<_>>()
        .join("::")
}

/// Anki tags hold no spaces: inner whitespace becomes `_`; empty tags are dropped.
fn tags_field(tags: &[String]) -> String {
    let cleaned: Vec<String> = tags
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
        .filter(|t| !t.is_empty())
        .collect();
    if cleaned.is_empty() {
        String::new()
    } else {
        format!(" {} ", cleaned.join(" "))
    }
}

/// A document's note `mod`: `SOURCE_DATE_EPOCH`, else the file's modification time in whole
/// seconds, else (standard input) [`STDIN_MOD`].
fn document_mod(document: &Document, source_date_epoch: Option<i64>) -> i64 {
    if let Some(epoch) = source_date_epoch {
        return epoch;
    }
    document
        .modified
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .unwrap_or(STDIN_MOD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, ClusterMember, QuestionRef, SourcePos};
    use std::time::{Duration, SystemTime};

    fn question(number: u32, text: &str, answer: &str) -> Question {
        Question {
            number: Some(number),
            question: text.into(),
            answer: vec![Block::Paragraph(answer.into())],
            source: SourcePos {
                file: "a.txt".into(),
                line: number as usize * 10,
            },
        }
    }

    fn corpus(questions: Vec<Question>, clusters: Vec<Vec<usize>>) -> Corpus {
        Corpus {
            documents: vec![Document {
                file: "a.txt".into(),
                title: "Interview Questions".into(),
                questions,
                modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
            }],
            clusters: clusters
                .into_iter()
                .map(|members| Cluster {
                    members: members
                        .into_iter()
                        .map(|question| ClusterMember {
                            at: QuestionRef { doc: 0, question },
                            similarity: 1.0,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn one_note_per_cluster_with_other_phrasings() {
        let c = corpus(
            vec![
                question(1, "What is X?", "X is a thing."),
                question(2, "Explain X.", "X is a thing."),
                question(3, "Define X.", "A different answer."),
            ],
            vec![vec![0, 1, 2]],
        );
        let deck = deck(&c, &DeckOptions::default());
        assert_eq!(deck.name, "Interview Questions");
        assert_eq!(deck.notes.len(), 1);
        let note = &deck.notes[0];
        assert_eq!(note.modified, 1_700_000_000);
        assert_eq!(
            note.fields[2],
            "<p class=\"qa-alt\">Explain X.</p><p class=\"qa-alt\">Define X.</p>\
<div class=\"qa-alt-answer\"><p>A different answer.</p></div>"
        );
        assert_eq!(
            note.fields[3],
            "Q1 · a.txt:10<br>Q2 · a.txt:20<br>Q3 · a.txt:30"
        );
    }

    #[test]
    fn identical_questions_kept_apart_get_distinct_guids() {
        let c = corpus(
            vec![
                question(1, "What is X?", "a"),
                question(17, "What is X?", "b"),
            ],
            vec![vec![0], vec![1]],
        );
        let deck = deck(&c, &DeckOptions::default());
        assert_ne!(deck.notes[0].guid, deck.notes[1].guid);
        assert_eq!(deck.notes[0].guid, ids::note_guid("What is X?", 0));
    }

    #[test]
    fn source_date_epoch_wins_and_stdin_has_a_fixed_mod() {
        let mut c = corpus(vec![question(1, "Q?", "A")], vec![vec![0]]);
        let options = DeckOptions {
            source_date_epoch: Some(42),
            ..DeckOptions::default()
        };
        assert_eq!(deck(&c, &options).notes[0].modified, 42);
        c.documents[0].modified = None;
        assert_eq!(
            deck(&c, &DeckOptions::default()).notes[0].modified,
            STDIN_MOD
        );
    }

    #[test]
    fn deck_names_and_tags_are_cleaned() {
        assert_eq!(deck_name(Some(" A :: ::B "), &[]), "A::B");
        assert_eq!(deck_name(Some("::"), &[]), FALLBACK_DECK);
        assert_eq!(
            tags_field(&["ml ops".into(), " ".into(), "x".into()]),
            " ml_ops x "
        );
        assert_eq!(tags_field(&[]), "");
    }
}
