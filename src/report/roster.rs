//! 地域・コーディネーター一覧.xlsx: what the city publishes, laid out as the seed lays it out —
//! the 統括本部 with its 統括・チーフコーディネーター by role, the model districts (継続 / 新規)
//! and the support districts with their years and coordinators by role, counts and
//! affiliations, the seed's ※ notes where the seed puts them, the rollout across the city,
//! and the resource list. No person is named anywhere in this workbook: the names are in
//! コーディネーター名簿（内部用）.xlsx (`internal.rs`), which never goes out.

use super::page::{Page, Table, BODY_ROW};
use super::style::{fit_row_height, thousands, Styles, Widths};
use super::{district_rank, districts_in_report_order};
use crate::analysis::{Analysis, DistrictView};
use crate::calendar::{fy_label, fy_range_short, fy_short};
use crate::model::{Role, Status};
use rust_xlsxwriter::{Worksheet, XlsxError};

pub const PUBLIC_SHEET: &str = "地域一覧";
pub const RESOURCES_SHEET: &str = "地域人材・資源";
/// What the resource sheet shows for an individual (種別 個人) in place of the name.
pub const INDIVIDUAL: &str = "（個人）";
/// 0-based header row of the resource sheet, below the title block.
pub const HEADER_ROW: u32 = BODY_ROW + 1;
/// The first column of a model district row: in the programme since an earlier year, or
/// starting this year (the seed's 「継続：光陽…　新規：東陽…」).
pub const CONTINUING: &str = "継続";
pub const NEW: &str = "新規";

/// Builds the workbook; the bytes depend on the Analysis only.
pub fn build(a: &Analysis) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Page::of(a).workbook("地域・コーディネーター一覧")?;
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(PUBLIC_SHEET)?;
    public_sheet(ws, a, &st)?;
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

/// Column of the district tables' affiliations (the widest; it wraps past 60).
const AFF_COL: u16 = 5;
const AFF_WIDTH: f64 = 50.0;

/// The public sheet: districts, years, head counts and affiliations — never a name.
fn public_sheet(ws: &mut Worksheet, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let fy = fy_short(a.fiscal_year);
    let page = Page::of(a);
    let mut row = page.title_block(ws, st, "地域・コーディネーター一覧")? + 1;
    let ordered = districts_in_report_order(a);

    // The seed's 推進体制: the 統括本部 and its city-wide coordinators, by role.
    ws.write_string_with_format(
        row,
        0,
        "旭川市地域学校協働活動統括本部【事務局：教育委員会社会教育課】",
        &st.section,
    )?;
    row += 1;
    section_header(ws, st, &mut w, row, &["役割", "", "人数", "所属・役職"])?;
    ws.merge_range(row, 0, row, 1, "役割", &st.header)?;
    ws.merge_range(row, 3, row, AFF_COL, "所属・役職", &st.header)?;
    row += 1;
    for role in [Role::General, Role::Chief] {
        let people: Vec<_> = a.coordinators.iter().filter(|c| c.role == role).collect();
        let mut affs: Vec<&str> = Vec::new();
        for c in &people {
            for x in &c.affiliations {
                if !affs.contains(&x.as_str()) {
                    affs.push(x);
                }
            }
        }
        let aff = super::style::join_cell(&affs, "、");
        ws.merge_range(row, 0, row, 1, role.label(), &st.text)?;
        ws.write_number_with_format(row, 2, people.len() as f64, &st.people)?;
        ws.merge_range(row, 3, row, AFF_COL, &aff, &st.wrap)?;
        fit_row_height(ws, row, &[(&aff, AFF_WIDTH + 20.0)])?;
        row += 1;
    }
    ws.write_string_with_format(
        row,
        0,
        "※モデル地域以外のコーディネートについては、統括コーディネーターが相談に応じ、可能であれば対応する。",
        &st.note,
    )?;
    row += 2;

    // The seed's 「R7年度モデル地域」 table: 継続 first, then 新規, each label merged over its rows.
    ws.write_string_with_format(row, 0, format!("{fy}年度モデル地域"), &st.section)?;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        "社会教育部職員が地域コーディネーターを担う",
        &st.note,
    )?;
    row += 1;
    section_header(
        ws,
        st,
        &mut w,
        row,
        &[
            "モデル地域",
            "中学校区",
            "年度",
            "社会教育課",
            "地域の方",
            "地域の方の所属",
        ],
    )?;
    row += 1;
    let models: Vec<&&DistrictView> = ordered
        .iter()
        .filter(|d| d.status == Status::Model)
        .collect();
    for label in [CONTINUING, NEW] {
        let group: Vec<&&DistrictView> = models
            .iter()
            .copied()
            .filter(|d| (d.model_start == Some(a.fiscal_year)) == (label == NEW))
            .collect();
        if group.is_empty() {
            continue;
        }
        label_cell(ws, st, row, group.len() as u32, label)?;
        for d in group {
            district_row(ws, st, &mut w, row, d, Staff::Count(d.staff))?;
            row += 1;
        }
    }
    let b = &a.budget;
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
    ws.write_string_with_format(row, 0, format!("{fy}年度伴走支援地域"), &st.section)?;
    row += 1;
    ws.write_string_with_format(row, 0, "社会教育部職員が伴走支援する", &st.note)?;
    row += 1;
    section_header(
        ws,
        st,
        &mut w,
        row,
        &[
            "伴走支援地域",
            "中学校区",
            "モデル地域",
            "社会教育課",
            "地域の方",
            "地域の方の所属",
        ],
    )?;
    row += 1;
    let support: Vec<&&DistrictView> = ordered
        .iter()
        .filter(|d| d.status == Status::Support)
        .collect();
    if !support.is_empty() {
        label_cell(ws, st, row, support.len() as u32, "伴走支援")?;
    }
    // Staff support these districts but are not their coordinators (「伴走支援」).
    for d in support {
        district_row(ws, st, &mut w, row, d, Staff::Support)?;
        row += 1;
    }
    if b.planned_additions > 0 {
        ws.write_string_with_format(
            row,
            0,
            format!("※{fy}モデル地域は、{}地域追加予定", b.planned_additions),
            &st.note,
        )?;
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
        crate::analysis::percent_label(ever as i64, total as i64)
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
    ws.merge_range(row, 4, row, AFF_COL, "中学校区", &st.header)?;
    row += 1;
    let mut cumulative = 0usize;
    for (year, names) in &a.rollout {
        cumulative += names.len();
        let label = fy_label(*year);
        let joined = super::style::join_cell(names, "、");
        ws.write_string_with_format(row, 0, &label, &st.text)?;
        ws.write_number_with_format(row, 1, names.len() as f64, &st.count)?;
        ws.write_string_with_format(row, 2, format!("{}程度", a.new_per_year), &st.center)?;
        ws.write_number_with_format(row, 3, cumulative as f64, &st.count)?;
        ws.merge_range(row, 4, row, AFF_COL, &joined, &st.wrap)?;
        w.fit(0, &label);
        fit_row_height(ws, row, &[(&joined, AFF_WIDTH + 10.0)])?;
        row += 1;
    }

    w.fit(AFF_COL, &"あ".repeat(AFF_WIDTH as usize / 2 - 1));
    w.apply(ws)?;
    page.setup(ws, false, None)?;
    Ok(())
}

/// The group label of the first column (継続, 新規, 伴走支援), merged down over its rows.
fn label_cell(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    rows: u32,
    label: &str,
) -> Result<(), XlsxError> {
    if rows > 1 {
        ws.merge_range(row, 0, row + rows - 1, 0, label, &st.center)?;
    } else {
        ws.write_string_with_format(row, 0, label, &st.center)?;
    }
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
/// affiliations (column A holds the group label). Model and support tables share the
/// columns, so one set of widths serves both.
fn district_row(
    ws: &mut Worksheet,
    st: &Styles,
    w: &mut Widths,
    row: u32,
    d: &DistrictView,
    staff: Staff,
) -> Result<(), XlsxError> {
    let aff = super::style::join_cell(&d.resident_affiliations, "、");
    ws.write_string_with_format(row, 1, &d.name, &st.text)?;
    ws.write_string_with_format(row, 2, period(d), &st.center)?;
    match staff {
        Staff::Count(n) => ws.write_number_with_format(row, 3, f64::from(n), &st.people)?,
        Staff::Support => ws.write_string_with_format(row, 3, "伴走支援", &st.center)?,
    };
    ws.write_number_with_format(row, 4, f64::from(d.residents), &st.people)?;
    ws.write_string_with_format(row, AFF_COL, &aff, &st.wrap)?;
    w.fit(1, &d.name);
    w.fit(2, &period(d));
    // The column is held at AFF_WIDTH: longer affiliations wrap onto more lines.
    fit_row_height(ws, row, &[(&aff, AFF_WIDTH + 2.0)])?;
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
    page.setup(
        ws,
        true,
        Some(Table {
            header: (HEADER_ROW, HEADER_ROW),
            last,
        }),
    )?;
    Ok(())
}
