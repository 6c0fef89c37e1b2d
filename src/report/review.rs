//! The review sheets of チェック結果.xlsx: 前回との比較 (this run against the previous one) and
//! 地域人材・資源の確認 (resources without a contact or registered too long ago).

use super::page::{write_unit, Page, Table, BODY_ROW};
use super::style::{Styles, Widths};
use crate::analysis::Analysis;
use chrono::Datelike;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// 前回との比較: findings resolved since the previous run, roster changes, spending since.
pub(super) fn changes_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    c: &crate::analysis::Changes,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let page = Page::of(a);
    page.title_block(ws, st, "前回との比較")?;
    let prev = chrono::NaiveDate::parse_from_str(&c.previous_as_of, "%Y-%m-%d")
        .map(crate::calendar::wareki)
        .unwrap_or_else(|_| c.previous_as_of.clone());
    ws.write_string_with_format(
        BODY_ROW,
        0,
        format!(
            "前回（基準日 {prev}）と比べて：新規 {}件、継続 {}件、解消 {}件",
            c.new_findings,
            c.continuing_findings,
            c.resolved.len()
        ),
        &st.note,
    )?;
    let mut row = BODY_ROW + 2;
    let mut table = |ws: &mut Worksheet,
                     row: &mut u32,
                     title: &str,
                     heads: &[&str],
                     rows: Vec<Vec<String>>|
     -> Result<(), XlsxError> {
        ws.write_string_with_format(*row, 0, title, &st.section)?;
        *row += 1;
        for (k, h) in heads.iter().enumerate() {
            ws.write_string_with_format(*row, k as u16, *h, &st.header)?;
            w.fit(k as u16, h);
        }
        *row += 1;
        if rows.is_empty() {
            ws.write_string_with_format(*row, 0, "なし", &st.text)?;
            *row += 1;
        }
        for r in rows {
            for (k, v) in r.iter().enumerate() {
                ws.write_string_with_format(*row, k as u16, v, &st.text)?;
                w.fit(k as u16, v);
            }
            *row += 1;
        }
        *row += 1;
        Ok(())
    };
    let resolved = c
        .resolved
        .iter()
        .map(|f| {
            vec![
                "解消".to_string(),
                f.id.clone(),
                f.message.clone(),
                f.file.clone(),
                f.sheet.clone(),
                f.cell.clone(),
                // What the clerk had marked: 「対応済（佐藤）」 confirms the fix took.
                f.notes.as_ref().map_or(String::new(), |n| {
                    match (n.status.is_empty(), n.assignee.is_empty()) {
                        (_, true) => n.status.clone(),
                        (true, false) => format!("（{}）", n.assignee),
                        (false, false) => format!("{}（{}）", n.status, n.assignee),
                    }
                }),
            ]
        })
        .collect();
    table(
        ws,
        &mut row,
        "前回あって今回なくなった指摘",
        &[
            "前回比",
            "ID",
            "内容",
            "ファイル",
            "シート",
            "セル",
            "前回の対応状況",
        ],
        resolved,
    )?;
    let people = |label: &str, v: &[crate::analysis::RosterChange]| -> Vec<Vec<String>> {
        v.iter()
            .map(|p| vec![label.to_string(), p.name.clone(), p.district.clone()])
            .collect()
    };
    let mut coordinators = people("追加", &c.coordinators_added);
    coordinators.extend(people("削除", &c.coordinators_gone));
    table(
        ws,
        &mut row,
        "コーディネーター名簿の変更（内部用）",
        &["変更", "氏名", "中学校区"],
        coordinators,
    )?;
    // summary.json keeps no supporter's name: one gone from every roster is known by
    // district only.
    let supporter_rows = |label: &str, v: &[crate::analysis::SupporterChange]| {
        v.iter()
            .map(|p| {
                let name = p.name.as_deref().unwrap_or("（氏名は前回の名簿を参照）");
                vec![label.to_string(), name.to_string(), p.district.clone()]
            })
            .collect::<Vec<_>>()
    };
    let mut supporters = supporter_rows("追加", &c.supporters_added);
    supporters.extend(supporter_rows("削除", &c.supporters_gone));
    table(
        ws,
        &mut row,
        "サポーター名簿の変更（内部用）",
        &["変更", "氏名", "中学校区"],
        supporters,
    )?;
    ws.write_string_with_format(row, 0, "前回からの支出（中学校区別）", &st.section)?;
    write_unit(ws, st, row, 3)?;
    row += 1;
    for (k, h) in [
        "中学校区",
        "前回までの支出",
        "今回までの支出",
        "前回からの支出",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(row, k as u16, *h, &st.header)?;
        w.fit(k as u16, h);
    }
    row += 1;
    for s in &c.spending {
        ws.write_string_with_format(row, 0, &s.district, &st.text)?;
        ws.write_number_with_format(row, 1, s.previous as f64, &st.yen)?;
        ws.write_number_with_format(row, 2, s.now as f64, &st.yen)?;
        ws.write_number_with_format(row, 3, s.since as f64, &st.yen)?;
        for c in 1..=3 {
            w.fit_yen(c, s.now.max(s.previous));
        }
        row += 1;
    }
    w.apply(ws)?;
    ws.set_column_width(2, 50)?;
    page.setup(ws, true, None)?;
    Ok(())
}

/// 地域人材・資源の確認: entries without a contact or registered too long ago to trust.
pub(super) fn resources_sheet(
    ws: &mut Worksheet,
    a: &Analysis,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let page = Page::of(a);
    page.title_block(ws, st, "地域人材・資源リストの確認")?;
    const HEADER: u32 = BODY_ROW + 1;
    let years = a.resource_stale_years as i32;
    let limit = a.as_of.with_year(a.as_of.year() - years).unwrap_or(a.as_of);
    ws.write_string_with_format(
        BODY_ROW,
        0,
        format!(
            "連絡先のないもの、登録日が{}年より前（{}より前）のものを確認してください。",
            years,
            crate::calendar::wareki(limit)
        ),
        &st.note,
    )?;
    let heads = [
        "名称",
        "種別",
        "対象",
        "できること",
        "登録日",
        "確認すること",
    ];
    for (k, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEADER, k as u16, *h, &st.header)?;
        w.fit(k as u16, h);
    }
    let mut row = HEADER + 1;
    for r in &a.resources {
        let mut reasons = Vec::new();
        if !r.has_contact {
            reasons.push("連絡先がありません".to_string());
        }
        match r.registered {
            Some(d) if d < limit => reasons.push(format!("登録から{years}年以上たっています")),
            None => reasons.push("登録日がありません".to_string()),
            _ => {}
        }
        if reasons.is_empty() {
            continue;
        }
        let target = if r.citywide {
            "全市".to_string()
        } else {
            super::style::join_cell(&r.districts, "、")
        };
        let registered = r
            .registered
            .map(crate::calendar::wareki)
            .unwrap_or_default();
        let reason = super::style::join_cell(&reasons, "、");
        for (k, v) in [&r.name, &r.kind, &target, &r.offer, &registered, &reason]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(row, k as u16, v.as_str(), &st.text)?;
            w.fit(k as u16, v);
        }
        row += 1;
    }
    if row == HEADER + 1 {
        ws.write_string_with_format(row, 0, "確認が必要なものはありません", &st.text)?;
    }
    w.apply(ws)?;
    ws.set_freeze_panes(HEADER + 1, 0)?;
    page.setup(ws, true, Some(Table::new(HEADER, row)))?;
    Ok(())
}
