//! The table of question-line patterns for plain text: which lines start a question, and what
//! their number and question text are. Adding a numbering style is one entry in [`PATTERNS`].

use std::sync::LazyLock;

use regex::Regex;

/// One way articles print a question line.
pub struct QuestionPattern {
    /// Short name, used in tests and `-v` output.
    pub name: &'static str,
    /// An example line this pattern matches.
    pub example: &'static str,
    /// A regex with a `num` group (optional) and a `text` group.
    regex: &'static str,
}

/// Every question pattern, tried in order; the first that matches wins.
pub const PATTERNS: &[QuestionPattern] = &[
    // `Q1. What is MLOps?`, `Q12: …`, `Q3) …`: the sample's style.
    QuestionPattern {
        name: "q-number",
        example: "Q17. What is the difference between MLOps and DevOps?",
        regex: r"^Q(?<num>\d{1,4})\s*[.:)]\s*(?<text>\S.*)$",
    },
];

/// A question line, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionLine {
    pub pattern: &'static str,
    pub number: Option<u32>,
    pub text: String,
}

static COMPILED: LazyLock<Vec<(&'static QuestionPattern, Regex)>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|p| {
            let regex = Regex::new(p.regex).unwrap_or_else(|e| panic!("pattern {}: {e}", p.name));
            (p, regex)
        })
        .collect()
});

/// Collapses every run of white space (including no-break spaces) into one space and trims.
pub fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Matches a (trimmed) line against the table.
pub fn question_line(line: &str) -> Option<QuestionLine> {
    let line = line.trim();
    COMPILED.iter().find_map(|(pattern, regex)| {
        let caps = regex.captures(line)?;
        let text = normalise_space(caps.name("text")?.as_str());
        if text.is_empty() {
            return None;
        }
        Some(QuestionLine {
            pattern: pattern.name,
            number: caps.name("num").and_then(|n| n.as_str().parse().ok()),
            text,
        })
    })
}

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
    }
}
