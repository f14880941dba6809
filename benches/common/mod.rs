//! What the merging benches share: the sizes and the number of runs from the command line.

/// The two sizes to time — 10,000 and 100,000 questions under `cargo bench` (`--bench`), 300 and
/// 1,000 for the smoke run `cargo test --all-targets` makes, unoptimised — and `--runs N`, else
/// `default_runs`.
pub fn sizes_and_runs(args: &[String], default_runs: usize) -> ((usize, usize), usize) {
    let sizes = if args.iter().any(|arg| arg == "--bench") {
        (10_000, 100_000)
    } else {
        (300, 1_000)
    };
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_runs);
    (sizes, runs)
}
