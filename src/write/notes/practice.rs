//! The back of a card whose article gives no answer (a practice list): it says so, so that the card
//! still works for practising aloud, and for a behavioural question ("Tell me about a time …") it
//! adds a short STAR reminder. Also the tags such a note carries: `no-answer` and its section.

use super::html;
use crate::model::{Block, ListItem};

/// The tag on every note whose question has no answer in the article, for filtering in Anki.
pub const NO_ANSWER_TAG: &str = "no-answer";

/// What a card says in place of the answer the article does not give.
pub const NO_ANSWER: &str =
    "The article gives no answer to this question: practise answering it aloud.";

/// For a behavioural question, a short reminder of the STAR shape as answer blocks (the PDF's
/// cards print it too); `None` for any other question.
pub fn star_reminder(question: &str) -> Option<Vec<Block>> {
    if !is_behavioural(question) {
        return None;
    }
    let items = [
        "Situation: where and when, in a sentence or two.",
        "Task: what you had to achieve.",
        "Action: what you did yourself.",
        "Result: what came of it, in numbers if you can.",
    ];
    Some(vec![
        Block::Paragraph("Answer with STAR:".into()),
        Block::List(items.iter().map(|i| ListItem::parse(i)).collect()),
    ])
}

/// The answer field of a question without an answer, as HTML.
pub fn no_answer_back(question: &str) -> String {
    let mut out = format!("<p><i>{NO_ANSWER}</i></p>");
    if let Some(blocks) = star_reminder(question) {
        out.push_str(&html::blocks(&blocks));
    }
    out
}

/// Phrases of questions that ask for a story from the candidate's past.
const BEHAVIOURAL_PHRASES: &[&str] = &[
    "tell me about a time",
    "tell us about a time",
    "a time when",
    "a time you",
    "a situation",
    "an example of a time",
    "an example of when",
    "give an example",
    "give me an example",
    "share an example",
    "have you ever",
    "talk about a time",
    "walk me through a time",
    "describe a conflict",
    "describe a failure",
    "describe a project",
    "your proudest",
    "you are proud of",
    "you're proud of",
];

/// Whether a question asks for a story (Situation, Task, Action, Result) rather than knowledge.
pub fn is_behavioural(question: &str) -> bool {
    let lower = question.to_lowercase();
    BEHAVIOURAL_PHRASES.iter().any(|p| lower.contains(p))
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
