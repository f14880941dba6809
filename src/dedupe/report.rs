//! The human report of `qa-convert dedupe`: every merge with its members, their numbers and
//! scores and the terms they share, then the closest pairs that were *not* merged, so that a user
//! can judge the threshold.

use std::fmt::Write;

use super::Analysis;
use super::similarity::Evidence;
use crate::model::{Corpus, Document, QuestionRef};

/// An article as the report names it: its title, else its file.
fn article_title(document: &Document) -> &str {
    match document.title.trim() {
        "" => &document.file,
        title => title,
    }
}

/// Renders the report for a corpus whose clusters come from `analysis`.
pub fn render(corpus: &Corpus, analysis: &Analysis) -> String {
    let mut out = String::new();
    let questions = analysis.question_count();
    let merged: Vec<usize> = (0..corpus.clusters.len())
        .filter(|&c| corpus.clusters[c].members.len() > 1)
        .collect();
    let folded: usize = merged
        .iter()
        .map(|&c| corpus.clusters[c].members.len() - 1)
        .sum();
    let _ = writeln!(
        out,
        "{questions} questions in {} → {} unique (threshold {:.2})",
        plural(corpus.documents.len(), "document"),
        corpus.clusters.len(),
        analysis.threshold
    );
    let _ = writeln!(
        out,
        "{} merged {} into an earlier question that asks the same.",
        plural(merged.len(), "cluster"),
        plural(folded, "question"),
    );
    let label = |at: QuestionRef| location(corpus, at);
    let width = (0..corpus.documents.len())
        .flat_map(|doc| {
            (0..corpus.documents[doc].questions.len())
                .map(move |question| QuestionRef { doc, question })
        })
        .map(|at| label(at).chars().count())
        .max()
        .unwrap_or(0);

    if !merged.is_empty() {
        let _ = writeln!(out, "\nMerged (score = similarity to the first question):");
    }
    for (n, &c) in merged.iter().enumerate() {
        let cluster = &corpus.clusters[c];
        let canonical = cluster.canonical();
        let _ = writeln!(
            out,
            "\n{:>3}. {}",
            n + 1,
            corpus.question(canonical).question
        );
        let docs = cluster.documents();
        if docs.len() > 1 {
            let titles: Vec<&str> = docs
                .iter()
                .map(|&d| article_title(&corpus.documents[d]))
                .collect();
            let _ = writeln!(
                out,
                "     across {} articles: {}",
                docs.len(),
                titles.join(" · ")
            );
        }
        for (k, member) in cluster.members.iter().enumerate() {
            let q = corpus.question(member.at);
            let score = if k == 0 {
                "first".to_string()
            } else {
                format!("{:.2}", member.similarity)
            };
            let _ = writeln!(
                out,
                "     {:<width$}  {score:>5}  {}",
                label(member.at),
                q.question
            );
            if k > 0 {
                let why = why(analysis, canonical, member.at, analysis.evidence[c][k]);
                let _ = writeln!(out, "     {:<width$}         {why}", "");
            }
        }
    }

    let _ = writeln!(out, "\nClosest pairs not merged:");
    if analysis.near_misses.is_empty() {
        let _ = writeln!(
            out,
            "  none: no two questions in different clusters are alike."
        );
    }
    for &(a, b, evidence) in &analysis.near_misses {
        let _ = writeln!(
            out,
            "  {:.2}  {:<width$}  {}",
            evidence.score,
            label(a),
            corpus.question(a).question
        );
        let _ = writeln!(
            out,
            "        {:<width$}  {}",
            label(b),
            corpus.question(b).question
        );
        let mut why = why(analysis, a, b, evidence);
        if evidence.score >= analysis.threshold as f32 {
            why.push_str("; alike, but the earlier one belongs to a cluster whose first question is less alike");
        }
        let _ = writeln!(out, "        {:<width$}  {why}", "");
    }
    let _ = writeln!(
        out,
        "\nA score is how alike two questions are, from 0 (nothing shared) to 1 (the same terms),\n\
         counting rare terms more than common ones; answers only add to questions that are\n\
         already alike. Pairs scoring {:.2} or more merge: raise --threshold to merge less, lower\n\
         it to merge more, or use --no-dedupe to keep every question apart.",
        analysis.threshold
    );
    out
}

/// What made two questions alike, in words.
fn why(analysis: &Analysis, a: QuestionRef, b: QuestionRef, evidence: Evidence) -> String {
    if evidence == Evidence::IDENTICAL && evidence.answer.is_none() {
        let shared = analysis.shared_terms(a, b);
        if shared.is_empty() {
            return "same wording".to_string();
        }
    }
    let shared = analysis.shared_terms(a, b);
    let mut why = if shared.is_empty() {
        "no terms in common".to_string()
    } else {
        format!("shares: {}", shared.join(", "))
    };
    if let Some(answer) = evidence.answer {
        let _ = write!(
            why,
            "; questions {:.2}, answers {answer:.2} alike",
            evidence.question
        );
    }
    if let Some(apart) = evidence.apart {
        let _ = write!(why, "; lowered: {}", apart.describe());
    }
    why
}

/// `Q17`, or `line 12` for an unnumbered question; with the file when there are several.
fn location(corpus: &Corpus, at: QuestionRef) -> String {
    let q = corpus.question(at);
    let local = match q.number {
        Some(n) => format!("Q{n}"),
        None => format!("line {}", q.source.line),
    };
    if corpus.documents.len() > 1 {
        format!("{} {local}", corpus.document(at).file)
    } else {
        local
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
