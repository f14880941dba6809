//! Hostile and careless input and output, run through the real binary: every case of the README's
//! "Reliability" table. Nothing here may crash, hang, lose a file or stay silent.

use std::fs;
use std::path::Path;
use std::process::{Command as Process, Output, Stdio};

use assert_cmd::Command;
use common::{anki_into, qa};
use predicates::prelude::*;
use serde_json::Value;

mod common;

const ARTICLE: &str = "Q1. What is a process?\nA running program.\n\nQ2. What is a thread?\nA path of execution inside a process.\n";

/// `qa-convert all ARTICLE --out-dir OUT`, which must succeed.
fn all_into(article: &Path, out: &Path) {
    qa().arg("all")
        .arg(article)
        .arg("--out-dir")
        .arg(out)
        .assert()
        .success();
}

/// Runs `cmd` and checks that it is refused as the user's to fix: exit 2, `message`, a hint.
fn refused(cmd: &mut Command, message: &str) {
    cmd.assert()
        .code(2)
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("hint:"));
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

/// A fresh folder holding [`ARTICLE`] as `a.txt`.
fn article_in_a_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    fs::write(&article, ARTICLE).unwrap();
    (dir, article)
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

// ---- data loss --------------------------------------------------------------------------------

#[test]
fn an_output_that_would_replace_an_input_is_refused_and_nothing_is_touched() {
    let (dir, article) = article_in_a_folder();
    for command in ["parse", "csv", "anki", "pdf"] {
        refused(
            qa().arg(command).arg(&article).arg("-o").arg(&article),
            "would replace the input",
        );
        assert_eq!(fs::read_to_string(&article).unwrap(), ARTICLE, "{command}");
    }
    // `all` into the input's own folder, where an input has an output's name.
    let json = dir.path().join("a.json");
    fs::write(&json, ARTICLE).unwrap();
    refused(
        qa().args(["all", "--format", "text"])
            .arg(&json)
            .arg("--out-dir")
            .arg(dir.path()),
        "would replace the input",
    );
    assert_eq!(fs::read_to_string(&json).unwrap(), ARTICLE);
    assert!(!dir.path().join("a.apkg").exists(), "nothing is written");
}

#[cfg(unix)]
#[test]
fn a_symlink_at_an_output_name_is_replaced_not_written_through() {
    let (dir, article) = article_in_a_folder();
    let victim = dir.path().join("victim/important.conf");
    fs::create_dir_all(victim.parent().unwrap()).unwrap();
    fs::write(&victim, "keep me").unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink("../victim/important.conf", out.join("a.csv")).unwrap();
    all_into(&article, &out);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(fs::symlink_metadata(out.join("a.csv")).unwrap().is_file());
}

/// Whether the CSV and the JSON that `all` wrote into `dir` come from a run whose first input was
/// `First Set`: the CSV's first row cites its article's title, the JSON lists its documents in
/// order.
fn set_origin(dir: &Path) -> (bool, bool) {
    let csv = fs::read_to_string(dir.join("qa-convert.csv")).unwrap();
    let row = csv.lines().find(|l| !l.starts_with('#')).unwrap();
    let json: Value =
        serde_json::from_slice(&fs::read(dir.join("qa-convert.json")).unwrap()).unwrap();
    let title = json["documents"][0]["title"].as_str().unwrap();
    (row.contains("First Set"), title == "First Set")
}

#[test]
fn all_lands_as_a_whole_set_even_with_a_concurrent_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut articles = Vec::new();
    for name in ["First", "Second"] {
        let path = dir.path().join(format!("{name}.txt"));
        fs::write(&path, format!("{name} Set\n\n{ARTICLE}")).unwrap();
        articles.push(path);
    }
    let bin = assert_cmd::cargo::cargo_bin("qa-convert");
    for _ in 0..3 {
        // Two inputs each, so that both runs write the same four names.
        let runs: Vec<_> = [[0, 1], [1, 0]]
            .iter()
            .map(|order| {
                Process::new(&bin)
                    .args(["-q", "all", "--no-dedupe"])
                    .args(order.map(|k| &articles[k]))
                    .arg("--out-dir")
                    .arg(&out)
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut run in runs {
            assert!(run.wait().unwrap().success());
        }
        let (csv_first, json_first) = set_origin(&out);
        assert_eq!(
            csv_first, json_first,
            "the CSV and the JSON come from different runs"
        );
    }
}

#[test]
fn a_failed_all_keeps_the_old_set_and_stale_temporary_files_are_cleaned() {
    let (dir, article) = article_in_a_folder();
    let out = dir.path().join("out");
    all_into(&article, &out);
    let old_csv = fs::read(out.join("a.csv")).unwrap();
    // A later run fails at its third file (a folder holds the PDF's name).
    fs::write(&article, ARTICLE.replace("process", "program")).unwrap();
    fs::remove_file(out.join("a.pdf")).unwrap();
    fs::create_dir_all(out.join("a.pdf/blocked")).unwrap();
    fs::write(out.join(".qa-convert-999-0.tmp"), "left by a killed run").unwrap();
    let mut run = qa();
    run.arg("all").arg(&article).arg("--out-dir").arg(&out);
    refused(&mut run, "a.pdf: is a directory");
    run.assert()
        .stderr(predicate::str::contains(".qa-convert-").not());
    assert_eq!(
        fs::read(out.join("a.csv")).unwrap(),
        old_csv,
        "the old set stays whole"
    );
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.apkg", "a.csv", "a.json", "a.pdf"]);
}

#[test]
fn a_lock_file_that_cannot_be_saved_leaves_the_deck_as_it_was() {
    // The lock lives beside the article, the deck in out/: a later run whose lock cannot be
    // written there (here another folder lock's name taken by a folder; a full disk or a
    // read-only folder alike) must not leave a new deck beside the old lock, for `anki` and `all`.
    let (dir, article) = article_in_a_folder();
    let out = dir.path().join("out");
    let deck = out.join("a.apkg");
    anki_into(&article, &deck);
    all_into(&article, &out.join("all"));
    let lock = dir.path().join("qa-convert.lock");
    let old_lock = fs::read(&lock).unwrap();
    let old_deck = fs::read(&deck).unwrap();
    let old_all_deck = fs::read(out.join("all/a.apkg")).unwrap();
    fs::write(
        &article,
        ARTICLE.replace("A running program.", "A program running."),
    )
    .unwrap();
    fs::create_dir(dir.path().join(".qa-convert.lock")).unwrap();
    let mut anki = qa();
    anki.arg("anki").arg(&article).arg("-o").arg(&deck);
    refused(&mut anki, "Is a directory");
    let mut all = qa();
    all.arg("all")
        .arg(&article)
        .arg("--out-dir")
        .arg(out.join("all"));
    refused(&mut all, "Is a directory");
    assert_eq!(fs::read(&lock).unwrap(), old_lock);
    assert_eq!(
        fs::read(&deck).unwrap(),
        old_deck,
        "anki: deck and lock agree"
    );
    assert_eq!(
        fs::read(out.join("all/a.apkg")).unwrap(),
        old_all_deck,
        "all: deck and lock agree"
    );
    // Once the lock can be written, both move on together.
    fs::remove_dir(dir.path().join(".qa-convert.lock")).unwrap();
    anki_into(&article, &deck);
    assert_ne!(fs::read(&lock).unwrap(), old_lock);
    assert_ne!(fs::read(&deck).unwrap(), old_deck);
    // The deck in the lock's own folder, named there relatively and the lock by its full path:
    // one folder, one folder lock (a second would wait for the first for ever).
    fs::write(&article, ARTICLE).unwrap();
    qa().current_dir(dir.path())
        .args(["anki", "a.txt", "-o", "a.apkg"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    assert!(dir.path().join("a.apkg").exists());
}

#[cfg(unix)]
#[test]
fn new_files_follow_the_umask_and_special_bits_are_never_copied() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, article) = article_in_a_folder();
    let (fresh, setuid) = (dir.path().join("fresh.csv"), dir.path().join("setuid.csv"));
    fs::write(&setuid, "old").unwrap();
    fs::set_permissions(&setuid, fs::Permissions::from_mode(0o4755)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("qa-convert");
    for out in [&fresh, &setuid] {
        let status = Process::new("sh")
            .arg("-c")
            .arg("umask 077 && exec \"$0\" -q csv \"$1\" -o \"$2\"")
            .arg(&bin)
            .arg(&article)
            .arg(out)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&fresh), 0o600);
    assert_eq!(mode(&setuid), 0o755);
}

// ---- unclear messages (output side) -----------------------------------------------------------

#[cfg(unix)]
#[test]
fn write_errors_name_the_destination_with_a_hint() {
    let (dir, article) = article_in_a_folder();
    refused(
        qa().arg("csv").arg(&article).args(["-o", "/dev/full"]),
        "cannot write /dev/full: No space left on device",
    );
    let file = dir.path().join("plain-file");
    fs::write(&file, "x").unwrap();
    refused(
        qa().arg("all")
            .arg(&article)
            .arg("--out-dir")
            .arg(file.join("sub")),
        "plain-file",
    );
}

#[test]
fn o_with_a_folder_or_a_dash() {
    let (dir, article) = article_in_a_folder();
    qa().arg("parse")
        .arg(&article)
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(questions(&fs::read(dir.path().join("a.json")).unwrap()), 2);
    // `-o -`: text to standard output, and binary too when it is not a terminal.
    for (command, start) in [("csv", &b"#separator:comma"[..]), ("anki", b"PK\x03\x04")] {
        let out = qa()
            .arg(command)
            .arg(&article)
            .args(["-o", "-"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(out.stdout.starts_with(start), "{command}");
    }
    assert!(!Path::new("-").exists() && !dir.path().join("-").exists());
}

#[cfg(unix)]
#[test]
fn binary_output_is_refused_on_a_terminal() {
    let (_dir, article) = article_in_a_folder();
    let bin = assert_cmd::cargo::cargo_bin("qa-convert");
    // `script` runs the command on a pseudo-terminal and returns its exit code.
    let command = format!("{bin:?} pdf {article:?} -o -");
    let out = Process::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("not printing a binary .pdf file on the terminal"),
        "{shown}"
    );
    assert!(!shown.contains("%PDF"));
}
