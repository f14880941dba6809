//! What a card says where the article gives no answer (a practice list), for every writer that
//! prints a back: that there is none, so the card still works for practising aloud, and for a
//! behavioural question ("Tell me about a time …") a short STAR reminder.

use crate::model::{Block, ListItem};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_behavioural_questions_get_a_star_reminder() {
        assert!(star_reminder("Tell me about a time you led a team.").is_some());
        assert!(star_reminder("Describe a conflict with a teammate.").is_some());
        assert!(star_reminder("What is a pod?").is_none());
    }
}
