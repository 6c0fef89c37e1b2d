//! 地域・コーディネーター一覧.xlsx: the seed's own tables (model districts with their years and
//! coordinators by role, support districts), and the rollout across the city — a public sheet
//! that names no person — then the internal coordinator roster and the resource list.

use super::page::{Page, Table, BODY_ROW};
use super::style::{fit_row_height, thousands, Styles, Widths};
use super::training::coordinators_in_order;
use super::{district_rank, districts_in_report_order};
use crate::analysis::{Analysis, DistrictView};
use crate::calendar::{fy_label, fy_range_short, fy_short};
use crate::model::Status;
use rust_xlsxwriter::{Worksheet, XlsxError};

pub const PUBLIC_SHEET: &str = "地域一覧";
pub const ROSTER_SHEET: &str = "コーディネーター名簿（内部用）";
pub const RESOURCES_SHEET: &str = "地域人材・資源";
/// What the resource sheet shows for an individual (種別 個人) in place of the name.
pub const INDIVIDUAL: &str = "（個人）";
/// 0-based header row of the roster and resource sheets (Excel row 5), below the title block.
pub const HEADER_ROW: u32 = BODY_ROW + 1;

/// Builds the workbook; the bytes depend on the Analysis only.
pub fn build(a: &Analysis) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Page::of(a).workbook("地域・コーディネーター一覧")?;
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(PUBLIC_SHEET)?;
    public_sheet(ws, a, &st)?;
    let ws = wb.add_worksheet();
    ws.set_name(ROSTER_SHEET)?;
    roster_sheet(ws, a, &st)?;
    if !a.resources.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(RESOURCES_SHEET)?;
        resources_sheet(ws, a, &st)?;
    }
    wb.save_to_buffer()
}

fn period(d: &DistrictView) -> String {
    match (d.model_start, d.model_end) {
        (Some(s), Some(e)) => fy_range_short(s, e),
        (Some(s), None) => format!("{}~", fy_short(s)),
        _ => String::new(),
    }
}

/// 18万円 as the seed writes round amounts; 185,000円 otherwise.
fn man_yen(n: i64) -> String {
    if n != 0 && n % 10_000 == 0 {
        format!("{}万円", n / 10_000)
    } else {
        format!("{}円", thousands(n))
    }
}

fn section_header(
    ws: &mut Worksheet,
    st: &Styles,
    w: &mut Widths,
    row: u32,
    heads: &[&str],
) -> Result<(), XlsxError> {
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &st.header)?;
        w.fit(i as u16, h);
    }
    Ok(())
}

/// The public sheet: districts, years, head counts and affiliations — never a name.
fn public_sheet(ws: &mut Worksheet, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let fy = fy_short(a.fiscal_year);
    let page = Page::of(a);
    page.title_block(ws, st, "地域・コーディネーター一覧")?;
    let ordered = districts_in_report_order(a);
    let mut row = BODY_ROW + 1;

    // The seed's 「R7年度モデル地域」 table.
    ws.write_string_with_format(row, 0, format!("{fy}モデル地域"), &st.section)?;
    row += 1;
    section_header(
        ws,
        st,
        &mut w,
        row,
        &[
            "中学校区",
            "年度",
            "社会教育課",
            "地域の方",
            "地域の方の所属",
        ],
    )?;
    row += 1;
    for d in ordered.iter().filter(|d| d.status == Status::Model) {
        district_row(ws, st, &mut w, row, d, Staff::Count(d.staff))?;
        row += 1;
    }
    let b = &a.budget;
    if b.planned_additions > 0 {
        ws.write_string_with_format(
            row,
            0,
            format!("※{fy}モデル地域は、{}地域追加予定", b.planned_additions),
            &st.note,
        )?;
        row += 1;
    }
    ws.write_string_with_format(
        row,
        0,
        format!(
            "※{fy}予算配当は、{}（{}中学校区×{}）",
            man_yen(b.total),
            b.allocated_districts + b.planned_additions,
            man_yen(b.unit)
        ),
        &st.note,
    )?;
    row += 2;

    // The seed's 「R7年度伴走支援地域」 table.
    ws.write_string_with_format(row, 0, format!("{fy}伴走支援地域"), &st.section)?;
    row += 1;
    section_header(
        ws,
        st,
        &mut w,
        row,
        &[
            "中学校区",
            "モデル地域",
            "社会教育課",
            "地域の方",
            "地域の方の所属",
        ],
    )?;
    row += 1;
    // Staff support these districts but are not their coordinators (「伴走支援」).
    for d in ordered.iter().filter(|d| d.status == Status::Support) {
        district_row(ws, st, &mut w, row, d, Staff::Support)?;
        row += 1;
    }
    row += 1;

    // Rollout: districts ever in the programme against all districts, and the yearly pace.
    let total = a.districts.len();
    let ever = a
        .districts
        .iter()
        .filter(|d| d.status != Status::None || d.model_start.is_some_and(|s| s <= a.fiscal_year))
        .count();
    ws.write_string_with_format(row, 0, "全市展開の状況", &st.section)?;
    row += 1;
    let pct = if total > 0 {
        format!("{:.1}%", ever as f64 * 100.0 / total as f64)
    } else {
        "—".to_string()
    };
    ws.write_string_with_format(
        row,
        0,
        format!(
            "実施中学校区 {ever} / 全{total}中学校区（{pct}）、未実施 {}中学校区",
            total - ever
        ),
        &st.note,
    )?;
    row += 1;
    section_header(
        ws,
        st,
        &mut w,
        row,
        &["年度", "新規モデル地域", "計画", "累計", "中学校区"],
    )?;
    row += 1;
    let mut cumulative = 0usize;
    for (year, names) in &a.rollout {
        cumulative += names.len();
        let label = fy_label(*year);
        let joined = names.join("、");
        ws.write_string_with_format(row, 0, &label, &st.text)?;
        ws.write_number_with_format(row, 1, names.len() as f64, &st.count)?;
        ws.write_string_with_format(row, 2, format!("{}程度", a.new_per_year), &st.center)?;
        ws.write_number_with_format(row, 3, cumulative as f64, &st.count)?;
        ws.write_string_with_format(row, 4, &joined, &st.wrap)?;
        w.fit(0, &label);
        w.fit(4, &joined);
        fit_row_height(ws, row, &[(&joined, 60.0)])?;
        row += 1;
    }

    w.apply(ws)?;
    page.setup(ws, false, None)?;
    Ok(())
}

/// What the 社会教育課 column of a district row shows.
enum Staff {
    /// Model district: its staff coordinators.
    Count(u32),
    /// Support district: staff support it (「伴走支援」) rather than coordinate.
    Support,
}

/// One row of the seed's district tables: 中学校区, period, 社会教育課, 地域の方 and their
/// affiliations. Model and support tables share the columns, so one set of widths serves both.
fn district_row(
    ws: &mut Worksheet,
    st: &Styles,
    w: &mut Widths,
    row: u32,
    d: &DistrictView,
    staff: Staff,
) -> Result<(), XlsxError> {
    let aff = d.resident_affiliations.join("、");
    ws.write_string_with_format(row, 0, &d.name, &st.text)?;
    ws.write_string_with_format(row, 1, period(d), &st.center)?;
    match staff {
        Staff::Count(n) => ws.write_number_with_format(row, 2, f64::from(n), &st.people)?,
        Staff::Support => ws.write_string_with_format(row, 2, "伴走支援", &st.center)?,
    };
    ws.write_number_with_format(row, 3, f64::from(d.residents), &st.people)?;
    ws.write_string_with_format(row, 4, &aff, &st.wrap)?;
    w.fit(0, &d.name);
    w.fit(1, &period(d));
    w.fit(4, &aff);
    // Widths stop at 60: longer affiliations wrap onto more lines.
    fit_row_height(ws, row, &[(&aff, 60.0)])?;
    Ok(())
}

/// The internal roster: names, districts, roles, affiliations.
fn roster_sheet(ws: &mut Worksheet, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let page = Page::of(a);
    page.title_block(ws, st, "コーディネーター名簿（内部用）")?;
    section_header(
        ws,
        st,
        &mut w,
        HEADER_ROW,
        &["氏名", "中学校区", "区分", "所属・役職"],
    )?;
    let mut row = HEADER_ROW + 1;
    for c in coordinators_in_order(a) {
        let aff = c.affiliations.join("、");
        ws.write_string_with_format(row, 0, &c.name, &st.text)?;
        ws.write_string_with_format(row, 1, &c.district, &st.text)?;
        ws.write_string_with_format(row, 2, c.role.label(), &st.text)?;
        ws.write_string_with_format(row, 3, &aff, &st.wrap)?;
        w.fit(0, &c.name);
        w.fit(1, &c.district);
        w.fit(2, c.role.label());
        w.fit(3, &aff);
        row += 1;
    }
    let last = row.saturating_sub(1).max(HEADER_ROW + 1);
    w.apply(ws)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, last, 3)?;
    page.setup(ws, false, Some(Table::new(HEADER_ROW, last)))?;
    Ok(())
}

/// The resource list per district; a citywide (全市) entry appears under every district.
fn resources_sheet(ws: &mut Worksheet, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let page = Page::of(a);
    page.title_block(ws, st, "地域人材・資源リスト")?;
    section_header(
        ws,
        st,
        &mut w,
        HEADER_ROW,
        &["中学校区", "名称", "種別", "できること", "対象", "登録日"],
    )?;
    // Districts in the programme, plus any a resource names (table order, then by name).
    let rank = district_rank(a);
    let mut names: Vec<String> = districts_in_report_order(a)
        .iter()
        .filter(|d| {
            d.status != Status::None || a.resources.iter().any(|r| r.districts.contains(&d.name))
        })
        .map(|d| d.name.clone())
        .collect();
    let mut extra: Vec<String> = a
        .resources
        .iter()
        .flat_map(|r| r.districts.iter())
        .filter(|n| !rank.contains_key(*n))
        .cloned()
        .collect();
    extra.sort();
    extra.dedup();
    names.extend(extra);
    if names.is_empty() {
        names.push("全市".to_string());
    }
    let mut row = HEADER_ROW + 1;
    for d in &names {
        let own = a.resources.iter().filter(|r| r.districts.contains(d));
        let city = a.resources.iter().filter(|r| r.citywide);
        for r in own.chain(city) {
            let scope = if r.citywide { "全市" } else { "校区" };
            // The workbook goes out: an individual is not named here; チェック結果's review
            // sheet, for the office, names them.
            let name = if r.kind.contains("個人") {
                INDIVIDUAL
            } else {
                r.name.as_str()
            };
            ws.write_string_with_format(row, 0, d, &st.text)?;
            ws.write_string_with_format(row, 1, name, &st.text)?;
            ws.write_string_with_format(row, 2, &r.kind, &st.text)?;
            ws.write_string_with_format(row, 3, &r.offer, &st.wrap)?;
            ws.write_string_with_format(row, 4, scope, &st.center)?;
            match r.registered {
                Some(day) => ws.write_date_with_format(row, 5, day, &st.date)?,
                None => ws.write_blank(row, 5, &st.text)?,
            };
            w.fit(0, d);
            w.fit(1, name);
            w.fit(2, &r.kind);
            w.fit(3, &r.offer);
            w.fit(4, "対象");
            w.fit(5, "令和7年11月30日");
            row += 1;
        }
    }
    let last = row.saturating_sub(1).max(HEADER_ROW + 1);
    w.apply(ws)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, last, 5)?;
    page.setup(ws, true, Some(Table::new(HEADER_ROW, last)))?;
    Ok(())
}
