//! The sample article `source/mlops-interview-questions.txt` (a copy of 000_ee892c66a56cdfd9.txt),
//! read through the real binary: every question, exactly as printed, and nothing else.

use assert_cmd::Command;
use serde_json::Value;

mod common;

use common::{SAMPLE, first_questions, parse_json};

fn parse_sample() -> Value {
    parse_json(SAMPLE)
}

#[test]
fn sample_has_43_questions_numbered_1_to_43() {
    let json = parse_sample();
    let numbers: Vec<u64> = first_questions(&json)
        .iter()
        .map(|q| q["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=43).collect::<Vec<u64>>());
}

#[test]
fn each_question_text_is_exactly_as_printed_on_its_line() {
    let json = parse_sample();
    let source = std::fs::read_to_string(SAMPLE).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    for q in first_questions(&json) {
        let line = q["source"]["line"].as_u64().unwrap() as usize;
        let printed = lines[line - 1].trim();
        let expected = format!("Q{}. {}", q["number"], q["question"].as_str().unwrap());
        assert_eq!(printed, expected, "question at line {line}");
        assert_eq!(q["source"]["file"], SAMPLE);
    }
}

#[test]
fn sample_title_is_the_headline() {
    let json = parse_sample();
    assert_eq!(
        json["documents"][0]["title"],
        "Top Interview Questions on MLOps to Get your Job!!"
    );
}

#[test]
fn q2_answer_has_a_list_of_six_bullets() {
    let json = parse_sample();
    let q2 = &first_questions(&json)[1];
    let lists: Vec<&Value> = q2["answer"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b.get("list"))
        .collect();
    assert_eq!(lists.len(), 1);
    let items = lists[0].as_array().unwrap();
    assert_eq!(items.len(), 6);
    assert_eq!(items[0], "Choose a cloud provider");
    assert_eq!(items[5], "Monitor and manage infrastructure.");
}

#[test]
fn q3_bullets_keep_their_lead_terms() {
    let json = parse_sample();
    let q3 = &first_questions(&json)[2];
    let items = q3["answer"][1]["list"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    assert!(
        items[0]
            .as_str()
            .unwrap()
            .starts_with("Version control: Before creating a pipeline")
    );
}

#[test]
fn q43_answer_stops_before_the_footer() {
    let json = parse_sample();
    let q43 = &first_questions(&json)[42];
    let blocks = q43["answer"].as_array().unwrap();
    assert_eq!(blocks.len(), 4);
    let last = blocks[3]["paragraph"].as_str().unwrap();
    assert!(
        last.starts_with("Data lakes allow easy integration"),
        "{last}"
    );
    assert!(last.ends_with("in a unified location."), "{last}");
}

/// Lines of the sample that are page chrome, not article content.
const JUNK: &[&str] = &[
    "top of page",
    "bottom of page",
    "ree",
    "Source - ProjectPro",
    "Source - Docker",
    "Source - iguazio",
    "Source - Analytics Vidhya",
    "follow us",
    "Check out our previous articles",
    "Comments",
    "Rated 0 out of 5 stars.",
    "No ratings yet",
    "Add a rating",
    "All rights reserved",
];

#[test]
fn no_answer_contains_a_junk_line_and_none_is_empty() {
    let json = parse_sample();
    for q in first_questions(&json) {
        let text = q["answer_text"].as_str().unwrap();
        assert!(
            !text.trim().is_empty(),
            "Q{} has an empty answer",
            q["number"]
        );
        for line in text.lines() {
            for junk in JUNK {
                let hit = if junk.len() <= 4 || *junk == "Comments" {
                    line.trim() == *junk
                } else {
                    line.contains(junk)
                };
                assert!(
                    !hit,
                    "Q{} answer contains junk {junk:?}: {line}",
                    q["number"]
                );
            }
        }
    }
}

#[test]
fn parse_json_matches_the_golden_file() {
    let output = Command::cargo_bin("qa-convert")
        .unwrap()
        .args(["parse", SAMPLE])
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "sample_parse_json",
        String::from_utf8(output.stdout).unwrap()
    );
}
