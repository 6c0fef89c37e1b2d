//! 年度末報告's 実施状況調査: the figures of the national survey (コミュニティ・スクール及び
//! 地域学校協働活動実施状況調査) as of the report's 基準日, with the previous year's.

use super::{setup, HR, UNKNOWN};
use crate::analysis::{Analysis, YearEnd};
use crate::calendar::{fy_short, wareki};
use crate::report::page::Page;
use crate::report::previous_year::PreviousYear;
use crate::report::style::Styles;
use rust_xlsxwriter::{Workbook, XlsxError};

/// 実施状況調査.
pub(super) fn sheet(
    wb: &mut Workbook,
    a: &Analysis,
    y: &YearEnd,
    previous: Option<&PreviousYear>,
    page: &Page,
    s: &Styles,
) -> Result<(), XlsxError> {
    let was = previous.map(|p| &p.figures);
    // The national survey (as of May 1).
    let ws = wb.add_worksheet();
    ws.set_name("実施状況調査")?;
    page.title_block(
        ws,
        s,
        &format!(
            "コミュニティ・スクール及び地域学校協働活動実施状況調査（{}現在）",
            wareki(a.as_of)
        ),
    )?;
    ws.write_string_with_format(HR, 0, "項目", &s.header)?;
    ws.write_string_with_format(HR, 1, "数", &s.header)?;
    if let Some(p) = previous {
        ws.write_string_with_format(
            HR,
            2,
            format!("前年度（{}）", fy_short(p.fiscal_year)),
            &s.header,
        )?;
    }
    let before: Vec<Option<u32>> = match was {
        Some(p) => vec![
            Some(p.honbu),
            Some(p.staff_coordinators),
            Some(p.resident_coordinators),
            Some(p.other_coordinators),
            p.schools,
        ],
        None => Vec::new(),
    };
    let items: Vec<(String, f64)> = vec![
        (
            "地域学校協働本部の機能を持つ中学校区（モデル地域＋伴走支援地域）".into(),
            y.honbu as f64,
        ),
        (
            "地域学校協働活動推進員等（社会教育課職員）".into(),
            y.staff_coordinators as f64,
        ),
        (
            "地域学校協働活動推進員等（地域の方）".into(),
            y.resident_coordinators as f64,
        ),
        (
            "統括・チーフコーディネーター".into(),
            y.other_coordinators as f64,
        ),
        (
            "本部がカバーする学校数（中学校区一覧に学校の記載がある場合）".into(),
            y.schools.len() as f64,
        ),
    ];
    let schools_row = items.len() - 1;
    for (i, (label, v)) in items.iter().enumerate() {
        ws.write_string_with_format(HR + 1 + i as u32, 0, label, &s.text)?;
        if i == schools_row && !y.schools_known {
            // No input names schools: a 0 would go to the ministry as a fact.
            ws.write_string_with_format(HR + 1 + i as u32, 1, UNKNOWN, &s.text)?;
        } else {
            ws.write_number_with_format(HR + 1 + i as u32, 1, *v, &s.count)?;
        }
        match before.get(i) {
            Some(Some(b)) => {
                ws.write_number_with_format(HR + 1 + i as u32, 2, f64::from(*b), &s.count)?
            }
            Some(None) => ws.write_string_with_format(HR + 1 + i as u32, 2, UNKNOWN, &s.text)?,
            None => continue,
        };
    }
    let survey_last = HR + items.len() as u32;
    if !y.schools.is_empty() {
        let top = survey_last + 2;
        ws.write_string_with_format(top, 0, "学校", &s.header)?;
        for (i, sch) in y.schools.iter().enumerate() {
            ws.write_string_with_format(top + 1 + i as u32, 0, sch, &s.text)?;
        }
    }
    ws.set_column_width(0, 64)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 14)?;
    setup(ws, page, HR, survey_last)?;
    Ok(())
}
