//! The word tables normalisation reads (stop words, phrases, synonyms, facets, placeholders), kept
//! as data files in `assets/dedupe/` and built into the binary: one word or rule a line, `#` notes.

use std::sync::LazyLock;

use crate::fasthash::FastSet;

/// Every table, read once.
pub struct Tables {
    /// Function words and question frames, as a set: normalisation asks about every word several
    /// times, and one hash costs less than the string comparisons of a binary search.
    pub stop_words: FastSet<&'static str>,
    /// Imperatives that frame a question only when they open it.
    pub leading_frames: Vec<&'static str>,
    /// Words that deny.
    pub negations: Vec<&'static str>,
    /// Multi-word spellings and the one term each becomes.
    pub phrases: Vec<(Vec<&'static str>, &'static str)>,
    /// Stems mapped onto the stem that asks the same.
    pub stem_synonyms: Vec<(&'static str, &'static str)>,
    /// Asked verbs mapped onto the verb that asks the same.
    pub ask_synonyms: Vec<(&'static str, &'static str)>,
    /// Stems that frame more than they ask.
    pub weak_stems: Vec<&'static str>,
    /// Stems that pick a facet of a topic.
    pub facet_stems: Vec<&'static str>,
    /// Answers that say nothing yet, folded to lower-case words.
    pub placeholders: Vec<&'static str>,
}

/// The tables, parsed on first use.
pub fn tables() -> &'static Tables {
    static TABLES: LazyLock<Tables> = LazyLock::new(|| Tables {
        stop_words: lines(include_str!("../../assets/dedupe/stop-words.txt"))
            .into_iter()
            .collect(),
        leading_frames: lines(include_str!("../../assets/dedupe/leading-frames.txt")),
        negations: lines(include_str!("../../assets/dedupe/negations.txt")),
        phrases: pairs(include_str!("../../assets/dedupe/phrases.txt"))
            .into_iter()
            .map(|(words, term)| (words.split_whitespace().collect(), term))
            .collect(),
        stem_synonyms: pairs(include_str!("../../assets/dedupe/stem-synonyms.txt")),
        ask_synonyms: pairs(include_str!("../../assets/dedupe/ask-synonyms.txt")),
        weak_stems: lines(include_str!("../../assets/dedupe/weak-stems.txt")),
        facet_stems: lines(include_str!("../../assets/dedupe/facet-stems.txt")),
        placeholders: lines(include_str!("../../assets/dedupe/placeholders.txt")),
    });
    &TABLES
}

/// The non-blank lines of a table that are not `#` notes, trimmed.
fn lines(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The `left = right` rules of a table; a line without `=` is ignored (a test checks there is none).
fn pairs(text: &'static str) -> Vec<(&'static str, &'static str)> {
    lines(text)
        .into_iter()
        .filter_map(|l| l.split_once('='))
        .map(|(a, b)| (a.trim(), b.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_line_has_both_sides() {
        for text in [
            include_str!("../../assets/dedupe/phrases.txt"),
            include_str!("../../assets/dedupe/stem-synonyms.txt"),
            include_str!("../../assets/dedupe/ask-synonyms.txt"),
        ] {
            for line in lines(text) {
                let (a, b) = line.split_once('=').unwrap_or(("", ""));
                assert!(!a.trim().is_empty() && !b.trim().is_empty(), "{line:?}");
            }
        }
    }

    #[test]
    fn single_word_tables_hold_single_lower_case_words() {
        let t = tables();
        for word in t
            .stop_words
            .iter()
            .chain(&t.leading_frames)
            .chain(&t.negations)
            .chain(&t.weak_stems)
            .chain(&t.facet_stems)
        {
            assert!(
                word.chars().all(|c| c.is_lowercase() || c.is_ascii_digit()),
                "{word:?}"
            );
        }
        assert!(t.stop_words.contains(&"what") && t.phrases.len() > 40);
    }
}
