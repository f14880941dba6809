//! Readers: turn one article's text into a [`Document`](crate::model::Document). This file holds the table of formats and
//! format detection; each format's reader lives in a module of its own.

mod blocks;
mod chrome;
mod decode;
mod html;
mod html_depth;
mod html_fragment;
mod html_text;
mod inline;
mod junk;
mod markdown;
mod outline;
mod patterns;
mod practice;
mod reading;
mod rhythm;
mod text;
mod text_practice;
mod wording;

pub use decode::{DecodeError, binary_kind, decode, normalise_line_ends};
pub use reading::{Reading, Skipped, SkippedRun, Warning};

use std::fmt;
use std::path::Path;

/// A regular expression written in the readers' source. Each is compiled by its module's tests,
/// so a bad pattern fails the tests, never a user's run.
#[allow(
    clippy::expect_used,
    reason = "a pattern literal, compiled by the tests"
)]
fn literal_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("pattern literals compile")
}

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
        read: Some(markdown::read),
    },
    Reader {
        format: Format::Html,
        extensions: &["html", "htm", "xhtml"],
        read: Some(html::read),
    },
];

/// Why a file could not be given to a reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The format is in the table but has no reader yet.
    #[error("reading {0} input is not available yet")]
    NotAvailable(Format),
    /// The content holds NUL bytes: a binary file.
    #[error("not a text file (it contains NUL bytes)")]
    Binary,
    /// Auto-detection found neither text, Markdown nor HTML (a PDF, a spreadsheet, JSON data…).
    #[error("not a text, Markdown or HTML article ({0})")]
    Unrecognised(String),
}

/// Extensions of files that are certainly not articles: auto-detection refuses them by name
/// rather than reading a spreadsheet or a deck as prose.
const NOT_ARTICLES: &[&str] = &[
    "pdf", "json", "csv", "tsv", "xml", "yaml", "yml", "toml", "apkg", "anki2", "zip", "gz",
    "docx", "doc", "odt", "xlsx", "xls", "pptx", "epub", "png", "jpg", "jpeg", "gif", "webp",
    "svg", "mp3", "mp4", "exe",
];

/// Whether a file name's extension is one that some reader claims (for directory listings).
pub fn is_supported_path(path: &Path) -> bool {
    extension_format(path).is_some()
}

fn extension(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

fn extension_format(path: &Path) -> Option<Format> {
    let ext = extension(path)?;
    READERS
        .iter()
        .find(|r| r.extensions.contains(&ext.as_str()))
        .map(|r| r.format)
}

/// Picks the format of an input: by extension, then by sniffing the content. A file that is none
/// of the supported kinds is an error that says what it looked like.
pub fn detect(path: Option<&Path>, text: &str) -> Result<Format, ReadError> {
    if let Some(format) = path.and_then(extension_format) {
        // A "page" with no markup at all is text that was saved under an HTML name; read as
        // HTML it would collapse into one paragraph.
        if format == Format::Html && !text.contains('<') {
            return Ok(Format::Text);
        }
        return Ok(format);
    }
    if let Some(ext) = path
        .and_then(extension)
        .filter(|e| NOT_ARTICLES.contains(&e.as_str()))
    {
        return Err(ReadError::Unrecognised(format!("a .{ext} file")));
    }
    sniff(text)
}

/// How much of the content sniffing looks at.
const SNIFF_BYTES: usize = 4096;

/// Guesses a format from the start of the content: HTML by its tags, Markdown by its headings,
/// fences, front matter or emphasis lines, plain text when it reads as lines of words.
fn sniff(text: &str) -> Result<Format, ReadError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.contains('\0') {
        return Err(ReadError::Binary);
    }
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let lower = head.trim_start().to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.contains("<body")
        || lower.contains("<head>")
    {
        return Ok(Format::Html);
    }
    if lower.starts_with("%pdf") || lower.starts_with("pk\u{3}\u{4}") {
        return Err(ReadError::Unrecognised("binary document data".into()));
    }
    if lower.starts_with('{') || lower.starts_with("[{") || lower.starts_with("<?xml") {
        return Err(ReadError::Unrecognised("structured data, not prose".into()));
    }
    let control = head
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if control * 20 > head.chars().count().max(1) {
        return Err(ReadError::Unrecognised("mostly control characters".into()));
    }
    if looks_like_markdown(head) {
        return Ok(Format::Markdown);
    }
    Ok(Format::Text)
}

/// Markdown shows itself in a few line shapes plain text rarely has: `# Heading`, a code fence,
/// YAML front matter, a line that is all `**bold**`.
fn looks_like_markdown(head: &str) -> bool {
    if head.starts_with("---\n") || head.starts_with("---\r\n") {
        return true;
    }
    head.lines().any(|line| {
        let line = line.trim_end();
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes) && line[hashes..].starts_with(' ')
            || line.starts_with("```")
            || (line.len() > 4 && line.starts_with("**") && line.ends_with("**"))
    })
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
        assert_eq!(detect(Some(Path::new("a.TXT")), "<html>"), Ok(Format::Text));
        assert_eq!(
            detect(Some(Path::new("a.md")), "Q1. x"),
            Ok(Format::Markdown)
        );
        assert_eq!(detect(Some(Path::new("a.htm")), "<p>"), Ok(Format::Html));
        assert_eq!(
            detect(Some(Path::new("a.html")), "Q1. What?\nYes."),
            Ok(Format::Text)
        );
    }

    #[test]
    fn content_decides_without_a_known_extension() {
        assert_eq!(detect(None, "<!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(
            detect(Some(Path::new("page")), "  <html lang=en>"),
            Ok(Format::Html)
        );
        assert_eq!(detect(None, "Q1. What is it?"), Ok(Format::Text));
        assert_eq!(
            detect(None, "Intro\n\n## 1. What is it?\n\nThis."),
            Ok(Format::Markdown)
        );
        assert_eq!(
            detect(None, "---\ntitle: X\n---\n\n**What?**\n"),
            Ok(Format::Markdown)
        );
        assert_eq!(detect(None, "#1 What is it?\nThis."), Ok(Format::Text));
    }

    #[test]
    fn files_of_no_supported_kind_are_unrecognised() {
        for (path, text) in [
            (Some("deck.pdf"), "%PDF-1.7"),
            (Some("data.json"), "{}"),
            (None, "%PDF-1.4 ..."),
            (None, "{\"a\": 1}"),
            (Some("x.bin"), "\u{1}\u{2}\u{3}\u{4}\u{5}abc"),
        ] {
            let got = detect(path.map(Path::new), text);
            assert!(
                matches!(got, Err(ReadError::Unrecognised(_))),
                "{path:?}: {got:?}"
            );
        }
        assert_eq!(detect(None, "a\0b"), Err(ReadError::Binary));
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
