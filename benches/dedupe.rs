//! Dedupe bench: times clustering of 10,000 and 100,000 generated questions and prints the ratio,
//! which stays near 10 when candidate search is close to linear (DESIGN §4: ≤ 15, 100k < 5 s).
//! Run with `cargo bench --bench dedupe`.

use std::time::{Duration, Instant};

use qa_convert::dedupe::{self, Options, synthetic};

/// Best of a few runs: the least disturbed by other work on the machine.
fn time(questions: usize, runs: usize) -> (Duration, usize) {
    let documents = synthetic::corpus(questions, 42);
    let mut best = Duration::MAX;
    let mut clusters = 0;
    for _ in 0..runs {
        let start = Instant::now();
        clusters = dedupe::dedupe(&documents, &Options::default()).len();
        best = best.min(start.elapsed());
    }
    (best, clusters)
}

fn main() {
    // `cargo test --all-targets` runs this too, unoptimised and without `--bench`: a smoke run.
    if !std::env::args().any(|arg| arg == "--bench") {
        let (elapsed, clusters) = time(1_000, 1);
        println!("smoke: 1,000 questions in {elapsed:?}, {clusters} clusters");
        return;
    }
    let (small, small_clusters) = time(10_000, 5);
    println!(
        "dedupe  10,000 questions: {:>8.3} s ({small_clusters} clusters)",
        small.as_secs_f64()
    );
    let (large, large_clusters) = time(100_000, 3);
    println!(
        "dedupe 100,000 questions: {:>8.3} s ({large_clusters} clusters)",
        large.as_secs_f64()
    );
    println!(
        "ratio 100k / 10k: {:.1} (target ≤ 15; 100k target < 5 s)",
        large.as_secs_f64() / small.as_secs_f64()
    );
}
