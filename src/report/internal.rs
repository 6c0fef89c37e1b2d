//! コーディネーター名簿（内部用）.xlsx: the coordinators by district with their names, roles,
//! affiliations, terms and training — for the 統括本部 only. A workbook of its own, so that
//! 「save the whole workbook as PDF」 of the public 地域・コーディネーター一覧 never carries a name;
//! every printed page says 取扱注意（内部用） in its header, and the sheet says it above the table.

use super::continued::Continued;
use super::page::{Page, Table, BODY_ROW};
use super::style::{Styles, Widths};
use super::training::coordinators_in_order;
use crate::analysis::Analysis;
use crate::calendar::wareki;
use rust_xlsxwriter::{Color, XlsxError};

pub const SHEET: &str = "コーディネーター名簿";
/// The mark on every printed page and above the table.
pub const MARK: &str = "取扱注意（内部用）";
/// 0-based header row: below the title block and the mark.
pub const HEADER_ROW: u32 = BODY_ROW + 1;

/// Builds the workbook; the bytes depend on the Analysis only.
pub fn build(a: &Analysis) -> Result<Vec<u8>, XlsxError> {
    let page = Page::of(a);
    let mut wb = page.workbook("コーディネーター名簿（内部用）")?;
    let st = Styles::new();
    let mark = super::style::base()
        .set_bold()
        .set_font_color(Color::RGB(0xC00000));
    let heads = [
        "中学校区",
        "区分",
        "氏名",
        "所属・役職",
        "着任日",
        "退任日",
        "コーディネーター研修会\n受講回数",
        "受講状況",
    ];
    let mut w = Widths::new();
    for (i, h) in heads.iter().enumerate() {
        w.fit(i as u16, h);
    }
    // Past a sheet's rows the list goes on to 「コーディネーター名簿 (2)」, each part marked.
    let mut t = Continued::new(&mut wb, SHEET, |ws, _| {
        page.title_block(ws, &st, "コーディネーター名簿（内部用）")?;
        ws.write_string_with_format(BODY_ROW, 0, MARK, &mark)?;
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, i as u16, *h, &st.header)?;
        }
        ws.set_row_height(HEADER_ROW, 30)?;
        Ok(HEADER_ROW)
    })?;
    let date_or_blank = |ws: &mut rust_xlsxwriter::Worksheet,
                         row: u32,
                         col: u16,
                         d: Option<chrono::NaiveDate>|
     -> Result<(), XlsxError> {
        match d {
            Some(d) => ws.write_date_with_format(row, col, d, &st.date)?,
            None => ws.write_blank(row, col, &st.text)?,
        };
        Ok(())
    };
    let labels = super::DistrictLabels::new(a);
    for c in coordinators_in_order(a) {
        let (ws, row) = t.row(&mut wb)?;
        let district = labels.coordinator(c);
        let aff = super::style::join_cell(&c.affiliations, "、");
        ws.write_string_with_format(row, 0, &district, &st.text)?;
        ws.write_string_with_format(row, 1, c.role.label(), &st.text)?;
        ws.write_string_with_format(row, 2, &c.name, &st.text)?;
        ws.write_string_with_format(row, 3, &aff, &st.wrap)?;
        date_or_blank(ws, row, 4, c.appointed)?;
        date_or_blank(ws, row, 5, c.retired)?;
        ws.write_number_with_format(
            row,
            6,
            f64::from(c.coordinator_trainings_attended),
            &st.count,
        )?;
        ws.write_string_with_format(row, 7, c.compliance.label(), &st.center)?;
        w.fit(0, &district);
        w.fit(1, c.role.label());
        w.fit(2, &c.name);
        w.fit(3, &aff);
        for day in [c.appointed, c.retired].into_iter().flatten() {
            w.fit(4, &wareki(day));
        }
    }
    w.fit(6, "受講回数");
    t.finish(&mut wb, |ws, _, header, last| {
        w.apply(ws)?;
        ws.set_freeze_panes(header + 1, 0)?;
        ws.autofilter(header, 0, last, heads.len() as u16 - 1)?;
        page.setup(
            ws,
            true,
            Some(Table {
                header: (header, header),
                last,
            }),
        )?;
        // Centred and bold at the top of every printed page, where a reader looks first.
        ws.set_header(format!("&C&\"-,Bold\"&12{MARK}"));
        Ok(())
    })?;
    wb.save_to_buffer()
}
