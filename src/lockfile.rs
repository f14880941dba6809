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
use crate::model::Corpus;
use crate::write::notes::{self, DeckOptions, lock};

/// A lock read for one run, and the lock to save once the deck is written.
pub struct Session {
    path: PathBuf,
    next: lock::Lock,
    old_text: Option<String>,
}

/// Reads the lock for these inputs (none for `--no-lock`, or standard input alone) and puts the
/// notes' identities into `options`.
pub fn open(
    args: &DeckArgs,
    inputs: &[Input],
    corpus: &Corpus,
    options: &mut DeckOptions,
) -> Result<Option<Session>> {
    let Some(path) = lock_path(args, inputs) else {
        return Ok(None);
    };
    let old_text = match fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let previous = match &old_text {
        Some(text) => lock::Lock::parse(text).map_err(|e| {
            UsageError::new(format!("{}: {e}", path.display())).hint(
                "restore it from version control, or pass --no-lock; deleting it starts over \
(notes keep their GUIDs, but an imported note updates only after its next change)",
            )
        })?,
        None => lock::Lock::default(),
    };
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
    let (identities, next) = lock::resolve(corpus, &previous, &run);
    options.identities = Some(identities);
    Ok(Some(Session {
        path,
        next,
        old_text,
    }))
}

impl Session {
    /// The lock file and the text to write into it in the same set as the deck (see
    /// `run::deliver_with_lock`), or `None` when the lock is unchanged and stays untouched.
    pub fn pending(&self) -> Option<(PathBuf, String)> {
        let text = self.next.render();
        if self.old_text.as_deref() == Some(text.as_str()) {
            return None;
        }
        Some((self.path.clone(), text))
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
