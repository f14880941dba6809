//! Practice lists: articles that list questions without answering them, as list items under
//! section headings (`## Leadership` then `- Tell me about a time you led without authority.`) or
//! as rows of a table (`| Question | What they look for |`). This module finds such lists and
//! tables in an outline and the section headings that the question rhythm mistook for questions
//! (a heading whose only "answer" is a list of questions is the list's section).

use std::collections::HashSet;

use super::outline::{Located, Node};
use super::wording::{normalise_space, reads_as_question, strip_answer_label, strip_decoration};
use crate::model::{Block, ListItem, Table, Text};

/// Fewest items that make a list of questions: one asking bullet is an answer's aside.
const MIN_ITEMS: usize = 2;
/// Share of items (in percent) that must read as questions or prompts.
const MIN_ASKING_PERCENT: usize = 80;
/// Longest item, in words, that still reads as one question rather than an answer.
const MAX_ITEM_WORDS: usize = 45;
/// Longest paragraph, in words, that may stand between a section heading and its list
/// (`Practise these aloud:`).
const MAX_INTRO_WORDS: usize = 40;
/// Share of items (in percent) that repeat the article's questions above which a list is a table
/// of contents, not questions of its own.
const MAX_REPEATED_PERCENT: usize = 50;

/// A question found in a practice list or table: its text and what the article says with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The number printed with it: a table's number column (`| 3 | Why …? |`) or a numbered
    /// list's count (`4.` in a list that starts at 4, `<ol start="4">`).
    pub number: Option<u32>,
    /// The question, decoration stripped and white space normalised.
    pub text: String,
    /// The other columns of its table row, as answer blocks; for a list item, what it holds below
    /// its text (nested lists), mostly nothing.
    pub answer: Vec<Block>,
    /// Which item or body row of its list or table it is.
    pub item: Option<usize>,
}

/// The questions of a question table: the column headed `Question` (or whose cells nearly all
/// ask) gives the questions, the other columns their answer as `Header: cell` paragraphs. Cells
/// are read as plain text. `None` when no column holds questions. The header row is never a
/// question.
pub fn table_questions(table: &Table) -> Option<Vec<Listed>> {
    let header: Vec<String> = table.header.iter().map(Text::plain).collect();
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| row.iter().map(Text::plain).collect())
        .collect();
    plain_table_questions(&header, &rows)
}

/// [`table_questions`] on the plain text of the header and body cells.
fn plain_table_questions(header: &[String], rows: &[Vec<String>]) -> Option<Vec<Listed>> {
    let width = rows.iter().map(Vec::len).max()?;
    let headed = |c: usize| {
        header.get(c).is_some_and(|h| {
            let h = h.to_lowercase();
            h.contains("question") || h.contains("prompt")
        })
    };
    let asking = |c: usize| {
        let cells: Vec<&String> = rows
            .iter()
            .filter_map(|r| r.get(c))
            .filter(|t| !t.is_empty())
            .collect();
        cells.len() >= MIN_ITEMS && share_asking(cells.iter().map(|c| c.as_str()))
    };
    let column = (0..width)
        .find(|&c| headed(c) && asking(c))
        .or_else(|| (0..width).find(|&c| asking(c)))?;
    // `| # | Question |`: a column of numbers numbers the questions.
    let numbers = (0..width).find(|&c| {
        c != column
            && rows.iter().all(|r| {
                r.get(c)
                    .is_some_and(|t| t.trim().trim_end_matches('.').parse::<u32>().is_ok())
            })
    });
    let questions = rows
        .iter()
        .enumerate()
        .filter_map(|(k, row)| {
            let text = question_text(row.get(column)?)?;
            let answer = row
                .iter()
                .enumerate()
                .filter(|(c, cell)| *c != column && Some(*c) != numbers && !cell.trim().is_empty())
                .map(|(c, cell)| {
                    let cell = normalise_space(strip_answer_label(cell));
                    match header.get(c).filter(|h| !h.trim().is_empty()) {
                        Some(h) => Block::paragraph(format!("{}: {cell}", normalise_space(h))),
                        None => Block::paragraph(cell),
                    }
                })
                .collect();
            let number =
                numbers.and_then(|c| row.get(c)?.trim().trim_end_matches('.').parse().ok());
            Some(Listed {
                number,
                text,
                answer,
                item: Some(k),
            })
        })
        .collect();
    Some(questions)
}

/// A question's text from a list item or cell: decoration stripped, white space normalised;
/// `None` when nothing is left.
fn question_text(text: &str) -> Option<String> {
    let text = normalise_space(strip_decoration(text));
    text.chars().any(char::is_alphanumeric).then_some(text)
}

/// Whether nearly all of `texts` read as questions or prompts, none is long, and there are a few.
pub fn share_asking<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let mut count = 0;
    let mut asking = 0;
    for text in texts {
        if text.split_whitespace().count() > MAX_ITEM_WORDS {
            return false;
        }
        count += 1;
        asking += usize::from(reads_as_question(text));
    }
    count >= MIN_ITEMS && asking * 100 >= count * MIN_ASKING_PERCENT
}

/// The questions of a list whose items nearly all ask, `None` for any other list. Each item is
/// read by its own text in plain words; what it nests is that question's answer. The items of a
/// numbered list (`start` its first number) carry their printed numbers.
pub fn list_questions(items: &[ListItem], start: Option<u32>) -> Option<Vec<Listed>> {
    let texts: Vec<String> = items.iter().map(ListItem::to_string).collect();
    if !share_asking(texts.iter().map(String::as_str)) {
        return None;
    }
    Some(
        texts
            .iter()
            .zip(items)
            .enumerate()
            .filter_map(|(k, (t, item))| Some((k, question_text(t)?, item)))
            .map(|(k, text, item)| Listed {
                number: start.and_then(|s| s.checked_add(u32::try_from(k).ok()?)),
                text,
                answer: item.blocks.clone(),
                item: Some(k),
            })
            .collect(),
    )
}

/// Lower case, letters and digits only: how a table of contents' entry is matched to the
/// question it points to.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the outline walk needs to know about practice lists.
pub struct Practice {
    /// For each node, the questions it lists when it is a practice list or question table.
    pub listed: Vec<Option<Vec<Listed>>>,
    /// For each node, whether it is a section heading the rhythm had taken for a question.
    pub demoted: Vec<bool>,
}

/// Finds the practice lists and question tables among `nodes` and the chosen questions that are
/// only their section headings. `chosen` marks the rhythm's questions, `texts` their wording,
/// `asks` the candidates that ask (by wording, number or a strong pattern), `skip` the nodes that
/// are junk or the title.
pub fn find(
    nodes: &[Located],
    chosen: &[bool],
    texts: &[Option<&str>],
    asks: &[bool],
    skip: &[bool],
) -> Practice {
    let known: HashSet<String> = texts
        .iter()
        .zip(chosen)
        .filter(|(_, c)| **c)
        .filter_map(|(t, _)| t.map(key))
        .collect();
    let mut listed: Vec<Option<Vec<Listed>>> = nodes
        .iter()
        .map(|n| match &n.node {
            Node::Block(Block::List(items)) => list_questions(items, None),
            Node::Block(Block::OrderedList { start, items }) => list_questions(items, Some(*start)),
            Node::Block(Block::Table(table)) => table_questions(table),
            _ => None,
        })
        .collect();
    for (i, slot) in listed.iter_mut().enumerate() {
        let Some(questions) = slot else { continue };
        let repeated = questions
            .iter()
            .filter(|q| known.contains(&key(&q.text)))
            .count();
        let toc = repeated * 100 > questions.len() * MAX_REPEATED_PERCENT;
        // A list is a practice list under a section heading (an introduction may stand between);
        // a table of questions stands on its own.
        let placed =
            matches!(nodes[i].node, Node::Block(Block::Table(_))) || under_heading(nodes, skip, i);
        if toc || !placed || questions.is_empty() {
            *slot = None;
        }
    }
    let mut demoted = vec![false; nodes.len()];
    // When the article asks mostly in lists and none of the rhythm's picks asks, the picks are
    // section headings (`## Pricing notes` over a table), whatever follows them. An article of
    // answered headings such as `## Docker vs Kubernetes` with one list of questions keeps them.
    let listed_count: usize = listed.iter().flatten().map(Vec::len).sum();
    let chosen_count = chosen.iter().filter(|&&c| c).count();
    let lists_ask = listed_count > chosen_count;
    let none_asks = (0..nodes.len()).all(|i| !chosen[i] || !asks[i]);
    for i in (0..nodes.len()).filter(|&i| chosen[i]) {
        let level = match nodes[i].node {
            Node::Heading { level, .. } => level,
            Node::Bold(_) => u8::MAX,
            _ => continue,
        };
        if asks[i] {
            continue;
        }
        if lists_ask && none_asks {
            demoted[i] = true;
            continue;
        }
        // What the rhythm took for its answer: everything up to the next question or heading
        // at its level or above.
        let mut lists = 0;
        let mut other = 0;
        for j in i + 1..nodes.len() {
            if chosen[j] {
                break;
            }
            match &nodes[j].node {
                Node::Heading { level: l, .. } if *l <= level => break,
                _ if skip[j] => {}
                Node::Markup => {}
                _ if listed[j].is_some() => lists += 1,
                Node::Block(Block::Paragraph(p))
                    if p.plain_cow().split_whitespace().count() <= MAX_INTRO_WORDS => {}
                Node::Heading { .. } => {}
                _ => other += 1,
            }
        }
        demoted[i] = lists > 0 && other == 0;
    }
    Practice { listed, demoted }
}

/// Whether the list at `i` stands right under a heading or bold line, with at most one short
/// paragraph (its introduction) between.
fn under_heading(nodes: &[Located], skip: &[bool], i: usize) -> bool {
    let mut intro = 0;
    for j in (0..i).rev() {
        if skip[j] || matches!(nodes[j].node, Node::Markup) {
            continue;
        }
        match &nodes[j].node {
            Node::Heading { .. } | Node::Bold(_) => return true,
            Node::Block(Block::Paragraph(p))
                if intro == 0 && p.plain_cow().split_whitespace().count() <= MAX_INTRO_WORDS =>
            {
                intro += 1
            }
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(texts: &[&str]) -> Vec<ListItem> {
        texts.iter().map(|t| ListItem::parse(t)).collect()
    }

    #[test]
    fn lists_of_questions_and_prompts_are_practice_lists() {
        let list = items(&[
            "Tell me about a time you led without authority.",
            "How do you handle a missed deadline?",
            "Walk me through your CV.",
        ]);
        let got = list_questions(&list, None).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].text, "Walk me through your CV.");
        assert_eq!(got[2].number, None);
        let numbered = list_questions(&list, Some(4)).unwrap();
        let numbers: Vec<_> = numbered.iter().map(|q| q.number).collect();
        assert_eq!(numbers, [Some(4), Some(5), Some(6)]);
        assert!(list_questions(&items(&["Docker", "Kubernetes", "What is Helm?"]), None).is_none());
        assert!(list_questions(&items(&["What is a pod?"]), None).is_none());
    }

    fn node(node: Node) -> Located {
        Located::new(node, super::super::outline::At::line(1))
    }

    fn heading(text: &str) -> Node {
        Node::Heading {
            level: 2,
            text: text.into(),
        }
    }

    #[test]
    fn only_headings_over_question_lists_become_sections() {
        let answer = Node::Block(Block::paragraph("word ".repeat(50)));
        let asks_list = || {
            Node::Block(Block::List(items(&[
                "What is the team like?",
                "How do you measure success?",
            ])))
        };
        let nodes = vec![
            node(heading("Docker vs Kubernetes")),
            node(answer.clone()),
            node(heading("Container basics")),
            node(answer),
            node(heading("Questions to ask")),
            node(asks_list()),
        ];
        let chosen = [true, false, true, false, true, false];
        let texts = [
            Some("Docker vs Kubernetes"),
            None,
            Some("Container basics"),
            None,
            Some("Questions to ask"),
            None,
        ];
        let asks = [false; 6];
        let practice = find(&nodes, &chosen, &texts, &asks, &[false; 6]);
        assert_eq!(practice.demoted, [false, false, false, false, true, false]);
        assert!(practice.listed[5].is_some());
    }

    #[test]
    fn a_question_column_gives_questions_and_the_other_columns_their_notes() {
        let table = Table {
            align: Vec::new(),
            header: vec!["Question".into(), "What they look for".into()],
            rows: vec![
                vec!["Why this company?".into(), "Research.".into()],
                vec!["Describe a failure.".into(), Text::default()],
            ],
        };
        let got = table_questions(&table).unwrap();
        assert_eq!(got[0].text, "Why this company?");
        assert_eq!(
            got[0].answer,
            vec![Block::Paragraph("What they look for: Research.".into())]
        );
        assert!(got[1].answer.is_empty());
        let prices = Table {
            align: Vec::new(),
            header: vec!["Plan".into(), "Price".into()],
            rows: vec![
                vec!["Free".into(), "0".into()],
                vec!["Pro".into(), "9".into()],
            ],
        };
        assert!(table_questions(&prices).is_none());
    }
}
