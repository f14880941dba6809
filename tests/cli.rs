//! The command line as a user meets it: inputs, outputs, help, exit codes and error messages.

use std::fs;

use predicates::prelude::*;

mod common;

use common::{SAMPLE, qa, titles};

#[test]
fn parse_writes_to_a_file_with_o_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/records.json");
    qa().args(["parse", SAMPLE, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("43 questions"));
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(
        json["documents"][0]["questions"].as_array().unwrap().len(),
        43
    );
}

#[test]
fn parse_reads_stdin_with_a_dash() {
    let text = fs::read_to_string(SAMPLE).unwrap();
    let output = qa()
        .args(["parse", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["documents"][0]["file"], "-");
    assert_eq!(
        json["documents"][0]["questions"].as_array().unwrap().len(),
        43
    );
}

#[test]
fn parse_without_input_reads_source_folder() {
    let output = qa().arg("parse").output().unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["documents"][0]["file"], SAMPLE);
}

#[test]
fn parse_reads_every_article_in_a_folder_in_order() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("b.txt"), "B\n\nQ1. Second?\n\nYes.\n").unwrap();
    fs::write(dir.path().join("a.txt"), "A\n\nQ1. First?\n\nYes.\n").unwrap();
    fs::write(dir.path().join("notes.pdf"), "not an article").unwrap();
    let output = qa().arg("parse").arg(dir.path()).output().unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let titles = titles(&json);
    assert_eq!(titles, vec!["A", "B"]);
}

#[test]
fn articles_read_side_by_side_are_kept_and_told_about_in_input_order() {
    // Large and small articles alternate, so on two cores later ones finish first; one has no
    // questions. Documents, notes and errors must still come in the order of the inputs.
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for k in 0..12 {
        let name = format!("{k:02}.txt");
        let questions = if k % 2 == 0 { 3000 } else { 1 };
        let mut text = format!("Article {k}\n\n");
        for q in 1..=questions {
            text.push_str(&format!(
                "Q{q}. What is item {q} of article {k}?\n\nIt is.\n\n"
            ));
        }
        if k == 5 {
            text = "no questions here\n".to_string();
        }
        fs::write(dir.path().join(&name), text).unwrap();
        names.push(name);
    }
    let output = qa().args(["parse", "-v"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let want: Vec<String> = (0..12)
        .filter(|&k| k != 5)
        .map(|k| format!("Article {k}"))
        .collect();
    assert_eq!(titles(&json), want);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let told: Vec<&str> = stderr
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("read ")
                .or(line.strip_prefix("error: "))?;
            let file = rest.split([':', ' ']).next()?;
            names
                .iter()
                .find(|n| file.ends_with(&format!("/{n}")))
                .map(String::as_str)
        })
        .collect();
    assert_eq!(told, names, "{stderr}");
}

#[test]
fn one_bad_file_among_many_is_reported_and_the_rest_converted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "A\n\nQ1. First?\n\nYes.\n").unwrap();
    fs::write(dir.path().join("b.txt"), "no questions here\n").unwrap();
    let output = qa().arg("parse").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("b.txt: no questions found"), "{stderr}");
    assert!(stderr.contains("1 of 2 inputs"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
}

#[test]
fn format_flag_forces_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.html");
    fs::write(&path, "Title\n\nQ1. First?\n\nYes.\n").unwrap();
    qa().args(["parse", "--format", "text"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("First?"));
}

#[test]
fn missing_file_exits_2_naming_the_file_with_a_hint() {
    qa().args(["parse", "no/such/article.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: no/such/article.txt: no such file or folder",
        ))
        .stderr(predicate::str::contains("hint: "));
}

#[test]
fn file_without_questions_exits_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "Just some notes.\n").unwrap();
    qa().arg("parse")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notes.txt: no questions found"))
        .stderr(predicate::str::contains("hint: questions look like"));
}

#[test]
fn binary_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blob.txt");
    fs::write(&path, b"Q1. a?\0\0").unwrap();
    qa().arg("parse")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a text file"));
}

#[test]
fn bad_flag_value_exits_2() {
    qa().args(["anki", "--threshold", "3", SAMPLE])
        .assert()
        .code(2);
    qa().args(["parse", "--format", "pdf", SAMPLE])
        .assert()
        .code(2);
}

#[test]
fn verbose_explains_each_skipped_line_range() {
    qa().args(["-v", "parse", SAMPLE])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "skipped {SAMPLE}:20 (image caption)"
        )))
        .stderr(predicate::str::contains(format!(
            "skipped {SAMPLE}:22 (image credit)"
        )))
        .stderr(predicate::str::contains(format!(
            "skipped {SAMPLE}:852-873 (page footer)"
        )));
}

#[test]
fn quiet_prints_nothing_on_success() {
    let dir = tempfile::tempdir().unwrap();
    qa().args(["-q", "parse", SAMPLE, "-o"])
        .arg(dir.path().join("x.json"))
        .assert()
        .success()
        .stderr("");
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in [
        "parse",
        "dedupe",
        "anki",
        "csv",
        "pdf",
        "all",
        "completions",
        "man",
    ] {
        qa().args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"))
            .stdout(predicate::str::contains("qa-convert "));
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    qa().args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("qa-convert"))
        .stdout(predicate::str::contains("parse"));
    qa().args(["completions", "zsh"]).assert().success();
    qa().arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains("qa\\-convert"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("qa-convert"))
        .args(["parse", SAMPLE])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the rest of the output meets a closed pipe.
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_long_skipped_run_between_questions_is_warned_about_without_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("caching.md");
    let appendix: String = (1..=7)
        .map(|n| format!("Appendix note {n} about cache keys and their expiry.\n\n"))
        .collect();
    fs::write(
        &article,
        format!(
            "# Caching Questions\n\n## 1. What is a cache?\n\nA fast copy of slow data.\n\n# Appendix\n\n{appendix}## 2. What is eviction?\n\nDropping entries to make room.\n"
        ),
    )
    .unwrap();
    qa().args(["parse"])
        .arg(&article)
        .assert()
        .success()
        // `# Appendix` (line 7) is used: it is the section question 2 stands under.
        .stderr(predicate::str::contains(
            "lines 9-21 left out (between sections, 7 lines)",
        ));
    // The sample has no such run: nothing to warn about.
    qa().args(["parse", SAMPLE])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not());
}
