//! What the integration tests share: the binary as a command, the sample article, and small
//! corpora built in code for the writers. Each test file uses a part, so unused parts are allowed.
#![allow(dead_code)]

pub mod anki_backend;
pub mod web;

use assert_cmd::Command;
use qa_convert::model::{
    Block, Cluster, ClusterMember, Corpus, Document, Question, QuestionRef, SourcePos,
};

/// The bundled sample article.
pub const SAMPLE: &str = "source/mlops-interview-questions.txt";

/// The `qa-convert` binary, without a `SOURCE_DATE_EPOCH` from the caller's environment, so that
/// note times come from the files unless a test sets it.
pub fn qa() -> Command {
    let mut cmd = Command::cargo_bin("qa-convert").unwrap();
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// A question of `file`, at `line`.
pub fn question(
    number: Option<u32>,
    text: &str,
    answer: Vec<Block>,
    file: &str,
    line: usize,
) -> Question {
    Question {
        number,
        question: text.into(),
        answer,
        source: SourcePos {
            file: file.into(),
            line,
        },
        section: None,
    }
}

/// One article of these questions, grouped as `clusters` says: each cluster is its members'
/// question indexes and similarities, canonical first.
pub fn one_article(
    file: &str,
    title: &str,
    questions: Vec<Question>,
    clusters: &[&[(usize, f64)]],
) -> Corpus {
    Corpus {
        documents: vec![Document {
            file: file.into(),
            title: title.into(),
            questions,
            modified: None,
        }],
        clusters: clusters
            .iter()
            .map(|members| Cluster {
                members: members
                    .iter()
                    .map(|&(question, similarity)| ClusterMember {
                        at: QuestionRef { doc: 0, question },
                        similarity,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// `qa-convert anki ARTICLE -o DECK`, which must succeed.
pub fn anki_into(article: &std::path::Path, deck: &std::path::Path) {
    qa().arg("anki")
        .arg(article)
        .arg("-o")
        .arg(deck)
        .assert()
        .success();
}

/// The article titles of a `parse` (or `all`) JSON document, in order.
pub fn titles(json: &serde_json::Value) -> Vec<&str> {
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect()
}

/// What `qa-convert parse INPUT` prints, as JSON; the command must succeed.
pub fn parse_json(input: &str) -> serde_json::Value {
    let output = qa().args(["parse", input]).output().unwrap();
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The questions of the first article of a `parse` JSON document.
pub fn first_questions(json: &serde_json::Value) -> &Vec<serde_json::Value> {
    json["documents"][0]["questions"].as_array().unwrap()
}
