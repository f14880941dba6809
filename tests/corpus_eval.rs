//! The real-article evaluation: `scripts/eval --check` scores the binary on every labelled article
//! in `shared/corpus/` (extraction precision and recall, junk, empty answers, false merges) and
//! fails below the thresholds the corpus README and DESIGN §3 set. The corpus is read where it
//! lies; none of its text is copied into the project.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `QA_CONVERT_CORPUS`, else `shared/corpus` beside the project or a folder above it (CI lays
/// `shared/` beside the clone; a git worktree sits a level deeper).
fn corpus() -> PathBuf {
    std::env::var_os("QA_CONVERT_CORPUS")
        .map(PathBuf::from)
        .or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .skip(1)
                .map(|dir| dir.join("shared/corpus"))
                .find(|dir| dir.is_dir())
        })
        .expect("the labelled corpus (shared/corpus beside the project): CI lays shared/ beside the clone")
}

/// Runs `scripts/eval --check` with `extra` arguments and fails with its table and failures.
fn assert_eval_passes(extra: &[&str]) {
    let output = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/eval"))
        .args([
            "--check",
            "--details",
            "--bin",
            env!("CARGO_BIN_EXE_qa-convert"),
        ])
        .args(extra)
        .arg("--corpus")
        .arg(corpus())
        .output()
        .expect("python3 runs scripts/eval");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        stdout.lines().any(|l| l.starts_with("pooled")),
        "scripts/eval printed no pooled row:\n{stdout}\n{stderr}"
    );
    assert!(
        output.status.success(),
        "the corpus evaluation is below its thresholds:\n{stdout}\n{stderr}"
    );
}

#[test]
fn every_labelled_article_meets_the_thresholds() {
    assert_eval_passes(&[]);
}

/// The readers' half alone: precision and recall per article and pooled, no junk line, no
/// unexpected empty answer.
#[test]
fn every_labelled_article_is_extracted_within_the_thresholds() {
    assert_eval_passes(&["--only", "extraction"]);
}
