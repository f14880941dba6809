//! The Anki deck and Anki-ready CSV, checked the way a learner meets them: imported into a fresh
//! collection by the real Anki backend (the `anki` Python package, driven by `tests/anki/check.py`).
//!
//! The real-import tests need that backend: `scripts/test` installs it into `.venv` and sets
//! `QA_CONVERT_ANKI_PYTHON`; under a plain `cargo test` they are ignored, and when run without the
//! variable they fail instead of passing silently.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, SystemTime};

use serde_json::Value;

mod common;

use common::{SAMPLE, qa};

const NEEDS_ANKI: &str = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON";

/// The Python with `anki` installed; a loud failure when it is not configured.
fn anki_python() -> PathBuf {
    match std::env::var_os("QA_CONVERT_ANKI_PYTHON") {
        Some(path) => PathBuf::from(path),
        None => panic!(
            "QA_CONVERT_ANKI_PYTHON is not set: this test {NEEDS_ANKI} \
(scripts/test creates .venv with anki==26.9.3 and sets it)"
        ),
    }
}

/// Imports `file` (`apkg` or `csv`) into the collection at `collection` with the real backend and
/// returns what check.py reports: the import log and every note in the collection.
fn import(kind: &str, collection: &Path, file: &Path) -> Value {
    let output = Process::new(anki_python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anki/check.py"))
        .arg(kind)
        .arg(collection)
        .arg(file)
        .output()
        .expect("running tests/anki/check.py");
    assert!(
        output.status.success(),
        "check.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("check.py prints JSON")
}

fn log(state: &Value, name: &str) -> u64 {
    state["log"][name].as_u64().unwrap()
}

fn notes(state: &Value) -> &Vec<Value> {
    state["notes"].as_array().unwrap()
}

fn note_with_question<'a>(state: &'a Value, question: &str) -> &'a Value {
    notes(state)
        .iter()
        .find(|n| n["fields"]["Question"] == question)
        .unwrap_or_else(|| {
            panic!(
                "expected a note asking {question:?}, got:\n{:#}",
                state["notes"]
            )
        })
}

/// Writes an article and sets its modification time, which becomes the notes' `mod`.
fn write_article(path: &Path, text: &str, modified_secs: u64) {
    fs::write(path, text).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(modified_secs))
        .unwrap();
}

const ARTICLE: &str = "Three Questions\n\n\
Q1. What is a feature store?\n\nA central place for model features.\n\n\
Q2. Why version data?\n\nTo reproduce any model:\n\n\u{2022} Lineage: know where data came from\n\u{2022} Rollback\n\n\
Q3. What is drift?\n\nThe data changes over time.\n";

fn anki(args: &[&str], article: &Path, out: &Path) {
    qa().arg("anki")
        .arg(article)
        .arg("-o")
        .arg(out)
        .args(args)
        .assert()
        .success();
}

#[test]
fn same_article_gives_byte_identical_deck_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    write_article(&article, ARTICLE, 1_700_000_000);
    for (command, ext) in [("anki", "apkg"), ("csv", "csv")] {
        let first = dir.path().join(format!("1.{ext}"));
        let second = dir.path().join(format!("2.{ext}"));
        for out in [&first, &second] {
            qa().arg(command)
                .arg(&article)
                .arg("-o")
                .arg(out)
                .assert()
                .success();
        }
        assert!(
            fs::read(&first).unwrap() == fs::read(&second).unwrap(),
            "{command}: two runs gave different bytes"
        );
    }
}

#[test]
fn all_writes_deck_csv_and_json_named_after_the_input() {
    let dir = tempfile::tempdir().unwrap();
    qa().args(["all", SAMPLE, "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    for ext in ["apkg", "csv", "pdf", "json"] {
        let path = dir.path().join(format!("mlops-interview-questions.{ext}"));
        assert!(path.is_file(), "expected {} to be written", path.display());
    }
    let json: Value = serde_json::from_slice(
        &fs::read(dir.path().join("mlops-interview-questions.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        json["documents"][0]["questions"].as_array().unwrap().len(),
        43
    );
    assert!(json["clusters"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn sample_deck_imports_into_a_fresh_collection() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("sample.apkg");
    qa().args([
        "anki",
        SAMPLE,
        "--tag",
        "mlops",
        "--tag",
        "interview prep",
        "-o",
    ])
    .arg(&deck)
    .assert()
    .success();
    let state = import("apkg", &dir.path().join("collection.anki2"), &deck);

    // 43 questions, 36 once the repeats are merged: {1, 17, 25, 36}, {2, 22}, {3, 23}, {4, 24}, {8, 33}.
    assert_eq!(log(&state, "new"), 36, "import log: {}", state["log"]);
    assert_eq!(notes(&state).len(), 36);
    let title = "Top Interview Questions on MLOps to Get your Job!!";
    assert!(
        state["decks"]
            .as_array()
            .unwrap()
            .contains(&Value::from(title))
    );
    let q1 = note_with_question(&state, "What is the difference between MLOps and DevOps?");
    assert_eq!(q1["notetype"], "qa-convert Q&A");
    assert_eq!(q1["decks"], serde_json::json!([title]));
    assert_eq!(q1["tags"], serde_json::json!(["interview_prep", "mlops"]));
    let field_names: Vec<&String> = q1["fields"].as_object().unwrap().keys().collect();
    assert_eq!(
        field_names,
        ["Also asked as", "Answer", "Question", "Source"]
    );
    assert!(
        q1["fields"]["Source"]
            .as_str()
            .is_some_and(|source| source.starts_with(&format!("Q1 · {SAMPLE}:8"))),
        "source: {}",
        q1["fields"]["Source"]
    );
    let also = q1["fields"]["Also asked as"].as_str().unwrap();
    for phrasing in [
        "What is the difference between DevOps and MLOps?",
        "What is MLOps, and how does it differ from DevOps?",
    ] {
        assert!(
            also.contains(phrasing),
            "Also asked as lacks {phrasing:?}: {also}"
        );
    }

    let question = q1["question_html"].as_str().unwrap();
    assert!(question.contains(
        "<div class=\"qa-question\">What is the difference between MLOps and DevOps?</div>"
    ));
    assert!(question.contains(".nightMode"), "card CSS has a night mode");
    let answer = q1["answer_html"].as_str().unwrap();
    assert!(answer.contains("<hr id=\"answer\">"));
    assert!(answer.contains("<p>MLOps (Machine Learning Operations) and DevOps"));

    let q2 = note_with_question(&state, "How do you create Infrastructure in MLOps?");
    let answer_field = q2["fields"]["Answer"].as_str().unwrap();
    assert_eq!(
        answer_field.matches("<li>").count(),
        6,
        "Q2 has 6 bullets:\n{answer_field}"
    );
    let answer = q2["answer_html"].as_str().unwrap();
    assert!(answer.contains("<ul><li>Choose a cloud provider</li>"));
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn deck_hierarchy_from_deck_flag() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    write_article(&article, ARTICLE, 1_700_000_000);
    let deck = dir.path().join("a.apkg");
    anki(&["--deck", "Interviews::MLOps"], &article, &deck);
    let state = import("apkg", &dir.path().join("c.anki2"), &deck);
    assert_eq!(log(&state, "new"), 3);
    let decks = state["decks"].as_array().unwrap();
    assert!(
        decks.contains(&Value::from("Interviews")),
        "decks: {decks:?}"
    );
    assert!(
        decks.contains(&Value::from("Interviews::MLOps")),
        "decks: {decks:?}"
    );
    for note in notes(&state) {
        assert_eq!(note["decks"], serde_json::json!(["Interviews::MLOps"]));
    }
    // Lead terms are bold on the card.
    let q2 = note_with_question(&state, "Why version data?");
    assert!(
        q2["fields"]["Answer"]
            .as_str()
            .unwrap()
            .contains("<li><b>Lineage:</b> know where data came from</li>")
    );
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn edited_article_updates_notes_and_unchanged_one_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.anki2");
    let article = dir.path().join("a.txt");
    let deck = dir.path().join("a.apkg");

    write_article(&article, ARTICLE, 1_700_000_000);
    anki(&[], &article, &deck);
    let first = import("apkg", &collection, &deck);
    assert_eq!(log(&first, "new"), 3);

    // Unchanged article, regenerated: nothing to do.
    anki(&[], &article, &deck);
    let again = import("apkg", &collection, &deck);
    assert_eq!(
        (log(&again, "new"), log(&again, "updated")),
        (0, 0),
        "log: {}",
        again["log"]
    );

    // One answer changed, one question added, saved later.
    let edited = ARTICLE.replace(
        "The data changes over time.",
        "Inputs or labels shift after deployment.",
    ) + "\nQ4. What is a shadow deployment?\n\nA new model sees live traffic but its answers are not used.\n";
    write_article(&article, &edited, 1_700_000_600);
    anki(&[], &article, &deck);
    let after = import("apkg", &collection, &deck);
    assert_eq!(
        log(&after, "new"),
        1,
        "exactly one note added; log: {}",
        after["log"]
    );
    // The note `mod` is the article's modification time, so every note of the edited article is
    // newer than the one Anki holds and is taken: the changed answer, and the unchanged notes too.
    assert_eq!(log(&after, "updated"), 3, "log: {}", after["log"]);
    assert_eq!(notes(&after).len(), 4);
    let drift = note_with_question(&after, "What is drift?");
    assert_eq!(
        drift["fields"]["Answer"],
        "<p>Inputs or labels shift after deployment.</p>"
    );
    assert_eq!(drift["mod"], 1_700_000_600);
    let guid_before = &note_with_question(&first, "What is drift?")["guid"];
    assert_eq!(&drift["guid"], guid_before, "the same note was updated");
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn anki_csv_imports_twice_without_duplicates_and_matches_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    write_article(&article, ARTICLE, 1_700_000_000);
    let csv = dir.path().join("a.csv");
    qa().arg("csv")
        .arg(&article)
        .arg("-o")
        .arg(&csv)
        .assert()
        .success();

    // A collection that already has the deck: the CSV addresses the very same notes.
    let collection = dir.path().join("c.anki2");
    let deck = dir.path().join("a.apkg");
    anki(&[], &article, &deck);
    let deck_state = import("apkg", &collection, &deck);
    for round in 1..=2 {
        let state = import("csv", &collection, &csv);
        assert_eq!(
            log(&state, "new"),
            0,
            "round {round}; log: {}",
            state["log"]
        );
        assert_eq!(notes(&state).len(), 3, "round {round}");
        assert_eq!(
            state["notes"], deck_state["notes"],
            "round {round}: the CSV changed the deck's notes"
        );
    }

    // A fresh collection: the first import adds, the second finds them all.
    let fresh = dir.path().join("fresh.anki2");
    let first = import("csv", &fresh, &csv);
    assert_eq!(log(&first, "new"), 3, "log: {}", first["log"]);
    let second = import("csv", &fresh, &csv);
    assert_eq!(log(&second, "new"), 0, "log: {}", second["log"]);
    assert_eq!(notes(&second).len(), 3);
    let title_deck = Value::from("Three Questions");
    assert_eq!(notes(&second)[0]["decks"], serde_json::json!([title_deck]));
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn html_in_a_question_shows_literally() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    write_article(
        &article,
        "Escaping\n\nQ1. What does <script>alert(1)</script> do in a page?\n\n\
It runs alert(1) & shows <b>nothing</b> else.\n",
        1_700_000_000,
    );
    let deck = dir.path().join("a.apkg");
    anki(&[], &article, &deck);
    let state = import("apkg", &dir.path().join("c.anki2"), &deck);
    let note = &notes(&state)[0];
    assert_eq!(
        note["fields"]["Question"],
        "What does &lt;script&gt;alert(1)&lt;/script&gt; do in a page?"
    );
    let question = note["question_html"].as_str().unwrap();
    assert!(
        !question.contains("<script>alert"),
        "raw script on the card:\n{question}"
    );
    assert!(question.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let answer = note["answer_html"].as_str().unwrap();
    assert!(answer.contains("&amp; shows &lt;b&gt;nothing&lt;/b&gt; else."));
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn identical_questions_kept_apart_stay_two_notes() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    write_article(
        &article,
        "Repeats\n\nQ1. What is MLOps?\n\nFirst answer.\n\nQ2. What is MLOps?\n\nSecond answer.\n",
        1_700_000_000,
    );
    let deck = dir.path().join("a.apkg");
    anki(&["--no-dedupe"], &article, &deck);
    let state = import("apkg", &dir.path().join("c.anki2"), &deck);
    assert_eq!(log(&state, "new"), 2, "log: {}", state["log"]);
    assert_eq!(notes(&state).len(), 2);
}

#[test]
fn o_with_a_folder_writes_the_default_name_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    qa().args(["anki", SAMPLE, "-o"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("mlops-interview-questions.apkg").is_file());
}
