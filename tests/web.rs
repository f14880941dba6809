//! Articles read straight from their web address, against a local server started by each test
//! (`tests/common/web.rs`) serving an invented page with the usual site chrome: the page read
//! without its chrome, its address kept as the article's source, and one clear error per failure
//! (404, timeout, oversized page, not a page of text).

use std::fs;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::web::{Reply, Server, qa_direct as qa};

fn page() -> Vec<u8> {
    fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/web/mlops-page.html"
    ))
    .unwrap()
}

fn server() -> Server {
    Server::start(vec![
        (
            "/interview-questions",
            Reply::Page(200, "text/html; charset=utf-8", page()),
        ),
        ("/old-address", Reply::Redirect("/interview-questions")),
        ("/slow", Reply::Silent),
        ("/huge", Reply::Endless(40 * 1024 * 1024)),
        (
            "/slides.pdf",
            Reply::Page(200, "application/pdf", b"%PDF-1.7\n".to_vec()),
        ),
        (
            "/latin",
            Reply::Page(
                200,
                "text/html; charset=ISO-8859-1",
                b"<html><body><h1>Caf\xe9 questions</h1><h2>1. What is a \x93caf\xe9\x94?</h2>\
<p>A place that serves coffee.</p></body></html>"
                    .to_vec(),
            ),
        ),
    ])
}

/// Runs qa-convert and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let output = qa().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_page_is_read_without_its_chrome_and_keeps_its_address_as_source() {
    let server = server();
    let url = server.url("/old-address");
    let (code, stdout, stderr) = run(&["parse", &url, "--user-agent", "study-bot/1.0"]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["file"], url.as_str());
    assert_eq!(doc["title"], "Top MLOps Interview Questions");
    let questions = doc["questions"].as_array().unwrap();
    let asked: Vec<&str> = questions
        .iter()
        .map(|q| q["question"].as_str().unwrap())
        .collect();
    assert_eq!(
        asked,
        [
            "What is a feature store?",
            "Why should data be versioned?",
            "What is model drift?"
        ]
    );
    assert_eq!(questions[0]["source"]["file"], url.as_str());
    for chrome in [
        "cookie",
        "Share on",
        "comments",
        "Great article",
        "Related posts",
        "newsletter",
        "©",
    ] {
        assert!(
            !stdout.contains(chrome),
            "{chrome:?} is in the output:\n{stdout}"
        );
    }
    // The redirect was followed, and the user agent sent on both requests.
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(
        requests.iter().all(|r| r.contains("study-bot/1.0")),
        "{requests:?}"
    );
}

#[test]
fn a_page_deck_is_named_after_its_title_and_its_source_is_the_address() {
    let server = server();
    let url = server.url("/interview-questions");
    let dir = tempfile::tempdir().unwrap();
    qa().current_dir(dir.path())
        .args(["all", &url])
        .assert()
        .success();
    let out = dir.path().join("out");
    for ext in ["apkg", "csv", "json", "pdf"] {
        let path = out.join(format!("top-mlops-interview-questions.{ext}"));
        assert!(path.is_file(), "no {}", path.display());
    }
    let json: Value =
        serde_json::from_slice(&fs::read(out.join("top-mlops-interview-questions.json")).unwrap())
            .unwrap();
    assert_eq!(json["documents"][0]["file"], url.as_str());
}

#[test]
fn a_page_in_latin_1_is_read_as_its_server_says() {
    let server = server();
    let (code, stdout, stderr) = run(&["parse", &server.url("/latin")]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["documents"][0]["title"], "Café questions");
    assert_eq!(
        json["documents"][0]["questions"][0]["question"],
        "What is a “café”?"
    );
}

#[test]
fn a_missing_page_is_one_clear_error() {
    let server = server();
    let url = server.url("/gone");
    let (code, _, stderr) = run(&["parse", &url]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("{url}: the server answered HTTP 404")),
        "{stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn a_page_that_never_answers_times_out() {
    let server = server();
    let url = server.url("/slow");
    let started = Instant::now();
    let (code, _, stderr) = run(&["parse", &url, "--timeout", "1"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no complete answer within 1 s"), "{stderr}");
    assert!(stderr.contains("--timeout"), "{stderr}");
    // Not a timing assertion on speed: only that the command did not wait for the server.
    assert!(started.elapsed() < Duration::from_secs(25));
}

#[test]
fn an_oversized_page_is_refused() {
    let server = server();
    let (code, _, stderr) = run(&["parse", &server.url("/huge")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("larger than 16 MB"), "{stderr}");
}

#[test]
fn a_file_that_is_not_a_page_of_text_is_refused() {
    let server = server();
    let (code, _, stderr) = run(&["parse", &server.url("/slides.pdf")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("not a web page of text (application/pdf)"),
        "{stderr}"
    );
}

#[test]
fn one_failing_page_among_several_inputs_is_reported_and_the_rest_converted() {
    let server = server();
    let (code, stdout, stderr) = run(&[
        "parse",
        &server.url("/interview-questions"),
        &server.url("/gone"),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("HTTP 404"), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
}
