//! Hostile and careless input and output, run through the real binary: every case of the README's
//! "Reliability" table. Nothing here may crash, hang, lose a file or stay silent.

use std::fs;
use std::process::{Command as Process, Output, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const ARTICLE: &str = "Q1. What is a process?\nA running program.\n\nQ2. What is a thread?\nA path of execution inside a process.\n";

fn qa() -> Command {
    Command::cargo_bin("qa-convert").unwrap()
}

fn questions(json: &[u8]) -> usize {
    let json: Value = serde_json::from_slice(json).unwrap();
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["questions"].as_array().unwrap().len())
        .sum()
}

/// The number of questions a successful run printed.
fn succeeded(out: &Output) -> usize {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    questions(&out.stdout)
}

fn documents(json: &[u8]) -> usize {
    let json: Value = serde_json::from_slice(json).unwrap();
    json["documents"].as_array().unwrap().len()
}

// ---- crash or hang ----------------------------------------------------------------------------

#[test]
fn deeply_nested_markdown_is_flattened_with_a_warning_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    for (name, nest) in [
        ("quotes.md", "> ".repeat(11_000)),
        ("items.md", "> - ".repeat(5_000)),
    ] {
        let text = format!("**What is a stack?**\n\nA pile.\n\n{nest}deep text\n");
        let path = dir.path().join(name);
        fs::write(&path, &text).unwrap();
        let out = qa().args(["parse"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert_eq!(questions(&out.stdout), 1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{name}:5: Markdown nested deeper")),
            "{stderr}"
        );
        // The same through standard input.
        let out = qa()
            .args(["parse", "--format", "markdown", "-"])
            .write_stdin(text)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stderr).contains("-:5: Markdown nested deeper"));
    }
}

#[cfg(unix)]
#[test]
fn self_linked_folders_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles");
    fs::create_dir(&root).unwrap();
    fs::write(root.join("a.txt"), ARTICLE).unwrap();
    std::os::unix::fs::symlink(".", root.join("loop1")).unwrap();
    std::os::unix::fs::symlink(".", root.join("loop2")).unwrap();
    let out = qa()
        .args(["parse"])
        .arg(&root)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    succeeded(&out);
    assert_eq!(documents(&out.stdout), 1);
}

// ---- wrong output -----------------------------------------------------------------------------

#[test]
fn html_deeper_than_200_elements_keeps_every_question_and_says_so() {
    let page: String = (1..=300)
        .map(|i| format!("<div>\n<h3>{i}. What is item {i}?</h3>\n<p>It is number {i}.</p>\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.html");
    fs::write(&path, format!("<html><body>\n{page}</body></html>")).unwrap();
    let out = qa().args(["parse"]).arg(&path).output().unwrap();
    assert_eq!(succeeded(&out), 300);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("deep.html:"), "{stderr}");
    assert!(
        stderr.contains("HTML nested deeper than 100 elements"),
        "{stderr}"
    );
}

#[test]
fn old_mac_line_ends_and_utf16_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let cr = dir.path().join("mac.txt");
    fs::write(&cr, ARTICLE.replace('\n', "\r")).unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes));
    let wide = dir.path().join("wide.txt");
    fs::write(&wide, utf16).unwrap();
    for path in [&cr, &wide] {
        let out = qa().args(["parse"]).arg(path).output().unwrap();
        assert_eq!(succeeded(&out), 2);
    }
}

// ---- unclear messages -------------------------------------------------------------------------

#[test]
fn binary_files_are_named_by_their_type() {
    let dir = tempfile::tempdir().unwrap();
    let mut docx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    docx.extend_from_slice(b"\xdf\xa4\xd2lZ\x01\x00\x00 \x05\x00\x00\x13\x00\x08\x02[Content_Types].xml word/document.xml");
    for (name, bytes, kind) in [
        (
            "a.pdf",
            b"%PDF-1.5\n%\xd0\xd4\xc5\xd8\n".to_vec(),
            "a PDF document",
        ),
        (
            "b.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00".to_vec(),
            "a PNG image",
        ),
        ("c.docx", docx, "a Word document (.docx)"),
        (
            "d.txt",
            b"%PDF-1.5\n%\xd0\xd4\xc5\xd8\n".to_vec(),
            "a PDF document",
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        qa().args(["parse"])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(kind))
            .stderr(predicate::str::contains("UTF-8").not());
    }
    let mut wide: Vec<u8> = ARTICLE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    wide.truncate(200);
    let path = dir.path().join("nobom.txt");
    fs::write(&path, wide).unwrap();
    qa().args(["parse"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "UTF-16 text without a byte-order mark",
        ));
}

#[cfg(unix)]
#[test]
fn named_pipes_process_substitution_and_dev_stdin_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(
        Process::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || fs::write(fifo, ARTICLE).unwrap()
    });
    let out = qa().args(["parse"]).arg(&fifo).output().unwrap();
    writer.join().unwrap();
    assert_eq!(succeeded(&out), 2);

    let out = qa()
        .args(["parse", "/dev/stdin"])
        .write_stdin(ARTICLE)
        .output()
        .unwrap();
    assert_eq!(succeeded(&out), 2);

    let bin = assert_cmd::cargo::cargo_bin("qa-convert");
    let out = Process::new("bash")
        .arg("-c")
        .arg(format!("{:?} parse <(printf '%s' \"$ARTICLE\")", bin))
        .env("ARTICLE", ARTICLE)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(succeeded(&out), 2);
}
