//! Issue 14, answers that keep the article's structure: one small article per construct (inline
//! code, bold, italics, links, maths, numbered and nested lists, code with its language, tables,
//! images, sub-headings, quotes), each rendered by every writer into a golden file
//! (`tests/snapshots/rich__*`; accept new ones with `INSTA_UPDATE=always`, then review), and the
//! two fixtures holding every construct (`tests/fixtures/rich/`) read from Markdown and HTML into
//! the same records. The real Anki backend renders one card per construct.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

mod common;

use common::qa;

/// Each construct as a Markdown answer.
const CONSTRUCTS: &[(&str, &str)] = &[
    ("inline_code", "Run `make release` now."),
    ("strong", "Always **test** first."),
    ("emphasis", "It is *usually* fast."),
    ("link", "See [the manual](https://example.com/manual)."),
    ("maths", "It takes $n^2$ steps:\n\n$$\\sum_i c_i$$"),
    ("ordered_list", "3. Build\n4. Test\n5. Ship"),
    ("nested_list", "- Build\n  - compile\n  - link\n- Ship"),
    ("code_language", "```python\nprint(1 < 2)\n```"),
    (
        "table",
        "| Flag | Effect |\n|:--|--:|\n| `-j` | jobs |\n| `-k` | keep going |",
    ),
    ("image", "![The build graph](https://example.com/graph.png)"),
    ("sub_heading", "Intro.\n\n#### Example\n\nMore."),
    ("quote", "> Reproducible builds matter."),
];

/// A one-question article whose answer is `answer`.
fn article(answer: &str) -> String {
    format!("# Rich Answers\n\n## 1. What does it keep?\n\n{answer}\n")
}

/// Runs qa-convert in `dir` and returns stdout and stderr.
fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let output = qa().current_dir(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "qa-convert {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The lines of `-v` that say what a writer could not keep.
fn not_kept(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| l.starts_with("not kept: "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What each writer makes of one article: the JSON records, the Anki CSV, the plain CSV and the
/// PDF's text, each with the `-v` lines naming what it could not keep.
fn outputs(dir: &Path, file: &str) -> Vec<(&'static str, String)> {
    let (json, _) = run(dir, &["parse", file]);
    let (_, _) = run(dir, &["csv", file, "-o", "anki.csv"]);
    let anki = fs::read_to_string(dir.join("anki.csv")).unwrap();
    let (_, plain_err) = run(
        dir,
        &["csv", file, "--style", "plain", "-o", "plain.csv", "-v"],
    );
    let plain = fs::read_to_string(dir.join("plain.csv")).unwrap();
    let (_, pdf_err) = run(dir, &["pdf", file, "-o", "out.pdf", "-v"]);
    let pdf = pdf_text(&dir.join("out.pdf"));
    vec![
        ("json", json),
        ("anki_csv", anki),
        ("plain_csv", format!("{plain}---\n{}", not_kept(&plain_err))),
        ("pdf", format!("{pdf}---\n{}", not_kept(&pdf_err))),
    ]
}

/// The PDF's text in content order (poppler's `pdftotext -raw`); panics when poppler is missing.
fn pdf_text(file: &Path) -> String {
    let output = Process::new("pdftotext")
        .arg("-raw")
        .arg(file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext could not run ({e}): install poppler-utils"));
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
#[ignore = "needs poppler-utils: run scripts/test"]
fn every_construct_through_every_writer_matches_its_golden_file() {
    for (construct, answer) in CONSTRUCTS {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("rich.md"), article(answer)).unwrap();
        for (writer, output) in outputs(dir.path(), "rich.md") {
            insta::assert_snapshot!(format!("{construct}__{writer}"), output);
        }
    }
}

fn answers(json: &str) -> Vec<Value> {
    let records: Value = serde_json::from_str(json).unwrap();
    assert_eq!(records["schema"], 2);
    records["documents"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["answer"].clone())
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rich")
        .join(name)
}

#[test]
fn markdown_and_html_fixtures_read_into_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let read = |name: &str| {
        fs::copy(fixture(name), dir.path().join(name)).unwrap();
        run(dir.path(), &["parse", name]).0
    };
    let markdown = answers(&read("every-construct.md"));
    let html = answers(&read("every-construct.html"));
    assert_eq!(
        markdown,
        html,
        "expected: the Markdown's records\n{:#}\ngot: the HTML's\n{:#}",
        Value::from(markdown.clone()),
        Value::from(html.clone())
    );
    let kinds: Vec<String> = markdown
        .iter()
        .flat_map(|a| a.as_array().unwrap())
        .map(|b| b.as_object().unwrap().keys().next().unwrap().clone())
        .collect();
    for kind in [
        "paragraph",
        "ordered_list",
        "heading",
        "code",
        "table",
        "image",
        "quote",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} in {kinds:?}");
    }
    // And back: the JSON's answers deserialise into the model and serialise unchanged.
    for answer in &markdown {
        let blocks: Vec<qa_convert::model::Block> = serde_json::from_value(answer.clone()).unwrap();
        assert_eq!(&serde_json::to_value(&blocks).unwrap(), answer);
    }
}

#[test]
#[ignore = "needs poppler-utils: run scripts/test"]
fn both_fixtures_through_every_writer_match_their_golden_files() {
    for name in ["every-construct.md", "every-construct.html"] {
        let dir = tempfile::tempdir().unwrap();
        fs::copy(fixture(name), dir.path().join(name)).unwrap();
        for (writer, output) in outputs(dir.path(), name) {
            let name = name.replace(['-', '.'], "_");
            insta::assert_snapshot!(format!("fixture_{name}__{writer}"), output);
        }
    }
}

/// The Python with `anki` installed; a loud failure when it is not configured.
fn anki_python() -> PathBuf {
    match std::env::var_os("QA_CONVERT_ANKI_PYTHON") {
        Some(path) => PathBuf::from(path),
        None => panic!("QA_CONVERT_ANKI_PYTHON is not set: run scripts/test"),
    }
}

/// What a card shows for each construct, as the real Anki backend renders the card's back.
const RENDERED: &[(&str, &str)] = &[
    ("inline_code", "<code>make release</code>"),
    ("strong", "<b>test</b>"),
    ("emphasis", "<i>usually</i>"),
    (
        "link",
        "<a href=\"https://example.com/manual\">the manual</a>",
    ),
    ("maths", "\\(n^2\\)"),
    (
        "ordered_list",
        "<ol start=\"3\"><li>Build</li><li>Test</li>",
    ),
    (
        "nested_list",
        "<li>Build<ul><li>compile</li><li>link</li></ul></li>",
    ),
    (
        "code_language",
        "<code class=\"language-python\">print(1 &lt; 2)</code>",
    ),
    (
        "table",
        "<div class=\"qa-table\"><table><thead><tr><th style=\"text-align:left\">Flag</th>",
    ),
    ("image", "alt=\"The build graph\""),
    ("sub_heading", "<h4>Example</h4>"),
    (
        "quote",
        "<blockquote><p>Reproducible builds matter.</p></blockquote>",
    ),
];

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn the_real_anki_backend_renders_every_construct() {
    let python = anki_python();
    for (construct, answer) in CONSTRUCTS {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("rich.md"), article(answer)).unwrap();
        run(dir.path(), &["anki", "rich.md", "-o", "rich.apkg"]);
        let output = Process::new(&python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anki/check.py"))
            .arg("apkg")
            .arg(dir.path().join("collection.anki2"))
            .arg(dir.path().join("rich.apkg"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "check.py failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let state: Value = serde_json::from_slice(&output.stdout).unwrap();
        let back = state["notes"][0]["answer_html"].as_str().unwrap();
        let (_, expected) = RENDERED.iter().find(|(c, _)| c == construct).unwrap();
        assert!(
            back.contains(expected),
            "{construct}: expected the card to show\n{expected}\ngot:\n{back}"
        );
    }
}
