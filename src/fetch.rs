//! Articles read straight from the web: `qa-convert anki https://…` fetches the page with a small
//! blocking HTTP client (ureq on rustls), with a time limit, a size limit and a few redirects, and
//! refuses what is not a page of text. The bytes then go through the same decoding and readers as
//! a saved file; nothing here knows the readers.

use std::time::Duration;

use crate::error::UsageError;

/// Largest page fetched, in bytes: article pages are well under a megabyte, and a page that keeps
/// coming past this is not an article.
pub const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Redirects followed before giving up (`http` → `https` → the canonical address is two).
const MAX_REDIRECTS: u32 = 5;

/// The `User-Agent` sent unless `--user-agent` says otherwise: the tool and its version, and no
/// address the project does not own.
pub const DEFAULT_USER_AGENT: &str = concat!("qa-convert/", env!("CARGO_PKG_VERSION"));

/// How to fetch pages.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The whole request, from connecting to the last byte.
    pub timeout: Duration,
    /// Sent as `User-Agent`.
    pub user_agent: String,
    /// Where a study set keeps its fetched pages (`page_cache`); `None` fetches every time.
    pub cache: Option<std::path::PathBuf>,
    /// `--refresh`: fetch pages again even when the cache holds them.
    pub refresh: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            cache: None,
            refresh: false,
        }
    }
}

/// What kind of text a page says it is, from its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `text/html`, `application/xhtml+xml`.
    Html,
    /// `text/markdown`.
    Markdown,
    /// `text/plain`, or no type given (the readers then look at the content).
    Text,
}

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The body, not yet decoded.
    pub bytes: Vec<u8>,
    /// What the server says it is.
    pub kind: PageKind,
}

/// Whether a command-line INPUT is a web address rather than a path.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Fetches `url`. Every failure is one line naming the address and what went wrong, with a hint.
pub fn fetch(url: &str, options: &FetchOptions) -> Result<Page, UsageError> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(options.user_agent.as_str())
        .http_status_as_error(false)
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| request_error(url, e, options))?;
    let status = response.status();
    if !status.is_success() {
        return Err(UsageError::new(format!(
            "{url}: the server answered HTTP {}{}",
            status.as_u16(),
            status
                .canonical_reason()
                .map(|r| format!(" {r}"))
                .unwrap_or_default()
        ))
        .hint(match status.as_u16() {
            404 | 410 => "check the address in a browser; the page may have moved",
            401 | 403 | 429 => {
                "the site refuses this request; save the page from a browser and convert the file"
            }
            _ => "try again later, or save the page from a browser and convert the file",
        }));
    }
    let mime = response
        .body()
        .mime_type()
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let kind = page_kind(&mime).ok_or_else(|| {
        UsageError::new(format!("{url}: not a web page of text ({mime})")).hint(
            "qa-convert reads HTML, Markdown and plain-text pages; download the file and convert \
its text instead",
        )
    })?;
    let latin = response
        .body()
        .charset()
        .is_some_and(|c| LATIN_CHARSETS.contains(&c.to_ascii_lowercase().as_str()));
    let mut bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_PAGE_BYTES)
        .read_to_vec()
        .map_err(|e| request_error(url, e, options))?;
    // Servers often say Latin-1 and send UTF-8: only text that is not UTF-8 is converted.
    if latin && std::str::from_utf8(&bytes).is_err() {
        bytes = windows_1252_to_utf8(&bytes).into_bytes();
    }
    Ok(Page { bytes, kind })
}

/// Charsets read as windows-1252, as browsers read them all.
const LATIN_CHARSETS: &[&str] = &[
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "l1",
    "windows-1252",
    "cp1252",
    "us-ascii",
];

/// The characters of windows-1252's bytes 0x80 to 0x9F; the rest match Unicode.
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Decodes windows-1252 (which every byte is) into text, so that a page saved in the cache is
/// UTF-8 like every other input.
fn windows_1252_to_utf8(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// The page kind of a MIME type, or `None` for one that is not text.
fn page_kind(mime: &str) -> Option<PageKind> {
    match mime {
        "text/html" | "application/xhtml+xml" => Some(PageKind::Html),
        "text/markdown" | "text/x-markdown" => Some(PageKind::Markdown),
        "text/plain" | "" => Some(PageKind::Text),
        _ => None,
    }
}

/// A failed request as the user sees it.
fn request_error(url: &str, error: ureq::Error, options: &FetchOptions) -> UsageError {
    let seconds = options.timeout.as_secs_f64();
    match error {
        ureq::Error::Timeout(_) => {
            UsageError::new(format!("{url}: no complete answer within {seconds} s"))
                .hint("try again, or allow longer with --timeout SECONDS")
        }
        ureq::Error::BodyExceedsLimit(_) => UsageError::new(format!(
            "{url}: the page is larger than {} MB, too large for an article",
            MAX_PAGE_BYTES / (1024 * 1024)
        ))
        .hint("save the article's part of the page from a browser and convert that file"),
        ureq::Error::HostNotFound => UsageError::new(format!("{url}: no such host"))
            .hint("check the address, and that this computer is online"),
        ureq::Error::ConnectionFailed => UsageError::new(format!("{url}: cannot connect"))
            .hint("check the address, and that this computer is online"),
        ureq::Error::TooManyRedirects => {
            UsageError::new(format!("{url}: more than {MAX_REDIRECTS} redirects"))
                .hint("open the address in a browser and give the address it ends on")
        }
        ureq::Error::BadUri(reason) => {
            UsageError::new(format!("{url}: not a usable web address ({reason})"))
                .hint("web addresses look like https://example.org/interview-questions")
        }
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            UsageError::new(format!("{url}: no complete answer within {seconds} s"))
                .hint("try again, or allow longer with --timeout SECONDS")
        }
        other => UsageError::new(format!("{url}: {other}"))
            .hint("check the address in a browser, or save the page and convert the file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.org/q"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("source/https.txt"));
        assert!(!is_url("ftp://example.org/a.txt"));
        assert!(!is_url("é"));
    }

    #[test]
    fn latin_pages_become_utf8() {
        assert_eq!(
            windows_1252_to_utf8(b"caf\xe9 \x93quoted\x94 \x80"),
            "café “quoted” €"
        );
    }

    #[test]
    fn only_text_types_are_pages() {
        assert_eq!(page_kind("text/html"), Some(PageKind::Html));
        assert_eq!(page_kind("text/plain"), Some(PageKind::Text));
        assert_eq!(page_kind("text/markdown"), Some(PageKind::Markdown));
        assert_eq!(page_kind("application/pdf"), None);
        assert_eq!(page_kind("image/png"), None);
    }
}
