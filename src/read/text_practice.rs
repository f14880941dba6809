//! Practice lists in plain text: a section line (`Customer service`) followed by a run of lines
//! that nearly all ask or prompt (`- How do you calm down an angry customer?`, or plain lines),
//! with no answers. Each line of the run is a question without an answer and the section line its
//! section. The run is judged by the rules Markdown and HTML lists are (`read/practice.rs`).

use super::blocks;
use super::practice;
use super::wording::{count_words, normalise_space, reads_as_question, strip_decoration};

/// Longest section line, in words.
const MAX_SECTION_WORDS: usize = 8;
/// Longest line, in words, that may stand between a section line and its run (`Practise these
/// aloud:`), as in Markdown.
const MAX_INTRO_WORDS: usize = 40;

/// One practice list: its section line, an optional introduction and its questions (0-based line
/// indices).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The section line's index.
    pub section_at: usize,
    /// The section's name.
    pub section: String,
    /// The introduction line's index, when there is one.
    pub intro: Option<usize>,
    /// Each question: its line's index, its printed number (`3.`) and its text.
    pub items: Vec<(usize, Option<u32>, String)>,
}

impl Run {
    /// The index of the line after the run.
    pub fn end(&self) -> usize {
        self.items
            .last()
            .map_or(self.section_at + 1, |(at, _, _)| at + 1)
    }
}

/// A short line that names a section: few words, no sentence punctuation, not a bullet and not
/// asking.
fn is_section(line: &str) -> bool {
    let line = line.trim();
    let words = count_words(line, MAX_SECTION_WORDS + 1);
    (1..=MAX_SECTION_WORDS).contains(&words)
        && !line
            .trim_end_matches(':')
            .ends_with(['.', '!', '?', ',', ';', ':'])
        && line.chars().next().is_some_and(char::is_alphabetic)
        && blocks::bullet(line).is_none()
        && !reads_as_question(line)
}

/// Finds the practice lists among `raw` lines. `content[i]` says whether line `i` is free content
/// (not blank, not junk, not a question the article's numbering already chose); `blank[i]`
/// whether it is blank. A run is a section line standing after a blank line, at most one short
/// introduction, then consecutive item lines (bullets may have blank lines between them).
pub fn find(raw: &[&str], content: &[bool], blank: &[bool]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let standalone = i == 0 || blank[i - 1];
        if !(content[i] && standalone && is_section(raw[i])) {
            i += 1;
            continue;
        }
        if let Some(run) = run_at(raw, content, blank, i) {
            i = run.end();
            runs.push(run);
        } else {
            i += 1;
        }
    }
    runs
}

/// The next non-blank line at or after `i`.
fn next_filled(blank: &[bool], mut i: usize) -> usize {
    while i < blank.len() && blank[i] {
        i += 1;
    }
    i
}

fn run_at(raw: &[&str], content: &[bool], blank: &[bool], at: usize) -> Option<Run> {
    let mut i = next_filled(blank, at + 1);
    let items = |from: usize| items_from(raw, content, blank, from);
    let mut intro = None;
    let mut found = items(i);
    if !practice::share_asking(found.iter().map(|(_, _, t)| t.as_str()))
        && i < raw.len()
        && content[i]
        && count_words(raw[i], MAX_INTRO_WORDS + 1) <= MAX_INTRO_WORDS
        && blocks::bullet(raw[i]).is_none()
        && !reads_as_question(raw[i])
    {
        intro = Some(i);
        i = next_filled(blank, i + 1);
        found = items(i);
    }
    practice::share_asking(found.iter().map(|(_, _, t)| t.as_str())).then(|| Run {
        section_at: at,
        section: normalise_space(raw[at].trim().trim_end_matches(':')),
        intro,
        items: found,
    })
}

/// The item lines from `from`: consecutive content lines; bullets may stand apart by blank lines.
fn items_from(
    raw: &[&str],
    content: &[bool],
    blank: &[bool],
    from: usize,
) -> Vec<(usize, Option<u32>, String)> {
    let mut items = Vec::new();
    let mut i = from;
    while i < raw.len() && content[i] {
        let (text, number) = blocks::bullet(raw[i]).unwrap_or((raw[i], None));
        let text = normalise_space(strip_decoration(text));
        if text.is_empty() {
            break;
        }
        items.push((i, number, text));
        let next = next_filled(blank, i + 1);
        let bulleted = blocks::bullet(raw[i]).is_some();
        i = if next > i + 1 && bulleted && next < raw.len() && blocks::bullet(raw[next]).is_some() {
            next
        } else {
            i + 1
        };
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<Run> {
        let raw: Vec<&str> = text.lines().collect();
        let blank: Vec<bool> = raw.iter().map(|l| l.trim().is_empty()).collect();
        let content: Vec<bool> = blank.iter().map(|b| !b).collect();
        find(&raw, &content, &blank)
    }

    #[test]
    fn a_section_line_over_asking_lines_is_a_practice_list() {
        let got = runs(
            "Teamwork\n- Describe a conflict.\n- How do you share credit?\n\nCareer\nPractise aloud:\n\nWhy this job?\nWalk me through your CV.\n",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].section, "Teamwork");
        assert_eq!(got[0].items[1].2, "How do you share credit?");
        assert_eq!(got[1].intro, Some(5));
        assert_eq!(got[1].items.len(), 2);
    }

    #[test]
    fn a_heading_over_statements_is_not() {
        assert!(runs("Benefits\n- Fast builds.\n- Small images.\n").is_empty());
        assert!(runs("Note\n- What is X?\n").is_empty());
    }
}
