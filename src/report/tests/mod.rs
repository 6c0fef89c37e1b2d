//! Report tests: a hand-built R7-like Analysis written into a temp folder and read back with
//! calamine, the way a clerk's Excel (or a viewer that does not recalculate) would see it.

mod fixture;
mod insurance;
mod long_lists;
mod people;

use super::*;
use crate::model::a1;
use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use fixture::{sample, CATEGORIES};

fn paths(root: &Path) -> BTreeMap<String, PathBuf> {
    [
        "中学校区一覧.xlsx",
        "コーディネーター名簿.xlsx",
        "支出簿.xlsx",
    ]
    .iter()
    .map(|f| (f.to_string(), root.join("in").join(f)))
    .collect()
}

fn read(path: &Path, sheet: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(sheet).unwrap()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

/// The text a cell shows, numbers without a trailing .0.
fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => format!("{other:?}"),
    }
}

fn num(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("{} is not a number: {other:?}", a1(row, col as u16)),
    }
}

/// Row (0-based) whose column `col` reads `value`.
fn find_row(r: &Range<Data>, col: u32, value: &str) -> u32 {
    (0..=r.end().map(|e| e.0).unwrap_or(0))
        .find(|row| text(r, *row, col) == value)
        .unwrap_or_else(|| panic!("no row with {value} in column {col}"))
}

fn header(r: &Range<Data>, row: u32) -> Vec<String> {
    let end = r.end().map(|e| e.1).unwrap_or(0);
    let mut v: Vec<String> = (0..=end).map(|c| text(r, row, c)).collect();
    while v.last().is_some_and(|s| s.is_empty()) {
        v.pop();
    }
    v
}

fn write(a: &Analysis, root: &Path, out: &str) -> (PathBuf, Vec<PathBuf>) {
    let out = root.join(out);
    let written = write_reports(a, &paths(root), &out).unwrap();
    (out, written)
}

fn summary_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join(SUMMARY_FILE)).unwrap()).unwrap()
}

#[test]
fn writes_every_report_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (out, written) = write(&a, tmp.path(), "out/R7/2025-11-30");
    let names: Vec<String> = written
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
        .collect();
    let mut expected: Vec<String> = REPORTS.iter().map(|s| s.to_string()).collect();
    // One workbook per model and support district, in report order.
    for d in ["光陽", "永山", "東陽", "旭川", "神楽"] {
        expected.push(format!("地区別/{d}.xlsx"));
    }
    assert_eq!(names, expected);
    let mut on_disk: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .chain(std::fs::read_dir(out.join("地区別")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| p.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    expected.sort();
    assert_eq!(on_disk, expected, "no temporary file is left behind");
}

#[test]
fn budget_table_totals_carry_their_results() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (out, _) = write(&a, tmp.path(), "out");
    let path = out.join(BUDGET_FILE);
    assert_eq!(sheet_names(&path), ["予算配当表", "支出明細"]);
    let r = read(&path, "予算配当表");
    assert_eq!(text(&r, 0, 0), "令和7年度 予算配当表");
    assert_eq!(text(&r, 1, 0), "令和7年11月30日現在");
    assert_eq!(
        text(&r, 2, 0),
        "作成日：令和7年11月30日　作成者：旭川市教育委員会社会教育課"
    );
    let h = header(&r, 4);
    assert_eq!(text(&r, 3, h.len() as u32 - 1), "（単位：円）");
    let mut expected: Vec<&str> = vec!["中学校区", "区分", "モデル期間", "配当額"];
    expected.extend(&CATEGORIES[..CATEGORIES.len() - 1]);
    // 飲食費 is not an allowed 費目: its column says so.
    expected.extend(["飲食費（対象外）", "支出計", "残額", "執行率"]);
    // A long 費目 is broken onto two lines, never before 「ー」.
    assert_eq!(h[4], "コーディネーター\n謝金");
    let h: Vec<String> = h.iter().map(|x| x.replace('\n', "")).collect();
    assert_eq!(h, expected);
    let col = |name: &str| h.iter().position(|x| x == name).unwrap() as u32;
    // Model, then support, then the planned line, then spending without allocation.
    let names: Vec<String> = (5..13).map(|row| text(&r, row, 0)).collect();
    assert_eq!(
        names,
        [
            "光陽",
            "永山",
            "東陽",
            "旭川",
            "神楽",
            "追加予定 1地域",
            "中央",
            "（中学校区一覧にない校区）"
        ]
    );
    assert_eq!(text(&r, 5, 1), "モデル地域");
    assert_eq!(text(&r, 5, 2), "R6~7");
    assert_eq!(text(&r, 8, 2), "R3~6");
    assert_eq!(text(&r, 10, 3), "20000");
    assert_eq!(num(&r, 5, col("支出計")), 15_000.0);
    assert_eq!(num(&r, 5, col("残額")), 5_000.0);
    assert_eq!(num(&r, 5, col("執行率")), 0.75);
    assert_eq!(num(&r, 8, col("執行率")), 1.1);
    assert_eq!(text(&r, 11, col("執行率")), "－");
    let total = find_row(&r, 0, "合計");
    assert_eq!(total, 13);
    // Cached totals equal the sum of the cells above and summary.json's figures.
    for c in [col("配当額"), col("講師謝金"), col("支出計"), col("残額")] {
        let sum: f64 = (5..total)
            .map(|row| match r.get_value((row, c)) {
                Some(Data::Float(f)) => *f,
                _ => 0.0,
            })
            .sum();
        assert_eq!(num(&r, total, c), sum, "column {c}");
    }
    let json = summary_json(&out);
    assert_eq!(
        num(&r, total, col("配当額")),
        json["budget"]["total"].as_f64().unwrap()
    );
    assert_eq!(num(&r, total, col("支出計")), 58_000.0);
    assert!((num(&r, total, col("執行率")) - 58_000.0 / 120_000.0).abs() < 1e-12);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let f = wb.worksheet_formula("予算配当表").unwrap();
    let formula = |row: u32, c: u32| f.get_value((row, c)).cloned().unwrap_or_default();
    // SUBTOTAL: the totals follow a filter.
    assert_eq!(formula(total, col("配当額")), "SUBTOTAL(109,D6:D13)");
    // On two lines, broken before the bracket.
    assert_eq!(text(&r, find_row(&r, 0, "中央"), 1), "未実施\n（配当なし）");
    assert_eq!(
        text(&r, find_row(&r, 0, "（中学校区一覧にない校区）"), 1),
        "配当なし"
    );
    find_row(
        &r,
        0,
        "※（対象外）の費目は配当予算で認められない費目です（BU004）。支出計には含めています。",
    );
    assert_eq!(formula(5, col("執行率")), "IF(D6=0,\"－\",L6/D6)");
    assert!(text(&r, total + 2, 0).starts_with("※令和7年度予算配当 120,000円（6中学校区×20,000円"));
}

/// 支出明細: every counted expense by district (report order) and date, linked to its cell,
/// its total equal to the budget table's 支出計.
#[test]
fn expense_detail_lists_every_counted_expense_with_its_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (out, _) = write(&a, tmp.path(), "out");
    let path = out.join(BUDGET_FILE);
    let r = read(&path, budget::DETAIL_SHEET);
    assert_eq!(text(&r, 0, 0), "令和7年度 予算配当表（支出明細）");
    assert_eq!(
        header(&r, budget::HEADER_ROW),
        [
            "中学校区",
            "支出日",
            "費目",
            "金額",
            "備考",
            "ファイル",
            "シート",
            "セル"
        ]
    );
    let first = budget::HEADER_ROW + 1;
    let total = find_row(&r, 0, "合計");
    assert_eq!(total - first, a.expenses.len() as u32);
    let sum: f64 = (first..total).map(|row| num(&r, row, 3)).sum();
    assert_eq!(num(&r, total, 3), sum);
    let budget_sheet = read(&path, budget::SHEET);
    let h = header(&budget_sheet, budget::HEADER_ROW);
    let spent = h.iter().position(|x| x == "支出計").unwrap() as u32;
    let bt = find_row(&budget_sheet, 0, "合計");
    assert_eq!(num(&budget_sheet, bt, spent), sum);
    // Report order of districts (model first), dates ascending within a district.
    let rank = district_rank(&a);
    let keys: Vec<(usize, String)> = (first..total)
        .map(|row| {
            let d = text(&r, row, 0);
            (rank.get(&d).copied().unwrap_or(usize::MAX), d)
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    assert_eq!(text(&r, first, 0), "光陽");
    assert!(matches!(r.get_value((first, 1)), Some(Data::DateTime(_))));
    // Marks: a 費目 not allowed, a district with no allocation or not in the list.
    let food = find_row(&r, 2, "飲食費");
    assert_eq!(text(&r, food, 4), "費目が対象外（BU004）");
    assert_eq!(
        text(&r, find_row(&r, 0, "東光陽"), 4),
        "配当なし（BU001・CO001）"
    );
    // The cell links to the input's 金額 cell, relative to the out folder.
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let f = wb.worksheet_formula(budget::DETAIL_SHEET).unwrap();
    assert!(f
        .get_value((total, 3))
        .unwrap()
        .starts_with("SUBTOTAL(109,"));
    let rels = String::from_utf8(zip_part(&path, "xl/worksheets/_rels/sheet2.xml.rels")).unwrap();
    let e = &a.expenses[0];
    assert!(
        rels.contains(&format!("Target=\"../in/{}\"", e.file)),
        "{rels}"
    );
    let xml = String::from_utf8(zip_part(&path, "xl/worksheets/sheet2.xml")).unwrap();
    assert!(
        xml.contains(&format!("location=\"'{}'!{}\"", e.sheet, e.cell)),
        "{xml}"
    );
}

/// 前回からの増減 follows the previous run's spending, district by district.
#[test]
fn budget_shows_spending_since_the_previous_run() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = sample();
    a.changes = Some(crate::analysis::Changes {
        previous: "../2025-10-31".into(),
        previous_as_of: "2025-10-31".into(),
        marks: BTreeMap::new(),
        new_findings: 0,
        continuing_findings: 0,
        resolved: vec![],
        coordinators_added: vec![],
        coordinators_gone: vec![],
        supporters_added: vec![],
        supporters_gone: vec![],
        spending: vec![crate::analysis::SpendingChange {
            district: "光陽".into(),
            previous: 10_000,
            now: 15_000,
            since: 5_000,
        }],
        ..Default::default()
    });
    let (out, _) = write(&a, tmp.path(), "out");
    let r = read(&out.join(BUDGET_FILE), budget::SHEET);
    let h = header(&r, budget::HEADER_ROW);
    assert_eq!(h.last().unwrap().replace('\n', ""), "前回からの増減");
    let c = h.len() as u32 - 1;
    assert_eq!(num(&r, find_row(&r, 0, "光陽"), c), 5_000.0);
    assert_eq!(num(&r, find_row(&r, 0, "永山"), c), 0.0);
    assert_eq!(num(&r, find_row(&r, 0, "合計"), c), 5_000.0);
    find_row(
        &r,
        0,
        "※前回からの増減は、前回（令和7年10月31日現在）の予算配当表からの支出の増減です。",
    );
}

/// A part of an .xlsx (a zip) as bytes.
fn zip_part(path: &Path, name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut buf = Vec::new();
    std::io::Read::read_to_end(&mut z.by_name(name).unwrap(), &mut buf).unwrap();
    buf
}

#[test]
fn check_results_and_inventory() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (out, _) = write(&a, tmp.path(), "out");
    let path = out.join(CHECK_FILE);
    assert_eq!(
        sheet_names(&path),
        [
            "集計",
            "チェック結果",
            "地域人材・資源の確認",
            "入力ファイル一覧"
        ]
    );
    let r = read(&path, "集計");
    assert_eq!(text(&r, 0, 0), "令和7年度 チェック結果（集計）");
    assert_eq!(
        text(&r, 3, 0),
        "エラー 4件、警告 2件、情報 1件（うち承認済 1件）"
    );
    let hr = check::SUMMARY_HEADER_ROW;
    assert_eq!(
        header(&r, hr),
        [
            "ID",
            "内容",
            "エラー",
            "警告",
            "情報",
            "計",
            "承認済",
            "対応済"
        ]
    );
    let ids: Vec<String> = (hr + 1..hr + 7).map(|row| text(&r, row, 0)).collect();
    // In the order of spec §3's id table.
    assert_eq!(ids, ["IN001", "DS002", "DS005", "TR001", "BU001", "BU002"]);
    let ds002 = find_row(&r, 0, "DS002");
    assert_eq!(text(&r, ds002, 1), "モデル期間が2年度でない");
    assert_eq!(num(&r, ds002, 6), 1.0);
    let bu002 = find_row(&r, 0, "BU002");
    assert_eq!((num(&r, bu002, 2), num(&r, bu002, 3)), (1.0, 1.0));
    assert_eq!(num(&r, bu002, 5), 2.0);
    let total = find_row(&r, 0, "合計");
    assert_eq!(num(&r, total, 2), 4.0);
    assert_eq!(num(&r, total, 5), 7.0);

    let r = read(&path, "チェック結果");
    let hr = find_row(&r, 0, "重要度");
    assert_eq!(hr, 4);
    assert_eq!(
        header(&r, hr),
        [
            "重要度",
            "ID",
            "内容",
            "ファイル",
            "シート",
            "セル",
            "承認",
            "対応状況",
            "担当",
            "対応日",
            "メモ",
            "照合キー"
        ]
    );
    assert_eq!(r.rows().skip(hr as usize + 1).count(), a.findings.len());
    for (i, f) in a.findings.iter().enumerate() {
        let row = hr + 1 + i as u32;
        assert_eq!(text(&r, row, 0), f.severity.label());
        assert_eq!(text(&r, row, 1), f.id);
        assert_eq!(text(&r, row, 2), f.message);
        assert_eq!(text(&r, row, 3), f.file);
        assert_eq!(text(&r, row, 5), f.cell);
        assert_eq!(text(&r, row, 11), f.identity());
    }
    let waived = (hr + 1..hr + 1 + a.findings.len() as u32)
        .find(|row| text(&r, *row, 1) == "DS002")
        .unwrap();
    assert_eq!(text(&r, waived, 6), "承認済：試行期間を含む第1期（R3–R6）");
    assert_eq!(text(&r, waived, 5), "C5");
    // Header frozen, filtered, severity coloured, the key column hidden, the dropdown set.
    let sheet = String::from_utf8(zip_part(&path, "xl/worksheets/sheet2.xml")).unwrap();
    assert!(sheet.contains(r#"ySplit="5""#), "frozen below the header");
    assert!(
        sheet.contains(r#"<autoFilter ref="A5:K"#),
        "filter over A:K"
    );
    assert!(sheet.contains(r#"hidden="1""#), "照合キー hidden");
    assert!(
        sheet.contains("未対応,対応中,対応済,対応不要"),
        "対応状況 choices"
    );
    let book = String::from_utf8(zip_part(&path, "xl/workbook.xml")).unwrap();
    assert!(
        book.contains("チェック結果!$5:$5"),
        "the findings header repeats on every printed page: {book}"
    );
    let styles = String::from_utf8(zip_part(&path, "xl/styles.xml")).unwrap();
    assert!(styles.contains("FFFFC7CE") && styles.contains("FFFFEB9C"));

    let r = read(&path, "入力ファイル一覧");
    let heads: Vec<String> = header(&r, 4).iter().map(|h| h.replace('\n', "")).collect();
    assert_eq!(
        heads,
        [
            "ファイル",
            "SHA-256",
            "シート",
            "種類",
            "見出し行",
            "読んだ行数",
            "使った行数",
            "指摘して除いた行数",
            "規則で除いた行数",
            "除いた規則",
            "使わなかった列",
            "備考"
        ]
    );
    assert_eq!(text(&r, 5, 0), "中学校区一覧.xlsx");
    assert_eq!(text(&r, 5, 3), "中学校区一覧");
    // Row accounting: 7 read = 6 used + 0 with a finding + 1 skipped (a blank row).
    let counts: Vec<f64> = (5..9).map(|c| num(&r, 5, c)).collect();
    assert_eq!(counts, [7.0, 6.0, 0.0, 1.0]);
    assert_eq!(text(&r, 5, 9), "空行 1");
    assert_eq!(text(&r, 6, 3), "コーディネーター名簿");
    assert_eq!(text(&r, 6, 10), "メモ");
    assert_eq!(text(&r, 7, 3), "なし");
    assert_eq!(text(&r, 7, 11), "表が見つかりません");
    assert_eq!(text(&r, 10, 0), "読み飛ばしたファイル");
    assert_eq!(text(&r, 11, 0), "~$支出簿.xlsx");
    assert!(text(&r, 13, 0).starts_with("設定: (既定の設定: 令和7年度 旭川市)（SHA-256 abab"));
    assert_eq!(text(&r, 14, 0), "作成に使ったツール: kyodo 0.1.0");
}

#[test]
fn summary_json_keys_and_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = write(&sample(), tmp.path(), "out");
    let text = std::fs::read_to_string(out.join(SUMMARY_FILE)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = [
        "fiscal_year",
        "fiscal_year_label",
        "as_of",
        "districts",
        "budget",
        "trainings",
        "coordinators",
        "findings",
        "inputs",
        "config",
        "tool_version",
    ]
    .to_vec();
    // Key order in the file is the struct's order.
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| text.find(&format!("\n  \"{k}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(v["fiscal_year"], 2025);
    assert_eq!(v["fiscal_year_label"], "R7");
    assert_eq!(v["as_of"], "2025-11-30");
    assert_eq!(v["districts"][0]["name"], "旭川");
    assert_eq!(v["districts"][0]["status"], "support");
    assert_eq!(v["districts"][0]["spent"], 22_000);
    assert_eq!(v["districts"][0]["remaining"], -2_000);
    assert_eq!(v["budget"]["total"], 120_000);
    assert_eq!(v["budget"]["planned_additions"], 1);
    assert_eq!(v["trainings"][1]["kind"], "コーディネーター研修会");
    assert_eq!(v["trainings"][1]["date"], "2025-07-05");
    assert_eq!(v["coordinators"][0]["role"], "staff");
    assert_eq!(v["coordinators"][0]["coordinator_trainings_attended"], 1);
    let waived: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived"] == true)
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["id"], "DS002");
    assert_eq!(waived[0]["severity"], "error");
    assert_eq!(v["inputs"][1]["kind"], "coordinators");
    assert_eq!(v["inputs"][2]["kind"], serde_json::Value::Null);
    assert_eq!(v["tool_version"], crate::report::page::VERSION);
}

#[test]
fn same_analysis_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (first, _) = write(&a, tmp.path(), "out1");
    let (second, _) = write(&a, tmp.path(), "out2");
    for name in REPORTS {
        let x = std::fs::read(first.join(name)).unwrap();
        let y = std::fs::read(second.join(name)).unwrap();
        assert!(x == y, "{name} differs between two runs");
    }
}

#[test]
fn unwritable_out_is_fatal_output() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let out = file.join("out");
    match write_reports(&sample(), &paths(tmp.path()), &out) {
        Err(Fatal::Output { path, source, .. }) => {
            assert!(path.starts_with(&file), "{}", path.display());
            // The system's error stays the source of the clerk's message.
            assert!(source.is_some_and(|s| s.is::<std::io::Error>()));
        }
        other => panic!("expected Fatal::Output, got {other:?}"),
    }
}

#[test]
fn links_are_relative_to_the_out_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("out/R7/2025-11-30")).unwrap();
    std::fs::create_dir_all(root.join("samples/名簿")).unwrap();
    assert_eq!(
        relative_link(
            &root.join("out/R7/2025-11-30"),
            &root.join("samples/名簿/コーディネーター名簿.xlsx")
        )
        .as_deref(),
        Some("../../../samples/名簿/コーディネーター名簿.xlsx")
    );
    assert_eq!(
        relative_link(&root.join("out"), &root.join("out/in.xlsx")).as_deref(),
        Some("in.xlsx")
    );
}

/// A first run's out folder does not exist while the links are made: its path must be
/// resolved as it will be once made (through the same links and, on Windows, with the same
/// `\\?\` prefix as the inputs' canonical paths), or no link matches.
#[cfg(unix)]
#[test]
fn links_from_an_out_folder_not_made_yet_are_those_from_the_made_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("real/samples")).unwrap();
    std::fs::write(root.join("real/samples/名簿.xlsx"), b"x").unwrap();
    std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
    let out = root.join("link/out/R7");
    let input = root.join("link/samples/名簿.xlsx");
    let before = relative_link(&out, &input);
    std::fs::create_dir_all(&out).unwrap();
    assert_eq!(before, relative_link(&out, &input));
    assert_eq!(before.as_deref(), Some("../../samples/名簿.xlsx"));
}

#[test]
fn only_plain_relative_paths_become_links() {
    for ok in [
        "../in/名簿.xlsx",
        "../../samples/支出簿 (2).xlsx",
        "../in/執行率100%.xlsx",
        "../in/=1+1.xlsx",
        "in.xlsx",
    ] {
        assert!(check::safe_target(ok), "{ok}");
    }
    for bad in [
        "../in/支出簿#2.xlsx",
        "../in/予算%20案.xlsx",
        "../in/a?b.xlsx",
        "http://evil.example/x.xlsx",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "../in/http:evil.xlsx",
        "C:/Users/x.xlsx",
        "\\\\server\\share\\x.xlsx",
        "/etc/passwd",
        "../in/a\nb.xlsx",
        "",
    ] {
        assert!(!check::safe_target(bad), "{bad}");
    }
}

#[test]
fn an_individual_resource_is_named_only_on_the_review_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = sample();
    a.resources.push(crate::analysis::ResourceView {
        name: "山田 花子".into(),
        offer: "読み聞かせ".into(),
        kind: "個人".into(),
        districts: vec!["光陽".into()],
        citywide: false,
        has_contact: false,
        registered: None,
    });
    let (out, _) = write(&a, tmp.path(), "out");
    let r = read(&out.join(ROSTER_FILE), roster::RESOURCES_SHEET);
    let row = find_row(&r, 3, "読み聞かせ");
    assert_eq!(text(&r, row, 1), roster::INDIVIDUAL);
    assert_eq!(text(&r, row, 2), "個人");
    let r = read(&out.join(CHECK_FILE), check::RESOURCES_SHEET);
    let row = find_row(&r, 0, "山田 花子");
    assert_eq!(text(&r, row, 5), "連絡先がありません、登録日がありません");
}

#[test]
fn empty_analysis_still_writes_every_report() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = sample();
    a.districts.clear();
    a.sessions.clear();
    a.coordinators.clear();
    a.resources.clear();
    a.findings.clear();
    a.inventory.clear();
    a.rollout.clear();
    a.budget.categories.clear();
    a.budget.planned_additions = 0;
    a.budget.unallocated_spent = 0;
    let out = tmp.path().join("out");
    write_reports(&a, &BTreeMap::new(), &out).unwrap();
    assert_eq!(sheet_names(&out.join(ROSTER_FILE)), [roster::PUBLIC_SHEET]);
}

/// `KYODO_SAMPLE_OUT=dir cargo test --lib report::tests::write_sample -- --ignored` writes
/// the sample reports for a look in Excel or LibreOffice.
#[test]
#[ignore]
fn write_sample() {
    if let Ok(dir) = std::env::var("KYODO_SAMPLE_OUT") {
        let root = PathBuf::from(dir);
        write_reports(&sample(), &paths(&root), &root.join("out")).unwrap();
    }
}

#[test]
fn seed_figures_give_the_seed_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = sample();
    a.budget.allocated_districts = 8;
    a.budget.total = 180_000;
    let (out, _) = write(&a, tmp.path(), "out");
    let r = read(&out.join(BUDGET_FILE), "予算配当表");
    let total = find_row(&r, 0, "合計");
    assert_eq!(
        text(&r, total + 2, 0),
        "※令和7年度予算配当 180,000円（9中学校区×20,000円）"
    );
    let r = read(&out.join(ROSTER_FILE), roster::PUBLIC_SHEET);
    find_row(&r, 0, "※R7予算配当は、18万円（9中学校区×2万円）");
    find_row(&r, 0, "※R7モデル地域は、1地域追加予定");
}

/// A sheet as tab-separated text: what a clerk sees, cell by cell (dates as ISO).
fn tsv(r: &Range<Data>) -> String {
    let mut out = String::new();
    let (rows, cols) = r.end().map(|e| (e.0 + 1, e.1 + 1)).unwrap_or((0, 0));
    for row in 0..rows {
        let mut cells: Vec<String> = (0..cols)
            .map(|c| match r.get_value((row, c)) {
                Some(Data::DateTime(dt)) => dt
                    .as_datetime()
                    .map(|x| x.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                _ => text(r, row, c).replace('\n', "\\n"),
            })
            .collect();
        while cells.last().is_some_and(|s| s.is_empty()) {
            cells.pop();
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// Every sheet of every workbook against its golden TSV in src/report/golden/
/// (`KYODO_BLESS=1` rewrites them after a deliberate change).
#[test]
fn sheets_match_their_golden_tsv() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = write(&sample(), tmp.path(), "out");
    write_year_end(&sample(), &out);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/report/golden");
    let bless = std::env::var("KYODO_BLESS").is_ok();
    let mut differing = Vec::new();
    let mut files = report_files(&sample());
    files.push("年度末報告.xlsx".to_string());
    for file in files.iter().filter(|f| f.ends_with(".xlsx")) {
        let path = out.join(file);
        for sheet in sheet_names(&path) {
            let got = tsv(&read(&path, &sheet));
            let name = format!(
                "{}-{}.tsv",
                file.trim_end_matches(".xlsx").replace('/', "-"),
                sheet
            );
            let gpath = golden.join(&name);
            if bless {
                std::fs::create_dir_all(&golden).unwrap();
                std::fs::write(&gpath, &got).unwrap();
            } else if std::fs::read_to_string(&gpath).ok().as_deref() != Some(got.as_str()) {
                differing.push(format!("{name}:\n{got}"));
            }
        }
    }
    assert!(
        differing.is_empty(),
        "differs from golden:\n{}",
        differing.join("\n")
    );
}

/// 年度末報告.xlsx of `a` in `out`, with a previous year (光陽 spent 8,000 of 20,000, one
/// session) so that every 前年度 column and 前年度比較 are written too.
fn write_year_end(a: &Analysis, out: &Path) -> PathBuf {
    let y = crate::analysis::YearEnd::from_analysis(a, &crate::config::Config::default());
    let before = previous_year::PreviousYear {
        fiscal_year: 2024,
        districts: [("光陽".to_string(), (20_000, 8_000))]
            .into_iter()
            .collect(),
        allocation_total: 20_000,
        spent: 8_000,
        figures: previous_year::YearEndFigures {
            honbu: 1,
            sessions: 1,
            attendees: 3,
            ..Default::default()
        },
    };
    let path = out.join("年度末報告.xlsx");
    std::fs::write(
        &path,
        yearend::workbook_bytes(a, &y, Some(&before)).unwrap(),
    )
    .unwrap();
    path
}

/// Every sheet of every workbook (the year-end one too) opens with the office's title block:
/// 「令和7年度 …」, 「…現在」, 作成日 and 作成者; the tool is named in the inventory only.
#[test]
fn every_sheet_has_the_office_title_block_and_no_tool_name() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (out, _) = write(&a, tmp.path(), "out");
    let year_end = write_year_end(&a, &out);
    assert!(sheet_names(&year_end).contains(&"前年度比較".to_string()));
    // Every workbook of the run, the district ones too, and the year-end one.
    let mut books: Vec<PathBuf> = report_files(&a)
        .iter()
        .filter(|f| f.ends_with(".xlsx"))
        .map(|f| out.join(f))
        .collect();
    books.push(year_end);
    let mut sheets = 0;
    for path in &books {
        for sheet in sheet_names(path) {
            let r = read(path, &sheet);
            let at = format!("{}:{sheet}", path.display());
            assert!(text(&r, 0, 0).starts_with("令和7年度 "), "{at}");
            assert_eq!(text(&r, 1, 0), "令和7年11月30日現在", "{at}");
            assert_eq!(
                text(&r, 2, 0),
                "作成日：令和7年11月30日　作成者：旭川市教育委員会社会教育課",
                "{at}"
            );
            let tool = r
                .cells()
                .find(|(_, _, c)| c.to_string().to_lowercase().contains("kyodo"));
            if sheet == check::INVENTORY_SHEET {
                assert!(tool.is_some(), "{at}: the inventory names the tool");
            } else {
                assert!(tool.is_none(), "{at}: {tool:?}");
            }
            sheets += 1;
        }
    }
    assert!(sheets >= 30, "{sheets}");
}

#[test]
fn the_office_name_comes_from_the_config() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = sample();
    a.office = "東川町教育委員会 生涯学習課".into();
    let (out, _) = write(&a, tmp.path(), "out");
    let r = read(&out.join(BUDGET_FILE), budget::SHEET);
    assert_eq!(
        text(&r, 2, 0),
        "作成日：令和7年11月30日　作成者：東川町教育委員会 生涯学習課"
    );
}

/// The reports' table and the list of their names (which the staging and the tests read)
/// are the same, in the same order; the district workbooks follow them.
#[test]
fn the_reports_table_is_the_list_of_report_files() {
    let table: Vec<&str> = super::FIXED.iter().map(|(f, _)| *f).collect();
    assert_eq!(table, REPORTS);
    let a = sample();
    let files = report_files(&a);
    assert_eq!(&files[..REPORTS.len()], REPORTS);
    assert!(files[REPORTS.len()..]
        .iter()
        .all(|f| f.starts_with(&format!("{}/", district::FOLDER))));
    assert!(files.len() > REPORTS.len());
}
