//! Dedupe bench: times clustering of 10,000 and 100,000 generated questions and prints the ratio,
//! which stays near 10 when the work grows linearly (DESIGN §4 and issue 4: ratio ≤ 15, 100k
//! under 5 s). Run with `cargo bench --bench dedupe`.
//!
//! Wall time is what users see; on a machine shared with other work it also counts waiting, so
//! the bench prints the thread's own CPU time as well (Linux), which other work disturbs less.
//! The two sizes are timed in turns, each as the best of the same number of runs, so that a
//! burst of other work on the machine does not favour one size.

use std::time::{Duration, Instant};

use qa_convert::dedupe::{self, Options, synthetic};

const RUNS: usize = 5;

/// CPU time this thread has run, when the platform tells.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
    clusters: usize,
}

impl Timing {
    fn new() -> Timing {
        Timing {
            wall: Duration::MAX,
            cpu: None,
            clusters: 0,
        }
    }

    /// Times one dedupe run, keeping the best wall and CPU times so far.
    fn run(&mut self, documents: &[qa_convert::model::Document]) {
        let (cpu_start, start) = (cpu_time(), Instant::now());
        self.clusters = dedupe::dedupe(documents, &Options::default()).len();
        self.wall = self.wall.min(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, cpu_time()) {
            self.cpu = Some(self.cpu.map_or(b - a, |c| c.min(b - a)));
        }
    }
}

fn print(questions: usize, t: &Timing) {
    let cpu = t
        .cpu
        .map_or(String::new(), |c| format!(", cpu {:.3} s", c.as_secs_f64()));
    println!(
        "dedupe {questions:>7} questions: wall {:.3} s{cpu} ({} clusters)",
        t.wall.as_secs_f64(),
        t.clusters
    );
}

fn main() {
    // `cargo test --all-targets` runs this too, unoptimised and without `--bench`: a smoke run.
    if !std::env::args().any(|arg| arg == "--bench") {
        let mut t = Timing::new();
        t.run(&synthetic::corpus(1_000, 42));
        println!(
            "smoke: 1,000 questions in {:?}, {} clusters",
            t.wall, t.clusters
        );
        return;
    }
    let small_corpus = synthetic::corpus(10_000, 42);
    let large_corpus = synthetic::corpus(100_000, 42);
    let (mut small, mut large) = (Timing::new(), Timing::new());
    for _ in 0..RUNS {
        small.run(&small_corpus);
        large.run(&large_corpus);
    }
    print(10_000, &small);
    print(100_000, &large);
    let ratio = |a: Duration, b: Duration| b.as_secs_f64() / a.as_secs_f64();
    let cpu = match (small.cpu, large.cpu) {
        (Some(a), Some(b)) => format!(", cpu {:.1}", ratio(a, b)),
        _ => String::new(),
    };
    println!(
        "ratio 100k / 10k: wall {:.1}{cpu} (target ≤ 15; 100k target < 5 s)",
        ratio(small.wall, large.wall)
    );
}
