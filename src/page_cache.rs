//! The fetched pages of a study set, kept in `.cache/` beside its file: a rebuild reads the saved
//! page instead of the network, so it works offline and gives the same bytes until `--refresh`
//! fetches every page again. One file per address, named after it and a hash of it
//! (`example-org-mlops-questions-1a2b3c4d.html`), its extension the page's kind.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha1::{Digest, Sha1};

use crate::error::UsageError;
use crate::fetch::{self, FetchOptions, Page, PageKind};

/// Longest readable part of a cache file's name, in characters.
const MAX_NAME: usize = 60;

/// A page as the cache gave it.
pub struct Cached {
    /// The page.
    pub page: Page,
    /// The saved file's modification time: when the page was fetched, the article's change time.
    pub modified: Option<SystemTime>,
    /// The cache file, and whether the page was read from it (else fetched and saved there).
    pub file: PathBuf,
    pub hit: bool,
}

/// The page at `url`: from the cache in `dir` when it is there and `refresh` is off, else fetched
/// and saved there.
pub fn load(
    url: &str,
    dir: &Path,
    refresh: bool,
    options: &FetchOptions,
) -> Result<Cached, UsageError> {
    let stem = file_stem(url);
    if !refresh {
        for kind in [PageKind::Html, PageKind::Markdown, PageKind::Text] {
            let path = dir.join(format!("{stem}.{}", extension(kind)));
            if let Ok(bytes) = fs::read(&path) {
                return Ok(Cached {
                    page: Page { bytes, kind },
                    modified: modified(&path),
                    file: path,
                    hit: true,
                });
            }
        }
    }
    let page = fetch::fetch(url, options)?;
    let path = dir.join(format!("{stem}.{}", extension(page.kind)));
    let saved = fs::create_dir_all(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            crate::write::write_atomically(&path, &page.bytes).map_err(|e| e.to_string())
        });
    if let Err(e) = saved {
        return Err(UsageError::new(format!(
            "{url}: cannot keep the page in {}: {e}",
            dir.display()
        ))
        .hint("the study set keeps fetched pages in .cache/ beside its file; make that folder writable"));
    }
    Ok(Cached {
        page,
        modified: modified(&path),
        file: path,
        hit: false,
    })
}

fn modified(path: &PathBuf) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn extension(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Html => "html",
        PageKind::Markdown => "md",
        PageKind::Text => "txt",
    }
}

/// A cache file's name for `url`: its host and path in lowercase words, then 8 hex digits of its
/// SHA-1 so that two addresses never share a file.
fn file_stem(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let mut name = String::new();
    for word in rest.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() || name.len() + word.len() >= MAX_NAME {
            continue;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&word.to_ascii_lowercase());
    }
    let hash = Sha1::digest(url.as_bytes());
    let hex: String = hash[..4].iter().map(|b| format!("{b:02x}")).collect();
    if name.is_empty() {
        hex
    } else {
        format!("{name}-{hex}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_names_are_readable_and_distinct() {
        let a = file_stem("https://example.org/blog/mlops-questions");
        assert!(a.starts_with("example-org-blog-mlops-questions-"), "{a}");
        assert_ne!(
            a,
            file_stem("https://example.org/blog/mlops-questions?page=2")
        );
        assert_eq!(a, file_stem("https://example.org/blog/mlops-questions"));
    }

    #[test]
    fn a_cached_page_is_read_without_the_network() {
        let dir = tempfile::tempdir().unwrap();
        // No server listens on this address: only the cache can answer.
        let url = "http://127.0.0.1:9/questions";
        let path = dir.path().join(format!("{}.html", file_stem(url)));
        fs::write(&path, "<h2>Q1. What?</h2><p>This.</p>").unwrap();
        let cached = load(url, dir.path(), false, &FetchOptions::default()).unwrap();
        assert!(cached.hit);
        assert_eq!(cached.page.kind, PageKind::Html);
        assert!(cached.page.bytes.starts_with(b"<h2>"));
    }
}
