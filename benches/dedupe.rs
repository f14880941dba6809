//! Dedupe bench: times merging on the easy generated corpus (a vocabulary that grows with it), on
//! the hard bank (one shared, Zipf-skewed vocabulary) and on identical questions, and the paths of
//! `qa-convert dedupe --json` and of its text report, at 10,000 and 100,000 questions, printing the
//! ratios (issue 17: hard 10k < 0.3 s, 100k < 3 s, ratio ≤ 12; 10k identical < 0.2 s).
//! Run with `cargo bench --bench dedupe [-- --runs N]` (default 3 runs; keep it small on a
//! machine shared with builds).
//!
//! Wall time is what users see; on a machine shared with other work it also counts waiting, so
//! the bench prints the thread's own CPU time as well (Linux), which other work disturbs less.
//! The sizes are timed in turns, each as the best of the same number of runs, so that a burst of
//! other work on the machine does not favour one size.

mod common;

use std::time::{Duration, Instant};

use qa_convert::dedupe::{self, Options, hard_bank, synthetic};
use qa_convert::model::{Block, Corpus, Document, Question, SourcePos};

/// CPU time this thread has run, when the platform tells.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The best wall and CPU times of a job over several runs, and what it produced.
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
    output: usize,
}

impl Timing {
    fn new() -> Timing {
        Timing {
            wall: Duration::MAX,
            cpu: None,
            output: 0,
        }
    }

    /// Times `job` on a copy of `input`, made before the clock starts: the commands own what
    /// they read, and `dedupe` hands it on to the report.
    fn run(&mut self, job: Job, input: &[Document]) {
        let mut input = input.to_vec();
        let (cpu_start, start) = (cpu_time(), Instant::now());
        self.output = job(&mut input);
        self.wall = self.wall.min(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, cpu_time()) {
            self.cpu = Some(self.cpu.map_or(b - a, |c| c.min(b - a)));
        }
    }

    fn describe(&self) -> String {
        let cpu = self
            .cpu
            .map_or(String::new(), |c| format!(", cpu {:.3} s", c.as_secs_f64()));
        format!("wall {:.3} s{cpu}", self.wall.as_secs_f64())
    }
}

/// What is timed: a job on documents it may take.
type Job = fn(&mut Vec<Document>) -> usize;

/// Clusters, as `anki` and `all` merge.
fn merge(documents: &mut [Document]) -> usize {
    dedupe::dedupe(documents, &Options::default()).len()
}

/// What `qa-convert dedupe --json` does after reading: analyse, then render the JSON.
fn json(documents: &mut Vec<Document>) -> usize {
    let analysis = dedupe::analyse(documents, &Options::default());
    let corpus = Corpus {
        documents: std::mem::take(documents),
        clusters: analysis.clusters.clone(),
    };
    dedupe::json::render(&corpus, &analysis).len()
}

/// What `qa-convert dedupe` does after reading: analyse, then render the report.
fn report(documents: &mut Vec<Document>) -> usize {
    let analysis = dedupe::analyse(documents, &Options::default());
    let corpus = Corpus {
        documents: std::mem::take(documents),
        clusters: analysis.clusters.clone(),
    };
    dedupe::report::render(&corpus, &analysis).len()
}

/// `n` copies of one question, each with its own answer.
fn identical(n: usize) -> Vec<Document> {
    let questions = (0..n)
        .map(|k| Question {
            number: Some(k as u32 + 1),
            question: "What is model drift and how do you detect it?".to_string(),
            answer: vec![Block::paragraph(format!("Answer number {k}."))],
            source: SourcePos {
                file: "identical.txt".into(),
                line: 1 + 3 * k,
            },
            section: None,
        })
        .collect();
    vec![Document {
        file: "identical.txt".into(),
        title: "Identical".into(),
        questions,
        modified: None,
    }]
}

fn hard(n: usize) -> Vec<Document> {
    vec![hard_bank::hard_bank(n, 42).document]
}

/// Times `job` on a small and a large corpus in turns; prints both and the ratio.
fn compare(label: &str, job: Job, small: &[Document], large: &[Document], runs: usize) {
    let count = |d: &[Document]| d.iter().map(|d| d.questions.len()).sum::<usize>();
    let (mut a, mut b) = (Timing::new(), Timing::new());
    for _ in 0..runs {
        a.run(job, small);
        b.run(job, large);
    }
    println!(
        "{label:<20} {:>7} questions: {} → {}",
        count(small),
        a.describe(),
        a.output
    );
    println!(
        "{label:<20} {:>7} questions: {} → {}",
        count(large),
        b.describe(),
        b.output
    );
    let ratio = |x: Duration, y: Duration| y.as_secs_f64() / x.as_secs_f64();
    let cpu = match (a.cpu, b.cpu) {
        (Some(x), Some(y)) => format!(", cpu {:.1}", ratio(x, y)),
        _ => String::new(),
    };
    println!(
        "{label:<20} ratio {}/{}: wall {:.1}{cpu}",
        count(large),
        count(small),
        ratio(a.wall, b.wall)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ((small, large), runs) = common::sizes_and_runs(&args, 3);
    let (hard_small, hard_large) = (hard(small), hard(large));
    println!("targets: hard {small} < 0.3 s, hard {large} < 3 s, ratio ≤ 12; identical < 0.2 s");
    compare("hard, merge", |d| merge(d), &hard_small, &hard_large, runs);
    compare("hard, dedupe --json", json, &hard_small, &hard_large, runs);
    compare(
        "hard, dedupe report",
        report,
        &hard_small,
        &hard_large,
        runs,
    );
    let (easy_small, easy_large) = (synthetic::corpus(small, 42), synthetic::corpus(large, 42));
    compare("easy, merge", |d| merge(d), &easy_small, &easy_large, runs);
    compare("easy, dedupe --json", json, &easy_small, &easy_large, runs);
    compare(
        "identical, merge",
        |d| merge(d),
        &identical(small),
        &identical(large),
        runs,
    );
}
