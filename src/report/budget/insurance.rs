//! ボランティア保険料の見込み on 予算配当表: per district, the premium the year's insured
//! supporters should cost (保険加入者 × the config's `insurance.premium`) beside what the
//! ledgers spent on the 費目 ボランティア保険料, so the clerk sees a premium not yet paid,
//! or paid for more people than the rosters insure.

use crate::analysis::{Analysis, DistrictView};
use crate::model::{a1, Status};
use crate::names::name_key;
use crate::report::districts_in_report_order;
use crate::report::style::{thousands, Styles, Widths, PEOPLE};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

/// The block's title.
pub const TITLE: &str = "ボランティア保険料の見込み";
/// The 費目 the premium is paid from (spec §3's allowed 費目).
pub const CATEGORY: &str = "ボランティア保険料";
/// The block's column heads (A..F under the main table's columns).
pub const HEADS: [&str; 6] = ["中学校区", "保険加入者", "掛金", "見込額", "支出額", "差額"];

/// The districts the block lists, in report order: those with an allocation (model and
/// support districts), and any other whose supporters are insured or whose ledger pays a
/// premium.
fn districts<'a>(a: &'a Analysis, category: Option<&str>) -> Vec<&'a DistrictView> {
    districts_in_report_order(a)
        .into_iter()
        .filter(|d| {
            d.allocation > 0
                || matches!(d.status, Status::Model | Status::Support)
                || d.insured_supporters > 0
                || spent(d, category) != 0
        })
        .collect()
}

/// The year's spending of a district on the insurance 費目.
fn spent(d: &DistrictView, category: Option<&str>) -> i64 {
    category
        .and_then(|c| d.spent_by_category.get(c))
        .copied()
        .unwrap_or(0)
}

/// The insurance 費目 as the budget's columns spell it (the config's spelling), if any
/// ledger or the config names it.
fn category(a: &Analysis) -> Option<&str> {
    let key = name_key(CATEGORY);
    a.budget
        .categories
        .iter()
        .find(|c| name_key(c) == key)
        .map(String::as_str)
}

/// Writes the block from `row` down: the title, the heads, one line per district with its
/// 見込額 (=保険加入者×掛金) and 差額 (=見込額−支出額) as live formulas carrying their
/// results, the 合計 and the notes. Returns the first row after it.
pub(super) fn write(
    ws: &mut Worksheet,
    a: &Analysis,
    st: &Styles,
    w: &mut Widths,
    row: u32,
) -> Result<u32, XlsxError> {
    let premium = a.budget.insurance_premium;
    let cat = category(a);
    let list = districts(a, cat);
    let mut r = row;
    ws.write_string_with_format(r, 0, TITLE, &st.section)?;
    // 「（単位：円）」 over the amounts, as the main table has it.
    crate::report::page::write_unit(ws, st, r, HEADS.len() as u16 - 1)?;
    r += 1;
    for (c, h) in HEADS.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &st.header)?;
        w.fit(c as u16, h);
    }
    r += 1;
    let first = r;
    let (mut insured, mut expected, mut paid) = (0i64, 0i64, 0i64);
    for d in &list {
        let n = i64::from(d.insured_supporters);
        let x = n.saturating_mul(premium);
        let s = spent(d, cat);
        ws.write_string_with_format(r, 0, &d.name, &st.text)?;
        ws.write_number_with_format(r, 1, n as f64, &st.people)?;
        ws.write_number_with_format(r, 2, premium as f64, &st.yen)?;
        ws.write_formula_with_format(
            r,
            3,
            Formula::new(format!("={}*{}", a1(r, 1), a1(r, 2))).set_result(x.to_string()),
            &st.yen,
        )?;
        ws.write_number_with_format(r, 4, s as f64, &st.yen_blank)?;
        ws.write_formula_with_format(
            r,
            5,
            Formula::new(format!("={}-{}", a1(r, 3), a1(r, 4))).set_result((x - s).to_string()),
            &st.yen,
        )?;
        w.fit(0, &d.name);
        w.fit(1, &format!("{n}名"));
        w.fit_yen(2, premium);
        w.fit_yen(3, x);
        w.fit_yen(4, s);
        w.fit_yen(5, x - s);
        insured += n;
        expected = expected.saturating_add(x);
        paid = paid.saturating_add(s);
        r += 1;
    }
    let total = r;
    let sum = |col: u16| {
        if list.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(first, col), a1(total - 1, col))
        }
    };
    ws.write_string_with_format(total, 0, "合計", &st.total_label)?;
    let total_people = st.total_count.clone().set_num_format(PEOPLE);
    for (col, value, f) in [
        (1, insured, &total_people),
        (3, expected, &st.total_yen),
        (4, paid, &st.total_yen_blank),
        (5, expected - paid, &st.total_yen),
    ] {
        ws.write_formula_with_format(
            total,
            col,
            Formula::new(sum(col)).set_result(value.to_string()),
            f,
        )?;
        w.fit_yen(col, value);
    }
    ws.write_blank(total, 2, &st.total_label)?;
    r = total + 1;
    for n in notes(premium) {
        ws.write_string_with_format(r, 0, n, &st.note)?;
        r += 1;
    }
    Ok(r)
}

/// What the block's figures are, in the sheet's words.
fn notes(premium: i64) -> [String; 2] {
    [
        format!(
            "※見込額＝保険加入者×掛金（1人 {}円、設定の掛金）。保険加入者は、サポーター名簿で保険に加入し、加入日が今年度（または記載なし）の人数です。",
            thousands(premium)
        ),
        format!(
            "※支出額は支出簿の費目「{CATEGORY}」の今年度の支出、差額は見込額−支出額です（△は見込額を超えた支出）。"
        ),
    ]
}
