//! Nesting bench: times the HTML and Markdown readers on pages nested N and 2N levels deep (one
//! question per level in unclosed `<div>`s; `>` quotes and `> -` quoted lists) and prints the ratio, which stays
//! near 2 when the time grows linearly (issue 16: once 10k levels of HTML took 1.1 s and 20k
//! took 7.2 s). Run with `cargo bench --bench nesting`, or `cargo bench --bench nesting -- 20000`
//! for other sizes. Best of a few runs, sizes timed in turns.

use std::time::{Duration, Instant};

use qa_convert::read::{self, Format};

const RUNS: usize = 3;

/// Builds a page nested the given number of levels.
type Page = fn(usize) -> String;

fn html(levels: usize) -> String {
    let body: String = (1..=levels)
        .map(|i| format!("<div>\n<h3>{i}. What is item {i}?</h3>\n<p>It is number {i}.</p>\n"))
        .collect();
    format!("<html><body>\n{body}</body></html>\n")
}

/// Questions at the top, then a quote nested `levels` deep and a quoted list half as deep (the
/// shapes that once overflowed the stack), with text at the bottom of each.
fn markdown(levels: usize) -> String {
    let questions: String = (1..=levels / 10)
        .map(|i| format!("**What is item {i}?**\n\nIt is number {i}.\n\n"))
        .collect();
    format!(
        "{questions}{}deep text\n\n{}deep item\n",
        "> ".repeat(levels),
        "> - ".repeat(levels / 2)
    )
}

/// The best time of [`RUNS`] readings, and the questions found.
fn time(text: &str, format: Format) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut questions = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let reading = read::read(text, "bench", format);
        best = best.min(start.elapsed());
        questions = reading.map_or(0, |r| r.document.questions.len());
    }
    (best, questions)
}

fn main() {
    // `cargo test --all-targets` runs this too, unoptimised and without `--bench`: a smoke run.
    let benching = std::env::args().any(|arg| arg == "--bench");
    let levels: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(if benching { 10_000 } else { 500 });
    let cases: [(&str, Format, Page); 2] = [
        ("html", Format::Html, html),
        ("markdown", Format::Markdown, markdown),
    ];
    for (name, format, make) in cases {
        let (small, large) = (make(levels), make(2 * levels));
        let (t1, q1) = time(&small, format);
        let (t2, q2) = time(&large, format);
        println!(
            "{name:>8} {levels:>6} levels: {:.3} s ({q1} questions, {} KB)",
            t1.as_secs_f64(),
            small.len() / 1024
        );
        println!(
            "{name:>8} {:>6} levels: {:.3} s ({q2} questions, {} KB)",
            2 * levels,
            t2.as_secs_f64(),
            large.len() / 1024
        );
        println!(
            "{name:>8} ratio {:.2} (2.0 is linear, 4.0 quadratic)",
            t2.as_secs_f64() / t1.as_secs_f64().max(1e-9)
        );
    }
}
