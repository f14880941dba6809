//! `qa-convert dedupe --json`: the clusters as DESIGN §2 gives them, each member with its source
//! line, and the closest pairs that were not merged, so that a script can judge a threshold.

use serde::Serialize;

use super::Analysis;
use super::similarity::Evidence;
use crate::model::{Corpus, QuestionRef};

#[derive(Serialize)]
struct Output<'a> {
    clusters: Vec<ClusterView<'a>>,
    threshold: f64,
    near_misses: Vec<NearMissView<'a>>,
}

#[derive(Serialize)]
struct ClusterView<'a> {
    canonical: &'a str,
    /// The files of the articles the cluster spans, the one that asks it first first.
    articles: Vec<&'a str>,
    members: Vec<Member<'a>>,
}

/// A question as the JSON names it: where it is and what it says.
#[derive(Serialize)]
struct Place<'a> {
    file: &'a str,
    line: usize,
    number: Option<u32>,
    question: &'a str,
}

/// A cluster member: the question and its similarity to the canonical one.
#[derive(Serialize)]
struct Member<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    similarity: f64,
}

#[derive(Serialize)]
struct NearMissView<'a> {
    similarity: f64,
    question_similarity: f64,
    /// Absent when the answers were not compared or said nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    answer_similarity: Option<f64>,
    /// The terms both share, rarest first.
    shared: Vec<&'a str>,
    /// What lowered the score, when something did.
    #[serde(skip_serializing_if = "Option::is_none")]
    lowered: Option<&'static str>,
    a: Place<'a>,
    b: Place<'a>,
}

/// Renders the clusters of `analysis` (whose questions `corpus` holds) and its near misses,
/// pretty-printed, with a final newline.
#[allow(
    clippy::expect_used,
    reason = "plain structs with string keys always serialise"
)]
pub fn render(corpus: &Corpus, analysis: &Analysis) -> Vec<u8> {
    let place = |at: QuestionRef| {
        let q = corpus.question(at);
        Place {
            file: &q.source.file,
            line: q.source.line,
            number: q.number,
            question: &q.question,
        }
    };
    let clusters = corpus
        .clusters
        .iter()
        .map(|c| ClusterView {
            canonical: &corpus.question(c.canonical()).question,
            articles: c
                .documents()
                .into_iter()
                .map(|d| corpus.documents[d].file.as_str())
                .collect(),
            members: c
                .members
                .iter()
                .map(|m| Member {
                    place: place(m.at),
                    similarity: two_decimals(m.similarity),
                })
                .collect(),
        })
        .collect();
    let near_misses = analysis
        .near_misses
        .iter()
        .map(
            |&(a, b, e): &(QuestionRef, QuestionRef, Evidence)| NearMissView {
                similarity: two_decimals(e.score.into()),
                question_similarity: two_decimals(e.question.into()),
                answer_similarity: e.answer.map(|s| two_decimals(s.into())),
                shared: analysis.shared_terms(a, b),
                lowered: e.apart.map(|x| x.describe()),
                a: place(a),
                b: place(b),
            },
        )
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&Output {
        clusters,
        threshold: analysis.threshold,
        near_misses,
    })
    .expect("clusters serialise to JSON");
    bytes.push(b'\n');
    bytes
}

/// Two decimals: enough to judge a threshold, and stable across platforms.
fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
