//! The findings of a run do not depend on the layout of the office's sheets: rows shuffled,
//! blank, title or note rows inserted, columns reordered, headers and valid dates and
//! amounts in another spelling — the same findings come out.

use crate::support::write_book;
use kyodo::cli::CommonArgs;
use proptest::prelude::*;
use std::path::Path;

/// One table of the test office: file, sheet, header, data rows.
struct Table {
    file: &'static str,
    sheet: &'static str,
    header: &'static [&'static str],
    rows: &'static [&'static [&'static str]],
}

/// A small R7 office with a mistake of most kinds (the comments name the finding each row
/// is there for), so that a layout that changed any reading shows in the findings.
const OFFICE: &[Table] = &[
    Table {
        file: "名簿.xlsx",
        sheet: "中学校区一覧",
        header: &["中学校区", "区分", "モデル期間"],
        rows: &[
            &["光陽", "モデル地域", "R6~7"],
            &["神居", "モデル地域", "R7~8"],
            &["北門", "モデル地域", "R7"], // DS002: one year
            &["永山", "伴走支援地域", "R5~6"],
            &["東明", "未実施", ""],
            &["春光", "モデル地域", "R5~6"], // DS001: model outside its years
        ],
    },
    Table {
        file: "名簿.xlsx",
        sheet: "コーディネーター名簿",
        header: &["氏名", "中学校区", "区分", "所属・役職", "着任日", "連絡先"],
        rows: &[
            &[
                "旭川 花子",
                "光陽",
                "地域の方",
                "PTA",
                "2025-04-01",
                "0166-00-0001",
            ],
            &[
                "神楽 太郎",
                "光陽",
                "社会教育課職員",
                "社会教育課",
                "2025-04-01",
                "",
            ],
            &["永山 次郎", "神居", "地域の方", "", "R7.4.1", ""], // DS003 神居
            &[
                "北門 三郎",
                "北門",
                "社会教育課職員",
                "",
                "令和7年4月1日",
                "",
            ], // DS004
            &["未知 四郎", "末広", "地域の方", "", "", ""],       // CO001
            &["二重 五郎", "永山", "地域の方", "", "", ""],
            &["二重 五郎", "春光", "社会教育課職員", "", "", ""], // CO002
            &["日付 誤記", "春光", "地域の方", "", "令和7年13月1日", ""], // IN003
        ],
    },
    Table {
        file: "名簿.xlsx",
        sheet: "サポーター名簿",
        header: &["氏名", "中学校区", "ボランティア保険", "保険加入日"],
        rows: &[
            &["佐藤 一", "光陽", "加入", "2025-04-01"],
            &["鈴木 二", "神居", "未加入", ""],
            &["高橋 三", "末広", "加入", "2025-04-01"], // CO001
        ],
    },
    Table {
        file: "研修会一覧.xlsx",
        sheet: "研修会一覧",
        header: &["研修名", "開催日", "種別"],
        rows: &[
            &[
                "第1回コーディネーター研修会",
                "2025-06-14",
                "コーディネーター研修会",
            ],
            &[
                "第1回地域学校協働活動研修会",
                "2025-07-10",
                "地域学校協働活動研修会",
            ],
        ],
    },
    Table {
        file: "出席簿.xlsx",
        sheet: "出席簿",
        header: &["開催日", "氏名", "中学校区", "出欠"],
        rows: &[
            &["2025-06-14", "旭川 花子", "光陽", "○"],
            &["2025-06-14", "神楽 太郎", "光陽", "×"], // TR001 (absent)
            &["2025-06-14", "外部 六郎", "光陽", "○"], // TR003
            &["2025-09-01", "旭川 花子", "光陽", "○"], // TR002
            &["2025-07-10", "佐藤 一", "光陽", "○"],
        ],
    },
    Table {
        file: "支出簿.xlsx",
        sheet: "支出簿",
        header: &["支出日", "中学校区", "費目", "摘要", "金額"],
        rows: &[
            &["2025-05-20", "光陽", "報償費", "講師謝礼", "5000"],
            &["2025-06-01", "東明", "消耗品費", "文具", "3000"], // BU001
            &["2025-07-01", "神居", "報償費", "謝礼", "19000"],  // BU002
            &["2025-12-15", "光陽", "消耗品費", "文具", "100"],  // BU003: after the as-of date
            &["2025-08-01", "光陽", "交際費", "手土産", "2000"], // BU004
            &["2025-08-02", "光陽", "消耗品費", "用紙", "abc"],  // IN003
        ],
    },
    Table {
        file: "活動記録.xlsx",
        sheet: "活動記録",
        header: &["活動日", "中学校区", "活動名", "分類", "参加サポーター"],
        rows: &[
            &["2025-06-01", "神居", "見守り", "学校支援", "鈴木 二"], // SU001
            &[
                "2025-06-02",
                "光陽",
                "読み聞かせ",
                "学校支援",
                "山田 七、佐藤 一",
            ], // AC001
        ],
    },
];

/// How one table is laid out: a generated shuffle of rows and columns, and extra rows.
#[derive(Debug, Clone)]
struct Layout {
    seed: u64,
    title: bool,
    blanks: bool,
    notes: bool,
    /// Headers and values in the other spellings the office uses.
    spellings: bool,
}

/// xorshift64*: the layouts need repeatable shuffles, not good randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// The table's cells as laid out: title and blank rows above the header, columns in the
/// layout's order, rows shuffled with blank and ※ note rows between them.
fn lay_out(t: &Table, l: &Layout) -> Vec<Vec<String>> {
    let mut rng = Rng(l.seed | 1);
    let mut cols: Vec<usize> = (0..t.header.len()).collect();
    rng.shuffle(&mut cols);
    let mut rows: Vec<&[&str]> = t.rows.to_vec();
    rng.shuffle(&mut rows);
    let mut spell = Rng(l.seed.rotate_left(17) | 1);
    let mut pick = |r: &[&str], header: bool| -> Vec<String> {
        cols.iter()
            .map(|&c| {
                let v = r.get(c).copied().unwrap_or("");
                match (l.spellings, header) {
                    (false, _) => v.to_string(),
                    (true, true) => header_spelling(v, spell.below(5)),
                    (true, false) => value_spelling(v, spell.below(4)),
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    if l.title {
        out.push(vec![format!("令和7年度 {}", t.sheet)]);
        out.push(vec![]);
    }
    out.push(pick(t.header, true));
    for r in rows {
        if l.blanks && rng.below(3) == 0 {
            // One blank row, or a few: a clerk leaves gaps of any size inside a table.
            for _ in 0..=rng.below(3) {
                out.push(vec![]);
            }
        }
        if l.notes && rng.below(4) == 0 {
            out.push(vec!["※ 氏名は名簿の表記に合わせてください".to_string()]);
        }
        out.push(pick(r, false));
    }
    out
}

/// A header as clerks type it: spaced out, broken over two lines, marked required.
fn header_spelling(h: &str, k: usize) -> String {
    let mut chars = h.chars();
    let first: String = chars.next().map(String::from).unwrap_or_default();
    let rest: String = chars.collect();
    match k {
        1 => format!("{first}\u{3000}{rest}"),
        2 => format!("{first}\n{rest}"),
        3 => format!("{h}※"),
        4 => format!("{h}（必須）"),
        _ => h.to_string(),
    }
}

/// A valid date or amount in another of the office's spellings (a date cell becomes text).
fn value_spelling(v: &str, k: usize) -> String {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        use chrono::Datelike;
        let (m, day) = (d.month(), d.day());
        return match k {
            1 => format!("R{}.{m}.{day}", d.year() - 2018),
            2 => kyodo::calendar::wareki(d),
            3 => format!("{}/{m}/{day}", d.year()),
            _ => v.to_string(),
        };
    }
    match v.parse::<i64>() {
        Ok(n) if n >= 1000 => match k {
            1 => kyodo::numbers::thousands(n),
            2 => kyodo::numbers::yen(n),
            3 => format!("{}円", kyodo::numbers::thousands(n)),
            _ => v.to_string(),
        },
        _ => v.to_string(),
    }
}

fn write_office(dir: &Path, layouts: &[Layout]) {
    let mut files: Vec<&str> = OFFICE.iter().map(|t| t.file).collect();
    files.dedup();
    for file in files {
        let laid: Vec<(&str, Vec<Vec<String>>)> = OFFICE
            .iter()
            .zip(layouts)
            .filter(|(t, _)| t.file == file)
            .map(|(t, l)| (t.sheet, lay_out(t, l)))
            .collect();
        let sheets: Vec<(&str, Vec<Vec<&str>>)> = laid
            .iter()
            .map(|(name, rows)| {
                let rows = rows
                    .iter()
                    .map(|r| r.iter().map(String::as_str).collect())
                    .collect();
                (*name, rows)
            })
            .collect();
        write_book(&dir.join(file), &sheets);
    }
}

/// A finding without where it sits: id, severity, what it is about, and its message with
/// cell references and row numbers taken out.
fn findings_of(dir: &Path) -> Vec<String> {
    let args = CommonArgs {
        inputs: vec![dir.display().to_string()],
        fy: Some("R7".into()),
        as_of: Some("2025-11-30".into()),
        quiet: true,
        ..CommonArgs::default()
    };
    let (analysis, _, _) = kyodo::analyse(&args, None).expect("analyse");
    // Each case writes into its own folder: the folder is not part of what a finding says.
    let folder = format!("{}/", dir.display());
    let mut v: Vec<String> = analysis
        .findings
        .iter()
        .map(|f| {
            let line = format!(
                "{} {} {} {:?} {:?} {} {}",
                f.id,
                f.severity,
                f.file,
                f.district,
                f.person,
                f.subject,
                without_positions(&f.message)
            );
            line.replace(&folder, "")
        })
        .collect();
    v.sort();
    v
}

/// `B12` → `#`, `12行目` → `#行目`: where a cell sits is not what a finding says. (`R6` in
/// a model period reads as a cell too; it is the same in every layout.)
fn without_positions(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let letters = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let digits = chars[i + letters..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let follows_row = chars.get(i + letters + digits) == Some(&'行');
        if digits > 0 && (letters > 0 || follows_row) {
            out.push('#');
            i += letters + digits;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        any::<u64>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(seed, title, blanks, notes, spellings)| Layout {
            seed,
            title,
            blanks,
            notes,
            spellings,
        })
}

/// The findings of the office as written, every table in its declared order.
fn baseline() -> &'static Vec<String> {
    static BASE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        write_plain(dir.path());
        findings_of(dir.path())
    })
}

/// The office in declared order (no shuffle), for the baseline.
fn write_plain(dir: &Path) {
    let mut files: Vec<&str> = OFFICE.iter().map(|t| t.file).collect();
    files.dedup();
    for file in files {
        let sheets: Vec<(&str, Vec<Vec<&str>>)> = OFFICE
            .iter()
            .filter(|t| t.file == file)
            .map(|t| {
                let mut rows = vec![t.header.to_vec()];
                rows.extend(t.rows.iter().map(|r| r.to_vec()));
                (t.sheet, rows)
            })
            .collect();
        write_book(&dir.join(file), &sheets);
    }
}

#[test]
fn the_office_has_a_finding_of_each_kind_it_seeds() {
    let ids: std::collections::BTreeSet<&str> = baseline()
        .iter()
        .map(|f| f.split(' ').next().unwrap_or(""))
        .collect();
    for id in [
        "IN003", "DS001", "DS002", "DS003", "DS004", "CO001", "CO002", "TR001", "TR002", "TR003",
        "BU001", "BU002", "BU003", "BU004", "SU001", "AC001",
    ] {
        assert!(ids.contains(id), "{id} missing from {:#?}", baseline());
    }
}

proptest! {
    // Each case writes five workbooks and reads them back: a few dozen layouts are plenty.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn findings_do_not_depend_on_layout(layouts in proptest::collection::vec(layout(), OFFICE.len())) {
        let dir = tempfile::tempdir().expect("tempdir");
        write_office(dir.path(), &layouts);
        let got = findings_of(dir.path());
        prop_assert_eq!(&got, baseline());
    }
}
