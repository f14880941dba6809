//! The wording tests every reader shares: does a text read like a question, is a heading a section
//! title or a closing section, is a line an answer label; trailing decoration stripped from a
//! question; and white space normalised.

use std::sync::LazyLock;

use regex::Regex;

/// Characters that take no room: heading anchors and copy-paste leave them inside and around
/// words (`What is a pod?\u{200b}`). Joiners inside emoji (U+200D) are not among them.
const ZERO_WIDTH: [char; 4] = ['\u{200b}', '\u{200c}', '\u{2060}', '\u{feff}'];

/// Collapses every run of white space (including no-break spaces) into one space and trims;
/// zero-width characters go.
pub fn normalise_space(text: &str) -> String {
    let mut out = String::new();
    push_normalised(&mut out, text);
    out
}

/// Appends [`normalise_space`] of `text` to `out`, without a string of its own.
pub fn push_normalised(out: &mut String, text: &str) {
    // Most lines are already single-spaced: one byte scan, one copy.
    if is_normal_space(text) {
        out.push_str(text);
        return;
    }
    let cleaned: String;
    let text = if text.contains(ZERO_WIDTH) {
        cleaned = text.replace(ZERO_WIDTH, "");
        &cleaned
    } else {
        text
    };
    out.reserve(text.len());
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(word);
    }
}

/// Bytes that [`count_words`] and [`is_normal_space`] judge at once, as one `u64`, when all are
/// ASCII.
pub(super) const CHUNK: usize = 8;
/// One in every byte of a `u64`.
pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a `u64`.
pub(super) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Eight ASCII bytes (each below 0x80), little-endian, as one word.
pub(super) fn ascii_word(chunk: &[u8]) -> Option<u64> {
    let word = u64::from_le_bytes(chunk.try_into().ok()?);
    (word & HIGHS == 0).then_some(word)
}

/// The high bit set in each byte of an ASCII `word` that is zero, and no other bit.
pub(super) fn zero_bytes(word: u64) -> u64 {
    !(((word & !HIGHS).wrapping_add(!HIGHS)) | word | !HIGHS)
}

/// The high bit set in each byte of an ASCII `word` that is a space (0x20).
fn space_bytes(word: u64) -> u64 {
    zero_bytes(word ^ (ONES * 0x20))
}

/// The high bit set in each byte of an ASCII `word` that is white space other than a space:
/// tab, line feed, vertical tab, form feed, carriage return (0x09–0x0D). Bytes below 0x80 plus
/// at most 0x77 never carry into the next byte.
fn other_space_bytes(word: u64) -> u64 {
    let at_least = |n: u64| word.wrapping_add(ONES * (0x80 - n)) & HIGHS;
    at_least(0x09) & !at_least(0x0e)
}

/// ASCII white space as [`char::is_whitespace`] has it: tab, line feed, vertical tab, form feed,
/// carriage return and space.
fn ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Whether a character starting at this byte may be non-ASCII white space (U+0085, U+00A0,
/// U+1680, U+2000–U+205F, U+3000) or zero-width (U+200B, U+200C, U+2060, U+FEFF).
fn maybe_unicode_space(b: u8) -> bool {
    matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef)
}

/// The number of words of `text` (as [`str::split_whitespace`] splits them), counted no further
/// than `limit`. Every line of every article is measured in words, most of them long prose: this
/// counts word starts eight ASCII bytes at a time and decodes a character only where non-ASCII
/// white space may start.
pub fn count_words(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() && words < limit {
        let end = (i + CHUNK).min(bytes.len());
        if let Some(word) = ascii_word(&bytes[i..end]) {
            let space = space_bytes(word) | other_space_bytes(word);
            let before = (space << 8) | if after_space { 0x80 } else { 0 };
            words += (!space & before & HIGHS).count_ones() as usize;
            after_space = space >> 63 == 1;
            i = end;
            continue;
        }
        // Eight bytes with a non-ASCII character, or the tail: byte by byte to their end (a
        // character may carry `i` a little past it).
        while i < end {
            let b = bytes[i];
            let (space, len) = if b.is_ascii() {
                (ascii_space(b), 1)
            } else if maybe_unicode_space(b) {
                text[i..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
            } else {
                (false, 1)
            };
            if !space && after_space {
                words += 1;
            }
            after_space = space;
            i += len;
        }
    }
    words.min(limit)
}

/// Whether [`normalise_space`] would give `text` back unchanged: no white space at either end,
/// no white space but single ASCII spaces, no zero-width character. Judges ASCII bytes eight at
/// a time; decodes a character only where non-ASCII white space or a zero-width one may start.
fn is_normal_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        let chunk = &bytes[i..end];
        if let Some(word) = ascii_word(chunk) {
            let space = space_bytes(word);
            let before = (space << 8) | if after_space { 0x80 } else { 0 };
            if other_space_bytes(word) != 0 || space & before != 0 {
                return false;
            }
            after_space = space >> 63 == 1;
            i = end;
            continue;
        }
        for (at, &b) in chunk.iter().enumerate() {
            if b == b' ' {
                if after_space {
                    return false;
                }
                after_space = true;
            } else if b.is_ascii() {
                if ascii_space(b) {
                    return false;
                }
                after_space = false;
            } else {
                // Lead bytes only: a continuation byte is never among those looked at here.
                if maybe_unicode_space(b)
                    && text[i + at..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_whitespace() || ZERO_WIDTH.contains(&c))
                {
                    return false;
                }
                after_space = false;
            }
        }
        i = end;
    }
    !after_space || bytes.is_empty()
}

/// Words that open a prompt on a line of its own even without `?`. Narrower than
/// [`MORE_QUESTION_WORDS`]: `Types of joins` or `List of tools` on a line of their own are answer
/// sub-headings far more often than questions.
const PROMPT_WORDS: &[&str] = &[
    "what",
    "why",
    "how",
    "when",
    "where",
    "which",
    "who",
    "explain",
    "describe",
    "define",
    "differentiate",
    "distinguish",
    "compare",
    "contrast",
    "discuss",
    "elaborate",
    "difference",
    "differences",
];

/// Interrogatives that open a prompt only with an auxiliary after them: `How does DNS work`
/// asks, `How it works` and `How to install Docker` are sub-headings.
const INTERROGATIVES: &[&str] = &["what", "why", "how", "when", "where", "which", "who"];
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will",
    "has", "have", "happens", "happened",
];

pub fn is_prompt(line: &str) -> bool {
    let first = first_word(line);
    if !PROMPT_WORDS.iter().any(|w| w.eq_ignore_ascii_case(first)) {
        return false;
    }
    if !INTERROGATIVES.iter().any(|w| w.eq_ignore_ascii_case(first)) {
        return true;
    }
    let second = line.split_whitespace().nth(1).map_or("", first_word);
    AUXILIARIES.iter().any(|w| w.eq_ignore_ascii_case(second))
}

/// The leading run of letters of a line.
fn first_word(line: &str) -> &str {
    let end = line
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(line.len(), |(i, _)| i);
    &line[..end]
}

/// Words that open a question or an interview prompt (`What is …`, `Explain …`), besides the
/// [`PROMPT_WORDS`]: auxiliaries (`Is …`, `Can …`) and task words (`List …`, `Implement …`).
const MORE_QUESTION_WORDS: &[&str] = &[
    "whom",
    "whose",
    "is",
    "are",
    "can",
    "could",
    "do",
    "does",
    "did",
    "should",
    "would",
    "will",
    "have",
    "has",
    "list",
    "name",
    "mention",
    "give",
    "tell",
    "write",
    "state",
    "outline",
    "illustrate",
    "implement",
    "design",
    "identify",
    "advantages",
    "disadvantages",
    "benefits",
    "pros",
    "types",
    "purpose",
];

/// Whether text reads as a question: it ends with `?`, or opens with a question word or an
/// interview prompt (`Explain …`, `Differentiate between …`).
pub fn reads_as_question(text: &str) -> bool {
    let text = text.trim();
    if text
        .trim_end_matches(['"', '”', '’', '\'', ')', '*', ' '])
        .ends_with('?')
    {
        return true;
    }
    let first = first_word(text);
    text.split_whitespace().nth(1).is_some()
        && PROMPT_WORDS
            .iter()
            .chain(MORE_QUESTION_WORDS)
            .any(|w| w.eq_ignore_ascii_case(first))
        || is_spoken_prompt(text)
}

/// Openings of interview prompts that ask without a question word: `Talk about a project you are
/// proud of.`, `Walk me through your CV.`, `Teach me something in five minutes.` Two words each,
/// so that an answer's `Walk through each step` or `Talk to the team` does not ask.
const SPOKEN_PROMPTS: &[&str] = &[
    "talk about",
    "talk me",
    "talk us",
    "walk me",
    "walk us",
    "take me",
    "take us",
    "teach me",
    "teach us",
    "sell me",
    "convince me",
    "show me",
    "introduce yourself",
    "share a",
    "share an",
    "share your",
    "share one",
    "recall a",
    "recount a",
    "imagine you",
    "imagine that",
    "suppose you",
    "pitch me",
    "pitch us",
];

/// Whether a line opens with one of the [`SPOKEN_PROMPTS`] (case aside).
pub fn is_spoken_prompt(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let second = second.trim_end_matches(|c: char| !c.is_alphanumeric());
    SPOKEN_PROMPTS.iter().any(|p| {
        p.split_once(' ')
            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(first) && b.eq_ignore_ascii_case(second))
    })
}

/// Section titles after which the article's questions are over.
const CLOSING_SECTIONS: &[&str] = &[
    "conclusion",
    "summary",
    "final thoughts",
    "wrapping up",
    "key takeaways",
    "takeaways",
    "next steps",
    "references",
    "further reading",
    "resources",
    "related posts",
    "related articles",
    "about the author",
];

/// Other section titles: `Introduction`, `Table of contents`, `FAQ`.
const SECTION_NAMES: &[&str] = &[
    "introduction",
    "overview",
    "table of contents",
    "contents",
    "faq",
    "faqs",
    "frequently asked questions",
];

/// Headings that name a part of the page rather than a topic its questions share
/// (`Introduction`, `Table of contents`, `Conclusion`): never a question's section.
pub fn names_no_topic(text: &str) -> bool {
    let lower = text.trim().trim_end_matches([':', '.', ' ']).to_lowercase();
    SECTION_NAMES.contains(&lower.as_str()) || is_closing_section(text)
}

/// Headings that name a section of the article rather than ask something: `Introduction`,
/// `Conclusion`, `Basic Docker Interview Questions`, `Table of contents`, `Related posts`.
pub fn is_section_title(text: &str) -> bool {
    let lower = text.trim().trim_end_matches([':', '.', ' ']).to_lowercase();
    // `Advanced Level`, `Beginner`, `Part 2: Experienced`, `Section 3 - Coding`.
    const LEVELS: &[&str] = &[
        "basic",
        "basics",
        "beginner",
        "beginners",
        "intermediate",
        "advanced",
        "expert",
        "senior",
        "junior",
        "fresher",
        "freshers",
        "experienced",
        "part",
        "section",
        "level",
    ];
    let first = lower.split_whitespace().next().unwrap_or("");
    let level = LEVELS.contains(&first)
        && lower.split_whitespace().count() <= 5
        && !lower.contains(['?', ',', ';']);
    level
        || SECTION_NAMES.contains(&lower.as_str())
        || CLOSING_SECTIONS.contains(&lower.as_str())
        || lower.ends_with(" questions")
        || lower.ends_with(" questions and answers")
        || lower.ends_with(" q&a")
        || lower.starts_with("conclusion")
        || lower.starts_with("table of contents")
}

/// Section titles after which the article's questions are over: `Conclusion`, `Final thoughts`,
/// `Related posts`, `About the author`.
pub fn is_closing_section(text: &str) -> bool {
    let lower = text.trim().trim_end_matches([':', '.', ' ']).to_lowercase();
    CLOSING_SECTIONS.contains(&lower.as_str()) || lower.starts_with("conclusion")
}

/// Removes an answer label (`A:`, `A1.`, `Ans:`, `Ans.`, `Answer:`, `Answer 3 -`) from the start
/// of an answer's first line: the label is markup, not answer text. Returns the line unchanged
/// when it has no label.
pub fn strip_answer_label(line: &str) -> &str {
    let trimmed = line.trim_start();
    // Markup around the label: `- Answer: …`, `**Answer:** …`, `- **Expected answer**: …`.
    let trimmed = match trimmed.strip_prefix(['-', '*', '•']) {
        Some(rest) if rest.starts_with(' ') => rest.trim_start(),
        _ => trimmed,
    };
    let bold = trimmed.starts_with("**") || trimmed.starts_with("__");
    let trimmed = if bold { &trimmed[2..] } else { trimmed };
    let trimmed = strip_label_qualifier(trimmed);
    let bytes = trimmed.as_bytes();
    let word = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let label = &trimmed[..word];
    let is_label =
        label == "A" || label.eq_ignore_ascii_case("ans") || label.eq_ignore_ascii_case("answer");
    if !is_label {
        return line;
    }
    let rest = &trimmed[word..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let rest = rest[digits..].trim_start();
    let rest = if bold {
        rest.strip_prefix("**")
            .or_else(|| rest.strip_prefix("__"))
            .unwrap_or(rest)
    } else {
        rest
    };
    let separated = if let Some(text) = rest.strip_prefix([':', ')', '-', '–', '—']) {
        let text = text.trim_start();
        Some(if bold {
            text.strip_prefix("**")
                .or_else(|| text.strip_prefix("__"))
                .unwrap_or(text)
        } else {
            text
        })
    } else if label != "A" {
        // `Ans. …`, `Answer. …`: a full stop is a separator after the longer labels only, so a
        // sentence such as `A. B. testing …` keeps its first word.
        rest.strip_prefix('.')
    } else if digits > 0 {
        rest.strip_prefix('.')
    } else {
        // `A. It is …` is a label; `A. B. testing …` (initials) is not.
        rest.strip_prefix(". ").filter(|text| {
            let mut chars = text.chars();
            !(chars.next().is_some_and(char::is_uppercase) && chars.next() == Some('.'))
        })
    };
    match separated {
        Some(text) => text.trim_start(),
        None if rest.is_empty() && label != "A" => rest,
        None => line,
    }
}

/// Longest second line of a hard-wrapped question, in words.
const MAX_WRAPPED_WORDS: usize = 12;

/// Whether `next` finishes a question line that the article hard-wrapped: the question stops
/// mid-sentence and the next line is short and ends with `?`.
pub fn is_wrapped_question_end(question: &str, next: &str) -> bool {
    let next = next.trim();
    !question.ends_with(['?', '.', ':', '!', ')'])
        && next.ends_with('?')
        && count_words(next, MAX_WRAPPED_WORDS + 1) <= MAX_WRAPPED_WORDS
}

/// Decoration an article hangs on the end of a question: a citation (`[src]`, `[[src](…)]` read
/// as `[src]`, `[2]`), a difficulty tag (`(easy)`, `[Hard]`), where it was asked (`(asked at a
/// bank)`), a link to the answer elsewhere (`(answer)`, `[see answer]`).
static TRAILING_DECORATION: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?ix)\s*(?:
            \[\s*(?:src|source|ref|reference|link|citation)?\s*\d*\s*\](?:\([^)]*\))? |
            \((?:asked|seen)\s[^)]*\) |
            [(\[](?:(?:see|show|read|view)\s+)?(?:the\s+)?(?:answer|answers|solution)[)\]] |
            [(\[](?:easy|medium|hard|beginner|intermediate|advanced|expert)[)\]]
        )$",
    )
});

/// Source citations at the end of an answer paragraph: ` [src]`, ` [src1] [src2]`, ` [source]`.
static TRAILING_CITATIONS: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(r"(?i)(?:\s+\[\s*(?:src|source|ref|reference)\s*\d*\s*\])+$")
});

/// An answer paragraph without the citation links at its end; a paragraph that is nothing but
/// citations comes back whole (the junk rules judge it).
pub fn strip_citations(text: &str) -> &str {
    match TRAILING_CITATIONS.find(text) {
        Some(m) if m.start() > 0 => &text[..m.start()],
        _ => text,
    }
}

/// Whether a character is a pictograph or its modifiers: difficulty stars and rockets (`⭐️`,
/// `🚀`, `👶`), never letters, digits or punctuation that ends a question.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x2190..=0x21FF | 0x2300..=0x23FF | 0x2460..=0x24FF | 0x25A0..=0x27BF
        | 0x2900..=0x297F | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF
        | 0xFE00..=0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
}

/// A question without its trailing decoration (citations, difficulty emoji and tags, where it
/// was asked), so `Is scaling needed for trees? ⭐️ [src]` reads `Is scaling needed for trees?`.
/// Text that is nothing but decoration comes back whole.
pub fn strip_decoration(text: &str) -> &str {
    let mut out = text.trim_end();
    loop {
        let before = out.len();
        out = out
            .trim_end_matches(|c| is_pictograph(c) || ZERO_WIDTH.contains(&c))
            .trim_end();
        // Every line of every article passes here: the regex runs only on a bracketed end.
        if out.ends_with([')', ']'])
            && let Some(m) = TRAILING_DECORATION.find(out)
        {
            out = out[..m.start()].trim_end();
        }
        if out.len() == before {
            break;
        }
    }
    if out.chars().any(char::is_alphanumeric) {
        out
    } else {
        text
    }
}

/// Most words in a title-case heading.
const MAX_TITLE_CASE_WORDS: usize = 6;
/// Short words a title-case heading may keep in lower case.
const TITLE_CASE_SMALL_WORDS: &[&str] = &[
    "&", "and", "or", "of", "the", "a", "an", "for", "in", "on", "to", "with", "vs", "vs.", "/",
];

/// Whether a line reads as a title-case heading (`Deployment & Scalability`, `Security Basics`):
/// a few capitalised words, small words aside, and no sentence punctuation. Whether it heads a
/// section depends on where it stands (just before a question, after an answer).
pub fn is_title_case_heading(line: &str) -> bool {
    let line = line.trim();
    // Cheapest tests first: every answer line passes here, and prose ends with a full stop.
    if line.is_empty()
        || line.ends_with(['.', '!', '?', ',', ';', ':'])
        || count_words(line, MAX_TITLE_CASE_WORDS + 1) > MAX_TITLE_CASE_WORDS
    {
        return false;
    }
    let words = || line.split_whitespace();
    words().any(|w| w.starts_with(char::is_uppercase))
        && words().all(|w| {
            w.starts_with(char::is_uppercase)
                || w.starts_with(|c: char| c.is_ascii_digit())
                || TITLE_CASE_SMALL_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// Words that qualify an answer label: `Expected answer:`, `Sample answer:`, `Short answer:`.
const LABEL_QUALIFIERS: &[&str] = &[
    "expected",
    "sample",
    "short",
    "model",
    "suggested",
    "possible",
    "ideal",
    "example",
];

/// `Expected answer: …` without its qualifier, when what follows the qualifier is `answer`.
fn strip_label_qualifier(text: &str) -> &str {
    let Some((first, rest)) = text.split_once(' ') else {
        return text;
    };
    let qualifies = LABEL_QUALIFIERS
        .iter()
        .any(|q| q.eq_ignore_ascii_case(first));
    let rest = rest.trim_start();
    let answer = rest
        .get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("answer"));
    if qualifies && answer { rest } else { text }
}

/// Whether a line is an answer label with or without text after it (`Answer:`, `- Ans: …`,
/// `A: …`): such a line says a question stands just before it.
pub fn is_answer_label_line(line: &str) -> bool {
    // Without a label the line comes back whole.
    strip_answer_label(line).len() < line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `f` on every `(input, expected)` case, naming the input that fails.
    fn check<T: PartialEq + std::fmt::Debug>(f: impl Fn(&str) -> T, cases: &[(&str, T)]) {
        for (input, want) in cases {
            assert_eq!(&f(input), want, "{input}");
        }
    }

    /// Collapsing white space word by word, without the single-spaced shortcut.
    fn collapsed(text: &str) -> String {
        let text = text.replace(ZERO_WIDTH, "");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn single_spaced_text_is_kept_and_any_other_collapsed() {
        for text in [
            "",
            "a",
            "What is a pod?",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{b}b",
            "a\u{a0}b",
            "a\u{85}b",
            "a\u{2003}b",
            "a\u{3000}b",
            "a\u{200b}",
            "\u{feff}a",
            "a\u{2060}b",
            "“quoted” • café ☃ — ok",
            "\u{200d}joiner",
        ] {
            assert_eq!(normalise_space(text), collapsed(text), "{text:?}");
        }
    }

    #[test]
    fn every_ascii_byte_is_judged_as_split_whitespace_judges_it() {
        for b in 0u8..0x80 {
            for at in 0..16 {
                let mut bytes = b"ab cd efghij klm nopq".to_vec();
                bytes[at] = b;
                let text = String::from_utf8(bytes).unwrap();
                assert_eq!(
                    count_words(&text, 99),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
                assert_eq!(normalise_space(&text), collapsed(&text), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn counting_words_matches_splitting_them(
            text in "[a. \\t\u{b}\u{c}\u{a0}\u{85}\u{a9}\u{1680}\u{2000}-\u{2010}\u{2028}-\u{2030}\u{205f}-\u{2061}\u{3000}\u{e9}\u{201c}\u{feff}]{0,16}",
            limit in 0usize..12,
        ) {
            proptest::prop_assert_eq!(
                count_words(&text, limit),
                text.split_whitespace().take(limit).count()
            );
        }

        /// Long and mostly ASCII, so the 32-byte steps and the bytes between them are both tried.
        #[test]
        fn counting_words_of_long_lines_matches_splitting_them(
            text in "([a-z]{1,6}[ \\t]{1,2}|\u{a0}|\u{2003}|\u{e9}|  ){0,40}",
            limit in 0usize..70,
        ) {
            proptest::prop_assert_eq!(
                count_words(&text, limit),
                text.split_whitespace().take(limit).count()
            );
        }

        #[test]
        fn normalising_space_matches_collapsing_words(
            text in "[a \\t\u{a0}\u{85}\u{2000}-\u{2010}\u{2028}-\u{2030}\u{205f}-\u{2061}\u{3000}\u{feff}\u{e9}\u{201c}\u{1680}]{0,12}"
        ) {
            proptest::prop_assert_eq!(normalise_space(&text), collapsed(&text));
        }

        #[test]
        fn normalising_long_lines_matches_collapsing_words(
            text in "( ?[a-z]{1,9}( |  |\\t|\u{a0}|\u{200b}|\u{e9})?){0,30}"
        ) {
            proptest::prop_assert_eq!(normalise_space(&text), collapsed(&text));
        }
    }

    /// [`check`] for functions that return part of their input.
    fn check_text(f: fn(&str) -> &str, cases: &[(&str, &str)]) {
        for (input, want) in cases {
            assert_eq!(f(input), *want, "{input}");
        }
    }

    #[test]
    fn trailing_decoration_is_not_part_of_the_question() {
        check_text(
            strip_decoration,
            &[
                (
                    "Is scaling needed for trees? ⭐️",
                    "Is scaling needed for trees?",
                ),
                ("What is bias? 👶", "What is bias?"),
                (
                    "Precision-recall trade-off ⭐️🚀",
                    "Precision-recall trade-off",
                ),
                ("What is dropout? [src]", "What is dropout?"),
                ("What is dropout? [src1] [src2]", "What is dropout?"),
                ("What is a heap? (asked at a bank)", "What is a heap?"),
                ("What is a trie? (Hard)", "What is a trie?"),
                ("Is f(x) [1, 2] sorted?", "Is f(x) [1, 2] sorted?"),
                ("What does `a[0]` return?", "What does `a[0]` return?"),
                ("⭐", "⭐"),
            ],
        );
    }

    #[test]
    fn citations_end_no_answer() {
        check_text(
            strip_citations,
            &[
                ("It spreads load. [src]", "It spreads load."),
                ("It spreads load. [src1] [src2]", "It spreads load."),
                ("Use a[1] here", "Use a[1] here"),
                ("[src]", "[src]"),
            ],
        );
    }

    #[test]
    fn title_case_headings_are_recognised() {
        check(
            is_title_case_heading,
            &[
                ("Deployment & Scalability", true),
                ("Security Basics", true),
                ("Use a rolling update.", false),
                ("Pods are ephemeral", false),
                ("What Is A Pod?", false),
            ],
        );
    }

    #[test]
    fn question_words_and_marks_make_a_question() {
        check(
            reads_as_question,
            &[
                ("What is Docker", true),
                ("Explain the GIL.", true),
                ("Docker vs VMs?", true),
                ("Docker images", false),
                ("Conclusion", false),
                ("What", false),
            ],
        );
    }

    #[test]
    fn section_titles_are_recognised() {
        check(
            is_section_title,
            &[
                ("Conclusion", true),
                ("Basic Docker Interview Questions", true),
                ("Table of Contents", true),
                ("Advanced Level", true),
                ("Part 2: Experienced", true),
                ("Advanced features of Git are many, such as rebase", false),
                ("What is Docker?", false),
                ("Docker vs Kubernetes", false),
            ],
        );
    }

    #[test]
    fn answer_labels_are_markup() {
        check_text(
            strip_answer_label,
            &[
                ("A: It is.", "It is."),
                ("Ans. It is.", "It is."),
                ("Answer: It is.", "It is."),
                ("Answer - It is.", "It is."),
                ("A1. It is.", "It is."),
                ("A. It is.", "It is."),
                ("Answer:", ""),
                ("Answer", ""),
                ("A. B. testing is useful.", "A. B. testing is useful."),
                ("A model is a function.", "A model is a function."),
                ("Answers vary.", "Answers vary."),
                ("- Answer: It is.", "It is."),
                ("**Answer:** It is.", "It is."),
                ("- **Expected Answer**: It is.", "It is."),
                ("Sample answer - It is.", "It is."),
                ("- A list item.", "- A list item."),
                ("Short answers help.", "Short answers help."),
            ],
        );
        assert!(is_answer_label_line("- Ans: yes"));
        assert!(is_answer_label_line("Answer:"));
        assert!(!is_answer_label_line("Answers vary."));
    }
}
