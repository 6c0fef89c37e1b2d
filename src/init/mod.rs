//! `kyodo init`: the config and one blank workbook per input kind, which kyodo reads
//! without a finding once a clerk fills them in.
//!
//! The templates are declared as data (`TEMPLATES`) and written by one function, so
//! `templates/` in the repository, `kyodo init` and the tests cannot drift apart.

mod spec;

pub use spec::{Column, Input, SheetSpec, TemplateSpec, TEMPLATES};

use crate::config::DEFAULT_TOML;
use crate::error::Fatal;
use crate::report::style::FONT;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// The sheet a workbook without its own 中学校区一覧 keeps the 中学校区 dropdown's list on
/// (ingest skips it, like 記入方法).
pub const CHOICES_SHEET: &str = "選択肢";

/// Rows typed below the example row of one sheet, for tests that fill a template the way a
/// clerk would. Each cell is text; a date column takes `YYYY-MM-DD` and writes a date.
pub type Fill<'a> = &'a [(&'a str, Vec<Vec<String>>)];

/// Row (0-based) of the header: title, a blank line, the metadata lines, then the header.
pub fn header_row(sheet: &SheetSpec) -> u32 {
    2 + sheet.metadata.len() as u32
}

/// Writes one template workbook into bytes; `fill` adds typed rows under the example row.
pub fn template_bytes(t: &TemplateSpec, fill: Fill) -> Result<Vec<u8>, XlsxError> {
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
    let date = base.clone().set_num_format("yyyy/m/d");
    let amount = base.clone().set_num_format("#,##0");
    let own_list = t.sheets.iter().any(|s| s.name == "中学校区一覧");
    let district_list = if own_list {
        "=中学校区一覧!$A$5:$A$200".to_string()
    } else {
        format!("={CHOICES_SHEET}!$A$4:$A$200")
    };
    for sheet in t.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name)?;
        write_sheet(
            ws,
            sheet,
            &district_list,
            &base,
            &title,
            &head,
            &example,
            &example_date,
            &date,
            &amount,
        )?;
        let rows = fill
            .iter()
            .find(|(name, _)| *name == sheet.name)
            .map(|(_, r)| r.as_slice())
            .unwrap_or(&[]);
        let first = header_row(sheet) + 2;
        for (i, row) in rows.iter().enumerate() {
            for (c, (value, column)) in row.iter().zip(sheet.columns).enumerate() {
                let r = first + i as u32;
                write_value(ws, r, c as u16, value, column.input, &base, &date)?;
            }
        }
    }
    let needs_list = t
        .sheets
        .iter()
        .any(|s| s.columns.iter().any(|c| c.input == Input::District));
    if needs_list && !own_list {
        let ws = wb.add_worksheet();
        ws.set_name(CHOICES_SHEET)?;
        ws.write_string_with_format(0, 0, "中学校区の選択肢", &title)?;
        ws.write_string_with_format(
            1,
            0,
            "この列に中学校区を書いておくと、中学校区の列で一覧から選べます（kyodo はこのシートを読みません）。",
            &base,
        )?;
        ws.write_string_with_format(2, 0, "中学校区", &head)?;
        ws.set_column_width(0, 16)?;
    }
    let help = wb.add_worksheet();
    help.set_name("記入方法")?;
    write_help(help, t, &base, &title, &head)?;
    wb.save_to_buffer()
}

#[allow(clippy::too_many_arguments)]
fn write_sheet(
    ws: &mut Worksheet,
    sheet: &SheetSpec,
    district_list: &str,
    base: &Format,
    title: &Format,
    head: &Format,
    example: &Format,
    example_date: &Format,
    date: &Format,
    amount: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, sheet.title, title)?;
    for (i, (k, v)) in sheet.metadata.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, format!("{k}：{v}"), base)?;
    }
    let hr = header_row(sheet);
    let last_input = hr + 500;
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
            Input::Text => None,
            Input::Date => {
                ws.set_range_format(hr + 2, c, last_input, c, date)?;
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
                ws.set_range_format(hr + 2, c, last_input, c, amount)?;
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
            Input::District => Some(
                DataValidation::new()
                    .allow_list_formula(Formula::new(district_list))
                    .set_error_message("一覧にある中学校区を選んでください")?,
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
    // Printed as a form: A4 landscape, the width on one page, the header on every page.
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(hr, hr)?;
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
    ws.write_string_with_format(0, 0, format!("記入方法（{}）", t.file), title)?;
    ws.write_string_with_format(
        1,
        0,
        "灰色の「記入例」の行は例のままなら読み込まれません。見出しの行は変えずに、その下に1行ずつ入力してください（記入例の行に上書きした行は読み込み、「記入例」の印を消すようチェック結果でお知らせします）。",
        base,
    )?;
    let mut r = 3;
    for (c, h) in ["シート", "列", "書き方"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, head)?;
    }
    r += 1;
    for sheet in t.sheets {
        for column in sheet.columns {
            ws.write_string_with_format(r, 0, sheet.name, base)?;
            ws.write_string_with_format(r, 1, column.header, base)?;
            ws.write_string_with_format(r, 2, column.help, base)?;
            r += 1;
        }
        for (k, _) in sheet.metadata {
            ws.write_string_with_format(r, 0, sheet.name, base)?;
            ws.write_string_with_format(r, 1, format!("{k}："), base)?;
            ws.write_string_with_format(
                r,
                2,
                "見出しの上の行に「項目名：内容」の形で書きます",
                base,
            )?;
            r += 1;
        }
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 70)?;
    Ok(())
}

/// Writes kyodo.toml and every template into `dir`; refuses to overwrite unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Fatal> {
    let out_err = |path: &Path, e: &dyn std::fmt::Display| Fatal::Output {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| out_err(dir, &e))?;
    let mut files: Vec<(PathBuf, Vec<u8>)> =
        vec![(dir.join("kyodo.toml"), DEFAULT_TOML.as_bytes().to_vec())];
    for t in TEMPLATES {
        let bytes = template_bytes(t, &[]).map_err(|e| out_err(&dir.join(t.file), &e))?;
        files.push((dir.join(t.file), bytes));
    }
    if !force {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(out_err(
                p,
                &"すでにあります（上書きするには --force を付けてください）",
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
