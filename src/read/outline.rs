//! The step Markdown and HTML share: both readers flatten their tree into an [`Outline`] of
//! headings, bold lines, terms and answer blocks, and this module finds the title, the questions
//! (through `read/rhythm.rs`, like plain text) and each question's answer.

use super::junk;
use super::patterns;
use super::practice::{self, Practice};
use super::reading::{AFTER_LAST, BEFORE_FIRST, BETWEEN_SECTIONS, Reading, Skipped};
use super::rhythm::{self, Candidate, FENCE, Unit};
use super::wording::{self, normalise_space, reads_as_question, strip_answer_label};
use crate::model::{Block, Document, Inline, ListItem, Question, SourcePos, Text};

/// One node of a flattened article.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A heading: `## 12. What is a pod?`, `<h3>What is a pod?</h3>`.
    Heading { level: u8, text: String },
    /// A paragraph (or line of one) that is all bold: `**What is a pod?**`,
    /// `<p><strong>Q4. What is a pod?</strong></p>`.
    Bold(String),
    /// A definition term or a disclosure's summary: `<dt>`, `<summary>`.
    Term(String),
    /// A list item whose nested blocks follow it as nodes: `1. What is a pod?` then, indented,
    /// its answer.
    Item { number: Option<u32>, text: String },
    /// Answer material: a paragraph, a list, code, a table. A list whose items ask, or a table
    /// whose column asks (`| Question | What they look for |`), gives questions
    /// (`read/practice.rs`); any other enters an answer whole.
    Block(Block),
    /// Lines of markup with no text (`<br/>`, `</details>`): accounted for, never content.
    Markup,
}

/// The first and last 1-based line of the input a node comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub line: usize,
    pub end: usize,
}

impl At {
    /// One line.
    pub fn line(line: usize) -> At {
        At { line, end: line }
    }
}

/// A node and the 1-based lines of the input it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub node: Node,
    /// The line it starts on.
    pub line: usize,
    /// The last line it covers (`line` when the reader knows only where it starts).
    pub end: usize,
    /// For a list, the line each top-level item starts on; for a table, each body row's line;
    /// empty when the reader does not know them. The items of a practice list and the rows of a
    /// question table are questions, each with its own line.
    pub item_lines: Vec<usize>,
    /// For a list item ([`Node::Item`]), how many of the nodes right after it are blocks nested
    /// in it (its code, its further paragraphs, its sub-lists): in an answer they stay inside
    /// the item; when the item is a question they are its answer.
    pub nested: usize,
}

impl Located {
    /// A node from the lines `at`.
    pub fn new(node: Node, at: At) -> Located {
        Located {
            node,
            line: at.line,
            end: at.end.max(at.line),
            item_lines: Vec::new(),
            nested: 0,
        }
    }
}

/// A flattened article.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub nodes: Vec<Located>,
    /// The headline to use when the nodes hold no `h1` (front matter `title:`, HTML `<title>`).
    pub fallback_title: Option<String>,
    /// What the format's reader already left out (navigation, scripts, share widgets).
    pub skipped: Vec<Skipped>,
}

/// Longest paragraph, in words, that may hold a question line such as `Q3. What is …?`.
const MAX_QUESTION_PARAGRAPH_WORDS: usize = 40;

const HEADING_FAMILIES: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

/// A question proposed by a node: its family, number and text.
struct Proposal {
    family: &'static str,
    number: Option<u32>,
    text: String,
    strong: bool,
    structural: bool,
    /// Answer text on the question's own paragraph (`1. What is X? X is …`).
    rest: Option<String>,
}

/// Splits a prefix such as `12.` or `Q3:` off a heading or bold line.
fn split_prefix(text: &str) -> (Option<u32>, String, bool) {
    match patterns::question_line(text) {
        Some(q) if q.number.is_some() || q.strong => {
            // A heading or bold line is the question whole, even with a statement after `?`.
            let text = match q.rest {
                Some(rest) => format!("{} {rest}", q.text),
                None => q.text,
            };
            (q.number, text, q.strong)
        }
        _ => (
            None,
            normalise_space(wording::strip_decoration(text)),
            false,
        ),
    }
}

fn propose(node: &Node) -> Option<Proposal> {
    propose_any(node).filter(|p| p.text.chars().any(char::is_alphanumeric))
}

fn propose_any(node: &Node) -> Option<Proposal> {
    let proposal = |family, text: &str, structural| {
        let (number, text, strong) = split_prefix(text);
        Proposal {
            family,
            number,
            text,
            strong,
            structural,
            rest: None,
        }
    };
    match node {
        Node::Heading { level, text } => {
            let family = HEADING_FAMILIES[usize::from(*level).clamp(1, 6) - 1];
            Some(proposal(family, text, true))
        }
        Node::Bold(text) => Some(proposal("bold", text, false)),
        Node::Term(text) => Some(proposal("term", text, true)),
        Node::Item { number, text } => {
            let mut p = proposal("item", text, true);
            p.number = p.number.or(*number);
            Some(p)
        }
        Node::Block(Block::Paragraph(text))
            if text.plain_cow().split_whitespace().count() <= MAX_QUESTION_PARAGRAPH_WORDS =>
        {
            let q = patterns::question_line(&text.plain_cow())?;
            Some(Proposal {
                family: q.pattern,
                number: q.number,
                text: q.text,
                strong: q.strong,
                structural: false,
                rest: q.rest,
            })
        }
        Node::Block(Block::Code { lang, text }) if is_problem_fence(lang.as_deref(), text) => {
            Some(proposal(FENCE, text, false))
        }
        Node::Block(_) | Node::Markup => None,
    }
}

/// Longest problem statement in a fence, in words.
const MAX_FENCE_PROBLEM_WORDS: usize = 80;

/// A code fence that holds a problem statement rather than code: no language (or a prose one),
/// one paragraph of words with no code punctuation, numbered or asking
/// (`1. Write a function that reverses a string.`).
fn is_problem_fence(lang: Option<&str>, text: &str) -> bool {
    let prose_lang = lang.is_none_or(|l| {
        ["text", "txt", "plain", "plaintext", "md", "markdown"]
            .contains(&l.to_ascii_lowercase().as_str())
    });
    let words = text.split_whitespace().count();
    let code_like = text.contains("\n\n")
        || text.contains(['{', '}', ';', '=', '$', '>', '<'])
        || text
            .lines()
            .any(|l| l.starts_with(char::is_whitespace) || l.trim_end().ends_with(':'));
    prose_lang
        && !code_like
        && (5..=MAX_FENCE_PROBLEM_WORDS).contains(&words)
        && (patterns::question_line(text).is_some_and(|q| q.number.is_some())
            || reads_as_question(text))
}

/// Text that can stand as a headline: not a question of the article.
fn is_headline(text: &str) -> bool {
    let (number, _, strong) = split_prefix(text);
    number.is_none() && !strong && !reads_as_question(text) && !text.trim().is_empty()
}

/// Whether a node is page chrome; `Some(true)` when it also starts the page footer.
fn junk_of(node: &Node) -> Option<junk::Junk> {
    match node {
        Node::Heading { text, .. } | Node::Bold(text) | Node::Term(text) => junk::classify(text),
        Node::Block(Block::Paragraph(text)) => junk::classify(&text.plain_cow()),
        _ => None,
    }
}

/// Finds the title, the questions and their answers in an outline.
pub fn read(outline: Outline, file: &str) -> Reading {
    let Outline {
        nodes,
        fallback_title,
        mut skipped,
    } = outline;
    let title_at = nodes
        .iter()
        .position(|n| matches!(&n.node, Node::Heading { level: 1, text } if is_headline(text)));
    let mut title = match title_at.map(|i| &nodes[i].node) {
        Some(Node::Heading { text, .. }) => normalise_space(text),
        _ => fallback_title
            .map(|t| normalise_space(&t))
            .unwrap_or_default(),
    };

    let junk: Vec<Option<junk::Junk>> = nodes.iter().map(|n| junk_of(&n.node)).collect();
    let proposals: Vec<Option<Proposal>> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if Some(i) == title_at || junk[i].is_some() {
                None
            } else {
                propose(&n.node)
            }
        })
        .collect();
    let mut at = Vec::new();
    let units: Vec<Unit> = nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            junk[*i].is_none() && Some(*i) != title_at && !matches!(n.node, Node::Markup)
        })
        .map(|(i, n)| {
            at.push(i);
            Unit {
                candidate: proposals[i].as_ref().map(|p| Candidate {
                    family: p.family,
                    number: p.number,
                    text: &p.text,
                    strong: p.strong,
                    structural: p.structural,
                }),
                content: matches!(n.node, Node::Block(_) | Node::Bold(_)),
            }
        })
        .collect();
    let chosen_units = rhythm::choose(&units);
    let mut chosen = vec![false; nodes.len()];
    for (unit, &i) in at.iter().enumerate() {
        chosen[i] = chosen_units[unit];
    }
    // Lists of questions under section headings: the headings are sections, the items questions.
    let left_out: Vec<bool> = (0..nodes.len())
        .map(|i| junk[i].is_some() || Some(i) == title_at)
        .collect();
    let texts: Vec<Option<&str>> = proposals
        .iter()
        .map(|p| p.as_ref().map(|p| p.text.as_str()))
        .collect();
    let asks: Vec<bool> = proposals
        .iter()
        .map(|p| {
            p.as_ref()
                .is_some_and(|p| p.strong || p.number.is_some() || reads_as_question(&p.text))
        })
        .collect();
    let Practice {
        mut listed,
        demoted,
    } = practice::find(&nodes, &chosen, &texts, &asks, &left_out);
    for (slot, &demoted) in chosen.iter_mut().zip(&demoted) {
        *slot &= !demoted;
    }
    let family = chosen
        .iter()
        .position(|&c| c)
        .and_then(|i| proposals[i].as_ref())
        .map(|p| p.family);
    let question_level = family.and_then(|f| HEADING_FAMILIES.iter().position(|h| *h == f));
    let last_question = chosen.iter().rposition(|&c| c);
    // No `h1`, no `<title>`, no front matter: the first heading before the questions.
    if title.is_empty() {
        let first_question = chosen.iter().position(|&c| c).unwrap_or(nodes.len());
        if let Some(Node::Heading { text, .. }) = nodes[..first_question]
            .iter()
            .map(|n| &n.node)
            .find(|n| matches!(n, Node::Heading { text, .. } if is_headline(text)))
        {
            title = normalise_space(text);
        }
    }

    let mut questions: Vec<Question> = Vec::new();
    let mut used = Vec::new();
    // The line a question heading may continue on.
    let mut wraps_onto: Option<usize> = None;
    let mut open = false;
    let mut items_open = false;
    // The heading the questions stand under: the last one that ended a section.
    let mut section: Option<String> = None;
    // The answer's last list may take more items: the nodes since it were list items and lists.
    let mut list_open = false;
    // How many nodes to come are nested in the list item the answer ended on.
    let mut nested_left = 0usize;
    for (i, located) in nodes.into_iter().enumerate() {
        let in_item = nested_left > 0 && !chosen[i];
        nested_left = if in_item { nested_left - 1 } else { 0 };
        let line = located.line;
        let located_nested = located.nested;
        let range = (located.line, located.end);
        let skip = |skipped: &mut Vec<Skipped>, reason| {
            skipped.extend((range.0..=range.1).map(|line| Skipped { line, reason }))
        };
        if Some(i) == title_at {
            used.push(range);
            continue;
        }
        if located.node == Node::Markup {
            skip(&mut skipped, "no text (markup or an image)");
            continue;
        }
        if chosen[i] {
            used.push(range);
            let Some(p) = proposals[i].as_ref() else {
                continue;
            };
            questions.push(Question {
                number: p.number,
                question: p.text.clone(),
                answer: p
                    .rest
                    .iter()
                    .map(|r| Block::Paragraph(rest_of(&located.node, r)))
                    .collect(),
                source: SourcePos {
                    file: file.to_string(),
                    line,
                },
                section: section.clone(),
            });
            open = true;
            items_open = false;
            wraps_onto = p.rest.is_none().then_some(located.end + 1);
            continue;
        }
        // `## 3. How do you roll back when the` then, on the next line, `new build fails?`.
        if wraps_onto.take() == Some(line)
            && let Some(question) = questions.last_mut()
            && let Some(next) = match &located.node {
                Node::Block(Block::Paragraph(next)) => Some(next.plain()),
                Node::Block(Block::Code { text, .. }) => Some(text.clone()),
                _ => None,
            }
            && !next.contains('\n')
            && wording::is_wrapped_question_end(&question.question, &next)
        {
            question.question = format!("{} {}", question.question, normalise_space(&next));
            used.push(range);
            continue;
        }
        if let Some(junk) = junk[i] {
            // A junk heading (`Related posts`, `Comments`) heads junk; after the last question, a
            // footer line ends the article.
            let past_last = last_question.is_none_or(|l| i > l);
            if (junk.ends_article && past_last) || matches!(located.node, Node::Heading { .. }) {
                open = false;
            }
            skip(&mut skipped, junk.reason);
            continue;
        }
        // A heading above the questions' level ends a section, and so does a section title at
        // their level (`Conclusion`); a sub-heading at their level (`Example`) is answer text.
        if let Node::Heading { level, text } = &located.node {
            let level = usize::from(*level);
            let ends_section = match question_level.map(|q| q + 1) {
                Some(q) if level < q => true,
                Some(q) if level == q => wording::is_section_title(text),
                Some(_) => false,
                None => true,
            };
            // A sub-heading right under a question, before any answer text, opens the answer
            // (`### 4. What is X?` then `## Background`), unless it names a section.
            let opens_answer = open
                && question_level.is_some()
                && i.checked_sub(1).is_some_and(|before| chosen[before])
                && questions.last().is_some_and(|q| q.answer.is_empty())
                && !wording::is_section_title(text);
            if (ends_section && !opens_answer) || demoted[i] {
                open = false;
                let text = normalise_space(text);
                section = (text != title && !text.is_empty() && !wording::names_no_topic(&text))
                    .then_some(text);
                // A heading that names the questions' section is used: it is their `section`.
                if section.is_some() {
                    used.push(range);
                    continue;
                }
            }
        }
        if let Node::Bold(text) = &located.node
            && demoted[i]
        {
            open = false;
            section = Some(normalise_space(text));
            used.push(range);
            continue;
        }
        // A practice list or question table outside any answer: each entry is a question.
        if !open && let Some(entries) = listed[i].take() {
            used.push(range);
            for (k, entry) in entries.into_iter().enumerate() {
                questions.push(Question {
                    number: entry.number,
                    question: entry.text,
                    answer: entry.answer,
                    source: SourcePos {
                        file: file.to_string(),
                        line: entry
                            .item
                            .and_then(|item| located.item_lines.get(item))
                            .or(located.item_lines.get(k))
                            .copied()
                            .unwrap_or(line),
                    },
                    section: section.clone(),
                });
            }
            continue;
        }
        let Some(question) = questions.last_mut().filter(|_| open) else {
            let reason = if questions.is_empty() {
                BEFORE_FIRST
            } else if last_question.is_some_and(|l| i > l) {
                AFTER_LAST
            } else {
                BETWEEN_SECTIONS
            };
            skip(&mut skipped, reason);
            continue;
        };
        used.push(range);
        // A block nested in the item before goes inside that item, in the order written.
        let mut item_blocks = in_item
            .then(|| last_item_blocks(&mut question.answer))
            .flatten();
        let under_item = items_open && item_blocks.is_none();
        let answer = match item_blocks.as_mut() {
            Some(blocks) => blocks,
            None => &mut question.answer,
        };
        let first = answer.is_empty() && !in_item;
        let is_item = matches!(located.node, Node::Item { .. });
        let is_list = matches!(
            located.node,
            Node::Block(Block::List(_) | Block::OrderedList { .. })
        );
        let kind = match located.node {
            // A heading inside an answer is a sub-heading (`Example`), unless it is a sentence: a
            // paragraph over a `---` meant as a rule reads as a setext heading.
            Node::Heading { ref text, .. } if !text.trim_end().ends_with(['.', '!']) => {
                Kind::Heading
            }
            Node::Bold(_) => Kind::Bold,
            _ => Kind::Other,
        };
        match located.node {
            Node::Block(Block::Paragraph(rich)) => {
                let plain = rich.plain();
                let text = if first {
                    strip_answer_label(&plain)
                } else {
                    &plain
                };
                // `… the estimates. [src]`: the credit link's text is not answer text.
                let text = wording::strip_citations(text);
                if !text.trim().is_empty() {
                    answer.push(Block::Paragraph(part_of(&rich, &plain, text)));
                }
            }
            Node::Block(Block::List(mut items)) => {
                // `- **Expected answer**: …`: the label is markup, the text is the answer.
                for item in &mut items {
                    if item
                        .lead
                        .as_ref()
                        .is_some_and(|lead| wording::is_answer_label_line(&format!("{lead}:")))
                    {
                        item.lead = None;
                    }
                }
                push_list(
                    answer,
                    Block::List(items),
                    under_item,
                    list_open && !in_item,
                    false,
                );
            }
            Node::Block(block @ Block::OrderedList { .. }) => {
                push_list(answer, block, under_item, list_open && !in_item, false);
            }
            Node::Block(block) => answer.push(block),
            Node::Markup => {}
            Node::Heading { text, .. } | Node::Bold(text) | Node::Term(text) => {
                let text = if first {
                    strip_answer_label(&text).to_string()
                } else {
                    text
                };
                if !text.trim().is_empty() {
                    let text = Text::from(normalise_space(&text));
                    // A sub-heading in an answer stays one; a bold line stays bold.
                    answer.push(match kind {
                        Kind::Heading => Block::Heading(text),
                        Kind::Bold => Block::Paragraph(Text::new([Inline::Strong(text)])),
                        Kind::Other => Block::Paragraph(text),
                    });
                }
            }
            Node::Item { number, text } => {
                let item = ListItem::parse(&normalise_space(&text));
                let block = match number {
                    Some(start) => Block::OrderedList {
                        start,
                        items: vec![item],
                    },
                    None => Block::List(vec![item]),
                };
                push_list(answer, block, false, items_open || list_open, true);
            }
        }
        if let Some(blocks) = item_blocks {
            put_last_item_blocks(&mut question.answer, blocks);
        }
        if is_item && !in_item {
            nested_left = located_nested;
        }
        list_open = is_item
            || is_list
            || (list_open || items_open)
                && matches!(
                    question.answer.last(),
                    Some(Block::List(_) | Block::OrderedList { .. })
                );
        items_open = is_item;
    }
    skipped.sort_by_key(|s| s.line);

    Reading {
        document: Document {
            file: file.to_string(),
            title,
            questions,
            modified: None,
        },
        skipped,
        used,
        warnings: Vec::new(),
    }
}

/// Adds a list to an answer. Right after a list item (`under_item`) it nests under that item (a
/// numbered item's indented bullets); numbered items that go on counting join the list before
/// them, as do bulleted items after bulleted items while the list is `open`.
fn push_list(answer: &mut Vec<Block>, block: Block, under_item: bool, open: bool, item: bool) {
    if under_item
        && let Some(Block::List(items) | Block::OrderedList { items, .. }) = answer.last_mut()
        && let Some(item) = items.last_mut()
    {
        item.blocks.push(block);
        return;
    }
    match (answer.last_mut(), block) {
        (
            Some(Block::OrderedList { start, items }),
            Block::OrderedList {
                start: next,
                items: more,
            },
        ) if open && u64::from(*start) + items.len() as u64 == u64::from(next) => {
            items.extend(more)
        }
        (Some(Block::List(items)), Block::List(more)) if open && item => items.extend(more),
        (_, block) => answer.push(block),
    }
}

/// The blocks of the last item of the answer's last list, taken out (put them back with
/// [`put_last_item_blocks`]); `None` when the answer does not end in a list.
fn last_item_blocks(answer: &mut [Block]) -> Option<Vec<Block>> {
    match answer.last_mut()? {
        Block::List(items) | Block::OrderedList { items, .. } => {
            Some(std::mem::take(&mut items.last_mut()?.blocks))
        }
        _ => None,
    }
}

/// Puts back what [`last_item_blocks`] took out.
fn put_last_item_blocks(answer: &mut [Block], blocks: Vec<Block>) {
    if let Some(Block::List(items) | Block::OrderedList { items, .. }) = answer.last_mut()
        && let Some(item) = items.last_mut()
    {
        item.blocks = blocks;
    }
}

/// What a heading-like node becomes inside an answer.
enum Kind {
    Heading,
    Bold,
    Other,
}

/// The part of `rich` whose plain text is `part`, a slice of `plain` (its plain text); plain text
/// when `part` is not a slice of it.
fn part_of(rich: &Text, plain: &str, part: &str) -> Text {
    let start = (part.as_ptr() as usize).wrapping_sub(plain.as_ptr() as usize);
    if rich.as_plain().is_some() || start > plain.len() || start + part.len() > plain.len() {
        return Text::from(part);
    }
    rich.slice(start..start + part.len())
}

/// A question paragraph's answer part (`Q3. What is X? It is …`): the spans after the question
/// when `rest` ends the paragraph's plain text, else `rest` as plain text.
fn rest_of(node: &Node, rest: &str) -> Text {
    match node {
        Node::Block(Block::Paragraph(rich)) if rich.as_plain().is_none() => {
            let plain = rich.plain();
            match plain.strip_suffix(rest) {
                Some(head) => rich.slice(head.len()..plain.len()),
                None => Text::from(rest),
            }
        }
        _ => Text::from(rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, node: Node) -> Located {
        Located::new(node, At::line(line))
    }

    fn heading(level: u8, text: &str) -> Node {
        Node::Heading {
            level,
            text: text.into(),
        }
    }

    fn para(text: &str) -> Node {
        Node::Block(Block::Paragraph(text.into()))
    }

    #[test]
    fn headings_that_ask_are_questions_and_sections_end_answers() {
        let outline = Outline {
            nodes: vec![
                at(1, heading(1, "Docker Interview Questions")),
                at(2, para("Intro.")),
                at(3, heading(2, "Basic")),
                at(4, heading(3, "1. What is Docker?")),
                at(5, para("Answer: A container tool.")),
                at(6, heading(3, "Example")),
                at(7, para("docker run")),
                at(8, heading(3, "2. What is an image?")),
                at(9, para("A template.")),
                at(10, heading(2, "Conclusion")),
                at(11, para("Good luck.")),
                at(12, para("Related posts")),
            ],
            ..Outline::default()
        };
        let reading = read(outline, "a.md");
        let doc = reading.document;
        assert_eq!(doc.title, "Docker Interview Questions");
        assert_eq!(doc.questions.len(), 2);
        assert_eq!(doc.questions[0].number, Some(1));
        assert_eq!(doc.questions[0].question, "What is Docker?");
        assert_eq!(doc.questions[0].source.line, 4);
        assert_eq!(
            doc.questions[0].answer,
            vec![
                Block::Paragraph("A container tool.".into()),
                Block::Heading("Example".into()),
                Block::Paragraph("docker run".into()),
            ]
        );
        assert_eq!(
            doc.questions[1].answer,
            vec![Block::Paragraph("A template.".into())]
        );
        // `Basic` (line 3) is used: it is the questions' section.
        assert_eq!(doc.questions[0].section.as_deref(), Some("Basic"));
        let lines: Vec<usize> = reading.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![2, 10, 11, 12]);
    }

    #[test]
    fn bold_lines_are_questions_when_no_heading_asks() {
        let outline = Outline {
            nodes: vec![
                at(1, Node::Bold("What is a pod?".into())),
                at(2, para("The smallest unit.")),
                at(3, Node::Bold("Note:".into())),
                at(4, para("Pods are ephemeral.")),
                at(5, Node::Bold("What is a service?".into())),
                at(6, para("A stable address.")),
            ],
            fallback_title: Some("Kubernetes  FAQ".into()),
            ..Outline::default()
        };
        let doc = read(outline, "a.html").document;
        assert_eq!(doc.title, "Kubernetes FAQ");
        let questions: Vec<&str> = doc.questions.iter().map(|q| q.question.as_str()).collect();
        assert_eq!(questions, vec!["What is a pod?", "What is a service?"]);
        assert_eq!(doc.questions[0].answer.len(), 3);
    }
}
