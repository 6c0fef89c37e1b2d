//! The workbooks about people: 地域・コーディネーター一覧 (public: the seed's layout, no name),
//! コーディネーター名簿（内部用） (names, marked on every page) and 研修出席状況 (予定 sessions,
//! 不明（要確認）, the attendee list, 統括・チーフ first).

use super::*;
use std::io::Read;

/// Every part of an xlsx as text (sheets, headers and footers, properties, shared strings).
fn parts(path: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

/// Every person the analysis knows by name.
fn people(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a.coordinators.iter().map(|c| c.name.clone()).collect();
    v.extend(a.supporters.iter().map(|s| s.name.clone()));
    v.extend(
        a.sessions
            .iter()
            .flat_map(|s| s.attendance.iter().map(|x| x.name.clone())),
    );
    v.retain(|n| !n.starts_with('='));
    v.push("HYPERLINK".into());
    v
}

#[test]
fn the_public_workbook_lays_out_the_seed_and_names_no_one() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (out, _) = write(&a, tmp.path(), "out");
    let path = out.join(ROSTER_FILE);
    assert_eq!(
        sheet_names(&path),
        [roster::PUBLIC_SHEET, roster::RESOURCES_SHEET]
    );
    let r = read(&path, roster::PUBLIC_SHEET);
    assert_eq!(text(&r, 0, 0), "令和7年度 地域・コーディネーター一覧");
    assert_eq!(text(&r, 1, 0), "令和7年11月30日現在");

    // 統括本部: the city-wide roles with their count and affiliation, then the seed's note.
    let general = find_row(&r, 0, "統括コーディネーター");
    assert_eq!(num(&r, general, 2), 1.0);
    assert_eq!(text(&r, general, 3), "社会教育主事（社会教育課主幹）");
    assert_eq!(text(&r, general + 1, 0), "チーフコーディネーター");
    assert_eq!(num(&r, general + 1, 2), 1.0);
    assert!(text(&r, general + 2, 0).starts_with("※モデル地域以外のコーディネート"));

    // The model districts, 継続 before 新規, and the budget note right below them.
    let model = find_row(&r, 0, "R7年度モデル地域");
    let head = model + 2;
    assert_eq!(
        header(&r, head),
        [
            "モデル地域",
            "中学校区",
            "年度",
            "社会教育課",
            "地域の方",
            "地域の方の所属"
        ]
    );
    let rows: Vec<[String; 4]> = (head + 1..head + 4)
        .map(|row| [0, 1, 2, 4].map(|c| text(&r, row, c)))
        .collect();
    assert_eq!(
        rows,
        [
            ["継続", "光陽", "R6~7", "3"],
            ["", "永山", "R6~7", "2"],
            ["新規", "東陽", "R7~8", "2"],
        ]
        .map(|x| x.map(String::from))
    );
    assert_eq!(num(&r, head + 1, 3), 2.0);
    assert_eq!(
        text(&r, head + 1, 5),
        "学校運営協議会委員、地域まちづくり推進協議会委員"
    );
    assert_eq!(
        text(&r, head + 4, 0),
        "※R7予算配当は、12万円（6中学校区×2万円）"
    );

    // The support districts, and the planned addition's note where the seed puts it.
    let support = find_row(&r, 0, "R7年度伴走支援地域");
    let head = support + 2;
    assert_eq!(text(&r, head, 0), "伴走支援地域");
    assert_eq!(text(&r, head, 2), "モデル地域");
    assert_eq!(
        [0, 1, 2, 3].map(|c| text(&r, head + 1, c)),
        ["伴走支援", "旭川", "R3~6", "伴走支援"].map(String::from)
    );
    assert_eq!(num(&r, head + 1, 4), 7.0);
    assert_eq!(text(&r, head + 2, 1), "神楽");
    assert_eq!(text(&r, head + 3, 0), "※R7モデル地域は、1地域追加予定");

    let rollout = find_row(&r, 0, "全市展開の状況");
    assert_eq!(
        text(&r, rollout + 1, 0),
        "実施中学校区 5 / 全7中学校区（71.4%）、未実施 2中学校区"
    );

    // No one's name in any part of the workbook: cells, headers, footers, properties.
    for (part, body) in parts(&path) {
        for name in people(&a) {
            assert!(!body.contains(&name), "{part} names {name}");
        }
    }
}

#[test]
fn the_internal_roster_is_its_own_workbook_marked_on_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample();
    let (out, _) = write(&a, tmp.path(), "out");
    let path = out.join(INTERNAL_FILE);
    assert_eq!(sheet_names(&path), [internal::SHEET]);
    let r = read(&path, internal::SHEET);
    assert_eq!(text(&r, 0, 0), "令和7年度 コーディネーター名簿（内部用）");
    assert_eq!(text(&r, 3, 0), internal::MARK);
    let h = internal::HEADER_ROW;
    assert_eq!(
        header(&r, h),
        [
            "中学校区",
            "区分",
            "氏名",
            "所属・役職",
            "着任日",
            "退任日",
            "コーディネーター研修会\n受講回数",
            "受講状況"
        ]
    );
    // 統括・チーフ first, then by district in report order.
    let names: Vec<String> = (h + 1..h + 8).map(|row| text(&r, row, 2)).collect();
    assert_eq!(
        names,
        [
            "大西 隆之",
            "川村 美紀",
            "山田 太郎",
            "佐藤 花子",
            "鈴木 次郎",
            "=HYPERLINK(\"http://example.com\",\"x\")",
            "髙橋 一郎"
        ]
    );
    assert_eq!(text(&r, h + 1, 0), "全市");
    assert!(matches!(r.get_value((h + 3, 4)), Some(Data::DateTime(_))));
    assert_eq!(text(&r, h + 5, 7), "要受講");
    // Input text stays inert: a roster cell written like a formula is a string.
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let f = wb.worksheet_formula(internal::SHEET).unwrap();
    assert!(f.get_value((h + 6, 2)).is_none_or(|s| s.is_empty()));
    // The mark in the header of every printed page.
    let sheet = parts(&path)
        .into_iter()
        .find(|(p, _)| p == "xl/worksheets/sheet1.xml")
        .unwrap()
        .1;
    assert!(
        sheet.contains("<oddHeader>") && sheet.contains(internal::MARK),
        "{sheet}"
    );
}

#[test]
fn training_sheets_print_planned_sessions_unknown_districts_and_who_attended() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = write(&sample(), tmp.path(), "out");
    let path = out.join(TRAINING_FILE);
    assert_eq!(
        sheet_names(&path),
        [
            training::SESSIONS_SHEET,
            training::BY_DISTRICT_SHEET,
            training::ATTENDEES_SHEET,
            training::COORDINATORS_SHEET
        ]
    );
    let h = training::HEADER_ROW;

    // 研修会別: roles with 統括 first; the session after the as-of date is 予定, its counts blank.
    let r = read(&path, training::SESSIONS_SHEET);
    assert_eq!(
        header(&r, h),
        [
            "開催日",
            "研修名",
            "種別",
            "会場",
            "実施",
            "参加者数",
            "統括",
            "職員",
            "地域の方",
            "サポーター",
            "その他"
        ]
    );
    assert_eq!(text(&r, h - 1, 6), "区分別");
    assert_eq!(text(&r, h + 1, 4), "実施済");
    assert_eq!(num(&r, h + 2, 5), 4.0);
    assert_eq!(text(&r, h + 3, 4), "予定");
    assert_eq!(text(&r, h + 3, 5), "");
    assert_eq!(text(&r, h + 4, 0), "合計（実施済）");
    assert_eq!(num(&r, h + 4, 5), 16.0);
    assert!(text(&r, h + 5, 0).contains("統括：統括コーディネーター"));

    // 中学校区別: districts as rows; 全市 and 不明（要確認） after the districts, never 「不明」.
    let r = read(&path, training::BY_DISTRICT_SHEET);
    assert_eq!(
        header(&r, h),
        [
            "中学校区",
            "6月14日\n地域学校協働活動研修会",
            "7月5日\n第1回コーディネーター研修会",
            "2月14日\n第2回コーディネーター研修会\n（予定）",
            "合計"
        ]
    );
    let districts: Vec<String> = (h + 1..h + 9).map(|row| text(&r, row, 0)).collect();
    assert_eq!(
        districts,
        [
            "光陽",
            "永山",
            "東陽",
            "旭川",
            "神楽",
            "全市",
            "不明（要確認）",
            "合計"
        ]
    );
    assert_eq!(num(&r, h + 1, 1), 5.0);
    assert_eq!(text(&r, h + 1, 3), "予定");
    assert_eq!(num(&r, h + 1, 4), 7.0);
    assert_eq!(num(&r, h + 7, 1), 3.0);
    assert_eq!(num(&r, h + 8, 4), 16.0);

    // 出席者一覧: held sessions only, 統括 first within a session.
    let r = read(&path, training::ATTENDEES_SHEET);
    assert_eq!(
        header(&r, h),
        ["開催日", "研修名", "区分", "中学校区", "氏名"]
    );
    let rows: Vec<[String; 3]> = (h + 1..h + 8)
        .map(|row| [1, 3, 4].map(|c| text(&r, row, c)))
        .collect();
    assert_eq!(
        rows,
        [
            ["地域学校協働活動研修会", "光陽", "佐藤 花子"],
            ["地域学校協働活動研修会", "光陽", "見守 一郎"],
            ["地域学校協働活動研修会", "不明（要確認）", "来場 三郎"],
            ["第1回コーディネーター研修会", "全市", "大西 隆之"],
            ["第1回コーディネーター研修会", "光陽", "山田 太郎"],
            ["第1回コーディネーター研修会", "光陽", "佐藤 花子"],
            ["第1回コーディネーター研修会", "旭川", "髙橋 一郎"],
        ]
        .map(|x| x.map(String::from))
    );
    assert_eq!(text(&r, h + 8, 1), "");

    // コーディネーター別: 統括・チーフ first; the planned session's column blank, 予定 below.
    let r = read(&path, training::COORDINATORS_SHEET);
    assert_eq!(text(&r, h + 1, 1), "大西 隆之");
    assert_eq!(text(&r, h + 2, 1), "川村 美紀");
    assert_eq!(text(&r, h + 1, 3), "○");
    assert_eq!(text(&r, h + 1, 4), "");
    let count = find_row(&r, 0, "出席者数");
    assert_eq!(num(&r, count, 3), 4.0);
    assert_eq!(text(&r, count, 4), "予定");
    // The session headers are not clipped: the row is tall enough for their lines.
    let sheet = parts(&path)
        .into_iter()
        .find(|(p, _)| p == "xl/worksheets/sheet4.xml")
        .unwrap()
        .1;
    let row = format!("<row r=\"{}\"", h + 1);
    let at = sheet.find(&row).expect("header row");
    let ht: f64 = sheet[at..]
        .split("ht=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("a set height");
    assert!(ht >= 60.0, "header row {ht} pt for 4 lines");
}
