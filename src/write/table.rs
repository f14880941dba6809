//! The writer interface and the table of output formats that `all`, the single commands and the
//! help text read. A new output format is one file in `write/` with a [`WriteFn`] and one row here.

use std::io;

use crate::model::Corpus;

use super::{anki, csv, json, notes, pdf};

/// What the user chose for the outputs; each writer reads its own part and ignores the rest.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The deck's name, tags and note times (the `.apkg` and the Anki-style CSV).
    pub deck: notes::DeckOptions,
    /// The CSV flavour.
    pub csv: csv::Style,
    /// Paper and layout of the PDF.
    pub pdf: pdf::PdfOptions,
}

/// A file a writer rendered, not yet written anywhere, and what to tell the user about it.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// The whole file.
    pub bytes: Vec<u8>,
    /// What `wrote FILE (…)` says in brackets, such as `36 rows`; empty for nothing.
    pub summary: String,
    /// Things the user should know about the file, shown as warnings before it is written.
    pub warnings: Vec<String>,
    /// Structure of the answers the file could not keep, shown under `-v` ([`super::lost`]).
    pub lost: Vec<String>,
}

/// Why a writer could not render its file: a bug or an exhausted machine, never bad input.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The Anki package could not be built.
    #[error(transparent)]
    Package(#[from] anki::PackageError),
    /// The CSV could not be written.
    #[error("writing the CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// The PDF could not be laid out or serialised.
    #[error("laying out the PDF: {0:#}")]
    Pdf(anyhow::Error),
    /// The file's bytes could not be handed on (to its file, which reports its own error).
    #[error("writing the file: {0}")]
    Io(#[from] io::Error),
}

/// What every writer is: the corpus and the options in, one file's bytes out. Where the file goes
/// (`-o`, `--out-dir`, the default name) is the caller's business, and so is writing it.
pub type WriteFn = fn(&Corpus, &Options) -> Result<Written, WriteError>;

/// A writer that writes its file into `out` as it makes it, so that the whole file is never held
/// in memory; what it returns has no bytes.
pub type StreamFn = fn(&Corpus, &Options, &mut dyn io::Write) -> Result<Written, WriteError>;

/// One output format: a row of [`WRITERS`].
#[derive(Debug, Clone, Copy)]
pub struct Writer {
    /// The file extension, without the dot: the default output is `out/<input>.<extension>`.
    pub extension: &'static str,
    /// What the file is, after "the" in progress lines and in `all --help`.
    pub noun: &'static str,
    /// The writer.
    pub write: WriteFn,
    /// The same file written as it is made, for a format that can: preferred by
    /// [`Writer::write_into`].
    pub stream: Option<StreamFn>,
    /// Whether the file is text that may go to a terminal (`-o -`); binary files go only to a
    /// file or a pipe.
    pub text: bool,
}

impl Writer {
    /// A row: the file extension, the noun, the writer.
    pub const fn new(extension: &'static str, noun: &'static str, write: WriteFn) -> Writer {
        Writer {
            extension,
            noun,
            write,
            stream: None,
            text: false,
        }
    }

    /// The same row, for a format that can write its file as it makes it.
    pub const fn streaming(self, stream: StreamFn) -> Writer {
        Writer {
            stream: Some(stream),
            ..self
        }
    }

    /// Writes the file into `out`: as it is made when the format can, else rendered whole and
    /// then written. The [`Written`] returned has no bytes.
    pub fn write_into(
        &self,
        corpus: &Corpus,
        options: &Options,
        out: &mut dyn io::Write,
    ) -> Result<Written, WriteError> {
        match self.stream {
            Some(stream) => stream(corpus, options, out),
            None => {
                let mut written = (self.write)(corpus, options)?;
                out.write_all(&std::mem::take(&mut written.bytes))?;
                Ok(written)
            }
        }
    }

    /// The same row, for a format whose files are text.
    pub const fn text(self) -> Writer {
        Writer { text: true, ..self }
    }
}

/// The Anki deck (`qa-convert anki`).
pub const ANKI: Writer = Writer::new("apkg", "deck", anki::write);

/// The CSV (`qa-convert csv`).
pub const CSV: Writer = Writer::new("csv", "CSV", csv::write)
    .streaming(csv::stream)
    .text();

/// The printable PDF (`qa-convert pdf`).
pub const PDF: Writer = Writer::new("pdf", "PDF", pdf::write);

/// Every question and how they were merged, as JSON (`all` only; `parse` prints the records).
pub const JSON: Writer = Writer::new("json", "JSON", json::write)
    .streaming(json::stream)
    .text();

/// Every output format, in the order `qa-convert all` writes them.
pub const WRITERS: [Writer; 4] = [ANKI, CSV, PDF, JSON];

/// The formats' nouns as a sentence lists them: `deck, CSV, PDF and JSON`.
pub fn nouns() -> String {
    let nouns: Vec<&str> = WRITERS.iter().map(|w| w.noun).collect();
    match nouns.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => nouns.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_own_extension_and_the_help_lists_them_all() {
        let mut extensions: Vec<&str> = WRITERS.iter().map(|w| w.extension).collect();
        extensions.sort_unstable();
        extensions.dedup();
        assert_eq!(extensions.len(), WRITERS.len());
        assert_eq!(nouns(), "deck, CSV, PDF and JSON");
    }
}
