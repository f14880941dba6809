//! Anki notes, shared by the `.apkg` writer (`write/anki.rs`) and the Anki-style CSV: one note per
//! cluster, with the same GUIDs, HTML fields and tags in both, so that a CSV import and a package
//! import update the same notes.
//!
//! - `ids.rs`: GUIDs and ids from SHA-1, stable across releases;
//! - `decks.rs`: sub-decks, article tags and deck descriptions when there are several articles;
//! - `lock.rs`: the lock file that keeps each note's GUID and modification time across runs;
//! - `html.rs`: escaping article text for a card;
//! - `answer_html.rs`: answer blocks (lists, tables, code, maths…) as card HTML;
//! - `style.rs`: the note type's fields, templates and CSS.

mod answer_html;
pub mod decks;
pub(crate) mod html;
pub mod ids;
pub mod lock;
pub(crate) mod practice;
pub(crate) mod style;

use std::path::Path;

use crate::model::{Block, Cluster, Corpus, Document, Question, QuestionRef};

/// Deck name used when neither `--deck` nor a single article title names the deck.
pub const FALLBACK_DECK: &str = "qa-convert";

/// The note `mod` when no lock file says better (standard input, `--no-lock`) and
/// `SOURCE_DATE_EPOCH` is not set: 2000-01-01, older than any edit a learner makes, so importing
/// adds notes but never overwrites the learner's; set `SOURCE_DATE_EPOCH` to push an update.
pub const STDIN_MOD: i64 = lock::FIRST_SEEN_MOD;

/// What the user chose for the deck.
#[derive(Debug, Clone, Default)]
pub struct DeckOptions {
    /// `--deck`: the deck name, `::` for sub-decks.
    pub name: Option<String>,
    /// `--tag`, repeatable.
    pub tags: Vec<String>,
    /// `--flat`: several articles in the one deck rather than one sub-deck each.
    pub flat: bool,
    /// `SOURCE_DATE_EPOCH`, when set: the time of this run's changes. Without a lock, every
    /// note's `mod`.
    pub source_date_epoch: Option<i64>,
    /// Each cluster's GUID and `mod`, from the lock file ([`lock::resolve`]); `None` without a
    /// lock: GUIDs from the questions and `mod` from `SOURCE_DATE_EPOCH` or [`STDIN_MOD`].
    pub identities: Option<Vec<lock::Identity>>,
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
    /// Anki's checksum of the sort field (`ids::field_checksum`), computed where the note is
    /// rendered (a thread of its own for a large deck) rather than where it is stored.
    pub checksum: i64,
    /// Seconds since the epoch: Anki takes an incoming note only when this is newer than its own.
    pub modified: i64,
    /// The id of the deck (or article sub-deck) its card goes into.
    pub deck_id: i64,
    /// The note's tags as Anki stores them (space separated, a space at each end, or empty): the
    /// deck's `--tag`s, the slugs of the articles it comes from when there are several,
    /// `no-answer` when the article answers none of its phrasings, and the section of every
    /// member.
    pub tags: String,
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
    /// `--tag`s as Anki stores them on a note: space separated, with a space at each end (or empty).
    pub tags: String,
    /// The deck first, then one sub-deck per article when there are several (and no `--flat`).
    pub decks: Vec<decks::DeckEntry>,
    /// The newest note `mod`: note and card ids count up from it (in milliseconds).
    pub newest_mod: i64,
    /// The notes, one per cluster.
    pub notes: Vec<Note>,
}

/// The notes of a corpus, one per cluster in cluster order, rendered one at a time as the package
/// stores them, so that the whole deck is never held twice.
pub(crate) fn notes<'a>(
    corpus: &'a Corpus,
    options: &'a DeckOptions,
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
    let newest_mod = match &options.identities {
        Some(identities) => identities.iter().map(|i| i.modified).max(),
        None => options.source_date_epoch,
    }
    .unwrap_or(STDIN_MOD);
    let layout = decks::Layout::new(&name, &corpus.documents, options.flat);
    Deck {
        id: ids::named_id("deck", &name),
        notetype_id: ids::named_id("notetype", style::NOTETYPE_NAME),
        tags: tags_field(&options.tags),
        name,
        decks: layout.decks,
        newest_mod,
        notes: Vec::new(),
    }
}

/// The notes of a corpus, one per cluster in cluster order, rendered one at a time.
struct Notes<'a> {
    corpus: &'a Corpus,
    clusters: std::slice::Iter<'a, Cluster>,
    /// The lock's identities, in cluster order, when there is a lock.
    identities: Option<std::slice::Iter<'a, lock::Identity>>,
    /// Without a lock: every note's `mod`.
    default_mod: i64,
    guids: ids::Guids,
    layout: decks::Layout,
    /// `--tag`s, on every note.
    tags: &'a [String],
}

impl<'a> Notes<'a> {
    fn new(corpus: &'a Corpus, options: &'a DeckOptions) -> Self {
        Notes {
            corpus,
            clusters: corpus.clusters.iter(),
            identities: options.identities.as_deref().map(<[_]>::iter),
            default_mod: options.source_date_epoch.unwrap_or(STDIN_MOD),
            guids: ids::Guids::default(),
            layout: decks::Layout::new(
                &deck_name(options.name.as_deref(), &corpus.documents),
                &corpus.documents,
                options.flat,
            ),
            tags: &options.tags,
        }
    }
}

impl Iterator for Notes<'_> {
    type Item = Note;

    fn next(&mut self) -> Option<Note> {
        let cluster = self.clusters.next()?;
        let corpus = self.corpus;
        let canonical = corpus.question(cluster.canonical());
        let (guid, modified) = match self.identities.as_mut().and_then(Iterator::next) {
            Some(identity) => (identity.guid.clone(), identity.modified),
            None => (self.guids.next(&canonical.question), self.default_mod),
        };
        let main = corpus.question(most_complete(corpus, cluster));
        let unanswered = main.answer.is_empty();
        let mut tags: Vec<String> = self.tags.to_vec();
        if self.layout.tags_articles() {
            for tag in self.layout.tags(cluster) {
                if !tags.iter().any(|t| t == tag) {
                    tags.push(tag.to_string());
                }
            }
        }
        if unanswered {
            tags.push(practice::NO_ANSWER_TAG.to_string());
        }
        for member in &cluster.members {
            if let Some(section) = &corpus.question(member.at).section {
                let tag = practice::section_tag(section);
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
        Some(Note {
            guid,
            tags: tags_field(&tags),
            fields: [
                html::escape(&canonical.question),
                if unanswered {
                    practice::no_answer_back(&canonical.question)
                } else {
                    answer_field(&main.answer)
                },
                also_asked_as(corpus, cluster, main),
                source(corpus, cluster),
            ]
            .map(html::formula_inert),
            sort_field: canonical.question.clone(),
            checksum: ids::field_checksum(&canonical.question),
            modified,
            deck_id: self.layout.deck_id(cluster),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.clusters.size_hint()
    }
}

impl ExactSizeIterator for Notes<'_> {}

/// The member whose answer the card shows: the most complete one (the longest text), the first of
/// equals.
fn most_complete(corpus: &Corpus, cluster: &Cluster) -> QuestionRef {
    let mut best = cluster.canonical();
    let mut best_len = 0;
    for member in &cluster.members {
        let len = answer_len(&corpus.question(member.at).answer);
        if len > best_len {
            (best, best_len) = (member.at, len);
        }
    }
    best
}

/// How much answer text (in bytes, as [`answer_len`] counts) a card shows before it folds the rest:
/// about 700 px of a 390 px-wide phone screen, so that with the question, the other phrasings and
/// the source the back stays within about one and a half screens (`scripts/card-height`).
const SHOWN_ANSWER: usize = 1_200;
/// A tail shorter than this is shown rather than folded: a fold must save more than it costs.
const SMALLEST_FOLD: usize = 300;

/// The Answer field: the answer's blocks, and for a long answer its first blocks (at least one,
/// up to [`SHOWN_ANSWER`]) with the rest in a closed `<details>` ("Rest of the answer"), nothing
/// left out. A paragraph that introduces what follows (ending in `:`) is folded with it.
fn answer_field(blocks: &[Block]) -> String {
    let cut = fold_at(blocks);
    let mut out = html::blocks(&blocks[..cut]);
    if cut < blocks.len() {
        out.push_str("<details class=\"qa-rest\"><summary>Rest of the answer</summary>");
        html::blocks_into(&mut out, &blocks[cut..]);
        out.push_str("</details>");
    }
    out
}

/// The number of blocks a card shows before the fold (all of them for a short answer).
fn fold_at(blocks: &[Block]) -> usize {
    let total = answer_len(blocks);
    if total < SHOWN_ANSWER + SMALLEST_FOLD {
        return blocks.len();
    }
    let mut cut = 0;
    let mut shown = 0;
    for block in blocks {
        let len = answer_len(std::slice::from_ref(block));
        if cut > 0 && shown + len > SHOWN_ANSWER {
            break;
        }
        shown += len;
        cut += 1;
    }
    while cut > 1 && cut < blocks.len() && introduces_next(&blocks[cut - 1]) {
        cut -= 1;
        shown -= answer_len(&blocks[cut..=cut]);
    }
    if total - shown < SMALLEST_FOLD {
        return blocks.len();
    }
    cut
}

/// A paragraph that ends in `:` leads into the block after it.
fn introduces_next(block: &Block) -> bool {
    matches!(block, Block::Paragraph(text) if text.plain_cow().trim_end().ends_with(':'))
}

/// The text length of an answer's blocks.
fn answer_len(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(text) => text.plain_cow().len(),
            Block::Code { text, .. } => text.len(),
            Block::List(items) => items
                .iter()
                .map(|i| i.text.plain_cow().len() + i.lead.as_ref().map_or(0, String::len))
                .sum(),
            other => {
                let mut len = 0;
                other.plain_into(&mut |s| len += s.len());
                len
            }
        })
        .sum()
}

/// The rest of a merged note, kept short for a phone: the other phrasings as a list (never the
/// question the card shows, never one twice), then the answers other than the one shown, in a
/// `<details>` that starts closed, each under the question number (and phrasing) it answers.
/// Nothing is lost; most clusters have one member and an empty field.
fn also_asked_as(corpus: &Corpus, cluster: &Cluster, main: &Question) -> String {
    let mut out = String::new();
    if cluster.members.len() < 2 {
        return out;
    }
    let shown = ids::normalise_question(&corpus.question(cluster.canonical()).question);
    let mut phrasings = vec![shown.clone()];
    let mut list = String::new();
    let mut answers: Vec<&[Block]> = vec![&main.answer];
    let mut more = String::new();
    let mut more_count = 0;
    for member in &cluster.members {
        let q = corpus.question(member.at);
        let phrasing = ids::normalise_question(&q.question);
        if !phrasings.contains(&phrasing) {
            list.push_str("<li>");
            html::escape_into(&mut list, &q.question);
            list.push_str("</li>");
            phrasings.push(phrasing.clone());
        }
        if q.answer.is_empty() || answers.contains(&q.answer.as_slice()) {
            continue;
        }
        answers.push(&q.answer);
        more_count += 1;
        more.push_str("<div class=\"qa-alt-answer\"><div class=\"qa-alt\">");
        if let Some(number) = q.number {
            more.push('Q');
            push_decimal(&mut more, u64::from(number));
            if phrasing != shown {
                more.push_str(" · ");
            }
        }
        if phrasing != shown || q.number.is_none() {
            html::escape_into(&mut more, &q.question);
        }
        more.push_str("</div>");
        html::blocks_into(&mut more, &q.answer);
        more.push_str("</div>");
    }
    if !list.is_empty() {
        out.push_str("<ul class=\"qa-alts\">");
        out.push_str(&list);
        out.push_str("</ul>");
    }
    if more_count > 0 {
        out.push_str("<details class=\"qa-more\"><summary>");
        push_decimal(&mut out, more_count as u64);
        out.push_str(if more_count == 1 {
            " more answer"
        } else {
            " more answers"
        });
        out.push_str("</summary>");
        out.push_str(&more);
        out.push_str("</details>");
    }
    out
}

/// Where the question comes from, by article: `Q1, Q17 · Top MLOps Questions`, then the sections
/// it stands under (`· Leadership`). A question that several articles ask names the first on its
/// own line, then `also in: Q5 · Platform Questions; Q2 · …`. The article's title, else its file
/// name: never a path, which would show the learner's folders to everyone the deck is shared
/// with.
fn source(corpus: &Corpus, cluster: &Cluster) -> String {
    // Room for `Q12 · ` and a title of a usual length: one allocation, not three or four growths.
    let mut out = String::with_capacity(96);
    for (k, doc) in cluster.documents().into_iter().enumerate() {
        match k {
            0 => {}
            1 => out.push_str("<br>also in: "),
            _ => out.push_str("; "),
        }
        let mut numbered = false;
        for member in cluster.members.iter().filter(|m| m.at.doc == doc) {
            if let Some(number) = corpus.question(member.at).number {
                out.push_str(if numbered { ", Q" } else { "Q" });
                push_decimal(&mut out, u64::from(number));
                numbered = true;
            }
        }
        if numbered {
            out.push_str(" · ");
        }
        html::escape_into(&mut out, decks::article_name(&corpus.documents[doc]));
        // The sections the article asks it under (`· Leadership, Teamwork`), each once.
        let mut sections: Vec<&str> = Vec::new();
        for member in cluster.members.iter().filter(|m| m.at.doc == doc) {
            if let Some(section) = corpus.question(member.at).section.as_deref()
                && !sections.contains(&section)
            {
                out.push_str(if sections.is_empty() { " · " } else { ", " });
                html::escape_into(&mut out, section);
                sections.push(section);
            }
        }
    }
    out
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
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

/// When a document last changed, for the lock ([`lock::Run::change_times`]): `SOURCE_DATE_EPOCH`,
/// else the file's modification time in whole seconds, else (standard input) [`STDIN_MOD`].
pub fn change_time(document: &Document, source_date_epoch: Option<i64>) -> i64 {
    if let Some(epoch) = source_date_epoch {
        return epoch;
    }
    document
        .modified
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .unwrap_or(STDIN_MOD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClusterMember, QuestionRef, SourcePos};
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
            section: None,
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
    fn merged_note_shows_the_most_complete_answer_and_folds_the_others() {
        let c = corpus(
            vec![
                question(1, "What is X?", "X is a thing."),
                question(2, "Explain X.", "X is a thing."),
                question(3, "Define X.", "A different, longer answer."),
                question(4, "what is  x?", "Short."),
            ],
            vec![vec![0, 1, 2, 3]],
        );
        let deck = deck(&c, &DeckOptions::default());
        assert_eq!(deck.name, "Interview Questions");
        assert_eq!(deck.notes.len(), 1);
        let note = &deck.notes[0];
        assert_eq!(note.modified, STDIN_MOD);
        assert_eq!(note.fields[0], "What is X?");
        assert_eq!(note.fields[1], "<p>A different, longer answer.</p>");
        // The shown question is never listed again, not even re-cased; the shown answer is not
        // repeated; the others are under their numbers, in a closed <details>.
        assert_eq!(
            note.fields[2],
            "<ul class=\"qa-alts\"><li>Explain X.</li><li>Define X.</li></ul>\
<details class=\"qa-more\"><summary>2 more answers</summary>\
<div class=\"qa-alt-answer\"><div class=\"qa-alt\">Q1</div><p>X is a thing.</p></div>\
<div class=\"qa-alt-answer\"><div class=\"qa-alt\">Q4</div><p>Short.</p></div></details>"
        );
        assert_eq!(note.fields[3], "Q1, Q2, Q3, Q4 · Interview Questions");
    }

    #[test]
    fn a_long_answer_shows_its_first_part_and_folds_the_rest_with_its_lead_in() {
        let para = |n: usize| Block::Paragraph("word ".repeat(n / 5).into());
        // Short enough: shown whole.
        let short = [para(600), para(600), para(200)];
        assert_eq!(answer_field(&short), html::blocks(&short));
        // Long: the first two paragraphs, then the lead-in and everything after it, folded.
        let long = [
            para(500),
            para(500),
            Block::Paragraph("The differences include:".into()),
            para(900),
            para(400),
        ];
        let field = answer_field(&long);
        let (shown, folded) = field
            .split_once("<details class=\"qa-rest\"><summary>Rest of the answer</summary>")
            .unwrap();
        assert_eq!(shown, html::blocks(&long[..2]));
        assert_eq!(folded, format!("{}</details>", html::blocks(&long[2..])));
        // One long block is shown whole, never split or hidden entirely.
        let one = [para(3000)];
        assert_eq!(answer_field(&one), html::blocks(&one));
        // A tail too short to be worth a fold is shown.
        let tail = [para(1300), para(250)];
        assert_eq!(answer_field(&tail), html::blocks(&tail));
    }

    #[test]
    fn source_names_the_article_never_its_path() {
        let mut c = corpus(vec![question(1, "Q?", "A")], vec![vec![0]]);
        c.documents[0].title = String::new();
        c.documents[0].file = "/home/someone/private/article.txt".into();
        c.documents[0].questions[0].number = None;
        assert_eq!(
            deck(&c, &DeckOptions::default()).notes[0].fields[3],
            "article.txt"
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
    fn without_a_lock_the_mod_is_fixed_unless_source_date_epoch_is_set() {
        let c = corpus(vec![question(1, "Q?", "A")], vec![vec![0]]);
        let options = DeckOptions {
            source_date_epoch: Some(42),
            ..DeckOptions::default()
        };
        assert_eq!(deck(&c, &options).notes[0].modified, 42);
        // The file's time is never the note's: a copied or touched file changes nothing.
        assert_eq!(
            deck(&c, &DeckOptions::default()).notes[0].modified,
            STDIN_MOD
        );
        let locked = DeckOptions {
            identities: Some(vec![lock::Identity {
                guid: "g".into(),
                modified: 7,
            }]),
            ..DeckOptions::default()
        };
        let note = &deck(&c, &locked).notes[0];
        assert_eq!((note.guid.as_str(), note.modified), ("g", 7));
    }

    #[test]
    fn decimals_are_written_as_to_string_writes_them() {
        for n in [0, 7, 10, 99, 1_000_000, u64::from(u32::MAX), u64::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
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
