//! `kyodo init`: the config and one blank workbook per input kind, which kyodo reads
//! without a finding once a clerk fills them in.
//!
//! The templates are declared as data (`TEMPLATES`) and written by one function, so
//! `templates/` in the repository, `kyodo init` and the tests cannot drift apart.

use crate::config::{DEFAULT_CATEGORIES, DEFAULT_TOML};
use crate::error::Fatal;
use crate::model::ACTIVITY_CATEGORIES;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// The font every template uses (Japanese Excel has it).
const FONT: &str = "游ゴシック";

/// What a column accepts, for its validation and format.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    Text,
    Date,
    /// Whole yen ≥ 0.
    Amount,
    /// Whole number ≥ 0.
    Count,
    /// A dropdown of fixed choices.
    Choice(&'static [&'static str]),
    /// A dropdown of the districts typed on the 中学校区一覧 sheet of the same workbook.
    District,
}

/// One column of a template table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub header: &'static str,
    pub input: Input,
    /// The example row's value (a date as YYYY-MM-DD).
    pub example: &'static str,
    /// 記入方法: what goes in the column, in plain Japanese.
    pub help: &'static str,
    /// Width in Excel character units.
    pub width: f64,
}

/// One sheet of a template workbook.
#[derive(Clone, Copy, Debug)]
pub struct SheetSpec {
    pub name: &'static str,
    pub title: &'static str,
    /// `キー：値` lines above the header (per-session attendance).
    pub metadata: &'static [(&'static str, &'static str)],
    pub columns: &'static [Column],
}

/// One template workbook.
#[derive(Clone, Copy, Debug)]
pub struct TemplateSpec {
    pub file: &'static str,
    pub sheets: &'static [SheetSpec],
}

const STATUSES: &[&str] = &["モデル地域", "伴走支援地域", "未実施"];
const ROLES: &[&str] = &[
    "社会教育課職員",
    "地域の方",
    "統括コーディネーター",
    "チーフコーディネーター",
];
const YES_NO: &[&str] = &["○", "×"];
const INSURANCE: &[&str] = &["加入", "未加入"];
const TRAINING_KINDS: &[&str] = &["地域学校協働活動研修会", "コーディネーター研修会"];
const RESOURCE_KINDS: &[&str] = &["企業", "団体", "個人"];

const fn col(
    header: &'static str,
    input: Input,
    example: &'static str,
    help: &'static str,
    width: f64,
) -> Column {
    Column {
        header,
        input,
        example,
        help,
        width,
    }
}

/// Every template `kyodo init` writes.
pub const TEMPLATES: &[TemplateSpec] = &[
    TemplateSpec {
        file: "名簿.xlsx",
        sheets: &[
            SheetSpec {
                name: "中学校区一覧",
                title: "中学校区一覧",
                metadata: &[],
                columns: &[
                    col(
                        "中学校区",
                        Input::District,
                        "光陽",
                        "中学校区の名前（「中学校区」は付けても付けなくても構いません）",
                        14.0,
                    ),
                    col(
                        "区分",
                        Input::Choice(STATUSES),
                        "モデル地域",
                        "モデル地域・伴走支援地域・未実施から選びます",
                        14.0,
                    ),
                    col(
                        "モデル期間",
                        Input::Text,
                        "R6~7",
                        "モデル地域の期間（例: R6~7）。未実施の校区は空欄",
                        12.0,
                    ),
                    col("備考", Input::Text, "", "自由記入", 30.0),
                ],
            },
            SheetSpec {
                name: "コーディネーター名簿",
                title: "コーディネーター名簿",
                metadata: &[],
                columns: &[
                    col(
                        "氏名",
                        Input::Text,
                        "旭川 花子",
                        "コーディネーターの氏名（姓と名の間の空白は自由）",
                        14.0,
                    ),
                    col(
                        "中学校区",
                        Input::District,
                        "光陽",
                        "担当する中学校区（中学校区一覧から選びます）",
                        12.0,
                    ),
                    col(
                        "区分",
                        Input::Choice(ROLES),
                        "地域の方",
                        "社会教育課職員・地域の方・統括コーディネーター・チーフコーディネーター",
                        20.0,
                    ),
                    col(
                        "所属・役職",
                        Input::Text,
                        "学校運営協議会委員",
                        "所属や役職。複数あるときは「、」で区切ります",
                        28.0,
                    ),
                    col(
                        "着任日",
                        Input::Date,
                        "2025-04-01",
                        "委嘱・着任した日",
                        12.0,
                    ),
                    col(
                        "退任日",
                        Input::Date,
                        "",
                        "退任した日（在任中は空欄）",
                        12.0,
                    ),
                    col(
                        "連絡先",
                        Input::Text,
                        "0166-00-0000",
                        "電話番号かメールアドレス（公開用の資料には出ません）",
                        18.0,
                    ),
                ],
            },
            SheetSpec {
                name: "サポーター名簿",
                title: "サポーター名簿",
                metadata: &[],
                columns: &[
                    col("氏名", Input::Text, "神楽 太郎", "サポーターの氏名", 14.0),
                    col(
                        "中学校区",
                        Input::District,
                        "光陽",
                        "活動する中学校区（中学校区一覧から選びます）",
                        12.0,
                    ),
                    col("活動内容", Input::Text, "登下校見守り", "主な活動", 20.0),
                    col(
                        "ボランティア保険",
                        Input::Choice(INSURANCE),
                        "加入",
                        "ボランティア活動保険に加入していれば「加入」",
                        14.0,
                    ),
                    col(
                        "保険加入日",
                        Input::Date,
                        "2025-04-10",
                        "保険に加入した日（補償は翌日から3月31日まで）",
                        12.0,
                    ),
                    col(
                        "連絡先",
                        Input::Text,
                        "0166-00-0000",
                        "電話番号かメールアドレス",
                        18.0,
                    ),
                ],
            },
        ],
    },
    TemplateSpec {
        file: "研修会一覧.xlsx",
        sheets: &[SheetSpec {
            name: "研修会一覧",
            title: "研修会一覧",
            metadata: &[],
            columns: &[
                col(
                    "研修名",
                    Input::Text,
                    "第1回コーディネーター研修会",
                    "研修会の名前",
                    28.0,
                ),
                col(
                    "開催日",
                    Input::Date,
                    "2025-06-14",
                    "開催した日（予定の日でも構いません）",
                    12.0,
                ),
                col(
                    "種別",
                    Input::Choice(TRAINING_KINDS),
                    "コーディネーター研修会",
                    "地域学校協働活動研修会かコーディネーター研修会",
                    22.0,
                ),
                col("会場", Input::Text, "市民活動交流センター", "会場", 20.0),
                col("講師", Input::Text, "", "講師（任意）", 16.0),
            ],
        }],
    },
    TemplateSpec {
        file: "出席簿（研修会別）.xlsx",
        sheets: &[SheetSpec {
            name: "出席簿",
            title: "研修会 出席簿",
            metadata: &[
                ("研修名", "第1回コーディネーター研修会"),
                ("開催日", "令和7年6月14日"),
            ],
            columns: &[
                col("氏名", Input::Text, "旭川 花子", "出席者の氏名", 14.0),
                col(
                    "中学校区",
                    Input::District,
                    "光陽",
                    "出席者の中学校区",
                    12.0,
                ),
                col("出欠", Input::Choice(YES_NO), "○", "出席は○、欠席は×", 8.0),
            ],
        }],
    },
    TemplateSpec {
        file: "出席簿（一覧表）.xlsx",
        sheets: &[SheetSpec {
            name: "出席簿",
            title: "研修会 出席簿（一覧表）",
            metadata: &[],
            columns: &[
                col("氏名", Input::Text, "旭川 花子", "出席者の氏名", 14.0),
                col(
                    "中学校区",
                    Input::District,
                    "光陽",
                    "出席者の中学校区",
                    12.0,
                ),
                col(
                    "6/14",
                    Input::Choice(YES_NO),
                    "○",
                    "見出しに研修会の開催日（例: 6/14）か研修名を書き、出席は○、欠席は×",
                    10.0,
                ),
                col(
                    "10/18",
                    Input::Choice(YES_NO),
                    "×",
                    "見出しを書き換えて使います。列は増やして構いません",
                    10.0,
                ),
            ],
        }],
    },
    TemplateSpec {
        file: "支出簿.xlsx",
        sheets: &[SheetSpec {
            name: "支出簿",
            title: "配当予算 支出簿",
            metadata: &[],
            columns: &[
                col("支出日", Input::Date, "2025-05-20", "支払った日", 12.0),
                col(
                    "中学校区",
                    Input::District,
                    "光陽",
                    "配当を受けた中学校区",
                    12.0,
                ),
                col(
                    "費目",
                    Input::Choice(DEFAULT_CATEGORIES),
                    "講師謝金",
                    "配当予算で認められる費目から選びます",
                    20.0,
                ),
                col("金額", Input::Amount, "5000", "円単位の整数", 12.0),
                col("支払先", Input::Text, "講師 氏名", "支払先", 18.0),
                col(
                    "摘要",
                    Input::Text,
                    "地域学習会 講師謝金",
                    "何のための支出か",
                    28.0,
                ),
                col(
                    "活動日",
                    Input::Date,
                    "2025-05-17",
                    "支出のもとになった活動の日（出納整理期間の判定に使います）",
                    12.0,
                ),
            ],
        }],
    },
    TemplateSpec {
        file: "活動記録.xlsx",
        sheets: &[SheetSpec {
            name: "活動記録",
            title: "地域学校協働活動 活動記録",
            metadata: &[],
            columns: &[
                col("実施日", Input::Date, "2025-06-20", "活動した日", 12.0),
                col("中学校区", Input::District, "光陽", "中学校区", 12.0),
                col("活動名", Input::Text, "登下校見守り", "活動の名前", 22.0),
                col(
                    "分類",
                    Input::Choice(ACTIVITY_CATEGORIES),
                    "学校支援",
                    "学校支援・放課後・土曜学習支援・家庭教育支援・地域活動",
                    20.0,
                ),
                col(
                    "参加サポーター",
                    Input::Text,
                    "神楽 太郎",
                    "参加したサポーターの氏名。複数は「、」で区切ります",
                    28.0,
                ),
                col(
                    "児童生徒数",
                    Input::Count,
                    "30",
                    "参加した児童生徒の人数",
                    10.0,
                ),
            ],
        }],
    },
    TemplateSpec {
        file: "地域人材・資源リスト.xlsx",
        sheets: &[SheetSpec {
            name: "地域人材・資源リスト",
            title: "地域人材・資源リスト",
            metadata: &[],
            columns: &[
                col(
                    "名称",
                    Input::Text,
                    "旭川木工の会",
                    "企業・団体・個人の名前",
                    20.0,
                ),
                col(
                    "できること",
                    Input::Text,
                    "木工教室の講師",
                    "子どもたちのためにできること",
                    28.0,
                ),
                col(
                    "種別",
                    Input::Choice(RESOURCE_KINDS),
                    "団体",
                    "企業・団体・個人",
                    8.0,
                ),
                col(
                    "対象中学校区",
                    Input::Text,
                    "全市",
                    "対象の中学校区（全市、または「、」で区切って複数）",
                    18.0,
                ),
                col("連絡先", Input::Text, "0166-00-0000", "連絡先", 18.0),
                col(
                    "登録日",
                    Input::Date,
                    "2025-04-01",
                    "リストに登録した日",
                    12.0,
                ),
            ],
        }],
    },
];

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
        "灰色の「記入例」の行は読み込まれません。見出しの行は変えずに、その下に1行ずつ入力してください。",
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
