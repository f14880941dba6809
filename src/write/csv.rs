//! The CSV writer, in two styles.
//!
//! - `anki`: Anki's file headers (`#separator`, `#html`, `#notetype column`, `#deck` — or
//!   `#deck column` when several articles have a sub-deck each —, `#guid column`, `#if matches`,
//!   `#tags`) then one row per note of `write::notes`, with the
//!   GUIDs and HTML fields of the `.apkg`, so File › Import needs no choices, adds only notes the
//!   collection lacks and never touches the learner's notes (README "Updating a deck").
//! - `plain`: a header row and plain text, one row per cluster, safe to open in a spreadsheet;
//!   an unanswered question has an empty answer, and the last column names its section(s).
//!
//! Quoting is RFC 4180, done by the `csv` crate.

use std::io::Write;

use crate::model::Corpus;
use crate::write::notes::{self, DeckOptions, style};
use crate::write::{Options, WriteError, Written, lost};

/// Which flavour of CSV to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Style {
    /// Anki's import headers and the deck's HTML fields.
    #[default]
    Anki,
    /// A header row and plain text, for spreadsheets.
    Plain,
}

/// The CSV as a row of the table of formats writes it: the file, and how many rows it has.
pub fn write(corpus: &Corpus, options: &Options) -> Result<Written, WriteError> {
    let mut bytes = Vec::new();
    let written = stream(corpus, options, &mut bytes)?;
    Ok(Written { bytes, ..written })
}

/// The CSV written into `out` row by row as it is made (nothing of the file is held), and what
/// to tell the user about it.
pub fn stream(
    corpus: &Corpus,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Written, WriteError> {
    render_into(corpus, options.csv, &options.deck, out)?;
    Ok(Written {
        bytes: Vec::new(),
        summary: format!("{} rows", corpus.clusters.len()),
        warnings: Vec::new(),
        lost: match options.csv {
            Style::Plain => lost::report(corpus, "the plain CSV", lost::PLAIN),
            Style::Anki => Vec::new(),
        },
    })
}

/// Renders the corpus as CSV bytes.
pub fn render(
    corpus: &Corpus,
    style: Style,
    options: &DeckOptions,
) -> Result<Vec<u8>, ::csv::Error> {
    let mut out = Vec::new();
    render_into(corpus, style, options, &mut out)?;
    Ok(out)
}

/// Writes the corpus as CSV into `out`, one row at a time.
pub fn render_into(
    corpus: &Corpus,
    style: Style,
    options: &DeckOptions,
    out: &mut dyn Write,
) -> Result<(), ::csv::Error> {
    match style {
        Style::Anki => render_anki(corpus, options, out),
        Style::Plain => render_plain(corpus, out),
    }
}

/// The Anki-style rows: each note is rendered, written and dropped before the next, so the deck's
/// notes are never all held.
fn render_anki(
    corpus: &Corpus,
    options: &DeckOptions,
    out: &mut dyn Write,
) -> Result<(), ::csv::Error> {
    let deck = notes::deck_header(corpus, options);
    // Anki reads these lines before the rows; columns are 1-based. The note type is named in a
    // column, not a `#notetype` line: a collection without it then reports every row as missing
    // its note type, where `#notetype` would fall back to Basic and leave the notes there for good
    // (a later `.apkg` import finds them on the wrong note type and adds nothing). A note already
    // in the collection is kept as it is (`keep current`): the deck, which knows when a note
    // changed, brings updates; a CSV row cannot say and would overwrite the learner's edits. No
    // tags column: one would replace the learner's tags; `#tags` only adds ours to new notes.
    out.write_all(b"#separator:comma\n#html:true\n#guid column:1\n#notetype column:2\n")?;
    // Several articles with a sub-deck each: each row names its deck, in a last column.
    let sub_decks = deck.decks.len() > 1;
    if sub_decks {
        out.write_all(b"#deck column:7\n")?;
    } else {
        writeln!(out, "#deck:{}", deck.name)?;
    }
    out.write_all(b"#if matches:keep current\n")?;
    let tags = deck.tags.trim();
    if !tags.is_empty() {
        writeln!(out, "#tags:{tags}")?;
    }
    for note in notes::notes(corpus, options) {
        // Anki reads any line that starts with `#` as a comment and drops it, and `#` is one of
        // the GUID's characters: such a row is written fully quoted so that it starts with `"`.
        let quote = if note.guid.starts_with('#') {
            ::csv::QuoteStyle::Always
        } else {
            ::csv::QuoteStyle::Necessary
        };
        let mut row = ::csv::WriterBuilder::new()
            .has_headers(false)
            .quote_style(quote)
            .from_writer(&mut *out);
        let record = [
            note.guid.as_str(),
            style::NOTETYPE_NAME,
            &note.fields[0],
            &note.fields[1],
            &note.fields[2],
            &note.fields[3],
        ];
        if sub_decks {
            let name = deck
                .decks
                .iter()
                .find(|d| d.id == note.deck_id)
                .map_or(deck.name.as_str(), |d| d.name.as_str());
            row.write_record(record.iter().copied().chain([name]))?;
        } else {
            row.write_record(record)?;
        }
        row.flush()?;
    }
    Ok(())
}

fn render_plain(corpus: &Corpus, out: &mut dyn Write) -> Result<(), ::csv::Error> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record([
        "number",
        "question",
        "answer",
        "also_asked_as",
        "source",
        "section",
    ])?;
    for cluster in &corpus.clusters {
        let canonical = corpus.question(cluster.canonical());
        let also: Vec<&str> = cluster.members[1..]
            .iter()
            .map(|m| corpus.question(m.at).question.as_str())
            .collect();
        let number = canonical.number.map(|n| n.to_string()).unwrap_or_default();
        // Every member's section, each once: a question repeated under two headings keeps both.
        let mut sections: Vec<&str> = Vec::new();
        for member in &cluster.members {
            if let Some(section) = corpus.question(member.at).section.as_deref()
                && !sections.contains(&section)
            {
                sections.push(section);
            }
        }
        writer.write_record([
            number,
            spreadsheet_safe(&canonical.question),
            spreadsheet_safe(&canonical.answer_text()),
            spreadsheet_safe(&also.join("\n")),
            spreadsheet_safe(&canonical.source.to_string()),
            spreadsheet_safe(&sections.join("; ")),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Neutralises a cell a spreadsheet would run as a formula (OWASP CSV injection): a cell starting
/// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, which spreadsheets show as
/// text and do not evaluate.
fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_text_is_kept() {
        assert_eq!(spreadsheet_safe("=1+1"), "'=1+1");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("- item"), "'- item");
        assert_eq!(spreadsheet_safe("What is 1+1?"), "What is 1+1?");
        assert_eq!(spreadsheet_safe(""), "");
    }

    #[test]
    fn anki_rows_never_start_with_a_comment_sign() {
        use crate::model::{Block, Document, Question, SourcePos};
        use crate::write::notes::ids;
        // A short GUID can start with `#` (about one question in 4,000): find such a question.
        let hashed = (0..100_000)
            .map(|i| format!("Question {i}?"))
            .find(|q| ids::note_guid(q, 0).starts_with('#'))
            .unwrap();
        let questions: Vec<Question> = ["First?".to_string(), hashed]
            .into_iter()
            .map(|question| Question {
                number: None,
                question,
                answer: vec![Block::Paragraph("A.".into())],
                source: SourcePos {
                    file: "f".into(),
                    line: 1,
                },
                section: None,
            })
            .collect();
        let corpus = Corpus::unmerged(vec![Document {
            file: "f".into(),
            title: "T".into(),
            questions,
            modified: None,
        }]);
        let bytes = render(&corpus, Style::Anki, &DeckOptions::default()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rows.len(), 2, "{text}");
        assert!(rows[1].starts_with("\"#"), "{text}");
    }
}
