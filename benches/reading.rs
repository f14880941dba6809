//! Reading bench: the readers alone (no file system, no writer), in MB/s, on hard inputs. Plain
//! text has a target of 100 MB/s (issue 17) on the hard bank (`dedupe::hard_bank`) and on the
//! sample's questions repeated (long answers, captions, bullets); a long-answer input (a few
//! questions whose answers run to thousands of lines of nested bullets and numbered steps) checks
//! nothing re-scans an answer. Markdown and HTML are timed on the sample repeated, without a
//! target. Each input is read at N and 2N: the time ratio stays near 2 when reading is linear.
//! Run with `cargo bench --bench reading`, or `cargo bench --bench reading -- 20000 html` for
//! another N (questions) and only the cases named so. The whole `qa-convert parse` command is
//! timed by `scripts/bench-read`.

use std::time::{Duration, Instant};

use qa_convert::dedupe::hard_bank;
use qa_convert::read::{self, Format};

const RUNS: usize = 3;
const SAMPLE: &str = "source/mlops-interview-questions.txt";

/// The sample's body after its title, repeated with fresh numbers up to `questions` questions
/// (what `scripts/bench-pdf` and `scripts/bench-read` read).
fn sample_repeated(sample: &str, questions: usize) -> String {
    let body: Vec<&str> = sample.lines().skip(1).collect();
    let mut out = String::from("Many interview questions\n");
    let mut q = 0;
    while q < questions {
        for line in &body {
            if q >= questions {
                break;
            }
            let numbered = line
                .strip_prefix('Q')
                .and_then(|rest| {
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    (digits > 0).then(|| &rest[digits..])
                })
                .and_then(|rest| rest.strip_prefix(". "));
            match numbered {
                Some(text) => {
                    q += 1;
                    out.push_str(&format!("Q{q}. {text}\n"));
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn hard(questions: usize) -> String {
    hard_bank::to_text(&hard_bank::hard_bank(questions, 42).document)
}

/// Few questions, each with a very long answer: paragraphs, bullets nested by indentation,
/// numbered steps (candidate question lines the rhythm must turn down) and lines ending in `?`.
fn long_answers(questions: usize) -> String {
    let per_answer = 2_000;
    let count = (questions / 200).max(1);
    let mut out = String::from("Long answers interview questions\n\n");
    let mut line = 0;
    for a in 1..=count {
        out.push_str(&format!("Q{a}. How do you run model serving at scale?\n\n"));
        for i in 0..per_answer {
            line += 1;
            let depth = i % 6;
            let indent = "  ".repeat(depth);
            match i % 5 {
                0 => out.push_str(&format!(
                    "Serving step {line} keeps the feature store, the model registry and the \
                     monitoring jobs in step, so a release never drifts from its training data.\n\n"
                )),
                1 => out.push_str(&format!("{indent}• Check the shadow deployment {line}\n")),
                2 => out.push_str(&format!(
                    "{}. Build the image for stage {line}\n",
                    i % 9 + 1
                )),
                3 => out.push_str(&format!("{indent}- Why does stage {line} wait?\n")),
                _ => out.push_str(&format!("{indent}  - Roll back stage {line} on alerts\n\n")),
            }
        }
    }
    out
}

/// The sample repeated, as Markdown: question headings, `-` bullets.
fn markdown(sample: &str, questions: usize) -> String {
    let mut out = String::new();
    for line in sample_repeated(sample, questions).lines() {
        let trimmed = line.trim_start();
        if line.starts_with('Q') && line.contains(". ") && line.ends_with('?') {
            out.push_str("## ");
            out.push_str(line);
        } else if let Some(item) = trimmed.strip_prefix('•') {
            out.push_str("- ");
            out.push_str(item.trim());
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// The sample repeated, as an HTML page: question headings, paragraphs, lists.
fn html(sample: &str, questions: usize) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut out = String::from("<!DOCTYPE html><html><body><article>\n");
    let mut in_list = false;
    for line in sample_repeated(sample, questions).lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let item = trimmed.strip_prefix('•');
        if in_list && item.is_none() {
            out.push_str("</ul>\n");
            in_list = false;
        }
        if let Some(item) = item {
            if !in_list {
                out.push_str("<ul>\n");
                in_list = true;
            }
            out.push_str(&format!("<li>{}</li>\n", escape(item.trim())));
        } else if trimmed.starts_with('Q') && trimmed.ends_with('?') {
            out.push_str(&format!("<h3>{}</h3>\n", escape(trimmed)));
        } else {
            out.push_str(&format!("<p>{}</p>\n", escape(trimmed)));
        }
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out.push_str("</article></body></html>\n");
    out
}

/// Time this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`, in nanoseconds), so
/// that other work on a shared machine does not count; `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The best wall time and the best CPU time (wall time where the system has no per-thread
/// figure) of [`RUNS`] readings, dropping the result included, and the questions found.
fn time(text: &str, format: Format) -> (Duration, Duration, usize) {
    let mut best = (Duration::MAX, Duration::MAX);
    let mut questions = 0;
    for _ in 0..RUNS {
        let (start, cpu_start) = (Instant::now(), cpu_time());
        let reading = read::read(text, "bench", format);
        questions = reading.map_or(0, |r| r.document.questions.len());
        let wall = start.elapsed();
        let cpu = cpu_start
            .zip(cpu_time())
            .map_or(wall, |(start, end)| end.saturating_sub(start));
        best = (best.0.min(wall), best.1.min(cpu));
    }
    (best.0, best.1, questions)
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
}

fn main() {
    // `cargo test --all-targets` runs this too, unoptimised and without `--bench`: a smoke run.
    let benching = std::env::args().any(|arg| arg == "--bench");
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(if benching { 10_000 } else { 200 });
    let sample = std::fs::read_to_string(SAMPLE).unwrap_or_else(|e| panic!("{SAMPLE}: {e}"));
    type Make<'s> = Box<dyn Fn(usize) -> String + 's>;
    let cases: Vec<(&str, Format, Make)> = vec![
        ("text hard bank", Format::Text, Box::new(hard)),
        (
            "text sample repeated",
            Format::Text,
            Box::new(|q| sample_repeated(&sample, q)),
        ),
        ("text long answers", Format::Text, Box::new(long_answers)),
        (
            "markdown sample repeated",
            Format::Markdown,
            Box::new(|q| markdown(&sample, q)),
        ),
        (
            "html sample repeated",
            Format::Html,
            Box::new(|q| html(&sample, q)),
        ),
    ];
    // Any other argument picks the cases whose name contains it (`-- markdown`).
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .collect();
    println!("reading alone, best of {RUNS} (wall and CPU time); target 100 MB/s for text");
    for (name, format, make) in cases {
        if !only.is_empty() && !only.iter().any(|o| name.contains(o.as_str())) {
            continue;
        }
        let (small, large) = (make(n), make(2 * n));
        let (w1, c1, q1) = time(&small, format);
        let (w2, c2, q2) = time(&large, format);
        assert!(q1 > 0 && q2 > q1, "{name}: {q1} then {q2} questions read");
        for (size, text, wall, cpu, q) in [(n, &small, w1, c1, q1), (2 * n, &large, w2, c2, q2)] {
            println!(
                "{name:<25} N={size:<7} {:>6.1} MB {:>7.3} s wall {:>7.1} MB/s, {:>7.3} s CPU {:>7.1} MB/s ({q} questions)",
                text.len() as f64 / 1e6,
                wall.as_secs_f64(),
                mb_per_s(text.len(), wall),
                cpu.as_secs_f64(),
                mb_per_s(text.len(), cpu),
            );
        }
        println!(
            "{name:<25} CPU time(2N)/time(N) {:.2} (2.0 is linear, 4.0 quadratic)",
            c2.as_secs_f64() / c1.as_secs_f64().max(1e-9)
        );
    }
}
