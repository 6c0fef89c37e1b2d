//! 執行率 on 予算配当表 (and 年度末報告, 前年度比較): its formula with its result, the
//! colours of a row over its allocation or over the warning ratio, and the notes that say
//! what they mean.

use super::{EXCLUDED, NO_RATIO};
use crate::analysis::Analysis;
use crate::model::a1;
use crate::report::style::Styles;
use rust_xlsxwriter::{
    column_number_to_name, ConditionalFormatFormula, Format, Formula, Worksheet, XlsxError,
};

/// 執行率 =IF(D4=0,"－",L4/D4) with its result; 「－」 rather than "" without an allocation,
/// because an empty cached result is written as 0 and a viewer would show 0.0%.
/// Colours the rows `rows` (first, last) up to the 執行率 column: red over the allocation,
/// yellow over the warning ratio. ISNUMBER keeps the 「－」 of a row without allocation out
/// (text compares above any number in Excel); spending where there is no allocation is over
/// budget too (BU001). `cols` are the 配当額, 支出計 and 執行率 columns.
pub(in crate::report) fn mark_over_budget(
    ws: &mut Worksheet,
    st: &Styles,
    a: &Analysis,
    (first, last): (u32, u32),
    (c_alloc, c_spent, c_ratio): (u16, u16, u16),
) -> Result<(), XlsxError> {
    let col_ref = |c: u16| format!("${}{}", column_number_to_name(c), first + 1);
    let (abs, alloc_ref, spent_ref) = (col_ref(c_ratio), col_ref(c_alloc), col_ref(c_spent));
    ws.add_conditional_format(
        first,
        0,
        last,
        c_ratio,
        &ConditionalFormatFormula::new()
            .set_rule(
                format!("=OR(AND(ISNUMBER({abs}),{abs}>1),AND({alloc_ref}=0,{spent_ref}>0))")
                    .as_str(),
            )
            .set_format(&st.over)
            .set_stop_if_true(true),
    )?;
    ws.add_conditional_format(
        first,
        0,
        last,
        c_ratio,
        &ConditionalFormatFormula::new()
            .set_rule(format!("=AND(ISNUMBER({abs}),{abs}>{})", a.budget.warn_ratio).as_str())
            .set_format(&st.warn),
    )?;
    Ok(())
}

/// The note under a table with a 費目 marked 対象外.
pub(in crate::report) fn excluded_legend() -> String {
    format!("※{EXCLUDED}の費目は配当予算で認められない費目です（BU004）。支出計には含めています。")
}

/// The note that says what the colours of [`mark_over_budget`] mean, with the config's ratio.
pub(in crate::report) fn over_budget_legend(a: &Analysis) -> String {
    format!(
        "※執行率が100%を超える行（配当のない支出を含む）は赤、{}を超える行は黄色で示します。",
        crate::numbers::ratio_label(a.budget.warn_ratio)
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn write_ratio(
    ws: &mut Worksheet,
    row: u32,
    c_alloc: u16,
    c_spent: u16,
    c_ratio: u16,
    alloc: i64,
    spent: i64,
    fmt: &Format,
) -> Result<(), XlsxError> {
    let d = a1(row, c_alloc);
    let k = a1(row, c_spent);
    let result = if alloc == 0 {
        NO_RATIO.to_string()
    } else {
        (spent as f64 / alloc as f64).to_string()
    };
    ws.write_formula_with_format(
        row,
        c_ratio,
        Formula::new(format!("=IF({d}=0,\"{NO_RATIO}\",{k}/{d})")).set_result(result),
        fmt,
    )?;
    Ok(())
}
