//! The command line: every command, flag and help text, declared once with clap. Completions and
//! the man page are generated from these same definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::write::pdf::{Layout, Paper};

/// Turns interview-question articles into study material: Anki decks, CSV, JSON and PDF.
#[derive(Debug, Parser)]
#[command(
    name = "qa-convert",
    version,
    about,
    long_about = "Turns interview-question articles (scraped text, Markdown, HTML) into study \
material: an Anki deck, an Anki-ready CSV, JSON records and a printable PDF.\n\n\
With no INPUT, every command reads the articles in source/ and writes into out/.",
    after_help = "Examples:\n  qa-convert all                       convert every article in source/ into out/\n  \
qa-convert parse article.txt -o q.json\n  qa-convert anki article.txt --deck \"Interviews::MLOps\""
)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,

    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,

    /// Explain more: every skipped line of the input and why.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Read articles and print their questions as JSON records.
    #[command(
        after_help = "Examples:\n  qa-convert parse source/mlops-interview-questions.txt\n  \
qa-convert parse source/ -o out/records.json\n  cat article.txt | qa-convert parse - --format text"
    )]
    Parse(ParseArgs),

    /// Show which questions ask the same thing and would be merged.
    #[command(
        after_help = "Examples:\n  qa-convert dedupe source/mlops-interview-questions.txt\n  \
qa-convert dedupe --json --threshold 0.7 article.txt\n  \
qa-convert dedupe --near 30 article.txt"
    )]
    Dedupe(DedupeCommandArgs),

    /// Write an Anki deck (.apkg): one note per question, re-importing updates the notes.
    #[command(
        after_help = "Examples:\n  qa-convert anki source/mlops-interview-questions.txt\n  \
qa-convert anki article.txt -o deck.apkg --deck \"Interviews::MLOps\" --tag mlops\n  \
qa-convert anki MLOps/                 one deck, a sub-deck per article\n  \
qa-convert anki https://example.org/interview-questions"
    )]
    Anki(AnkiCommandArgs),

    /// Write a CSV file that Anki imports with no questions asked, or a plain spreadsheet.
    #[command(
        after_help = "Examples:\n  qa-convert csv source/mlops-interview-questions.txt\n  \
qa-convert csv article.txt --style plain -o questions.csv"
    )]
    Csv(CsvCommandArgs),

    /// Write a printable PDF: a two-column cheat sheet or double-sided flashcards.
    #[command(
        after_help = "Examples:\n  qa-convert pdf source/mlops-interview-questions.txt\n  \
qa-convert pdf article.txt --layout cards --paper letter -o cards.pdf"
    )]
    Pdf(PdfCommandArgs),

    // Its help lists the formats of `write::WRITERS`, the table it writes.
    #[command(
        about = format!("Write the {} at once", crate::write::nouns()),
        after_help = "Examples:\n  qa-convert all                  every article in source/ into out/\n  \
qa-convert all article.txt --out-dir study/\n  \
qa-convert all --set MLOps/qa-convert.toml   a study set: deck, articles and pages, tags"
    )]
    All(AllCommandArgs),

    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  qa-convert completions bash > ~/.local/share/bash-completion/completions/qa-convert"
    )]
    Completions {
        /// The shell to write completions for.
        shell: clap_complete::Shell,
    },

    /// Print the licences of what the binary embeds (the PDF fonts).
    #[command(after_help = "Example:\n  qa-convert licenses")]
    Licenses,

    /// Print the man page (roff).
    #[command(after_help = "Example:\n  qa-convert man > qa-convert.1 && man ./qa-convert.1")]
    Man,
}

/// Which files to read and how.
#[derive(Debug, Clone, Args)]
pub(crate) struct InputArgs {
    /// Article files or folders, web addresses (https://…), or - for standard input
    /// [default: source/].
    #[arg(value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,

    /// Input format; auto picks by file extension (for a web page, its content type), then by
    /// content.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub(crate) format: FormatArg,

    /// Give up on a web page that has not fully arrived after this many seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 30.0,
        help_heading = "Web pages"
    )]
    pub(crate) timeout: f64,

    /// The User-Agent sent when fetching web pages [default: qa-convert/VERSION].
    #[arg(long, value_name = "TEXT", help_heading = "Web pages")]
    pub(crate) user_agent: Option<String>,

    /// Read the study set FILE: its deck, articles, tags and options [default:
    /// source/qa-convert.toml, when there is no INPUT and that file exists].
    #[arg(long, value_name = "FILE")]
    pub(crate) set: Option<PathBuf>,

    /// Fetch a study set's web pages again instead of reading them from its .cache/ folder.
    #[arg(long, help_heading = "Web pages")]
    pub(crate) refresh: bool,

    /// The study set's page cache, when a set is read (not a flag).
    #[arg(skip)]
    pub(crate) cache: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Auto,
    Text,
    Markdown,
    Html,
}

/// How questions that ask the same thing are merged.
#[derive(Debug, Clone, Args)]
pub struct DedupeArgs {
    /// Similarity (0 to 1) at which two questions count as the same.
    #[arg(long, value_name = "X", value_parser = parse_threshold)]
    pub threshold: Option<f64>,

    /// Keep every question apart, even exact repeats.
    #[arg(long, conflicts_with = "threshold")]
    pub no_dedupe: bool,
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is outside 0..1"))
    }
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ParseArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    /// Write the JSON to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct DedupeCommandArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    /// Similarity (0 to 1) at which two questions count as the same.
    #[arg(long, value_name = "X", value_parser = parse_threshold)]
    pub(crate) threshold: Option<f64>,

    /// Print the clusters as JSON instead of a report.
    #[arg(long)]
    pub(crate) json: bool,

    /// Show the N closest pairs that were not merged (in the report and the JSON).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) near: usize,
}

/// Options of the Anki deck.
#[derive(Debug, Clone, Args)]
pub(crate) struct DeckArgs {
    /// Deck name; `::` makes sub-decks [default: the article's title; with several articles,
    /// the folder named as INPUT, else "qa-convert"].
    #[arg(long, value_name = "NAME")]
    pub(crate) deck: Option<String>,

    /// Tag every note (repeat for several tags). With several articles, each note is also tagged
    /// with its articles' titles (`top-interview-questions-on-mlops`).
    #[arg(long = "tag", value_name = "TAG")]
    pub(crate) tags: Vec<String>,

    /// With several articles, put every note in the one deck instead of one sub-deck per article.
    #[arg(long)]
    pub(crate) flat: bool,

    /// The lock file that keeps each note's identity and change time between runs, so that a
    /// re-imported deck updates only the notes that changed [default: qa-convert.lock in the
    /// articles' folder].
    #[arg(long, value_name = "FILE", conflicts_with = "no_lock")]
    pub(crate) lock: Option<PathBuf>,

    /// Use no lock file: GUIDs come from the questions, and notes never update an imported note
    /// unless SOURCE_DATE_EPOCH is set.
    #[arg(long)]
    pub(crate) no_lock: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct AnkiCommandArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) dedupe: DedupeArgs,
    #[command(flatten)]
    pub(crate) deck: DeckArgs,

    /// Write the deck to FILE [default: out/<input>.apkg].
    #[arg(short, long, value_name = "FILE.apkg")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CsvStyle {
    /// Anki's import headers: File › Import needs no choices, re-importing updates.
    Anki,
    /// A header row and plain text, safe to open in a spreadsheet.
    Plain,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct CsvCommandArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) dedupe: DedupeArgs,
    #[command(flatten)]
    pub(crate) deck: DeckArgs,

    /// Write the CSV to FILE [default: out/<input>.csv].
    #[arg(short, long, value_name = "FILE.csv")]
    pub(crate) output: Option<PathBuf>,

    /// CSV flavour.
    #[arg(long, value_enum, default_value_t = CsvStyle::Anki)]
    pub(crate) style: CsvStyle,
}

/// `--paper`: the PDF writer's [`Paper`], as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PaperArg {
    A4,
    Letter,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Paper {
        match paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

/// `--layout`: the PDF writer's [`Layout`], as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LayoutArg {
    /// A typeset two-column cheat sheet.
    Sheet,
    /// Double-sided flashcards with cut marks.
    Cards,
}

impl From<LayoutArg> for Layout {
    fn from(layout: LayoutArg) -> Layout {
        match layout {
            LayoutArg::Sheet => Layout::Sheet,
            LayoutArg::Cards => Layout::Cards,
        }
    }
}

/// Options of the printable PDF.
#[derive(Debug, Clone, Args)]
pub(crate) struct PaperArgs {
    /// Paper size.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub(crate) paper: PaperArg,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct PdfCommandArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) dedupe: DedupeArgs,
    #[command(flatten)]
    pub(crate) paper: PaperArgs,

    /// Write the PDF to FILE [default: out/<input>.pdf].
    #[arg(short, long, value_name = "FILE.pdf")]
    pub(crate) output: Option<PathBuf>,

    /// Cheat sheet or flashcards.
    #[arg(long, value_enum, default_value_t = LayoutArg::Sheet)]
    pub(crate) layout: LayoutArg,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct AllCommandArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) dedupe: DedupeArgs,
    #[command(flatten)]
    pub(crate) deck: DeckArgs,
    #[command(flatten)]
    pub(crate) paper: PaperArgs,

    /// Folder to write every output into.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub(crate) out_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_shows_an_example_in_its_help() {
        let mut cli = Cli::command();
        for sub in cli.get_subcommands_mut() {
            let help = sub.render_long_help().to_string();
            assert!(
                help.contains("qa-convert "),
                "{} help has no example",
                sub.get_name()
            );
        }
    }

    #[test]
    fn threshold_must_be_between_0_and_1() {
        assert_eq!(parse_threshold("0.8"), Ok(0.8));
        assert!(parse_threshold("1.5").is_err());
        assert!(parse_threshold("high").is_err());
    }
}
