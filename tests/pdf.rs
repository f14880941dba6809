//! The PDF as a reader meets it: every question extractable as text, fonts embedded, no word
//! outside the page, flashcard backs behind their fronts, the same bytes on every run, and odd
//! characters handled with one warning. Checks that read the PDF use poppler-utils (`pdftotext`,
//! `pdffonts`), which `scripts/test` installs; without them those checks fail loudly.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use predicates::prelude::*;
use regex::Regex;

mod common;

use common::{SAMPLE, qa};

const EDGE: &str = "tests/fixtures/pdf-edge.txt";
const POPPLER: &str = "needs poppler-utils: run scripts/test";

/// Writes the PDF of `input` with extra `args` into `dir`, returning its path and stderr.
fn pdf(dir: &Path, input: &str, args: &[&str]) -> (PathBuf, String) {
    let out = dir.join(format!("{}.pdf", args.join("").replace('-', "")));
    let output = qa()
        .arg("pdf")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "qa-convert pdf failed:\n{stderr}");
    (out, stderr)
}

/// Runs a poppler tool; panics with what to install when it is missing, never passes silently.
fn poppler(tool: &str, args: &[&str], file: &Path) -> String {
    let output = Process::new(tool)
        .args(args)
        .arg(file)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}): install poppler-utils"));
    assert!(
        output.status.success(),
        "{tool} failed on {}",
        file.display()
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The questions of an input, as `qa-convert parse` reads them.
fn questions(input: &str) -> Vec<String> {
    let output = qa().args(["parse", input]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["documents"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question"].as_str().unwrap().to_string())
        .collect()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A word's box from `pdftotext -bbox`, with its page's size.
#[derive(Debug)]
struct Word {
    page: usize,
    page_size: (f64, f64),
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
    text: String,
}

fn words(file: &Path) -> Vec<Word> {
    let html = poppler("pdftotext", &["-bbox"], file);
    let page = Regex::new(r#"<page width="([\d.]+)" height="([\d.]+)">"#).unwrap();
    let word = Regex::new(
        r#"<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let mut out = Vec::new();
    let mut page_no = 0;
    let mut size = (0.0, 0.0);
    for line in html.lines() {
        if let Some(c) = page.captures(line) {
            page_no += 1;
            size = (c[1].parse().unwrap(), c[2].parse().unwrap());
        } else if let Some(c) = word.captures(line) {
            out.push(Word {
                page: page_no,
                page_size: size,
                x_min: c[1].parse().unwrap(),
                y_min: c[2].parse().unwrap(),
                x_max: c[3].parse().unwrap(),
                y_max: c[4].parse().unwrap(),
                text: c[5].to_string(),
            });
        }
    }
    out
}

fn assert_every_question_extractable(file: &Path, input: &str) {
    // -raw keeps the content stream's order, which is reading order.
    let text = squeeze(&poppler("pdftotext", &["-raw"], file));
    for question in questions(input) {
        let question: String = squeeze(&question)
            .chars()
            .filter(|c| !('\u{4e00}'..='\u{9fff}').contains(c))
            .collect();
        let found = question
            .split(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c))
            .all(|part| text.contains(part));
        assert!(found, "question not found in the PDF text:\n{question}");
    }
}

fn assert_fonts_embedded(file: &Path) {
    let listing = poppler("pdffonts", &[], file);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "no fonts listed:\n{listing}");
    for font in fonts {
        let columns: Vec<&str> = font.split_whitespace().collect();
        // name, type (two words), encoding, emb, sub, uni, object id
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {font}");
    }
}

fn assert_words_inside_the_page(file: &Path) {
    let words = words(file);
    assert!(!words.is_empty());
    for w in &words {
        let (width, height) = w.page_size;
        assert!(
            w.x_min >= 20.0
                && w.y_min >= 20.0
                && w.x_max <= width - 20.0
                && w.y_max <= height - 20.0,
            "word outside the page's printable area on page {}: {w:?}",
            w.page
        );
    }
}

#[test]
#[ignore = "needs poppler-utils: run scripts/test"]
fn sheet_has_every_question_as_text_with_fonts_embedded_and_nothing_outside_the_page() {
    let dir = tempfile::tempdir().unwrap();
    for paper in ["a4", "letter"] {
        let (file, _) = pdf(dir.path(), SAMPLE, &["--paper", paper]);
        assert_every_question_extractable(&file, SAMPLE);
        assert_fonts_embedded(&file);
        assert_words_inside_the_page(&file);
    }
    let _ = POPPLER;
}

#[test]
#[ignore = "needs poppler-utils: run scripts/test"]
fn cards_have_every_question_with_backs_mirrored_behind_fronts() {
    let dir = tempfile::tempdir().unwrap();
    for paper in ["a4", "letter"] {
        let (file, _) = pdf(dir.path(), SAMPLE, &["--layout", "cards", "--paper", paper]);
        assert_every_question_extractable(&file, SAMPLE);
        assert_fonts_embedded(&file);
        assert_words_inside_the_page(&file);

        let words = words(&file);
        let pages = words.iter().map(|w| w.page).max().unwrap();
        assert_eq!(pages % 2, 0, "cards need an even page count, got {pages}");
        // Every card is labelled `#n` bottom-left on its front and bottom-right on its back.
        let labels = |page: usize| -> Vec<&Word> {
            words
                .iter()
                .filter(|w| w.page == page && w.text.starts_with('#'))
                .collect()
        };
        let mut cards = 0;
        for front_page in (1..=pages).step_by(2) {
            let fronts = labels(front_page);
            let backs = labels(front_page + 1);
            assert_eq!(
                fronts.len(),
                backs.len(),
                "page {front_page}: fronts and backs differ"
            );
            for front in fronts {
                let back = backs
                    .iter()
                    .find(|b| b.text == front.text && (b.y_min - front.y_min).abs() < 0.5)
                    .unwrap_or_else(|| {
                        panic!("no back for card {} on page {}", front.text, front_page + 1)
                    });
                let width = front.page_size.0;
                assert!(
                    (front.x_min - (width - back.x_max)).abs() < 0.5,
                    "card {} is not mirrored: front at {}, back ends at {}",
                    front.text,
                    front.x_min,
                    back.x_max
                );
                cards += 1;
            }
        }
        assert!(cards >= questions(SAMPLE).len());
    }
}

#[test]
fn same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for layout in ["sheet", "cards"] {
        let (first, _) = pdf(dir.path(), SAMPLE, &["--layout", layout]);
        let first = fs::read(first).unwrap();
        let (second, _) = pdf(dir.path(), SAMPLE, &["--layout", layout]);
        assert!(
            first == fs::read(second).unwrap(),
            "{layout} differs between runs"
        );
        assert!(first.starts_with(b"%PDF-"));
    }
}

#[test]
fn sample_sheet_is_small() {
    let dir = tempfile::tempdir().unwrap();
    let (file, stderr) = pdf(dir.path(), SAMPLE, &[]);
    let size = fs::metadata(file).unwrap().len();
    assert!(
        size < 150_000,
        "the sample's PDF is {size} bytes: are the fonts subset?"
    );
    // 43 questions print as 36: repeats are merged, their other phrasings shown under each.
    assert!(stderr.contains("36 questions"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn characters_the_fonts_lack_are_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    for layout in ["sheet", "cards"] {
        let (_, stderr) = pdf(dir.path(), EDGE, &["--layout", layout]);
        assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
        assert!(stderr.contains("'中'"), "{stderr}");
    }
}

#[test]
#[ignore = "needs poppler-utils: run scripts/test"]
fn edge_cases_render_as_text_inside_the_page() {
    let dir = tempfile::tempdir().unwrap();
    for layout in ["sheet", "cards"] {
        let (file, _) = pdf(dir.path(), EDGE, &["--layout", layout]);
        assert_every_question_extractable(&file, EDGE);
        assert_words_inside_the_page(&file);
        let text = poppler("pdftotext", &["-raw"], &file);
        for typographic in [
            "“curly quotes”",
            "‘single’",
            "en–dashes",
            "em—dashes",
            "Ångström",
            "def typeset(text):",
            "↪",
            "→",
            "⇒",
        ] {
            assert!(
                text.contains(typographic),
                "{typographic} missing from:\n{text}"
            );
        }
    }
}

#[test]
fn licences_name_the_embedded_fonts() {
    qa().arg("licenses")
        .assert()
        .success()
        .stdout(predicate::str::contains("Bitstream Vera").and(predicate::str::contains("DejaVu")));
}

#[test]
#[ignore = "needs poppler-utils: run scripts/test"]
fn merged_questions_show_their_other_phrasings() {
    use qa_convert::model::Block;
    use qa_convert::write::pdf::{Layout, Paper, PdfOptions, render};

    let question = |text: &str, line| {
        let answer = vec![Block::Paragraph(format!("Answer to {text}"))];
        common::question(None, text, answer, "a.txt", line)
    };
    let questions = vec![
        question("What is MLOps?", 1),
        question("What does MLOps mean?", 5),
        question("Why monitor models?", 9),
    ];
    let corpus = common::one_article(
        "a.txt",
        "Merged",
        questions,
        &[&[(0, 1.0), (1, 0.9)], &[(2, 1.0)]],
    );
    let dir = tempfile::tempdir().unwrap();
    for layout in [Layout::Sheet, Layout::Cards] {
        let options = PdfOptions {
            paper: Paper::A4,
            layout,
        };
        let rendered = render(&corpus, &options).unwrap();
        let file = dir.path().join("merged.pdf");
        fs::write(&file, &rendered.bytes).unwrap();
        let text = squeeze(&poppler("pdftotext", &["-raw"], &file));
        assert!(
            text.contains(&squeeze("Also asked as: “What does MLOps mean?”")),
            "{layout:?}: {text}"
        );
        assert_eq!(text.matches("Alsoaskedas").count(), 1, "{layout:?}: {text}");
        assert!(
            text.contains(&squeeze("2. Why monitor models?")),
            "{layout:?}: {text}"
        );
    }
}

#[test]
#[ignore = "needs poppler-utils: run scripts/test"]
fn several_articles_each_open_with_their_title() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("two.pdf");
    qa().args(["-q", "pdf", SAMPLE, EDGE, "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = squeeze(&poppler("pdftotext", &["-raw"], &out));
    assert!(text.contains(&squeeze("Interview questions from 2 articles")));
    let sample_title = squeeze("Top Interview Questions on MLOps to Get your Job!!");
    let edge_title = squeeze("Edge cases for the PDF: “quotes”, dashes — and arrows →");
    let (sample_at, edge_at) = (text.find(&sample_title), text.find(&edge_title));
    assert!(sample_at.is_some() && edge_at.is_some(), "{text}");
    assert!(sample_at < edge_at, "articles out of order");
    assert!(
        // The sample's 36 merged questions come first, then the edge-case article's.
        text.contains(&squeeze("37. Where is the documentation")),
        "{text}"
    );
}
