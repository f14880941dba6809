//! A progress line on stderr for long runs: which step of how many is running, with a bar and the
//! time spent. Drawn only on a terminal, never with `-q`, and only once a run has taken long enough
//! for a user to wonder what is happening; it leaves no trace on the screen when it ends.

use std::io::{self, Write};
use std::time::{Duration, Instant};

/// How long a run goes before the progress line appears: short runs stay silent.
const SHOW_AFTER: Duration = Duration::from_millis(250);
/// Width of the bar, in cells.
const BAR_CELLS: usize = 24;

/// Steps of one command (read each file, dedupe, each writer), shown as a bar on stderr.
pub struct Progress {
    enabled: bool,
    started: Instant,
    total: usize,
    done: usize,
    drawn: bool,
}

impl Progress {
    /// A progress line for `total` steps; `enabled` is `run::wants_progress`.
    pub fn new(enabled: bool, total: usize) -> Progress {
        Progress {
            enabled,
            started: Instant::now(),
            total: total.max(1),
            done: 0,
            drawn: false,
        }
    }

    /// Announces the step about to run.
    pub fn step(&mut self, label: &str) {
        if self.enabled && self.started.elapsed() >= SHOW_AFTER {
            let line = render(self.done, self.total, label, self.started.elapsed());
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K{line}");
            let _ = stderr.flush();
            self.drawn = true;
        }
        self.done = (self.done + 1).min(self.total);
    }

    /// Clears the line so that what follows starts on a clean line.
    pub fn finish(&mut self) {
        if self.drawn {
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
            self.drawn = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// One progress line: `[#########---------------] 3/8 writing the deck (1.2 s)`.
fn render(done: usize, total: usize, label: &str, elapsed: Duration) -> String {
    let filled = BAR_CELLS * done.min(total) / total.max(1);
    format!(
        "[{}{}] {}/{} {} ({:.1} s)",
        "#".repeat(filled),
        "-".repeat(BAR_CELLS - filled),
        done + 1,
        total,
        label,
        elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_the_bar_the_step_and_the_time() {
        let line = render(2, 8, "writing the deck", Duration::from_millis(1234));
        assert_eq!(
            line,
            "[######------------------] 3/8 writing the deck (1.2 s)"
        );
    }

    #[test]
    fn an_overfull_run_never_overflows_the_bar() {
        assert!(render(9, 3, "x", Duration::ZERO).starts_with("[########################] "));
    }

    #[test]
    fn a_disabled_progress_line_counts_steps_but_draws_nothing() {
        let mut progress = Progress::new(false, 2);
        progress.step("reading");
        progress.step("writing");
        progress.step("one more");
        assert_eq!(progress.done, 2);
        assert!(!progress.drawn);
    }
}
