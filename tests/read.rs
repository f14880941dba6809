//! Readers on real-looking articles: every fixture in `tests/fixtures/read/` (plain text, Markdown
//! and HTML, with cookie banners, share counts, author boxes and related posts) is read and
//! compared with its `.expected.json`: title, every question (number, text, line) and every answer
//! block. Question precision and recall must be at least 0.98 per fixture. Every non-blank line of
//! every fixture and corpus article must end in a question, an answer or a skip reason.
//!
//! To accept new expectations after a deliberate change, run with `QA_CONVERT_ACCEPT=1` and review
//! the diff of the `.expected.json` files.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use assert_cmd::Command;
use predicates::prelude::*;
use qa_convert::model::Document;
use qa_convert::read::{self, Format};
use serde_json::{Value, json};

const FIXTURES: &str = "tests/fixtures/read";

/// The layout classes that real articles showed (issue "Right on the articles people bring"),
/// each with the invented fixture that pins it down.
const LAYOUT_CLASSES: &[(&str, &[&str])] = &[
    // A: numbered headings or bold lines, some not worded as questions.
    ("A", &["kubectl-uniform-headings.md", "ml-bold-stars.md"]),
    // B: the heading level changes inside the numbered run.
    ("B", &["terraform-level-change.md"]),
    // C: answers written under deeper `##### Answer:` headings.
    ("C", &["http-answer-headings.md"]),
    // D: `---` lines mid-file; front matter only at the very start.
    ("D", &["networking-rules.md"]),
    // E: citation links, difficulty emoji, "(asked at …)" after the question.
    ("E", &["deep-learning-citations.md"]),
    // F: raw HTML headings in Markdown; a sub-heading opening an answer.
    ("F", &["python-html-headings.md"]),
    // G: answer labels mark the questions: glued numbers, lone `-` lines.
    ("G", &["cloud-glued-numbers.txt", "storage-dash-labels.txt"]),
    // H: a heading question that continues on the next, indented line.
    ("H", &["release-wrapped-headings.md"]),
    // I: one problem per code fence, no answers.
    ("I", &["coding-fences.md"]),
    // J: junk inside answers: promo lines and short links, group headings, chat remarks, answer
    // labels on list items, disclosure labels.
    ("J", &["devops-promo-remarks.txt", "security-disclosure.md"]),
    // M: questions as list items under section headings, no answers (Markdown, HTML tab panes,
    // a section line over asking lines in plain text);
    // a numbered list's items keep their printed numbers (`4.`, `<ol start="4">`).
    (
        "M",
        &[
            "practice-behavioural.md",
            "practice-tabs.html",
            "practice-tab-labels.html",
            "practice-numbered.md",
            "practice-numbered.html",
            "practice-sections.txt",
        ],
    ),
    // N: questions in table cells; header rows never questions, other columns their notes.
    ("N", &["practice-table.md", "practice-table.html"]),
    // O: prompts not worded as questions, unanswered, among numbered or heading questions.
    (
        "O",
        &["practice-prompts.txt", "practice-prompt-headings.md"],
    ),
    // P: qualified answer labels (`**Sample Answer:**`, `Model answer:`).
    ("P", &["practice-labels.md"]),
    // Q: a site name leading the `<title>`; `(answer)` link labels and zero-width characters.
    ("Q", &["practice-site-title.html"]),
];
const MIN_PRECISION_RECALL: f64 = 0.98;

fn fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(FIXTURES)
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| read::is_supported_path(p))
        .collect();
    paths.sort();
    paths
}

fn read_fixture(path: &Path) -> (Format, Document) {
    let text = fs::read_to_string(path).expect("fixture text");
    let format = read::detect(Some(path), &text).expect("fixture format");
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let reading = read::read(&text, name, format).expect("readable");
    (format, reading.document)
}

/// The part of a document the expectations pin down (a question's section only when it has one).
fn summary(doc: &Document) -> Value {
    json!({
        "title": doc.title,
        "questions": doc.questions.iter().map(|q| {
            let mut view = json!({
                "number": q.number,
                "question": q.question,
                "line": q.source.line,
                "answer": q.answer,
            });
            if let Some(section) = &q.section {
                view["section"] = json!(section);
            }
            view
        }).collect::<Vec<_>>(),
    })
}

fn expected_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().expect("name").to_os_string();
    name.push(".expected.json");
    path.with_file_name(name)
}

/// Precision and recall of the questions found, matched on (number, text).
fn precision_recall(got: &[Value], want: &[Value]) -> (f64, f64) {
    let key = |q: &Value| (q["number"].to_string(), q["question"].to_string());
    let mut wanted: HashMap<(String, String), usize> = HashMap::new();
    for q in want {
        *wanted.entry(key(q)).or_default() += 1;
    }
    let mut hits = 0;
    for q in got {
        if let Some(n) = wanted.get_mut(&key(q)).filter(|n| **n > 0) {
            *n -= 1;
            hits += 1;
        }
    }
    let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
    (ratio(hits, got.len()), ratio(hits, want.len()))
}

#[test]
fn every_fixture_reads_as_expected() {
    let accept = std::env::var_os("QA_CONVERT_ACCEPT").is_some();
    let mut formats = Vec::new();
    for path in fixtures() {
        let (format, doc) = read_fixture(&path);
        formats.push(format);
        let got = summary(&doc);
        let expected_path = expected_path(&path);
        if accept {
            let text = serde_json::to_string_pretty(&got).expect("json") + "\n";
            fs::write(&expected_path, text).expect("write expectation");
            continue;
        }
        let want: Value = serde_json::from_str(
            &fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("missing {}", expected_path.display())),
        )
        .expect("expectation is JSON");
        let name = path.display();
        assert_eq!(got["title"], want["title"], "{name}: title");
        let got_qs = got["questions"].as_array().expect("questions");
        let want_qs = want["questions"].as_array().expect("questions");
        let (precision, recall) = precision_recall(got_qs, want_qs);
        assert!(
            precision >= MIN_PRECISION_RECALL && recall >= MIN_PRECISION_RECALL,
            "{name}: precision {precision:.3}, recall {recall:.3}\nexpected:\n{}\ngot:\n{}",
            serde_json::to_string_pretty(&want["questions"]).unwrap_or_default(),
            serde_json::to_string_pretty(&got["questions"]).unwrap_or_default(),
        );
        for (g, w) in got_qs.iter().zip(want_qs) {
            assert_eq!(
                g,
                w,
                "{name}: question {}\nexpected:\n{}\ngot:\n{}",
                w["question"],
                serde_json::to_string_pretty(w).unwrap_or_default(),
                serde_json::to_string_pretty(g).unwrap_or_default(),
            );
        }
    }
    assert!(formats.len() >= 8, "at least 8 fixtures");
    for format in [Format::Text, Format::Markdown, Format::Html] {
        assert!(formats.contains(&format), "a {format} fixture");
    }
}

#[test]
fn every_layout_class_has_a_fixture_with_questions() {
    for (class, names) in LAYOUT_CLASSES {
        for name in *names {
            let path = Path::new(FIXTURES).join(name);
            let (_, doc) = read_fixture(&path);
            assert!(
                doc.questions.len() >= 3,
                "class {class}: {name} gives {} questions",
                doc.questions.len()
            );
            assert!(
                expected_path(&path).is_file(),
                "class {class}: {name} has no expectation"
            );
        }
    }
}

fn questions(text: &str, format: Format) -> Vec<(Option<u32>, String)> {
    read::read(text, "t", format)
        .expect("readable")
        .document
        .questions
        .into_iter()
        .map(|q| (q.number, q.question))
        .collect()
}

fn numbered(list: &[(u32, &str)]) -> Vec<(Option<u32>, String)> {
    list.iter()
        .map(|(n, q)| (Some(*n), q.to_string()))
        .collect()
}

#[test]
fn every_plain_text_numbering_style_is_read() {
    for prefix in [
        "Q{}.",
        "Q{}:",
        "Q.{}",
        "Q {})",
        "Question {}:",
        "{}.",
        "{})",
        "#{}",
    ] {
        let text: String = (1..=3)
            .map(|n| {
                format!(
                    "{} What is thing {n}?\n\nThing {n} is a thing.\n\n",
                    prefix.replace("{}", &n.to_string())
                )
            })
            .collect();
        assert_eq!(
            questions(&format!("Things\n\n{text}"), Format::Text),
            numbered(&[
                (1, "What is thing 1?"),
                (2, "What is thing 2?"),
                (3, "What is thing 3?")
            ]),
            "{prefix}"
        );
    }
}

#[test]
fn numbered_answer_steps_are_not_questions() {
    let text = "Deploying\n\n1. How do you deploy?\n\nSteps:\n1. Build\n2. Test\n3. Ship\n\n2. How do you roll back?\n\nRedeploy the previous build.\n\n3. Why automate?\n\nFewer mistakes:\n1) speed\n2) safety\n";
    assert_eq!(
        questions(text, Format::Text),
        numbered(&[
            (1, "How do you deploy?"),
            (2, "How do you roll back?"),
            (3, "Why automate?")
        ])
    );
}

#[test]
fn a_rhetorical_question_in_plain_prose_is_not_a_question() {
    let text = "Notes on testing\n\nWe wrote many tests this year.\n\nWhy does it matter?\n\nBecause bugs cost money.\n";
    assert!(questions(text, Format::Text).is_empty());
}

#[test]
fn answer_labels_are_left_out() {
    let text = "Q1. What is X?\nA: X is a letter.\n\nQ2. What is Y?\n\nAnswer:\nY is another.\n";
    let doc = read::read(text, "t", Format::Text)
        .expect("readable")
        .document;
    assert_eq!(doc.questions[0].answer_text(), "X is a letter.");
    assert_eq!(doc.questions[1].answer_text(), "Y is another.");
}

#[test]
fn a_file_of_no_supported_kind_exits_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deck.pdf");
    fs::write(&path, "%PDF-1.7\n").expect("write");
    Command::cargo_bin("qa-convert")
        .expect("binary")
        .args(["parse"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("deck.pdf"))
        .stderr(predicate::str::contains(
            "not a text, Markdown or HTML article",
        ))
        .stderr(predicate::str::contains("hint:"));
}

#[test]
fn markdown_and_html_on_stdin_are_sniffed() {
    let markdown =
        "# Qs\n\n## What is Rust?\n\nA language.\n\n## What is Cargo?\n\nIts build tool.\n";
    Command::cargo_bin("qa-convert")
        .expect("binary")
        .args(["parse", "-"])
        .write_stdin(markdown)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"question\": \"What is Cargo?\""));
    let html = "<!DOCTYPE html><html><body><h2>What is Rust?</h2><p>A language.</p><h2>What is Cargo?</h2><p>Its build tool.</p></body></html>";
    Command::cargo_bin("qa-convert")
        .expect("binary")
        .args(["parse", "-"])
        .write_stdin(html)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"question\": \"What is Cargo?\""));
}

/// Pieces of every layout, glued at random: no reader may panic on any mix of them.
const PIECES: &[&str] = &[
    "Q1. What is X?",
    "Q",
    "1.",
    "1) ",
    "#2 ",
    "Question 10:",
    "A:",
    "Answer:",
    "What?",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "    code(x);",
    "```",
    "```py",
    "~~~",
    "**",
    "*",
    "__",
    "`",
    "# ",
    "### ",
    "1. ### ",
    "---\n",
    "- ",
    "  • ",
    "<h2>",
    "</h2>",
    "<p>",
    "</p>",
    "<strong>",
    "</strong>",
    "<br>",
    "<details><summary>",
    "</summary>",
    "</details>",
    "<ul><li>",
    "</li>",
    "<pre><code class=\"language-\">",
    "</code></pre>",
    "<dt>",
    "<dd>",
    "<table><tr><td>",
    "<!--",
    "-->",
    "&amp;",
    "&#x1F600;",
    "é",
    "ß",
    "日本語",
    "\u{feff}",
    "\u{a0}",
    "\r\n",
    "?",
    ":",
    "|",
    "»",
    "©",
    "Source - X",
    "ree",
    "Comments",
    "Related posts",
    "Conclusion",
    "<article>",
    "<nav>",
    "<script>",
    "</script>",
    "[a](#b)",
    "![i](x.png)",
    "> ",
    "| a | b |",
    "\u{0301}",
    "🙂",
    "9999999999.",
    "Q.",
    "Q 4)",
];

#[test]
fn no_reader_panics_on_any_mix_of_layout_pieces() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let len = (next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let reading = read::read(&text, "fuzz", format).expect("no NUL in pieces");
            for q in &reading.document.questions {
                assert!(
                    !q.question.is_empty(),
                    "{format}: empty question in {text:?}"
                );
            }
        }
        let _ = read::detect(None, &text);
    }
}

/// A generated article of `n` questions in the sample's layout.
fn generated_article(n: usize) -> String {
    let mut text = String::from("top of page\n\nGenerated Interview Questions\n\n");
    for i in 1..=n {
        text.push_str(&format!(
            "Q{i}. What is the difference between concept {i} and concept {}?\n\n\
             Concept {i} is an idea about machine learning operations, and it differs from the other one in scope and in cost.\n\n\
             Here are some key steps:\n\n  • Choose a cloud provider\n\n  • Version control: Keep code in Git.\n\n\
             ree\n\nSource - Example\n\n",
            i + 1
        ));
    }
    text.push_str("Comments\n\nAll rights reserved © 2024 by Example.\n");
    text
}

/// A generated Markdown article of `n` heading questions.
fn generated_markdown(n: usize) -> String {
    let mut text = String::from("# Generated\n\n");
    for i in 1..=n {
        text.push_str(&format!(
            "## {i}. What is concept {i}?\n\nConcept {i} is an idea with **bold** and `code` in it.\n\n- one\n- two\n\n```python\nx = {i}\n```\n\n"
        ));
    }
    text
}

/// A generated HTML page of `n` heading questions.
fn generated_html(n: usize) -> String {
    let mut text = String::from("<html><body><nav>Home</nav><article><h1>Generated</h1>\n");
    for i in 1..=n {
        text.push_str(&format!(
            "<h3>{i}. What is concept {i}?</h3>\n<p>Concept {i} is an idea with <strong>bold</strong> and <code>code</code>.</p>\n<ul><li>one</li><li>two</li></ul>\n<pre><code class=\"language-python\">x = {i}</code></pre>\n"
        ));
    }
    text.push_str("</article></body></html>");
    text
}

/// Reading speed, for `cargo test --release --test read -- --ignored --nocapture`. Not a timed
/// assertion: it prints the number.
#[test]
#[ignore]
fn reading_speed() {
    // scripts/test runs ignored tests in a debug build: keep that quick; the numbers that matter
    // come from --release.
    let scale = if cfg!(debug_assertions) {
        println!("debug build: sizes divided by 10; run with --release for real numbers");
        10
    } else {
        1
    };
    // The first read compiles the junk rules' regexes once; time that apart.
    let start = Instant::now();
    read::read(&generated_article(1), "warm-up.txt", Format::Text).expect("readable");
    println!(
        "first read (regexes compiled) in {:.3} s",
        start.elapsed().as_secs_f64()
    );
    for (format, make) in [
        (Format::Markdown, generated_markdown as fn(usize) -> String),
        (Format::Html, generated_html),
    ] {
        let n = 10_000 / scale;
        let text = make(n);
        let start = Instant::now();
        let reading = read::read(&text, "generated", format).expect("readable");
        assert_eq!(reading.document.questions.len(), n);
        println!(
            "read {n} {format} questions in {:.3} s",
            start.elapsed().as_secs_f64()
        );
    }
    for n in [10_000 / scale, 100_000 / scale] {
        let text = generated_article(n);
        let start = Instant::now();
        let reading = read::read(&text, "generated.txt", Format::Text).expect("readable");
        let elapsed = start.elapsed();
        assert_eq!(reading.document.questions.len(), n);
        println!(
            "read {n} questions ({} MB) in {:.3} s",
            text.len() / 1_000_000,
            elapsed.as_secs_f64()
        );
    }
}

/// Where the labelled real articles lie: `QA_CONVERT_CORPUS`, else `shared/corpus` beside the
/// project or one of the folders above it (CI lays `shared/` beside the clone).
fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("QA_CONVERT_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
}

/// Every non-blank line of `path` ends in the title, a question, an answer or a skip reason.
fn assert_accounted(path: &Path) {
    let bytes = fs::read(path).expect("article");
    let text = String::from_utf8_lossy(&bytes);
    let format = read::detect(Some(path), &text).expect("format");
    if format == Format::Html {
        // HTML is accounted for by element, not by source line: tags and scripts span lines
        // that hold no article text.
        return;
    }
    let reading = read::read(&text, "t", format).expect("readable");
    let lost = reading.unaccounted(&text);
    let lines: Vec<&str> = text.lines().collect();
    let shown: Vec<String> = lost
        .iter()
        .take(10)
        .map(|&l| format!("{l}: {}", lines[l - 1]))
        .collect();
    assert!(
        lost.is_empty(),
        "{}: {} lines went nowhere:\n{}",
        path.display(),
        lost.len(),
        shown.join("\n")
    );
}

#[test]
fn every_line_of_every_fixture_is_accounted_for() {
    for path in fixtures() {
        assert_accounted(&path);
    }
    assert_accounted(Path::new("source/mlops-interview-questions.txt"));
}

#[test]
fn every_line_of_every_corpus_article_is_accounted_for() {
    let dir = corpus_dir().expect("the labelled corpus (shared/corpus beside the project)");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).expect("corpus folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".labels.json") || name == "README.md" {
            continue;
        }
        assert_accounted(&path);
        seen += 1;
    }
    assert!(seen > 0, "no article in {}", dir.display());
}
