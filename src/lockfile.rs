//! Where the Anki lock file lives (`qa-convert.lock` in the articles' folder, or `--lock FILE`),
//! reading it before a deck is written, and the text to save in the same set of files as the deck.
//! What the lock means is `write::notes::lock`; this module only finds and reads the file.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::DeckArgs;
use crate::error::UsageError;
use crate::fetch;
use crate::inputs::Input;
use crate::model::{Corpus, Document};
use crate::write::notes::{self, DeckOptions, lock};

/// A lock read for one run, and the lock to save once the deck is written.
pub struct Session {
    path: PathBuf,
    next: lock::Lock,
    /// The lock file's text, when it was read and is not what [`lock::Lock::render`] writes for
    /// its notes (a lock written otherwise, or by hand).
    old_text: Option<String>,
    /// Whether `next` holds the very notes of the lock read (then only its bytes can tell
    /// whether the file changes).
    same_notes: bool,
    /// The lock read, done with: freed with the session (which a command leaves to its exit)
    /// rather than note by note before the deck is written.
    #[allow(dead_code, reason = "kept to be freed with the session")]
    read: lock::Lock,
}

/// A lock file to write in the same set as the deck: where, and the lock whose text goes there.
pub struct Pending<'a> {
    /// The lock file.
    pub path: &'a Path,
    lock: &'a lock::Lock,
    /// The text, when deciding that the file changes took rendering it.
    text: Option<Vec<u8>>,
}

impl Pending<'_> {
    /// The file's bytes ([`lock::Lock::render`]): the slow part, which may run on a thread of its
    /// own while the deck is written.
    pub fn text(self) -> Vec<u8> {
        self.text.unwrap_or_else(|| {
            let mut out = Vec::new();
            self.lock.render_into(&mut out);
            out
        })
    }
}

/// The lock file of a run, read, with what its notes need of each question: the part of opening
/// the lock that needs the questions but not how they are merged, so it can run while they are.
pub struct Opening {
    path: PathBuf,
    previous: Previous,
    phrasings: lock::Phrasings,
}

/// The lock file as read.
struct Previous {
    /// Its notes (none when there was no file).
    lock: lock::Lock,
    /// Whether there was a file.
    found: bool,
    /// Its text, when that is not what [`lock::Lock::render`] writes for `lock` (a lock written
    /// otherwise, or by hand): the text rendered is known from the notes.
    text: Option<String>,
}

impl Previous {
    /// The lock in `text`, the contents of the file if there is one.
    fn parse(text: Option<String>) -> Result<Previous, lock::LockError> {
        let Some(text) = text else {
            return Ok(Previous {
                lock: lock::Lock::default(),
                found: false,
                text: None,
            });
        };
        let (lock, rendered) = lock::Lock::parse_checked(&text)?;
        Ok(Previous {
            lock,
            found: true,
            text: (!rendered).then_some(text),
        })
    }
}

/// The lock file for these inputs: `--lock FILE`, else `qa-convert.lock` in the deepest folder
/// that holds every article; none for `--no-lock`, or standard input alone.
pub fn path(args: &DeckArgs, inputs: &[Input]) -> Option<PathBuf> {
    lock_path(args, inputs)
}

/// Reads and checks the lock file at `path` (none there is an empty lock), and prepares the
/// questions of `documents` for it.
pub fn read(path: PathBuf, documents: &[Document]) -> Result<Opening> {
    let old_text = match fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let previous = Previous::parse(old_text).map_err(|e| {
        UsageError::new(format!("{}: {e}", path.display())).hint(
            "restore it from version control, or pass --no-lock; deleting it starts over \
(notes keep their GUIDs, but an imported note updates only after its next change)",
        )
    })?;
    Ok(Opening {
        path,
        previous,
        phrasings: lock::Phrasings::of(documents),
    })
}

/// The notes' identities for the corpus, from the lock [`read`] for its documents, put into
/// `options`; and the session that saves the next lock.
pub fn resume(opening: Opening, corpus: &Corpus, options: &mut DeckOptions) -> Session {
    let Opening {
        path,
        previous,
        phrasings,
    } = opening;
    let folder = absolute(path.parent().unwrap_or(Path::new(".")));
    let articles: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| article_key(&folder, &d.file))
        .collect();
    let change_times: Vec<i64> = corpus
        .documents
        .iter()
        .map(|d| notes::change_time(d, options.source_date_epoch))
        .collect();
    // A web page is not a file that can go missing: its notes stay its own.
    let exists = |key: &str| fetch::is_url(key) || folder.join(key).exists();
    let run = lock::Run {
        articles: &articles,
        change_times: &change_times,
        exists: &exists,
    };
    let (identities, next) = lock::resolve_phrased(corpus, phrasings, &previous.lock, &run);
    options.identities = Some(identities);
    Session::new(path, next, previous)
}

impl Session {
    /// The session that saves `next` at `path`, where `previous` was read.
    fn new(path: PathBuf, next: lock::Lock, previous: Previous) -> Self {
        let same_notes = previous.found && next == previous.lock;
        Session {
            path,
            next,
            old_text: previous.text,
            same_notes,
            read: previous.lock,
        }
    }

    /// The lock file to write in the same set as the deck (see `run::deliver`), or `None` when the
    /// lock is unchanged and stays untouched. The lock changes when there was none, or when its
    /// notes differ from those read (its text reads back as its notes, so the old text cannot be
    /// the new one); that is known without rendering the new text, which [`Pending::text`] then
    /// makes. For the very notes of the lock read, the file is unchanged when its text was the one
    /// they render to; only for a text written otherwise are the bytes rendered here and compared.
    pub fn pending(&self) -> Option<Pending<'_>> {
        let mut text = None;
        if self.same_notes && self.old_text.is_none() {
            return None;
        }
        if let Some(old) = self.old_text.as_deref().filter(|_| self.same_notes) {
            let mut new = Vec::new();
            self.next.render_into(&mut new);
            if new == old.as_bytes() {
                return None;
            }
            text = Some(new);
        }
        Some(Pending {
            path: &self.path,
            lock: &self.next,
            text,
        })
    }
}

/// `--lock FILE`; else `qa-convert.lock` in the deepest folder that holds every article; none for
/// `--no-lock` or standard input alone.
fn lock_path(args: &DeckArgs, inputs: &[Input]) -> Option<PathBuf> {
    if args.no_lock {
        return None;
    }
    if let Some(path) = &args.lock {
        return Some(path.clone());
    }
    let mut folders = inputs
        .iter()
        .filter_map(Input::path)
        .map(|p| absolute(p.parent().unwrap_or(Path::new(""))));
    let first = folders.next()?;
    let common = folders.fold(first, |common, folder| {
        common
            .components()
            .zip(folder.components())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    Some(common.join(lock::FILE_NAME))
}

/// The path as an absolute one, `.` and `..` resolved by their names (no symlinks followed).
fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in full.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// An article's name in the lock: its path relative to the lock's folder, `/` between folders, so
/// that a fresh clone elsewhere finds the same names; an article outside that folder keeps its
/// full path; a web page is named by its address.
fn article_key(folder: &Path, file: &str) -> String {
    if file == "-" || fetch::is_url(file) {
        return file.to_string();
    }
    let path = absolute(Path::new(file));
    let relative = path.strip_prefix(folder).unwrap_or(&path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> DeckArgs {
        DeckArgs {
            deck: None,
            tags: Vec::new(),
            lock: None,
            no_lock: false,
            flat: false,
        }
    }

    #[test]
    fn the_lock_sits_in_the_folder_that_holds_every_article() {
        let inputs = [
            Input::File("articles/ml/a.txt".into()),
            Input::File("articles/b.md".into()),
        ];
        let path = lock_path(&args(), &inputs).unwrap();
        assert_eq!(path, absolute(Path::new("articles/qa-convert.lock")));
        assert_eq!(lock_path(&args(), &[Input::Stdin]), None);
        let off = DeckArgs {
            no_lock: true,
            ..args()
        };
        assert_eq!(lock_path(&off, &inputs), None);
    }

    fn entry(guid: &str) -> lock::Entry {
        lock::Entry {
            guid: guid.into(),
            modified: lock::FIRST_SEEN_MOD,
            content: "c".into(),
            articles: vec!["a.txt".into()],
            question: "what is x?".into(),
            phrasings: vec![("what is x?".into(), "0fa0".into())],
        }
    }

    /// The bytes `pending` would write for `next`, read from `old_text`.
    fn pending_bytes(next: &lock::Lock, old_text: Option<&str>) -> Option<Vec<u8>> {
        let previous = Previous::parse(old_text.map(Into::into)).unwrap();
        let session = Session::new("x.lock".into(), next.clone(), previous);
        session.pending().map(Pending::text)
    }

    #[test]
    fn the_lock_is_written_only_when_its_bytes_change() {
        let next = lock::Lock {
            entries: vec![entry("g1"), entry("g2")],
        };
        let text = next.render();
        // None yet; the same notes and bytes; other notes; the same notes written otherwise.
        assert_eq!(pending_bytes(&next, None), Some(text.clone().into_bytes()));
        assert_eq!(pending_bytes(&next, Some(&text)), None);
        // Its own text is known from the notes; text written otherwise is kept to compare.
        assert_eq!(Previous::parse(Some(text.clone())).unwrap().text, None);
        let other = lock::Lock {
            entries: vec![entry("g1")],
        };
        assert_eq!(
            pending_bytes(&next, Some(&other.render())),
            Some(text.clone().into_bytes())
        );
        let spaced = text.replace("\"notes\": [", "\"notes\":  [");
        assert_eq!(
            lock::Lock::parse(&spaced).unwrap(),
            next,
            "same notes, other bytes"
        );
        assert_eq!(pending_bytes(&next, Some(&spaced)), Some(text.into_bytes()));
        assert_eq!(
            Previous::parse(Some(spaced.clone())).unwrap().text,
            Some(spaced)
        );
    }

    #[test]
    fn article_names_are_relative_with_forward_slashes() {
        let folder = absolute(Path::new("articles"));
        assert_eq!(article_key(&folder, "articles/ml/./a.txt"), "ml/a.txt");
        assert_eq!(article_key(&folder, "-"), "-");
        assert_eq!(
            article_key(&folder, "https://example.org/q?a=1"),
            "https://example.org/q?a=1"
        );
    }
}
