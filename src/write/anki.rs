//! The Anki writer: the notes of `write::notes` as an `.apkg` package, a zip holding
//! `collection.anki2` (an SQLite database in Anki's schema 11, the legacy layout every Anki client
//! imports) and `media` (`{}`; AnkiDroid refuses packages without it).
//!
//! Built for speed and reproducibility: the database file's pages are written directly
//! (`storage::sqlite`), and the collection is deflated at a fast level (`storage::zip`, a fixed
//! 1980-01-01 timestamp; README "Design choices" has the measurements). No wall-clock time enters
//! the package: the same deck gives the same bytes.

use std::borrow::Borrow;

use serde_json::json;

use crate::model::Corpus;
use crate::storage::sqlite::{Database, SqliteError, Value};
use crate::storage::zip::{Deflation, StoredZip, ZipError};
use crate::write::notes::{self, Deck, DeckOptions, Note, deck_header, deck_name, style};
use crate::write::{Options, WriteError, Written};

/// Why a package could not be built. Each is a bug or an exhausted machine, never bad input.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The collection's database pages.
    #[error("building the Anki collection: {0}")]
    Sqlite(#[from] SqliteError),
    /// The zip around it.
    #[error("zipping the Anki package: {0}")]
    Zip(#[from] ZipError),
}

/// The package's entry holding the collection.
const COLLECTION_ENTRY: &str = "collection.anki2";

/// Deflate level of the collection: 1, the fastest, already shrinks the sample's deck from 197 KB
/// to a fraction, and higher levels cost far more time than the few kilobytes they save.
const DEFLATE_LEVEL: u32 = 1;

/// Creation time of the collection and mtime of its fixed parts (2025-11-29), never the clock.
const COLLECTION_TIME: i64 = style::NOTETYPE_MOD;

/// 8 KiB pages hold five typical notes where 4 KiB pages hold two: a smaller file, fewer pages
/// (measured with SQLite's own inserts: 13.2 MB instead of 15.0 MB for the 10,000-note bench).
const PAGE_SIZE: usize = 8192;

/// Anki's schema 11 tables, as `sqlite_schema` records them (and as genanki creates them).
const TABLES: [(&str, &str); 5] = [
    (
        "col",
        "CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null)",
    ),
    (
        "notes",
        "CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null)",
    ),
    (
        "cards",
        "CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null)",
    ),
    (
        "revlog",
        "CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null)",
    ),
    (
        "graves",
        "CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null)",
    ),
];

/// Anki's indexes: name, table, statement.
const INDEXES: [(&str, &str, &str); 7] = [
    (
        "ix_notes_usn",
        "notes",
        "CREATE INDEX ix_notes_usn on notes (usn)",
    ),
    (
        "ix_cards_usn",
        "cards",
        "CREATE INDEX ix_cards_usn on cards (usn)",
    ),
    (
        "ix_revlog_usn",
        "revlog",
        "CREATE INDEX ix_revlog_usn on revlog (usn)",
    ),
    (
        "ix_cards_nid",
        "cards",
        "CREATE INDEX ix_cards_nid on cards (nid)",
    ),
    (
        "ix_cards_sched",
        "cards",
        "CREATE INDEX ix_cards_sched on cards (did, queue, due)",
    ),
    (
        "ix_revlog_cid",
        "revlog",
        "CREATE INDEX ix_revlog_cid on revlog (cid)",
    ),
    (
        "ix_notes_csum",
        "notes",
        "CREATE INDEX ix_notes_csum on notes (csum)",
    ),
];

/// The deck as a row of the table of formats writes it: the package, and how many notes went into
/// which deck.
pub fn write(corpus: &Corpus, options: &Options) -> Result<Written, WriteError> {
    let bytes = render(corpus, &options.deck)?;
    let mut summary = format!(
        "{} notes, deck \"{}\"",
        corpus.clusters.len(),
        deck_name(options.deck.name.as_deref(), &corpus.documents)
    );
    let sub_decks = deck_header(corpus, &options.deck).decks.len() - 1;
    if sub_decks > 0 {
        let plural = if sub_decks == 1 { "" } else { "s" };
        summary.push_str(&format!(", {sub_decks} article sub-deck{plural}"));
    }
    Ok(Written {
        bytes,
        summary,
        ..Written::default()
    })
}

/// Notes handed over at a time from the thread that renders them to the one that stores them:
/// enough that the hand-over costs little per note, few enough that both threads start at once.
const NOTE_BATCH: usize = 128;

/// Batches on their way at most: the renderer runs ahead of the page writer by this much.
const BATCHES_IN_FLIGHT: usize = 4;

/// Decks of fewer notes are rendered on the writing thread: starting a thread would cost more
/// than the overlap saves.
const RENDER_THREAD_FROM: usize = 1_000;

/// Renders the corpus as `.apkg` bytes: the notes are rendered a batch at a time as the package
/// stores them, so the whole deck is never held twice; the bytes are those of
/// `write_deck(&notes::deck(corpus, options))`.
///
/// A large deck's notes are rendered on a second thread, in order, while this one writes the
/// database pages; the batches stored come back to that thread to be freed there (README "Design
/// choices" has the measurements).
pub fn render(corpus: &Corpus, options: &DeckOptions) -> Result<Vec<u8>, PackageError> {
    let header = deck_header(corpus, options);
    let notes = notes::notes(corpus, options);
    if notes.len() < RENDER_THREAD_FROM {
        return write_notes(&header, notes.map(|note| [note]));
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Note>>(BATCHES_IN_FLIGHT);
        let (back, spent) = std::sync::mpsc::sync_channel::<Vec<Note>>(BATCHES_IN_FLIGHT + 2);
        let renderer = scope.spawn(move || {
            let mut notes = notes;
            loop {
                // The batches stored so far are freed here; the last one's buffer is reused.
                let mut batch = Vec::new();
                while let Ok(stored) = spent.try_recv() {
                    batch = stored;
                }
                batch.clear();
                batch.reserve(NOTE_BATCH);
                batch.extend(notes.by_ref().take(NOTE_BATCH));
                // An empty batch is the end; a closed channel means the writer stopped early.
                if batch.is_empty() || send.send(batch).is_err() {
                    break;
                }
            }
            // Until the writer is done with them (which it knows once `send` is gone).
            drop(send);
            for stored in spent {
                drop(stored);
            }
        });
        let batches = receive
            .into_iter()
            .map(|notes| Stored { notes, back: &back });
        let package = write_notes(&header, batches);
        drop(back);
        renderer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        package
    })
}

/// A batch of notes being stored, sent back to the thread that rendered it when dropped (or
/// freed here when that thread has enough to do).
struct Stored<'a> {
    notes: Vec<Note>,
    back: &'a std::sync::mpsc::SyncSender<Vec<Note>>,
}

impl Borrow<[Note]> for Stored<'_> {
    fn borrow(&self) -> &[Note] {
        &self.notes
    }
}

impl Drop for Stored<'_> {
    fn drop(&mut self) {
        let _ = self.back.try_send(std::mem::take(&mut self.notes));
    }
}

/// Writes the deck as `.apkg` bytes.
pub fn write_deck(deck: &Deck) -> Result<Vec<u8>, PackageError> {
    write_notes(deck, [&deck.notes[..]])
}

/// Writes a package of `deck`'s name, ids and tags with these batches of notes (the deck's own
/// list is not read): what lets the notes be rendered while they are stored.
pub fn write_notes<B: Borrow<[Note]>>(
    deck: &Deck,
    batches: impl IntoIterator<Item = B>,
) -> Result<Vec<u8>, PackageError> {
    let mut deflation = Deflation::new(DEFLATE_LEVEL);
    let collection = build_collection(deck, batches, Some(&mut deflation))?;
    let mut package = StoredZip::default();
    package.add_deflation(COLLECTION_ENTRY, &collection, deflation)?;
    package.add("media", b"{}")?;
    Ok(package.finish()?)
}

/// The `collection.anki2` database file.
#[cfg(test)]
fn collection(deck: &Deck, notes: &[Note]) -> Result<Vec<u8>, PackageError> {
    build_collection(deck, [notes], None)
}

/// Sends `deflation` every piece of `file` that lies within its first `settled` bytes and is
/// followed by more: the notes' pieces are deflated while the rest is written. Piece 0 holds
/// page 1, which is written last.
fn send_settled(deflation: &mut Deflation, file: &[u8], settled: usize) {
    let piece = Deflation::PIECE;
    let mut next = deflation.next().max(1);
    while (next + 1) * piece <= settled.min(file.len() - 1) {
        deflation.send(next, &file[next * piece..(next + 1) * piece]);
        next += 1;
    }
}

/// The `collection.anki2` database file. Its pages are written
/// directly (`write::sqlite`): notes arrive in id order, cards follow the notes one to one, and
/// every index is a list of integers sorted once. With `deflation`, the pieces of the notes table
/// that are final go to it as they are written.
fn build_collection<B: Borrow<[Note]>>(
    deck: &Deck,
    batches: impl IntoIterator<Item = B>,
    mut deflation: Option<&mut Deflation>,
) -> Result<Vec<u8>, PackageError> {
    let mut db = Database::new(PAGE_SIZE, 0);
    // Note and card ids: Anki's convention is creation time in milliseconds, so the notes count up
    // from the newest note `mod`. Ids need only be unique within the package (Anki matches notes
    // by GUID and gives a clashing id a fresh one); derived from the mods, they stay reproducible.
    let base_id = deck.newest_mod.max(1) * 1000;
    let [col_sql, notes_sql, cards_sql, revlog_sql, graves_sql] = TABLES.map(|(_, sql)| sql);

    let mut mods = Vec::new();
    let mut dids = Vec::new();
    let mut by_checksum = Vec::new();
    let mut table = db.table("notes", notes_sql);
    let mut index = 0;
    for batch in batches {
        for note in batch.borrow() {
            let id = base_id + index;
            index += 1;
            let checksum = note.checksum;
            table.push(
                id,
                &[
                    Value::Null,
                    Value::Text(&note.guid),
                    Value::Int(deck.notetype_id),
                    Value::Int(note.modified),
                    Value::Int(-1),
                    Value::Text(&note.tags),
                    // U+001F separates fields in Anki's `flds`: one inside article text would shift
                    // every later field, so it becomes a space.
                    Value::Joined {
                        parts: &note.fields,
                        separator: 0x1f,
                    },
                    Value::Text(&note.sort_field),
                    Value::Int(checksum),
                    Value::Int(0),
                    Value::Text(""),
                ],
            );
            mods.push(note.modified);
            dids.push(note.deck_id);
            by_checksum.push([checksum, id]);
            if let Some(deflation) = deflation.as_deref_mut() {
                send_settled(deflation, table.file(), table.settled());
            }
        }
    }
    table.finish();
    let ids: Vec<i64> = (0..mods.len() as i64).map(|i| base_id + i).collect();

    // One new card per note, with the note's id, due in note order.
    let mut table = db.table("cards", cards_sql);
    for (due, ((&id, &modified), &did)) in (1..).zip(ids.iter().zip(&mods).zip(&dids)) {
        let mut row = [Value::Int(0); 18];
        row[0] = Value::Null;
        row[1] = Value::Int(id);
        row[2] = Value::Int(did);
        row[4] = Value::Int(modified);
        row[5] = Value::Int(-1);
        row[8] = Value::Int(due);
        row[17] = Value::Text("");
        table.push(id, &row);
    }
    table.finish();

    let (conf, models, decks, dconf) = (
        conf_json(deck, mods.len()),
        models_json(deck),
        decks_json(deck),
        dconf_json(),
    );
    let mut table = db.table("col", col_sql);
    table.push(
        1,
        &[
            Value::Null,
            Value::Int(COLLECTION_TIME),
            Value::Int(COLLECTION_TIME * 1000),
            Value::Int(COLLECTION_TIME * 1000),
            Value::Int(11),
            Value::Int(0),
            Value::Int(0),
            Value::Int(0),
            Value::Text(&conf),
            Value::Text(&models),
            Value::Text(&decks),
            Value::Text(&dconf),
            Value::Text("{}"),
        ],
    );
    table.finish();
    db.table("revlog", revlog_sql).finish();
    db.table("graves", graves_sql).finish();

    // Index entries: the indexed columns, then the rowid. Only the checksums need sorting.
    by_checksum.sort_unstable();
    let by_usn: Vec<[i64; 2]> = ids.iter().map(|&id| [-1, id]).collect();
    let by_note: Vec<[i64; 2]> = ids.iter().map(|&id| [id, id]).collect();
    let mut by_schedule: Vec<[i64; 4]> = (1..)
        .zip(ids.iter().zip(&dids))
        .map(|(due, (&id, &did))| [did, 0, due, id])
        .collect();
    // One deck's entries are already in order; several article sub-decks need sorting.
    if dids.windows(2).any(|w| w[0] != w[1]) {
        by_schedule.sort_unstable();
    }
    let [
        notes_usn,
        cards_usn,
        revlog_usn,
        cards_nid,
        cards_sched,
        revlog_cid,
        notes_csum,
    ] = INDEXES;
    db.index(notes_usn.0, notes_usn.1, notes_usn.2, &by_usn)?;
    db.index(cards_usn.0, cards_usn.1, cards_usn.2, &by_usn)?;
    db.index::<2>(revlog_usn.0, revlog_usn.1, revlog_usn.2, &[])?;
    db.index(cards_nid.0, cards_nid.1, cards_nid.2, &by_note)?;
    db.index(cards_sched.0, cards_sched.1, cards_sched.2, &by_schedule)?;
    db.index::<2>(revlog_cid.0, revlog_cid.1, revlog_cid.2, &[])?;
    db.index(notes_csum.0, notes_csum.1, notes_csum.2, &by_checksum)?;
    Ok(db.finish()?)
}

/// The collection's settings; `notes` is how many notes (and so new cards) it holds.
fn conf_json(deck: &Deck, notes: usize) -> String {
    json!({
        "activeDecks": [1],
        "addToCur": true,
        "collapseTime": 1200,
        "curDeck": deck.id,
        "curModel": deck.notetype_id.to_string(),
        "dueCounts": true,
        "estTimes": true,
        "newBury": true,
        "newSpread": 0,
        "nextPos": notes + 1,
        "sortBackwards": false,
        "sortType": "noteFld",
        "timeLim": 0
    })
    .to_string()
}

fn models_json(deck: &Deck) -> String {
    let fields: Vec<_> = style::FIELDS
        .iter()
        .enumerate()
        .map(|(ord, name)| {
            json!({"name": name, "ord": ord, "font": "Arial", "media": [], "rtl": false,
                   "size": 20, "sticky": false})
        })
        .collect();
    let id = deck.notetype_id.to_string();
    json!({
        id.clone(): {
            "id": deck.notetype_id,
            "name": style::NOTETYPE_NAME,
            "type": 0,
            "mod": style::NOTETYPE_MOD,
            "usn": -1,
            "sortf": 0,
            "did": deck.id,
            "tmpls": [{
                "name": "Question → Answer",
                "ord": 0,
                "qfmt": style::FRONT,
                "afmt": style::BACK,
                "bqfmt": "",
                "bafmt": "",
                "did": null,
                "bfont": "",
                "bsize": 0
            }],
            "flds": fields,
            "css": style::CSS,
            "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
            "latexPost": "\\end{document}",
            "latexsvg": false,
            "req": [[0, "any", [0]]],
            "tags": [],
            "vers": []
        }
    })
    .to_string()
}

fn deck_entry(id: i64, name: &str, description: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": name,
        "mod": COLLECTION_TIME,
        "usn": -1,
        "conf": 1,
        "desc": description,
        "dyn": 0,
        "collapsed": false,
        "extendNew": 0,
        "extendRev": 0,
        "newToday": [0, 0],
        "revToday": [0, 0],
        "lrnToday": [0, 0],
        "timeToday": [0, 0]
    })
}

fn decks_json(deck: &Deck) -> String {
    let mut decks = serde_json::Map::new();
    decks.insert("1".into(), deck_entry(1, "Default", ""));
    if deck.decks.is_empty() {
        decks.insert(deck.id.to_string(), deck_entry(deck.id, &deck.name, ""));
    }
    // The deck itself, then the article sub-decks when there are several articles.
    for entry in &deck.decks {
        decks.insert(
            entry.id.to_string(),
            deck_entry(entry.id, &entry.name, &entry.description),
        );
    }
    serde_json::Value::Object(decks).to_string()
}

fn dconf_json() -> String {
    json!({
        "1": {
            "id": 1,
            "name": "Default",
            "mod": 0,
            "usn": 0,
            "maxTaken": 60,
            "autoplay": true,
            "timer": 0,
            "replayq": true,
            "dyn": false,
            "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500,
                    "ints": [1, 4, 0], "order": 1, "perDay": 20, "separate": true},
            "rev": {"bury": false, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1.0,
                    "maxIvl": 36500, "minSpace": 1, "perDay": 200},
            "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1,
                      "mult": 0.0}
        }
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::sqlite::tests::open;
    use crate::write::notes::ids;
    use rusqlite::Connection;
    use rusqlite::types::Value as Sql;

    fn note(question: &str, answer: &str, modified: i64) -> Note {
        Note {
            guid: ids::note_guid(question, 0),
            fields: [
                question.into(),
                answer.into(),
                String::new(),
                "a.txt:1".into(),
            ],
            sort_field: question.into(),
            checksum: ids::field_checksum(question),
            modified,
            deck_id: ids::named_id("deck", "Interviews::MLOps"),
            tags: " mlops ".into(),
        }
    }

    fn sample_deck() -> Deck {
        Deck {
            name: "Interviews::MLOps".into(),
            id: ids::named_id("deck", "Interviews::MLOps"),
            notetype_id: ids::named_id("notetype", style::NOTETYPE_NAME),
            tags: " mlops ".into(),
            decks: Vec::new(),
            newest_mod: 1_700_000_000,
            notes: vec![note("What is X?", "<p>A thing.</p>", 1_700_000_000)],
        }
    }

    fn rows(db: &Connection, sql: &str) -> Vec<Vec<Sql>> {
        let mut statement = db.prepare(sql).unwrap();
        let columns = statement.column_count();
        statement
            .query_map([], |r| (0..columns).map(|i| r.get::<_, Sql>(i)).collect())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The collection as SQLite itself builds it from the same statements and rows: what the
    /// page writer must match.
    fn built_by_sqlite(deck: &Deck) -> Connection {
        let db = Connection::open_in_memory().unwrap();
        for (_, sql) in TABLES {
            db.execute(sql, []).unwrap();
        }
        for (_, _, sql) in INDEXES {
            db.execute(sql, []).unwrap();
        }
        let base_id = deck.newest_mod.max(1) * 1000;
        for (i, note) in deck.notes.iter().enumerate() {
            let fields = note
                .fields
                .each_ref()
                .map(|f| f.replace('\x1f', " "))
                .join("\x1f");
            db.execute(
                "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')",
                rusqlite::params![
                    base_id + i as i64,
                    note.guid,
                    deck.notetype_id,
                    note.modified,
                    note.tags,
                    fields,
                    note.sort_field,
                    ids::field_checksum(&note.sort_field),
                ],
            )
            .unwrap();
            db.execute(
                "INSERT INTO cards SELECT id, id, ?1, 0, mod, -1, 0, 0, id - ?2 + 1, \
                 0, 0, 0, 0, 0, 0, 0, 0, '' FROM notes WHERE id = ?3",
                rusqlite::params![note.deck_id, base_id, base_id + i as i64],
            )
            .unwrap();
        }
        db.execute(
            "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
            rusqlite::params![
                COLLECTION_TIME,
                COLLECTION_TIME * 1000,
                conf_json(deck, deck.notes.len()),
                models_json(deck),
                decks_json(deck),
                dconf_json(),
            ],
        )
        .unwrap();
        db
    }

    #[test]
    fn package_is_a_zip_with_collection_and_media_and_same_bytes_twice() {
        let deck = sample_deck();
        let bytes = write_deck(&deck).unwrap();
        assert_eq!(bytes, write_deck(&deck).unwrap());
        let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
        assert_eq!(names, vec!["collection.anki2", "media"]);
        let mut media = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("media").unwrap(), &mut media).unwrap();
        assert_eq!(media, "{}");
        let collection = zip.by_name("collection.anki2").unwrap();
        assert_eq!(collection.compression(), ::zip::CompressionMethod::Deflated);
    }

    #[test]
    fn collection_holds_one_note_and_card_in_schema_11() {
        let deck = sample_deck();
        let (_dir, db) = open(&collection(&deck, &deck.notes).unwrap());
        let ver: i64 = db
            .query_row("SELECT ver FROM col", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ver, 11);
        let (guid, flds, tags, csum): (String, String, String, i64) = db
            .query_row("SELECT guid, flds, tags, csum FROM notes", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
        assert_eq!(guid, deck.notes[0].guid);
        assert_eq!(flds, "What is X?\x1f<p>A thing.</p>\x1f\x1fa.txt:1");
        assert_eq!(tags, " mlops ");
        assert_eq!(csum, ids::field_checksum("What is X?"));
        let did: i64 = db
            .query_row("SELECT did FROM cards", [], |r| r.get(0))
            .unwrap();
        assert_eq!(did, deck.id);
    }

    #[test]
    fn a_field_separator_in_article_text_never_splits_a_field() {
        let mut deck = sample_deck();
        deck.notes[0].fields[1] = "<p>a\x1fb</p>".into();
        let (_dir, db) = open(&collection(&deck, &deck.notes).unwrap());
        let flds: String = db
            .query_row("SELECT flds FROM notes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(flds.split('\x1f').count(), 4);
        assert!(flds.contains("<p>a b</p>"));
    }

    #[test]
    fn written_pages_hold_what_sqlite_itself_would_store() {
        // Many notes (several leaves and an interior level), an answer longer than a page
        // (overflow pages), text beyond ASCII, a field separator in article text.
        let mut deck = sample_deck();
        deck.notes = (0..3_000)
            .map(|i| {
                let answer = match i {
                    7 => format!("<pre><code>{}</code></pre>", "λ x → y\n".repeat(3_000)),
                    8 => "<p>a\x1fb</p>".to_string(),
                    _ => format!("<p>Answer {i}: naïve café, “quoted”.</p>"),
                };
                let mut note = note(&format!("Question {i}?"), &answer, 1_700_000_000 - i);
                // Article sub-decks interleave: the schedule index must still be sorted.
                if i % 3 == 1 {
                    note.deck_id = ids::named_id("deck", "Interviews::MLOps::Other article");
                    note.tags = " mlops other-article ".into();
                }
                note
            })
            .collect();
        let (_dir, ours) = open(&collection(&deck, &deck.notes).unwrap());
        let theirs = built_by_sqlite(&deck);
        assert_eq!(
            rows(&ours, "PRAGMA integrity_check"),
            [[Sql::Text("ok".into())]]
        );
        for query in [
            "SELECT * FROM col",
            "SELECT * FROM notes ORDER BY id",
            "SELECT * FROM cards ORDER BY id",
            "SELECT * FROM revlog",
            "SELECT * FROM graves",
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
            "SELECT id FROM notes INDEXED BY ix_notes_csum ORDER BY csum, id",
            "SELECT id FROM cards INDEXED BY ix_cards_sched WHERE did > 0 ORDER BY did, queue, due",
        ] {
            assert_eq!(rows(&ours, query), rows(&theirs, query), "{query}");
        }
        assert_eq!(
            rows(&ours, "SELECT count(*) FROM notes")[0][0],
            Sql::Integer(3_000)
        );
    }

    #[test]
    fn a_collection_deflated_as_it_is_written_gives_the_bytes_deflated_at_the_end() {
        // Long answers: a collection of several deflate pieces, the middle ones sent early.
        let mut deck = sample_deck();
        deck.notes = (0..2_500)
            .map(|i| {
                let answer = format!("<p>Answer {i}: {}</p>", "words of an answer ".repeat(150));
                note(&format!("Question {i}?"), &answer, 1_700_000_000)
            })
            .collect();
        let collection = collection(&deck, &deck.notes).unwrap();
        assert!(collection.len() > 3 * Deflation::PIECE);
        // The pieces of the notes table past piece 0 went early.
        let mut deflation = Deflation::new(DEFLATE_LEVEL);
        build_collection(&deck, [&deck.notes[..]], Some(&mut deflation)).unwrap();
        assert!(deflation.next() >= 3, "sent up to {}", deflation.next());
        let mut package = StoredZip::default();
        package
            .add_deflated(COLLECTION_ENTRY, &collection, DEFLATE_LEVEL)
            .unwrap();
        package.add("media", b"{}").unwrap();
        assert!(write_deck(&deck).unwrap() == package.finish().unwrap());
    }

    #[test]
    fn streamed_render_gives_the_bytes_of_the_whole_deck() {
        use crate::model::{Block, Document, Question, SourcePos};
        let question = |number: u32, text: &str| Question {
            number: Some(number),
            question: text.into(),
            answer: vec![Block::Paragraph("An answer.".into())],
            source: SourcePos {
                file: "a.txt".into(),
                line: number as usize,
            },
            section: None,
        };
        // Two notes render on the writing thread; a deck past `RENDER_THREAD_FROM` on a second
        // thread, in batches, the last one partial.
        for count in [2, RENDER_THREAD_FROM + NOTE_BATCH * 3 + 5] {
            let questions = (1..=count as u32)
                .map(|n| question(n, &format!("What is thing {n}?")))
                .collect();
            let c = Corpus::unmerged(vec![Document {
                file: "a.txt".into(),
                title: "T".into(),
                questions,
                modified: None,
            }]);
            let options = DeckOptions::default();
            let whole = write_deck(&notes::deck(&c, &options)).unwrap();
            assert_eq!(render(&c, &options).unwrap(), whole, "{count} notes");
        }
    }
}
