//! Issue 19, practice lists: an article of questions without answers (list items under section
//! headings, table rows) through every product. The parse JSON and the plain CSV carry an empty
//! answer and the section; repeats across sections merge and keep both sections; the PDF prints a
//! compact numbered list under the section headings; the deck's notes say the article gives no
//! answer (with a STAR reminder for behavioural questions) and carry `no-answer` and the section as
//! tags, checked with the real Anki backend.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

mod common;

use common::{first_questions, parse_json, qa};

const LIST: &str = "tests/fixtures/read/practice-behavioural.md";

#[test]
fn unanswered_questions_have_an_empty_answer_and_their_section() {
    let json = parse_json(LIST);
    let qs = first_questions(&json);
    assert_eq!(qs.len(), 10);
    for q in qs {
        assert_eq!(q["answer"], Value::Array(Vec::new()), "{q}");
        assert_eq!(q["answer_text"], "");
    }
    let sections: Vec<&str> = qs.iter().map(|q| q["section"].as_str().unwrap()).collect();
    assert_eq!(
        &sections[..4],
        ["Teamwork", "Teamwork", "Teamwork", "Leadership"]
    );
    assert_eq!(sections[9], "Career goals");
    // Headings are sections, never questions.
    assert!(qs.iter().all(|q| q["question"] != "Leadership"));
    // A question under no heading says so with `null`, not by leaving the key out.
    let json = parse_json("tests/fixtures/read/practice-prompts.txt");
    let q = &first_questions(&json)[0];
    assert!(q.as_object().unwrap().contains_key("section"));
    assert_eq!(q["section"], Value::Null);
}

#[test]
fn repeats_across_sections_merge_and_keep_every_section() {
    let out = qa().args(["dedupe", "--json", LIST]).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let clusters = json["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 9);
    let merged = clusters
        .iter()
        .find(|c| c["members"].as_array().unwrap().len() == 2)
        .expect("one merged pair");
    assert_eq!(merged["canonical"], "Where do you see yourself in 5 years?");
    assert_eq!(
        merged["members"][1]["question"],
        "Where do you see yourself in five years?"
    );

    let out = qa()
        .args(["csv", "--style", "plain", "-o", "-", LIST])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(header.get(5), Some("section"));
    let row = rows
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(1) == Some("Where do you see yourself in 5 years?"))
        .unwrap();
    assert_eq!(row.get(2), Some(""), "empty answer");
    assert_eq!(row.get(5), Some("Leadership; Career goals"));
}

#[test]
fn the_pdf_prints_a_numbered_list_under_section_headings() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("list.pdf");
    qa().args(["pdf", LIST, "-o"]).arg(&pdf).assert().success();
    let out = Process::new("pdftotext")
        .args(["-raw"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8(out.stdout).unwrap();
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing from:\n{text}"))
    };
    assert!(at("Teamwork") < at("Q1 Describe a conflict"));
    assert!(at("Q3 How do you share credit") < at("Leadership"));
    assert!(at("Leadership") < at("Q4 Tell me about a time you led"));
    // Career goals is a numbered list: its questions print with their own numbers.
    assert!(at("Career goals") < at("Q2 Why do you want to leave"));
}

/// The Python with `anki` installed; a loud failure when it is not configured.
fn anki_python() -> PathBuf {
    std::env::var_os("QA_CONVERT_ANKI_PYTHON")
        .map(PathBuf::from)
        .expect(
            "QA_CONVERT_ANKI_PYTHON is not set: this test needs the Anki backend (scripts/test)",
        )
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn deck_notes_say_there_is_no_answer_and_carry_tags() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("list.apkg");
    qa().args(["anki", "--no-lock", LIST, "-o"])
        .arg(&deck)
        .assert()
        .success();
    let collection = dir.path().join("c.anki2");
    let out = Process::new(anki_python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anki/check.py"))
        .arg("apkg")
        .arg(&collection)
        .arg(&deck)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let state: Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = state["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 9);
    let note = |question: &str| {
        notes
            .iter()
            .find(|n| n["fields"]["Question"] == question)
            .unwrap_or_else(|| panic!("no note asks {question:?}"))
    };
    let tags = |n: &Value| -> Vec<String> {
        n["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    let led = note("Tell me about a time you led without authority.");
    let answer = led["fields"]["Answer"].as_str().unwrap();
    assert!(answer.contains("gives no answer"), "{answer}");
    assert!(
        answer.contains("STAR") && answer.contains("Result"),
        "{answer}"
    );
    assert_eq!(tags(led), ["Leadership", "no-answer"]);
    // Not a behavioural question: no STAR reminder. Merged from two sections: both tags.
    let years = note("Where do you see yourself in 5 years?");
    let answer = years["fields"]["Answer"].as_str().unwrap();
    assert!(answer.contains("gives no answer") && !answer.contains("STAR"));
    assert_eq!(tags(years), ["Career_goals", "Leadership", "no-answer"]);
    assert!(
        years["fields"]["Source"]
            .as_str()
            .unwrap()
            .ends_with("· Leadership, Career goals")
    );
}
