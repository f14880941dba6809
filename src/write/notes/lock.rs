//! The lock file (`qa-convert.lock`, kept beside the articles like `Cargo.lock`): which Anki note
//! each question is, what the note said and when that last changed. The next run reads it so that a
//! note keeps its GUID across answer edits, typo fixes, a new first phrasing or a new phrasing
//! joining it, and so that its modification time moves only when its own content changed (Anki
//! takes an incoming note only when it is newer, and then replaces the learner's edits and tags).
//!
//! Nothing here reads the clock or the file system: the same corpus, change times and lock give the
//! same identities and the same lock bytes. README "Updating a deck" describes the rules.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use super::ids;
use crate::model::{Block, Cluster, Corpus, Question, plain_blocks_into};

/// The lock's file name, in the folder that holds the articles.
pub const FILE_NAME: &str = "qa-convert.lock";

/// The modification time of a note seen for the first time (2000-01-01): older than anything a
/// learner did, so a first deck adds notes but never overwrites a note the learner already holds
/// (from an older qa-convert, or a lost lock). A later change of the note's content gives it a real
/// time.
pub const FIRST_SEEN_MOD: i64 = 946_684_800;

/// The format version written in the file; a lock with another version is not read.
const VERSION: u32 = 1;

/// The first lines of the file: what it is, and that it belongs in version control.
const HEADER: &str = "# qa-convert.lock: which Anki note each question is, so that an updated deck \
updates the learner's notes.\n# Written by qa-convert anki; commit it with the articles (README \
\"Updating a deck\").\n";

/// Shortest answer (in bytes of plain text) that counts as evidence that a reworded question is
/// the same note: shorter answers ("Yes.", "See above.") are shared by unrelated questions.
const MIN_EVIDENCE_ANSWER: usize = 20;

/// Why a lock file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The text is not the lock's JSON.
    #[error("not a qa-convert lock file: {0}")]
    Syntax(#[from] serde_json::Error),
    /// Written by a qa-convert whose lock format this one does not know.
    #[error("lock file version {0}; this qa-convert reads version {VERSION}")]
    Version(u32),
}

/// One note as the last deck wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The note's GUID: Anki matches notes by it.
    pub guid: String,
    /// The note's `mod`, in seconds since the epoch.
    pub modified: i64,
    /// [`content_hash`] of the note's questions and answers.
    pub content: String,
    /// The articles the note's questions come from, as paths relative to the lock's folder.
    pub articles: Vec<String>,
    /// The question the card shows, normalised as [`ids::normalise_question`] does.
    pub question: String,
    /// Every phrasing of the note, normalised, each with the [`answer_hash`] of its answer.
    pub phrasings: Vec<(String, String)>,
}

/// The whole lock: one entry per note, sorted by article and question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    /// The notes, sorted by article, question and GUID.
    pub entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    notes: Vec<Entry>,
}

impl Lock {
    /// Reads a lock file's text. Comment lines (`#`) are skipped.
    pub fn parse(text: &str) -> Result<Lock, LockError> {
        let json: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let file: File = serde_json::from_str(&json)?;
        if file.version != VERSION {
            return Err(LockError::Version(file.version));
        }
        Ok(Lock {
            entries: file.notes,
        })
    }

    /// The file's text: a header, then one note per line, so that a changed note is one changed
    /// line in a diff.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str("{\"version\": 1, \"notes\": [\n");
        for (i, entry) in self.entries.iter().enumerate() {
            // Serialising plain strings and numbers cannot fail.
            out.push_str(&serde_json::to_string(entry).unwrap_or_default());
            out.push_str(if i + 1 < self.entries.len() {
                ",\n"
            } else {
                "\n"
            });
        }
        out.push_str("]}\n");
        out
    }
}

/// What the lock needs to know about the run beyond the corpus.
pub struct Run<'a> {
    /// Each document's article path relative to the lock's folder, by document index.
    pub articles: &'a [String],
    /// Each document's change time: when its content last changed as far as this run can tell
    /// (`SOURCE_DATE_EPOCH`, else the file's modification time), by document index. Used only for
    /// notes whose content differs from the lock's.
    pub change_times: &'a [i64],
    /// Whether an article named in the lock still exists; an entry whose articles are all gone
    /// (a renamed or deleted file) may be taken by any note.
    pub exists: &'a dyn Fn(&str) -> bool,
}

/// A note's identity for one deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The note's GUID.
    pub guid: String,
    /// The note's `mod`, in seconds since the epoch.
    pub modified: i64,
}

/// One cluster, reduced to what identity needs.
struct Key {
    /// Normalised phrasings of the members, in member order (repeats kept).
    phrasings: Vec<String>,
    /// [`answer_hash`] of each member's answer, in member order.
    answers: Vec<String>,
    /// Plain-text answer length of each member, in member order.
    answer_lens: Vec<usize>,
    articles: Vec<String>,
    content: String,
    change_time: i64,
}

/// The identities of the corpus's notes (one per cluster, in cluster order) and the lock to save
/// after the deck is written.
pub fn resolve(corpus: &Corpus, previous: &Lock, run: &Run) -> (Vec<Identity>, Lock) {
    let keys: Vec<Key> = corpus
        .clusters
        .iter()
        .map(|c| key(corpus, c, run))
        .collect();
    let entries = &previous.entries;
    let read: HashSet<&str> = run.articles.iter().map(String::as_str).collect();
    // An entry belongs to the notes of its own articles, or to anyone once its articles are gone.
    let gone: Vec<bool> = entries
        .iter()
        .map(|e| {
            e.articles
                .iter()
                .all(|a| !read.contains(a.as_str()) && !(run.exists)(a))
        })
        .collect();
    let ownable =
        |k: &Key, e: usize| gone[e] || entries[e].articles.iter().any(|a| k.articles.contains(a));

    let mut matched: Vec<Option<usize>> = vec![None; keys.len()];
    let mut taken = vec![false; entries.len()];
    let mut by_phrasing: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for (p, _) in &e.phrasings {
            let list = by_phrasing.entry(p.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    // 1. The question the card showed is still a phrasing's first occurrence.
    for (k, slot) in keys.iter().zip(&mut matched) {
        let found = by_phrasing.get(k.phrasings[0].as_str()).and_then(|list| {
            list.iter()
                .copied()
                .find(|&e| !taken[e] && entries[e].question == k.phrasings[0] && ownable(k, e))
        });
        if let Some(e) = found {
            taken[e] = true;
            *slot = Some(e);
        }
    }
    // 2. Any phrasing the note had: a new first phrasing, or phrasings merged differently.
    for (k, slot) in keys.iter().zip(&mut matched) {
        if slot.is_some() {
            continue;
        }
        let found = k.phrasings.iter().find_map(|p| {
            by_phrasing
                .get(p.as_str())
                .and_then(|list| list.iter().copied().find(|&e| !taken[e] && ownable(k, e)))
        });
        if let Some(e) = found {
            taken[e] = true;
            *slot = Some(e);
        }
    }
    // 3. A reworded or typo-fixed phrasing of a note none of whose phrasings is left.
    let answer_counts = count_answers(&keys);
    for (k, slot) in keys.iter().zip(&mut matched) {
        if slot.is_some() {
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        for (e, entry) in entries.iter().enumerate() {
            if taken[e] || !ownable(k, e) {
                continue;
            }
            for (m, p) in k.phrasings.iter().enumerate() {
                let evidence = k.answer_lens[m] >= MIN_EVIDENCE_ANSWER
                    && answer_counts.get(k.answers[m].as_str()) == Some(&1);
                for (q, answer) in &entry.phrasings {
                    let same_answer = evidence && *answer == k.answers[m];
                    if let Some(d) = reworded(p, q, same_answer)
                        && best.is_none_or(|(_, bd)| d < bd)
                    {
                        best = Some((e, d));
                    }
                }
            }
        }
        if let Some((e, _)) = best {
            taken[e] = true;
            *slot = Some(e);
        }
    }

    let mut used: HashSet<String> = entries.iter().map(|e| e.guid.clone()).collect();
    let mut identities = Vec::with_capacity(keys.len());
    let mut next = Vec::with_capacity(keys.len() + entries.len());
    for (k, slot) in keys.iter().zip(&matched) {
        let (guid, modified) = match *slot {
            Some(e) => {
                let old = &entries[e];
                let modified = if old.content == k.content {
                    old.modified
                } else {
                    (old.modified + 1).max(k.change_time)
                };
                (old.guid.clone(), modified)
            }
            None => {
                let normalised = &k.phrasings[0];
                let guid = (0..)
                    .map(|n| ids::guid_of_normalised(normalised, n))
                    .find(|g| !used.contains(g))
                    .unwrap_or_default();
                (guid, FIRST_SEEN_MOD)
            }
        };
        used.insert(guid.clone());
        identities.push(Identity {
            guid: guid.clone(),
            modified,
        });
        let mut phrasings: Vec<(String, String)> = k
            .phrasings
            .iter()
            .cloned()
            .zip(k.answers.iter().cloned())
            .collect();
        phrasings.sort();
        phrasings.dedup();
        next.push(Entry {
            guid,
            modified,
            content: k.content.clone(),
            articles: k.articles.clone(),
            question: k.phrasings[0].clone(),
            phrasings,
        });
    }
    // Notes of articles not read this run stay; notes whose questions left the articles read go.
    for (e, entry) in entries.iter().enumerate() {
        let all_read = entry.articles.iter().all(|a| read.contains(a.as_str()));
        if !taken[e] && !all_read && !gone[e] {
            next.push(entry.clone());
        }
    }
    next.sort_by(|a, b| {
        (&a.articles, &a.question, &a.guid).cmp(&(&b.articles, &b.question, &b.guid))
    });
    (identities, Lock { entries: next })
}

fn key(corpus: &Corpus, cluster: &Cluster, run: &Run) -> Key {
    let questions: Vec<&Question> = cluster
        .members
        .iter()
        .map(|m| corpus.question(m.at))
        .collect();
    let (answers, answer_lens): (Vec<String>, Vec<usize>) =
        questions.iter().map(|q| answer_hash(q)).unzip();
    let mut articles: Vec<String> = cluster
        .members
        .iter()
        .map(|m| run.articles.get(m.at.doc).cloned().unwrap_or_default())
        .collect();
    articles.sort();
    articles.dedup();
    let change_time = cluster
        .members
        .iter()
        .filter_map(|m| run.change_times.get(m.at.doc).copied())
        .max()
        .unwrap_or(FIRST_SEEN_MOD);
    Key {
        phrasings: questions
            .iter()
            .map(|q| ids::normalise_question(&q.question))
            .collect(),
        content: content_hash(
            &questions[0].question,
            questions.iter().map(|q| q.question.as_str()).zip(&answers),
        ),
        answer_lens,
        answers,
        articles,
        change_time,
    }
}

/// First 32 bits of SHA-1 of an answer's plain text ([`Question::answer_text`]), in hex, and the
/// text's length. The text is fed to the hash piece by piece, never built.
pub fn answer_hash(question: &Question) -> (String, usize) {
    let mut hasher = Sha1::new();
    let mut len = 0;
    let mut feed = |piece: &str| {
        hasher.update(piece.as_bytes());
        len += piece.len();
    };
    plain_blocks_into(&question.answer, &mut feed);
    // Markup that plain text does not show (code, bold, links, tables…) still changes the card:
    // an answer that has any is hashed with its structure too. A plain answer hashes as it always
    // did, so its note keeps its content hash.
    if !question.answer.iter().all(Block::is_plain)
        && let Ok(json) = serde_json::to_string(&question.answer)
    {
        hasher.update(b"\x1d");
        hasher.update(json.as_bytes());
    }
    (hex(&hasher.finalize()[..4]), len)
}

/// First 64 bits of SHA-1 over what a note teaches: the question it shows, and every phrasing with
/// its answer (in a fixed order, so that members moving around inside the note change nothing).
/// Numbers, lines, titles, deck and tags are left out: they change when other questions move, and
/// an update they caused would cost the learner their edits for nothing.
pub fn content_hash<'a>(
    shown: &str,
    members: impl Iterator<Item = (&'a str, &'a String)>,
) -> String {
    let mut members: Vec<(&str, &String)> = members.collect();
    members.sort();
    members.dedup();
    let mut hasher = Sha1::new();
    hasher.update(shown.as_bytes());
    for (question, answer) in members {
        hasher.update(b"\x1e");
        hasher.update(question.as_bytes());
        hasher.update(b"\x1f");
        hasher.update(answer.as_bytes());
    }
    hex(&hasher.finalize()[..8])
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

fn count_answers(keys: &[Key]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for k in keys {
        for a in &k.answers {
            *counts.entry(a.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

/// Whether `new` is `old` reworded, and how far apart they are (characters edited). With the same
/// answer (and one that is evidence) a third of the question may change; without it, only a typo:
/// two characters in a question of at least 15, no digit changed ("L1" and "L2" are two questions).
fn reworded(new: &str, old: &str, same_answer: bool) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (new.chars().collect(), old.chars().collect());
    let longest = a.len().max(b.len());
    let limit = if same_answer {
        longest / 3
    } else {
        let digits = |s: &[char]| s.iter().filter(|c| c.is_ascii_digit()).collect::<String>();
        if a.len().min(b.len()) < 15 || digits(&a) != digits(&b) {
            return None;
        }
        2
    };
    let d = edit_distance(&a, &b, limit)?;
    (d > 0 || same_answer).then_some(d)
}

/// Levenshtein distance, or `None` once it exceeds `limit`.
fn edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let value = (previous + cost).min(row[j] + 1).min(row[j + 1] + 1);
            previous = row[j + 1];
            row[j + 1] = value;
            smallest = smallest.min(value);
        }
        if smallest > limit {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClusterMember, Document, ListItem, QuestionRef, SourcePos};

    fn question(text: &str, answer: &str) -> Question {
        Question {
            number: None,
            question: text.into(),
            answer: vec![Block::Paragraph(answer.into())],
            source: SourcePos {
                file: "a.txt".into(),
                line: 1,
            },
            section: None,
        }
    }

    /// One article; `groups` lists the questions (by index) of each cluster.
    fn corpus(questions: Vec<Question>, groups: &[&[usize]]) -> Corpus {
        Corpus {
            documents: vec![Document {
                file: "a.txt".into(),
                title: "T".into(),
                questions,
                modified: None,
            }],
            clusters: groups
                .iter()
                .map(|g| Cluster {
                    members: g
                        .iter()
                        .map(|&question| ClusterMember {
                            at: QuestionRef { doc: 0, question },
                            similarity: 1.0,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn run_at(time: i64, previous: &Lock, corpus: &Corpus) -> (Vec<Identity>, Lock) {
        let articles = ["a.txt".to_string()];
        let exists = |_: &str| true;
        let run = Run {
            articles: &articles,
            change_times: &[time],
            exists: &exists,
        };
        resolve(corpus, previous, &run)
    }

    const LONG: &str = "A feature store keeps model features in one place.";

    #[test]
    fn first_run_uses_question_guids_and_the_first_seen_time() {
        let c = corpus(vec![question("What is X?", LONG)], &[&[0]]);
        let (ids, lock) = run_at(1_800_000_000, &Lock::default(), &c);
        assert_eq!(ids[0].guid, ids::note_guid("What is X?", 0));
        assert_eq!(ids[0].modified, FIRST_SEEN_MOD);
        assert_eq!(Lock::parse(&lock.render()).unwrap(), lock);
    }

    #[test]
    fn unchanged_content_keeps_its_time_and_a_change_moves_only_that_note() {
        let c = corpus(
            vec![question("What is X?", LONG), question("Why Y?", "Because.")],
            &[&[0], &[1]],
        );
        let (_, lock) = run_at(1_800_000_000, &Lock::default(), &c);
        let (again, same) = run_at(1_900_000_000, &lock, &c);
        assert_eq!(same, lock);
        assert!(again.iter().all(|i| i.modified == FIRST_SEEN_MOD));

        let mut edited = c.clone();
        edited.documents[0].questions[1].answer = vec![Block::Paragraph("Since.".into())];
        let (ids, _) = run_at(1_900_000_000, &lock, &edited);
        assert_eq!(ids[0].modified, FIRST_SEEN_MOD);
        assert_eq!(ids[1].modified, 1_900_000_000);
        assert_eq!(ids[1].guid, ids::note_guid("Why Y?", 0));
    }

    #[test]
    fn typo_fix_new_first_phrasing_and_joining_phrasing_keep_the_guid() {
        let c = corpus(
            vec![question("What is the diference between A and B?", LONG)],
            &[&[0]],
        );
        let (first, lock) = run_at(1, &Lock::default(), &c);
        let guid = first[0].guid.clone();

        let typo = corpus(
            vec![question("What is the difference between A and B?", LONG)],
            &[&[0]],
        );
        let (ids, lock) = run_at(5, &lock, &typo);
        assert_eq!(ids[0].guid, guid);
        assert_eq!(ids[0].modified, FIRST_SEEN_MOD + 1);

        let joined = corpus(
            vec![
                question("How do A and B differ?", "Short."),
                question("What is the difference between A and B?", LONG),
            ],
            &[&[0, 1]],
        );
        let (ids, _) = run_at(7, &lock, &joined);
        assert_eq!(ids[0].guid, guid);
    }

    #[test]
    fn answer_hash_is_the_hash_of_the_answer_text() {
        let mut q = question("Q?", "One.");
        q.answer.push(Block::List(vec![
            ListItem::parse("Lead: rest"),
            ListItem::parse("plain"),
        ]));
        q.answer.push(Block::Code {
            lang: None,
            text: "x = 1".into(),
        });
        let text = q.answer_text();
        assert_eq!(
            answer_hash(&q),
            (hex(&Sha1::digest(text.as_bytes())[..4]), text.len())
        );
        assert_eq!(hex(&[0x0f, 0xa0]), "0fa0");
    }

    #[test]
    fn different_identifiers_are_not_typos() {
        assert_eq!(
            reworded(
                "what is l1 regularization?",
                "what is l2 regularization?",
                false
            ),
            None
        );
        assert_eq!(reworded("what is a pod?", "what is a node?", false), None);
        assert_eq!(
            reworded(
                "what is the diference between a and b?",
                "what is the difference between a and b?",
                false
            ),
            Some(1)
        );
        assert_eq!(edit_distance(&['a', 'b'], &['b', 'a'], 5), Some(2));
    }

    #[test]
    fn a_renamed_article_finds_its_notes_again() {
        let c = corpus(vec![question("What is X?", LONG)], &[&[0]]);
        let (before, lock) = run_at(1, &Lock::default(), &c);
        // a.txt became b.txt: the lock's article is gone, so its note may be taken.
        let articles = ["b.txt".to_string()];
        let exists = |a: &str| a == "b.txt";
        let run = Run {
            articles: &articles,
            change_times: &[2],
            exists: &exists,
        };
        let (after, next) = resolve(&c, &lock, &run);
        assert_eq!(after, before);
        assert_eq!(next.entries.len(), 1);
        assert_eq!(next.entries[0].articles, ["b.txt"]);
    }

    #[test]
    fn another_articles_note_is_never_taken() {
        let c = corpus(vec![question("What is X?", LONG)], &[&[0]]);
        let (a, lock) = run_at(1, &Lock::default(), &c);
        // The same question in b.txt, with the lock that a.txt wrote.
        let articles = ["b.txt".to_string()];
        let exists = |_: &str| true;
        let run = Run {
            articles: &articles,
            change_times: &[2],
            exists: &exists,
        };
        let (b, both) = resolve(&c, &lock, &run);
        assert_ne!(a[0].guid, b[0].guid);
        assert_eq!(b[0].guid, ids::note_guid("What is X?", 1));
        assert_eq!(both.entries.len(), 2);
    }
}
