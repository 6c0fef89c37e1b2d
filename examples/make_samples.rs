//! Writes `samples/`: a runnable R7 Asahikawa office built from the seed document, laid out
//! the way the office's own workbooks are (title lines, merged 中学校区, 和暦 text dates,
//! amounts typed as text, ※ notes, 合計 rows), with a handful of known mistakes.
//!
//! Run `cargo run --example make_samples` from the crate root. The output is byte-stable:
//! the creation time is fixed and rust_xlsxwriter writes fixed zip times. The generator
//! also writes `samples/README.md`: the seeded mistakes with their cells and the expected
//! figures, computed here from the same data the workbooks are written from. The
//! integration tests (tests/e2e) hard-code those figures; keep them in step.
//!
//! Modules: `xlsx` (cells and the writer), `rosters` (districts, people, trainings),
//! `ledger` (expenses, activities), `readme` (samples/README.md).

#[path = "make_samples/ledger.rs"]
mod ledger;
#[path = "make_samples/readme.rs"]
mod readme;
#[path = "make_samples/rosters.rs"]
mod rosters;
#[path = "make_samples/xlsx.rs"]
mod xlsx;

use std::path::{Path, PathBuf};

const FY_LABEL: &str = "令和7年度";
const UNIT: i64 = 20_000;
/// The allowed 費目 of the embedded default config.
const ALLOWED: &[&str] = kyodo::config::DEFAULT_CATEGORIES;

/// One seeded mistake: where it is and the finding it should give.
struct Mistake {
    what: String,
    file: &'static str,
    sheet: &'static str,
    cell: String,
    id: &'static str,
    severity: &'static str,
}

#[derive(Default)]
struct Notes {
    mistakes: Vec<Mistake>,
}

impl Notes {
    fn add(
        &mut self,
        what: &str,
        file: &'static str,
        sheet: &'static str,
        cell: String,
        id: &'static str,
        severity: &'static str,
    ) {
        self.mistakes.push(Mistake {
            what: what.to_string(),
            file,
            sheet,
            cell,
            id,
            severity,
        });
    }
}

/// A district's short form, as spec §2 folds it (「永山中学校区」 → 「永山」).
fn short(s: &str) -> String {
    for suffix in ["中学校区", "中学校", "校区", "中"] {
        if let Some(x) = s.strip_suffix(suffix) {
            if !x.is_empty() {
                return x.to_string();
            }
        }
    }
    s.to_string()
}

/// A person's match key: no spaces (the samples use no variant kanji except 髙).
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '髙' { '高' } else { c })
        .collect::<String>()
        .trim_end_matches("さん")
        .to_string()
}

/// The embedded default config with the year and the as-of date pinned.
fn sample_config() -> String {
    let default = include_str!("../src/default.toml");
    let pinned = default
        .replace("# fiscal_year = \"R7\"", "fiscal_year = \"R7\"")
        .replace("# as_of = \"2025-11-30\"", "as_of = \"2025-11-30\"");
    assert!(
        pinned.contains("\nfiscal_year = \"R7\"") && pinned.contains("\nas_of = \"2025-11-30\""),
        "src/default.toml no longer has the commented fiscal_year/as_of lines"
    );
    pinned
}
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    let mut notes = Notes::default();
    use ledger::*;
    use rosters::*;
    use xlsx::write_book;
    write_book(&dir.join(F_DISTRICTS), &districts_book(&mut notes))?;
    write_book(&dir.join(F_ROSTER), &roster_book(&mut notes))?;
    write_book(&dir.join(F_TRAININGS), &trainings_book(&mut notes))?;
    let (ledger, spent) = ledger_book(&mut notes);
    write_book(&dir.join(F_LEDGER), &ledger)?;
    write_book(&dir.join(F_ACTIVITIES), &activities_book(&mut notes))?;
    std::fs::write(dir.join("kyodo.toml"), sample_config())?;
    let text = readme::readme(&notes, &spent);
    std::fs::write(dir.join("README.md"), &text)?;
    println!("{text}");
    Ok(())
}
