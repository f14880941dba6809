//! The plain-text reader, for articles scraped from web pages: finds the headline, the question
//! lines and each question's answer, and leaves out page chrome and the footer.

use super::blocks;
use super::junk::{self, Junk};
use super::patterns::{self, QuestionLine};
use super::reading::{AFTER_LAST, BEFORE_FIRST, BETWEEN_SECTIONS, Reading, Skipped};
use super::rhythm::{self, Candidate, Unit};
use super::text_practice::{self, Run};
use super::wording::{self, count_words, normalise_space};
use crate::model::{Document, Question, SourcePos};

/// Longest headline, in words: a longer first line is an introduction, not a title.
const MAX_TITLE_WORDS: usize = 25;

/// What one input line is.
enum Line<'a> {
    Blank,
    Junk(Junk),
    /// Boxed: question lines are few, and a small `Line` keeps the per-line vector compact.
    Question(Box<QuestionLine>),
    Content(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    if line.trim().is_empty() {
        Line::Blank
    } else if let Some(question) = patterns::question_line(line) {
        Line::Question(Box::new(question))
    } else if let Some(junk) = junk::classify(line) {
        Line::Junk(junk)
    } else {
        Line::Content(line)
    }
}

/// From how many lines, and how many entries, an article's work is split between two threads.
#[derive(Debug, Clone, Copy)]
struct Split {
    lines: usize,
    entries: usize,
}

/// Below these sizes a second thread costs more than it saves.
const SPLIT: Split = Split {
    lines: 8192,
    entries: 2048,
};

/// Every line classified. Classifying is a line's own business (nothing before or after it
/// counts), so a long article's lines are classified in two halves on two threads.
fn classify_all<'a>(raw: &[&'a str], split: Split) -> Vec<Line<'a>> {
    if raw.len() < split.lines {
        return raw.iter().map(|l| classify(l)).collect();
    }
    let (first, second) = raw.split_at(raw.len() / 2);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| second.iter().map(|l| classify(l)).collect::<Vec<_>>());
        let mut lines = Vec::with_capacity(raw.len());
        lines.extend(first.iter().map(|l| classify(l)));
        match later.join() {
            Ok(rest) => lines.extend(rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        lines
    })
}

/// Reads a plain-text article. Never fails: text without question lines gives a document without
/// questions.
pub fn read(text: &str, file: &str) -> Reading {
    read_split(text, file, SPLIT)
}

/// [`read`], with the work split between two threads from the sizes `split` gives.
fn read_split(text: &str, file: &str, split: Split) -> Reading {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Vec<&str> = text.lines().collect();
    let mut lines = classify_all(&raw, split);
    keep_standalone_unnumbered(&mut lines, &raw);
    let starts = question_starts(&mut lines, &raw);
    let runs = practice_runs(&lines, &raw, &starts);
    // The questions and the practice lists, in reading order: each ends where the next begins.
    let mut entries: Vec<Entry> = starts.iter().map(|&s| Entry::Question(s)).collect();
    entries.extend(runs.iter().map(Entry::Run));
    entries.sort_by_key(Entry::begin);
    let first_question = entries.first().map_or(lines.len(), Entry::begin);

    let mut skipped = Vec::new();
    let mut used = Vec::new();
    let title = read_title(&lines[..first_question], &mut skipped, &mut used);

    let questions = read_entries(&entries, &lines, file, split, &mut skipped, &mut used);

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

/// The questions of every entry, in order, with the lines they skip and use. Each entry reads
/// only its own lines, so a long article's entries are read in two halves on two threads and the
/// halves' results joined in order: the same questions, skipped and used lines as one pass.
fn read_entries(
    entries: &[Entry],
    lines: &[Line],
    file: &str,
    split: Split,
    skipped: &mut Vec<Skipped>,
    used: &mut Vec<(usize, usize)>,
) -> Vec<Question> {
    if entries.len() < split.entries {
        let mut part = Part::default();
        part.read(entries, 0..entries.len(), lines, file);
        skipped.append(&mut part.skipped);
        used.append(&mut part.used);
        return part.questions;
    }
    let middle = entries.len() / 2;
    let (mut first, second) = std::thread::scope(|scope| {
        let later = scope.spawn(|| {
            let mut part = Part::default();
            part.read(entries, middle..entries.len(), lines, file);
            part
        });
        let mut part = Part::default();
        part.read(entries, 0..middle, lines, file);
        match later.join() {
            Ok(later) => (part, later),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    skipped.append(&mut first.skipped);
    skipped.extend(second.skipped);
    used.append(&mut first.used);
    used.extend(second.used);
    first.questions.extend(second.questions);
    first.questions
}

/// What reading some of the entries gives.
#[derive(Default)]
struct Part {
    questions: Vec<Question>,
    skipped: Vec<Skipped>,
    used: Vec<(usize, usize)>,
}

impl Part {
    /// Reads `entries[range]`; each ends where the next entry of the whole list begins.
    fn read(
        &mut self,
        entries: &[Entry],
        range: std::ops::Range<usize>,
        lines: &[Line],
        file: &str,
    ) {
        let Part {
            questions,
            skipped,
            used,
        } = self;
        questions.reserve(range.len());
        // One buffer for every answer's lines, not one a question.
        let mut body: Vec<&str> = Vec::new();
        for k in range {
            let entry = &entries[k];
            let is_last = k + 1 == entries.len();
            let end = entries.get(k + 1).map_or(lines.len(), Entry::begin);
            let start = match entry {
                Entry::Question(start) => *start,
                Entry::Run(run) => {
                    read_run(run, lines, end, is_last, file, questions, skipped);
                    used.push((run.section_at + 1, run.section_at + 1));
                    used.extend(run.items.iter().map(|(at, _, _)| (at + 1, at + 1)));
                    continue;
                }
            };
            let Line::Question(question) = &lines[start] else {
                continue;
            };
            let mut text = question.text.clone();
            let mut answer_from = start + 1;
            if let Some(Line::Content(next)) = lines.get(start + 1).filter(|_| start + 1 < end)
                && wording::is_wrapped_question_end(&text, next)
            {
                text.push(' ');
                text.push_str(&normalise_space(next));
                answer_from += 1;
            }
            used.push((start + 1, answer_from));
            body.clear();
            if let Some(rest) = &question.rest {
                body.extend([rest.as_str(), ""]);
            }
            answer_lines(lines, answer_from..end, is_last, skipped, used, &mut body);
            questions.push(Question {
                number: question.number,
                question: text,
                answer: blocks::build(&body),
                source: SourcePos {
                    file: file.to_string(),
                    line: start + 1,
                },
                section: None,
            });
        }
    }
}

/// A question line or a practice list, by where it begins.
enum Entry<'r> {
    Question(usize),
    Run(&'r Run),
}

impl Entry<'_> {
    fn begin(&self) -> usize {
        match self {
            Entry::Question(at) => *at,
            Entry::Run(run) => run.section_at,
        }
    }
}

/// The practice lists of the article (`read/text_practice.rs`) that stand outside any answer:
/// before the first question, or after an answer that has said something (a run right under a
/// question is its answer, as a list under a question heading is in Markdown).
fn practice_runs(lines: &[Line], raw: &[&str], starts: &[usize]) -> Vec<Run> {
    let content: Vec<bool> = lines
        .iter()
        .map(|l| matches!(l, Line::Content(_)))
        .collect();
    let blank: Vec<bool> = lines.iter().map(|l| matches!(l, Line::Blank)).collect();
    text_practice::find(raw, &content, &blank)
        .into_iter()
        .filter(|run| {
            // `starts` ascend: the last question above the run, found without a scan.
            let owner = starts
                .partition_point(|&s| s < run.section_at)
                .checked_sub(1);
            owner.is_none_or(|k| {
                lines[starts[k] + 1..run.section_at]
                    .iter()
                    .any(|l| matches!(l, Line::Content(_)))
            })
        })
        .collect()
}

/// A practice list's questions, without answers and with their section; its introduction and
/// what follows it up to `end` (the next question or list) are skipped with their reasons.
fn read_run(
    run: &Run,
    lines: &[Line],
    end: usize,
    is_last: bool,
    file: &str,
    questions: &mut Vec<Question>,
    skipped: &mut Vec<Skipped>,
) {
    for (at, number, text) in &run.items {
        questions.push(Question {
            number: *number,
            question: text.clone(),
            answer: Vec::new(),
            source: SourcePos {
                file: file.to_string(),
                line: at + 1,
            },
            section: Some(run.section.clone()),
        });
    }
    if let Some(intro) = run.intro {
        skipped.push(Skipped {
            line: intro + 1,
            reason: "introduction of a practice list",
        });
    }
    for (i, line) in lines.iter().enumerate().take(end).skip(run.end()) {
        let reason = match line {
            Line::Blank => continue,
            Line::Junk(junk) => junk.reason,
            _ if is_last => AFTER_LAST,
            _ => BETWEEN_SECTIONS,
        };
        skipped.push(Skipped {
            line: i + 1,
            reason,
        });
    }
}

/// A line that is a question only because it ends with `?` must stand on its own: the first line,
/// or after a blank line. Anything else is an ordinary content line.
fn keep_standalone_unnumbered<'a>(lines: &mut [Line<'a>], raw: &[&'a str]) {
    // The article's first line is its headline, even when it asks (`Ready for your interview?`).
    if let Some(first) = lines
        .iter()
        .position(|l| !matches!(l, Line::Blank | Line::Junk(_)))
        && matches!(&lines[first], Line::Question(q) if q.number.is_none() && !q.strong)
    {
        lines[first] = Line::Content(raw[first]);
    }
    for i in 0..lines.len() {
        let unnumbered = matches!(&lines[i], Line::Question(q) if q.number.is_none() && !q.strong);
        // After a blank or separator line, or right above an answer label (`Answer: …`).
        let standalone = || {
            i == 0
                || raw[i - 1].trim().is_empty()
                || matches!(lines[i - 1], Line::Junk(j) if j.reason == "separator line")
                || raw
                    .get(i + 1)
                    .is_some_and(|next| wording::is_answer_label_line(next))
        };
        if unnumbered && !standalone() {
            lines[i] = Line::Content(raw[i]);
        }
    }
}

/// Lets the document's rhythm pick which candidate lines are questions; the others become content
/// (an answer's `1. Build` step). Returns the line indices of the questions.
fn question_starts<'a>(lines: &mut [Line<'a>], raw: &[&'a str]) -> Vec<usize> {
    let mut at = Vec::new();
    let units: Vec<Unit> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let unit = match line {
                Line::Blank | Line::Junk(_) => return None,
                Line::Content(_) => Unit {
                    candidate: None,
                    content: true,
                },
                Line::Question(q) => Unit {
                    candidate: Some(Candidate {
                        family: q.pattern,
                        number: q.number,
                        text: &q.text,
                        strong: q.strong,
                        structural: false,
                    }),
                    content: true,
                },
            };
            at.push(i);
            Some(unit)
        })
        .collect();
    let chosen = rhythm::choose(&units);
    drop(units);
    let mut starts = Vec::new();
    for (unit, &i) in at.iter().enumerate() {
        if chosen[unit] {
            starts.push(i);
        } else if matches!(lines[i], Line::Question(_)) {
            lines[i] = Line::Content(raw[i]);
        }
    }
    starts
}

/// The headline is a short content line before the first question: the first one that names the
/// article's kind (`… Interview Questions`, `… FAQ`), else the first one, when it is short enough to
/// be a headline (a site name or a long introduction is not). Every other line there is reported
/// as skipped.
fn read_title(
    lines: &[Line],
    skipped: &mut Vec<Skipped>,
    used: &mut Vec<(usize, usize)>,
) -> String {
    let headline = |line: &Line| match line {
        Line::Content(text) => {
            !is_menu(text) && count_words(text, MAX_TITLE_WORDS + 1) <= MAX_TITLE_WORDS
        }
        _ => false,
    };
    let first_content = lines
        .iter()
        .position(|l| matches!(l, Line::Content(text) if !is_menu(text)));
    let naming = lines.iter().position(|l| {
        let short = matches!(l, Line::Content(text)
            if count_words(text, MAX_NAMING_TITLE_WORDS + 1) <= MAX_NAMING_TITLE_WORDS
                && !text.trim_end().ends_with('.'));
        short && headline(l) && matches!(l, Line::Content(text) if names_the_kind(text))
    });
    let title_at = naming.or(first_content.filter(|&i| headline(&lines[i])));
    for (i, line) in lines.iter().enumerate() {
        let reason = match line {
            Line::Blank => continue,
            _ if Some(i) == title_at => continue,
            Line::Junk(junk) => junk.reason,
            Line::Content(text) if is_menu(text) => "page navigation",
            Line::Content(_) | Line::Question(_) => BEFORE_FIRST,
        };
        skipped.push(Skipped {
            line: i + 1,
            reason,
        });
    }
    match title_at.map(|i| (i, &lines[i])) {
        Some((i, Line::Content(text))) => {
            used.push((i + 1, i + 1));
            normalise_space(text)
        }
        _ => String::new(),
    }
}

/// Longest line, in words, taken as the headline for naming the article's kind: longer ones are
/// introduction sentences that mention interviews.
const MAX_NAMING_TITLE_WORDS: usize = 15;

/// Whether a line names what kind of article this is: interview questions, an FAQ, a Q&A.
fn names_the_kind(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["question", "interview", "faq", "q&a", "quiz"]
        .iter()
        .any(|word| lower.contains(word))
}

/// Longest section heading line, in words.
const MAX_SECTION_WORDS: usize = 8;

/// A short line that names a section (`Basic Python Interview Questions`, `Conclusion`) rather
/// than saying something: no sentence punctuation, few words.
fn is_section_line(line: &str) -> bool {
    let line = line.trim();
    !line.ends_with(['.', '!', '?', ',', ';'])
        && count_words(line, MAX_SECTION_WORDS + 1) <= MAX_SECTION_WORDS
        && wording::is_section_title(line)
}

/// A menu or breadcrumb trail the scraper kept: `Home | Tutorials | Interview Prep`,
/// `Home » Blog » Python`. Three or more short parts between separators.
fn is_menu(line: &str) -> bool {
    let parts: Vec<&str> = line
        .split(['|', '»', '›', '•', '·'])
        .map(str::trim)
        .collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.split_whitespace().count() <= 4)
}

/// The content lines of one answer, junk left out, added to `body`. In the last answer, the
/// first line that starts the page footer ends the article: it and everything after it are
/// skipped.
fn answer_lines<'a>(
    lines: &[Line<'a>],
    range: std::ops::Range<usize>,
    is_last: bool,
    skipped: &mut Vec<Skipped>,
    used: &mut Vec<(usize, usize)>,
    body: &mut Vec<&'a str>,
) {
    // What this answer has added so far: the lines before `from` are not its own.
    let from = body.len();
    let mut footer = false;
    let end = range.end;
    for i in range {
        match &lines[i] {
            Line::Blank => body.push(""),
            Line::Content(_) | Line::Junk(_) | Line::Question(_) if footer => {
                skipped.push(Skipped {
                    line: i + 1,
                    reason: "page footer",
                })
            }
            Line::Junk(junk) => {
                footer = is_last && junk.ends_article;
                skipped.push(Skipped {
                    line: i + 1,
                    reason: if footer { "page footer" } else { junk.reason },
                });
            }
            // `Deployment & Scalability` on a line of its own after an answer and right before the
            // next question: the heading of the next group of questions, not the end of this
            // answer (the last item of a list without blank lines stays in the answer).
            Line::Content(text)
                if wording::is_title_case_heading(text)
                    && !is_last
                    && i.checked_sub(1)
                        .is_some_and(|b| matches!(lines[b], Line::Blank))
                    && matches!(lines.get(i + 1), Some(Line::Blank))
                    && body[from..].iter().any(|l| !l.trim().is_empty())
                    && lines[i + 1..end]
                        .iter()
                        .all(|l| matches!(l, Line::Blank | Line::Junk(_))) =>
            {
                skipped.push(Skipped {
                    line: i + 1,
                    reason: "section heading",
                });
            }
            Line::Content(text) if is_section_line(text) => {
                // `Advanced Questions`, `Conclusion`: a section heading between answers. After the
                // last question, a closing section (`Conclusion`) starts the page footer.
                footer = is_last && wording::is_closing_section(text);
                skipped.push(Skipped {
                    line: i + 1,
                    reason: if footer {
                        "page footer"
                    } else {
                        "section heading"
                    },
                });
            }
            Line::Content(text) => {
                // The first line of an answer may carry a label (`A:`, `Answer:`), and so may a
                // list item anywhere in it (`- **Expected answer**: …`): markup.
                let bulleted = text.trim_start().starts_with(['-', '*', '•']);
                let text = if bulleted || body[from..].iter().all(|l: &&str| l.trim().is_empty()) {
                    wording::strip_answer_label(text)
                } else {
                    text
                };
                if !text.trim().is_empty() {
                    body.push(text);
                }
                // A label alone (`Answer:`) is markup of the answer that follows.
                used.push((i + 1, i + 1));
            }
            Line::Question(_) => used.push((i + 1, i + 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    const ARTICLE: &str = "top of page\n\nTop Questions on Things\n\nAn introduction that is long enough to be prose and not a headline at all, with more than twenty-five words in it so that it reads as an introduction paragraph.\n\nQ1. What is a thing?\n\nA thing is a thing.\n\nree\n\nSource - Example\n\nQ2. Why?\n\nBecause.\n\nBe sure to follow us for more.\n\nMore links\n\nComments\n\nAll rights reserved © 2023 by Example.\n";

    #[test]
    fn split_between_two_threads_reads_exactly_as_one_pass() {
        // Split at the smallest sizes, every article of the read fixtures and the sample goes
        // through both halves (practice lists, junk, wrapped questions, nested answers).
        let always = Split {
            lines: 2,
            entries: 2,
        };
        let never = Split {
            lines: usize::MAX,
            entries: usize::MAX,
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![root.join("source/mlops-interview-questions.txt")];
        let fixtures = std::fs::read_dir(root.join("tests/fixtures/read")).unwrap();
        paths.extend(
            fixtures
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "txt")),
        );
        assert!(paths.len() > 10, "{paths:?}");
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let split = read_split(&text, "a.txt", always);
            assert!(!split.document.questions.is_empty(), "{path:?}");
            assert_eq!(split, read_split(&text, "a.txt", never), "{path:?}");
        }
    }

    #[test]
    fn reads_title_questions_and_answers() {
        let reading = read(ARTICLE, "a.txt");
        let doc = &reading.document;
        assert_eq!(doc.title, "Top Questions on Things");
        assert_eq!(doc.questions.len(), 2);
        assert_eq!(doc.questions[0].number, Some(1));
        assert_eq!(doc.questions[0].question, "What is a thing?");
        assert_eq!(doc.questions[0].source.line, 7);
        assert_eq!(
            doc.questions[0].answer,
            vec![Block::Paragraph("A thing is a thing.".into())]
        );
        assert_eq!(
            doc.questions[1].answer,
            vec![Block::Paragraph("Because.".into())]
        );
    }

    #[test]
    fn reports_every_skipped_line_with_its_reason() {
        let reading = read(ARTICLE, "a.txt");
        let skipped: Vec<(usize, &str)> =
            reading.skipped.iter().map(|s| (s.line, s.reason)).collect();
        assert_eq!(
            skipped,
            vec![
                (1, "page navigation"),
                (5, "before the first question"),
                (11, "image caption"),
                (13, "image credit"),
                (19, "page footer"),
                (21, "page footer"),
                (23, "page footer"),
                (25, "page footer"),
            ]
        );
    }

    #[test]
    fn a_widget_line_between_answers_is_dropped_without_cutting_the_answer() {
        let reading = read(
            "Q1. A?\n\nOne.\n\nComments\n\nTwo.\n\nQ2. B?\n\nThree.\n",
            "a.txt",
        );
        assert_eq!(
            reading.document.questions[0].answer,
            vec![
                Block::Paragraph("One.".into()),
                Block::Paragraph("Two.".into())
            ]
        );
    }

    #[test]
    fn section_headings_are_left_out_and_a_conclusion_ends_the_article() {
        let reading = read(
            "Title\n\nBasic Questions\n\n1. What is A?\n\nA is a letter.\n\nAdvanced Questions\n\n2. What is B?\n\nB is too.\n\nConclusion\n\nPractise a lot.\n",
            "a.txt",
        );
        let doc = reading.document;
        assert_eq!(doc.questions.len(), 2);
        assert_eq!(doc.questions[0].answer_text(), "A is a letter.");
        assert_eq!(doc.questions[1].answer_text(), "B is too.");
    }

    #[test]
    fn the_headline_names_the_article_and_a_first_line_question_is_the_title() {
        let reading = read(
            "DevPrep\n\nGit Interview Questions\n\nWhat is Git?\n\nA VCS.\n\nWhat is a commit?\n\nA snapshot.\n",
            "a.txt",
        );
        assert_eq!(reading.document.title, "Git Interview Questions");
        let reading = read(
            "Ready for your Git interview?\n\nWhat is Git?\n\nA VCS.\n\nWhat is a commit?\n\nA snapshot.\n",
            "a.txt",
        );
        assert_eq!(reading.document.title, "Ready for your Git interview?");
        assert_eq!(reading.document.questions.len(), 2);
    }

    #[test]
    fn a_title_case_line_alone_before_a_question_heads_a_group_but_a_list_item_does_not() {
        let reading = read(
            "Ops\n\n1. What is CI?\n\nMerging often.\n\nDeployment & Scalability\n\n2. What is CD?\nSteps:\nBuild\nDeploy\n3. What is a canary?\nA small first release.\n",
            "a.txt",
        );
        let doc = reading.document;
        assert_eq!(doc.questions[0].answer_text(), "Merging often.");
        assert!(doc.questions[1].answer_text().ends_with("Deploy"));
        let skipped: Vec<(usize, &str)> =
            reading.skipped.iter().map(|s| (s.line, s.reason)).collect();
        assert_eq!(skipped, vec![(7, "section heading")]);
    }

    #[test]
    fn a_hard_wrapped_question_keeps_its_second_line() {
        let reading = read(
            "Q1. What is the difference between a process and a\nthread?\nA process owns memory.\n",
            "a.txt",
        );
        let q = &reading.document.questions[0];
        assert_eq!(
            q.question,
            "What is the difference between a process and a thread?"
        );
        assert_eq!(q.answer_text(), "A process owns memory.");
    }

    #[test]
    fn text_without_questions_gives_an_empty_document() {
        let reading = read("Just a note.\nNothing else.\n", "a.txt");
        assert!(reading.document.questions.is_empty());
        assert_eq!(reading.document.title, "Just a note.");
        let reading = read("", "a.txt");
        assert!(reading.document.questions.is_empty());
        assert_eq!(reading.document.title, "");
    }

    #[test]
    fn windows_line_endings_and_bom_are_read() {
        let reading = read("\u{feff}Title\r\n\r\nQ1. A?\r\nYes.\r\n", "a.txt");
        assert_eq!(reading.document.title, "Title");
        assert_eq!(reading.document.questions[0].question, "A?");
        assert_eq!(
            reading.document.questions[0].answer,
            vec![Block::Paragraph("Yes.".into())]
        );
    }
}
