//! Tests of finding tables: header rows, two-row headers, titles and metadata, session
//! columns of an attendance matrix.

use super::sessions::session_header;
use super::*;

fn text_row(idx: u32, cells: &[&str]) -> Row {
    Row {
        idx,
        cells: cells
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .map(|(i, s)| (i as u16, Val::Text(s.to_string())))
            .collect(),
    }
}

#[test]
fn header_text_is_normalised() {
    assert_eq!(normalize_header("金額（円）"), "金額");
    assert_eq!(normalize_header(" 氏 名 ※"), "氏名");
    assert_eq!(normalize_header("中学校区\n*"), "中学校区");
    assert_eq!(
        normalize_header("ボランティア\n保険（有・無）※"),
        "ボランティア保険"
    );
    assert_eq!(normalize_header("（備考）"), "(備考)");
}

#[test]
fn kinds_from_headers() {
    let kind = |cells: &[&str]| {
        evaluate(&text_row(0, cells), &[], None, None, 2025).map(|(t, _)| (t.kind, t.missing))
    };
    assert_eq!(
        kind(&["氏名", "中学校区", "区分", "所属・役職"]),
        Some((Kind::Coordinators, vec![]))
    );
    assert_eq!(
        kind(&["氏名", "中学校区", "保険"]),
        Some((Kind::Supporters, vec![]))
    );
    assert_eq!(
        kind(&["研修名", "開催日", "会場"]),
        Some((Kind::Trainings, vec![]))
    );
    assert_eq!(
        kind(&["氏名", "研修名", "開催日"]),
        Some((Kind::Attendance, vec![]))
    );
    assert_eq!(
        kind(&["日付", "中学校区", "費目", "金額（円）", "摘要"]),
        Some((Kind::Expenses, vec![]))
    );
    assert_eq!(
        kind(&["実施日", "中学校区", "活動名", "参加サポーター"]),
        Some((Kind::Activities, vec![]))
    );
    assert_eq!(
        kind(&["中学校区", "区分", "モデル期間"]),
        Some((Kind::Districts, vec![]))
    );
    assert_eq!(kind(&["令和7年度 名簿"]), None);
    assert_eq!(kind(&["出席簿", "中学校区", "出席者の中学校区"]), None);
    assert_eq!(kind(&["中学校区"]), Some((Kind::Districts, vec![])));
    // 支出簿 without 金額: IN002.
    assert_eq!(
        kind(&["支出日", "中学校区", "費目", "摘要"]),
        Some((Kind::Expenses, vec!["amount"]))
    );
    let (t, _) = evaluate(
        &text_row(0, &["氏名", "中学校区", "6/14", "R7.10.18", "備考"]),
        &[],
        None,
        None,
        2025,
    )
    .unwrap();
    assert!(t.is_matrix());
    assert_eq!(t.sessions.len(), 2);
    assert_eq!(t.unused, vec!["備考"]);
    // A roster with a 研修 column is no matrix; a dated column makes one.
    assert_eq!(
        kind(&["氏名", "中学校区", "区分", "研修受講"]),
        Some((Kind::Coordinators, vec![]))
    );
    // A training list under an attendance title is still a training list.
    let (t, _) = evaluate(
        &text_row(0, &["研修名", "開催日", "会場"]),
        &[],
        None,
        Some(Kind::Attendance),
        2025,
    )
    .unwrap();
    assert_eq!(t.kind, Kind::Trainings);
    // A coordinator roster without 区分 under its title is IN002, not a supporter roster.
    let (t, _) = evaluate(
        &text_row(0, &["氏名", "中学校区", "所属"]),
        &[],
        None,
        Some(Kind::Coordinators),
        2025,
    )
    .unwrap();
    assert_eq!((t.kind, t.missing), (Kind::Coordinators, vec!["role"]));
}

#[test]
fn several_tables_after_gaps_with_titles() {
    let grid = Grid {
        name: "一覧".into(),
        skipped: None,
        merges: Vec::new(),
        rows: vec![
            text_row(0, &["令和7年度 中学校区一覧"]),
            text_row(2, &["中学校区", "区分"]),
            text_row(3, &["光陽", "モデル地域"]),
            text_row(5, &["東光", "伴走支援地域"]),
            text_row(8, &["研修会一覧"]),
            text_row(9, &["研修名", "開催日"]),
            text_row(10, &["コーディネーター研修会", "R7.6.14"]),
        ],
    };
    let t = find_tables(&grid, None, 2025);
    assert_eq!(t.len(), 2);
    assert_eq!(
        (t[0].kind, t[0].header_row, t[0].rows.clone()),
        (Kind::Districts, 2, 2..4)
    );
    assert_eq!(
        (t[1].kind, t[1].header_row, t[1].rows.clone()),
        (Kind::Trainings, 9, 6..7)
    );
}

fn grid(rows: Vec<Row>, merges: Vec<Dimensions>) -> Grid {
    Grid {
        name: "名簿".into(),
        skipped: None,
        rows,
        merges,
    }
}

fn merge(r0: u32, c0: u32, r1: u32, c1: u32) -> Dimensions {
    Dimensions {
        start: (r0, c0),
        end: (r1, c1),
    }
}

#[test]
fn a_two_row_header_with_merges_names_columns_by_sub_header_and_group() {
    // 氏名・中学校区・活動内容 merged down over both rows (so their value is in both, as
    // sheet.rs fills merges), ボランティア保険 merged across 加入・加入日.
    let mut g = grid(
        vec![
            text_row(0, &["サポーター名簿"]),
            text_row(2, &["氏名", "中学校区", "ボランティア保険", "", "活動内容"]),
            text_row(3, &["氏名", "中学校区", "加入", "加入日", "活動内容"]),
            text_row(4, &["伊藤 春子", "光陽", "○", "R7.5.10", "見守り"]),
        ],
        vec![
            merge(0, 0, 0, 4),
            merge(2, 0, 3, 0),
            merge(2, 1, 3, 1),
            merge(2, 2, 2, 3),
            merge(2, 4, 3, 4),
        ],
    );
    let t = find_tables(&g, None, 2025);
    assert_eq!(t.len(), 1);
    let t = &t[0];
    assert_eq!(
        (t.kind, t.header_row, t.second_row),
        (Kind::Supporters, 2, Some(3))
    );
    assert_eq!(
        t.cols,
        vec![
            ("name", 0),
            ("district", 1),
            ("activity", 4),
            ("insured", 2),
            ("insured_on", 3)
        ]
    );
    assert_eq!((t.header_row_of(3), t.header_row_of(0)), (3, 2));
    assert!(t.is_sub_header(&g.rows[2]) && !t.is_sub_header(&g.rows[3]));
    // 「保険」 over 「加入」: the joined name; a group whose sub-header says nothing known
    // is still a group.
    g.rows[1] = text_row(2, &["氏名", "中学校区", "保険", "", "活動内容"]);
    let t = find_tables(&g, None, 2025);
    assert_eq!(
        (t[0].col("insured"), t[0].col("insured_on")),
        (Some(2), Some(3))
    );
}

#[test]
fn a_two_row_header_without_merges_and_headers_over_lines() {
    // A CSV: the group's other columns are blank in the first row.
    let g = grid(
        vec![
            text_row(0, &["氏名", "中学校区", "ボランティア保険", ""]),
            text_row(1, &["", "", "有無", "加入日"]),
            text_row(2, &["伊藤 春子", "光陽", "有", "2025/5/10"]),
        ],
        Vec::new(),
    );
    let t = &find_tables(&g, None, 2025)[0];
    assert_eq!((t.col("insured"), t.col("insured_on")), (Some(2), Some(3)));
    assert_eq!(t.second_row, Some(1));
    // 「支出\n年月日」 is 支出年月日; 支払年月日 too.
    let kind = |cells: &[&str]| {
        evaluate(&text_row(0, cells), &[], None, None, 2025).map(|(t, _)| (t.kind, t.cols))
    };
    assert_eq!(
        kind(&["支出\n年月日", "中学校区", "費目", "金額"]).map(|(k, c)| (k, c[0])),
        Some((Kind::Expenses, ("paid", 0)))
    );
    assert_eq!(
        kind(&["支払年月日", "中学校区", "科目", "支出金額"]).map(|(k, _)| k),
        Some(Kind::Expenses)
    );
}

#[test]
fn session_dates_under_their_names_make_a_two_row_matrix_header() {
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    let date = |c: u16, dt: NaiveDate| (c, Val::Date(dt, 0.0));
    let mut s = text_row(2, &["氏名", "中学校区"]);
    s.cells.extend([date(2, d(6, 14)), date(3, d(10, 18))]);
    let g = grid(
        vec![
            text_row(1, &["氏名", "中学校区", "第1回", "第2回"]),
            s,
            text_row(3, &["山田 太郎", "光陽", "○", "×"]),
        ],
        vec![merge(1, 0, 2, 0), merge(1, 1, 2, 1)],
    );
    let t = &find_tables(&g, None, 2025)[0];
    assert_eq!((t.kind, t.second_row), (Kind::Attendance, Some(2)));
    let dates: Vec<_> = t.sessions.iter().map(|(c, s)| (*c, s.date)).collect();
    assert_eq!(dates, vec![(2, Some(d(6, 14))), (3, Some(d(10, 18)))]);
    assert_eq!(t.header_row_of(2), 2);
}

#[test]
fn a_text_row_under_a_header_is_data_not_a_second_header_row() {
    let g = grid(
        vec![
            text_row(0, &["氏名", "中学校区", "区分", ""]),
            text_row(1, &["山田 太郎", "光陽", "職員", "メモ"]),
        ],
        Vec::new(),
    );
    let t = &find_tables(&g, None, 2025)[0];
    assert_eq!((t.kind, t.second_row), (Kind::Coordinators, None));
}

#[test]
fn a_stray_table_is_no_table_unless_clearly_of_a_kind() {
    let kind = |cells: &[&str]| {
        evaluate(&text_row(0, cells), &[], None, None, 2025).map(|(t, _)| (t.kind, t.missing))
    };
    // A shelter list: 名称 and a phone are not a 地域人材・資源リスト.
    assert_eq!(kind(&["名称", "住所", "電話番号", "収容人数"]), None);
    assert_eq!(kind(&["名称", "所在地", "中学校区"]), None);
    // A training list without its date is one (IN002): most of its headers are there.
    assert_eq!(
        kind(&["研修名", "会場", "講師"]),
        Some((Kind::Trainings, vec!["date"]))
    );
}

#[test]
fn matrix_session_headers() {
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day);
    let h = |s: &str| session_header(s, 2025).map(|x| (x.date, x.name));
    assert_eq!(h("6/14"), Some((d(6, 14), None)));
    assert_eq!(h("R7.10.18"), Some((d(10, 18), None)));
    assert_eq!(h("6/14(土)"), Some((d(6, 14), None)));
    assert_eq!(h("第1回（6/14）"), Some((d(6, 14), Some("第1回".into()))));
    assert_eq!(h("第２回"), Some((None, Some("第２回".into()))));
    assert_eq!(
        h("第3回コーディネーター研修会"),
        Some((None, Some("第3回コーディネーター研修会".into())))
    );
    assert_eq!(h("研修名"), None);
    assert_eq!(h("第回"), None);
    assert_eq!(h("備考"), None);
}

#[test]
fn several_metadata_keys_in_one_cell() {
    assert_eq!(
        known_pairs("研修名：第１回 コーディネーター研修会　開催日: R7.6.14"),
        vec![
            ("研修名", "第１回 コーディネーター研修会".to_string()),
            ("開催日", "R7.6.14".to_string())
        ]
    );
    assert_eq!(
        known_pairs("研修会名：秋の研修"),
        vec![("研修会名", "秋の研修".to_string())]
    );
    assert!(known_pairs("令和7年度 研修会").is_empty());
}

#[test]
fn metadata_lines_make_a_session_sheet() {
    let grid = Grid {
        name: "第1回".into(),
        skipped: None,
        merges: Vec::new(),
        rows: vec![
            text_row(0, &["研修名：第1回コーディネーター研修会"]),
            text_row(1, &["開催日", "令和7年6月14日"]),
            text_row(3, &["氏名", "中学校区", "出欠"]),
            text_row(4, &["山田 太郎", "光陽", "○"]),
        ],
    };
    let t = find_tables(&grid, None, 2025);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].kind, Kind::Attendance);
    assert_eq!(t[0].meta.len(), 2);
    assert_eq!(
        t[0].meta_value(SESSION_NAME_KEYS).map(|m| m.value.clone()),
        Some(Val::Text("第1回コーディネーター研修会".into()))
    );
}
