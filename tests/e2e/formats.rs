//! Inputs other than .xlsx (spec §1): CSV as Japanese Excel saves it (Shift_JIS/CP932) and
//! UTF-8 with a BOM, read like the workbook they replace.

use super::util::{copy_samples, district, kyodo, list_findings, read_summary};

/// 光陽's five expenses of samples/支出簿.xlsx, typed the way the office types them.
const KOYO_LEDGER: &str = "令和7年度 光陽中学校区 支出簿\r\n\
支出日,中学校区,費目,金額（円）,支払先,摘要\r\n\
2025/5/20,光陽,ボランティア保険料,1750,旭川市社会福祉協議会,サポーター5名分\r\n\
R7.6.28,光陽中学校区,講師謝金,\"5,000円\",森川 慎一,家庭教育講座 講師\r\n\
令和7年7月31日,光陽,コーディネーター謝金,6000,田中 義男,4～7月 コーディネート謝金\r\n\
2025-09-12,光陽,消耗品費,2450,文具のまるやま,画用紙・マーカー\r\n\
R7/10/24,光陽,印刷製本費,1300,あさひ印刷,活動報告チラシ\r\n\
合計,,,16500,,\r\n";

fn run_with_csv(bytes: &[u8]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    copy_samples(&office);
    std::fs::remove_file(office.join("支出簿.xlsx")).unwrap();
    std::fs::write(office.join("支出簿.csv"), bytes).unwrap();
    let out = kyodo(dir.path(), &["run", "office", "--out", "out"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.dump());
    read_summary(&dir.path().join("out"))
}

fn assert_koyo_ledger_read(s: &serde_json::Value) {
    assert_eq!(district(s, "光陽")["spent"], 16500, "{}", list_findings(s));
    assert_eq!(district(s, "永山")["spent"], 0);
    // The 10/24 expense (row 7, 金額 in column D) takes 光陽 over 80%.
    let bu002: Vec<_> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "BU002" && f["file"] == "支出簿.csv")
        .collect();
    assert_eq!(bu002.len(), 1, "{}", list_findings(s));
    assert_eq!(bu002[0]["severity"], "warning");
    assert_eq!(bu002[0]["cell"], "D7", "{}", bu002[0]);
    let in003: Vec<_> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "IN003" && f["file"] == "支出簿.csv")
        .collect();
    assert!(in003.is_empty(), "{in003:#?}");
    let inputs = s["inputs"].as_array().unwrap();
    assert!(
        inputs
            .iter()
            .any(|i| i["file"] == "支出簿.csv" && i["kind"] == "expenses"),
        "{inputs:#?}"
    );
}

#[test]
fn shift_jis_csv_ledger_is_read_like_the_workbook() {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(KOYO_LEDGER);
    assert!(!unmappable);
    assert_koyo_ledger_read(&run_with_csv(&bytes));
}

#[test]
fn utf8_bom_csv_ledger_is_read_like_the_workbook() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(KOYO_LEDGER.as_bytes());
    assert_koyo_ledger_read(&run_with_csv(&bytes));
}
