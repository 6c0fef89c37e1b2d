//! Writes the xlsx fixtures of tests/fixtures/ingest. Run after changing them:
//! `cargo test --test main ingest::make_fixtures -- --ignored`, then
//! `tests/fixtures/ingest/make_others.sh` for the converted, CSV and broken files.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::PathBuf;

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Writes the non-empty strings of a row.
fn put(ws: &mut Worksheet, row: u32, cells: &[&str]) -> Result<(), XlsxError> {
    for (c, s) in cells.iter().enumerate() {
        if !s.is_empty() {
            ws.write_string(row, c as u16, *s)?;
        }
    }
    Ok(())
}

fn date_format() -> Format {
    Format::new().set_num_format("yyyy/m/d")
}

/// Stable bytes: fixed creation time.
fn workbook() -> Workbook {
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 4, 1).unwrap());
    wb.set_properties(&props);
    wb
}

fn roster() -> Result<(), XlsxError> {
    let mut wb = workbook();
    let date = date_format();
    let ws = wb.add_worksheet().set_name("名簿")?;
    put(ws, 0, &["令和7年度 地域コーディネーター名簿"])?;
    put(ws, 1, &["作成日：令和7年4月1日"])?;
    put(
        ws,
        3,
        &["中学校区", "氏名", "区分", "所属・役職", "着任日", "備考欄"],
    )?;
    put(
        ws,
        4,
        &["記入例", "旭川 太郎", "地域の方", "PTA役員", "R7.4.1"],
    )?;
    ws.merge_range(5, 0, 7, 0, "光陽中学校区", &Format::new())?;
    put(
        ws,
        5,
        &[
            "",
            "山田 太郎",
            "社会教育課職員",
            "社会教育課・社会教育主事",
        ],
    )?;
    ws.write_datetime_with_format(5, 4, d(2025, 4, 1), &date)?;
    put(
        ws,
        6,
        &["", "佐藤 花子", "職員", "社会教育課", "令和7年4月1日"],
    )?;
    put(
        ws,
        7,
        &[
            "",
            "髙橋 一郎",
            "地域の方",
            "学校運営協議会委員、PTA役員",
            "",
            "兼任",
        ],
    )?;
    put(ws, 8, &["東光", "鈴木 次郎", "校長", "東光中学校"])?;
    put(
        ws,
        9,
        &["東光", "田中 三郎", "地域住民", "民生児童委員", "R7.13.40"],
    )?;
    put(
        ws,
        10,
        &["※ 区分は「社会教育課職員」「地域の方」のいずれかを記入"],
    )?;

    let ws = wb.add_worksheet().set_name("サポーター")?;
    ws.set_hidden(true);
    put(
        ws,
        0,
        &[
            "氏名",
            "中学校区",
            "活動内容",
            "ボランティア保険",
            "保険加入日",
        ],
    )?;
    put(ws, 1, &["伊藤 春子", "光陽", "読み聞かせ", "○"])?;
    ws.write_datetime_with_format(1, 4, d(2025, 5, 10), &date)?;
    put(ws, 2, &["渡辺 夏男", "東光中", "花壇整備", "×"])?;
    put(ws, 3, &["小林 秋代", "光陽中学校区", "見守り"])?;
    put(ws, 4, &["合計", "3名"])?;
    wb.save(dir().join("roster.xlsx"))
}

fn tables() -> Result<(), XlsxError> {
    let mut wb = workbook();
    let ws = wb.add_worksheet().set_name("一覧")?;
    put(ws, 0, &["中学校区一覧"])?;
    put(ws, 1, &["中学校区名", "区分", "モデル期間", "備考"])?;
    put(ws, 2, &["光陽中学校区", "モデル地域", "R6~7"])?;
    put(ws, 3, &["東光", "伴奏支援", "R4～R5"])?;
    put(
        ws,
        4,
        &[
            "旭川",
            "伴走支援地域",
            "令和3年度～令和6年度",
            "試行期間を含む",
        ],
    )?;
    put(ws, 5, &["神居", "未実施"])?;
    put(ws, 6, &["北星", "検討中", "R9~R8"])?;
    put(ws, 9, &["研修会一覧"])?;
    put(ws, 10, &["研修名", "開催日", "種別", "会場"])?;
    put(
        ws,
        11,
        &[
            "第1回コーディネーター研修会",
            "",
            "",
            "市民活動交流センター",
        ],
    )?;
    ws.write_datetime_with_format(11, 1, d(2025, 6, 14), &date_format())?;
    put(ws, 12, &["地域学校協働活動研修会", "R7.10.18"])?;
    put(
        ws,
        13,
        &["第2回研修会", "令和8年2月7日", "コーディネーター研修会"],
    )?;
    put(ws, 14, &["第3回コーディネーター研修会", "R7.13.40"])?;
    wb.save(dir().join("tables.xlsx"))
}

/// Dates as 1904-system serials; make_others.sh flips the workbook to the 1904 system.
fn expenses() -> Result<(), XlsxError> {
    let serial_1904 = |day: NaiveDate| (day - d(1904, 1, 1)).num_days() as f64;
    let mut wb = workbook();
    let ws = wb.add_worksheet().set_name("支出簿")?;
    put(ws, 0, &["令和7年度 支出簿"])?;
    put(
        ws,
        1,
        &[
            "支出日",
            "中学校区",
            "費目",
            "金額（円）",
            "支払先",
            "摘要",
            "活動日",
        ],
    )?;
    ws.write_number_with_format(2, 0, serial_1904(d(2025, 6, 20)), &date_format())?;
    put(ws, 2, &["", "光陽", "講師謝金", "", "山田 太郎"])?;
    ws.write_number(2, 3, 5000.0)?;
    // A serial without a date format, in a date column.
    ws.write_number(3, 0, serial_1904(d(2025, 7, 1)))?;
    put(ws, 3, &["", "東光", "消耗品費", "1.5万円"])?;
    put(
        ws,
        4,
        &[
            "R7.8.1",
            "光陽",
            "ボランティア保険料",
            "￥1,050",
            "",
            "",
            "7/30",
        ],
    )?;
    put(ws, 5, &["2025/9/1", "東光", "印刷製本費", "二千円"])?;
    put(ws, 6, &["合計"])?;
    ws.write_number(6, 3, 21050.0)?;
    let ws = wb.add_worksheet().set_name("予備")?;
    put(ws, 0, &["支出日", "中学校区", "費目", "摘要"])?;
    put(ws, 1, &["R7.9.1", "光陽", "消耗品費", "文具"])?;
    wb.save(dir().join("expenses_1904.xlsx"))
}

fn attendance() -> Result<(), XlsxError> {
    let mut wb = workbook();
    let ws = wb.add_worksheet().set_name("出席簿")?;
    put(ws, 0, &["コーディネーター研修会 出席簿"])?;
    put(
        ws,
        1,
        &[
            "氏名",
            "中学校区",
            "6/14",
            "",
            "第3回コーディネーター研修会",
            "備考",
        ],
    )?;
    ws.write_datetime_with_format(1, 3, d(2025, 10, 18), &date_format())?;
    put(ws, 2, &["山田 太郎", "光陽", "○", "×"])?;
    put(ws, 3, &["佐藤 花子", "光陽", "出", "欠", "✓"])?;
    put(ws, 4, &["髙橋 一郎", "光陽", "△", "", "〇"])?;
    let ws = wb.add_worksheet().set_name("第1回")?;
    put(ws, 0, &["研修名：第1回コーディネーター研修会"])?;
    put(ws, 1, &["開催日：令和7年6月14日"])?;
    put(ws, 3, &["氏名", "所属", "出欠"])?;
    put(ws, 4, &["山田 太郎", "光陽中学校区", "出席"])?;
    put(ws, 5, &["鈴木 次郎", "東光", "欠席"])?;
    put(ws, 6, &["田中 三郎", "東光"])?;
    let ws = wb.add_worksheet().set_name("一覧")?;
    put(ws, 0, &["氏名", "研修名", "開催日"])?;
    put(ws, 1, &["山田 太郎", "地域学校協働活動研修会", "R7.10.18"])?;
    wb.save(dir().join("attendance.xlsx"))
}

#[test]
#[ignore = "writes the committed fixtures"]
fn make_fixtures() {
    roster().unwrap();
    tables().unwrap();
    expenses().unwrap();
    attendance().unwrap();
}
