//! The whole pipeline as the command line runs it: any bytes saved as an article, read by
//! `qa-convert all` (decode, detect, read, dedupe, then the deck, CSV, PDF and JSON writers).
//! The first byte picks the file name, so that every reader and the sniffer get their turn.
#![no_main]

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use qa_convert::cli::Cli;

const NAMES: [&str; 4] = ["a.txt", "a.md", "a.html", "article"];

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, article)) = bytes.split_first() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir_in(scratch()) else {
        return;
    };
    let input = dir.path().join(NAMES[usize::from(pick) % NAMES.len()]);
    if std::fs::write(&input, article).is_err() {
        return;
    }
    let out = dir.path().join("out");
    let args = [
        "qa-convert".as_ref(),
        "-q".as_ref(),
        "all".as_ref(),
        input.as_os_str(),
        "--out-dir".as_ref(),
        out.as_os_str(),
    ];
    let cli = Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{e}"));
    // Errors (no questions, not text) are answers; only a panic or a hang is a finding.
    let _ = qa_convert::run::run(cli);
});

/// A memory-backed folder where there is one: the writers sync every file they write.
fn scratch() -> std::path::PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() }
}
