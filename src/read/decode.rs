//! Bytes to article text: names binary files by their magic bytes, decodes UTF-8 and UTF-16 or
//! UTF-32 with a byte-order mark, and turns old-Mac CR-only line ends into `\n`.

use std::borrow::Cow;

/// Why an input's bytes are not article text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A known binary file type, named by its magic bytes (`a PDF document`).
    #[error("not a text, Markdown or HTML article ({0})")]
    Binary(&'static str),
    /// UTF-16 text without a byte-order mark: recognised, but which byte order is a guess.
    #[error("UTF-16 text without a byte-order mark")]
    Utf16WithoutBom,
    /// A byte-order mark promised UTF-16 or UTF-32, but the data is not.
    #[error("invalid {0} text")]
    InvalidUnicode(&'static str),
    /// Neither UTF-8 nor any of the above.
    #[error("not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
}

/// Magic bytes at the start of a file, and what they name.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (
        b"SQLite format 3\x00",
        "an SQLite database (an Anki collection?)",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document (.doc, .xls)",
    ),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"{\\rtf", "an RTF document"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
];

/// Names a binary file type by its first bytes, or `None` for anything that may be text.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(zip_kind(bytes));
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" {
        return Some(match &bytes[8..12] {
            b"WEBP" => "a WebP image",
            b"WAVE" => "a WAV audio file",
            _ => "a RIFF media file",
        });
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("an MP4 or QuickTime media file");
    }
    None
}

/// Office documents, e-books and Anki decks are all zip archives: the names of their first
/// entries tell them apart.
fn zip_kind(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(4096)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"word/") {
        "a Word document (.docx)"
    } else if has(b"xl/") {
        "an Excel workbook (.xlsx)"
    } else if has(b"ppt/") {
        "a PowerPoint presentation (.pptx)"
    } else if has(b"application/epub+zip") {
        "an EPUB e-book"
    } else if has(b"application/vnd.oasis.opendocument") {
        "an OpenDocument file"
    } else if has(b"collection.anki2") {
        "an Anki deck (.apkg)"
    } else {
        "a zip archive"
    }
}

/// Decodes an input's bytes into text with `\n` or `\r\n` line ends. Binary file types are named
/// before any text check, so a PDF is called a PDF rather than "not UTF-8".
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    let text = match bom(&bytes) {
        Some(Bom::Utf8) => {
            let mut bytes = bytes;
            bytes.drain(..3);
            utf8(bytes)?
        }
        Some(Bom::Utf32Le) => utf32(&bytes[4..], u32::from_le_bytes)?,
        Some(Bom::Utf32Be) => utf32(&bytes[4..], u32::from_be_bytes)?,
        Some(Bom::Utf16Le) => utf16(&bytes[2..], u16::from_le_bytes)?,
        Some(Bom::Utf16Be) => utf16(&bytes[2..], u16::from_be_bytes)?,
        None => {
            if let Some(kind) = binary_kind(&bytes) {
                return Err(DecodeError::Binary(kind));
            }
            if looks_like_utf16(&bytes) {
                return Err(DecodeError::Utf16WithoutBom);
            }
            utf8(bytes)?
        }
    };
    Ok(match normalise_line_ends(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(fixed) => fixed,
    })
}

enum Bom {
    Utf8,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

fn bom(bytes: &[u8]) -> Option<Bom> {
    // UTF-32 LE's mark begins with UTF-16 LE's: test it first.
    if bytes.starts_with(b"\xff\xfe\x00\x00") {
        Some(Bom::Utf32Le)
    } else if bytes.starts_with(b"\x00\x00\xfe\xff") {
        Some(Bom::Utf32Be)
    } else if bytes.starts_with(b"\xef\xbb\xbf") {
        Some(Bom::Utf8)
    } else if bytes.starts_with(b"\xff\xfe") {
        Some(Bom::Utf16Le)
    } else if bytes.starts_with(b"\xfe\xff") {
        Some(Bom::Utf16Be)
    } else {
        None
    }
}

fn utf8(bytes: Vec<u8>) -> Result<String, DecodeError> {
    String::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8(e.utf8_error().valid_up_to()))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let invalid = DecodeError::InvalidUnicode("UTF-16");
    let chunks = bytes.chunks_exact(2);
    if !chunks.remainder().is_empty() {
        return Err(invalid);
    }
    let units = chunks.map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| invalid)
}

fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> Result<String, DecodeError> {
    let chunks = bytes.chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return Err(DecodeError::InvalidUnicode("UTF-32"));
    }
    chunks
        .map(|c| char::from_u32(unit([c[0], c[1], c[2], c[3]])))
        .collect::<Option<String>>()
        .ok_or(DecodeError::InvalidUnicode("UTF-32"))
}

/// UTF-16 of mostly ASCII text has a NUL in every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 8 {
        return false;
    }
    let pairs = head.len() / 2;
    let zero_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    even.max(odd) * 10 >= pairs * 9 && even.min(odd) * 10 <= pairs
}

/// Turns every lone `\r` (old Mac line ends) into `\n`; `\r\n` stays as it is.
pub fn normalise_line_ends(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone_cr = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone_cr) {
        return Cow::Borrowed(text);
    }
    let mut fixed = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\r') {
        fixed.push_str(&rest[..at]);
        if rest[at + 1..].starts_with('\n') {
            fixed.push('\r');
        } else {
            fixed.push('\n');
        }
        rest = &rest[at + 1..];
    }
    fixed.push_str(rest);
    Cow::Owned(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_types_are_named_before_the_utf8_check() {
        let mut docx = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
        docx.extend_from_slice(b"[Content_Types].xml word/document.xml \xff\xfe");
        for (bytes, kind) in [
            (b"%PDF-1.7\n\xe2\xe3\xcf\xd3".to_vec(), "a PDF document"),
            (
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
                "a PNG image",
            ),
            (docx, "a Word document (.docx)"),
        ] {
            assert_eq!(decode(bytes), Err(DecodeError::Binary(kind)));
        }
    }

    #[test]
    fn utf16_and_utf32_with_a_byte_order_mark_are_decoded() {
        let text = "Q1. What is ß?\r\nA letter.\n";
        let mut le = vec![0xff, 0xfe];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xfe, 0xff];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let mut le32 = vec![0xff, 0xfe, 0, 0];
        le32.extend(text.chars().flat_map(|c| u32::from(c).to_le_bytes()));
        for bytes in [le, be, le32] {
            assert_eq!(decode(bytes).unwrap(), text);
        }
        let mut odd = vec![0xff, 0xfe];
        odd.extend([0x41, 0x00, 0x42]);
        assert_eq!(decode(odd), Err(DecodeError::InvalidUnicode("UTF-16")));
    }

    #[test]
    fn utf16_without_a_mark_is_named() {
        let bytes: Vec<u8> = "Q1. What is it?\nA thing.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(bytes), Err(DecodeError::Utf16WithoutBom));
    }

    #[test]
    fn cr_only_line_ends_become_newlines_and_crlf_stays() {
        assert_eq!(decode(b"a\rb\r\nc\r".to_vec()).unwrap(), "a\nb\r\nc\n");
        assert_eq!(decode(b"\xef\xbb\xbfx\ry".to_vec()).unwrap(), "x\ny");
        assert!(matches!(normalise_line_ends("a\r\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn latin1_is_still_not_utf8() {
        assert_eq!(decode(b"caf\xe9".to_vec()), Err(DecodeError::NotUtf8(3)));
    }
}
