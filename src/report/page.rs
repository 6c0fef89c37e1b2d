//! The office's page (spec §4): the title block every sheet opens with, the file properties
//! and the printed page every sheet shares. Every workbook builder calls [`Page`], so that a
//! report looks like the office made it: 「令和7年度 予算配当表」, 「令和7年11月30日現在」,
//! 作成日 and 作成者 (config `office.name`) — the tool's name and version only in the file
//! properties and the inventory sheet.
//!
//! 作成日 is the as-of date: the reports never look at the clock (the same inputs, config and
//! --as-of give the same bytes), and the office dates a monthly report by the day it reports on.

use super::style::Styles;
use crate::analysis::Analysis;
use crate::calendar::{fy_label, wareki};
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

/// The tool's version, in the file properties and the inventory sheet (nowhere else).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The first row free below the title block (Excel row 4): title, 現在, 作成日・作成者.
pub const BODY_ROW: u32 = 3;
/// 「（単位：円）」, written once above each table of amounts.
pub const UNIT: &str = "（単位：円）";
/// Marks every title of a `--redact` run.
pub const REDACTED: &str = "（匿名化版）";

/// Points of a printed row the estimate of a page allows for (a wrapped header or message
/// makes some rows taller than the 15 pt of one line).
const ROW_POINTS: f64 = 18.0;
/// Printable height of A4 in points (297 × 210 mm) less the top and bottom margins below.
const A4_LONG: f64 = 842.0;
const A4_SHORT: f64 = 595.0;
const MARGIN_IN: f64 = 0.6;

/// Who made a report and as of when: what every title block and footer says.
#[derive(Clone, Debug)]
pub struct Page {
    pub fiscal_year: i32,
    pub as_of: NaiveDate,
    /// 作成者 (config `office.name`).
    pub office: String,
    /// A `--redact` run: every title says 匿名化版.
    pub redacted: bool,
}

/// A table's header rows and its last row, for print titles: they repeat on every page
/// only when the table runs past the first page.
#[derive(Clone, Copy, Debug)]
pub struct Table {
    pub header: (u32, u32),
    pub last: u32,
}

impl Table {
    /// A table with a one-row header.
    pub fn new(header: u32, last: u32) -> Table {
        Table {
            header: (header, header),
            last,
        }
    }
}

impl Page {
    pub fn of(a: &Analysis) -> Page {
        Page {
            fiscal_year: a.fiscal_year,
            as_of: a.as_of,
            office: a.office.clone(),
            redacted: a.redacted,
        }
    }

    /// 「令和7年度 予算配当表」, with 「（匿名化版）」 under `--redact`.
    pub fn title(&self, name: &str) -> String {
        let mark = if self.redacted { REDACTED } else { "" };
        format!("{} {name}{mark}", fy_label(self.fiscal_year))
    }

    /// 「令和7年11月30日現在」.
    pub fn as_of_line(&self) -> String {
        format!("{}現在", wareki(self.as_of))
    }

    /// 「作成日：令和7年11月30日　作成者：旭川市教育委員会社会教育課」.
    pub fn made_by_line(&self) -> String {
        format!("作成日：{}　作成者：{}", wareki(self.as_of), self.office)
    }

    /// A new workbook: the report font as its default, the properties fixed by the as-of
    /// date (the same Analysis gives the same bytes), the tool named there and only there.
    pub fn workbook(&self, name: &str) -> Result<Workbook, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_default_format(&super::style::base(), 20, 64)?;
        wb.set_zip_compression_level(3);
        let created = self.as_of.and_hms_opt(0, 0, 0).unwrap_or_default();
        let props = DocProperties::new()
            .set_title(self.title(name))
            .set_author(&self.office)
            .set_company(&self.office)
            .set_comment(format!("kyodo {VERSION} で作成"))
            .set_creation_datetime(&created);
        wb.set_properties(&props);
        Ok(wb)
    }

    /// Writes the title block into rows 1–3 and returns the first row below it
    /// ([`BODY_ROW`]). `name` is the sheet's title without the year (「予算配当表」).
    pub fn title_block(
        &self,
        ws: &mut Worksheet,
        st: &Styles,
        name: &str,
    ) -> Result<u32, XlsxError> {
        ws.write_string_with_format(0, 0, self.title(name), &st.title)?;
        ws.set_row_height(0, 21)?;
        ws.write_string_with_format(1, 0, self.as_of_line(), &st.note)?;
        ws.write_string_with_format(2, 0, self.made_by_line(), &st.note)?;
        Ok(BODY_ROW)
    }

    /// A4, fit to the page width, the footer with 基準日 and the page number; the table's
    /// header rows repeated on every page when it runs past the first.
    pub fn setup(
        &self,
        ws: &mut Worksheet,
        landscape: bool,
        table: Option<Table>,
    ) -> Result<(), XlsxError> {
        ws.set_paper_size(9);
        if landscape {
            ws.set_landscape();
        }
        ws.set_print_fit_to_pages(1, 0);
        ws.set_margins(0.5, 0.5, MARGIN_IN, MARGIN_IN, 0.3, 0.3);
        if let Some(t) = table.filter(|t| runs_past_a_page(t.last, landscape)) {
            ws.set_repeat_rows(t.header.0, t.header.1)?;
        }
        ws.set_footer(self.footer());
        Ok(())
    }

    /// 「基準日 令和7年11月30日」 left, 「1 / 3」 centre, the office right.
    pub fn footer(&self) -> String {
        format!(
            "&L基準日 {}&C&P / &N&R{}",
            wareki(self.as_of),
            self.office.replace('&', "&&")
        )
    }

    /// A header on every printed page, e.g. 「取扱注意（内部用）」 for a sheet of names.
    pub fn mark_every_page(&self, ws: &mut Worksheet, text: &str) -> Result<(), XlsxError> {
        ws.set_header(format!("&R{}", text.replace('&', "&&")));
        Ok(())
    }
}

/// Writes 「（単位：円）」 right-aligned in `col` of `row` (above a table's last amount
/// column: the text runs left over the empty cells, as the office places it).
pub fn write_unit(ws: &mut Worksheet, st: &Styles, row: u32, col: u16) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, UNIT, &st.unit)?;
    Ok(())
}

/// Whether a table ending at 0-based `last` may not fit on the first printed page: rows at
/// full scale (fitting to the width only shrinks them, so this errs toward repeating).
pub fn runs_past_a_page(last: u32, landscape: bool) -> bool {
    let height = if landscape { A4_SHORT } else { A4_LONG } - 2.0 * MARGIN_IN * 72.0;
    f64::from(last + 1) * ROW_POINTS > height
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(redacted: bool) -> Page {
        Page {
            fiscal_year: 2025,
            as_of: NaiveDate::from_ymd_opt(2025, 11, 30).unwrap(),
            office: "旭川市教育委員会社会教育課".into(),
            redacted,
        }
    }

    #[test]
    fn the_office_writes_the_title_block() {
        let p = page(false);
        assert_eq!(p.title("予算配当表"), "令和7年度 予算配当表");
        assert_eq!(p.as_of_line(), "令和7年11月30日現在");
        assert_eq!(
            p.made_by_line(),
            "作成日：令和7年11月30日　作成者：旭川市教育委員会社会教育課"
        );
        assert_eq!(
            page(true).title("予算配当表"),
            "令和7年度 予算配当表（匿名化版）"
        );
        let f = p.footer();
        assert!(
            f.contains("基準日 令和7年11月30日") && f.contains("&P / &N"),
            "{f}"
        );
        assert!(!f.contains("kyodo"), "{f}");
    }

    #[test]
    fn print_titles_only_past_a_page() {
        assert!(!runs_past_a_page(20, true));
        assert!(runs_past_a_page(40, true));
        assert!(!runs_past_a_page(35, false));
        assert!(runs_past_a_page(60, false));
    }
}
