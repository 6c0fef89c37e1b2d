//! Progress on stderr for runs that take longer than a second: files read, then stages.
//!
//! Silent with `--quiet` or when stderr is not a terminal (CI, pipes, cron). With
//! `KYODO_TIMINGS=1` each stage's time is printed instead, for profiling.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// The bar's filled, tip and empty cells: ASCII, one column wide on every console. indicatif's
/// default █ and ░ are ambiguous-width and a CP932 console draws them two columns wide, so
/// the bar would wrap on every redraw.
pub const BAR_CHARS: &str = "#>-";

pub struct Progress {
    bar: Option<ProgressBar>,
    timings: bool,
    started: Instant,
    stage_started: Instant,
    stage: &'static str,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{msg} [{wide_bar}] {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars(BAR_CHARS),
            );
            // Hidden for the first second: short runs show nothing.
            bar.set_draw_target(ProgressDrawTarget::hidden());
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            timings: std::env::var_os("KYODO_TIMINGS").is_some(),
            started: now,
            stage_started: now,
            stage: "",
        }
    }

    /// No bar and no timings: for library callers that want none.
    pub fn silent() -> Progress {
        let now = Instant::now();
        Progress {
            bar: None,
            timings: false,
            started: now,
            stage_started: now,
            stage: "",
        }
    }

    /// Sets the current stage's count of steps once it is known (the files found).
    pub fn set_total(&self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total.max(1));
        }
    }

    fn show_if_slow(&self) {
        if let Some(bar) = &self.bar {
            if bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    /// Starts a stage; `total` is its count of steps (files), or 0 for a single step.
    pub fn stage(&mut self, name: &'static str, total: u64) {
        self.finish_stage();
        self.stage = name;
        self.stage_started = Instant::now();
        if let Some(bar) = &self.bar {
            bar.set_message(name);
            bar.set_length(total.max(1));
            bar.set_position(0);
        }
        self.show_if_slow();
    }

    /// One step of the current stage done; may be called from any reading thread.
    pub fn step(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        self.show_if_slow();
    }

    fn finish_stage(&mut self) {
        if self.timings && !self.stage.is_empty() {
            crate::console::err(&format!(
                "kyodo: {:<10} {:>8.3} s{}",
                self.stage,
                self.stage_started.elapsed().as_secs_f64(),
                peak_rss()
                    .map(|m| format!("  (peak RSS {m} MiB)"))
                    .unwrap_or_default()
            ));
        }
    }

    /// Ends the last stage and clears the bar.
    pub fn finish(&mut self) {
        self.finish_stage();
        self.stage = "";
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The process's peak resident memory so far, in MiB, where the system says (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bar_is_drawn_in_single_width_ascii() {
        assert!(super::BAR_CHARS.chars().all(|c| c.is_ascii_graphic()));
        assert_eq!(super::BAR_CHARS.chars().count(), 3);
    }
}
