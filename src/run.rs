//! The only place the stages meet: inputs → read → dedupe → write, one function per command.
//! Holds no format logic of its own.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{
    AllCommandArgs, AnkiCommandArgs, Cli, Command, CsvCommandArgs, CsvStyle, DeckArgs, DedupeArgs,
    DedupeCommandArgs, FormatArg, InputArgs, ParseArgs, PdfCommandArgs,
};
use crate::dedupe;
use crate::error::{UsageError, usage_error};
use crate::fetch::{self, FetchOptions, PageKind};
use crate::inputs::{self, Input};
use crate::lockfile;
use crate::model::{Cluster, Corpus, Document};
use crate::progress::Progress;
use crate::read::{self, Format, ReadError};
use crate::set;
use crate::write::notes::DeckOptions;
use crate::write::pdf::{Layout, PdfOptions};
use crate::write::{self, Output, Writer};

/// What the user asked to hear about on stderr.
#[derive(Debug, Clone, Copy)]
struct Ui {
    quiet: bool,
    verbose: bool,
}

impl Ui {
    /// A warning, unless `-q`.
    fn warn(&self, message: &str) {
        if !self.quiet {
            let clear = if wants_progress(*self) {
                "\r\x1b[2K"
            } else {
                ""
            };
            eprintln!("{clear}warning: {message}");
        }
    }

    /// A note that only `-v` shows.
    fn explain(&self, message: &str) {
        if self.verbose {
            eprintln!("{message}");
        }
    }

    /// A one-line summary of what was done, unless `-q`. On a terminal it first clears the line, so
    /// that it replaces a progress line drawn there instead of running on after it.
    fn done(&self, message: &str) {
        if !self.quiet {
            let clear = if wants_progress(*self) {
                "\r\x1b[2K"
            } else {
                ""
            };
            eprintln!("{clear}{message}");
        }
    }
}

/// Prints an error the way every command does: `error: …`, then `hint: …` when there is one.
pub fn report_error(error: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "error: {error:#}");
    if let Some(hint) = usage_error(error).and_then(|u| u.hint.as_deref()) {
        let _ = writeln!(stderr, "hint: {hint}");
    }
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    let ui = Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    // A study set fills in the articles and options the command line leaves out.
    match cli.command {
        Command::Parse(mut args) => {
            set::apply(&mut args.input, None, None)?;
            parse(&args, ui)
        }
        Command::Dedupe(mut args) => {
            let mut merging = DedupeArgs {
                threshold: args.threshold,
                no_dedupe: false,
            };
            set::apply(&mut args.input, None, Some(&mut merging))?;
            args.threshold = merging.threshold;
            dedupe_command(&args, ui)
        }
        Command::Anki(mut args) => {
            set::apply(
                &mut args.input,
                Some(&mut args.deck),
                Some(&mut args.dedupe),
            )?;
            anki(&args, ui)
        }
        Command::Csv(mut args) => {
            set::apply(
                &mut args.input,
                Some(&mut args.deck),
                Some(&mut args.dedupe),
            )?;
            csv(&args, ui)
        }
        Command::Pdf(mut args) => {
            set::apply(&mut args.input, None, Some(&mut args.dedupe))?;
            pdf(&args, ui)
        }
        Command::All(mut args) => {
            set::apply(
                &mut args.input,
                Some(&mut args.deck),
                Some(&mut args.dedupe),
            )?;
            all(&args, ui)
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "qa-convert", &mut io::stdout());
            Ok(())
        }
        Command::Licenses => Output::Stdout
            .write(write::pdf::LICENSE.as_bytes())
            .context("writing the licences"),
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .context("rendering the man page")?;
            Output::Stdout.write(&page).context("writing the man page")
        }
    }
}

fn parse(args: &ParseArgs, ui: Ui) -> Result<()> {
    let mut read = read_documents(&args.input, ui)?;
    let output = match args.output.as_deref() {
        Some(requested) => destination(Some(requested), &read.inputs, &write::JSON)?,
        None => Output::Stdout,
    };
    // Written as it is made: the records of a large article are hundreds of megabytes of JSON.
    match &output {
        Output::File(path) => {
            inputs::refuse_replacing_inputs(&read.inputs, &[path])?;
            let mut staging = write::Staging::begin(&[path]).map_err(file_error)?;
            staging
                .stage(path, |out| {
                    write::json::write_documents(&read.documents, out)
                })
                .map_err(|error| stage_error(error, path))?;
            staging.commit().map_err(file_error)?;
        }
        Output::Stdout => write::json::write_documents(&read.documents, io::stdout().lock())
            .map_err(|error| write::FileError {
                path: PathBuf::from("standard output"),
                error,
            })
            .map_err(file_error)?,
    }
    if let Output::File(path) = &output {
        ui.done(&format!(
            "wrote {} ({} questions)",
            path.display(),
            read.question_count()
        ));
    }
    leave_to_exit(std::mem::take(&mut read.documents));
    read.finish()
}

/// `qa-convert dedupe`: the merge report, or the clusters as JSON with `--json`.
fn dedupe_command(args: &DedupeCommandArgs, ui: Ui) -> Result<()> {
    let mut read = read_documents(&args.input, ui)?;
    let options = dedupe::Options {
        near_misses: args.near,
        ..dedupe_options(args.threshold)
    };
    let analysis = dedupe::analyse(&read.documents, &options);
    let corpus = Corpus {
        documents: std::mem::take(&mut read.documents),
        clusters: analysis.clusters.clone(),
    };
    debug_assert!(corpus.clusters_partition_questions());
    let bytes = if args.json {
        dedupe::json::render(&corpus, &analysis)
    } else {
        dedupe::report::render(&corpus, &analysis).into_bytes()
    };
    Output::Stdout
        .write(&bytes)
        .context("writing standard output")?;
    read.finish()
}

fn dedupe_options(threshold: Option<f64>) -> dedupe::Options {
    dedupe::Options {
        threshold: threshold.unwrap_or(dedupe::DEFAULT_THRESHOLD),
        ..dedupe::Options::default()
    }
}

fn anki(args: &AnkiCommandArgs, ui: Ui) -> Result<()> {
    let options = write::Options {
        deck: deck_options(&args.deck),
        ..write::Options::default()
    };
    write_one(
        &write::ANKI,
        &args.input,
        &args.dedupe,
        args.output.as_deref(),
        &options,
        LockUse::Save(&args.deck),
        ui,
    )
}

fn csv(args: &CsvCommandArgs, ui: Ui) -> Result<()> {
    let options = write::Options {
        deck: deck_options(&args.deck),
        csv: match args.style {
            CsvStyle::Anki => write::csv::Style::Anki,
            CsvStyle::Plain => write::csv::Style::Plain,
        },
        ..write::Options::default()
    };
    // The CSV reads the lock for the deck's GUIDs but never moves it on: only a deck says when a
    // note changed.
    write_one(
        &write::CSV,
        &args.input,
        &args.dedupe,
        args.output.as_deref(),
        &options,
        LockUse::Read(&args.deck),
        ui,
    )
}

fn pdf(args: &PdfCommandArgs, ui: Ui) -> Result<()> {
    let options = write::Options {
        pdf: PdfOptions {
            paper: args.paper.paper.into(),
            layout: args.layout.into(),
        },
        ..write::Options::default()
    };
    write_one(
        &write::PDF,
        &args.input,
        &args.dedupe,
        args.output.as_deref(),
        &options,
        LockUse::None,
        ui,
    )
}

/// What a command does with the Anki lock file (`lockfile`): the deck reads and saves it, the CSV
/// only reads it, the others never look.
#[derive(Clone, Copy)]
enum LockUse<'a> {
    None,
    Read(&'a DeckArgs),
    Save(&'a DeckArgs),
}

/// A single-format command: reads, merges, and writes one file (`-o`, else `out/<input>.<ext>`).
fn write_one(
    writer: &Writer,
    input: &InputArgs,
    dedupe: &DedupeArgs,
    output: Option<&Path>,
    options: &write::Options,
    lock: LockUse,
    ui: Ui,
) -> Result<()> {
    let mut read = read_documents(input, ui)?;
    let lock_file = match lock {
        LockUse::None => None,
        LockUse::Read(args) | LockUse::Save(args) => lockfile::path(args, &read.inputs),
    };
    let (corpus, opening) =
        build_corpus_reading_lock(std::mem::take(&mut read.documents), dedupe, lock_file);
    let output = destination(output, &read.inputs, writer)?;
    let name = describe(&output);
    let mut options = options.clone();
    name_deck_after_folder(&mut options.deck, input, &corpus);
    let session = opening
        .transpose()?
        .map(|opening| lockfile::resume(opening, &corpus, &mut options.deck));
    let pending = match (lock, &session) {
        (LockUse::Save(_), Some(session)) => session.pending(),
        _ => None,
    };
    let written = std::thread::scope(|scope| -> Result<write::Written> {
        let lock = pending.map(|pending| render_lock_aside(scope, pending));
        Ok(match &output {
            Output::File(path) => {
                inputs::refuse_replacing_inputs(&read.inputs, &[path])?;
                let mut written =
                    stream_set(lock, &[(writer, path)], &corpus, &options, ui, |_| {})?;
                written.pop().unwrap_or_default()
            }
            Output::Stdout => {
                let written = render(writer, &corpus, &options, &name, ui)?;
                let lock = lock.map(|(path, text)| (path, text()));
                deliver(&output, &written.bytes, &read.inputs, lock)?;
                written
            }
        })
    })?;
    say_written(&name, &written, ui);
    leave_to_exit(session);
    leave_to_exit(corpus);
    read.finish()
}

/// Starts making the lock file's text on a thread of its own, as the deck needs only the notes'
/// identities, not the text: the lock's path, and what waits for its text.
fn render_lock_aside<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    pending: lockfile::Pending<'scope>,
) -> (&'scope Path, impl FnOnce() -> Vec<u8> + 'scope) {
    let path = pending.path;
    let thread = scope.spawn(move || pending.text());
    (path, move || joined(thread))
}

/// Leaves a command's records for the process's exit to take back: the command ends right after,
/// and freeing hundreds of thousands of strings one by one is a few per cent of a large run.
fn leave_to_exit<T>(records: T) {
    std::mem::forget(records);
}

/// Every output of the table of formats at once, into `--out-dir`, named after the input like the
/// single commands do.
fn all(args: &AllCommandArgs, ui: Ui) -> Result<()> {
    let mut progress = Progress::new(wants_progress(ui), 2 + write::WRITERS.len());
    progress.step("reading");
    let mut read = read_documents(&args.input, ui)?;
    progress.step(&format!(
        "merging duplicates among {} questions",
        read.question_count()
    ));
    let lock_file = lockfile::path(&args.deck, &read.inputs);
    let (corpus, opening) =
        build_corpus_reading_lock(std::mem::take(&mut read.documents), &args.dedupe, lock_file);
    let mut options = write::Options {
        deck: deck_options(&args.deck),
        csv: write::csv::Style::Anki,
        pdf: PdfOptions {
            paper: args.paper.paper.into(),
            layout: Layout::Sheet,
        },
    };
    name_deck_after_folder(&mut options.deck, &args.input, &corpus);
    let lock = opening
        .transpose()?
        .map(|opening| lockfile::resume(opening, &corpus, &mut options.deck));
    // The same file names the single commands would use, inside --out-dir.
    let paths: Vec<PathBuf> = write::WRITERS
        .iter()
        .map(|writer| in_folder(&args.out_dir, &read.inputs, writer.extension))
        .collect();
    let targets: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    inputs::refuse_replacing_inputs(&read.inputs, &targets)?;
    // The whole set lands at once, or none of it (`stream_set`).
    let pending = lock.as_ref().and_then(lockfile::Session::pending);
    let outputs: Vec<(&Writer, &Path)> =
        write::WRITERS.iter().zip(targets.iter().copied()).collect();
    let rendered = std::thread::scope(|scope| {
        let lock = pending.map(|pending| render_lock_aside(scope, pending));
        stream_set(lock, &outputs, &corpus, &options, ui, |writer| {
            progress.step(&format!("writing the {}", writer.noun));
        })
    })?;
    progress.finish();
    for (path, written) in targets.iter().zip(&rendered) {
        say_written(&path.display().to_string(), written, ui);
    }
    leave_to_exit(lock);
    leave_to_exit(corpus);
    read.finish()
}

/// Writes a set of files into their folders, each streamed into a temporary file beside its
/// target as it is made (see `write::Staging`), so that no file waits in memory for the others:
/// each writer's file, then the lock file, if it changed, whose text `lock` gives once it is made
/// (see `render_lock_aside`). Only when all are made are they renamed into place, the lock first,
/// so that the deck is never newer than the lock (see `deliver`); a failure leaves every old file
/// as it was. `starting` is told of each writer before it runs; warnings are shown as each file is
/// made.
fn stream_set(
    lock: Option<(&Path, impl FnOnce() -> Vec<u8>)>,
    outputs: &[(&Writer, &Path)],
    corpus: &Corpus,
    options: &write::Options,
    ui: Ui,
    mut starting: impl FnMut(&Writer),
) -> Result<Vec<write::Written>> {
    let targets: Vec<&Path> = lock
        .iter()
        .map(|(path, _)| *path)
        .chain(outputs.iter().map(|(_, path)| *path))
        .collect();
    let mut staging = write::Staging::begin(&targets).map_err(file_error)?;
    let mut written = Vec::with_capacity(outputs.len());
    for (writer, path) in outputs {
        starting(writer);
        let file = staging
            .stage(path, |out| writer.write_into(corpus, options, out))
            .map_err(|error| stage_error(error, path))?;
        show_notices(&file, ui);
        written.push(file);
    }
    if let Some((path, text)) = lock {
        let text = text();
        staging
            .stage_first(path, |out| out.write_all(&text))
            .map_err(|error| stage_error(error, path))?;
    }
    staging.commit().map_err(file_error)?;
    Ok(written)
}

/// A file of a set that could not be made, as the user sees it: the disk's failure with its
/// hint, or the writer's error for that file.
fn stage_error<E>(error: write::StageError<E>, path: &Path) -> anyhow::Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    match error {
        write::StageError::File(error) => file_error(error),
        write::StageError::Writer(error) => {
            anyhow::Error::new(error).context(format!("writing {}", path.display()))
        }
    }
}

/// Where one command's file goes: `-o -` is standard output (for a binary format only when that
/// is not a terminal); otherwise the file [`output_path`] names.
fn destination(
    requested: Option<&Path>,
    inputs: &[Input],
    writer: &Writer,
) -> Result<Output, UsageError> {
    match requested {
        Some(dash) if dash.as_os_str() == "-" => {
            if !writer.text && io::stdout().is_terminal() {
                let ext = writer.extension;
                return Err(UsageError::new(format!(
                    "not printing a binary .{ext} file on the terminal"
                ))
                .hint(format!(
                    "send it to a file: -o - > file.{ext}, or -o file.{ext}"
                )));
            }
            Ok(Output::Stdout)
        }
        _ => Ok(Output::File(output_path(
            requested,
            inputs,
            writer.extension,
        ))),
    }
}

/// `-o FILE`; `-o DIR` (an existing folder) puts the default file name in it; else `out/…`.
fn output_path(requested: Option<&Path>, inputs: &[Input], ext: &str) -> PathBuf {
    match requested {
        Some(dir) if dir.is_dir() => in_folder(dir, inputs, ext),
        Some(path) => path.to_path_buf(),
        None => inputs::default_output(inputs, ext),
    }
}

/// The default file name for these inputs, inside `dir`.
fn in_folder(dir: &Path, inputs: &[Input], ext: &str) -> PathBuf {
    let default = inputs::default_output(inputs, ext);
    dir.join(default.file_name().unwrap_or(default.as_os_str()))
}

/// With several articles and no `--deck`, the deck is named after the one folder named as INPUT
/// (`qa-convert anki MLOps/` → deck `MLOps`); otherwise the writers' default stands (the title of
/// a single article, else "qa-convert").
fn name_deck_after_folder(deck: &mut DeckOptions, input: &InputArgs, corpus: &Corpus) {
    if deck.name.is_some() || corpus.documents.len() < 2 {
        return;
    }
    if let [folder] = input.inputs.as_slice()
        && folder.is_dir()
    {
        deck.name = folder
            .canonicalize()
            .ok()
            .and_then(|path| path.file_name()?.to_str().map(str::to_string));
    }
}

fn deck_options(args: &DeckArgs) -> DeckOptions {
    DeckOptions {
        name: args.deck.clone(),
        tags: args.tags.clone(),
        flat: args.flat,
        source_date_epoch: DeckOptions::source_date_epoch_from_env(),
        identities: None,
    }
}

/// Renders one format for the output called `name` and shows its warnings.
fn render(
    writer: &Writer,
    corpus: &Corpus,
    options: &write::Options,
    name: &str,
    ui: Ui,
) -> Result<write::Written> {
    let written = (writer.write)(corpus, options).with_context(|| format!("writing {name}"))?;
    show_notices(&written, ui);
    Ok(written)
}

/// Shows a file's warnings, and under `-v` what it could not keep.
fn show_notices(written: &write::Written, ui: Ui) {
    for warning in &written.warnings {
        ui.warn(warning);
    }
    for lost in &written.lost {
        ui.explain(&format!("not kept: {lost}"));
    }
}

/// Says what was written: `wrote FILE (…)`.
fn say_written(name: &str, written: &write::Written, ui: Ui) {
    if written.summary.is_empty() {
        ui.done(&format!("wrote {name}"));
    } else {
        ui.done(&format!("wrote {name} ({})", written.summary));
    }
}

/// Writes one command's bytes where they go, unless the file there is one of the inputs, with the
/// lock file that goes with a deck. Deck and lock are one set: staged together, so a failure to
/// write either leaves both as they were, and the lock renamed first (to standard output, the deck
/// is written after it). Should the deck fail after that, the lock is ahead, which is safe: its
/// next run gives the same notes again, whereas a deck ahead of its lock could carry identities
/// the next run no longer knows.
fn deliver(
    output: &Output,
    bytes: &[u8],
    inputs: &[Input],
    lock: Option<(&Path, Vec<u8>)>,
) -> Result<()> {
    if let Output::File(path) = output {
        inputs::refuse_replacing_inputs(inputs, &[path])?;
    }
    match (output, lock) {
        (_, None) => output.write(bytes),
        (Output::File(path), Some((lock, text))) => {
            write::write_set(&[(lock, text.as_slice()), (path.as_path(), bytes)])
        }
        (Output::Stdout, Some((lock, text))) => {
            write::write_atomically(lock, &text).and_then(|()| output.write(bytes))
        }
    }
    .map_err(file_error)
}

/// A failed write as the user sees it: the destination and the system's reason; exit 2 with a
/// hint when the user can fix it (permissions, a full disk, a folder in the way).
fn file_error(error: write::FileError) -> anyhow::Error {
    match error.hint() {
        Some(hint) => UsageError::new(error.to_string()).hint(hint).into(),
        None => error.into(),
    }
}

fn describe(output: &Output) -> String {
    match output {
        Output::Stdout => "standard output".to_string(),
        Output::File(path) => path.display().to_string(),
    }
}

/// The documents read for one command, and how many inputs could not be used.
struct ReadDocuments {
    inputs: Vec<Input>,
    documents: Vec<Document>,
    failed: usize,
}

impl ReadDocuments {
    fn question_count(&self) -> usize {
        self.documents.iter().map(|d| d.questions.len()).sum()
    }

    /// Ends a command: an error (exit 2) when some inputs could not be used, after the rest were
    /// converted.
    fn finish(&self) -> Result<()> {
        if self.failed == 0 {
            return Ok(());
        }
        Err(UsageError::new(format!(
            "{} of {} inputs could not be converted (see above); the others were",
            self.failed,
            self.inputs.len()
        ))
        .into())
    }
}

/// Groups the documents' questions into clusters as the dedupe flags ask.
pub fn build_corpus(documents: Vec<Document>, args: &DedupeArgs) -> Corpus {
    let clusters = clusters_of(&documents, args);
    corpus_of(documents, clusters)
}

/// [`build_corpus`], with the lock file at `lock` (if any) read for the documents on a second
/// thread meanwhile (`lockfile::read`): reading it and preparing each question for it need not
/// wait for the merging. Its error, if any, is the caller's to report when it would have read it.
fn build_corpus_reading_lock(
    documents: Vec<Document>,
    args: &DedupeArgs,
    lock: Option<PathBuf>,
) -> (Corpus, Option<Result<lockfile::Opening>>) {
    let Some(path) = lock else {
        return (build_corpus(documents, args), None);
    };
    let (clusters, opening) = std::thread::scope(|scope| {
        let opening = scope.spawn(|| lockfile::read(path, &documents));
        let clusters = clusters_of(&documents, args);
        (clusters, joined(opening))
    });
    (corpus_of(documents, clusters), Some(opening))
}

/// The questions' clusters: merged, or each alone under `--no-dedupe`.
fn clusters_of(documents: &[Document], args: &DedupeArgs) -> Vec<Cluster> {
    if args.no_dedupe {
        dedupe::singletons(documents)
    } else {
        dedupe::dedupe(documents, &dedupe_options(args.threshold))
    }
}

fn corpus_of(documents: Vec<Document>, clusters: Vec<Cluster>) -> Corpus {
    let corpus = Corpus {
        documents,
        clusters,
    };
    debug_assert!(corpus.clusters_partition_questions());
    corpus
}

/// What a scoped thread returned; its panic goes on in this thread.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Reads every input. An input that cannot be used is reported and skipped, like ripgrep does;
/// when none can be used, the first problem is the error. Several inputs are read side by side,
/// one per core; what each has to say is told in the order of the inputs, as soon as every
/// input before it has been told.
fn read_documents(args: &InputArgs, ui: Ui) -> Result<ReadDocuments> {
    let mut inputs = inputs::resolve(&args.inputs)?;
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err(UsageError::new("standard input (-) can be read only once").into());
    }
    let web = fetch_options(args)?;
    let mut documents = Vec::with_capacity(inputs.len());
    let mut first_error = None;
    let mut failed = 0;
    let several = inputs.len() > 1;
    let mut titles = Vec::new();
    read_in_order(&inputs, args.format, &web, ui, |k, outcome, told| {
        told.replay(ui);
        match outcome {
            Ok(document) => {
                // A page's output is named after its title.
                if let Input::Url { .. } = inputs[k] {
                    titles.push((k, document.title.clone()));
                }
                documents.push(document);
            }
            Err(error) => {
                failed += 1;
                if several {
                    report_error(&error);
                }
                first_error.get_or_insert(error);
            }
        }
    });
    for (k, page_title) in titles {
        if let Input::Url { title, .. } = &mut inputs[k] {
            *title = Some(page_title);
        }
    }
    match first_error {
        Some(error) if documents.is_empty() => Err(error),
        _ => Ok(ReadDocuments {
            inputs,
            documents,
            failed,
        }),
    }
}

/// Reads each input and hands `use_one` its outcome and messages in the order of the inputs.
/// One input is read on this thread; several on as many threads as there are cores (at most one
/// per input), taking the next unread input as each finishes.
fn read_in_order(
    inputs: &[Input],
    format: FormatArg,
    web: &FetchOptions,
    ui: Ui,
    mut use_one: impl FnMut(usize, Result<Document>, Told),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len());
    if workers <= 1 {
        for (k, input) in inputs.iter().enumerate() {
            let mut told = Told::new(ui);
            let outcome = read_one(input, format, web, &mut told);
            use_one(k, outcome, told);
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(input) = inputs.get(k) else { break };
                    let mut told = Told::new(ui);
                    let outcome = read_one(input, format, web, &mut told);
                    if send.send((k, outcome, told)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Outcomes arrive in any order; each waits here until those before it are used.
        let mut waiting: Vec<Option<(Result<Document>, Told)>> =
            (0..inputs.len()).map(|_| None).collect();
        let mut due = 0;
        for (k, outcome, told) in receive {
            waiting[k] = Some((outcome, told));
            while let Some((outcome, told)) = waiting.get_mut(due).and_then(Option::take) {
                use_one(due, outcome, told);
                due += 1;
            }
        }
    });
}

/// What reading one input has to tell the user, kept until it is its turn to be told.
struct Told {
    verbose: bool,
    messages: Vec<(Level, String)>,
}

/// Whether a message is a warning (shown unless `-q`) or a note (shown with `-v`).
enum Level {
    Warn,
    Explain,
}

impl Told {
    fn new(ui: Ui) -> Told {
        Told {
            verbose: ui.verbose,
            messages: Vec::new(),
        }
    }

    fn warn(&mut self, message: String) {
        self.messages.push((Level::Warn, message));
    }

    /// Notes only `-v` shows are not kept without it.
    fn explain(&mut self, message: impl FnOnce() -> String) {
        if self.verbose {
            self.messages.push((Level::Explain, message()));
        }
    }

    fn replay(self, ui: Ui) {
        for (level, message) in self.messages {
            match level {
                Level::Warn => ui.warn(&message),
                Level::Explain => ui.explain(&message),
            }
        }
    }
}

/// `--timeout` and `--user-agent`, checked.
fn fetch_options(args: &InputArgs) -> Result<FetchOptions, UsageError> {
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .ok_or_else(|| {
            UsageError::new(format!(
                "--timeout {}: not a number of seconds",
                args.timeout
            ))
            .hint("give a positive number of seconds, such as --timeout 30")
        })?;
    Ok(FetchOptions {
        timeout,
        user_agent: args
            .user_agent
            .clone()
            .unwrap_or_else(|| fetch::DEFAULT_USER_AGENT.to_string()),
        cache: args.cache.clone(),
        refresh: args.refresh,
    })
}

fn read_one(
    input: &Input,
    format: FormatArg,
    web: &FetchOptions,
    told: &mut Told,
) -> Result<Document> {
    let name = input.name();
    let loaded = inputs::load(input, web)?;
    if let Some(origin) = &loaded.origin {
        told.explain(|| format!("{name}: {origin} ({} bytes)", loaded.text.len()));
    }
    let format = match (format, loaded.kind) {
        (FormatArg::Auto, Some(PageKind::Html)) => Ok(Format::Html),
        (FormatArg::Auto, Some(PageKind::Markdown)) => Ok(Format::Markdown),
        (FormatArg::Auto, _) => read::detect(input.path(), &loaded.text),
        (FormatArg::Text, _) => Ok(Format::Text),
        (FormatArg::Markdown, _) => Ok(Format::Markdown),
        (FormatArg::Html, _) => Ok(Format::Html),
    };
    let format = format.map_err(|e| read_error(&name, e))?;
    let reading = read::read(&loaded.text, &name, format).map_err(|e| read_error(&name, e))?;
    for warning in &reading.warnings {
        told.warn(format!("{name}:{}: {}", warning.line, warning.message));
    }
    // Every skipped line is listed with -v only: without it, they are not gathered.
    let skipped = if told.verbose {
        reading.skipped_runs(&loaded.text)
    } else {
        Vec::new()
    };
    for run in skipped {
        let lines = if run.first == run.last {
            run.first.to_string()
        } else {
            format!("{}-{}", run.first, run.last)
        };
        told.explain(|| format!("skipped {name}:{lines} ({})", run.reason));
    }
    // A long run left out without being judged junk may be questions the reader did not see:
    // the learner hears of it even without -v.
    for run in reading.suspicious_runs(&loaded.text) {
        told.warn(format!(
            "{name}: lines {}-{} left out ({}, {} lines): the output may miss questions there; -v lists every skipped line",
            run.first, run.last, run.reason, run.lines
        ));
    }
    let mut document = reading.document;
    if document.questions.is_empty() {
        return Err(
            UsageError::new(format!("{name}: no questions found ({format} input)"))
                .hint("questions look like \"Q1. What is …?\", \"1. What is …?\", a heading or a bold line; see qa-convert --help")
                .into(),
        );
    }
    document.modified = loaded.modified;
    told.explain(|| {
        format!(
            "read {name} as {format}: {} questions, title {:?}",
            document.questions.len(),
            document.title
        )
    });
    Ok(document)
}

/// A reader's refusal as the user sees it: the file, what is wrong, and what to do.
fn read_error(name: &str, error: ReadError) -> UsageError {
    let message = format!("{name}: {error}");
    match error {
        ReadError::NotAvailable(_) => {
            UsageError::new(message).hint("read it as plain text with --format text")
        }
        ReadError::Binary => UsageError::new(message)
            .hint("qa-convert reads articles saved as text, Markdown or HTML"),
        ReadError::Unrecognised(_) => UsageError::new(message).hint(
            "give an article saved as .txt, .md or .html, or name its kind with --format text|markdown|html",
        ),
    }
}

/// Whether long work should show a progress bar: only on a terminal, and never with `-q`.
fn wants_progress(ui: Ui) -> bool {
    !ui.quiet && io::stderr().is_terminal()
}
