//! The Anki back of a note whose article gives no answer (a practice list), as HTML, and the tags
//! such a note carries: `no-answer` and its section. The wording is the writers' own
//! (`write::no_answer`).

use super::html;
use crate::write::no_answer::{NO_ANSWER, star_reminder};

/// The tag on every note whose question has no answer in the article, for filtering in Anki.
pub const NO_ANSWER_TAG: &str = "no-answer";

/// The answer field of a question without an answer, as HTML.
pub fn no_answer_back(question: &str) -> String {
    let mut out = format!("<p><i>{NO_ANSWER}</i></p>");
    if let Some(blocks) = star_reminder(question) {
        out.push_str(&html::blocks(&blocks));
    }
    out
}

/// A section heading as an Anki tag: white space becomes `_` (a tag cannot hold a space).
pub fn section_tag(section: &str) -> String {
    section.split_whitespace().collect::<Vec<_>>().join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behavioural_questions_get_a_star_reminder() {
        assert!(no_answer_back("Tell me about a time you led a team.").contains("STAR"));
        assert!(no_answer_back("Describe a conflict with a teammate.").contains("Situation"));
        let plain = no_answer_back("What is a pod?");
        assert!(plain.contains("gives no answer"));
        assert!(!plain.contains("STAR"));
    }

    #[test]
    fn section_tags_have_no_spaces() {
        assert_eq!(section_tag("Customer  service"), "Customer_service");
    }
}
