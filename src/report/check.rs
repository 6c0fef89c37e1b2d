//! チェック結果.xlsx: 集計 (findings by id and severity), the findings themselves
//! (findings.rs), 前回との比較 and the resources to review (review.rs), and the inventory of
//! every file, sheet and table read, with the config and tool version in force (sheet
//! 入力ファイル一覧).

use super::continued::Continued;
use super::page::VERSION;
use super::page::{Page, Table, BODY_ROW};
use super::style::{fit_row_height, header_lines, Styles, Widths};
use crate::analysis::Analysis;
use crate::finding::{self, Finding, Severity};
use crate::model::a1;
use rust_xlsxwriter::{Formula, Url, Workbook, XlsxError};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

pub const SUMMARY_SHEET: &str = "集計";
pub const INVENTORY_SHEET: &str = "入力ファイル一覧";
pub const CHANGES_SHEET: &str = "前回との比較";
pub const RESOURCES_SHEET: &str = "地域人材・資源の確認";
/// 0-based row of the 集計 header (Excel row 6): below the counts and the carry-over line.
pub const SUMMARY_HEADER_ROW: u32 = BODY_ROW + 2;
/// 0-based header row of the inventory sheet (Excel row 5).
pub const INVENTORY_HEADER_ROW: u32 = BODY_ROW + 1;
/// Excel's limit on a link's length (2,080), with room for escaping.
const MAX_URL_CHARS: usize = 1_500;

/// Builds the workbook. `out` is where it will live: links to the inputs are relative to it.
pub fn build(
    a: &Analysis,
    input_paths: &BTreeMap<String, PathBuf>,
    out: &Path,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Page::of(a).workbook("チェック結果")?;
    let st = Styles::new();
    let links = Links::new(input_paths, out);
    summary_sheet(&mut wb, a, &st)?;
    super::findings::findings_sheet(&mut wb, a, &st, &links)?;
    if let Some(c) = &a.changes {
        let ws = wb.add_worksheet();
        ws.set_name(CHANGES_SHEET)?;
        super::review::changes_sheet(ws, a, c, &st)?;
    }
    if !a.resources.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(RESOURCES_SHEET)?;
        super::review::resources_sheet(ws, a, &st)?;
    }
    inventory_sheet(&mut wb, a, &st, &links)?;
    wb.save_to_buffer()
}

/// The Japanese name of a table kind, as the inventory shows it.
pub fn kind_label(kind: &str) -> &str {
    crate::schema::Kind::from_key(kind).map_or(kind, |k| k.label())
}

/// Links from the out folder to the input files: the only links kyodo writes.
pub(super) struct Links {
    /// Display name → (relative link target, whether it is a workbook with cells to point at).
    /// A file with no safe relative path has no entry, and its name is written as text.
    targets: BTreeMap<String, (String, bool)>,
}

impl Links {
    pub(super) fn new(input_paths: &BTreeMap<String, PathBuf>, out: &Path) -> Links {
        Links {
            targets: input_paths
                .iter()
                .filter_map(|(k, p)| {
                    let target = relative_link(out, p).filter(|t| safe_target(t))?;
                    let lower = target.to_lowercase();
                    let is_book = [".xlsx", ".xlsm", ".xls", ".ods"]
                        .iter()
                        .any(|e| lower.ends_with(e));
                    Some((k.clone(), (target, is_book)))
                })
                .collect(),
        }
    }

    /// `file:///../in/名簿.xlsx#'名簿'!B7` for a cell of a workbook; the file alone for a CSV
    /// or when no cell is known. rust_xlsxwriter stores a relative `file:///` link as the bare
    /// relative path, the part after `#` as the cell.
    pub(super) fn to(&self, f_file: &str, sheet: &str, cell: &str) -> Option<Url> {
        let (target, is_book) = self.targets.get(f_file)?;
        let link = if *is_book && !sheet.is_empty() && !cell.is_empty() {
            format!("file:///{target}#'{}'!{cell}", sheet.replace('\'', "''"))
        } else {
            format!("file:///{target}")
        };
        // Excel refuses longer links; the text alone is better than no report.
        (link.chars().count() <= MAX_URL_CHARS).then(|| Url::new(link))
    }
}

/// Whether a relative path can be a link that opens that file and nothing else: no `#`
/// (taken for the cell part), `?`, `:` (a drive or scheme: `C:`, `http:`, `javascript:`),
/// `\\` (a share, or a name Windows would split) or control characters, no `%` before two hex
/// digits (a viewer would decode it), and not rooted.
pub fn safe_target(t: &str) -> bool {
    let hex_escape = t
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    !t.is_empty()
        && !t.starts_with('/')
        && !t.contains(['#', '?', ':', '\\'])
        && !t.chars().any(char::is_control)
        && !hex_escape
}

/// The path of `target` relative to the folder `out`, with `/` separators
/// (`../../samples/名簿.xlsx`); None when they share no root (another drive), as a link
/// then could only be absolute.
pub fn relative_link(out: &Path, target: &Path) -> Option<String> {
    let (o, t) = (absolute(out), absolute(target));
    let oc: Vec<Component> = o.components().collect();
    let tc: Vec<Component> = t.components().collect();
    let common = oc.iter().zip(&tc).take_while(|(x, y)| x == y).count();
    if common == 0
        || !matches!(oc.first(), Some(Component::RootDir | Component::Prefix(_)))
        || oc.first() != tc.first()
    {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); oc.len() - common];
    parts.extend(
        tc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}

/// An absolute, normalised path: canonical when it exists; else its nearest existing folder
/// canonical and the rest cleaned lexically. (The out folder of a first run does not exist
/// yet; on Windows a canonical path carries the `\\?\` prefix and a lexical one does not,
/// so both must come from the same canonicalisation to be compared.)
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut clean = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other.as_os_str()),
        }
    }
    let mut rest = Vec::new();
    let mut base = clean.as_path();
    while let Some(parent) = base.parent() {
        rest.push(
            base.file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default(),
        );
        base = parent;
        if let Ok(c) = base.canonicalize() {
            return rest.iter().rev().fold(c, |p, n| p.join(n));
        }
    }
    clean
}

/// Counts per id: (error, warning, info, waived), ids in the order of spec §3.
fn counts_by_id(findings: &[Finding]) -> Vec<(String, [u32; 4])> {
    let mut m: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    for f in findings {
        let e = m.entry(f.id.to_string()).or_default();
        match f.severity {
            Severity::Error => e[0] += 1,
            Severity::Warning => e[1] += 1,
            Severity::Info => e[2] += 1,
        }
        if f.waived() {
            e[3] += 1;
        }
    }
    let order = |id: &str| {
        finding::IDS
            .iter()
            .position(|(i, _)| *i == id)
            .unwrap_or(usize::MAX)
    };
    let mut v: Vec<(String, [u32; 4])> = m.into_iter().collect();
    v.sort_by(|a, b| (order(&a.0), &a.0).cmp(&(order(&b.0), &b.0)));
    v
}

/// 集計: the count of findings by severity, then by id (titles as spec §3 names them, with
/// the config's figures), on a sheet of its own so that the findings' header can be frozen.
fn summary_sheet(wb: &mut Workbook, a: &Analysis, st: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(SUMMARY_SHEET)?;
    let page = Page::of(a);
    page.title_block(ws, st, "チェック結果（集計）")?;
    let waived = a.findings.iter().filter(|f| f.waived()).count();
    let (e, wn, i) = finding::count_by_severity(&a.findings);
    ws.write_string_with_format(
        BODY_ROW,
        0,
        format!("エラー {e}件、警告 {wn}件、情報 {i}件（うち承認済 {waived}件）"),
        &st.note,
    )?;
    if let Some(c) = &a.changes {
        let carried = c.notes.len();
        let line = if c.notes_unreadable {
            "※前回のチェック結果.xlsx を読めなかったため、対応状況・担当・対応日・メモは引き継いでいません。".to_string()
        } else {
            format!("※前回の対応状況・担当・対応日・メモを {carried}件 引き継ぎました（前回比「継続」の指摘）。")
        };
        ws.write_string_with_format(BODY_ROW + 1, 0, line, &st.note)?;
    }

    let by_id = counts_by_id(&a.findings);
    let words = a.rule_words();
    let mut w = Widths::new();
    // 対応済 counts what the clerk marks on the findings sheet, live: it follows as they type.
    let layout = super::findings::one_sheet_layout(a);
    let mut heads = vec!["ID", "内容", "エラー", "警告", "情報", "計", "承認済"];
    if layout.is_some() {
        heads.push(super::findings::DONE);
    }
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(SUMMARY_HEADER_ROW, c as u16, *h, &st.header)?;
        w.fit(c as u16, h);
    }
    let mut row = SUMMARY_HEADER_ROW + 1;
    let mut totals = [0u32; 6];
    let first = row;
    for (id, n) in &by_id {
        let title = finding::title_in(id, &words);
        ws.write_string_with_format(row, 0, id, &st.center)?;
        ws.write_string_with_format(row, 1, &title, &st.text)?;
        w.fit(0, id);
        w.fit(1, &title);
        let all = n[0] + n[1] + n[2];
        for (k, v) in [n[0], n[1], n[2], all, n[3]].iter().enumerate() {
            ws.write_number_with_format(row, 2 + k as u16, f64::from(*v), &st.count)?;
            totals[k] += v;
        }
        if let Some((id_col, status_col, last)) = layout {
            let done = a
                .findings
                .iter()
                .filter(|f| {
                    f.id == id && super::findings::carried_status(a, f) == super::findings::DONE
                })
                .count() as u32;
            let range = |c: u16| {
                format!(
                    "'{}'!{}:{}",
                    super::findings::FINDINGS_SHEET,
                    a1_abs(super::findings::FINDINGS_HEADER_ROW + 1, c),
                    a1_abs(last, c)
                )
            };
            let f = format!(
                "=COUNTIFS({},{},{},\"{}\")",
                range(id_col),
                a1(row, 0),
                range(status_col),
                super::findings::DONE
            );
            ws.write_formula_with_format(
                row,
                7,
                Formula::new(f).set_result(done.to_string()),
                &st.count,
            )?;
            totals[5] += done;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, "合計", &st.total_label)?;
    ws.write_blank(row, 1, &st.total_label)?;
    for (k, t) in totals.iter().enumerate().take(heads.len() - 2) {
        let col = 2 + k as u16;
        let f = if by_id.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(first, col), a1(row - 1, col))
        };
        ws.write_formula_with_format(
            row,
            col,
            Formula::new(f).set_result(t.to_string()),
            &st.total_count,
        )?;
    }
    w.apply(ws)?;
    page.setup(ws, false, Some(Table::new(SUMMARY_HEADER_ROW, row)))?;
    Ok(())
}

/// `$B$6`: an absolute reference, for a formula that points at another sheet's table.
fn a1_abs(row: u32, col: u16) -> String {
    let rel = a1(row, col);
    let digits = rel.find(|c: char| c.is_ascii_digit()).unwrap_or(rel.len());
    format!("${}${}", &rel[..digits], &rel[digits..])
}

fn inventory_sheet(
    wb: &mut Workbook,
    a: &Analysis,
    st: &Styles,
    links: &Links,
) -> Result<(), XlsxError> {
    // Fixed widths, the long texts wrapped: the twelve columns fit A4 landscape with the
    // 10 pt font printed at 8 pt or more (the SHA-256 takes two lines).
    let cols: [(&str, f64); 12] = [
        ("ファイル", 22.0),
        ("SHA-256", 34.0),
        ("シート", 12.0),
        ("種類", 12.0),
        ("見出し行", 9.0),
        ("読んだ行数", 7.0),
        ("使った行数", 7.0),
        ("指摘して除いた行数", 9.0),
        ("規則で\n除いた\n行数", 9.0),
        ("除いた規則", 14.0),
        ("使わなかった列", 14.0),
        ("備考", 18.0),
    ];
    let heads: Vec<String> = cols.iter().map(|(h, w)| header_lines(h, w - 1.0)).collect();
    let page = Page::of(a);
    let mut t = Continued::new(wb, INVENTORY_SHEET, |ws, part| {
        page.title_block(ws, st, "入力ファイル一覧")?;
        if part > 1 {
            ws.write_string_with_format(
                BODY_ROW,
                0,
                format!("「{INVENTORY_SHEET}」の続き（{part}枚目）"),
                &st.note,
            )?;
        }
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(INVENTORY_HEADER_ROW, c as u16, h, &st.header)?;
        }
        let lines = heads.iter().map(|h| h.lines().count()).max().unwrap_or(1);
        ws.set_row_height(INVENTORY_HEADER_ROW, 15.0 * lines as f64)?;
        Ok(INVENTORY_HEADER_ROW)
    })?;
    for e in &a.inventory {
        let (ws, row) = t.row(wb)?;
        match links.to(&e.file, "", "") {
            Some(url) => ws.write_url_with_options(row, 0, url, &e.file, "", Some(&st.link))?,
            None => ws.write_string_with_format(row, 0, &e.file, &st.wrap)?,
        };
        let kind = e.kind.as_deref().map(kind_label).unwrap_or("なし");
        let unused = super::style::join_cell(&e.unused_columns, "、");
        ws.write_string_with_format(row, 1, &e.sha256, &st.wrap)?;
        ws.write_string_with_format(row, 2, &e.sheet, &st.wrap)?;
        ws.write_string_with_format(row, 3, kind, &st.wrap)?;
        if e.header_row > 0 {
            ws.write_number_with_format(row, 4, f64::from(e.header_row), &st.count)?;
        } else {
            ws.write_blank(row, 4, &st.count)?;
        }
        // Row accounting (spec §2): 読んだ = 使った + 指摘して除いた + 規則で除いた.
        let rules = e.skipped_label();
        for (c, n) in [
            (5, e.rows),
            (6, e.used),
            (7, e.rejected),
            (8, e.rows_skipped()),
        ] {
            ws.write_number_with_format(row, c, f64::from(n), &st.count)?;
        }
        ws.write_string_with_format(row, 9, &rules, &st.wrap)?;
        ws.write_string_with_format(row, 10, &unused, &st.wrap)?;
        ws.write_string_with_format(row, 11, &e.note, &st.wrap)?;
        let texts = [
            (0, e.file.as_str()),
            (1, e.sha256.as_str()),
            (2, e.sheet.as_str()),
            (3, kind),
            (9, rules.as_str()),
            (10, unused.as_str()),
            (11, e.note.as_str()),
        ];
        let cells: Vec<(&str, f64)> = texts.iter().map(|(c, t)| (*t, cols[*c].1)).collect();
        fit_row_height(ws, row, &cells)?;
    }
    // The files skipped, the config and the version follow the table, on its last sheet:
    // written through the table so that they too continue on a new sheet when this one is full.
    let mut after = vec![(String::new(), None)];
    if !a.skipped_files.is_empty() {
        after.push(("読み飛ばしたファイル".to_string(), None));
        for s in &a.skipped_files {
            after.push((
                s.clone(),
                Some("ロックファイル・隠しファイル等のため読み飛ばし"),
            ));
        }
        after.push((String::new(), None));
    }
    after.push((
        format!("設定: {}（SHA-256 {}）", a.config_origin, a.config_sha256),
        None,
    ));
    after.push((format!("作成に使ったツール: kyodo {VERSION}"), None));
    let skipped = a.skipped_files.len();
    let mut last_rows = Vec::new();
    for (i, (text, note)) in after.iter().enumerate() {
        let (ws, row) = t.row(wb)?;
        if i == 0 {
            last_rows.push(row);
        }
        let format = match i {
            1 if skipped > 0 => &st.section,
            _ if note.is_some() => &st.wrap,
            _ => &st.note,
        };
        if !text.is_empty() {
            ws.write_string_with_format(row, 0, text, format)?;
        }
        if let Some(n) = note {
            ws.write_string_with_format(row, 11, *n, &st.wrap)?;
            fit_row_height(ws, row, &[(text, cols[0].1), (n, cols[11].1)])?;
        }
    }
    // The filter stops at the last file row (the row before the blank one).
    let filter_end = last_rows[0];
    let parts = t.sheets();
    t.finish(wb, |ws, part, header, last| {
        for (c, (_, width)) in cols.iter().enumerate() {
            ws.set_column_width(c as u16, *width)?;
        }
        ws.set_freeze_panes(header + 1, 1)?;
        let last = if part == parts {
            filter_end.saturating_sub(1).max(header + 1)
        } else {
            last
        };
        ws.autofilter(header, 0, last, 11)?;
        page.setup(ws, true, Some(Table::new(header, last)))?;
        Ok(())
    })
}
