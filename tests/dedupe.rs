//! Dedupe as a user meets it: `qa-convert dedupe` on the sample article (its clusters exactly, the
//! pairs that must stay apart, the report) and the dedupe flags of the writing commands.

use std::collections::BTreeSet;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const SAMPLE: &str = "source/mlops-interview-questions.txt";

fn qa() -> Command {
    Command::cargo_bin("qa-convert").unwrap()
}

/// The clusters of `dedupe --json` as sets of question numbers, in order.
fn clusters(args: &[&str]) -> Vec<Vec<u64>> {
    let output = qa().arg("dedupe").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["number"].as_u64().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn sample_merges_exactly_the_repeated_questions() {
    let clusters = clusters(&["--json", SAMPLE]);
    let merged: BTreeSet<Vec<u64>> = clusters.iter().filter(|c| c.len() > 1).cloned().collect();
    let required: BTreeSet<Vec<u64>> = [vec![1, 17, 25, 36], vec![2, 22], vec![3, 23], vec![4, 24]]
        .into_iter()
        .collect();
    let judgement_call = vec![8, 33];
    let extra: Vec<&Vec<u64>> = merged.difference(&required).collect();
    assert!(
        required.is_subset(&merged) && extra.iter().all(|c| **c == judgement_call),
        "expected: {required:?} (and maybe {judgement_call:?})\ngot: {merged:?}"
    );
    assert!(
        clusters.len() == 36 || clusters.len() == 37,
        "{} unique questions",
        clusters.len()
    );
    let mut all: Vec<u64> = clusters.iter().flatten().copied().collect();
    all.sort_unstable();
    assert_eq!(all, (1..=43).collect::<Vec<u64>>(), "every question once");
}

#[test]
fn sample_keeps_what_is_mlops_apart_from_its_comparisons() {
    let clusters = clusters(&["--json", SAMPLE]);
    for alone in [20, 16] {
        let cluster = clusters.iter().find(|c| c.contains(&alone)).unwrap();
        assert_eq!(cluster, &vec![alone], "Q{alone} must stay apart");
    }
}

#[test]
fn clusters_come_in_order_of_first_appearance_with_the_canonical_first() {
    let clusters = clusters(&["--json", SAMPLE]);
    let firsts: Vec<u64> = clusters.iter().map(|c| c[0]).collect();
    let mut sorted = firsts.clone();
    sorted.sort_unstable();
    assert_eq!(firsts, sorted);
    for c in &clusters {
        assert!(c.windows(2).all(|w| w[0] < w[1]), "{c:?}");
    }
}

#[test]
fn a_strict_threshold_merges_only_questions_with_the_same_terms() {
    let clusters = clusters(&["--json", "--threshold", "1", SAMPLE]);
    let merged: Vec<&Vec<u64>> = clusters.iter().filter(|c| c.len() > 1).collect();
    // "How does MLOps differ from DevOps?" has the terms of "the difference between MLOps and
    // DevOps"; "importance of version control" has one term more than "what is version control".
    assert!(merged.contains(&&vec![1, 17, 25, 36]), "{merged:?}");
    assert!(!merged.iter().any(|c| c.contains(&33)), "{merged:?}");
}

#[test]
fn report_shows_every_merge_and_the_closest_pairs_not_merged() {
    let output = qa().args(["dedupe", SAMPLE]).output().unwrap();
    assert!(output.status.success());
    let report = String::from_utf8(output.stdout).unwrap();
    for line in [
        "43 questions in 1 document",
        "What is MLOps, and how does it differ from DevOps?",
        "Q36",
        "Explain model/concept drift.",
        "Closest pairs not merged",
        "--threshold",
    ] {
        assert!(report.contains(line), "missing {line:?} in:\n{report}");
    }
}

#[test]
fn json_members_carry_file_number_question_and_similarity() {
    let output = qa().args(["dedupe", "--json", SAMPLE]).output().unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &json["clusters"][0];
    assert_eq!(
        first["canonical"],
        "What is the difference between MLOps and DevOps?"
    );
    assert_eq!(first["members"][0]["similarity"], 1.0);
    assert_eq!(first["members"][0]["file"], SAMPLE);
    let last = first["members"].as_array().unwrap().last().unwrap();
    assert_eq!(last["number"], 36);
    let score = last["similarity"].as_f64().unwrap();
    assert!((0.55..=1.0).contains(&score), "{score}");
}

#[test]
fn dedupe_reads_stdin() {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    qa().args(["dedupe", "--json", "-"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"file\": \"-\""));
}
