//! Writes `samples/`: a runnable R7 Asahikawa office built from the seed document, laid out
//! the way the office's own workbooks are (title lines, merged 中学校区, 和暦 text dates,
//! amounts typed as text, ※ notes, 合計 rows), with a handful of known mistakes.
//!
//! Run `cargo run --example make_samples` from the crate root. The output is byte-stable:
//! the creation time is fixed and rust_xlsxwriter writes fixed zip times. The generator
//! also writes `samples/README.md`: the seeded mistakes with their cells and the expected
//! figures, computed here from the same data the workbooks are written from. The
//! integration tests (tests/e2e) hard-code those figures; keep them in step.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FY_LABEL: &str = "令和7年度";
const UNIT: i64 = 20_000;
const ALLOWED: &[&str] = &[
    "コーディネーター謝金",
    "講師謝金",
    "ボランティア保険料",
    "消耗品費",
    "印刷製本費",
    "通信運搬費",
];

// ---------------------------------------------------------------------------------------
// Cells, sheets and workbooks
// ---------------------------------------------------------------------------------------

/// How a date cell shows its value.
#[derive(Clone, Copy)]
enum DateStyle {
    /// Real date cell shown in 和暦 (`令和7年6月14日`), as Japanese Excel formats it.
    Wareki,
    /// Real date cell shown `2025/6/14`.
    Slash,
}

#[derive(Clone)]
enum Cell {
    Empty,
    Text(String),
    Num(f64),
    Date(NaiveDate, DateStyle),
    /// A formula with the result Excel would have cached.
    Formula(String, f64),
}

fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid sample date")
}

/// A date as the sample office wrote it, with the date it means (None: unreadable).
#[derive(Clone)]
enum DateIn {
    Real(NaiveDate, DateStyle),
    Text(&'static str, Option<NaiveDate>),
    Blank,
}

impl DateIn {
    fn cell(&self) -> Cell {
        match self {
            DateIn::Real(d, s) => Cell::Date(*d, *s),
            DateIn::Text(s, _) => t(s),
            DateIn::Blank => Cell::Empty,
        }
    }
    fn value(&self) -> Option<NaiveDate> {
        match self {
            DateIn::Real(d, _) => Some(*d),
            DateIn::Text(_, d) => *d,
            DateIn::Blank => None,
        }
    }
}

/// 和暦 date cell.
fn wd(y: i32, m: u32, d: u32) -> DateIn {
    DateIn::Real(date(y, m, d), DateStyle::Wareki)
}
/// yyyy/m/d date cell.
fn sd(y: i32, m: u32, d: u32) -> DateIn {
    DateIn::Real(date(y, m, d), DateStyle::Slash)
}
/// Typed text meaning the given date.
fn td(s: &'static str, y: i32, m: u32, d: u32) -> DateIn {
    DateIn::Text(s, Some(date(y, m, d)))
}

struct Sheet {
    name: &'static str,
    rows: Vec<Vec<Cell>>,
    /// Vertical merges: (first row, last row, column).
    merges: Vec<(u32, u32, u16)>,
    header_row: Option<u32>,
    widths: &'static [f64],
}

impl Sheet {
    fn new(name: &'static str, widths: &'static [f64]) -> Sheet {
        Sheet {
            name,
            rows: Vec::new(),
            merges: Vec::new(),
            header_row: None,
            widths,
        }
    }
    /// Appends a row; returns its 0-based index.
    fn row(&mut self, cells: Vec<Cell>) -> u32 {
        self.rows.push(cells);
        (self.rows.len() - 1) as u32
    }
    fn line(&mut self, text: &str) -> u32 {
        self.row(vec![t(text)])
    }
    fn blank(&mut self) {
        self.row(Vec::new());
    }
    fn header(&mut self, cols: &[&str]) -> u32 {
        let r = self.row(cols.iter().map(|c| t(c)).collect());
        self.header_row = Some(r);
        r
    }
    /// The next row index.
    fn next(&self) -> u32 {
        self.rows.len() as u32
    }
}

/// A1 reference of a 0-based cell.
fn a1(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        letters.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn write_book(path: &Path, sheets: &[Sheet]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 4, 1)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("旭川市教育委員会 社会教育課")
            .set_creation_datetime(&created),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
        .set_align(FormatAlign::Center);
    let body = Format::new().set_border(FormatBorder::Thin);
    let merged = body
        .clone()
        .set_align(FormatAlign::VerticalCenter)
        .set_align(FormatAlign::Center);
    let wareki = body
        .clone()
        .set_num_format("[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"");
    let slash = body.clone().set_num_format("yyyy/m/d");
    let yen = body.clone().set_num_format("#,##0");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name)?;
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let header_row = s.header_row.unwrap_or(u32::MAX);
        for (r, cells) in s.rows.iter().enumerate() {
            let r = r as u32;
            let in_table = header_row != u32::MAX && r > header_row;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                if s.merges
                    .iter()
                    .any(|&(r1, r2, mc)| mc == c && r >= r1 && r <= r2)
                {
                    continue;
                }
                let plain = if r == header_row {
                    &header
                } else if in_table {
                    &body
                } else if r == 0 {
                    &title
                } else {
                    &Format::new()
                };
                match cell {
                    Cell::Empty => {
                        if in_table {
                            ws.write_blank(r, c, &body)?;
                        }
                    }
                    Cell::Text(v) => {
                        ws.write_string_with_format(r, c, v, plain)?;
                    }
                    Cell::Num(v) => {
                        ws.write_number_with_format(r, c, *v, if in_table { &yen } else { plain })?;
                    }
                    Cell::Date(d, style) => {
                        let f = match style {
                            DateStyle::Wareki => &wareki,
                            DateStyle::Slash => &slash,
                        };
                        ws.write_datetime_with_format(r, c, d, f)?;
                    }
                    Cell::Formula(f, result) => {
                        ws.write_formula_with_format(
                            r,
                            c,
                            Formula::new(f).set_result(result.to_string()),
                            &yen,
                        )?;
                    }
                }
            }
        }
        for &(r1, r2, c) in &s.merges {
            let text = match s.rows[r1 as usize].get(c as usize) {
                Some(Cell::Text(v)) => v.clone(),
                _ => String::new(),
            };
            ws.merge_range(r1, c, r2, c, &text, &merged)?;
        }
        if let Some(h) = s.header_row {
            ws.set_freeze_panes(h + 1, 0)?;
        }
    }
    wb.save(path)
}

// ---------------------------------------------------------------------------------------
// What the README documents
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// 中学校区一覧.xlsx
// ---------------------------------------------------------------------------------------

/// (中学校区, 区分 as written, モデル期間 as written, 備考, status key, allocated?)
#[rustfmt::skip]
const DISTRICTS: &[(&str, &str, &str, &str, &str)] = &[
    ("光陽", "モデル地域", "R6~7", "継続（2年目）", "model"),
    ("永山", "モデル地域", "R6～R7", "継続（2年目）", "model"),
    ("西神楽", "モデル地域", "R6~7", "継続（2年目）", "model"),
    ("東陽", "モデル地域", "R7~8", "新規", "model"),
    ("神居東", "モデル地域", "令和7年度～令和8年度", "新規", "model"),
    ("旭川", "伴走支援地域", "R3~6", "第1期モデル地域（令和3年10月指定）", "support"),
    ("神楽", "伴奏支援地域", "R3~6", "第1期モデル地域", "support"),
    ("春光台", "伴走支援地域", "R3~6", "第1期モデル地域", "support"),
    ("中央", "未実施", "", "", "none"),
    ("東光", "未実施", "", "", "none"),
    ("桜岡", "未実施", "", "", "none"),
    ("北星", "未実施", "", "", "none"),
    ("忠和", "未実施", "", "", "none"),
    ("東明", "未実施", "", "", "none"),
];

const F_DISTRICTS: &str = "中学校区一覧.xlsx";

fn districts_book(notes: &mut Notes) -> Vec<Sheet> {
    let mut s = Sheet::new("中学校区一覧", &[14.0, 16.0, 22.0, 36.0]);
    s.line(&format!("{FY_LABEL} 地域学校協働活動 中学校区一覧"));
    s.line("作成日：令和7年4月1日");
    s.blank();
    s.header(&["中学校区", "区分", "モデル期間", "備考"]);
    for (name, status, period, note, _) in DISTRICTS {
        let r = s.row(vec![t(name), t(status), t(period), t(note)]);
        if *period == "R3~6" {
            notes.add(
                &format!("{name}：第1期のモデル期間 R3~6（4年度）。既定の設定で承認済"),
                F_DISTRICTS,
                "中学校区一覧",
                a1(r, 2),
                "DS002",
                "承認済",
            );
        }
    }
    s.line("※モデル期間は年度で記入。R7は1地域追加予定（中学校区は未定）");
    vec![s]
}

// ---------------------------------------------------------------------------------------
// コーディネーター名簿.xlsx
// ---------------------------------------------------------------------------------------

/// (中学校区, 区分 as written, 氏名, 所属・役職, 着任日, 連絡先, 6/14 mark, 10/18 mark)
type CoordRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    DateIn,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
fn coordinators() -> Vec<CoordRow> {
    const STAFF: &str = "社会教育課職員";
    const RES: &str = "地域の方";
    vec![
        ("全市", "統括コーディネーター", "大西 隆之", "社会教育課主幹（社会教育主事）", wd(2025, 4, 1), "内線5401", "○", "○"),
        ("全市", "チーフコーディネーター", "川村 美紀", "社会教育部 社会教育課 主査", wd(2025, 4, 1), "内線5402", "○", "○"),
        ("光陽", STAFF, "佐藤 健太", "社会教育課 社会教育主事", wd(2024, 4, 1), "内線5411", "○", "○"),
        ("光陽", STAFF, "鈴木 あゆみ", "社会教育課 主事", wd(2024, 4, 1), "内線5412", "○", "×"),
        ("光陽", RES, "田中 義男", "学校運営協議会委員", td("令和6年4月1日", 2024, 4, 1), "090-0000-1101", "○", "○"),
        ("光陽", RES, "伊藤 和子", "地域まちづくり推進協議会委員", td("令和6年4月1日", 2024, 4, 1), "090-0000-1102", "×", "○"),
        ("光陽", RES, "渡辺 修", "社会福祉協議会委員", td("R6.6.1", 2024, 6, 1), "090-0000-1103", "○", "×"),
        ("永山", STAFF, "山本 大樹", "社会教育課 社会教育主事", wd(2024, 4, 1), "内線5413", "○", "○"),
        ("永山", "職員", "中島 彩", "社会教育課 主事", wd(2025, 4, 1), "内線5414", "×", "○"),
        ("永山", RES, "小川 智子", "PTA役員", td("令和6年4月1日", 2024, 4, 1), "090-0000-1201", "○", "×"),
        ("永山", RES, "長谷川 剛", "PTA役員", td("令和7年5月1日", 2025, 5, 1), "090-0000-1202", "", "×"),
        ("西神楽", STAFF, "石井 翔", "社会教育課 社会教育主事", wd(2024, 4, 1), "内線5415", "○", "○"),
        ("西神楽", STAFF, "村上 優子", "社会教育課 主事", wd(2024, 4, 1), "内線5416", "○", "×"),
        ("西神楽", RES, "近藤 昭", "公民館（指定管理）館長", td("R6.4.1", 2024, 4, 1), "090-0000-1301", "×", "○"),
        ("東陽", STAFF, "坂本 拓也", "社会教育課 社会教育主事", wd(2025, 4, 1), "内線5417", "○", "○"),
        ("東陽", STAFF, "遠藤 美穂", "社会教育課 主事", wd(2025, 4, 1), "内線5418", "○", "○"),
        ("東陽", "地域住民", "青木 孝", "学校運営協議会委員", td("令和7年4月1日", 2025, 4, 1), "090-0000-1401", "○", "×"),
        ("東陽", RES, "藤井 典子", "地域まちづくり推進協議会委員", td("令和7年4月1日", 2025, 4, 1), "090-0000-1402", "×", "○"),
        ("神居東", STAFF, "西村 亮", "社会教育課 社会教育主事", wd(2025, 4, 1), "内線5419", "○", "○"),
        ("神居東", "職員", "福田 理恵", "社会教育課 主事", wd(2025, 4, 1), "内線5420", "×", "○"),
        ("神居東", RES, "太田 茂", "学校運営協議会委員", td("R7.4.1", 2025, 4, 1), "090-0000-1501", "○", "○"),
        ("神居東", RES, "三浦 洋子", "地域まちづくり推進協議会委員", td("R7.4.1", 2025, 4, 1), "090-0000-1502", "○", "×"),
        ("神居東", RES, "岡本 浩", "学校運営協議会委員、地域まちづくり推進協議会委員", td("R7.4.1", 2025, 4, 1), "090-0000-1503", "×", "○"),
        ("旭川", RES, "松田 勇", "市民委員会", td("令和3年10月1日", 2021, 10, 1), "090-0000-2101", "○", "×"),
        ("旭川", RES, "中川 節子", "市民委員会（役員）", td("令和3年10月1日", 2021, 10, 1), "090-0000-2102", "○", "○"),
        ("旭川", RES, "原田 進", "地域まちづくり推進協議会委員", td("令和4年4月1日", 2022, 4, 1), "090-0000-2103", "×", "○"),
        ("旭川", RES, "小野 敏子", "地域まちづくり推進協議会委員、民生児童委員", td("令和4年4月1日", 2022, 4, 1), "090-0000-2104", "○", "×"),
        ("旭川", RES, "竹内 功", "民生児童委員", td("令和5年4月1日", 2023, 4, 1), "090-0000-2105", "○", "○"),
        ("旭川", RES, "金子 由紀", "包括支援センター職員", td("令和5年4月1日", 2023, 4, 1), "090-0000-2106", "×", "○"),
        ("旭川", RES, "和田 昌弘", "市民委員会", td("令和6年4月1日", 2024, 4, 1), "090-0000-2107", "○", "×"),
        ("神楽", RES, "中山 良子", "市民委員会役員、公民館職員", td("令和3年10月1日", 2021, 10, 1), "090-0000-2201", "○", "○"),
        ("春光台", RES, "石田 秀樹", "学校運営協議会委員", td("令和4年4月1日", 2022, 4, 1), "090-0000-2301", "○", "×"),
        ("春光台", RES, "上田 恵美", "地域まちづくり推進協議会委員", td("令和4年4月1日", 2022, 4, 1), "090-0000-2302", "×", "○"),
        // A mistake: 東光陽 is no district (東光? 光陽?).
        ("東光陽", RES, "森田 悟", "学校運営協議会委員", td("令和7年9月1日", 2025, 9, 1), "090-0000-1601", "×", "○"),
    ]
}

/// (氏名, 中学校区, 活動内容, ボランティア保険, 保険加入日, 連絡先)
type SupporterRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    DateIn,
    &'static str,
);

#[rustfmt::skip]
fn supporters() -> Vec<SupporterRow> {
    vec![
        ("髙橋 美和", "光陽", "読み聞かせ", "○", wd(2025, 4, 10), "090-0000-3101"),
        ("中村 直子", "光陽", "登下校見守り", "○", wd(2025, 4, 10), "090-0000-3102"),
        ("小林 健一", "光陽", "花壇整備", "○", td("R7.4.15", 2025, 4, 15), "090-0000-3103"),
        ("岡田 弘美", "光陽", "家庭教育講座", "○", td("令和7年6月2日", 2025, 6, 2), "090-0000-3104"),
        ("加藤 由美", "永山", "学習支援", "○", sd(2025, 4, 18), "090-0000-3201"),
        ("吉田 浩二", "永山中学校区", "登下校見守り", "加入", td("令和7年4月18日", 2025, 4, 18), "090-0000-3202"),
        ("山口 さやか", "永山", "読み聞かせ", "○", sd(2025, 5, 1), "090-0000-3203"),
        ("松本 和夫", "西神楽", "農業体験", "○", wd(2025, 4, 22), "090-0000-3301"),
        ("井上 恵子", "西神楽", "農業体験", "○", wd(2025, 4, 22), "090-0000-3302"),
        ("木村 大輔", "東陽", "部活動支援", "○", td("R7.5.12", 2025, 5, 12), "090-0000-3401"),
        ("林 真由美", "東陽", "放課後学習支援", "○", td("令和7年7月10日", 2025, 7, 10), "090-0000-3402"),
        ("清水 隆", "神居東", "登下校見守り", "○", wd(2025, 5, 8), "090-0000-3501"),
        ("山崎 玲子", "神居東", "図書整理", "○", wd(2025, 5, 8), "090-0000-3502"),
        ("森 勝也", "旭川", "地域清掃", "○", sd(2025, 4, 9), "090-0000-3601"),
        ("阿部 幸子", "旭川", "読み聞かせ", "○", sd(2025, 4, 9), "090-0000-3602"),
        ("池田 正人", "旭川", "登下校見守り", "○", sd(2025, 4, 9), "090-0000-3603"),
        ("橋本 久美子", "旭川", "学習支援", "未加入", DateIn::Blank, "090-0000-3604"),
        ("石川 誠", "神楽", "花壇整備", "○", td("令和7年5月20日", 2025, 5, 20), "090-0000-3701"),
        ("前田 千春", "春光台", "読み聞かせ", "○", wd(2025, 4, 25), "090-0000-3801"),
        ("藤田 博", "春光台", "登下校見守り", "○", wd(2025, 4, 25), "090-0000-3802"),
        // A mistake: the same person entered twice (full-width space this time).
        ("中村　直子", "光陽", "登下校見守り", "○", wd(2025, 4, 10), "090-0000-3102"),
    ]
}

const F_ROSTER: &str = "コーディネーター名簿.xlsx";

fn roster_book(notes: &mut Notes) -> Vec<Sheet> {
    let mut s = Sheet::new(
        "コーディネーター名簿",
        &[12.0, 22.0, 14.0, 40.0, 18.0, 16.0],
    );
    s.line(&format!("{FY_LABEL} コーディネーター名簿"));
    s.line("作成日：令和7年4月1日");
    s.blank();
    s.header(&["中学校区", "区分", "氏名", "所属・役職", "着任日", "連絡先"]);
    let rows = coordinators();
    let mut i = 0;
    while i < rows.len() {
        let district = rows[i].0;
        let first = s.next();
        let mut j = i;
        while j < rows.len() && rows[j].0 == district {
            let (d, role, name, aff, appointed, contact, m1, m2) = &rows[j];
            let r = s.row(vec![
                t(d),
                t(role),
                t(name),
                t(aff),
                appointed.cell(),
                t(contact),
            ]);
            if *d == "東光陽" {
                notes.add(
                    "中学校区の書き誤り「東光陽」（一覧にない）",
                    F_ROSTER,
                    "コーディネーター名簿",
                    a1(r, 0),
                    "CO001",
                    "error",
                );
            }
            if m1 != &"○" && m2 != &"○" {
                notes.add(
                    &format!("{name}（{d}）がコーディネーター研修会に一度も出ていない（第3回 2026/2/14 が残るので警告）"),
                    F_ROSTER,
                    "コーディネーター名簿",
                    a1(r, 2),
                    "TR001",
                    "warning",
                );
            }
            j += 1;
        }
        let last = s.next() - 1;
        if last > first {
            s.merges.push((first, last, 0));
        }
        i = j;
    }

    let mut p = Sheet::new("サポーター名簿", &[14.0, 14.0, 18.0, 18.0, 18.0, 16.0]);
    p.line(&format!("{FY_LABEL} サポーター名簿"));
    p.line("作成日：令和7年4月1日");
    p.blank();
    p.header(&[
        "氏名",
        "中学校区",
        "活動内容",
        "ボランティア保険",
        "保険加入日",
        "連絡先",
    ]);
    let mut seen = Vec::new();
    for (name, d, what, ins, on, contact) in supporters() {
        let r = p.row(vec![t(name), t(d), t(what), t(ins), on.cell(), t(contact)]);
        if seen.contains(&key(name)) {
            notes.add(
                &format!("サポーター「{}」を2回登録", name.replace('　', " ")),
                F_ROSTER,
                "サポーター名簿",
                a1(r, 0),
                "IN004",
                "-",
            );
        }
        seen.push(key(name));
    }
    vec![s, p]
}

// ---------------------------------------------------------------------------------------
// 研修会一覧.xlsx
// ---------------------------------------------------------------------------------------

/// (研修名, 種別, 開催日, 会場, 講師)
#[rustfmt::skip]
fn trainings() -> Vec<(
    &'static str,
    &'static str,
    DateIn,
    &'static str,
    &'static str,
)> {
    const CO: &str = "コーディネーター研修会";
    const CS: &str = "地域学校協働活動研修会";
    vec![
        ("第1回コーディネーター研修会", CO, wd(2025, 6, 14), "旭川市民活動交流センター 会議室", "統括コーディネーター 大西 隆之"),
        ("第1回地域学校協働活動研修会", CS, wd(2025, 7, 5), "旭川市民文化会館 小ホール", "地域連携アドバイザー 森川 慎一"),
        ("第2回コーディネーター研修会", CO, td("R7.10.18", 2025, 10, 18), "旭川市民活動交流センター 会議室", "NPO法人 こども地域ネット 代表 宮下 恵"),
        ("第2回地域学校協働活動研修会", CS, td("令和7年11月8日", 2025, 11, 8), "神楽公民館 講堂", "地域連携アドバイザー 森川 慎一"),
        ("第3回コーディネーター研修会", CO, wd(2026, 2, 14), "旭川市民活動交流センター 会議室", "チーフコーディネーター 川村 美紀"),
    ]
}

/// Long-form 出席簿: (氏名, 開催日, 研修名, 中学校区, 出欠).
#[rustfmt::skip]
fn long_attendance() -> Vec<(
    &'static str,
    DateIn,
    &'static str,
    &'static str,
    &'static str,
)> {
    const S1: &str = "第1回地域学校協働活動研修会";
    const S2: &str = "第2回地域学校協働活動研修会";
    let d1 = || wd(2025, 7, 5);
    let d2 = || td("令和7年11月8日", 2025, 11, 8);
    vec![
        ("田中 義男", d1(), S1, "光陽", "○"),
        ("伊藤 和子", d1(), S1, "光陽", "○"),
        ("髙橋 美和", d1(), S1, "光陽", "○"),
        ("北野 純一", d1(), S1, "光陽", "○"),
        ("小川 智子", d1(), S1, "永山", "出席"),
        ("加藤 由美", d1(), S1, "永山", "出席"),
        ("長谷川 剛", d1(), S1, "永山", "欠席"),
        ("松本 和夫", d1(), S1, "西神楽", "○"),
        ("青木 孝", d1(), S1, "東陽", "○"),
        ("今井 里美", d1(), S1, "東陽", "○"),
        ("松田 勇", d1(), S1, "旭川", "○"),
        ("野村 典子", d1(), S1, "旭川", "○"),
        // A mistake: a meeting that is not in the training list.
        ("村上 優子", sd(2025, 9, 6), "コーディネーター交流会", "西神楽", "○"),
        ("近藤 昭", d2(), S2, "西神楽", "○"),
        ("三浦 洋子", d2(), S2, "神居東", "○"),
        ("杉山 友美", d2(), S2, "神居東", "○"),
        ("中山 良子", d2(), S2, "神楽", "○"),
        ("石川 誠", d2(), S2, "神楽", "○"),
        ("木村 大輔", d2(), S2, "東陽", "○"),
        ("前田 千春", d2(), S2, "春光台", "○"),
        ("北野 純一", d2(), S2, "光陽", "○"),
        ("長谷川 剛", d2(), S2, "永山", "○"),
    ]
}

const F_TRAININGS: &str = "研修会一覧.xlsx";
/// A coordinator-training attendee who is on no roster (TR003).
const NOT_ON_ROSTER: (&str, &str, &str) = ("原 和也", "×", "○");

fn trainings_book(notes: &mut Notes) -> Vec<Sheet> {
    let mut s = Sheet::new("研修会一覧", &[30.0, 24.0, 18.0, 32.0, 40.0]);
    s.line(&format!("{FY_LABEL} 研修会一覧"));
    s.blank();
    s.header(&["研修名", "種別", "開催日", "会場", "講師"]);
    for (name, kind, day, venue, lecturer) in trainings() {
        s.row(vec![t(name), t(kind), day.cell(), t(venue), t(lecturer)]);
    }

    let mut l = Sheet::new("出席簿", &[14.0, 18.0, 30.0, 12.0, 8.0]);
    l.line(&format!("{FY_LABEL} 研修会 出席簿"));
    l.blank();
    l.header(&["氏名", "開催日", "研修名", "中学校区", "出欠"]);
    let listed: Vec<&str> = trainings().iter().map(|x| x.0).collect();
    for (name, day, session, d, mark) in long_attendance() {
        let r = l.row(vec![t(name), day.cell(), t(session), t(d), t(mark)]);
        if !listed.contains(&session) {
            notes.add(
                &format!("研修会一覧にない「{session}」（9/6）の出席"),
                F_TRAININGS,
                "出席簿",
                a1(r, 0),
                "TR002",
                "-",
            );
        }
    }

    let mut m = Sheet::new("コーディネーター研修会出欠", &[14.0, 10.0, 12.0]);
    m.line(&format!("{FY_LABEL} コーディネーター研修会 出欠表"));
    m.blank();
    m.header(&["氏名", "6/14", "R7.10.18"]);
    for (_, _, name, _, _, _, m1, m2) in coordinators() {
        // The office types names without the space here.
        let shown = if name == "佐藤 健太" {
            "佐藤健太".to_string()
        } else {
            name.to_string()
        };
        m.row(vec![t(&shown), t(m1), t(m2)]);
    }
    let (name, m1, m2) = NOT_ON_ROSTER;
    let r = m.row(vec![t(name), t(m1), t(m2)]);
    notes.add(
        &format!("名簿にない「{name}」が第2回コーディネーター研修会に出席"),
        F_TRAININGS,
        "コーディネーター研修会出欠",
        a1(r, 2),
        "TR003",
        "info",
    );
    m.line("※○は出席、×は欠席。空欄は未確認");
    vec![s, l, m]
}

// ---------------------------------------------------------------------------------------
// 支出簿.xlsx
// ---------------------------------------------------------------------------------------

/// An amount as written, with the yen it means (None: unreadable).
#[derive(Clone, Copy)]
enum AmountIn {
    Num(i64),
    Text(&'static str, Option<i64>),
}

/// A ledger row: an expense, or a ※ note the office typed between them.
enum LedgerRow {
    Expense {
        paid: DateIn,
        district: &'static str,
        category: &'static str,
        amount: AmountIn,
        payee: &'static str,
        memo: &'static str,
    },
    Note(&'static str),
}

fn ex(
    paid: DateIn,
    district: &'static str,
    category: &'static str,
    amount: AmountIn,
    payee: &'static str,
    memo: &'static str,
) -> LedgerRow {
    LedgerRow::Expense {
        paid,
        district,
        category,
        amount,
        payee,
        memo,
    }
}

#[rustfmt::skip]
fn ledger() -> Vec<LedgerRow> {
    use AmountIn::{Num, Text};
    const INS: &str = "ボランティア保険料";
    const CO: &str = "コーディネーター謝金";
    const LEC: &str = "講師謝金";
    const SUP: &str = "消耗品費";
    const PRT: &str = "印刷製本費";
    const POST: &str = "通信運搬費";
    const SHAKYO: &str = "旭川市社会福祉協議会";
    vec![
        ex(wd(2025, 4, 25), "旭川", INS, Num(2450), SHAKYO, "サポーター7名分（350円×7）"),
        ex(wd(2025, 5, 15), "永山中学校区", INS, Num(2100), SHAKYO, "サポーター6名分"),
        ex(wd(2025, 5, 20), "光陽", INS, Num(1750), SHAKYO, "サポーター5名分"),
        ex(sd(2025, 5, 22), "西神楽", INS, Num(1050), SHAKYO, "サポーター3名分"),
        ex(td("令和7年5月30日", 2025, 5, 30), "春光台", INS, Num(700), SHAKYO, "サポーター2名分"),
        ex(wd(2025, 6, 5), "東陽中", INS, Num(1400), SHAKYO, "サポーター4名分"),
        ex(wd(2025, 6, 12), "神居東", INS, Num(1050), SHAKYO, "サポーター3名分"),
        ex(td("R7.6.20", 2025, 6, 20), "旭川", CO, Num(6000), "中川 節子", "4～6月 コーディネート謝金"),
        ex(wd(2025, 6, 28), "光陽", LEC, Text("5,000円", Some(5000)), "森川 慎一", "家庭教育講座 講師"),
        LedgerRow::Note("※7月分から講師謝金は源泉徴収後の額で記入"),
        ex(td("令和7年7月10日", 2025, 7, 10), "永山", LEC, Text("1万円", Some(10000)), "宮下 恵", "放課後学習会 講師"),
        ex(wd(2025, 7, 18), "神楽", SUP, Num(1500), "文具のまるやま", "花壇用 園芸用品"),
        ex(wd(2025, 7, 25), "東陽", CO, Num(4000), "青木 孝", "4～7月 コーディネート謝金"),
        ex(sd(2025, 7, 31), "光陽", CO, Num(6000), "田中 義男", "4～7月 コーディネート謝金"),
        ex(sd(2025, 8, 8), "西神楽", LEC, Num(5000), "農業体験 指導者", "田植え体験 講師"),
        ex(td("令和7年8月22日", 2025, 8, 22), "東陽", "飲食費", Num(3000), "菓子の北光堂", "研修会 茶菓子代"),
        ex(wd(2025, 8, 29), "春光台", CO, Num(3000), "石田 秀樹", "4～8月 コーディネート謝金"),
        ex(wd(2025, 9, 5), "神楽", CO, Num(3500), "中山 良子", "4～9月 コーディネート謝金"),
        ex(wd(2025, 9, 12), "光陽", SUP, Num(2450), "文具のまるやま", "活動用 画用紙・マーカー"),
        ex(td("R7.9.19", 2025, 9, 19), "神居東", LEC, Text("3,500円", Some(3500)), "図書館司書OB", "図書室整理 講師"),
        ex(wd(2025, 9, 26), "北星", SUP, Num(2000), "文具のまるやま", "地域説明会 資料用紙"),
        ex(wd(2025, 9, 30), "永山", CO, Num(6000), "小川 智子", "4～9月 コーディネート謝金"),
        ex(wd(2025, 10, 3), "西神楽", POST, Num(1100), "郵便局", "案内状 切手代"),
        ex(wd(2025, 10, 10), "東陽", SUP, Num(2100), "文具のまるやま", "部活動支援 消耗品"),
        ex(td("R7.10.17", 2025, 10, 17), "神楽", LEC, Text("1,500×3", None), "公民館 講座講師", "講師謝金 3回分"),
        ex(wd(2025, 10, 24), "光陽", PRT, Num(1300), "あさひ印刷", "活動報告チラシ"),
        ex(wd(2025, 10, 30), "旭川", LEC, Num(3000), "地域連携アドバイザー 森川 慎一", "地域清掃 講話"),
        ex(DateIn::Text("令和7年13月5日", None), "春光台", SUP, Num(1000), "文具のまるやま", "読み聞かせ用 消耗品"),
        ex(td("R7.11.7", 2025, 11, 7), "神居東", PRT, Num(2150), "あさひ印刷", "活動報告チラシ"),
        ex(wd(2025, 11, 14), "永山", SUP, Num(2900), "文具のまるやま", "夏祭り 片付け用品"),
        ex(wd(2025, 11, 20), "西神楽", SUP, Num(2200), "文具のまるやま", "収穫祭 消耗品"),
        ex(wd(2025, 11, 21), "旭川", POST, Num(550), "郵便局", "通知はがき"),
    ]
}

const F_LEDGER: &str = "支出簿.xlsx";

/// Spending by district and 費目, from the rows the tool can read.
type Spending = BTreeMap<String, BTreeMap<String, i64>>;

fn ledger_book(notes: &mut Notes) -> (Vec<Sheet>, Spending) {
    let mut s = Sheet::new("支出簿", &[18.0, 14.0, 20.0, 12.0, 28.0, 32.0]);
    s.line(&format!("{FY_LABEL} 地域学校協働活動 配当予算 支出簿"));
    s.line("担当：社会教育課");
    s.blank();
    s.header(&["支出日", "中学校区", "費目", "金額（円）", "支払先", "摘要"]);
    let first = s.next();
    let mut spent: Spending = BTreeMap::new();
    let mut cumulative: BTreeMap<String, i64> = BTreeMap::new();
    let mut numeric_sum = 0.0;
    // Final totals first: a district over its allocation gets the error only, not also the warning.
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for row in ledger() {
        if let LedgerRow::Expense {
            paid,
            district,
            amount,
            ..
        } = row
        {
            let yen = match amount {
                AmountIn::Num(v) => Some(v),
                AmountIn::Text(_, v) => v,
            };
            if let (Some(yen), Some(_)) = (yen, paid.value()) {
                *totals.entry(short(district)).or_default() += yen;
            }
        }
    }
    for row in ledger() {
        let (paid, district, category, amount, payee, memo) = match row {
            LedgerRow::Note(text) => {
                s.line(text);
                continue;
            }
            LedgerRow::Expense {
                paid,
                district,
                category,
                amount,
                payee,
                memo,
            } => (paid, district, category, amount, payee, memo),
        };
        let amount_cell = match amount {
            AmountIn::Num(v) => {
                numeric_sum += v as f64;
                Cell::Num(v as f64)
            }
            AmountIn::Text(s, _) => t(s),
        };
        let r = s.row(vec![
            paid.cell(),
            t(district),
            t(category),
            amount_cell,
            t(payee),
            t(memo),
        ]);
        let yen = match amount {
            AmountIn::Num(v) => Some(v),
            AmountIn::Text(_, v) => v,
        };
        let d = short(district);
        if paid.value().is_none() {
            notes.add(
                "支出日「令和7年13月5日」（13月はない）",
                F_LEDGER,
                "支出簿",
                a1(r, 0),
                "IN003",
                "-",
            );
        }
        if yen.is_none() {
            notes.add(
                "金額「1,500×3」（式を文字で入力）",
                F_LEDGER,
                "支出簿",
                a1(r, 3),
                "IN003",
                "-",
            );
        }
        let (Some(yen), Some(_)) = (yen, paid.value()) else {
            continue;
        };
        if !ALLOWED.contains(&category) {
            notes.add(
                &format!("認められない費目「{category}」"),
                F_LEDGER,
                "支出簿",
                a1(r, 2),
                "BU004",
                "-",
            );
        }
        let status = DISTRICTS.iter().find(|x| x.0 == d).map(|x| x.4);
        if status == Some("none") {
            notes.add(
                &format!("未実施の「{d}」の支出（配当なし）"),
                F_LEDGER,
                "支出簿",
                a1(r, 1),
                "BU001",
                "-",
            );
        }
        *spent
            .entry(d.clone())
            .or_default()
            .entry(category.to_string())
            .or_default() += yen;
        let before = *cumulative.get(&d).unwrap_or(&0);
        let after = before + yen;
        cumulative.insert(d.clone(), after);
        if status != Some("none") {
            if before * 10 <= UNIT * 8 && after * 10 > UNIT * 8 && totals[&d] <= UNIT {
                notes.add(
                    &format!("{d}：執行額 {after} 円が配当 2万円の80%を超えた（この支出で）"),
                    F_LEDGER,
                    "支出簿",
                    a1(r, 3),
                    "BU002",
                    "warning",
                );
            }
            if before <= UNIT && after > UNIT {
                notes.add(
                    &format!("{d}：執行額 {after} 円が配当 2万円を超えた（この支出で）"),
                    F_LEDGER,
                    "支出簿",
                    a1(r, 3),
                    "BU002",
                    "error",
                );
            }
        }
    }
    let last = s.next() - 1;
    s.row(vec![
        Cell::Empty,
        t("合計"),
        Cell::Empty,
        // SUM skips the amounts typed as text, as Excel does.
        Cell::Formula(format!("=SUM(D{}:D{})", first + 1, last + 1), numeric_sum),
        Cell::Empty,
        Cell::Empty,
    ]);
    s.blank();
    s.line("※金額が文字で入力されている行は合計に含まれていません（要確認）");
    (vec![s], spent)
}

// ---------------------------------------------------------------------------------------
// 活動記録.xlsx
// ---------------------------------------------------------------------------------------

/// (実施日, 中学校区, 活動名, 分類, 参加サポーター, 児童生徒数)
#[rustfmt::skip]
fn activities() -> Vec<(
    DateIn,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
)> {
    const SCHOOL: &str = "学校支援";
    const AFTER: &str = "放課後・土曜学習支援";
    const HOME: &str = "家庭教育支援";
    const LOCAL: &str = "地域活動";
    vec![
        (wd(2025, 4, 22), "光陽", "朝の読み聞かせ", SCHOOL, "髙橋 美和、中村 直子", 25),
        (td("令和7年5月10日", 2025, 5, 10), "永山", "放課後学習会", AFTER, "加藤 由美、吉田 浩二", 18),
        (wd(2025, 5, 24), "西神楽", "田植え体験", LOCAL, "松本 和夫、井上 恵子", 40),
        (wd(2025, 6, 7), "旭川", "地域清掃活動", LOCAL, "森 勝也、阿部 幸子、池田 正人", 60),
        (sd(2025, 6, 13), "神居東", "登下校見守り", SCHOOL, "清水 隆", 120),
        (td("令和7年6月21日", 2025, 6, 21), "東陽", "放課後学習支援", AFTER, "木村 大輔、林 真由美", 15),
        (wd(2025, 7, 3), "光陽", "花壇整備", SCHOOL, "小林 健一、高橋美和", 30),
        (wd(2025, 7, 12), "神楽", "花壇整備", SCHOOL, "石川 誠", 20),
        (td("R7.7.26", 2025, 7, 26), "春光台", "夏休み読み聞かせ会", AFTER, "前田 千春、藤田 博", 22),
        (wd(2025, 8, 23), "永山中学校区", "夏祭りボランティア", LOCAL, "山口 さやか、吉田 浩二さん", 50),
        (sd(2025, 9, 6), "光陽", "家庭教育講座", HOME, "岡田 弘美", 8),
        (td("2025/9/20", 2025, 9, 20), "神居東", "図書室整理", SCHOOL, "山崎 玲子、清水 隆", 10),
        (td("R7.10.4", 2025, 10, 4), "旭川", "読み聞かせ", SCHOOL, "阿部 幸子、佐々木 陽子", 28),
        (wd(2025, 10, 25), "西神楽", "収穫祭", LOCAL, "松本 和夫、井上 恵子", 45),
        (wd(2025, 11, 15), "東陽", "部活動支援", SCHOOL, "木村 大輔", 24),
        (wd(2025, 11, 22), "光陽", "登下校見守り", SCHOOL, "中村 直子、髙橋 美和", 90),
    ]
}

const F_ACTIVITIES: &str = "活動記録.xlsx";

fn activities_book(notes: &mut Notes) -> Vec<Sheet> {
    let mut s = Sheet::new("活動記録", &[18.0, 14.0, 22.0, 22.0, 36.0, 12.0]);
    s.line(&format!("{FY_LABEL} 地域学校協働活動 活動記録"));
    s.blank();
    s.header(&[
        "実施日",
        "中学校区",
        "活動名",
        "分類",
        "参加サポーター",
        "児童生徒数",
    ]);
    let roster: Vec<(String, Option<NaiveDate>, bool)> = supporters()
        .iter()
        .map(|x| (key(x.0), x.4.value(), x.3 == "○" || x.3 == "加入"))
        .collect();
    for (day, d, name, category, people, children) in activities() {
        let r = s.row(vec![
            day.cell(),
            t(d),
            t(name),
            t(category),
            t(people),
            Cell::Num(children as f64),
        ]);
        let on = day.value().expect("activity dates are readable");
        for person in people.split('、') {
            match roster.iter().find(|x| x.0 == key(person)) {
                None => notes.add(
                    &format!("サポーター名簿にない「{person}」が活動に参加"),
                    F_ACTIVITIES,
                    "活動記録",
                    a1(r, 4),
                    "AC001",
                    "-",
                ),
                // Cover runs from the day after enrolment.
                Some((_, enrolled, insured)) => {
                    if !insured || enrolled.is_none_or(|e| e >= on) {
                        notes.add(
                            &format!(
                                "「{person}」の保険加入日（{}）が活動日（{on}）より後",
                                enrolled.map(|e| e.to_string()).unwrap_or_default()
                            ),
                            F_ACTIVITIES,
                            "活動記録",
                            a1(r, 4),
                            "SU001",
                            "-",
                        );
                    }
                }
            }
        }
    }
    vec![s]
}

// ---------------------------------------------------------------------------------------
// kyodo.toml, README.md and main
// ---------------------------------------------------------------------------------------

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

fn role_key(role: &str) -> &'static str {
    match role {
        "統括コーディネーター" => "general",
        "チーフコーディネーター" => "chief",
        "地域の方" | "地域住民" => "resident",
        _ => "staff",
    }
}

fn yen(v: i64) -> String {
    let s = v.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn readme(notes: &Notes, spent: &Spending) -> String {
    let mut r = String::new();
    let w = &mut r;
    let _ = writeln!(
        w,
        "# samples/ — 令和7年度 旭川市 地域学校協働活動の事務局（架空のデータ）\n"
    );
    let _ = writeln!(
        w,
        "The seed document's R7 programme as the office would keep it in Excel. Every person, phone \
         number and payee here is fictional. Generated by `cargo run --example make_samples` \
         (byte-stable; edit the generator, not the workbooks), which also writes this README.\n"
    );
    let _ = writeln!(
        w,
        "    kyodo run samples        # kyodo.toml here pins fiscal_year = R7, as_of = 2025-11-30"
    );
    let _ = writeln!(w, "    kyodo check samples\n");
    let _ = writeln!(w, "## Files\n");
    let _ = writeln!(w, "| file | sheet | table | what it exercises |");
    let _ = writeln!(w, "|---|---|---|---|");
    let _ = writeln!(w, "| 中学校区一覧.xlsx | 中学校区一覧 | districts (header row 4) | title lines; the 8 seed districts + 6 未実施; periods written R6~7, R6～R7, 令和7年度～令和8年度; 区分 伴奏支援地域 (the city page's spelling); ※ note row |");
    let _ = writeln!(w, "| コーディネーター名簿.xlsx | コーディネーター名簿 | coordinators (header row 4) | 中学校区 merged vertically over its people; 区分 synonyms 職員, 地域住民; 所属・役職 with several values (、); 着任日 as 和暦 date cells and as text (令和6年4月1日, R6.4.1); the seed's numbers per district, plus 統括 and チーフ (中学校区 「全市」) |");
    let _ = writeln!(w, "| コーディネーター名簿.xlsx | サポーター名簿 | supporters (header row 4) | 21 rows (one duplicate); ボランティア保険 ○ / 加入 / 未加入; 保険加入日 as date cells and text; 中学校区 「永山中学校区」 |");
    let _ = writeln!(w, "| 研修会一覧.xlsx | 研修会一覧 | trainings (header row 3) | both kinds; 開催日 as date cells and text (R7.10.18, 令和7年11月8日); a session after the as-of date (2026-02-14) |");
    let _ = writeln!(w, "| 研修会一覧.xlsx | 出席簿 | attendance, long (header row 3) | 出欠 ○ / 出席 / 欠席; the community sessions; one meeting not in the list |");
    let _ = writeln!(w, "| 研修会一覧.xlsx | コーディネーター研修会出欠 | attendance, matrix (header row 3) | columns headed 6/14 and R7.10.18 (year from the fiscal year); ○ / × / blank; 「佐藤健太」 without the space; ※ legend row |");
    let _ = writeln!(w, "| 支出簿.xlsx | 支出簿 | expenses (header row 4) | April–November; 支出日 as 和暦 date cells, yyyy/m/d cells and text (令和7年7月10日, R7.6.20); 金額 as numbers and text (5,000円, 1万円, 3,500円); 中学校区 「永山中学校区」, 「東陽中」; a ※ row inside the table; a 合計 row with a live SUM (cached result; it skips the text amounts as Excel does) |");
    let _ = writeln!(w, "| 活動記録.xlsx | 活動記録 | activities (header row 3) | several supporters in one cell (、); 「高橋美和」 for the roster's 「髙橋 美和」; 「吉田 浩二さん」 |");
    let _ = writeln!(w, "| kyodo.toml | | config | the embedded default (src/default.toml) with fiscal_year and as_of pinned |\n");

    let _ = writeln!(w, "## Seeded mistakes\n");
    let _ = writeln!(w, "Each gives the finding in the last columns, at that cell (severity where spec §3 fixes it; `-` otherwise).");
    let _ = writeln!(w, "BU002 rests, by our expectation, on the 金額 cell of the expense that takes the district over the line.");
    let _ = writeln!(w, "TR001 rests on the coordinator's 氏名 cell; SU001 and AC001 on the 参加サポーター cell; TR003 on the matrix mark.\n");
    let _ = writeln!(w, "| mistake | file | sheet | cell | id | severity |");
    let _ = writeln!(w, "|---|---|---|---|---|---|");
    for m in &notes.mistakes {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} |",
            m.what, m.file, m.sheet, m.cell, m.id, m.severity
        );
    }
    let _ = writeln!(w, "\nAlso expected, not a mistake in the data: DS005 (info) — R7 named 2 new model districts (東陽, 神居東) where the plan says about 3.");
    let _ = writeln!(w, "Not expected: BU005 (8 allocated + 1 planned = 9 × 20,000 = 180,000 = the R7 budget), DS001, DS003, DS004, CO002, BU003.\n");

    let _ = writeln!(w, "## Expected figures (as of 2025-11-30, 令和7年度)\n");
    let _ = writeln!(w, "### Budget per district\n");
    let mut cats: Vec<String> = ALLOWED.iter().map(|s| s.to_string()).collect();
    for by_cat in spent.values() {
        for c in by_cat.keys() {
            if !cats.contains(c) {
                cats.push(c.clone());
            }
        }
    }
    let _ = writeln!(
        w,
        "| 中学校区 | status | 配当額 | {} | spent | remaining |",
        cats.join(" | ")
    );
    let _ = writeln!(w, "|---|---|---|{}---|---|", "---|".repeat(cats.len()));
    let mut allocated = 0;
    let mut total_spent = 0;
    for (name, _, _, _, status) in DISTRICTS {
        let alloc = if *status == "none" { 0 } else { UNIT };
        allocated += usize::from(alloc > 0);
        let by_cat = spent.get(*name).cloned().unwrap_or_default();
        let s: i64 = by_cat.values().sum();
        total_spent += s;
        let cols: Vec<String> = cats
            .iter()
            .map(|c| by_cat.get(c).map(|v| yen(*v)).unwrap_or_default())
            .collect();
        let _ = writeln!(
            w,
            "| {name} | {status} | {} | {} | {} | {} |",
            yen(alloc),
            cols.join(" | "),
            yen(s),
            yen(alloc - s)
        );
    }
    let _ = writeln!(
        w,
        "| 追加予定（1地域） | model (planned) | 20,000 | {} | 0 | 20,000 |",
        vec![""; cats.len()].join(" | ")
    );
    let _ = writeln!(
        w,
        "\nbudget: unit 20,000, allocated_districts {allocated}, planned_additions 1, total {}; spent in all {} (of which 2,000 北星, unallocated). \
         The two IN003 rows (神楽 「1,500×3」, 春光台 「令和7年13月5日」) are not counted.\n",
        yen(UNIT * (allocated as i64 + 1)),
        yen(total_spent)
    );

    let _ = writeln!(w, "### Training sessions\n");
    let _ = writeln!(w, "| date | 研修名 | kind | attendees |");
    let _ = writeln!(w, "|---|---|---|---|");
    let coords = coordinators();
    let long = long_attendance();
    let mut sessions: Vec<_> = trainings();
    sessions.sort_by_key(|s| s.2.value());
    for (name, kind, day, _, _) in &sessions {
        let d = day.value().expect("session dates are readable");
        let n = if d == date(2025, 6, 14) {
            coords.iter().filter(|c| c.6 == "○").count() + usize::from(NOT_ON_ROSTER.1 == "○")
        } else if d == date(2025, 10, 18) {
            coords.iter().filter(|c| c.7 == "○").count() + usize::from(NOT_ON_ROSTER.2 == "○")
        } else {
            long.iter()
                .filter(|a| a.2 == *name && (a.4 == "○" || a.4 == "出席"))
                .count()
        };
        let _ = writeln!(w, "| {d} | {name} | {kind} | {n} |");
    }
    let _ = writeln!(
        w,
        "\nThe 9/6 「コーディネーター交流会」 row (TR002) counts for no session.\n"
    );

    let _ = writeln!(
        w,
        "### Coordinators: コーディネーター研修会 attended (of 6/14 and 10/18)\n"
    );
    let _ = writeln!(w, "| 氏名 | 中学校区 | role | attended |");
    let _ = writeln!(w, "|---|---|---|---|");
    for (d, role, name, _, _, _, m1, m2) in &coords {
        let n = usize::from(*m1 == "○") + usize::from(*m2 == "○");
        let _ = writeln!(w, "| {name} | {d} | {} | {n} |", role_key(role));
    }
    let _ = writeln!(w, "\nStaff / residents per district: 光陽 2/3, 永山 2/2, 西神楽 2/1, 東陽 2/2, 神居東 2/3, 旭川 0/7, 神楽 0/1, 春光台 0/2 (as the seed).");
    r
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    let mut notes = Notes::default();
    write_book(&dir.join(F_DISTRICTS), &districts_book(&mut notes))?;
    write_book(&dir.join(F_ROSTER), &roster_book(&mut notes))?;
    write_book(&dir.join(F_TRAININGS), &trainings_book(&mut notes))?;
    let (ledger, spent) = ledger_book(&mut notes);
    write_book(&dir.join(F_LEDGER), &ledger)?;
    write_book(&dir.join(F_ACTIVITIES), &activities_book(&mut notes))?;
    std::fs::write(dir.join("kyodo.toml"), sample_config())?;
    let text = readme(&notes, &spent);
    std::fs::write(dir.join("README.md"), &text)?;
    println!("{text}");
    Ok(())
}
