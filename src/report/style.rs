//! Every cell format of the reports in one place, and the page setup and column widths
//! they share. One font throughout: Excel mixes fonts badly when a format forgets it.

use crate::calendar::{fy_label, wareki};
use crate::VERSION;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    ChartFont, Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// The one font of every report.
pub const FONT: &str = "游ゴシック";
pub const FONT_SIZE: f64 = 10.0;
/// Yen with thousands separators, as the budget office writes amounts.
pub const YEN: &str = "\"¥\"#,##0";
/// A real date shown in 和暦 (令和7年6月14日), sortable and filterable.
pub const WAREKI_DATE: &str = "[$-411]ggge\"年\"m\"月\"d\"日\"";
pub const PERCENT: &str = "0.0%";
/// Counts of people: 「3名」 while the cell stays a number.
pub const PEOPLE: &str = "0\"名\"";

/// The base every format starts from, so that no format falls back to Calibri.
pub(crate) fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_font_charset(128)
}

/// The formats of one workbook.
pub struct Styles {
    pub default: Format,
    pub title: Format,
    pub section: Format,
    pub note: Format,
    pub header: Format,
    pub group: Format,
    pub text: Format,
    pub wrap: Format,
    pub center: Format,
    pub count: Format,
    pub people: Format,
    pub yen: Format,
    pub percent: Format,
    pub date: Format,
    pub total_label: Format,
    pub total_count: Format,
    pub total_yen: Format,
    pub total_percent: Format,
    pub link: Format,
    pub planned_text: Format,
    pub planned_yen: Format,
    /// Conditional formats for 執行率: over the allocation, over the warning ratio.
    pub over: Format,
    pub warn: Format,
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

impl Styles {
    pub fn new() -> Styles {
        // Centred vertically: a wrapped neighbour makes a row taller than one line.
        let cell = || {
            base()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
        };
        let total = || cell().set_bold().set_background_color(Color::RGB(0xF2F2F2));
        let planned = || cell().set_font_color(Color::RGB(0x595959)).set_italic();
        Styles {
            default: base(),
            title: base().set_bold().set_font_size(11),
            section: base().set_bold().set_font_size(11),
            note: base(),
            header: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7)),
            group: cell()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xBDD7EE)),
            text: cell(),
            wrap: cell().set_text_wrap().set_align(FormatAlign::Top),
            center: cell().set_align(FormatAlign::Center),
            count: cell().set_num_format("#,##0"),
            people: cell().set_num_format(PEOPLE),
            yen: cell().set_num_format(YEN),
            percent: cell().set_num_format(PERCENT),
            date: cell().set_num_format(WAREKI_DATE),
            total_label: total(),
            total_count: total().set_num_format("#,##0"),
            total_yen: total().set_num_format(YEN),
            total_percent: total().set_num_format(PERCENT),
            link: cell()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            planned_text: planned(),
            planned_yen: planned().set_num_format(YEN),
            over: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warn: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
        }
    }
}

/// A new workbook with the report font as its default and properties fixed by the as-of date,
/// so that the same Analysis gives the same bytes.
pub fn new_workbook(title: &str, as_of: NaiveDate) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_default_format(&base(), 20, 64)?;
    wb.set_zip_compression_level(3);
    let created = as_of.and_hms_opt(0, 0, 0).unwrap_or_default();
    let props = DocProperties::new()
        .set_title(title)
        .set_author("kyodo")
        .set_company("旭川市教育委員会社会教育課")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    Ok(wb)
}

/// 「令和7年度 予算配当表 基準日 令和7年11月30日 kyodo 0.1.0」: the line every sheet opens with.
pub fn cover_line(fy: i32, title: &str, as_of: NaiveDate) -> String {
    format!(
        "{} {} 基準日 {} kyodo {}",
        fy_label(fy),
        title,
        wareki(as_of),
        VERSION
    )
}

/// Writes the cover line into A1.
pub fn write_cover(
    ws: &mut Worksheet,
    st: &Styles,
    fy: i32,
    title: &str,
    as_of: NaiveDate,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, cover_line(fy, title, as_of), &st.title)?;
    Ok(())
}

/// A4, fit to the page width, the header rows on every page, page number and as-of date
/// in the footer.
pub fn page_setup(
    ws: &mut Worksheet,
    landscape: bool,
    repeat: Option<(u32, u32)>,
    as_of: NaiveDate,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_footer(format!(
        "&L基準日 {}&C&P / &N&Rkyodo {}",
        wareki(as_of),
        VERSION
    ));
    Ok(())
}

/// The report font for chart titles, axes and legends.
pub fn chart_font() -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT).set_size(FONT_SIZE);
    f
}

/// Display width of a text in Excel's character units: full-width characters count double.
pub fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|line| {
            line.chars()
                .map(|c| {
                    // ASCII and half-width katakana are one unit; everything else two.
                    if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
                        1.0
                    } else {
                        2.0
                    }
                })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// Points per printed line of the report font.
const LINE_HEIGHT: f64 = 15.0;

/// Sets a row's height to show every line of its wrapped cells: neither Excel nor
/// LibreOffice grows a row written by a program, so the text would be cut off.
/// `cells` are (text, column width in character units).
pub fn fit_row_height(
    ws: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            text.lines()
                .map(|l| (text_width(l) / (width - 1.0).max(1.0)).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    if lines > 1.0 {
        ws.set_row_height(row, lines * LINE_HEIGHT)?;
    }
    Ok(())
}

/// Column widths fitted to the widest text written in each column.
#[derive(Default)]
pub struct Widths {
    widths: Vec<f64>,
}

impl Widths {
    pub fn new() -> Widths {
        Widths::default()
    }

    /// Records a text shown in a column.
    pub fn fit(&mut self, col: u16, text: &str) {
        let i = col as usize;
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0.0);
        }
        self.widths[i] = self.widths[i].max(text_width(text));
    }

    /// Records a yen amount (¥ and separators).
    pub fn fit_yen(&mut self, col: u16, amount: i64) {
        self.fit(col, &yen_text(amount));
    }

    /// Sets the widths: a little padding, never narrower than 6 nor wider than 60.
    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (i, w) in self.widths.iter().enumerate() {
            if *w > 0.0 {
                ws.set_column_width(i as u16, (w + 2.0).clamp(6.0, 60.0))?;
            }
        }
        Ok(())
    }
}

/// `¥180,000`, as the number format shows it.
pub fn yen_text(amount: i64) -> String {
    crate::numbers::yen(amount)
}

pub use crate::numbers::thousands;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_counts_double() {
        assert_eq!(text_width("abc"), 3.0);
        assert_eq!(text_width("光陽"), 4.0);
        assert_eq!(text_width("R6~7"), 4.0);
        assert_eq!(text_width("ab\n中学校区"), 8.0);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(20000), "20,000");
        assert_eq!(thousands(180000), "180,000");
        assert_eq!(thousands(-1500), "-1,500");
        assert_eq!(yen_text(1234567), "¥1,234,567");
    }
}
