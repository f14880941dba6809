//! The lock file's bytes, written and read by hand: the notes as the compact JSON `serde_json`
//! writes for [`Entry`] (same bytes, without its generic path: the lock is written on every deck),
//! and a reader that takes only text that this writer would write again byte for byte. Any other
//! text (a lock edited by hand, escapes, another version) is left to `serde_json`
//! (`Lock::parse`), so the two readers never disagree; what this one adds is knowing, without
//! writing the notes again, that their text is the text read.

use super::{Entry, HEADER, Lock, VERSION};

/// What opens the notes after the header.
const OPEN: &[u8] = b"{\"version\": 1, \"notes\": [\n";

/// What closes them.
const CLOSE: &[u8] = b"]}\n";

/// [`Lock::render`] appended to `out`.
pub(super) fn render_into(lock: &Lock, out: &mut Vec<u8>) {
    debug_assert_eq!(VERSION, 1, "OPEN names the version");
    // About 190 bytes a note; one growth at most for longer ones.
    out.reserve(HEADER.len() + OPEN.len() + CLOSE.len() + 200 * lock.entries.len());
    out.extend_from_slice(HEADER.as_bytes());
    out.extend_from_slice(OPEN);
    let mut number = itoa::Buffer::new();
    for (i, entry) in lock.entries.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        write_entry(entry, &mut number, out);
    }
    if !lock.entries.is_empty() {
        out.push(b'\n');
    }
    out.extend_from_slice(CLOSE);
}

/// One note as `serde_json::to_writer` writes an [`Entry`]: its fields in order, no spaces.
fn write_entry(entry: &Entry, number: &mut itoa::Buffer, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"guid\":");
    write_str(&entry.guid, out);
    out.extend_from_slice(b",\"modified\":");
    out.extend_from_slice(number.format(entry.modified).as_bytes());
    out.extend_from_slice(b",\"content\":");
    write_str(&entry.content, out);
    out.extend_from_slice(b",\"articles\":[");
    for (i, article) in entry.articles.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(article, out);
    }
    out.extend_from_slice(b"],\"question\":");
    write_str(&entry.question, out);
    out.extend_from_slice(b",\"phrasings\":[");
    for (i, (phrasing, answer)) in entry.phrasings.iter().enumerate() {
        out.extend_from_slice(if i > 0 { b",[" } else { b"[" });
        write_str(phrasing, out);
        out.push(b',');
        write_str(answer, out);
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
}

/// A JSON string: the text between quotes when it has nothing to escape (nearly always), else as
/// `serde_json` escapes it.
fn write_str(text: &str, out: &mut Vec<u8>) {
    if is_verbatim(text.as_bytes()) {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    }
}

/// Whether `serde_json` writes `bytes` between quotes unchanged: no quote, backslash or control
/// character (below U+0020), the only bytes it escapes. One fold without early exits, so that the
/// compiler can vectorise it.
fn is_verbatim(bytes: &[u8]) -> bool {
    !bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// The lock in `text` when `text` is exactly what [`render_into`] writes for it; `None` for any
/// other text, even one that means the same notes.
pub(super) fn parse_rendered(text: &str) -> Option<Lock> {
    let mut cursor = Cursor {
        text,
        at: 0,
        number: itoa::Buffer::new(),
    };
    cursor.literal(HEADER.as_bytes())?;
    cursor.literal(OPEN)?;
    let mut entries = Vec::with_capacity(text.len() / 200);
    if !cursor.is_at(CLOSE[0]) {
        loop {
            entries.push(cursor.entry()?);
            if cursor.is_at(b'\n') {
                cursor.literal(b"\n")?;
                break;
            }
            cursor.literal(b",\n")?;
        }
    }
    cursor.literal(CLOSE)?;
    (cursor.at == text.len()).then_some(Lock { entries })
}

/// A place in the text [`parse_rendered`] reads.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
    number: itoa::Buffer,
}

impl Cursor<'_> {
    fn rest(&self) -> &[u8] {
        &self.text.as_bytes()[self.at..]
    }

    fn is_at(&self, byte: u8) -> bool {
        self.rest().first() == Some(&byte)
    }

    /// Steps over `expected`, which must come next.
    fn literal(&mut self, expected: &[u8]) -> Option<()> {
        self.rest().starts_with(expected).then(|| {
            self.at += expected.len();
        })
    }

    /// An [`Entry`] as [`write_entry`] writes it.
    fn entry(&mut self) -> Option<Entry> {
        self.literal(b"{\"guid\":")?;
        let guid = self.string()?;
        self.literal(b",\"modified\":")?;
        let modified = self.integer()?;
        self.literal(b",\"content\":")?;
        let content = self.string()?;
        self.literal(b",\"articles\":[")?;
        let mut articles = Vec::with_capacity(1);
        if !self.is_at(b']') {
            articles.push(self.string()?);
            while self.is_at(b',') {
                self.literal(b",")?;
                articles.push(self.string()?);
            }
        }
        self.literal(b"],\"question\":")?;
        let question = self.string()?;
        self.literal(b",\"phrasings\":[")?;
        let mut phrasings = Vec::with_capacity(1);
        if !self.is_at(b']') {
            loop {
                self.literal(b"[")?;
                let phrasing = self.string()?;
                self.literal(b",")?;
                let answer = self.string()?;
                self.literal(b"]")?;
                phrasings.push((phrasing, answer));
                if !self.is_at(b',') {
                    break;
                }
                self.literal(b",")?;
            }
        }
        self.literal(b"]}")?;
        Some(Entry {
            guid,
            modified,
            content,
            articles,
            question,
            phrasings,
        })
    }

    /// A string [`write_str`] writes between quotes unchanged.
    fn string(&mut self) -> Option<String> {
        self.literal(b"\"")?;
        let rest = self.rest();
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        let bytes = &rest[..end];
        if rest[end] != b'"' || !is_verbatim(bytes) {
            return None;
        }
        // Quotes are ASCII, so both ends are character boundaries.
        let text = self.text.get(self.at..self.at + end)?.to_owned();
        self.at += end + 1;
        Some(text)
    }

    /// An integer as `serde_json` (`itoa`) writes one: digits, a minus sign before a negative one,
    /// no leading zeros.
    fn integer(&mut self) -> Option<i64> {
        let rest = self.rest();
        let digits = usize::from(rest.first() == Some(&b'-'))
            + rest
                .iter()
                .skip(usize::from(rest.first() == Some(&b'-')))
                .take_while(|b| b.is_ascii_digit())
                .count();
        let written = self.text.get(self.at..self.at + digits)?;
        let value: i64 = written.parse().ok()?;
        if self.number.format(value) != written {
            return None;
        }
        self.at += digits;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::super::FIRST_SEEN_MOD;
    use super::*;

    fn entry(guid: &str, question: &str) -> Entry {
        Entry {
            guid: guid.into(),
            modified: FIRST_SEEN_MOD,
            content: "9f35e818e956cec5".into(),
            articles: vec!["ml/a.txt".into()],
            question: question.into(),
            phrasings: vec![(question.into(), "74864b42".into())],
        }
    }

    /// The text `serde_json` writes for `lock`, as the lock file was written before this writer.
    fn serde_text(lock: &Lock) -> Vec<u8> {
        let mut out = HEADER.as_bytes().to_vec();
        out.extend_from_slice(OPEN);
        for (i, entry) in lock.entries.iter().enumerate() {
            serde_json::to_writer(&mut out, entry).unwrap();
            out.extend_from_slice(if i + 1 < lock.entries.len() {
                b",\n"
            } else {
                b"\n"
            });
        }
        out.extend_from_slice(CLOSE);
        out
    }

    fn rendered(lock: &Lock) -> Vec<u8> {
        let mut out = Vec::new();
        render_into(lock, &mut out);
        out
    }

    /// Notes with every kind of field: escapes, control characters, non-ASCII, no articles or
    /// phrasings, several, negative and extreme times.
    fn odd_locks() -> Vec<Lock> {
        let mut many = entry("g\"q\\", "what is \"x\"?\ta\u{1}b\u{7f}é/€");
        many.articles = vec![
            "a.txt".into(),
            "b b/ü.md".into(),
            "https://e.org/?q=1".into(),
        ];
        many.phrasings.push(("other\nline".into(), String::new()));
        many.modified = -5;
        let mut none = entry("", "");
        none.articles.clear();
        none.phrasings.clear();
        none.modified = i64::MIN;
        let mut zero = entry("z", "why?");
        zero.modified = 0;
        let mut most = entry("m", "how?");
        most.modified = i64::MAX;
        vec![
            Lock::default(),
            Lock {
                entries: vec![entry("lf>N?Wc*^<", "what is x?")],
            },
            Lock {
                entries: vec![many, none, zero, most, entry("E|3yq5N`4&", "c# or f#?")],
            },
        ]
    }

    #[test]
    fn the_writer_writes_what_serde_json_writes() {
        for lock in odd_locks() {
            assert_eq!(
                String::from_utf8(rendered(&lock)).unwrap(),
                String::from_utf8(serde_text(&lock)).unwrap()
            );
        }
    }

    #[test]
    fn text_it_wrote_reads_back_as_its_notes_and_anything_else_is_left_to_serde() {
        for lock in odd_locks() {
            let text = String::from_utf8(rendered(&lock)).unwrap();
            let escapes = text.contains('\\');
            match parse_rendered(&text) {
                Some(read) => {
                    assert!(!escapes, "a text with escapes is left to serde_json");
                    assert_eq!(read, lock);
                }
                None => assert!(escapes, "{text}"),
            }
            assert_eq!(Lock::parse(&text).unwrap(), lock);
        }
        let text = String::from_utf8(rendered(&odd_locks()[1])).unwrap();
        // The same notes written otherwise, and texts that are not a lock this writer wrote.
        for other in [
            text.replace("\"notes\": [", "\"notes\":  ["),
            text.replace("946684800", "0946684800"),
            text.replace("946684800", "+946684800"),
            text.replace("946684800", "9466848001234567890123"),
            text.replace("\"version\": 1", "\"version\": 2"),
            text.replace("# Written", "#  Written"),
            text.replace("]}\n", "]}"),
            text.replace("]}\n", "]}\n\n"),
            text.replace("]]}", "]],}"),
            text.replace("what is x?", "what is \\u0078?"),
            text.replace("\n{\"guid\"", "\r\n{\"guid\""),
            format!("{text} "),
            text[..text.len() - 10].to_string(),
        ] {
            assert_ne!(other, text);
            assert_eq!(parse_rendered(&other), None, "{other}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_read_by_hand_is_written_back_byte_for_byte(
            lines in proptest::collection::vec(
                ("[a-z\"\\\\\t\u{1}é ]{0,6}", -3i64..3, 0usize..3, 0usize..3), 0..4),
            cut in 0usize..400,
        ) {
            let lock = Lock {
                entries: lines
                    .iter()
                    .map(|(text, modified, articles, phrasings)| Entry {
                        guid: text.clone(),
                        modified: *modified,
                        content: text.repeat(2),
                        articles: (0..*articles).map(|a| format!("{a}{text}")).collect(),
                        question: text.clone(),
                        phrasings: (0..*phrasings).map(|p| (format!("{text}{p}"), text.clone())).collect(),
                    })
                    .collect(),
            };
            let text = String::from_utf8(rendered(&lock)).unwrap();
            let written = serde_text(&lock);
            proptest::prop_assert_eq!(text.as_bytes(), written.as_slice());
            proptest::prop_assert_eq!(&Lock::parse(&text).unwrap(), &lock);
            if let Some(read) = parse_rendered(&text) {
                proptest::prop_assert_eq!(&read, &lock);
            }
            // A cut text is never taken for a lock.
            if let Some(short) = text.get(..cut.min(text.len() - 1)) {
                proptest::prop_assert_eq!(parse_rendered(short), None);
            }
        }
    }
}
