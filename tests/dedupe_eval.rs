//! How well dedupe finds duplicates: pairwise precision, recall and F1 against hand-labelled
//! clusters, on the sample and on articles of other topics in `tests/fixtures/dedupe/` (each
//! `NAME.txt` with its expected clusters in `NAME.clusters`). Run with `--nocapture` to see the
//! scores and every wrong pair.

use std::collections::BTreeSet;
use std::fs;

use qa_convert::dedupe::{self, Options};
use qa_convert::model::Document;
use qa_convert::read::{self, Format};

const FIXTURES: &str = "tests/fixtures/dedupe";

/// A labelled article: its document and its expected merged clusters (question numbers).
struct Labelled {
    name: String,
    document: Document,
    expected: Vec<Vec<u32>>,
    /// Pairs left out of scoring: either answer is right.
    either_way: Vec<(u32, u32)>,
}

fn load(path: &str, expected: Vec<Vec<u32>>, either_way: Vec<(u32, u32)>) -> Labelled {
    let text = fs::read_to_string(path).unwrap();
    let document = read::read(&text, path, Format::Text).unwrap().document;
    Labelled {
        name: path.to_string(),
        document,
        expected,
        either_way,
    }
}

fn parse_clusters(text: &str) -> Vec<Vec<u32>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().map(|n| n.parse().unwrap()).collect())
        .collect()
}

fn articles() -> Vec<Labelled> {
    let mut all = vec![load(
        "source/mlops-interview-questions.txt",
        vec![vec![1, 17, 25, 36], vec![2, 22], vec![3, 23], vec![4, 24]],
        vec![(8, 33)],
    )];
    let mut names: Vec<String> = fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let clusters = fs::read_to_string(name.replace(".txt", ".clusters")).unwrap();
        all.push(load(&name, parse_clusters(&clusters), vec![]));
    }
    all
}

/// Same-cluster pairs, as `(smaller, larger)` question numbers.
fn pairs(clusters: &[Vec<u32>]) -> BTreeSet<(u32, u32)> {
    let mut pairs = BTreeSet::new();
    for c in clusters {
        for (i, &a) in c.iter().enumerate() {
            for &b in &c[i + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    pairs
}

fn predicted(document: &Document, threshold: f64) -> Vec<Vec<u32>> {
    let options = Options {
        threshold,
        ..Options::default()
    };
    dedupe::dedupe(std::slice::from_ref(document), &options)
        .iter()
        .map(|c| {
            c.members
                .iter()
                .map(|m| document.questions[m.at.question].number.unwrap_or(0))
                .collect()
        })
        .collect()
}

/// True positives, false positives, false negatives over every article.
fn score(articles: &[Labelled], threshold: f64, verbose: bool) -> (usize, usize, usize) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for article in articles {
        let want = pairs(&article.expected);
        let mut got = pairs(&predicted(&article.document, threshold));
        for pair in &article.either_way {
            got.remove(pair);
        }
        let hits = want.intersection(&got).count();
        let wrong: Vec<_> = got.difference(&want).collect();
        let missed: Vec<_> = want.difference(&got).collect();
        if verbose {
            println!(
                "{}: {hits} found, merged wrongly {wrong:?}, missed {missed:?}",
                article.name
            );
            let text = |n: u32| {
                article
                    .document
                    .questions
                    .iter()
                    .find(|q| q.number == Some(n))
                    .map_or("?", |q| q.question.as_str())
            };
            for &&(a, b) in wrong.iter().chain(&missed) {
                println!("    Q{a} {:?} / Q{b} {:?}", text(a), text(b));
            }
        }
        tp += hits;
        fp += wrong.len();
        fn_ += missed.len();
    }
    (tp, fp, fn_)
}

fn f1((tp, fp, fn_): (usize, usize, usize)) -> f64 {
    if tp == 0 {
        return 0.0;
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    2.0 * precision * recall / (precision + recall)
}

#[test]
fn fixtures_are_labelled_with_questions_that_exist() {
    for article in articles() {
        let numbers: BTreeSet<u32> = article
            .document
            .questions
            .iter()
            .filter_map(|q| q.number)
            .collect();
        for n in article.expected.iter().flatten() {
            assert!(numbers.contains(n), "{}: no Q{n}", article.name);
        }
    }
}

#[test]
fn default_threshold_finds_duplicates_with_high_pairwise_f1() {
    let articles = articles();
    assert!(
        articles.len() >= 4,
        "the sample and at least three fixtures"
    );
    let counts = score(&articles, dedupe::DEFAULT_THRESHOLD, true);
    let f1 = f1(counts);
    println!(
        "pairwise F1 at {}: {f1:.3} {counts:?}",
        dedupe::DEFAULT_THRESHOLD
    );
    for threshold in [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7] {
        let c = score(&articles, threshold, false);
        println!("  threshold {threshold:.2}: F1 {:.3} {c:?}", self::f1(c));
    }
    assert!(f1 >= 0.85, "pairwise F1 {f1:.3}");
}
