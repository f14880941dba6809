//! Writes a generated hard question bank as a text article, for whole-command benchmarks:
//! `cargo run --release --example hard_bank -- QUESTIONS FILE [SEED]`.

use qa_convert::dedupe::hard_bank;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let questions = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let path = args.get(2).map_or("hard-bank.txt", String::as_str);
    let seed = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(42);
    let bank = hard_bank::hard_bank(questions, seed);
    std::fs::write(path, hard_bank::to_text(&bank.document))
}
