//! Every cell format of the reports in one place, and the page setup and column widths
//! they share. One font throughout: Excel mixes fonts badly when a format forgets it.

use rust_xlsxwriter::{ChartFont, Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// The one font of every report.
pub const FONT: &str = "游ゴシック";
pub const FONT_SIZE: f64 = 10.0;
/// Yen as the budget office writes amounts: thousands separators, △ for a negative, no ¥
/// on every cell (the table says 「（単位：円）」 once), 0 shown (a 残額 of nothing is a figure).
pub const YEN: &str = "#,##0;\"△\"#,##0;0";
/// The same, blank where there is nothing (spending of a 費目 no one spent on).
pub const YEN_OR_BLANK: &str = "#,##0;\"△\"#,##0;\"\"";
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
    /// Amounts that show nothing for 0.
    pub yen_blank: Format,
    pub percent: Format,
    pub date: Format,
    pub total_label: Format,
    pub total_count: Format,
    pub total_yen: Format,
    pub total_yen_blank: Format,
    pub total_percent: Format,
    pub link: Format,
    pub planned_text: Format,
    pub planned_yen: Format,
    /// 「（単位：円）」: right-aligned above a table's last amount column.
    pub unit: Format,
    /// Severity cells of チェック結果: エラー, 警告, 情報.
    pub error: Format,
    pub warning: Format,
    pub info: Format,
    /// A 費目 or line that is not what the allocation pays (対象外, 配当なし).
    pub excluded_header: Format,
    pub excluded_yen: Format,
    pub excluded_text: Format,
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
            title: base().set_bold().set_font_size(14),
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
            yen_blank: cell().set_num_format(YEN_OR_BLANK),
            percent: cell().set_num_format(PERCENT),
            date: cell().set_num_format(WAREKI_DATE),
            total_label: total(),
            total_count: total().set_num_format("#,##0"),
            total_yen: total().set_num_format(YEN),
            total_yen_blank: total().set_num_format(YEN_OR_BLANK),
            total_percent: total().set_num_format(PERCENT),
            link: cell()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            planned_text: planned(),
            planned_yen: planned().set_num_format(YEN_OR_BLANK),
            unit: base().set_align(FormatAlign::Right),
            error: cell()
                .set_align(FormatAlign::Center)
                .set_bold()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warning: cell()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            info: cell()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_font_color(Color::RGB(0x1F4E78)),
            excluded_header: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xEDEDED))
                .set_font_color(Color::RGB(0x9C0006)),
            excluded_yen: cell()
                .set_num_format(YEN_OR_BLANK)
                .set_background_color(Color::RGB(0xEDEDED)),
            excluded_text: cell().set_background_color(Color::RGB(0xEDEDED)),
            over: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warn: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
        }
    }
}

impl Styles {
    /// The coloured cell of a severity: red エラー, amber 警告, blue 情報.
    pub fn severity(&self, s: crate::finding::Severity) -> &Format {
        match s {
            crate::finding::Severity::Error => &self.error,
            crate::finding::Severity::Warning => &self.warning,
            crate::finding::Severity::Info => &self.info,
        }
    }
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

/// Characters a line may not start with (Japanese line-breaking rules, 禁則): the long-vowel
/// mark, small kana, closing brackets and punctuation.
const NO_LINE_START: &str =
    "ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ、。，．・：）」』】〕％%)";
/// Characters a line may not end with: opening brackets.
const NO_LINE_END: &str = "（「『【〔(";

fn script(c: char) -> u8 {
    match c {
        'ァ'..='ヺ' | 'ー' => 1,
        'ぁ'..='ゖ' => 2,
        c if c.is_ascii() => 3,
        _ => 0,
    }
}

/// A header broken into lines of at most `width` display units (full-width characters count
/// two), never before a long-vowel mark, a small kana or a closing bracket: at a change of
/// script first (「コーディネーター\n謝金」), before an opening bracket or after 「・」, and only
/// inside a word when nothing else fits. Existing line breaks are kept.
pub fn header_lines(text: &str, width: f64) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        // Break positions (before index i), preferred ones first.
        let allowed = |i: usize| {
            i > 0
                && i < chars.len()
                && !NO_LINE_START.contains(chars[i])
                && !NO_LINE_END.contains(chars[i - 1])
        };
        let preferred = |i: usize| {
            allowed(i)
                && (script(chars[i]) != script(chars[i - 1])
                    || chars[i] == '（'
                    || chars[i - 1] == '・')
        };
        let mut start = 0;
        while start < chars.len() {
            let fits =
                |end: usize| text_width(&chars[start..end].iter().collect::<String>()) <= width;
            if fits(chars.len()) {
                out.push(chars[start..].iter().collect());
                break;
            }
            let end = (start + 1..chars.len())
                .rev()
                .find(|&i| preferred(i) && fits(i))
                .or_else(|| {
                    (start + 1..chars.len())
                        .rev()
                        .find(|&i| allowed(i) && fits(i))
                })
                .or_else(|| (start + 1..=chars.len()).find(|&i| allowed(i) || i == chars.len()))
                .unwrap_or(chars.len());
            out.push(chars[start..end].iter().collect());
            start = end;
        }
    }
    out.join("\n")
}

/// A cell text wider than `width` units on two lines, broken before its bracket
/// (「未実施\n（配当なし）」): a viewer left to wrap it may start a line with 「）」.
pub fn break_before_bracket(text: &str, width: f64) -> String {
    match text.find('（') {
        Some(i) if i > 0 && text_width(text) > width => format!("{}\n{}", &text[..i], &text[i..]),
        _ => text.to_string(),
    }
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
        self.fit_width(col, text_width(text));
    }

    /// Records a width already measured with [`text_width`] (a table's widest text, measured
    /// once for many sheets).
    pub fn fit_width(&mut self, col: u16, width: f64) {
        let i = col as usize;
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0.0);
        }
        self.widths[i] = self.widths[i].max(width);
    }

    /// Records an amount (separators, △ for a negative).
    pub fn fit_yen(&mut self, col: u16, amount: i64) {
        self.fit(col, &amount_text(amount));
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

/// `¥180,000`, as messages and notes write an amount.
pub fn yen_text(amount: i64) -> String {
    crate::numbers::yen(amount)
}

/// `180,000` and `△1,000`, as [`YEN`] shows an amount.
pub fn amount_text(amount: i64) -> String {
    if amount < 0 {
        format!("△{}", thousands(amount.saturating_neg()))
    } else {
        thousands(amount)
    }
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
    fn headers_break_where_japanese_allows() {
        assert_eq!(
            header_lines("コーディネーター謝金", 16.0),
            "コーディネーター\n謝金"
        );
        assert_eq!(
            header_lines("ボランティア保険料", 12.0),
            "ボランティア\n保険料"
        );
        assert_eq!(header_lines("講師謝金", 16.0), "講師謝金");
        assert_eq!(
            header_lines("放課後・土曜学習支援（回）", 12.0),
            "放課後・\n土曜学習支援\n（回）"
        );
        // Never a line starting with ー or a small kana, even when narrow.
        for w in [4.0, 6.0, 8.0, 10.0, 14.0] {
            for h in [
                "コーディネーター謝金",
                "サポーター数",
                "チーフコーディネーター",
            ] {
                let got = header_lines(h, w);
                assert_eq!(got.replace('\n', ""), h);
                for l in got.lines() {
                    let c = l.chars().next().unwrap();
                    assert!(!NO_LINE_START.contains(c), "{h} at {w}: {got}");
                }
            }
        }
    }

    #[test]
    fn a_long_cell_breaks_before_its_bracket() {
        assert_eq!(
            break_before_bracket("未実施（配当なし）", 12.0),
            "未実施\n（配当なし）"
        );
        assert_eq!(
            break_before_bracket("未実施（配当なし）", 18.0),
            "未実施（配当なし）"
        );
        assert_eq!(break_before_bracket("伴走支援地域", 4.0), "伴走支援地域");
        assert_eq!(break_before_bracket("（個人）", 4.0), "（個人）");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(20000), "20,000");
        assert_eq!(thousands(180000), "180,000");
        assert_eq!(thousands(-1500), "-1,500");
        assert_eq!(yen_text(1234567), "¥1,234,567");
        assert_eq!(amount_text(-1000), "△1,000");
        assert_eq!(amount_text(20000), "20,000");
    }
}

/// Characters (UTF-16 units) one Excel cell holds; a longer string fails the whole workbook.
pub const CELL_CHARS: usize = 32_767;

/// `items` joined by `sep` for one cell: as many as fit in [`CELL_CHARS`], then
/// 「…ほかN件」 for the rest (a 20,000-district office's list of new model districts of one
/// year is longer than a cell; every one of them is in the tables beside it).
pub fn join_cell<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    let units = |s: &str| s.encode_utf16().count();
    let total: usize = items.iter().map(|s| units(s.as_ref())).sum::<usize>()
        + units(sep) * items.len().saturating_sub(1);
    if total <= CELL_CHARS {
        return items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>()
            .join(sep);
    }
    // Room for the longest possible tail: 「…ほか」, the count, 「件」.
    let room = CELL_CHARS - units(&format!("…ほか{}件", items.len()));
    let mut out = String::new();
    let mut used = 0;
    let mut taken = 0;
    for s in items {
        let s = s.as_ref();
        let add = units(s) + if taken > 0 { units(sep) } else { 0 };
        if used + add > room {
            break;
        }
        if taken > 0 {
            out.push_str(sep);
        }
        out.push_str(s);
        used += add;
        taken += 1;
    }
    // A first item longer than a cell (no typed cell is, but a joined one could be) is cut
    // and counts as shown.
    if taken == 0 {
        if let Some(first) = items.first() {
            let mut n = 0;
            for c in first.as_ref().chars() {
                n += c.len_utf16();
                if n > room {
                    break;
                }
                out.push(c);
            }
            taken = 1;
        }
    }
    match items.len() - taken {
        0 => out.push('…'),
        rest => out.push_str(&format!("…ほか{rest}件")),
    }
    out
}

#[cfg(test)]
mod join_cell_tests {
    use super::*;

    #[test]
    fn a_list_that_fits_is_joined_whole() {
        assert_eq!(join_cell(&["光陽", "北星"], "、"), "光陽、北星");
        assert_eq!(join_cell::<&str>(&[], "、"), "");
    }

    #[test]
    fn a_list_longer_than_a_cell_ends_with_how_many_are_left_out() {
        let names: Vec<String> = (0..20_000).map(|i| format!("地区{i:05}")).collect();
        let s = join_cell(&names, "、");
        assert!(s.encode_utf16().count() <= CELL_CHARS);
        let shown = s.split("…ほか").next().unwrap().split('、').count();
        assert!(shown > 4_000, "{shown}");
        assert!(
            s.ends_with(&format!("…ほか{}件", 20_000 - shown)),
            "{}",
            &s[s.len() - 40..]
        );
        assert!(s.starts_with("地区00000、地区00001"));
    }

    #[test]
    fn one_item_longer_than_a_cell_is_cut() {
        let long = "あ".repeat(40_000);
        let s = join_cell(&[long], "、");
        assert!(s.encode_utf16().count() <= CELL_CHARS);
        assert!(
            s.starts_with("ああ") && s.ends_with("あ…"),
            "{}",
            &s[s.len() - 12..]
        );
    }
}
