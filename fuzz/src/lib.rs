//! What each fuzz target does with its bytes, as plain functions: the targets in
//! fuzz_targets/ call them under libFuzzer, and the main crate's tests/fuzz_regressions/mod.rs
//! includes this file (`#[path]`) to replay the committed inputs through the very same code.
//! Only kyodo and its own dependencies are used here, so both builds can compile it.
//!
//! Each function panics (an assertion) when kyodo breaks an invariant, and returns what it
//! read so a regression test can pin the outcome.

use calamine::Dimensions;
use kyodo::calendar::{is_ambiguous_date, parse_date_text, parse_fiscal_range, parse_fiscal_year};
use kyodo::config::{Config, TablePin};
use kyodo::ingest::discover::InputFile;
use kyodo::ingest::sheet::{fill_merged, Grid, Row, Val};
use kyodo::ingest::value::*;
use kyodo::ingest::{read_bytes, read_grid, FileResult};
use kyodo::names::{district_name, nfkc, person_key};
use kyodo::numbers::{amount_from_f64, parse_amount};
use kyodo::schema::Kind;
use std::sync::OnceLock;

/// `values`: the first 8 bytes are also a serial number / amount, the 9th picks the date
/// system and the fiscal year; the rest is a cell's text.
pub fn values(data: &[u8]) {
    let (num, text) = match data.split_first_chunk::<8>() {
        Some((head, rest)) => (f64::from_le_bytes(*head), rest),
        None => (0.0, data),
    };
    let flag = text.first().copied().unwrap_or(0);
    let s = String::from_utf8_lossy(text);
    let fy = 2000 + i32::from(flag % 64);

    if let Some(d) = date_from_serial(num, flag & 1 == 1) {
        let y = chrono::Datelike::year(&d);
        assert!((1899..=9999).contains(&y), "{num} → {d}");
    }
    if let Some(a) = amount_from_f64(num) {
        assert!(a.unsigned_abs() < 1_000_000_000_000_000, "{num} → {a}");
    }
    if let Some(d) = parse_date_text(&s, fy) {
        let y = chrono::Datelike::year(&d);
        assert!((0..=9999).contains(&y), "{s:?} → {d}");
    }
    let _ = is_ambiguous_date(&s);
    if let Some(y) = parse_fiscal_year(&s) {
        // Four digits are checked against 1900–2200; an era year has at most three digits.
        assert!((1900..=3100).contains(&y), "{s:?} → {y}");
    }
    if let Some((a, b)) = parse_fiscal_range(&s) {
        assert!(a <= b, "{s:?} → {a}..{b}");
    }
    if let Some(a) = parse_amount(&s) {
        assert!(a.unsigned_abs() < 1_000_000_000_000_000, "{s:?} → {a}");
    }
    let _ = parse_yes_no(&s);
    let _ = parse_status(&s);
    let _ = parse_role(&s);
    let _ = training_kind(&s, &s);
    let n = nfkc(&s);
    assert_eq!(nfkc(&n), n, "NFKC is idempotent");
    let k = person_key(&s);
    assert!(!k.chars().any(char::is_whitespace), "{s:?} → {k:?}");
    let dn = district_name(&s);
    assert!(!dn.chars().any(char::is_whitespace), "{s:?} → {dn:?}");
    for part in split_multi(&s, &["A・B"]) {
        assert!(!part.is_empty() && part.trim() == part, "{s:?} → {part:?}");
    }
    let _ = kyodo::ingest::header::normalize_header(&s);
}

/// Header and cell words of the office, so that `table` reaches tables rather than
/// "no header found".
const WORDS: &[&str] = &[
    "中学校区",
    "校区",
    "学区",
    "中学校区名",
    "区分",
    "種別",
    "状況",
    "モデル期間",
    "年度",
    "期間",
    "モデル開始年度",
    "モデル終了年度",
    "学校名",
    "備考",
    "氏名",
    "名前",
    "コーディネーター名",
    "所属・役職",
    "着任日",
    "退任日",
    "連絡先",
    "活動内容",
    "ボランティア保険",
    "保険加入日",
    "名称",
    "できること",
    "対象中学校区",
    "登録日",
    "研修名",
    "開催日",
    "日付",
    "実施日",
    "会場",
    "講師",
    "出欠",
    "出席",
    "支出日",
    "費目",
    "金額",
    "支払先",
    "摘要",
    "会計年度",
    "活動日",
    "活動名",
    "分類",
    "参加サポーター",
    "児童生徒数",
    "研修名：コーディネーター研修会",
    "開催日：令和7年6月14日",
    "光陽",
    "光陽中学校区",
    "神楽",
    "モデル地域",
    "伴走支援地域",
    "未実施",
    "社会教育課職員",
    "地域の方",
    "統括",
    "チーフ",
    "○",
    "×",
    "済",
    "R7",
    "R6~7",
    "令和7年度",
    "2025/6/14",
    "6月14日(土)",
    "7/4/1",
    "￥20,000",
    "△500",
    "2万円",
    "合計",
    "小計",
    "※注意",
    "記入例",
    "例",
    "山田 太郎",
    "髙橋様",
    "A・B、C",
    "講師謝金",
    "消耗品費",
    "",
    " ",
    "1.5",
    "(空)",
    "氏名（ふりがな）",
    "電話番号※",
];

const SHEETS: &[&str] = &[
    "Sheet1",
    "名簿",
    "コーディネーター名簿",
    "出席簿",
    "支出簿",
    "記入例",
    "記入方法",
    "研修会一覧",
    "地域一覧",
    "活動記録",
    "選択肢",
];

/// Reads the fuzzer's bytes one at a time; zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }
    fn take(&mut self, n: usize) -> &[u8] {
        let (a, b) = self.0.split_at(n.min(self.0.len()));
        self.0 = b;
        a
    }
}

/// A sheet from the fuzzer's bytes: 4 header bytes (sheet name, pin, fiscal year, 1904),
/// then operations: a new row (with its gap), a cell (with its column gap) holding a word,
/// free text, a number, a date, a boolean, or a merged region.
pub struct Sheet {
    pub grid: Grid,
    pub pin: Option<usize>,
    pub fy: i32,
    pub is_1904: bool,
}

pub fn decode_sheet(data: &[u8]) -> Sheet {
    let mut b = Bytes(data);
    let name = SHEETS[b.byte() as usize % SHEETS.len()].to_string();
    let pin = match b.byte() {
        p if p < 128 => None,
        p => Some(p as usize % Kind::ALL.len()),
    };
    let fy = 2020 + i32::from(b.byte() % 10);
    let is_1904 = b.byte() & 1 == 1;
    let mut rows: Vec<Row> = Vec::new();
    let mut merges = Vec::new();
    let mut row = Row {
        idx: 0,
        cells: Vec::new(),
    };
    while !b.0.is_empty() {
        let op = b.byte();
        if op % 8 == 0 {
            let gap = match b.byte() {
                255 => 100_000,
                g => u32::from(g).max(1),
            };
            let idx = row.idx.saturating_add(gap);
            let done = std::mem::replace(
                &mut row,
                Row {
                    idx,
                    cells: Vec::new(),
                },
            );
            // The reader keeps only rows holding a value.
            if !done.cells.is_empty() {
                rows.push(done);
            }
            continue;
        }
        if op % 8 == 7 && op & 0x80 != 0 {
            let (r, c, h, w) = (b.byte(), b.byte(), b.byte(), b.byte());
            let (r, c) = (u32::from(r), u32::from(c));
            merges.push(Dimensions {
                start: (r, c),
                end: (r + u32::from(h), c + u32::from(w)),
            });
            continue;
        }
        let gap = u16::from(b.byte() % 8);
        let col = match row.cells.last() {
            Some((c, _)) => c.saturating_add(gap.max(1)),
            None => gap,
        };
        let val = match op % 8 {
            1..=3 => Val::Text(WORDS[b.byte() as usize % WORDS.len()].to_string()),
            4 => {
                let n = b.byte() as usize % 32;
                Val::Text(String::from_utf8_lossy(b.take(n)).into_owned())
            }
            5 => {
                let raw: [u8; 8] = std::array::from_fn(|_| b.byte());
                Val::Num(f64::from_le_bytes(raw))
            }
            6 => Val::Num(f64::from(b.u16())),
            _ => match b.byte() % 2 {
                0 => {
                    let days = b.u16();
                    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
                    Val::Date(
                        base + chrono::Duration::days(i64::from(days)),
                        f64::from(days),
                    )
                }
                _ => Val::Bool(b.byte() & 1 == 1),
            },
        };
        if row.cells.last().is_some_and(|(c, _)| *c == col) {
            continue;
        }
        row.cells.push((col, val));
    }
    if !row.cells.is_empty() {
        rows.push(row);
    }
    let mut grid = Grid {
        name,
        rows,
        skipped: None,
        merges: Vec::new(),
    };
    fill_merged(&mut grid, &merges);
    grid.merges = merges;
    Sheet {
        grid,
        pin,
        fy,
        is_1904,
    }
}

/// The default config, and one per table kind pinning every sheet to it.
fn configs() -> &'static [Config] {
    static CONFIGS: OnceLock<Vec<Config>> = OnceLock::new();
    CONFIGS.get_or_init(|| {
        let base = Config::default();
        let mut all = vec![base.clone()];
        for k in Kind::ALL {
            let mut c = base.clone();
            c.tables.push(TablePin {
                file: "*".into(),
                sheet: "*".into(),
                kind: k.key().to_string(),
            });
            all.push(c);
        }
        all
    })
}

fn input_file(name: &str) -> InputFile {
    InputFile {
        path: name.into(),
        display: name.to_string(),
    }
}

/// `table`: one sheet decoded from the bytes, read as `ingest` reads a sheet.
pub fn table(data: &[u8]) -> FileResult {
    let sheet = decode_sheet(data);
    let config = &configs()[sheet.pin.map_or(0, |p| p + 1)];
    let f = input_file("fuzz.xlsx");
    let mut out = FileResult::default();
    read_grid(
        &f,
        "",
        &sheet.grid,
        sheet.is_1904,
        config,
        sheet.fy,
        &mut out,
    );
    for finding in &out.findings {
        assert_eq!(finding.file, f.display);
        assert!(!finding.message.is_empty());
        assert!(finding.sheet.is_empty() || finding.sheet == sheet.grid.name);
    }
    assert!(
        !out.inventory.is_empty(),
        "every sheet has an inventory line"
    );
    for e in &out.inventory {
        assert_eq!(e.sheet, sheet.grid.name);
    }
    out
}

/// The extensions a file may claim; `file`'s first byte picks one.
pub const EXTS: &[&str] = &["xlsx", "xls", "ods", "csv"];

/// `file`: the bytes after the first as a whole file, read as `ingest::read_file` reads it
/// once in memory but without its `catch_unwind`, so a panic is a crash. The limits are
/// scaled to the fuzzer's memory: whatever passes them must fit in its -rss_limit_mb.
pub fn file(data: &[u8]) -> FileResult {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let mut c = Config::default();
        c.limits.max_inflated_mb = 64;
        c.limits.max_sheet_cells = 200_000;
        c
    });
    let Some((&first, bytes)) = data.split_first() else {
        return FileResult::default();
    };
    let f = input_file(&format!("fuzz.{}", EXTS[first as usize % EXTS.len()]));
    let out = read_bytes(&f, bytes.to_vec(), config, 2025);
    for finding in &out.findings {
        assert_eq!(finding.file, f.display);
        assert!(!finding.message.is_empty());
    }
    assert!(
        !out.inventory.is_empty(),
        "every file has an inventory line"
    );
    out
}
