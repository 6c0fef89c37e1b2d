//! 予算配当表's 支出明細: every expense counted this year, by district and date, each with
//! a link to the cell it was read from, and a 合計 that follows a filter — continued on
//! 「支出明細 (2)」… past a sheet's rows.

use super::{DETAIL_SHEET, HEADER_ROW, NO_ALLOCATION};
use crate::analysis::Analysis;
use crate::model::a1;
use crate::report::check::Links;
use crate::report::continued::{self, Continued};
use crate::report::district_rank;
use crate::report::page::{write_unit, Page, Table};
use crate::report::style::{Styles, Widths};
use rust_xlsxwriter::{Formula, Workbook, XlsxError};

/// 支出明細: every expense counted this year, by district (report order) and date, with a
/// link to its 金額 cell; SUBTOTAL totals that follow a filter (one district, one 費目). Past
/// a sheet's rows the list goes on to 「支出明細 (2)」, and the total adds up every part.
pub(super) fn detail_sheet(
    wb: &mut Workbook,
    a: &Analysis,
    page: &Page,
    st: &Styles,
    links: &Links,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let heads = [
        "中学校区",
        "支出日",
        "費目",
        "金額",
        "備考",
        "ファイル",
        "シート",
        "セル",
    ];
    const AMOUNT: u16 = 3;
    for (c, h) in heads.iter().enumerate() {
        w.fit(c as u16, h);
    }
    let mut t = Continued::new(wb, DETAIL_SHEET, |ws, _| {
        page.title_block(ws, st, "予算配当表（支出明細）")?;
        write_unit(ws, st, HEADER_ROW - 1, AMOUNT)?;
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, *h, &st.header)?;
        }
        Ok(HEADER_ROW)
    })?;
    let rank = district_rank(a);
    let mut list: Vec<&crate::analysis::ExpenseView> = a.expenses.iter().collect();
    // Listed districts in report order, then the others by name; by date within; stable.
    list.sort_by(|x, y| {
        let key = |e: &crate::analysis::ExpenseView| {
            (
                rank.get(&e.district).copied().unwrap_or(usize::MAX),
                e.district.clone(),
                e.paid_on,
            )
        };
        key(x).cmp(&key(y))
    });
    let mut total = 0i64;
    for e in &list {
        let (ws, row) = t.row(wb)?;
        let mut marks = Vec::new();
        if !e.allowed {
            marks.push("費目が対象外（BU004）".to_string());
        }
        if !e.allocated {
            marks.push(format!("{NO_ALLOCATION}（BU001・CO001）"));
        }
        let note = crate::report::style::join_cell(&marks, "、");
        let (tf, yf) = if note.is_empty() {
            (&st.text, &st.yen)
        } else {
            (&st.excluded_text, &st.excluded_yen)
        };
        ws.write_string_with_format(row, 0, &e.district, tf)?;
        ws.write_date_with_format(row, 1, e.paid_on, &st.date)?;
        ws.write_string_with_format(row, 2, &e.category, tf)?;
        ws.write_number_with_format(row, AMOUNT, e.amount as f64, yf)?;
        ws.write_string_with_format(row, 4, &note, tf)?;
        ws.write_string_with_format(row, 5, &e.file, &st.text)?;
        ws.write_string_with_format(row, 6, &e.sheet, &st.text)?;
        match links.to(&e.file, &e.sheet, &e.cell) {
            Some(url) => ws.write_url_with_options(row, 7, url, &e.cell, "", Some(&st.link))?,
            None => ws.write_string_with_format(row, 7, &e.cell, &st.center)?,
        };
        w.fit(0, &e.district);
        w.fit(2, &e.category);
        w.fit_yen(AMOUNT, e.amount);
        w.fit(4, &note);
        w.fit(5, &e.file);
        w.fit(6, &e.sheet);
        w.fit(7, &e.cell);
        total = total.saturating_add(e.amount);
    }
    if list.is_empty() {
        let (ws, row) = t.row(wb)?;
        ws.write_string_with_format(row, 0, "この年度の支出はありません", &st.text)?;
    }
    // The total below the last part: one SUBTOTAL per part, so that a filter on any part
    // still counts only what it shows.
    // 合計, a blank row and the note.
    t.tail_with_room(wb, 3)?;
    let parts = t.parts();
    let (ws, row) = t.tail(wb)?;
    ws.write_string_with_format(row, 0, "合計", &st.total_label)?;
    for c in [1, 2, 4, 5, 6, 7] {
        ws.write_blank(row, c, &st.total_label)?;
    }
    let f = if list.is_empty() {
        "=0".to_string()
    } else {
        let last_part = parts.len();
        let sums: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(i, &(header, last))| {
                let range = format!("{}:{}", a1(header + 1, AMOUNT), a1(last, AMOUNT));
                if i + 1 == last_part {
                    format!("SUBTOTAL(109,{range})")
                } else {
                    let sheet = continued::part_name(DETAIL_SHEET, i + 1);
                    format!("SUBTOTAL(109,'{sheet}'!{range})")
                }
            })
            .collect();
        format!("={}", sums.join("+"))
    };
    ws.write_formula_with_format(
        row,
        AMOUNT,
        Formula::new(f).set_result(total.to_string()),
        &st.total_yen,
    )?;
    w.fit_yen(AMOUNT, total);
    w.fit(1, "令和10年12月31日");
    ws.write_string_with_format(
        row + 2,
        0,
        "※セルの番地をクリックすると、入力ファイルのその金額のセルが開きます。合計は絞り込んだ行だけを足します。",
        &st.note,
    )?;
    let total_row = row;
    let last_part = parts.len();
    t.finish(wb, |ws, part, header, last| {
        w.apply(ws)?;
        ws.set_freeze_panes(header + 1, 1)?;
        ws.autofilter(header, 0, last, 7)?;
        let end = if part == last_part { total_row } else { last };
        page.setup(ws, true, Some(Table::new(header, end)))?;
        Ok(())
    })
}
