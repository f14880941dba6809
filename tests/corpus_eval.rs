//! The real-article evaluation: `scripts/eval --check` scores the binary on every labelled article
//! in `../shared/corpus/` (extraction precision and recall, junk, empty answers, false merges) and
//! fails below the thresholds the corpus README and DESIGN §3 set. The corpus is read where it
//! lies; none of its text is copied into the project.

use std::path::Path;
use std::process::Command;

#[test]
fn every_labelled_article_meets_the_thresholds() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        corpus.is_dir(),
        "the labelled corpus is missing at {}: CI lays shared/ beside the clone",
        corpus.display()
    );
    let output = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/eval"))
        .args([
            "--check",
            "--details",
            "--bin",
            env!("CARGO_BIN_EXE_qa-convert"),
        ])
        .arg("--corpus")
        .arg(&corpus)
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
