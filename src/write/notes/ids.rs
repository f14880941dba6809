//! Stable ids for the deck: note GUIDs, note type and deck ids. All come from SHA-1, a documented
//! hash whose output never changes, so the same question gets the same GUID in every release and on
//! every machine. `std`'s `DefaultHasher` is never used: its output may change between Rust releases,
//! and a changed GUID makes Anki add a duplicate note instead of updating the learner's one.

use std::collections::HashMap;

use sha1::{Digest, Sha1};

/// Prefix hashed before every GUID, so that our GUIDs never meet another tool's.
const GUID_NAMESPACE: &str = "qa-convert note v1\n";
/// Prefix hashed before note type and deck names.
const ID_NAMESPACE: &str = "qa-convert id v1\n";

/// Characters of Anki's GUID alphabet (base91 as Anki and genanki write it).
const BASE91: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";

/// The question as its GUID sees it: Unicode-lowercased, whitespace runs collapsed to one space and
/// trimmed, so that re-wrapping or re-casing a question in the article keeps its GUID.
pub fn normalise_question(question: &str) -> String {
    let mut out = String::with_capacity(question.len());
    normalise_question_into(&mut out, question);
    out
}

/// [`normalise_question`] into `out`, which is cleared first: the deck reuses one buffer for all
/// its notes.
fn normalise_question_into(out: &mut String, question: &str) {
    out.clear();
    if question.is_ascii() {
        return normalise_ascii_into(out, question);
    }
    for word in question.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
}

/// [`normalise_question_into`] for ASCII text (most questions).
fn normalise_ascii_into(out: &mut String, question: &str) {
    // The readers collapse whitespace already, so mostly only the case is left to change.
    if is_collapsed(question.as_bytes()) {
        out.push_str(question);
        out.make_ascii_lowercase();
        return;
    }
    out.reserve(question.len());
    // A space is owed before the next word once a word has been written and whitespace seen.
    let mut space = false;
    for b in question.bytes() {
        if is_ascii_space(b) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
}

/// ASCII whitespace as `split_whitespace` sees it: `is_ascii_whitespace` and the vertical tab.
fn is_ascii_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'\x0b'
}

/// Whether the whitespace of `text` is already as [`normalise_question`] leaves it: single spaces
/// between words, none at either end, no other whitespace. Two folds without early exits, so that
/// the compiler can vectorise them.
fn is_collapsed(text: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (text.first(), text.last()) else {
        return true;
    };
    // Tab, line feed, vertical tab, form feed and carriage return: the other ASCII whitespace.
    let other_space = text
        .iter()
        .fold(false, |any, &b| any | (b'\t'..=b'\r').contains(&b));
    let double_space = text
        .iter()
        .zip(&text[1..])
        .fold(false, |any, (&a, &b)| any | (a == b' ' && b == b' '));
    first != b' ' && last != b' ' && !other_space && !double_space
}

/// The note GUID: the first 64 bits of SHA-1(namespace ‖ normalised question ‖ occurrence),
/// written in base91 like Anki's own GUIDs. `occurrence` is 0 for the first note with this question
/// (and it then adds nothing to the hash), 1 for the second identical question kept apart under
/// `--no-dedupe`, and so on: notes sharing a GUID would collapse into one on import.
pub fn note_guid(question: &str, occurrence: usize) -> String {
    guid_of_normalised(&normalise_question(question), occurrence)
}

/// [`note_guid`] for a question already passed through [`normalise_question`].
pub fn guid_of_normalised(normalised: &str, occurrence: usize) -> String {
    base91(guid_bits(normalised, occurrence))
}

/// The 64 bits that [`guid_of_normalised`] writes in base91 ([`base91`]).
pub fn guid_bits(normalised: &str, occurrence: usize) -> u64 {
    let mut hasher = Sha1::new();
    hasher.update(GUID_NAMESPACE.as_bytes());
    hasher.update(normalised.as_bytes());
    if occurrence > 0 {
        hasher.update(format!("\n#{occurrence}").as_bytes());
    }
    first_u64(&hasher.finalize())
}

/// The GUIDs of a deck's notes in order: [`note_guid`] with the occurrence counted per normalised
/// question.
#[derive(Debug, Default)]
pub struct Guids {
    /// How many notes so far had each question, keyed by the question's occurrence-0 GUID bits
    /// rather than by its normalised text, which saves keeping a string per note. Two different
    /// questions with the same bits (odds of about 10^-11 in a deck of ten thousand) share a GUID
    /// either way; counted as one question, they would only get distinct GUIDs.
    seen: HashMap<u64, usize>,
    /// The normalised question, one buffer for every note.
    normalised: String,
}

impl Guids {
    /// The next note's GUID: `note_guid(question, n)` for the `n`th earlier note with the same
    /// normalised question.
    pub fn next(&mut self, question: &str) -> String {
        normalise_question_into(&mut self.normalised, question);
        let bits = guid_bits(&self.normalised, 0);
        let occurrence = self.seen.entry(bits).and_modify(|n| *n += 1).or_insert(0);
        if *occurrence == 0 {
            base91(bits)
        } else {
            base91(guid_bits(&self.normalised, *occurrence))
        }
    }
}

/// An id for a named thing (`kind` is `notetype` or `deck`): SHA-1 of the namespace, kind and
/// name, its first 64 bits cut to 52 (ids stay exact in JavaScript and JSON readers) and kept above
/// 2^40 so they never meet Anki's built-in ids (the default deck is 1).
pub fn named_id(kind: &str, name: &str) -> i64 {
    let mut hasher = Sha1::new();
    hasher.update(ID_NAMESPACE.as_bytes());
    hasher.update(kind.as_bytes());
    hasher.update(b"\n");
    hasher.update(name.as_bytes());
    let bits = first_u64(&hasher.finalize()) & ((1 << 52) - 1);
    (bits | (1 << 40)) as i64
}

/// Anki's field checksum: the first 32 bits of SHA-1 of the sort field's plain text.
pub fn field_checksum(plain: &str) -> i64 {
    let digest = Sha1::digest(plain.as_bytes());
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

fn first_u64(digest: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(bytes)
}

/// `value` in Anki's GUID alphabet, most significant digit first: a GUID from its bits, one to
/// one.
pub fn base91(mut value: u64) -> String {
    // 91^10 > 2^64: ten digits always do.
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = BASE91[(value % 91) as usize];
        value /= 91;
        if value == 0 {
            break;
        }
    }
    let mut guid = String::with_capacity(digits.len());
    for &digit in &digits[start..] {
        guid.push(char::from(digit));
    }
    guid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode_paths_agree() {
        for q in [
            "  What IS\tMLOps?\n",
            "a\x0bb  c",
            "",
            "   ",
            "Ünïcode  ÉTÉ?",
            "x\u{a0}y",
            // Already collapsed, and each way of not being so.
            "What is MLOps?",
            "a",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\r\nb",
            "a\x0cb",
            "a \x0b b",
            "a\x1fb", // a control character, not whitespace
        ] {
            let slow: String = q
                .split_whitespace()
                .map(|w| w.chars().flat_map(char::to_lowercase).collect::<String>())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(normalise_question(q), slow, "{q:?}");
        }
    }

    #[test]
    fn guid_ignores_case_and_spacing_but_not_words() {
        let a = note_guid("What is  MLOps?", 0);
        assert_eq!(a, note_guid(" what is mlops? ", 0));
        assert_ne!(a, note_guid("What is DevOps?", 0));
        assert_ne!(a, note_guid("What is MLOps?", 1));
    }

    #[test]
    fn guids_count_repeats_of_the_normalised_question() {
        let mut guids = Guids::default();
        assert_eq!(guids.next("What is X?"), note_guid("What is X?", 0));
        assert_eq!(guids.next("Why Y?"), note_guid("Why Y?", 0));
        assert_eq!(guids.next("what  is x?"), note_guid("What is X?", 1));
        assert_eq!(guids.next(" WHAT IS X?"), note_guid("What is X?", 2));
        assert_eq!(guids.next("Why Y?"), note_guid("Why Y?", 1));
    }

    #[test]
    fn base91_writes_the_most_significant_digit_first() {
        assert_eq!(base91(0), "a");
        assert_eq!(base91(90), "~");
        assert_eq!(base91(91), "ba");
        assert_eq!(base91(u64::MAX), "Rj&Z5m[>Zp");
    }

    #[test]
    fn ids_are_pinned_across_releases() {
        // These values are part of the product: changing them makes every learner's re-import
        // add duplicates. Update them only with a migration plan.
        assert_eq!(note_guid("What is MLOps?", 0), "M?RXgBNVeh");
        assert_eq!(
            named_id("notetype", "qa-convert Q&A"),
            1_717_393_249_317_196
        );
    }

    #[test]
    fn named_ids_are_positive_and_distinct() {
        let a = named_id("deck", "A");
        assert!(a > 1 << 40 && a < 1 << 53);
        assert_ne!(a, named_id("deck", "B"));
        assert_ne!(a, named_id("notetype", "A"));
    }

    #[test]
    fn checksum_matches_anki() {
        // Anki: int(sha1("hello").hexdigest()[:8], 16)
        assert_eq!(field_checksum("hello"), 0xaaf4c61d);
    }
}
