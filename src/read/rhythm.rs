//! Decides which candidate lines (or outline nodes) are the questions of a document, from the
//! document's own rhythm rather than fixed counts. Every reader proposes candidates grouped in
//! families (`1.` lines, `Q1.` lines, `h3` headings, bold paragraphs…); this step picks the one
//! family whose members behave like questions:
//!
//! - they read as questions (`?`, `What …`, `Explain …`) or use a strong pattern (`Q1.`);
//! - they are followed by answer material rather than by their own siblings (an answer list's
//!   items sit next to each other);
//! - their numbering runs on through the document (1, 2, 3 … across answers) where an answer
//!   list's numbering restarts in every answer. The longest run-on chain (the spine) is found in
//!   one linear pass, so `1.` questions with `1.` lists inside their answers still separate.

use std::collections::HashMap;

use super::patterns::{is_section_title, reads_as_question};

/// One unit of a document (a non-blank line, an outline node), in reading order.
#[derive(Debug, Clone)]
pub struct Unit<'a> {
    /// The question this unit could start, if any.
    pub candidate: Option<Candidate<'a>>,
    /// Whether the unit is answer material (prose, a list, code) when it is not a question.
    pub content: bool,
}

/// A unit that could start a question.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The family it belongs to: a pattern name (`number-dot`) or node kind (`h3`, `bold`).
    pub family: &'static str,
    pub number: Option<u32>,
    pub text: &'a str,
    /// From a strong pattern (`Q1.`, `Question 1:`): a question whatever the rhythm says.
    pub strong: bool,
    /// A heading, term or list item with nested content: its shape alone says a section starts,
    /// so it may be a question without reading like one (`## Docker vs Kubernetes`).
    pub structural: bool,
}

/// Below this share of accepted members (of the spine, for numbered families) a family is
/// something else: an answer list, sub-headings.
const MIN_ACCEPTED_SHARE: f64 = 0.5;
/// Unnumbered `?` lines mark questions only in documents that are clearly question-and-answer:
/// at least this share of them are followed by an answer.
const MIN_UNNUMBERED_PROSE_SHARE: f64 = 0.75;

/// The family name of lines that are questions only because they end with `?`.
const UNNUMBERED: &str = "unnumbered";

/// Returns, for every unit, whether it starts a question.
pub fn choose(units: &[Unit]) -> Vec<bool> {
    let mut families: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        if let Some(candidate) = &unit.candidate {
            match families
                .iter_mut()
                .find(|(name, _)| *name == candidate.family)
            {
                Some((_, members)) => members.push(i),
                None => families.push((candidate.family, vec![i])),
            }
        }
    }
    let mut best: Option<(f64, Vec<usize>)> = None;
    for (family, members) in &families {
        if let Some((score, accepted)) = judge(units, family, members)
            && best.as_ref().is_none_or(|(s, _)| score > *s)
        {
            best = Some((score, accepted));
        }
    }
    let mut chosen = vec![false; units.len()];
    let accepted = best.map(|(_, accepted)| accepted).unwrap_or_default();
    let strong = |i: &usize| units[*i].candidate.as_ref().is_some_and(|c| c.strong);
    // A document that numbers its questions `Q1.` may set a few of them differently (a heading
    // here, a paragraph there): strong candidates of every family are questions too.
    let strong_document = accepted.iter().filter(|i| strong(i)).count() * 2 > accepted.len();
    for i in accepted {
        chosen[i] = true;
    }
    if strong_document {
        for (i, slot) in chosen.iter_mut().enumerate() {
            *slot |= strong(&i);
        }
    }
    chosen
}

/// Scores one family: `None` when it does not mark questions, else its score and the members
/// that are questions.
fn judge(units: &[Unit], family: &str, members: &[usize]) -> Option<(f64, Vec<usize>)> {
    let candidate = |i: usize| units[i].candidate.as_ref();
    let prose_after = |i: usize| {
        units.get(i + 1).is_some_and(|next| {
            next.content && next.candidate.as_ref().is_none_or(|c| c.family != family)
        })
    };
    let qlike: Vec<bool> = members
        .iter()
        .map(|&i| candidate(i).is_some_and(|c| reads_as_question(c.text)))
        .collect();
    let prose: Vec<bool> = members.iter().map(|&i| prose_after(i)).collect();
    // An answer list's items sit next to each other; a question follows its predecessor's answer.
    let sibling_before = |i: usize| {
        i.checked_sub(1)
            .and_then(|p| units[p].candidate.as_ref())
            .is_some_and(|c| c.family == family)
    };
    let spine = spine(units, members, &qlike, &prose);

    let mut accepted = Vec::new();
    let mut score = 0.0;
    for (k, &i) in members.iter().enumerate() {
        let Some(c) = candidate(i) else { continue };
        let text = c.text.trim_end();
        let weight = if c.strong {
            2.0
        } else if text.ends_with(':') || (is_section_title(text) && !qlike[k]) {
            0.0
        } else if qlike[k] {
            if prose[k] || spine[k] || c.structural {
                1.0
            } else {
                0.0
            }
        } else if c.number.is_some() {
            if spine[k] && prose[k] && !sibling_before(i) {
                0.5
            } else {
                0.0
            }
        } else if c.structural && prose[k] {
            0.5
        } else {
            0.0
        };
        if weight > 0.0 {
            accepted.push(i);
            score += weight;
        }
    }
    if accepted.is_empty() {
        return None;
    }
    let numbered = members
        .iter()
        .filter(|&&i| candidate(i).is_some_and(|c| c.number.is_some()))
        .count();
    let spine_len = spine.iter().filter(|&&s| s).count();
    let base = spine_len + (members.len() - numbered);
    if (accepted.len() as f64) < MIN_ACCEPTED_SHARE * base as f64 {
        return None;
    }
    if family == UNNUMBERED {
        let with_prose = prose.iter().filter(|&&p| p).count();
        let clearly_qa = accepted.len() >= 2
            && with_prose as f64 >= MIN_UNNUMBERED_PROSE_SHARE * members.len() as f64;
        if !clearly_qa {
            return None;
        }
    }
    Some((score, accepted))
}

/// Marks the members on the best run-on numbering chain (each number one more than the last),
/// where a member counts more when it reads as a question and is followed by an answer. Linear:
/// the best chain ending at each number is kept in a map.
fn spine(units: &[Unit], members: &[usize], qlike: &[bool], prose: &[bool]) -> Vec<bool> {
    let mut on_spine = vec![false; members.len()];
    let mut best_at: HashMap<u32, (u32, usize)> = HashMap::new();
    let mut chain: Vec<(u32, Option<usize>)> = vec![(0, None); members.len()];
    let mut end: Option<(u32, usize)> = None;
    for (k, &i) in members.iter().enumerate() {
        let Some(number) = units[i].candidate.as_ref().and_then(|c| c.number) else {
            continue;
        };
        let weight = 1 + 2 * u32::from(qlike[k]) + u32::from(prose[k]);
        let before = number.checked_sub(1).and_then(|n| best_at.get(&n)).copied();
        let score = weight + before.map_or(0, |(s, _)| s);
        chain[k] = (score, before.map(|(_, j)| j));
        let slot = best_at.entry(number).or_insert((0, k));
        if score >= slot.0 {
            *slot = (score, k);
        }
        if end.is_none_or(|(s, _)| score > s) {
            end = Some((score, k));
        }
    }
    let mut at = end.map(|(_, k)| k);
    while let Some(k) = at {
        on_spine[k] = true;
        at = chain[k].1;
    }
    on_spine
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds units from a compact description: `(family, number, text)` for candidates, `None`
    /// for answer prose.
    fn units<'a>(items: &[Option<(&'static str, Option<u32>, &'a str)>]) -> Vec<Unit<'a>> {
        items
            .iter()
            .map(|item| Unit {
                candidate: item.map(|(family, number, text)| Candidate {
                    family,
                    number,
                    text,
                    strong: false,
                    structural: family.starts_with('h'),
                }),
                content: item.is_none_or(|(family, _, _)| !family.starts_with('h')),
            })
            .collect()
    }

    fn picked(units: &[Unit]) -> Vec<usize> {
        choose(units)
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .map(|(i, _)| i)
            .collect()
    }

    const N: &str = "number-dot";

    #[test]
    fn numbered_questions_with_numbered_answer_lists_separate() {
        let u = units(&[
            Some((N, Some(1), "What are the steps?")),
            None,
            Some((N, Some(1), "Build")),
            Some((N, Some(2), "Test")),
            Some((N, Some(3), "Deploy")),
            Some((N, Some(2), "What is a test?")),
            None,
            Some((N, Some(1), "Unit")),
            Some((N, Some(2), "Integration")),
            Some((N, Some(3), "Explain deployment.")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 5, 9]);
    }

    #[test]
    fn answer_lists_alone_are_not_questions() {
        let u = units(&[
            Some((UNNUMBERED, None, "What is CI?")),
            None,
            Some((N, Some(1), "Build")),
            Some((N, Some(2), "Test")),
            None,
            Some((UNNUMBERED, None, "What is CD?")),
            None,
            Some((N, Some(1), "Ship")),
            Some((N, Some(2), "Watch")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 5]);
        let lists_only = units(&[
            None,
            Some((N, Some(1), "Build")),
            Some((N, Some(2), "Test")),
            None,
            Some((N, Some(1), "Ship")),
            Some((N, Some(2), "Watch")),
            None,
        ]);
        assert_eq!(picked(&lists_only), Vec::<usize>::new());
    }

    #[test]
    fn one_rhetorical_question_does_not_make_a_qa_document() {
        let u = units(&[None, Some((UNNUMBERED, None, "Why does it matter?")), None]);
        assert_eq!(picked(&u), Vec::<usize>::new());
    }

    #[test]
    fn headings_pick_the_level_that_asks() {
        let u = units(&[
            Some(("h2", None, "Basic questions")),
            Some(("h3", None, "What is Docker?")),
            None,
            Some(("h4", None, "Example")),
            None,
            Some(("h3", None, "Docker vs VMs")),
            None,
            Some(("h2", None, "Conclusion")),
            None,
        ]);
        assert_eq!(picked(&u), vec![1, 5]);
    }
}
