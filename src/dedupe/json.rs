//! `qa-convert dedupe --json`: the clusters as DESIGN §2 gives them, each member with its source
//! line (the JSON writer's cluster view, `write::json`), and the closest pairs that were not
//! merged, so that a script can judge a threshold.

use serde::Serialize;

use super::Analysis;
use super::similarity::Evidence;
use crate::model::{Corpus, QuestionRef};
use crate::write::json::{ClusterView, Place, cluster_views, to_json, two_decimals};

#[derive(Serialize)]
struct Output<'a> {
    clusters: Vec<ClusterView<'a>>,
    threshold: f64,
    near_misses: Vec<NearMissView<'a>>,
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
pub fn render(corpus: &Corpus, analysis: &Analysis) -> Vec<u8> {
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
                a: Place::of(corpus, a, true),
                b: Place::of(corpus, b, true),
            },
        )
        .collect();
    to_json(&Output {
        clusters: cluster_views(corpus, true),
        threshold: analysis.threshold,
        near_misses,
    })
}
