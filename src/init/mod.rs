//! `kyodo init`: the config and one blank workbook per input kind, which kyodo reads
//! without a finding once a clerk fills them in.
//!
//! The templates are declared as data (`TEMPLATES`) and written by one function, so
//! `templates/` in the repository, `kyodo init` and the tests cannot drift apart.

mod spec;

pub use spec::{Column, Input, SheetSpec, TemplateSpec, PLACEHOLDER, TEMPLATES};

use crate::config::DEFAULT_TOML;
use crate::error::Fatal;
use crate::report::style::{fit_row_height, FONT};
use crate::schema::CHOICES_SHEET;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// Widths of the 記入方法 sheet's columns (シート, 列, 書き方): one A4 page across.
const HELP_WIDTHS: [f64; 3] = [22.0, 18.0, 60.0];
/// Bordered blank rows under the example row: the table prints as a form to fill by hand.
pub const FORM_ROWS: u32 = 30;

/// Rows typed below the example row of one sheet, for tests that fill a template the way a
/// clerk would. Each cell is text; a date column takes `YYYY-MM-DD` and writes a date.
pub type Fill<'a> = &'a [(&'a str, Vec<Vec<String>>)];

/// Row (0-based) of the header: title, a blank line, the metadata lines, then the header.
pub fn header_row(sheet: &SheetSpec) -> u32 {
    2 + sheet.metadata.len() as u32
}

/// Writes one template workbook into bytes; `fill` adds typed rows under the example row.
/// The 中学校区 choices are the default config's `districts`.
pub fn template_bytes(t: &TemplateSpec, fill: Fill) -> Result<Vec<u8>, XlsxError> {
    template_bytes_with(t, fill, &[], &crate::config::Config::default().districts)
}

/// [`template_bytes`] with metadata lines filled in — (sheet, key, value), as a clerk writes
/// 「研修名：第1回コーディネーター研修会」 over the placeholder — and the 中学校区 choices given.
pub fn template_bytes_with(
    t: &TemplateSpec,
    fill: Fill,
    metadata: &[(&str, &str, &str)],
    districts: &[String],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Fixed document date so the committed templates are byte-stable.
    let fixed = ExcelDateTime::from_ymd(2025, 4, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let base = Format::new().set_font_name(FONT).set_font_size(11);
    let title = base.clone().set_bold().set_font_size(14);
    let head = base
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let example = base
        .clone()
        .set_font_color(Color::RGB(0x808080))
        .set_background_color(Color::RGB(0xEDEDED));
    let example_date = example.clone().set_num_format("yyyy/m/d");
    // The blank rows are bordered, so that the table prints as a form.
    let cell = base.clone().set_border(FormatBorder::Thin);
    let date = cell.clone().set_num_format("yyyy/m/d");
    let amount = cell.clone().set_num_format("#,##0");
    let district_list = format!("={CHOICES_SHEET}!$A$4:$A$200");
    for sheet in t.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name)?;
        let formats = Formats {
            base: &base,
            title: &title,
            head: &head,
            example: &example,
            example_date: &example_date,
            cell: &cell,
            date: &date,
            amount: &amount,
        };
        write_sheet(ws, sheet, &district_list, &formats)?;
        for (i, (key, placeholder)) in sheet.metadata.iter().enumerate() {
            let value = metadata
                .iter()
                .find(|(s, k, _)| *s == sheet.name && k == key)
                .map_or(*placeholder, |(_, _, v)| *v);
            ws.write_string_with_format(2 + i as u32, 0, format!("{key}：{value}"), &base)?;
        }
        let rows = fill
            .iter()
            .find(|(name, _)| *name == sheet.name)
            .map(|(_, r)| r.as_slice())
            .unwrap_or(&[]);
        let first = header_row(sheet) + 2;
        for (i, row) in rows.iter().enumerate() {
            for (c, (value, column)) in row.iter().zip(sheet.columns).enumerate() {
                let r = first + i as u32;
                write_value(ws, r, c as u16, value, column.input, &cell, &date)?;
            }
        }
    }
    let needs_list = t
        .sheets
        .iter()
        .any(|s| s.columns.iter().any(|c| c.input == Input::District));
    if needs_list {
        let ws = wb.add_worksheet();
        ws.set_name(CHOICES_SHEET)?;
        ws.write_string_with_format(0, 0, "中学校区の選択肢", &title)?;
        ws.write_string_with_format(
            1,
            0,
            "中学校区の列はこの一覧から選べます。ない中学校区は下に書き足してください（kyodo はこのシートを読みません）。",
            &base,
        )?;
        ws.write_string_with_format(2, 0, "中学校区", &head)?;
        for (i, d) in districts.iter().enumerate() {
            ws.write_string_with_format(3 + i as u32, 0, d, &cell)?;
        }
        ws.set_column_width(0, 16)?;
    }
    let help = wb.add_worksheet();
    help.set_name("記入方法")?;
    write_help(help, t, &base, &title, &head)?;
    wb.save_to_buffer()
}

/// The formats of a template sheet.
struct Formats<'a> {
    base: &'a Format,
    title: &'a Format,
    head: &'a Format,
    example: &'a Format,
    example_date: &'a Format,
    cell: &'a Format,
    date: &'a Format,
    amount: &'a Format,
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &SheetSpec,
    district_list: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let Formats {
        title,
        head,
        example,
        example_date,
        cell,
        date,
        amount,
        ..
    } = *f;
    ws.write_string_with_format(0, 0, sheet.title, title)?;
    let hr = header_row(sheet);
    let last_input = hr + 500;
    let last_form = hr + 1 + FORM_ROWS;
    for (c, column) in sheet.columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(hr, c, column.header, head)?;
        ws.set_column_width(c, column.width)?;
        let ex = hr + 1;
        match column.input {
            Input::Date if !column.example.is_empty() => {
                let d = NaiveDate::parse_from_str(column.example, "%Y-%m-%d")
                    .map_err(|e| XlsxError::ParameterError(e.to_string()))?;
                ws.write_date_with_format(ex, c, d, example_date)?;
            }
            Input::Amount | Input::Count if !column.example.is_empty() => {
                let n: f64 = column.example.parse().unwrap_or(0.0);
                ws.write_number_with_format(ex, c, n, example)?;
            }
            _ => {
                ws.write_string_with_format(ex, c, column.example, example)?;
            }
        }
        let validation = match column.input {
            Input::Text | Input::Choice(_) | Input::District => {
                blanks(ws, hr + 2, last_form, c, cell)?;
                None
            }
            _ => None,
        };
        let validation = match column.input {
            Input::Text => validation,
            Input::Date => {
                blanks(ws, hr + 2, last_form, c, date)?;
                let plain = f.base.clone().set_num_format("yyyy/m/d");
                blanks(ws, last_form + 1, last_input, c, &plain)?;
                Some(
                    DataValidation::new()
                        .allow_date(DataValidationRule::Between(
                            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
                            NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or_default(),
                        ))
                        .set_error_message("日付を入力してください（例: 2025/6/14）")?,
                )
            }
            Input::Amount | Input::Count => {
                blanks(ws, hr + 2, last_form, c, amount)?;
                let plain = f.base.clone().set_num_format("#,##0");
                blanks(ws, last_form + 1, last_input, c, &plain)?;
                Some(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                        .set_error_message("0以上の整数を入力してください")?,
                )
            }
            Input::Choice(choices) => Some(
                DataValidation::new()
                    .allow_list_strings(choices)?
                    .set_error_message("一覧から選んでください")?,
            ),
            // A warning, not a stop: a district the list does not hold yet can be typed.
            Input::District => Some(
                DataValidation::new()
                    .allow_list_formula(Formula::new(district_list))
                    .set_error_style(DataValidationErrorStyle::Warning)
                    .set_error_message(
                        "選択肢にない中学校区です。このまま入力するときは「はい」を選んでください",
                    )?,
            ),
        };
        if let Some(v) = validation {
            ws.add_data_validation(hr + 2, c, last_input, c, &v)?;
        }
    }
    // Marks the example row so kyodo skips it; outside the table, so it is no column.
    let mark = sheet.columns.len() as u16;
    ws.write_string_with_format(hr + 1, mark, "記入例", example)?;
    ws.set_freeze_panes(hr + 1, 0)?;
    // Printed as a form: A4, the table and its bordered blank rows (not the 記入例
    // mark), the width on one page, the header on every page.
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
    // Landscape only where the table is wide: a three-column roll call reads better upright.
    if sheet.columns.iter().map(|c| c.width).sum::<f64>() > 90.0 {
        ws.set_landscape();
    }
    ws.set_repeat_rows(hr, hr)?;
    ws.set_print_area(0, 0, last_form, mark - 1)?;
    Ok(())
}

/// Blank cells of one column in rows `first..=last`, formatted: a date or amount typed there
/// takes the format, and a bordered row prints as a line of the form.
fn blanks(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    col: u16,
    f: &Format,
) -> Result<(), XlsxError> {
    for r in first..=last {
        ws.write_blank(r, col, f)?;
    }
    Ok(())
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    input: Input,
    base: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    match input {
        Input::Date => match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => ws.write_date_with_format(row, col, d, date)?,
            Err(_) => ws.write_string_with_format(row, col, value, base)?,
        },
        Input::Amount | Input::Count => match value.parse::<f64>() {
            Ok(n) => ws.write_number_with_format(row, col, n, base)?,
            Err(_) => ws.write_string_with_format(row, col, value, base)?,
        },
        _ => ws.write_string_with_format(row, col, value, base)?,
    };
    Ok(())
}

fn write_help(
    ws: &mut Worksheet,
    t: &TemplateSpec,
    base: &Format,
    title: &Format,
    head: &Format,
) -> Result<(), XlsxError> {
    let cell = base.clone().set_border(FormatBorder::Thin);
    let wrap = cell.clone().set_text_wrap();
    ws.write_string_with_format(0, 0, format!("記入方法（{}）", t.file), title)?;
    let intro = "灰色の「記入例」の行は例のままなら読み込まれません。見出しの行は変えずに、その下に1行ずつ入力してください（記入例の行に上書きした行は読み込み、「記入例」の印を消すようチェック結果でお知らせします）。";
    ws.merge_range(1, 0, 1, 2, intro, &base.clone().set_text_wrap())?;
    fit_row_height(ws, 1, &[(intro, HELP_WIDTHS.iter().sum())])?;
    let mut r = 3;
    for (c, h) in ["シート", "列", "書き方"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, head)?;
    }
    r += 1;
    for sheet in t.sheets {
        for column in sheet.columns {
            ws.write_string_with_format(r, 0, sheet.name, &cell)?;
            ws.write_string_with_format(r, 1, column.header, &cell)?;
            ws.write_string_with_format(r, 2, column.help, &wrap)?;
            fit_row_height(ws, r, &[(column.help, HELP_WIDTHS[2])])?;
            r += 1;
        }
        for (k, _) in sheet.metadata {
            ws.write_string_with_format(r, 0, sheet.name, &cell)?;
            ws.write_string_with_format(r, 1, format!("{k}："), &cell)?;
            ws.write_string_with_format(
                r,
                2,
                format!("見出しの上の行の「{k}：{PLACEHOLDER}」の「{PLACEHOLDER}」を書き換えます"),
                &wrap,
            )?;
            r += 1;
        }
    }
    for (c, w) in HELP_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // One printed page, A4 portrait: the sheet handed out with the form.
    ws.set_paper_size(9).set_print_fit_to_pages(1, 1);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

/// Writes kyodo.toml and every template into `dir`; refuses to overwrite unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Fatal> {
    // The error's own words, as `init` has always said them; the error kept as the source.
    fn out_err<E: std::error::Error + Send + Sync + 'static>(path: &Path, e: E) -> Fatal {
        Fatal::output(path, e.to_string()).caused_by(e)
    }
    std::fs::create_dir_all(dir).map_err(|e| out_err(dir, e))?;
    let mut files: Vec<(PathBuf, Vec<u8>)> =
        vec![(dir.join("kyodo.toml"), DEFAULT_TOML.as_bytes().to_vec())];
    for t in TEMPLATES {
        let bytes = template_bytes(t, &[]).map_err(|e| out_err(&dir.join(t.file), e))?;
        files.push((dir.join(t.file), bytes));
    }
    if !force {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(Fatal::output(
                p,
                "すでにあります（上書きするには --force を付けてください）".into(),
            ));
        }
    }
    let mut written = Vec::new();
    for (path, bytes) in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        written.push(crate::report::output::write_atomic(dir, &name, &bytes)?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// templates/ in the repository must be exactly what `kyodo init` writes.
    #[test]
    fn committed_templates_are_current() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let toml = std::fs::read_to_string(dir.join("kyodo.toml")).expect("templates/kyodo.toml");
        assert_eq!(
            toml, DEFAULT_TOML,
            "templates/kyodo.toml is stale: run `kyodo init templates --force`"
        );
        for t in TEMPLATES {
            let committed = std::fs::read(dir.join(t.file)).expect(t.file);
            let fresh = template_bytes(t, &[]).expect("template writes");
            assert!(
                committed == fresh,
                "templates/{} is stale: run `cargo run -- init templates --force`",
                t.file
            );
        }
    }

    #[test]
    fn init_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().expect("tempdir");
        init(dir.path(), false).expect("first init");
        let e = init(dir.path(), false).expect_err("second init must refuse");
        assert!(e.to_string().contains("--force"), "{e}");
        init(dir.path(), true).expect("forced init");
    }
}
