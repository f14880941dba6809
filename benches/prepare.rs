//! Prepare bench: times `Prepared::new` alone (normalising, learning words, stemming, weighing and
//! building the profiles of every question) on the hard bank and the easy generated corpus at
//! 10,000 and 100,000 questions, and prints a digest of what it built, so that a speed-up can be
//! checked to build the same profiles (issue 17: 3× less CPU than ~3 µs per question).
//! Run with `cargo bench --bench prepare [-- --runs N] [hard|easy]` (default 5 runs, both banks).
//!
//! Wall and the bench thread's own CPU time are printed (Linux): CPU time is disturbed less by other
//! work on a shared machine. Sizes are timed in turns, each the best of the same number of runs.

mod common;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::{Duration, Instant};

use qa_convert::dedupe::similarity::Prepared;
use qa_convert::dedupe::{hard_bank, synthetic};
use qa_convert::model::{Document, Question};

/// CPU time this thread has run, when the platform tells (nanoseconds, unlike the process's
/// clock ticks).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// A digest of everything `Prepared::new` builds that the scoring and reports read.
fn digest(p: &Prepared) -> u64 {
    let mut h = DefaultHasher::new();
    for (profile, key) in p.questions.iter().zip(&p.keys) {
        key.hash(&mut h);
        for &(t, w) in &profile.terms {
            t.hash(&mut h);
            w.to_bits().hash(&mut h);
            p.normalizer.name(t).hash(&mut h);
            p.normalizer.shown(t).hash(&mut h);
            (p.normalizer.kind(t) as u8).hash(&mut h);
        }
        profile.total.to_bits().hash(&mut h);
        profile.special.hash(&mut h);
        profile.scope.hash(&mut h);
        (profile.keys, profile.endings, profile.asks).hash(&mut h);
    }
    for w in &p.weights {
        w.to_bits().hash(&mut h);
    }
    p.normalizer.len().hash(&mut h);
    h.finish()
}

/// Times preparing `small` and `large` in turns, best of `runs`; prints both and the digests.
fn compare(label: &str, small: &[Document], large: &[Document], runs: usize) {
    let questions = |d: &[Document]| -> Vec<Question> {
        d.iter().flat_map(|d| d.questions.iter().cloned()).collect()
    };
    let (small, large) = (questions(small), questions(large));
    let mut best = [(Duration::MAX, Duration::MAX, 0u64); 2];
    for _ in 0..runs {
        for (slot, qs) in [&small, &large].into_iter().enumerate() {
            let (cpu_start, start) = (cpu_time(), Instant::now());
            let p = Prepared::new(qs);
            let wall = start.elapsed();
            let cpu = match (cpu_start, cpu_time()) {
                (Some(a), Some(b)) => b - a,
                _ => Duration::ZERO,
            };
            let d = digest(&p);
            drop(p);
            let b = &mut best[slot];
            *b = (b.0.min(wall), b.1.min(cpu), d);
        }
    }
    for (qs, (wall, cpu, d)) in [&small, &large].into_iter().zip(best) {
        println!(
            "{label:<16} {:>7} questions: wall {:.4} s ({:.2} µs/question), cpu {:.3} s, digest {d:016x}",
            qs.len(),
            wall.as_secs_f64(),
            wall.as_secs_f64() * 1e6 / qs.len().max(1) as f64,
            cpu.as_secs_f64(),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ((small, large), runs) = common::sizes_and_runs(&args, 5);
    // `-- hard` or `-- easy` times one bank only (for a profile).
    let only = |bank: &str| {
        !args.iter().any(|a| a == "hard" || a == "easy") || args.iter().any(|a| a == bank)
    };
    if only("hard") {
        let hard = |n| vec![hard_bank::hard_bank(n, 42).document];
        compare("hard, prepare", &hard(small), &hard(large), runs);
    }
    if only("easy") {
        compare(
            "easy, prepare",
            &synthetic::corpus(small, 42),
            &synthetic::corpus(large, 42),
            runs,
        );
    }
}
