//! The wording tests every reader shares: does a text read like a question, is a heading a section
//! title or a closing section, is a line an answer label; and white space normalised.

/// Collapses every run of white space (including no-break spaces) into one space and trims.
pub fn normalise_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Words that open a prompt on a line of its own even without `?`. Narrower than
/// [`QUESTION_WORDS`]: `Types of joins` or `List of tools` on a line of their own are answer
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

/// Words that open a question or an interview prompt (`What is …`, `Explain …`).
const QUESTION_WORDS: &[&str] = &[
    "what",
    "why",
    "how",
    "when",
    "where",
    "which",
    "who",
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
    "explain",
    "describe",
    "define",
    "differentiate",
    "distinguish",
    "compare",
    "contrast",
    "list",
    "name",
    "mention",
    "give",
    "tell",
    "write",
    "state",
    "discuss",
    "outline",
    "elaborate",
    "illustrate",
    "implement",
    "design",
    "identify",
    "difference",
    "differences",
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
        && QUESTION_WORDS.iter().any(|w| w.eq_ignore_ascii_case(first))
}

/// Headings that name a section of the article rather than ask something: `Introduction`,
/// `Conclusion`, `Basic Docker Interview Questions`, `Table of contents`, `Related posts`.
pub fn is_section_title(text: &str) -> bool {
    let lower = text.trim().trim_end_matches([':', '.', ' ']).to_lowercase();
    const NAMES: &[&str] = &[
        "introduction",
        "conclusion",
        "summary",
        "overview",
        "final thoughts",
        "wrapping up",
        "key takeaways",
        "takeaways",
        "next steps",
        "table of contents",
        "contents",
        "references",
        "further reading",
        "resources",
        "related posts",
        "related articles",
        "about the author",
        "faq",
        "faqs",
        "frequently asked questions",
    ];
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
        || NAMES.contains(&lower.as_str())
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
    const CLOSING: &[&str] = &[
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
    CLOSING.contains(&lower.as_str()) || lower.starts_with("conclusion")
}

/// Removes an answer label (`A:`, `A1.`, `Ans:`, `Ans.`, `Answer:`, `Answer 3 -`) from the start
/// of an answer's first line: the label is markup, not answer text. Returns the line unchanged
/// when it has no label.
pub fn strip_answer_label(line: &str) -> &str {
    let trimmed = line.trim_start();
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
    let separated = if let Some(text) = rest.strip_prefix([':', ')', '-', '–', '—']) {
        Some(text)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_and_marks_make_a_question() {
        assert!(reads_as_question("What is Docker"));
        assert!(reads_as_question("Explain the GIL."));
        assert!(reads_as_question("Docker vs VMs?"));
        assert!(!reads_as_question("Docker images"));
        assert!(!reads_as_question("Conclusion"));
        assert!(!reads_as_question("What"));
    }

    #[test]
    fn section_titles_are_recognised() {
        assert!(is_section_title("Conclusion"));
        assert!(is_section_title("Basic Docker Interview Questions"));
        assert!(is_section_title("Table of Contents"));
        assert!(is_section_title("Advanced Level"));
        assert!(is_section_title("Part 2: Experienced"));
        assert!(!is_section_title(
            "Advanced features of Git are many, such as rebase"
        ));
        assert!(!is_section_title("What is Docker?"));
        assert!(!is_section_title("Docker vs Kubernetes"));
    }

    #[test]
    fn answer_labels_are_markup() {
        assert_eq!(strip_answer_label("A: It is."), "It is.");
        assert_eq!(strip_answer_label("Ans. It is."), "It is.");
        assert_eq!(strip_answer_label("Answer: It is."), "It is.");
        assert_eq!(strip_answer_label("Answer - It is."), "It is.");
        assert_eq!(strip_answer_label("A1. It is."), "It is.");
        assert_eq!(strip_answer_label("A. It is."), "It is.");
        assert_eq!(strip_answer_label("Answer:"), "");
        assert_eq!(strip_answer_label("Answer"), "");
        assert_eq!(
            strip_answer_label("A. B. testing is useful."),
            "A. B. testing is useful."
        );
        assert_eq!(
            strip_answer_label("A model is a function."),
            "A model is a function."
        );
        assert_eq!(strip_answer_label("Answers vary."), "Answers vary.");
    }
}
