//! Writes a 10,000-question deck and prints how long it took: the qa-convert half of the
//! side-by-side comparison with Python genanki that `scripts/bench-anki` runs.
//!
//! usage: cargo bench --bench anki_write -- [--notes N] [--runs R] [--emit-records FILE.json]
//!
//! The questions are synthetic but shaped like the sample's: a one-line question, a paragraph of
//! about 60 words and a list of five items, some with a bold lead term. `--emit-records` writes the
//! same questions as JSON so that the genanki side does the same job from the same records.

use std::hint::black_box;
use std::time::{Duration, Instant};

use qa_convert::model::{Block, Corpus, Document, ListItem, Question, SourcePos};
use qa_convert::write::anki;
use qa_convert::write::notes::{self, DeckOptions, lock};

const WORDS: &[&str] = &[
    "model",
    "data",
    "pipeline",
    "feature",
    "training",
    "deployment",
    "monitoring",
    "drift",
    "version",
    "experiment",
    "metric",
    "registry",
    "container",
    "latency",
    "batch",
    "stream",
    "label",
    "schema",
    "validation",
    "rollback",
    "artifact",
    "lineage",
    "serving",
    "scaling",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "for",
    "with",
    "on",
    "is",
    "are",
    "that",
    "by",
    "from",
];

/// A small deterministic generator, so that every run and both tools see the same text.
struct Words(u64);

impl Words {
    fn next(&mut self) -> &'static str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        WORDS[(self.0 >> 33) as usize % WORDS.len()]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.next());
        }
        s
    }
}

fn corpus(notes: usize) -> Corpus {
    let mut words = Words(42);
    let questions: Vec<Question> = (0..notes)
        .map(|i| {
            let items = (0..5)
                .map(|k| {
                    let text = words.sentence(10);
                    if k % 2 == 0 {
                        ListItem::parse(&format!("{} {}: {text}", words.next(), words.next()))
                    } else {
                        ListItem::parse(&text)
                    }
                })
                .collect();
            Question {
                number: Some(i as u32 + 1),
                question: format!("Q{i}: what is {} {}?", words.sentence(6), i),
                answer: vec![
                    Block::paragraph(format!("{}.", words.sentence(60))),
                    Block::List(items),
                ],
                source: SourcePos {
                    file: "source/bench.txt".into(),
                    line: i * 12 + 1,
                },
                section: None,
            }
        })
        .collect();
    Corpus::unmerged(vec![Document {
        file: "source/bench.txt".into(),
        title: "Bench".into(),
        questions,
        modified: None,
    }])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this file too, without it:
    // then a small smoke run keeps the test suite fast.
    let benching = args.iter().any(|a| a == "--bench");
    let notes: usize = value("--notes").map_or(if benching { 10_000 } else { 100 }, |v| {
        v.parse().expect("--notes N")
    });
    let runs: usize = value("--runs").map_or(if benching { 7 } else { 1 }, |v| {
        v.parse().expect("--runs R")
    });
    let corpus = corpus(notes);
    let options = DeckOptions {
        name: Some("Bench".into()),
        tags: vec!["bench".into()],
        source_date_epoch: Some(1_700_000_000),
        identities: None,
        flat: false,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.apkg");

    let mut times = Vec::with_capacity(runs);
    let mut lock_times = Vec::with_capacity(runs);
    let mut size = 0;
    let mut previous = lock::Lock::default();
    let articles = ["bench.txt".to_string()];
    let exists = |_: &str| true;
    for _ in 0..runs {
        // Timed: the lock file's identities (the first run against no lock, the others against
        // the lock the run before saved) → note HTML → collection pages → zip → file → lock
        // file, as `qa-convert anki` does after reading.
        let start = Instant::now();
        let run = lock::Run {
            articles: &articles,
            change_times: &[1_700_000_000],
            exists: &exists,
        };
        let (identities, next) = lock::resolve(black_box(&corpus), &previous, &run);
        let mut options = options.clone();
        options.identities = Some(identities);
        let locked = start.elapsed();
        let bytes = anki::render(black_box(&corpus), &options).expect("package");
        std::fs::write(&path, &bytes).expect("write");
        let lock_start = Instant::now();
        std::fs::write(dir.path().join("qa-convert.lock"), next.render()).expect("write");
        lock_times.push(locked + lock_start.elapsed());
        times.push(start.elapsed());
        size = bytes.len();
        previous = next;
    }
    times.sort();
    lock_times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "qa-convert: {notes} notes in {:.1} ms (best of {runs}; median {:.1} ms), {:.1} MB; \
of which the lock file {:.1} ms (best)",
        ms(times[0]),
        ms(times[runs / 2]),
        size as f64 / 1e6,
        ms(lock_times[0])
    );
    println!("qa-convert-best-ms {:.3}", ms(times[0]));

    // `BENCH_PHASES=1`: where the time goes (best of 15 each).
    if std::env::var_os("BENCH_PHASES").is_some() {
        // Sequential here, to see each part alone (`render` overlaps the first two).
        let mut best = [f64::MAX; 3];
        for _ in 0..15 {
            let t0 = Instant::now();
            let deck = notes::deck(&corpus, &options);
            let t1 = Instant::now();
            let bytes = anki::write_deck(&deck).expect("package");
            let t2 = Instant::now();
            std::fs::write(&path, &bytes).expect("write");
            let t3 = Instant::now();
            for (b, d) in best.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2]) {
                *b = b.min(ms(d));
            }
        }
        println!(
            "best phases: deck {:.1} ms, package {:.1} ms, file {:.1} ms",
            best[0], best[1], best[2]
        );
    }

    if let Some(out) = value("--emit-records") {
        std::fs::write(&out, records_json(&corpus)).expect("write records");
    }
}

/// The questions as the Python side reads them: the records, with each list item's lead term
/// apart, so that it renders the same HTML from the same input.
fn records_json(corpus: &Corpus) -> Vec<u8> {
    use serde_json::{Value, json};
    let questions: Vec<Value> = corpus.documents[0]
        .questions
        .iter()
        .map(|q| {
            let blocks: Vec<Value> = q
                .answer
                .iter()
                .map(|b| match b {
                    Block::Paragraph(text) => json!({"p": text}),
                    Block::List(items) => {
                        json!({"ul": items.iter().map(|i| json!([i.lead, i.text])).collect::<Vec<_>>()})
                    }
                    Block::Code { lang, text } => json!({"code": [lang, text]}),
                    // The bench's answers hold only the blocks above.
                    other => json!({"other": other}),
                })
                .collect();
            json!({"number": q.number, "question": q.question, "answer": blocks,
                   "file": q.source.file, "line": q.source.line})
        })
        .collect();
    serde_json::to_vec(&questions).expect("json")
}
