//! The table of question-line patterns: which lines may start a question, and what their number
//! and question text are. Adding a numbering style is one entry in [`PATTERNS`]. The wording
//! tests every reader shares (does this read like a question, is this a label) are in
//! `read/wording.rs`.
//!
//! Matching is hand-written rather than regex-based: every line of every article goes through
//! this table, and a byte-level prefix check keeps reading linear and cheap. Whether a pattern's
//! lines really are the questions of a document is decided later, from the document's rhythm
//! (`read/rhythm.rs`); this table only proposes candidates.

use super::wording::{
    count_words, is_prompt, normalise_space, reads_as_question, strip_decoration,
};

/// One way articles print a question line.
pub struct QuestionPattern {
    /// Short name, used as the pattern's family in `read/rhythm.rs`, in tests and `-v` output.
    pub name: &'static str,
    /// An example line this pattern matches (the tests check that it does).
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: &'static str,
    /// Strong patterns (`Q1.`, `Question 1:`, `Q:`) say "question" outright; weak ones (`1.`,
    /// `#1`, a line ending in `?`) only when the document's rhythm agrees.
    pub strong: bool,
    /// Splits a trimmed line into its number (if any) and question text.
    parse: ParseFn,
}

/// Splits a trimmed line into its number (if any) and the question text after the prefix.
type ParseFn = fn(&str) -> Option<(Option<u32>, &str)>;

/// Every question pattern, tried in order; the first that matches wins.
pub const PATTERNS: &[QuestionPattern] = &[
    // `Q1. What is MLOps?`, `Q12: …`, `Q3) …`, `Q.4 …`, `Q 5) …`, `Q-6 – …`: the sample's style
    // and its cousins.
    QuestionPattern {
        name: "q-number",
        example: "Q17. What is the difference between MLOps and DevOps?",
        strong: true,
        parse: parse_q_number,
    },
    // `Question 1: What is Docker?`, `Question #2 - …`, `QUESTION 3. …`.
    QuestionPattern {
        name: "question-number",
        example: "Question 1: What is a Docker image?",
        strong: true,
        parse: parse_question_number,
    },
    // `Q: What is a pod?`, `Question: …` (a Q/A layout without numbers).
    QuestionPattern {
        name: "q-label",
        example: "Q: What is a Kubernetes pod?",
        strong: true,
        parse: parse_q_label,
    },
    // `1. What is Python?`, `12. Explain decorators.`
    QuestionPattern {
        name: "number-dot",
        example: "12. What is a Python decorator?",
        strong: false,
        parse: |line| parse_number_then(line, b'.'),
    },
    // `1) What is a closure?`
    QuestionPattern {
        name: "number-paren",
        example: "3) What is a closure in JavaScript?",
        strong: false,
        parse: |line| parse_number_then(line, b')'),
    },
    // `#1 What is a join?`, `#2. …`, `#3: …`
    QuestionPattern {
        name: "hash-number",
        example: "#4 What is a database index?",
        strong: false,
        parse: parse_hash_number,
    },
    // `17 What is Compose?`, `1What is MLOps?`: a number with no separator, glued to the text or
    // followed by a space; only text that asks (a glued one must end with `?`) so `3 reasons`
    // and `3D printing` are not questions.
    QuestionPattern {
        name: "number-bare",
        example: "4What is a feature store?",
        strong: false,
        parse: parse_number_bare,
    },
    // `What is the CAP theorem?` on a line of its own: a question only in documents that are
    // clearly question-and-answer (`read/rhythm.rs` decides).
    QuestionPattern {
        name: "unnumbered",
        example: "What is the CAP theorem?",
        strong: false,
        parse: parse_unnumbered,
    },
];

/// Longest question line, in words: a longer line is prose that happens to end with `?`.
const MAX_UNNUMBERED_WORDS: usize = 30;
/// Most digits in a question number (`Q100000.` still reads; a 12-digit "number" is not one).
const MAX_NUMBER_DIGITS: usize = 9;

/// A question line, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionLine {
    pub pattern: &'static str,
    pub strong: bool,
    pub number: Option<u32>,
    pub text: String,
    /// The start of the answer when it is printed on the question's own line
    /// (`1. What is Python? Python is a language …`).
    pub rest: Option<String>,
}

/// Matches a line against the table.
pub fn question_line(line: &str) -> Option<QuestionLine> {
    let line = strip_decoration(strip_markup(line.trim()));
    // Cheap prefilter: every pattern starts with a letter, a digit or `#`, and no question is
    // a couple of characters long.
    let first = *line.as_bytes().first()?;
    if line.len() < 3 || !(first.is_ascii_alphanumeric() || first == b'#' || first >= 0x80) {
        return None;
    }
    PATTERNS.iter().find_map(|pattern| {
        let (number, text) = (pattern.parse)(line)?;
        let text = normalise_space(text);
        if text.is_empty() || !text.chars().any(char::is_alphabetic) {
            return None;
        }
        let (text, rest) = match split_inline_answer(&text).filter(|_| pattern.name != "unnumbered")
        {
            Some(at) => (text[..at].to_string(), Some(text[at..].trim().to_string())),
            None => (text, None),
        };
        Some(QuestionLine {
            pattern: pattern.name,
            strong: pattern.strong,
            number,
            text,
            rest,
        })
    })
}

/// Markdown markup left in a plain-text line: `**Q1. What is X?**`, `## 2. What is Y?`.
fn strip_markup(line: &str) -> &str {
    let line = match line.find(|c: char| c != '#') {
        Some(hashes) if hashes > 0 && line[hashes..].starts_with(' ') => {
            line[hashes..].trim_start()
        }
        _ => line,
    };
    for marker in ["**", "__"] {
        if let Some(inner) = line.strip_prefix(marker) {
            return inner.strip_suffix(marker).unwrap_or(inner).trim();
        }
    }
    line
}

/// Longest question, in words, before an answer printed on the same line.
const MAX_INLINE_QUESTION_WORDS: usize = 30;
/// Fewest words of answer after the question mark for the line to split.
const MIN_INLINE_ANSWER_WORDS: usize = 3;

/// Where the answer starts when a question line carries it (`What is X? X is a …`): just after
/// the first `? ` whose question part is short and whose rest is a statement, not a second
/// question (`What is X? Explain with an example.` stays whole).
fn split_inline_answer(text: &str) -> Option<usize> {
    // The first `?` followed by a space, found by a vector byte search (most lines ask once).
    let bytes = text.as_bytes();
    let at = memchr::memchr_iter(b'?', bytes).find(|&q| bytes.get(q + 1) == Some(&b' '))? + 1;
    let (question, rest) = text.split_at(at);
    let rest = rest.trim();
    let fits = question
        .split_whitespace()
        .nth(MAX_INLINE_QUESTION_WORDS)
        .is_none()
        && rest
            .split_whitespace()
            .nth(MIN_INLINE_ANSWER_WORDS - 1)
            .is_some();
    (fits && !rest.ends_with('?') && !reads_as_question(rest)).then_some(at)
}

/// Reads 1 to [`MAX_NUMBER_DIGITS`] ASCII digits at the start of `s`.
fn leading_number(s: &str) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > MAX_NUMBER_DIGITS {
        return None;
    }
    let number = s[..digits].parse().ok()?;
    Some((number, &s[digits..]))
}

/// After a number: a separator (`.`, `:`, `)`, `-`, `–`, `—`) and then the text; or just white
/// space, when the text reads as a question (`Q1 What is …?`, never `Q4 results were good`).
fn after_number(rest: &str) -> Option<&str> {
    let trimmed = rest.trim_start();
    for sep in ['.', ':', ')', '-', '–', '—'] {
        if let Some(text) = trimmed.strip_prefix(sep) {
            // `Q1.5` is a decimal, not `Q1.` and text.
            if sep == '.' && text.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            return Some(text.trim_start_matches(['.', ':', ')', '-', '–', '—', ' ']));
        }
    }
    (trimmed.len() < rest.len() && reads_as_question(trimmed)).then_some(trimmed)
}

fn parse_q_number(line: &str) -> Option<(Option<u32>, &str)> {
    let rest = line.strip_prefix('Q')?;
    let rest = rest
        .strip_prefix(['.', '-', '#'])
        .unwrap_or(rest)
        .trim_start();
    let (number, rest) = leading_number(rest)?;
    Some((Some(number), after_number(rest)?))
}

fn parse_question_number(line: &str) -> Option<(Option<u32>, &str)> {
    let head = line.get(..8)?;
    if !head.eq_ignore_ascii_case("question") {
        return None;
    }
    let rest = line[8..].trim_start();
    let rest = rest
        .strip_prefix('#')
        .or_else(|| rest.strip_prefix("No."))
        .unwrap_or(rest)
        .trim_start();
    let (number, rest) = leading_number(rest)?;
    Some((Some(number), after_number(rest)?))
}

fn parse_q_label(line: &str) -> Option<(Option<u32>, &str)> {
    let rest = if let Some(rest) = line.strip_prefix('Q') {
        rest
    } else {
        let head = line.get(..8)?;
        if !head.eq_ignore_ascii_case("question") {
            return None;
        }
        &line[8..]
    };
    let rest = rest.trim_start();
    let text = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('-'))
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix(". "))?;
    Some((None, text))
}

fn parse_number_then(line: &str, sep: u8) -> Option<(Option<u32>, &str)> {
    let (number, rest) = leading_number(line)?;
    let text = rest.strip_prefix(sep as char)?;
    // `3.what is …?`: a missing space after the dot, when the text asks.
    let glued = text.starts_with(char::is_alphabetic) && reads_as_question(text);
    if !text.starts_with(char::is_whitespace) && !glued {
        return None;
    }
    Some((Some(number), text))
}

fn parse_number_bare(line: &str) -> Option<(Option<u32>, &str)> {
    let (number, rest) = leading_number(line)?;
    let text = rest.trim_start();
    let spaced = text.len() < rest.len();
    let asks = if spaced {
        reads_as_question(text)
    } else {
        text.trim_end().ends_with('?')
    };
    (text.starts_with(char::is_alphabetic) && asks).then_some((Some(number), text))
}

fn parse_hash_number(line: &str) -> Option<(Option<u32>, &str)> {
    let rest = line.strip_prefix('#')?;
    let (number, rest) = leading_number(rest)?;
    Some((Some(number), after_number(rest)?))
}

fn parse_unnumbered(line: &str) -> Option<(Option<u32>, &str)> {
    let starts_well = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“'‘`".contains(c));
    let ends_with_mark = line
        .trim_end_matches(['"', '”', '’', '\'', ')', '*'])
        .ends_with('?');
    // `Explain the CAP theorem`, `Difference between TCP and UDP`: a prompt without `?`.
    let may_prompt =
        line.starts_with(char::is_uppercase) && !line.ends_with(['.', ',', ';', ':', '!']);
    // Most lines (an answer's sentences) can be neither: their words need no counting.
    let may_ask = starts_well && ends_with_mark;
    if !may_ask && !may_prompt {
        return None;
    }
    // Counted no further than the longest limit: most lines are long prose and ask nothing.
    let words = count_words(line, MAX_UNNUMBERED_WORDS.max(MAX_PROMPT_WORDS) + 1);
    let prompt = may_prompt && (2..=MAX_PROMPT_WORDS).contains(&words) && is_prompt(line);
    ((may_ask && words <= MAX_UNNUMBERED_WORDS) || prompt).then_some((None, line))
}

/// Longest unnumbered prompt without a question mark, in words.
const MAX_PROMPT_WORDS: usize = 15;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_matches_its_own_pattern() {
        for pattern in PATTERNS {
            let line = question_line(pattern.example)
                .unwrap_or_else(|| panic!("{} does not match {}", pattern.name, pattern.example));
            assert_eq!(line.pattern, pattern.name);
        }
    }

    #[test]
    fn q_number_strips_prefix_and_keeps_quotes() {
        let line =
            question_line("Q13. What is the concept of  “immutable infrastructure”?").unwrap();
        assert_eq!(line.number, Some(13));
        assert_eq!(
            line.text,
            "What is the concept of “immutable infrastructure”?"
        );
        let line = question_line("  Q2: How do you create Infrastructure in MLOps?").unwrap();
        assert_eq!(line.number, Some(2));
        assert_eq!(line.text, "How do you create Infrastructure in MLOps?");
    }

    #[test]
    fn q_number_ignores_lines_that_only_look_alike() {
        assert_eq!(question_line("Q1."), None);
        assert_eq!(question_line("QA is a team"), None);
        assert_eq!(question_line("Q&A session notes"), None);
        assert_eq!(question_line("The Q1. results were good"), None);
        assert_eq!(question_line("Q4 results were good"), None);
    }

    fn parts(line: &str) -> Option<(&'static str, Option<u32>, String)> {
        question_line(line).map(|q| (q.pattern, q.number, q.text))
    }

    #[test]
    fn every_numbering_style_gives_number_and_text() {
        let cases = [
            ("Q1: What is X?", "q-number", Some(1)),
            ("Q.1 What is X?", "q-number", Some(1)),
            ("Q 1) What is X?", "q-number", Some(1)),
            ("Q-7 – What is X?", "q-number", Some(7)),
            ("Q10000. What is X?", "q-number", Some(10000)),
            ("Q1234567. What is X?", "q-number", Some(1234567)),
            ("Question 1: What is X?", "question-number", Some(1)),
            ("QUESTION #12 - What is X?", "question-number", Some(12)),
            ("Q: What is X?", "q-label", None),
            ("Q. What is X?", "q-label", None),
            ("1. What is X?", "number-dot", Some(1)),
            ("250. What is X?", "number-dot", Some(250)),
            ("1) What is X?", "number-paren", Some(1)),
            ("#1 What is X?", "hash-number", Some(1)),
            ("#2. What is X?", "hash-number", Some(2)),
            ("3What is X?", "number-bare", Some(3)),
            ("17 What is X?", "number-bare", Some(17)),
            ("4.What is X?", "number-dot", Some(4)),
            ("What is X?", "unnumbered", None),
            ("**Q1. What is X?**", "q-number", Some(1)),
            ("## 1. What is X?", "number-dot", Some(1)),
        ];
        for (line, pattern, number) in cases {
            assert_eq!(
                parts(line),
                Some((pattern, number, "What is X?".to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn numbers_in_prose_are_not_question_lines() {
        assert_eq!(question_line("1.5 GB of memory is enough."), None);
        assert_eq!(question_line("2024 was a good year."), None);
        assert_eq!(question_line("3 reasons to test"), None);
        assert_eq!(question_line("3D printing is fun."), None);
        assert_eq!(
            question_line("1.5x faster, is it?").map(|q| q.pattern),
            Some("unnumbered")
        );
        assert_eq!(question_line("#hashtag"), None);
        assert_eq!(
            question_line("1234567890123. What?").and_then(|q| q.number),
            None
        );
        assert_eq!(question_line("- What is X?").map(|q| q.pattern), None);
        assert_eq!(
            question_line(
                "It ends with a question mark but is long prose that goes on and on with many words well beyond thirty words of text so it is prose and not a question line at all, is it?"
            ),
            None
        );
    }

    #[test]
    fn an_answer_on_the_question_line_is_split_off() {
        let line = question_line("1. What is Python? Python is a high-level language.").unwrap();
        assert_eq!(line.text, "What is Python?");
        assert_eq!(
            line.rest.as_deref(),
            Some("Python is a high-level language.")
        );
        let line = question_line("Q2. What is X? Explain with an example.").unwrap();
        assert_eq!(line.text, "What is X? Explain with an example.");
        assert_eq!(line.rest, None);
        let line = question_line("Q3. Is X better than Y? Why?").unwrap();
        assert_eq!(line.rest, None);
    }

    #[test]
    fn prompts_without_a_mark_are_unnumbered_candidates() {
        let line = question_line("Explain the CAP theorem").unwrap();
        assert_eq!((line.pattern, line.number), ("unnumbered", None));
        assert_eq!(
            question_line("Explain the CAP theorem in a sentence or two."),
            None
        );
        assert_eq!(question_line("Docker images"), None);
        assert_eq!(question_line("Types of joins"), None);
        assert_eq!(question_line("List of tools"), None);
        assert_eq!(question_line("How it works"), None);
        assert_eq!(question_line("How to install Docker"), None);
        assert_eq!(
            question_line("How does DNS work").map(|q| q.pattern),
            Some("unnumbered")
        );
    }
}
