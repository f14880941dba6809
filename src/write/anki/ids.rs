//! Stable ids for the deck: note GUIDs, note type and deck ids. All come from SHA-1, a documented
//! hash whose output never changes, so the same question gets the same GUID in every release and on
//! every machine. `std`'s `DefaultHasher` is never used: its output may change between Rust releases,
//! and a changed GUID makes Anki add a duplicate note instead of updating the learner's one.

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
    if question.is_ascii() {
        return normalise_ascii(question);
    }
    let mut out = String::with_capacity(question.len());
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
    out
}

/// [`normalise_question`] for ASCII text (most questions), byte by byte.
fn normalise_ascii(question: &str) -> String {
    let mut out = String::with_capacity(question.len());
    // `split_whitespace` also splits at vertical tab, which `is_ascii_whitespace` leaves out.
    let words = question
        .split(|c: char| c.is_ascii_whitespace() || c == '\x0b')
        .filter(|w| !w.is_empty());
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.make_ascii_lowercase();
    out
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
    let mut hasher = Sha1::new();
    hasher.update(GUID_NAMESPACE.as_bytes());
    hasher.update(normalised.as_bytes());
    if occurrence > 0 {
        hasher.update(format!("\n#{occurrence}").as_bytes());
    }
    base91(first_u64(&hasher.finalize()))
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

fn base91(mut value: u64) -> String {
    let mut digits = Vec::with_capacity(10);
    loop {
        digits.push(BASE91[(value % 91) as usize]);
        value /= 91;
        if value == 0 {
            break;
        }
    }
    digits.reverse();
    digits.into_iter().map(char::from).collect()
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
