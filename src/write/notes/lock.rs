//! The lock file (`qa-convert.lock`, kept beside the articles like `Cargo.lock`): which Anki note
//! each question is, what the note said and when that last changed. The next run reads it so that a
//! note keeps its GUID across answer edits, typo fixes, a new first phrasing or a new phrasing
//! joining it, and so that its modification time moves only when its own content changed (Anki
//! takes an incoming note only when it is newer, and then replaces the learner's edits and tags).
//!
//! Nothing here reads the clock or the file system: the same corpus, change times and lock give the
//! same identities and the same lock bytes. README "Updating a deck" describes the rules.

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use super::ids;
use crate::fasthash::{FastMap, FastSet};
use crate::model::{
    Block, Cluster, ClusterMember, Corpus, Document, Question, QuestionRef, plain_blocks_into,
};

mod text;

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

/// A typo: at most this many characters edited…
const TYPO_EDITS: usize = 2;

/// …in a question at least this many characters long.
const TYPO_MIN_LEN: usize = 15;

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

/// The file's JSON as `serde_json` reads it (a lock not as qa-convert writes it: `text` reads
/// those).
#[derive(Deserialize)]
struct File {
    version: u32,
    notes: Vec<Entry>,
}

impl Lock {
    /// Reads a lock file's text. Comment lines (`#`) are skipped.
    pub fn parse(text: &str) -> Result<Lock, LockError> {
        Lock::parse_checked(text).map(|(lock, _)| lock)
    }

    /// [`Lock::parse`], and whether `text` is the very text [`Lock::render`] writes for the lock
    /// read (then a lock with the same notes need not be rendered to know its bytes are the same).
    pub fn parse_checked(text: &str) -> Result<(Lock, bool), LockError> {
        // A lock as qa-convert writes it is read by hand; any other text by `serde_json`.
        if let Some(lock) = text::parse_rendered(text) {
            return Ok((lock, true));
        }
        let json: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let file: File = serde_json::from_str(&json)?;
        if file.version != VERSION {
            return Err(LockError::Version(file.version));
        }
        Ok((
            Lock {
                entries: file.notes,
            },
            false,
        ))
    }

    /// The file's text: a header, then one note per line, so that a changed note is one changed
    /// line in a diff.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        self.render_into(&mut out);
        // The header is text and every string is written as UTF-8.
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`Lock::render`] appended to `out`: the notes as `serde_json` writes them, one a line.
    pub fn render_into(&self, out: &mut Vec<u8>) {
        text::render_into(self, out);
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
    /// [`ids::guid_bits`] of the first phrasing, occurrence 0: a new note's GUID, most often.
    guid: u64,
}

/// What identity needs of one question, whatever note it ends up in.
#[derive(Debug, Default)]
struct Phrasing {
    /// The question, normalised as [`ids::normalise_question`] does.
    text: String,
    /// [`answer_hash`] of its answer, and the answer's plain-text length.
    answer: String,
    answer_len: usize,
    /// The [`content_hash`] of a note of this question alone (most notes are), made with the rest
    /// so that it can be made while the questions are merged.
    alone: String,
    /// [`ids::guid_bits`] of `text`, occurrence 0, made alike: the GUID of a new note showing it.
    guid: u64,
}

/// What identity needs of every question of a run, by document and question: it depends on the
/// questions alone, not on how they are merged, so it can be made while they are.
#[derive(Debug, Default)]
pub struct Phrasings {
    documents: Vec<Vec<Phrasing>>,
}

impl Phrasings {
    /// Normalises every question and hashes every answer, once.
    pub fn of(documents: &[Document]) -> Phrasings {
        Phrasings {
            documents: documents
                .iter()
                .map(|d| d.questions.iter().map(Phrasing::of).collect())
                .collect(),
        }
    }

    /// The question's phrasing, moved out: each question is in one note. Made anew for a question
    /// asked for twice, or one these do not hold.
    fn take(&mut self, corpus: &Corpus, at: QuestionRef) -> Phrasing {
        match self
            .documents
            .get_mut(at.doc)
            .and_then(|d| d.get_mut(at.question))
        {
            // An answer hash is never empty: an empty one was taken already.
            Some(p) if !p.answer.is_empty() => std::mem::take(p),
            _ => Phrasing::of(corpus.question(at)),
        }
    }
}

impl Phrasing {
    fn of(question: &Question) -> Phrasing {
        let (answer, answer_len) = answer_hash(question);
        let shown = question.question.as_str();
        let text = ids::normalise_question(shown);
        Phrasing {
            guid: ids::guid_bits(&text, 0),
            text,
            alone: content_hash(shown, std::iter::once((shown, &answer))),
            answer,
            answer_len,
        }
    }
}

/// The identities of the corpus's notes (one per cluster, in cluster order) and the lock to save
/// after the deck is written.
pub fn resolve(corpus: &Corpus, previous: &Lock, run: &Run) -> (Vec<Identity>, Lock) {
    resolve_phrased(corpus, Phrasings::of(&corpus.documents), previous, run)
}

/// [`resolve`], with the corpus's [`Phrasings`] made already.
pub fn resolve_phrased(
    corpus: &Corpus,
    phrasings: Phrasings,
    previous: &Lock,
    run: &Run,
) -> (Vec<Identity>, Lock) {
    let (identities, next, _) = resolve_with(corpus, phrasings, previous, run, Search::Indexed);
    (identities, next)
}

/// How step 3 of [`resolve_with`] finds the lock's phrasings a question may be a rewording of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    /// Only the phrasings [`RewordIndex`] can show to be near: time grows with the questions and
    /// the lock, not with their product.
    Indexed,
    /// Every phrasing of every entry the note may own: the rule as written, to test against.
    #[cfg(test)]
    Exhaustive,
}

/// [`resolve`], with the number of (question, lock phrasing) pairs step 3 looked at.
fn resolve_with(
    corpus: &Corpus,
    mut phrasings: Phrasings,
    previous: &Lock,
    run: &Run,
    search: Search,
) -> (Vec<Identity>, Lock, usize) {
    let keys: Vec<Key> = corpus
        .clusters
        .iter()
        .map(|c| key(corpus, c, &mut phrasings, run))
        .collect();
    drop(phrasings);
    let entries = &previous.entries;
    let read: FastSet<&str> = run.articles.iter().map(String::as_str).collect();
    // An entry belongs to the notes of its own articles, or to anyone once its articles are gone.
    // Each article is looked up once, however many notes name it.
    let mut article_gone: FastMap<&str, bool> = FastMap::default();
    let gone: Vec<bool> = entries
        .iter()
        .map(|e| {
            e.articles.iter().all(|a| {
                *article_gone
                    .entry(a.as_str())
                    .or_insert_with(|| !read.contains(a.as_str()) && !(run.exists)(a))
            })
        })
        .collect();
    let ownable =
        |k: &Key, e: usize| gone[e] || entries[e].articles.iter().any(|a| k.articles.contains(a));

    let mut matched: Vec<Option<usize>> = vec![None; keys.len()];
    let mut taken = vec![false; entries.len()];
    let mut by_question = Untaken::with_capacity(entries.len());
    let mut by_phrasing = Untaken::with_capacity(entries.iter().map(|e| e.phrasings.len()).sum());
    for (i, e) in entries.iter().enumerate() {
        // Another article's note, which no note of this run may own, is never looked for.
        if !gone[i] && !e.articles.iter().any(|a| read.contains(a.as_str())) {
            continue;
        }
        by_question.push(&e.question, i);
        for (p, _) in &e.phrasings {
            by_phrasing.push(p, i);
        }
    }
    // 1. The question the card showed is still a phrasing's first occurrence.
    for (k, slot) in keys.iter().zip(&mut matched) {
        let found = by_question.first(&k.phrasings[0], &taken, |e| ownable(k, e));
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
        let found = k
            .phrasings
            .iter()
            .find_map(|p| by_phrasing.first(p, &taken, |e| ownable(k, e)));
        if let Some(e) = found {
            taken[e] = true;
            *slot = Some(e);
        }
    }
    // 3. A reworded or typo-fixed phrasing of a note none of whose phrasings is left: the nearest
    // one (fewest characters edited, then the first entry), notes in cluster order.
    let index = match search {
        Search::Indexed => Some(RewordIndex::new(entries, &gone, &taken, &read)),
        #[cfg(test)]
        Search::Exhaustive => None,
    };
    // No entry left that a note of this run may own (a first deck, a lock of other articles, every
    // note found): no question is a rewording of anything, and none need look.
    let none_free = index.as_ref().is_some_and(RewordIndex::is_empty);
    let answer_counts = if none_free {
        FastMap::default()
    } else {
        count_answers(&keys)
    };
    let mut compared = 0;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut offsets = Vec::new();
    for (k, slot) in keys.iter().zip(&mut matched) {
        if slot.is_some() || none_free {
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        for (m, p) in k.phrasings.iter().enumerate() {
            let evidence = k.answer_lens[m] >= MIN_EVIDENCE_ANSWER
                && answer_counts.get(k.answers[m].as_str()) == Some(&1);
            pairs.clear();
            match &index {
                Some(index) => index.near(
                    k,
                    p,
                    evidence.then_some(k.answers[m].as_str()),
                    &mut offsets,
                    &mut pairs,
                ),
                None => pairs.extend(
                    entries
                        .iter()
                        .enumerate()
                        .flat_map(|(e, entry)| (0..entry.phrasings.len()).map(move |q| (e, q))),
                ),
            }
            compared += pairs.len();
            for &(e, q) in &pairs {
                if taken[e] || !ownable(k, e) {
                    continue;
                }
                let (old, answer) = &entries[e].phrasings[q];
                let same_answer = evidence && *answer == k.answers[m];
                if let Some(d) = reworded(p, old, same_answer)
                    && best.is_none_or(|b| (d, e) < b)
                {
                    best = Some((d, e));
                }
            }
        }
        if let Some((_, e)) = best {
            taken[e] = true;
            *slot = Some(e);
        }
    }

    drop(answer_counts);
    // The GUIDs in use: the lock's, and those given to new notes so far (by their bits, which
    // their text writes one to one).
    let old_guids: FastSet<&str> = entries.iter().map(|e| e.guid.as_str()).collect();
    let mut new_guids: FastSet<u64> =
        FastSet::with_capacity_and_hasher(keys.len(), Default::default());
    // The occurrence to try first for each question: `used` only grows, so an occurrence found
    // used stays used, and the thousandth copy of a question does not hash the 999 before it.
    let mut next_occurrence: FastMap<String, usize> = FastMap::default();
    let mut identities = Vec::with_capacity(keys.len());
    let mut next = Vec::with_capacity(keys.len() + entries.len());
    // The keys are done with: their strings move into the next lock instead of being copied.
    for (k, slot) in keys.into_iter().zip(&matched) {
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
                let normalised = k.phrasings[0].as_str();
                let from = next_occurrence.get(normalised).copied().unwrap_or(0);
                let (n, bits, guid) = (from..)
                    .map(|n| {
                        let bits = if n == 0 {
                            k.guid
                        } else {
                            ids::guid_bits(normalised, n)
                        };
                        (n, bits, ids::base91(bits))
                    })
                    .find(|(_, bits, g)| {
                        !new_guids.contains(bits) && !old_guids.contains(g.as_str())
                    })
                    .unwrap_or_default();
                new_guids.insert(bits);
                match next_occurrence.get_mut(normalised) {
                    Some(next) => *next = n + 1,
                    None => {
                        next_occurrence.insert(normalised.to_owned(), n + 1);
                    }
                }
                (guid, FIRST_SEEN_MOD)
            }
        };
        identities.push(Identity {
            guid: guid.clone(),
            modified,
        });
        let question = k.phrasings[0].clone();
        let mut phrasings: Vec<(String, String)> = k.phrasings.into_iter().zip(k.answers).collect();
        phrasings.sort();
        phrasings.dedup();
        next.push(Entry {
            guid,
            modified,
            content: k.content,
            articles: k.articles,
            question,
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
    (
        identities,
        Lock {
            entries: sorted(next),
        },
        compared,
    )
}

/// The entries sorted (stably) by articles, question and GUID. Their places are sorted rather
/// than the entries, which are large to move about; then each entry moves once to its place.
fn sorted(mut entries: Vec<Entry>) -> Vec<Entry> {
    // order[i]: the entry that goes to place i.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&entries[a], &entries[b]);
        (&a.articles, &a.question, &a.guid).cmp(&(&b.articles, &b.question, &b.guid))
    });
    // Each cycle of the permutation, followed from its first place; a place done points at itself.
    for start in 0..order.len() {
        let mut place = start;
        while order[place] != place {
            let from = order[place];
            order[place] = place;
            if from == start {
                break;
            }
            entries.swap(place, from);
            place = from;
        }
    }
    entries
}

/// Lock entries listed under a phrasing, in entry order, each list read from its first entry not
/// yet taken. Entries are taken for good, so a list's taken head is stepped over once rather than
/// once per question: an article repeating one question thousands of times stays linear.
#[derive(Default)]
struct Untaken<'a> {
    lists: FastMap<&'a str, (usize, Vec<usize>)>,
}

impl<'a> Untaken<'a> {
    fn with_capacity(phrasings: usize) -> Self {
        Untaken {
            lists: FastMap::with_capacity_and_hasher(phrasings, Default::default()),
        }
    }

    fn push(&mut self, phrasing: &'a str, entry: usize) {
        let (_, list) = self.lists.entry(phrasing).or_default();
        if list.last() != Some(&entry) {
            list.push(entry);
        }
    }

    /// The first entry under `phrasing` that is not taken and that `ownable` accepts.
    fn first(
        &mut self,
        phrasing: &str,
        taken: &[bool],
        ownable: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let (head, list) = self.lists.get_mut(phrasing)?;
        while list.get(*head).is_some_and(|&e| taken[e]) {
            *head += 1;
        }
        list[*head..]
            .iter()
            .copied()
            .find(|&e| !taken[e] && ownable(e))
    }
}

/// The group of entries whose articles are all gone: any note may own them.
const GONE: usize = usize::MAX;

/// Where a phrasing is in the lock: (entry, phrasing) indices.
type Place = (usize, usize);

/// A piece of a phrasing: (article number or [`GONE`], phrasing length in characters, piece,
/// piece text).
type PieceKey<'a> = (usize, usize, usize, &'a str);

/// The lock's entries still free when step 3 starts, indexed so that a question meets only the
/// phrasings [`reworded`] can accept, and only those of entries its note may own (its own
/// articles', or any whose articles are gone): a phrasing with the same answer, or, for a typo,
/// one that shares a piece with it. A phrasing at most [`TYPO_EDITS`] edits away, cut into
/// `TYPO_EDITS + 1` pieces, keeps at least one piece whole, at most `TYPO_EDITS` characters from
/// where it was; so the index holds each phrasing's pieces by its length, piece and text, and a
/// question looks up its substrings at those places for every length within reach.
struct RewordIndex<'a> {
    /// Each article read in this run that an entry names, numbered.
    articles: FastMap<&'a str, usize>,
    /// (article number or [`GONE`], answer hash) → where the phrasings with that answer are.
    by_answer: FastMap<(usize, &'a str), Vec<Place>>,
    /// A piece → where the phrasings with that piece are.
    by_piece: FastMap<PieceKey<'a>, Vec<Place>>,
}

impl<'a> RewordIndex<'a> {
    /// Indexes the entries not `taken` that a note of the articles `read` may own.
    fn new(entries: &'a [Entry], gone: &[bool], taken: &[bool], read: &FastSet<&str>) -> Self {
        let mut index = RewordIndex {
            articles: FastMap::default(),
            by_answer: FastMap::default(),
            by_piece: FastMap::default(),
        };
        let mut offsets = Vec::new();
        for (e, entry) in entries.iter().enumerate() {
            if taken[e] {
                continue;
            }
            let groups: Vec<usize> = if gone[e] {
                vec![GONE]
            } else {
                entry
                    .articles
                    .iter()
                    .filter(|a| read.contains(a.as_str()))
                    .map(|a| {
                        let next = index.articles.len();
                        *index.articles.entry(a.as_str()).or_insert(next)
                    })
                    .collect()
            };
            // Another article's note: no note of this run may take it.
            if groups.is_empty() {
                continue;
            }
            for (q, (phrasing, answer)) in entry.phrasings.iter().enumerate() {
                char_offsets(phrasing, &mut offsets);
                let len = offsets.len() - 1;
                for &g in &groups {
                    index
                        .by_answer
                        .entry((g, answer.as_str()))
                        .or_default()
                        .push((e, q));
                    if len < TYPO_MIN_LEN {
                        continue;
                    }
                    for piece in 0..=TYPO_EDITS {
                        let (start, end) = piece_bounds(len, piece);
                        let text = &phrasing[offsets[start]..offsets[end]];
                        index
                            .by_piece
                            .entry((g, len, piece, text))
                            .or_default()
                            .push((e, q));
                    }
                }
            }
        }
        index
    }

    /// Whether no entry is indexed: then no phrasing is near any other.
    fn is_empty(&self) -> bool {
        // Every phrasing indexed is listed under its answer.
        self.by_answer.is_empty()
    }

    /// Adds to `out` the (entry, phrasing) pairs that may be `phrasing` reworded for note `k`: those
    /// with `answer` (when the note's answer is evidence) and those that share a piece with it.
    /// A pair may come more than once. `offsets` is a buffer, reused from call to call.
    fn near(
        &self,
        k: &Key,
        phrasing: &str,
        answer: Option<&str>,
        offsets: &mut Vec<usize>,
        out: &mut Vec<(usize, usize)>,
    ) {
        char_offsets(phrasing, offsets);
        let n = offsets.len() - 1;
        let groups = k
            .articles
            .iter()
            .filter_map(|a| self.articles.get(a.as_str()).copied())
            .chain([GONE]);
        for g in groups {
            if let Some(list) = answer.and_then(|a| self.by_answer.get(&(g, a))) {
                out.extend_from_slice(list);
            }
            if n < TYPO_MIN_LEN {
                continue;
            }
            for len in n.saturating_sub(TYPO_EDITS).max(TYPO_MIN_LEN)..=n + TYPO_EDITS {
                for piece in 0..=TYPO_EDITS {
                    let (start, end) = piece_bounds(len, piece);
                    let first = start.saturating_sub(TYPO_EDITS);
                    for from in first..=start + TYPO_EDITS {
                        let to = from + (end - start);
                        if to > n {
                            break;
                        }
                        let text = &phrasing[offsets[from]..offsets[to]];
                        if let Some(list) = self.by_piece.get(&(g, len, piece, text)) {
                            out.extend_from_slice(list);
                        }
                    }
                }
            }
        }
    }
}

/// The byte offset of each character of `text`, then its length.
fn char_offsets(text: &str, out: &mut Vec<usize>) {
    out.clear();
    out.extend(text.char_indices().map(|(i, _)| i));
    out.push(text.len());
}

/// Where piece `piece` of a phrasing `len` characters long starts and ends, in characters.
fn piece_bounds(len: usize, piece: usize) -> (usize, usize) {
    let pieces = TYPO_EDITS + 1;
    (piece * len / pieces, (piece + 1) * len / pieces)
}

fn key(corpus: &Corpus, cluster: &Cluster, phrasings: &mut Phrasings, run: &Run) -> Key {
    let n = cluster.members.len();
    let (mut texts, mut answers, mut answer_lens) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut alone = None;
    let mut guid = None;
    for m in &cluster.members {
        let p = phrasings.take(corpus, m.at);
        guid = guid.or(Some(p.guid));
        texts.push(p.text);
        answers.push(p.answer);
        answer_lens.push(p.answer_len);
        alone = Some(p.alone);
    }
    let article = |doc: usize| run.articles.get(doc).cloned().unwrap_or_default();
    let articles: Vec<String> = match cluster.members.split_first() {
        // Most notes are of one article.
        Some((first, rest)) if rest.iter().all(|m| m.at.doc == first.at.doc) => {
            vec![article(first.at.doc)]
        }
        _ => {
            // Each document once, then each name once, in order.
            let mut docs: Vec<usize> = cluster.members.iter().map(|m| m.at.doc).collect();
            docs.sort_unstable();
            docs.dedup();
            let mut articles: Vec<String> = docs.into_iter().map(article).collect();
            articles.sort();
            articles.dedup();
            articles
        }
    };
    let change_time = cluster
        .members
        .iter()
        .filter_map(|m| run.change_times.get(m.at.doc).copied())
        .max()
        .unwrap_or(FIRST_SEEN_MOD);
    let question = |m: &ClusterMember| corpus.question(m.at).question.as_str();
    let content = match alone {
        Some(alone) if n == 1 => alone,
        _ => content_hash(
            cluster.members.first().map(question).unwrap_or_default(),
            cluster.members.iter().map(question).zip(&answers),
        ),
    };
    Key {
        phrasings: texts,
        content,
        answer_lens,
        answers,
        articles,
        change_time,
        guid: guid.unwrap_or_default(),
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
    if !question.answer.iter().all(Block::is_plain) {
        // The JSON goes straight into the hash. Blocks are strings, numbers and lists, which
        // serialise without fail.
        hasher.update(b"\x1d");
        let _ = serde_json::to_writer(HashWriter(&mut hasher), &question.answer);
    }
    (hex(&hasher.finalize()[..4]), len)
}

/// Feeds what is written to it into a SHA-1, so that text meant only for hashing is never built.
struct HashWriter<'a>(&'a mut Sha1);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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

fn count_answers(keys: &[Key]) -> FastMap<&str, usize> {
    let mut counts = FastMap::default();
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
        if a.len().min(b.len()) < TYPO_MIN_LEN || digits(&a) != digits(&b) {
            return None;
        }
        TYPO_EDITS
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
    use crate::model::{ListItem, SourcePos};

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
    fn repeated_questions_number_their_guids_in_order_and_keep_them_on_a_rerun() {
        // Questions asked again and again, each its own note (as under --no-dedupe), with an
        // earlier note's GUID already in the lock under another question: the copies take
        // occurrences 0, 1, 2, … in order, skipping the one that is used, and a rerun hands out the
        // same GUIDs.
        let n = 300;
        let questions: Vec<Question> = (0..n)
            .map(|i| question(if i % 3 == 2 { "Why Y?" } else { "What is X?" }, LONG))
            .collect();
        let groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let groups: Vec<&[usize]> = groups.iter().map(Vec::as_slice).collect();
        let c = corpus(questions, &groups);
        let taken = ids::guid_of_normalised(&ids::normalise_question("What is X?"), 5);
        let other = Lock {
            entries: vec![Entry {
                guid: taken.clone(),
                modified: FIRST_SEEN_MOD,
                content: "c".into(),
                articles: vec!["gone.txt".into()],
                question: "something else entirely".into(),
                phrasings: vec![("something else entirely".into(), "a".into())],
            }],
        };
        let exists = |a: &str| a == "gone.txt";
        let articles = ["a.txt".to_string()];
        let run = Run {
            articles: &articles,
            change_times: &[1_800_000_000],
            exists: &exists,
        };
        let (ids, lock) = resolve(&c, &other, &run);
        let x: Vec<&str> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 != 2)
            .map(|(_, id)| id.guid.as_str())
            .collect();
        let expected: Vec<String> = (0..=x.len())
            .map(|o| ids::guid_of_normalised(&ids::normalise_question("What is X?"), o))
            .filter(|g| *g != taken)
            .take(x.len())
            .collect();
        assert_eq!(x, expected);
        let y = ids::guid_of_normalised(&ids::normalise_question("Why Y?"), 99);
        assert_eq!(ids[n - 1].guid, y);
        // Identical notes are interchangeable: a rerun hands out the same GUIDs, none new.
        let (again, _) = resolve(&c, &lock, &run);
        let sorted = |ids: &[Identity]| {
            let mut guids: Vec<String> = ids.iter().map(|id| id.guid.clone()).collect();
            guids.sort();
            guids
        };
        assert_eq!(sorted(&again), sorted(&ids));
    }

    #[test]
    fn phrasings_made_aside_give_what_resolve_makes_itself() {
        // Two notes, one of two phrasings; phrasings made from the documents, none at all, or
        // a question in two clusters (taken twice): all resolve alike.
        let c = corpus(
            vec![
                question("What is X?", LONG),
                question("what  is x ?", "Short."),
                question("Why Y?", "Because."),
            ],
            &[&[0, 1], &[2]],
        );
        let (_, lock) = run_at(1, &Lock::default(), &c);
        let articles = ["a.txt".to_string()];
        let exists = |_: &str| true;
        let run = Run {
            articles: &articles,
            change_times: &[2],
            exists: &exists,
        };
        let expected = resolve(&c, &lock, &run);
        let made = resolve_phrased(&c, Phrasings::of(&c.documents), &lock, &run);
        assert_eq!(made, expected);
        assert_eq!(
            resolve_phrased(&c, Phrasings::default(), &lock, &run),
            expected
        );
        let mut twice = c.clone();
        let first = twice.clusters[0].members[0].clone();
        twice.clusters[1].members.push(first);
        let direct = resolve(&twice, &lock, &run);
        let aside = resolve_phrased(&twice, Phrasings::of(&twice.documents), &lock, &run);
        assert_eq!(aside, direct);
        // Taken twice, the question is made anew the second time, not left empty.
        let why = direct.1.entries.iter().find(|e| e.question == "why y?");
        let x = (
            "what is x?".to_string(),
            answer_hash(&c.documents[0].questions[0]).0,
        );
        assert!(why.is_some_and(|e| e.phrasings.contains(&x)), "{direct:?}");
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
    /// Several articles; `questions` are (article, question, answer); `groups` as in [`corpus`].
    fn articles_corpus(
        names: &[&str],
        questions: &[(usize, String, String)],
        groups: &[Vec<usize>],
    ) -> Corpus {
        let mut documents: Vec<Document> = names
            .iter()
            .map(|n| Document {
                file: (*n).into(),
                title: "T".into(),
                questions: Vec::new(),
                modified: None,
            })
            .collect();
        let mut at = Vec::new();
        for (doc, text, answer) in questions {
            at.push(QuestionRef {
                doc: *doc,
                question: documents[*doc].questions.len(),
            });
            documents[*doc].questions.push(question(text, answer));
        }
        let clusters = groups
            .iter()
            .map(|g| Cluster {
                members: g
                    .iter()
                    .map(|&i| ClusterMember {
                        at: at[i],
                        similarity: 1.0,
                    })
                    .collect(),
            })
            .collect();
        Corpus {
            documents,
            clusters,
        }
    }

    /// Runs [`resolve_with`] over `corpus` whose documents are `names`, with `present` existing.
    fn run_set(
        corpus: &Corpus,
        previous: &Lock,
        present: &[&str],
        search: Search,
    ) -> (Vec<Identity>, Lock, usize) {
        let articles: Vec<String> = corpus.documents.iter().map(|d| d.file.clone()).collect();
        let times = vec![7; articles.len()];
        let exists = |a: &str| present.contains(&a);
        let run = Run {
            articles: &articles,
            change_times: &times,
            exists: &exists,
        };
        resolve_with(
            corpus,
            Phrasings::of(&corpus.documents),
            previous,
            &run,
            search,
        )
    }

    #[test]
    fn other_articles_notes_are_never_looked_at() {
        // A lock holding the notes of b.txt, then a.txt read for the first time: no question of
        // a.txt may take them, so none is compared with them. Each question once alone.
        let n = 400;
        let text = |article: &str, i: usize| format!("what does {article} say about topic {i}?");
        let b: Vec<(usize, String, String)> = (0..n)
            .map(|i| (0, text("b", i), LONG.to_string()))
            .collect();
        let one_each: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let (_, lock, _) = run_set(
            &articles_corpus(&["b.txt"], &b, &one_each),
            &Lock::default(),
            &["b.txt"],
            Search::Indexed,
        );
        let a: Vec<(usize, String, String)> = (0..n)
            .map(|i| (0, text("a", i), format!("{LONG} {i}")))
            .collect();
        let c = articles_corpus(&["a.txt"], &a, &one_each);
        let present = ["a.txt", "b.txt"];
        let (fast, fast_lock, looked) = run_set(&c, &lock, &present, Search::Indexed);
        let (slow, slow_lock, all) = run_set(&c, &lock, &present, Search::Exhaustive);
        assert_eq!((fast, fast_lock), (slow, slow_lock));
        assert_eq!(looked, 0);
        assert_eq!(all, n * n);
    }

    #[test]
    fn a_rewritten_article_looks_only_at_near_phrasings() {
        // Every question of a.txt changed beyond a typo: each looks at a handful of old
        // phrasings (those sharing a piece), not at all of them.
        let n = 400;
        let old: Vec<(usize, String, String)> = (0..n)
            .map(|i| {
                (
                    0,
                    format!("how is stage {i} of the pipeline run?"),
                    LONG.into(),
                )
            })
            .collect();
        let one_each: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let (_, lock, _) = run_set(
            &articles_corpus(&["a.txt"], &old, &one_each),
            &Lock::default(),
            &["a.txt"],
            Search::Indexed,
        );
        let new: Vec<(usize, String, String)> = (0..n)
            .map(|i| {
                (
                    0,
                    format!("why would step {i} of a job be retried?"),
                    LONG.into(),
                )
            })
            .collect();
        let c = articles_corpus(&["a.txt"], &new, &one_each);
        let (fast, fast_lock, looked) = run_set(&c, &lock, &["a.txt"], Search::Indexed);
        let (slow, slow_lock, all) = run_set(&c, &lock, &["a.txt"], Search::Exhaustive);
        assert_eq!((fast, fast_lock), (slow, slow_lock));
        assert_eq!(all, n * n);
        assert!(
            looked <= 4 * n,
            "{looked} pairs looked at for {n} questions"
        );
    }

    /// A question over a two-letter alphabet (so that typos and near misses are common), edited
    /// at up to three places when it derives from an old one.
    fn phrasing(base: &str, edits: &[(usize, char)]) -> String {
        let mut chars: Vec<char> = base.chars().collect();
        for &(at, c) in edits {
            let at = at % (chars.len() + 1);
            match c {
                '-' if at < chars.len() => {
                    chars.remove(at);
                }
                '-' => {}
                c if at < chars.len() && at.is_multiple_of(2) => chars[at] = c,
                c => chars.insert(at, c),
            }
        }
        chars.into_iter().collect()
    }

    const ANSWERS: [&str; 4] = [
        LONG,
        "Short.",
        "Another answer long enough to count as evidence.",
        "Yes.",
    ];

    proptest::proptest! {
        #[test]
        fn sorting_places_sorts_the_entries_as_sorting_them_does(
            keys in proptest::collection::vec((0usize..3, 0usize..3, 0usize..3), 0..40),
        ) {
            // Few distinct keys: many ties, which must keep their order (told by `modified`).
            let entries: Vec<Entry> = keys
                .iter()
                .enumerate()
                .map(|(i, &(article, question, guid))| Entry {
                    guid: format!("g{guid}"),
                    modified: i as i64,
                    content: String::new(),
                    articles: (0..article).map(|a| format!("{a}.txt")).collect(),
                    question: format!("q{question}"),
                    phrasings: Vec::new(),
                })
                .collect();
            let mut expected = entries.clone();
            expected.sort_by(|a, b| {
                (&a.articles, &a.question, &a.guid).cmp(&(&b.articles, &b.question, &b.guid))
            });
            proptest::prop_assert_eq!(sorted(entries), expected);
        }
    }

    proptest::proptest! {
        // Near misses two edits apart at the right places are rare among random inputs.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn the_index_finds_what_comparing_every_pair_finds(
            old in proptest::collection::vec(
                ("[ab1 ]{12,19}", 0usize..4, 0usize..4), 1..14),
            new in proptest::collection::vec(
                (proptest::option::of(0usize..14),
                 proptest::collection::vec((0usize..20, proptest::sample::select(vec!['a', 'b', '1', '-'])), 0..4),
                 "[ab1 ]{12,19}", 0usize..4, 0usize..3),
                1..14),
            pair_old in proptest::bool::ANY,
            pair_new in proptest::bool::ANY,
        ) {
            // Articles a, b, c are read again; d.txt is gone, so its notes are anyone's.
            let names = ["a.txt", "b.txt", "c.txt", "d.txt"];
            let old_questions: Vec<(usize, String, String)> = old
                .iter()
                .map(|(q, answer, doc)| (*doc, q.clone(), ANSWERS[*answer].to_string()))
                .collect();
            let groups = |n: usize, pair: bool| -> Vec<Vec<usize>> {
                if pair && n >= 2 {
                    std::iter::once(vec![0, 1]).chain((2..n).map(|i| vec![i])).collect()
                } else {
                    (0..n).map(|i| vec![i]).collect()
                }
            };
            let everything = ["a.txt", "b.txt", "c.txt", "d.txt"];
            let (_, lock, _) = run_set(
                &articles_corpus(&names, &old_questions, &groups(old.len(), pair_old)),
                &Lock::default(),
                &everything,
                Search::Indexed,
            );
            let new_questions: Vec<(usize, String, String)> = new
                .iter()
                .map(|(base, edits, fresh, answer, doc)| {
                    let text = match base {
                        Some(b) if *b < old.len() => phrasing(&old[*b].0, edits),
                        _ => fresh.clone(),
                    };
                    (*doc, text, ANSWERS[*answer].to_string())
                })
                .collect();
            let c = articles_corpus(&names[..3], &new_questions, &groups(new.len(), pair_new));
            let present = ["a.txt", "b.txt", "c.txt"];
            let (fast, fast_lock, _) = run_set(&c, &lock, &present, Search::Indexed);
            let (slow, slow_lock, _) = run_set(&c, &lock, &present, Search::Exhaustive);
            proptest::prop_assert_eq!(fast, slow);
            proptest::prop_assert_eq!(fast_lock, slow_lock);
        }
    }
}
