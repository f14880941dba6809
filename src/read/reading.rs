//! What every reader gives back: the document, the lines it left out and why, and the lines it
//! used. Readers import these types and nothing else from `read/mod.rs`.

use crate::model::Document;

/// What a reader gives back: the document (possibly without questions), every line it left out,
/// and every line it put into the title, a question or an answer. Readers never fail; the caller
/// decides whether an empty document is an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The article's title and questions.
    pub document: Document,
    /// Every line left out, in line order.
    pub skipped: Vec<Skipped>,
    /// The lines that went into the title, a question or an answer, as inclusive 1-based ranges.
    pub used: Vec<(usize, usize)>,
    /// What the reader had to change to read the input at all (nesting too deep to keep).
    pub warnings: Vec<Warning>,
}

/// Something the user should hear about even without `-v`: the reader kept the text but not all
/// of its structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line number where it starts.
    pub line: usize,
    /// What was changed, in a sentence.
    pub message: String,
}

/// A line of the input left out of every question and answer, with the rule that dropped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line number.
    pub line: usize,
    /// Why, in a few words (`image caption`, `page footer`).
    pub reason: &'static str,
}

/// Lines before the first question (an introduction, a table of contents).
pub const BEFORE_FIRST: &str = "before the first question";
/// Lines after a section heading ends an answer and before the next question.
pub const BETWEEN_SECTIONS: &str = "between sections";
/// Lines after a section heading ends the last answer (resources, contributions).
pub const AFTER_LAST: &str = "after the last question";

/// Fewest skipped lines in a row (blank lines aside) that warrant a warning.
const WARN_RUN_LINES: usize = 6;
/// Share of the article's non-blank lines (in percent) above which a skipped run warrants a
/// warning, however short.
const WARN_RUN_PERCENT: usize = 10;

/// Fewest skipped lines that warrant a warning in a short article (two lines of a twenty-line
/// page are a tenth of it, and usually its headline and a subtitle).
const MIN_WARN_LINES: usize = 3;

/// A run of skipped lines with one reason (blank lines inside it aside), for `-v` and warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRun {
    /// First line of the run (1-based).
    pub first: usize,
    /// Last line of the run (1-based, inclusive).
    pub last: usize,
    /// Non-blank lines in the run.
    pub lines: usize,
    /// Why the lines were left out.
    pub reason: &'static str,
}

impl Reading {
    /// Runs of skipped lines that look like content rather than page junk: more than five lines
    /// in a row between two questions, or more than a tenth of the article's non-blank lines
    /// before the first question, between questions or after the last one. Blank lines do not
    /// break a run; lines judged junk (a footer, a caption) never warrant a warning.
    pub fn suspicious_runs(&self, text: &str) -> Vec<SkippedRun> {
        // Nothing skipped, nothing to warn of: a large article need not be scanned again.
        if self.skipped.is_empty() {
            return Vec::new();
        }
        // One pass over the lines gives both which are blank and how many are not.
        let blank = blank_lines(text);
        let non_blank = blank.iter().filter(|&&b| !b).count();
        let mut runs = self.runs(&blank);
        // Between two questions, a run of several lines is suspicious; an introduction or the
        // end matter after the last answer is usual unless it is a large part of the article.
        runs.retain(|run| {
            let large =
                run.lines >= MIN_WARN_LINES && run.lines * 100 > non_blank * WARN_RUN_PERCENT;
            match run.reason {
                BETWEEN_SECTIONS => large || run.lines >= WARN_RUN_LINES,
                BEFORE_FIRST | AFTER_LAST => large,
                _ => false,
            }
        });
        runs
    }

    /// The skipped lines as runs of one reason (blank lines do not break a run), for `-v`.
    pub fn skipped_runs(&self, text: &str) -> Vec<SkippedRun> {
        if self.skipped.is_empty() {
            return Vec::new();
        }
        self.runs(&blank_lines(text))
    }

    /// [`Reading::skipped_runs`], given which lines of the text are blank.
    fn runs(&self, blank: &[bool]) -> Vec<SkippedRun> {
        let blank_between =
            |a: usize, b: usize| (a + 1..b).all(|l| blank.get(l - 1).is_none_or(|&b| b));
        let mut runs: Vec<SkippedRun> = Vec::new();
        for s in &self.skipped {
            match runs.last_mut() {
                Some(run)
                    if run.reason == s.reason
                        && s.line > run.last
                        && blank_between(run.last, s.line) =>
                {
                    run.last = s.line;
                    run.lines += 1;
                }
                Some(run) if run.reason == s.reason && s.line == run.last => {}
                _ => runs.push(SkippedRun {
                    first: s.line,
                    last: s.line,
                    lines: 1,
                    reason: s.reason,
                }),
            }
        }
        runs
    }

    /// The non-blank lines of `text` that went nowhere: into no title, question or answer, and
    /// into no skip reason. Empty when the reader lost nothing silently.
    pub fn unaccounted(&self, text: &str) -> Vec<usize> {
        let count = text.lines().count();
        let mut seen = vec![false; count + 1];
        for &(first, last) in &self.used {
            for slot in seen.iter_mut().take(last.min(count) + 1).skip(first) {
                *slot = true;
            }
        }
        for s in &self.skipped {
            if let Some(slot) = seen.get_mut(s.line) {
                *slot = true;
            }
        }
        text.lines()
            .enumerate()
            .filter(|(i, line)| !line.trim().is_empty() && !seen[i + 1])
            .map(|(i, _)| i + 1)
            .collect()
    }
}

/// Whether each line of `text` is blank. One flag a line, not the lines themselves: the article
/// may be hundreds of megabytes.
fn blank_lines(text: &str) -> Vec<bool> {
    text.lines().map(|t| t.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(skipped: &[(usize, &'static str)], used: &[(usize, usize)]) -> Reading {
        Reading {
            document: Document {
                file: "a".into(),
                title: String::new(),
                questions: Vec::new(),
                modified: None,
            },
            skipped: skipped
                .iter()
                .map(|&(line, reason)| Skipped { line, reason })
                .collect(),
            used: used.to_vec(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn lines_in_no_range_and_no_skip_are_unaccounted() {
        let r = reading(&[(4, "page footer")], &[(1, 2)]);
        assert_eq!(r.unaccounted("a\nb\nc\nd\n\ne\n"), vec![3, 6]);
    }

    #[test]
    fn long_unsure_runs_are_suspicious_and_junk_runs_are_not() {
        let text = "x\n".repeat(100);
        let between: Vec<(usize, &str)> = (10..=16).map(|l| (l, BETWEEN_SECTIONS)).collect();
        let footer: Vec<(usize, &str)> = (20..=40).map(|l| (l, "page footer")).collect();
        let short: Vec<(usize, &str)> = (50..=52).map(|l| (l, BETWEEN_SECTIONS)).collect();
        let all: Vec<_> = [between, footer, short].concat();
        let runs = reading(&all, &[]).suspicious_runs(&text);
        assert_eq!(
            runs,
            vec![SkippedRun {
                first: 10,
                last: 16,
                lines: 7,
                reason: BETWEEN_SECTIONS
            }]
        );
        // Three lines of a twenty-line article are more than a tenth of it.
        let text = "x\n".repeat(20);
        let short: Vec<(usize, &str)> = (5..=7).map(|l| (l, BEFORE_FIRST)).collect();
        assert_eq!(reading(&short, &[]).suspicious_runs(&text).len(), 1);
        // Six lines of introduction in a hundred-line article are usual.
        let text = "x\n".repeat(100);
        let intro: Vec<(usize, &str)> = (1..=6).map(|l| (l, BEFORE_FIRST)).collect();
        assert!(reading(&intro, &[]).suspicious_runs(&text).is_empty());
    }
}
