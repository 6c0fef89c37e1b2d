//! The reading stage end to end: fixtures of every layout and format, read with
//! `kyodo::ingest::ingest`, checked record by record and finding by finding.

mod layout;
mod make_fixtures;
mod xlsb;

use chrono::NaiveDate;
use kyodo::config::Config;
use kyodo::error::Fatal;
use kyodo::ingest::{ingest, Ingested};
use kyodo::model::{Role, Status, TrainingKind};

const FY: i32 = 2025;
const DIR: &str = "tests/fixtures/ingest";

fn read(paths: &[&str]) -> Ingested {
    read_with(paths, &Config::default())
}

fn read_with(paths: &[&str], config: &Config) -> Ingested {
    let args: Vec<String> = paths.iter().map(|p| format!("{DIR}/{p}")).collect();
    ingest(&args, None, config, FY).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Findings as `id location message`, in the order raised.
fn findings(r: &Ingested) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| format!("{} {} {}", f.id, f.location(), f.message))
        .collect()
}

/// Inventory as `file|sheet|kind|header_row|rows|skipped|unused|note`.
fn inventory(r: &Ingested) -> Vec<String> {
    r.inventory
        .iter()
        .map(|e| {
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                e.file,
                e.sheet,
                e.kind.as_deref().unwrap_or("-"),
                e.header_row,
                e.rows,
                e.rows_skipped,
                e.unused_columns.join(","),
                e.note
            )
        })
        .collect()
}

#[test]
fn roster_with_title_lines_merged_district_and_hidden_sheet() {
    let r = read(&["roster.xlsx"]);
    let f = "roster.xlsx";
    let got: Vec<_> = r
        .data
        .coordinators
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.district.as_str(),
                c.role,
                c.affiliations.join("|"),
                c.appointed,
                c.src.to_string(),
                c.district_at.a1(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "山田 太郎",
                "光陽",
                Role::Staff,
                "社会教育課|社会教育主事".into(),
                Some(d(2025, 4, 1)),
                format!("{f}:名簿!B6"),
                "A6".into()
            ),
            (
                "佐藤 花子",
                "光陽",
                Role::Staff,
                "社会教育課".into(),
                Some(d(2025, 4, 1)),
                format!("{f}:名簿!B7"),
                "A7".into()
            ),
            (
                "髙橋 一郎",
                "光陽",
                Role::Resident,
                "学校運営協議会委員|PTA役員".into(),
                None,
                format!("{f}:名簿!B8"),
                "A8".into()
            ),
            (
                "田中 三郎",
                "東光",
                Role::Resident,
                "民生児童委員".into(),
                None,
                format!("{f}:名簿!B10"),
                "A10".into()
            ),
        ]
    );
    assert_eq!(
        findings(&r),
        vec![
            format!("IN003 {f}:名簿!C9 区分「校長」をコーディネーターの区分（社会教育課職員・地域の方など）として読めません"),
            format!("IN003 {f}:名簿!E10 着任日「R7.13.40」を日付として読めません"),
        ]
    );
    assert!(r
        .findings
        .iter()
        .all(|x| x.severity == kyodo::finding::Severity::Error));
    // The hidden sheet is read too; its 合計 row is not a supporter.
    let sup: Vec<_> = r
        .data
        .supporters
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.district.as_str(),
                s.insured,
                s.insured_on,
                s.insurance_at.a1(),
            )
        })
        .collect();
    assert_eq!(
        sup,
        vec![
            (
                "伊藤 春子",
                "光陽",
                Some(true),
                Some(d(2025, 5, 10)),
                "D2".to_string()
            ),
            ("渡辺 夏男", "東光", Some(false), None, "D3".to_string()),
            ("小林 秋代", "光陽", None, None, "D4".to_string()),
        ]
    );
    assert_eq!(
        inventory(&r),
        vec![
            format!("{f}|名簿|coordinators|4|5|2|備考欄|"),
            format!("{f}|サポーター|supporters|1|3|1||"),
        ]
    );
    let sha = &r.inventory[0].sha256;
    assert_eq!(sha.len(), 64);
    assert!(r.inventory.iter().all(|e| &e.sha256 == sha));
}

#[test]
fn xls_and_ods_written_by_libreoffice_read_like_the_xlsx() {
    let key = |r: &Ingested| {
        r.data
            .coordinators
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.district.clone(),
                    c.role,
                    c.appointed,
                    c.src.a1(),
                )
            })
            .collect::<Vec<_>>()
    };
    let xlsx = read(&["roster.xlsx"]);
    for other in [
        "converted/roster.xls",
        "converted/roster.ods",
        "converted/roster.xlsm",
    ] {
        let r = read(&[other]);
        // Merged 中学校区 filled (ods: from its content.xml), dates read, hidden sheet read.
        assert_eq!(key(&r), key(&xlsx), "{other}");
        assert_eq!(r.data.supporters.len(), 3, "{other}");
        let cells: Vec<_> = r.findings.iter().map(|f| (f.id, f.cell.as_str())).collect();
        assert_eq!(cells, vec![("IN003", "C9"), ("IN003", "E10")], "{other}");
    }
}

#[test]
fn several_tables_in_one_sheet() {
    let r = read(&["tables.xlsx"]);
    let f = "tables.xlsx";
    let districts: Vec<_> = r
        .data
        .districts
        .iter()
        .map(|x| {
            (
                x.name.as_str(),
                x.stated,
                x.model_start,
                x.model_end,
                x.note.as_str(),
                x.src.a1(),
            )
        })
        .collect();
    assert_eq!(
        districts,
        vec![
            (
                "光陽",
                Some(Status::Model),
                Some(2024),
                Some(2025),
                "",
                "A3".to_string()
            ),
            (
                "東光",
                Some(Status::Support),
                Some(2022),
                Some(2023),
                "",
                "A4".to_string()
            ),
            (
                "旭川",
                Some(Status::Support),
                Some(2021),
                Some(2024),
                "試行期間を含む",
                "A5".to_string()
            ),
            ("神居", Some(Status::None), None, None, "", "A6".to_string()),
            ("北星", None, None, None, "", "A7".to_string()),
        ]
    );
    let trainings: Vec<_> = r
        .data
        .trainings
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.date,
                t.kind,
                t.venue.as_str(),
                t.src.a1(),
            )
        })
        .collect();
    assert_eq!(
        trainings,
        vec![
            (
                "第1回コーディネーター研修会",
                d(2025, 6, 14),
                TrainingKind::Coordinator,
                "市民活動交流センター",
                "A12".to_string()
            ),
            (
                "地域学校協働活動研修会",
                d(2025, 10, 18),
                TrainingKind::Community,
                "",
                "A13".to_string()
            ),
            (
                "第2回研修会",
                d(2026, 2, 7),
                TrainingKind::Coordinator,
                "",
                "A14".to_string()
            ),
        ]
    );
    assert_eq!(
        findings(&r),
        vec![
            format!("IN003 {f}:一覧!B7 区分「検討中」を中学校区の区分（モデル地域・伴走支援地域・未実施）として読めません"),
            format!("IN003 {f}:一覧!C7 モデル期間「R9~R8」を年度の範囲として読めません"),
            format!("IN003 {f}:一覧!B15 開催日「R7.13.40」を日付として読めません"),
        ]
    );
    assert_eq!(
        inventory(&r),
        vec![
            format!("{f}|一覧|districts|2|5|0||"),
            format!("{f}|一覧|trainings|11|4|0||"),
        ]
    );
}

#[test]
fn expenses_in_the_1904_date_system_and_a_table_missing_its_amount() {
    let r = read(&["expenses_1904.xlsx"]);
    let f = "expenses_1904.xlsx";
    let got: Vec<_> = r
        .data
        .expenses
        .iter()
        .map(|e| {
            (
                e.paid_on,
                e.district.as_str(),
                e.category.as_str(),
                e.amount,
                e.payee.as_str(),
                e.activity_date,
                e.amount_at.a1(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                d(2025, 6, 20),
                "光陽",
                "講師謝金",
                5000,
                "山田 太郎",
                None,
                "D3".to_string()
            ),
            // A plain serial number in the date column is a date too.
            (
                d(2025, 7, 1),
                "東光",
                "消耗品費",
                15000,
                "",
                None,
                "D4".to_string()
            ),
            (
                d(2025, 8, 1),
                "光陽",
                "ボランティア保険料",
                1050,
                "",
                Some(d(2025, 7, 30)),
                "D5".to_string()
            ),
        ]
    );
    assert_eq!(
        findings(&r),
        vec![
            format!("IN003 {f}:支出簿!D6 金額「二千円」を金額として読めません"),
            format!("IN002 {f}:予備!A1 支出簿に必須の列「金額」がありません"),
        ]
    );
    assert_eq!(
        inventory(&r),
        vec![
            format!("{f}|支出簿|expenses|2|4|1||"),
            format!("{f}|予備|expenses|1|0|0||必須の列「金額」がないため読んでいません"),
        ]
    );
}

#[test]
fn attendance_in_its_three_shapes() {
    let r = read(&["attendance.xlsx"]);
    let f = "attendance.xlsx";
    let got: Vec<_> = r
        .data
        .attendance
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.session_date,
                a.session_name.as_deref(),
                a.district.as_deref(),
                a.present,
                format!("{}!{}", a.src.sheet, a.src.a1()),
            )
        })
        .collect();
    let c1 = Some("第1回コーディネーター研修会");
    let c3 = Some("第3回コーディネーター研修会");
    let jun = Some(d(2025, 6, 14));
    let oct = Some(d(2025, 10, 18));
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            // Matrix: one record per marked cell; blank cells say nothing.
            (
                "山田 太郎",
                jun,
                None,
                Some("光陽"),
                Some(true),
                s("出席簿!C3")
            ),
            (
                "山田 太郎",
                oct,
                None,
                Some("光陽"),
                Some(false),
                s("出席簿!D3")
            ),
            (
                "佐藤 花子",
                jun,
                None,
                Some("光陽"),
                Some(true),
                s("出席簿!C4")
            ),
            (
                "佐藤 花子",
                oct,
                None,
                Some("光陽"),
                Some(false),
                s("出席簿!D4")
            ),
            (
                "佐藤 花子",
                None,
                c3,
                Some("光陽"),
                Some(true),
                s("出席簿!E4")
            ),
            (
                "髙橋 一郎",
                None,
                c3,
                Some("光陽"),
                Some(true),
                s("出席簿!E5")
            ),
            // One sheet per session, the session from its metadata lines.
            (
                "山田 太郎",
                jun,
                c1,
                Some("光陽"),
                Some(true),
                s("第1回!A5")
            ),
            (
                "鈴木 次郎",
                jun,
                c1,
                Some("東光"),
                Some(false),
                s("第1回!A6")
            ),
            ("田中 三郎", jun, c1, Some("東光"), None, s("第1回!A7")),
            // Long rows without 出欠: listed means present.
            (
                "山田 太郎",
                oct,
                Some("地域学校協働活動研修会"),
                None,
                Some(true),
                s("一覧!A2")
            ),
        ]
    );
    assert_eq!(
        findings(&r),
        vec![format!(
            "IN003 {f}:出席簿!C5 出欠「△」を○・×として読めません"
        )]
    );
    assert_eq!(
        inventory(&r),
        vec![
            format!("{f}|出席簿|attendance|2|3|0|備考|"),
            format!("{f}|第1回|attendance|4|3|0||"),
            format!("{f}|一覧|attendance|1|1|0||"),
        ]
    );
}

#[test]
fn csv_in_utf8_with_bom_and_in_shift_jis() {
    let r = read(&["supporters_utf8bom.csv", "activities_sjis.csv"]);
    let sup: Vec<_> = r
        .data
        .supporters
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.district.as_str(),
                s.activity.as_str(),
                s.insured,
                s.src.to_string(),
            )
        })
        .collect();
    let f = "supporters_utf8bom.csv";
    assert_eq!(
        sup,
        vec![
            (
                "伊藤 春子",
                "光陽",
                "読み聞かせ、見守り",
                Some(true),
                format!("{f}:supporters_utf8bom!A2")
            ),
            (
                "渡辺 夏男",
                "東光",
                "花壇整備\r\n(春・秋)",
                Some(false),
                format!("{f}:supporters_utf8bom!A3")
            ),
        ]
    );
    let act: Vec<_> = r
        .data
        .activities
        .iter()
        .map(|a| {
            (
                a.date,
                a.district.as_str(),
                a.name.as_str(),
                a.category.as_str(),
                a.supporters.clone(),
                a.children,
                a.src.a1(),
            )
        })
        .collect();
    assert_eq!(
        act,
        vec![
            (
                d(2025, 6, 20),
                "光陽",
                "読み聞かせ",
                "学校支援",
                vec!["伊藤 春子".to_string(), "渡辺 夏男".to_string()],
                Some(25),
                "A3".to_string()
            ),
            (
                d(2025, 7, 3),
                "東光",
                "花壇整備",
                "地域活動",
                vec!["渡辺 夏男".to_string()],
                Some(12),
                "A4".to_string()
            ),
        ]
    );
    let g = "activities_sjis.csv";
    assert_eq!(
        findings(&r),
        vec![format!(
            "IN003 {g}:activities_sjis!A5 実施日「7/4/1」を日付として読めません\
             （年が分かりません。R7.4.1 や 2025/4/1 のように書いてください）"
        )]
    );
}

#[test]
fn broken_files_are_one_in001_each_with_a_plain_reason() {
    let r = read(&["broken"]);
    // Named relative to the INPUT folder.
    assert_eq!(
        findings(&r),
        vec![
            format!("IN001 empty.xlsx ファイルが空です"),
            format!("IN001 html.xls Excelファイルではありません（HTMLをxlsとして保存したもの）"),
            format!("IN001 password.xlsx パスワードで保護されているため読めません"),
            format!("IN001 random.xlsx ファイルの形式が分かりません（Excel・CSVのどちらでもありません）"),
            format!("IN001 text.xls Excelファイルではありません（テキストファイルを.xlsとして保存したもの）"),
            format!("IN001 truncated.xlsx ファイルが壊れています（zipが途中で切れています）"),
        ]
    );
    assert_eq!(r.inventory.len(), 6);
    assert!(r
        .inventory
        .iter()
        .all(|e| e.kind.is_none() && !e.note.is_empty()));
    assert_eq!(
        r.inventory[0].sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn a_folder_mixing_good_and_broken_files_reads_every_good_record() {
    let tmp = tempfile::tempdir().unwrap();
    let src = make_fixtures::dir();
    let copy = |from: &str, to: &str| {
        std::fs::copy(src.join(from), tmp.path().join(to)).unwrap();
    };
    copy("roster.xlsx", "名簿.xlsx");
    copy("attendance.xlsx", "出席簿.xlsx");
    copy("broken/empty.xlsx", "空.xlsx");
    copy("broken/truncated.xlsx", "途中.xlsx");
    copy("broken/html.xls", "web.xls");
    copy("broken/random.xlsx", "乱.xlsx");
    copy("broken/password.xlsx", "鍵.xlsx");
    copy("~$roster.xlsx", "~$名簿.xlsx");
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    copy("roster.xlsx", "out/前回.xlsx");
    let arg = tmp.path().to_string_lossy().into_owned();
    let r = ingest(
        &[arg],
        Some(&tmp.path().join("out")),
        &Config::default(),
        FY,
    )
    .unwrap();
    let in001 = r.findings.iter().filter(|f| f.id == "IN001").count();
    assert_eq!(in001, 5);
    assert_eq!(r.data.coordinators.len(), 4);
    assert_eq!(r.data.supporters.len(), 3);
    assert_eq!(r.data.attendance.len(), 10);
    assert!(r.skipped.iter().any(|s| s == "~$名簿.xlsx"));
    assert!(r.skipped.iter().any(|s| s == "out/"));
    assert_eq!(r.paths.len(), 7);
    // Inventory in discovery (sorted) order whatever thread read which file.
    let files: Vec<_> = r
        .inventory
        .iter()
        .map(|e| e.file.rsplit('/').next().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}

#[test]
fn lock_and_hidden_files_are_listed_not_read() {
    let r = read(&["roster.xlsx", "~$roster.xlsx", ".hidden.xlsx"]);
    assert_eq!(r.paths.len(), 1);
    assert_eq!(
        r.skipped,
        vec!["~$roster.xlsx".to_string(), ".hidden.xlsx".to_string()]
    );
}

#[test]
fn no_input_found_is_fatal() {
    let e = ingest(
        &[format!("{DIR}/nothing/*.xlsx")],
        None,
        &Config::default(),
        FY,
    )
    .unwrap_err();
    assert!(matches!(e, Fatal::NoInput { .. }));
}

#[test]
fn a_config_pin_decides_the_kind() {
    let config = Config::parse(
        "[[tables]]\nfile = \"*supporters_utf8bom.csv\"\nsheet = \"*\"\nkind = \"coordinators\"\n",
        "test.toml",
    )
    .unwrap();
    let r = read_with(&["supporters_utf8bom.csv"], &config);
    assert!(r.data.supporters.is_empty());
    let f = "supporters_utf8bom.csv";
    assert_eq!(
        findings(&r),
        vec![format!(
            "IN002 {f}:supporters_utf8bom!A1 コーディネーター名簿に必須の列「区分」がありません"
        )]
    );
}

#[test]
fn a_sheet_used_to_its_last_cell_is_read_without_a_dense_grid() {
    // Excel's last cell (XFD1048576) holds a value: a dense range would be 17 billion cells.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("huge.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "氏名").unwrap();
    ws.write_string(0, 1, "中学校区").unwrap();
    ws.write_string(1, 0, "伊藤 春子").unwrap();
    ws.write_string(1, 1, "光陽").unwrap();
    let blank = rust_xlsxwriter::Format::new().set_bold();
    for row in 2..2000 {
        ws.write_blank(row, 0, &blank).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "end").unwrap();
    wb.save(&path).unwrap();
    let r = ingest(
        &[path.to_string_lossy().into_owned()],
        None,
        &Config::default(),
        FY,
    )
    .unwrap();
    assert_eq!(r.data.supporters.len(), 1);
    assert_eq!(r.inventory[0].rows, 1);
    assert!(r.findings.is_empty(), "{:?}", findings(&r));
}

#[test]
fn a_sheet_without_a_header_is_listed_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("memo.csv");
    std::fs::write(&path, "打合せメモ\n来週までに名簿を更新\n").unwrap();
    let r = ingest(
        &[path.to_string_lossy().into_owned()],
        None,
        &Config::default(),
        FY,
    )
    .unwrap();
    assert_eq!(r.inventory.len(), 1);
    assert_eq!(r.inventory[0].note, "見出し行が見つかりません");
    assert!(r.findings.is_empty());
}

/// Writes a CSV into a temp folder and reads it.
fn read_csv(name: &str, text: &str) -> (tempfile::TempDir, Ingested) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(name);
    std::fs::write(&path, text).unwrap();
    let r = ingest(
        &[path.to_string_lossy().into_owned()],
        None,
        &Config::default(),
        FY,
    )
    .unwrap();
    (tmp, r)
}

#[test]
fn resources_with_citywide_and_several_districts() {
    let (_t, r) = read_csv(
        "resources.csv",
        "地域人材・資源リスト\n\
         企業・団体名,提供できること,区分,対象地域,登録日\n\
         旭川木工,木工教室,企業,全市,R6.5.1\n\
         山田 花子,読み聞かせ,個人,\"光陽中学校区、東光\",2024/4/1\n\
         ※ 登録は年度ごとに更新\n",
    );
    let got: Vec<_> = r
        .data
        .resources
        .iter()
        .map(|x| {
            (
                x.name.as_str(),
                x.offer.as_str(),
                x.kind.as_str(),
                x.citywide,
                x.districts.clone(),
                x.registered,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "旭川木工",
                "木工教室",
                "企業",
                true,
                vec![],
                Some(d(2024, 5, 1))
            ),
            (
                "山田 花子",
                "読み聞かせ",
                "個人",
                false,
                vec!["光陽".to_string(), "東光".to_string()],
                Some(d(2024, 4, 1))
            ),
        ]
    );
    assert_eq!((r.inventory[0].rows, r.inventory[0].rows_skipped), (2, 1));
}

#[test]
fn districts_with_start_and_end_year_columns() {
    let (_t, r) = read_csv(
        "districts.csv",
        "中学校区,状況,開始年度,終了年度\n神楽,伴走支援地域,令和3年度,R6\n東陽中,モデル地域,2025,R8年度\n永山,未実施,来年,\n",
    );
    let got: Vec<_> = r
        .data
        .districts
        .iter()
        .map(|x| {
            (
                x.name.as_str(),
                x.stated,
                x.model_start,
                x.model_end,
                x.period_at.a1(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "神楽",
                Some(Status::Support),
                Some(2021),
                Some(2024),
                "C2".to_string()
            ),
            (
                "東陽",
                Some(Status::Model),
                Some(2025),
                Some(2026),
                "C3".to_string()
            ),
            ("永山", Some(Status::None), None, None, "C4".to_string()),
        ]
    );
    assert_eq!(r.findings.len(), 1);
    assert!(r.findings[0]
        .message
        .contains("開始年度「来年」を年度として読めません"));
    assert_eq!(r.findings[0].cell, "C4");
}

#[test]
fn a_date_line_above_a_roster_does_not_make_it_an_attendance_sheet() {
    let (_t, r) = read_csv(
        "supporters.csv",
        "日付：令和7年4月1日\n氏名,中学校区,保険\n伊藤 春子,光陽,あり\n合　計,1名\n",
    );
    assert_eq!(r.data.supporters.len(), 1);
    assert!(r.data.attendance.is_empty());
    assert_eq!(r.inventory[0].rows_skipped, 1);
}

#[test]
fn damaged_workbooks_never_stop_the_run() {
    // Bytes flipped all over a good workbook: each copy is read or refused, never a panic.
    let good = std::fs::read(make_fixtures::dir().join("roster.xlsx")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut seed: u64 = 12345;
    for i in 0..40 {
        let mut bytes = good.clone();
        for _ in 0..(1 + i % 5) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (seed >> 33) as usize % bytes.len();
            bytes[at] ^= (seed >> 8) as u8 | 1;
        }
        std::fs::write(tmp.path().join(format!("damaged{i:02}.xlsx")), &bytes).unwrap();
    }
    let r = ingest(
        &[tmp.path().to_string_lossy().into_owned()],
        None,
        &Config::default(),
        FY,
    )
    .unwrap();
    let files: std::collections::BTreeSet<_> = r.inventory.iter().map(|e| e.file.clone()).collect();
    assert_eq!(files.len(), 40);
}

#[test]
fn an_instruction_sheet_is_listed_not_read() {
    let (_t, r) = read_csv("記入方法.csv", "氏名,中学校区,区分\n山田 太郎,光陽,職員\n");
    assert!(r.data.coordinators.is_empty());
    assert_eq!(
        r.inventory[0].note,
        "記入方法・記入例のシートのため読んでいません"
    );
}

#[test]
fn a_header_repeated_on_the_next_page_is_not_a_row() {
    let (_t, r) = read_csv(
        "coordinators.csv",
        "氏名,中学校区,区分\n山田 太郎,光陽,職員\n氏名,中学校区,区分\n佐藤 花子,東光,地域の方\n",
    );
    assert_eq!(r.data.coordinators.len(), 2);
    assert!(r.findings.is_empty(), "{:?}", findings(&r));
    assert_eq!((r.inventory[0].rows, r.inventory[0].rows_skipped), (2, 1));
}

#[test]
fn a_chart_sheet_is_listed_and_the_worksheets_read() {
    use rust_xlsxwriter::{Chart, ChartType, Workbook};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("chart.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("支出簿").unwrap();
    for (c, h) in ["支出日", "中学校区", "費目", "金額"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "R7.6.1").unwrap();
    ws.write_string(1, 1, "光陽").unwrap();
    ws.write_string(1, 2, "消耗品費").unwrap();
    ws.write_number(1, 3, 1200.0).unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("支出簿!$D$2:$D$2");
    let cs = wb.add_chartsheet();
    cs.set_name("グラフ").unwrap();
    cs.insert_chart(0, 0, &chart).unwrap();
    wb.save(&path).unwrap();
    let r = ingest(
        &[path.to_string_lossy().into_owned()],
        None,
        &Config::default(),
        FY,
    )
    .unwrap();
    assert_eq!(r.data.expenses.len(), 1);
    assert!(r.findings.is_empty(), "{:?}", findings(&r));
    let notes: Vec<_> = r
        .inventory
        .iter()
        .map(|e| (e.sheet.as_str(), e.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        vec![
            ("支出簿", ""),
            ("グラフ", "グラフ・マクロのシートのため読んでいません")
        ]
    );
}

#[test]
fn a_two_line_header_is_read_from_its_first_line() {
    let (_t, r) = read_csv(
        "supporters.csv",
        "氏名,中学校区,ボランティア保険,\n,,加入,加入日\n伊藤 春子,光陽,○,2025/5/10\n",
    );
    assert_eq!(r.data.supporters.len(), 1);
    assert_eq!(r.data.supporters[0].insured, Some(true));
    assert!(r.findings.is_empty(), "{:?}", findings(&r));
    assert_eq!((r.inventory[0].rows, r.inventory[0].rows_skipped), (1, 1));
}

#[test]
fn a_date_in_the_insurance_column_is_the_enrolment() {
    let (_t, r) = read_csv(
        "supporters.csv",
        "氏名,中学校区,保険\n伊藤 春子,光陽,R7.5.10\n渡辺 夏男,東光,未加入\n",
    );
    let got: Vec<_> = r
        .data
        .supporters
        .iter()
        .map(|s| (s.insured, s.insured_on))
        .collect();
    assert_eq!(
        got,
        vec![(Some(true), Some(d(2025, 5, 10))), (Some(false), None)]
    );
    assert!(r.findings.is_empty());
}

#[test]
fn a_long_attendance_row_needs_a_date_or_a_name() {
    let (_t, r) = read_csv(
        "attendance.csv",
        "氏名,研修名,開催日,出欠\n\
         山田 太郎,第1回コーディネーター研修会,,○\n\
         佐藤 花子,第1回コーディネーター研修会,R7.13.1,○\n\
         鈴木 次郎,,R7.13.1,○\n\
         田中 三郎,,,○\n",
    );
    let got: Vec<_> = r
        .data
        .attendance
        .iter()
        .map(|a| (a.name.as_str(), a.session_date))
        .collect();
    assert_eq!(got, vec![("山田 太郎", None), ("佐藤 花子", None)]);
    let cells: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.cell.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("C3", "開催日「R7.13.1」を日付として読めません"),
            ("C4", "開催日「R7.13.1」を日付として読めません"),
            ("C5", "開催日・研修名が空欄です"),
        ]
    );
}

#[test]
fn template_rows_holding_only_zeros_are_blank() {
    let (_t, r) = read_csv(
        "expenses.csv",
        "No.,支出日,中学校区,費目,金額\n1,R7.6.1,光陽,消耗品費,1200\n2,,,,0\n3,,,,0\n",
    );
    assert_eq!(r.data.expenses.len(), 1);
    assert!(r.findings.is_empty(), "{:?}", findings(&r));
}

#[test]
fn scrambled_csv_tables_never_stop_the_run() {
    // Header words, marks, dates and notes shuffled into rows: whatever is made of them,
    // every file is read or refused, and nothing panics.
    const WORDS: &[&str] = &[
        "氏名",
        "中学校区",
        "区分",
        "研修名",
        "開催日",
        "金額",
        "支出日",
        "費目",
        "6/14",
        "R7.13.40",
        "○",
        "×",
        "合計",
        "※注意",
        "記入例",
        "研修名：第1回",
        "開催日：R7.6.14",
        "",
        "\"a,b\"",
        "第1回",
        "7/4/1",
        "1.5万円",
        "モデル地域",
        "R6~7",
    ];
    let tmp = tempfile::tempdir().unwrap();
    let mut seed: u64 = 99;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for f in 0..60 {
        let mut text = String::new();
        for _ in 0..next(25) {
            let cells: Vec<&str> = (0..next(7)).map(|_| WORDS[next(WORDS.len())]).collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        std::fs::write(tmp.path().join(format!("t{f:02}.csv")), text).unwrap();
    }
    let r = ingest(
        &[tmp.path().to_string_lossy().into_owned()],
        None,
        &Config::default(),
        FY,
    )
    .unwrap();
    let files: std::collections::BTreeSet<_> = r.inventory.iter().map(|e| e.file.clone()).collect();
    assert_eq!(files.len(), 60);
    // Only an empty file is refused; no file is lost to a panic.
    assert!(
        r.findings
            .iter()
            .all(|f| f.id != "IN001" || f.message == "ファイルが空です"),
        "{:?}",
        findings(&r)
    );
}

#[test]
fn total_rows_with_their_count_are_skipped() {
    let (_t, r) = read_csv(
        "supporters.csv",
        "氏名,中学校区\n伊藤 春子,光陽\n合計（1名）,\n小 計,1\n",
    );
    assert_eq!(r.data.supporters.len(), 1);
    assert!(r.findings.is_empty(), "{:?}", findings(&r));
    assert_eq!(r.inventory[0].rows_skipped, 2);
}
