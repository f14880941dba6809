//! Readers: turn one article's text into a [`Document`]. This file holds the table of formats and
//! format detection; each format's reader lives in a module of its own.

mod blocks;
mod junk;
pub mod patterns;
mod text;

use std::fmt;
use std::path::Path;

use crate::model::Document;

/// An input format that a reader exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, such as an article scraped from a web page.
    Text,
    /// Markdown.
    Markdown,
    /// An HTML page.
    Html,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        })
    }
}

/// One reader: a format, the file extensions that name it, and the function that reads it.
/// `read` is `None` while the format has no reader yet.
struct Reader {
    format: Format,
    extensions: &'static [&'static str],
    read: Option<fn(&str, &str) -> Reading>,
}

/// Every format, in the order auto-detection tries their extensions.
const READERS: &[Reader] = &[
    Reader {
        format: Format::Text,
        extensions: &["txt", "text"],
        read: Some(text::read),
    },
    Reader {
        format: Format::Markdown,
        extensions: &["md", "markdown", "mdown", "mkd"],
        read: None,
    },
    Reader {
        format: Format::Html,
        extensions: &["html", "htm", "xhtml"],
        read: None,
    },
];

/// What a reader gives back: the document (possibly without questions) and every line it left out.
/// Readers never fail; the caller decides whether an empty document is an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub document: Document,
    pub skipped: Vec<Skipped>,
}

/// A line of the input left out of every question and answer, with the rule that dropped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line number.
    pub line: usize,
    /// Why, in a few words (`image caption`, `page footer`).
    pub reason: &'static str,
}

/// Why a file could not be given to a reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("reading {0} input is not available yet")]
    NotAvailable(Format),
    #[error("not a text file (it contains NUL bytes)")]
    Binary,
}

/// Whether a file name's extension is one that some reader claims (for directory listings).
pub fn is_supported_path(path: &Path) -> bool {
    extension_format(path).is_some()
}

fn extension_format(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    READERS
        .iter()
        .find(|r| r.extensions.contains(&ext.as_str()))
        .map(|r| r.format)
}

/// Picks the format of an input: by extension, then by sniffing the content.
pub fn detect(path: Option<&Path>, text: &str) -> Format {
    if let Some(format) = path.and_then(extension_format) {
        return format;
    }
    sniff(text)
}

/// Guesses a format from the first bytes of the content. Plain text is the fallback: any text can
/// be read as text.
fn sniff(text: &str) -> Format {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = head
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        Format::Html
    } else {
        Format::Text
    }
}

/// Reads `text` (the content of `file`) as `format`.
pub fn read(text: &str, file: &str, format: Format) -> Result<Reading, ReadError> {
    if text.contains('\0') {
        return Err(ReadError::Binary);
    }
    let reader = READERS
        .iter()
        .find(|r| r.format == format)
        .and_then(|r| r.read)
        .ok_or(ReadError::NotAvailable(format))?;
    Ok(reader(text, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_before_content() {
        assert_eq!(detect(Some(Path::new("a.TXT")), "<html>"), Format::Text);
        assert_eq!(detect(Some(Path::new("a.md")), "Q1. x"), Format::Markdown);
        assert_eq!(detect(Some(Path::new("a.htm")), ""), Format::Html);
    }

    #[test]
    fn content_decides_without_a_known_extension() {
        assert_eq!(detect(None, "<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            detect(Some(Path::new("page")), "  <html lang=en>"),
            Format::Html
        );
        assert_eq!(detect(None, "Q1. What is it?"), Format::Text);
    }

    #[test]
    fn binary_input_is_refused() {
        assert_eq!(read("a\0b", "f", Format::Text), Err(ReadError::Binary));
    }

    #[test]
    fn supported_paths_follow_the_table() {
        assert!(is_supported_path(Path::new("x/a.txt")));
        assert!(is_supported_path(Path::new("x/a.html")));
        assert!(!is_supported_path(Path::new("x/a.pdf")));
        assert!(!is_supported_path(Path::new("x/README")));
    }
}
