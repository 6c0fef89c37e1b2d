//! 予算配当表's ボランティア保険料の見込み: each district's insured supporters × the config's
//! premium beside what its ledger spent on the 費目 ボランティア保険料, read back as a clerk sees it.

use super::*;
use crate::report::budget::insurance::{HEADS, TITLE};

#[test]
fn expected_premium_beside_the_ledgers_insurance_spending() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = sample();
    // Not the default 350: the block reads the config in force.
    a.budget.insurance_premium = 400;
    for (name, insured) in [("光陽", 2), ("永山", 3), ("中央", 1)] {
        let d = a.districts.iter_mut().find(|d| d.name == name).unwrap();
        d.insured_supporters = insured;
    }
    let (out, _) = write(&a, tmp.path(), "out");
    let path = out.join(BUDGET_FILE);
    let r = read(&path, budget::SHEET);
    let title = find_row(&r, 0, TITLE);
    assert_eq!(header(&r, title + 1), HEADS);
    // The main table's 合計 comes first; the block's is the one below its title.
    let total = (title..).find(|row| text(&r, *row, 0) == "合計").unwrap();
    let rows: Vec<Vec<String>> = (title + 2..total)
        .map(|row| (0..6).map(|c| text(&r, row, c)).collect())
        .collect();
    // Allocated districts in report order, then 中央 (no allocation, but insured
    // supporters); 北星 has neither and is left out. 永山 spent 2,000 on insurance against
    // 3 × 400 expected.
    assert_eq!(
        rows,
        [
            ["光陽", "2", "400", "800", "0", "800"],
            ["永山", "3", "400", "1200", "2000", "-800"],
            ["東陽", "0", "400", "0", "0", "0"],
            ["旭川", "0", "400", "0", "0", "0"],
            ["神楽", "0", "400", "0", "0", "0"],
            ["中央", "1", "400", "400", "0", "400"],
        ]
    );
    assert_eq!(
        (1..6).map(|c| text(&r, total, c)).collect::<Vec<_>>(),
        ["6", "", "2400", "2000", "400"]
    );
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let f = wb.worksheet_formula(budget::SHEET).unwrap();
    let formula = |row: u32, c: u32| f.get_value((row, c)).cloned().unwrap_or_default();
    let first = title + 2;
    let excel_row = first + 1;
    assert_eq!(
        formula(first, 3),
        format!("B{excel_row}*C{excel_row}"),
        "見込額 = 保険加入者 × 掛金"
    );
    assert_eq!(formula(first, 5), format!("D{excel_row}-E{excel_row}"));
    assert_eq!(formula(total, 3), format!("SUM(D{excel_row}:D{total})"));
    find_row(
        &r,
        0,
        "※見込額＝保険加入者×掛金（1人 400円、設定の掛金）。保険加入者は、サポーター名簿で保険に加入し、加入日が今年度（または記載なし）の人数です。",
    );
    find_row(
        &r,
        0,
        "※支出額は支出簿の費目「ボランティア保険料」の今年度の支出、差額は見込額−支出額です（△は見込額を超えた支出）。",
    );
}
