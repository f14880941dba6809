//! Writers on one fixed record fixture, compared with golden files (`tests/snapshots/`, insta).
//! Accept an intended change with `INSTA_UPDATE=always cargo test --test write`, then review the diff.

use qa_convert::model::{Block, Corpus, ListItem, Question};
use qa_convert::write::csv::{Style, render};
use qa_convert::write::notes::DeckOptions;

mod common;

fn question(number: u32, text: &str, answer: Vec<Block>) -> Question {
    common::question(
        Some(number),
        text,
        answer,
        "source/fixture.txt",
        number as usize * 10,
    )
}

/// Four questions: a plain one, one with a list (lead term), code and characters CSV must quote,
/// one that a spreadsheet would run as a formula, and a rephrasing merged with the first.
fn fixture() -> Corpus {
    let questions = vec![
        question(
            1,
            "What is MLOps?",
            vec![Block::Paragraph(
                "Machine learning operations, \"end to end\".".into(),
            )],
        ),
        question(
            2,
            "Which steps build a pipeline?",
            vec![
                Block::Paragraph("Three, in order:".into()),
                Block::List(vec![
                    ListItem::parse("Version control: keep code, data and models"),
                    ListItem::parse("Train, then test"),
                ]),
                Block::Code {
                    lang: Some("sh".into()),
                    text: "dvc repro\nmlflow run .".into(),
                },
            ],
        ),
        question(
            3,
            "=HYPERLINK(\"http://x\") — is <this> a formula?",
            vec![Block::List(vec![ListItem::parse("-1 if so")])],
        ),
        question(
            4,
            "Explain MLOps.",
            vec![Block::Paragraph("DevOps for models.".into())],
        ),
    ];
    common::one_article(
        "source/fixture.txt",
        "Fixture: MLOps",
        questions,
        &[&[(0, 1.0), (3, 0.9)], &[(1, 1.0)], &[(2, 1.0)]],
    )
}

fn options() -> DeckOptions {
    DeckOptions {
        name: None,
        tags: vec!["mlops".into(), "interview prep".into()],
        source_date_epoch: Some(1_700_000_000),
        identities: None,
        flat: false,
    }
}

#[test]
fn csv_anki_style() {
    let bytes = render(&fixture(), Style::Anki, &options()).unwrap();
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn csv_plain_style() {
    let bytes = render(&fixture(), Style::Plain, &options()).unwrap();
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn csv_plain_style_parses_back_with_every_cluster_one_row() {
    let bytes = render(&fixture(), Style::Plain, &options()).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][3], "Explain MLOps.");
    assert!(
        rows[2][1].starts_with("'="),
        "formula neutralised: {:?}",
        &rows[2][1]
    );
    assert_eq!(&rows[1][2][..16], "Three, in order:");
}
