//! Finding tables in a sheet: the header row (within the first 30 rows, and again after each
//! blank-row gap), the title and `キー：値` metadata lines above it, which kind the table is,
//! and which column holds which field (`header/columns.rs`; an attendance matrix's session
//! columns, `header/sessions.rs`). Reading the data rows is `records.rs`'s job.

mod columns;
mod sessions;

pub use columns::read_header_row;
use columns::{combine_header_rows, evaluate};

use super::sheet::{Grid, Row, Val};
use crate::schema::Kind;
use calamine::Dimensions;
use chrono::NaiveDate;

/// A matrix attendance column's session.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub date: Option<NaiveDate>,
    pub name: Option<String>,
}

/// A `キー：値` line above a header.
#[derive(Clone, Debug)]
pub struct Meta {
    pub key: String,
    pub value: Val,
    pub row: u32,
    pub col: u16,
}

/// A table found in a sheet. `rows` indexes `Grid::rows` (the data rows below the header).
#[derive(Clone, Debug)]
pub struct Table {
    pub kind: Kind,
    /// Header row, 0-based.
    pub header_row: u32,
    /// Field → column.
    pub cols: Vec<(&'static str, u16)>,
    /// Matrix attendance: session columns.
    pub sessions: Vec<(u16, Session)>,
    /// Required headers missing (IN002); the rows are then not read.
    pub missing: Vec<&'static str>,
    pub unused: Vec<String>,
    /// The normalised header text of each field column, to spot the header repeated
    /// below (a print layout that repeats it on every page).
    pub header_texts: Vec<(u16, String)>,
    pub meta: Vec<Meta>,
    pub rows: std::ops::Range<usize>,
    /// The second row of a two-row header (0-based), never data.
    pub second_row: Option<u32>,
    /// Columns named by the second header row (a sub-header under its group).
    pub sub_cols: Vec<u16>,
}

impl Table {
    pub fn col(&self, field: &str) -> Option<u16> {
        self.cols.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    pub fn is_matrix(&self) -> bool {
        !self.sessions.is_empty()
    }

    /// The metadata value under one of `keys`.
    pub fn meta_value(&self, keys: &[&str]) -> Option<&Meta> {
        keys.iter()
            .find_map(|k| self.meta.iter().find(|m| m.key == *k))
    }
}

/// Header text as compared: NFKC, no spaces or line breaks, no trailing ※/*, no bracketed unit.
pub fn normalize_header(s: &str) -> String {
    let mut t: String = crate::names::nfkc_chars(s)
        .filter(|c| !c.is_whitespace())
        .collect();
    loop {
        let before = t.len();
        while t.ends_with(['※', '*']) {
            t.pop();
        }
        if t.ends_with(')') {
            if let Some(i) = t.rfind('(') {
                if i > 0 {
                    t.truncate(i);
                }
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

const META_KEYS: &[&str] = &[
    "研修名",
    "研修会名",
    "開催日",
    "日付",
    "実施日",
    "会場",
    "講師",
];
pub const SESSION_NAME_KEYS: &[&str] = &["研修名", "研修会名"];
pub const SESSION_DATE_KEYS: &[&str] = &["開催日", "日付", "実施日"];

/// Rows searched for the first header of a sheet.
const FIRST_WINDOW: u32 = 30;
/// After a blank-row gap, how far (rows) a new table's header may stand.
const GAP_WINDOW: u32 = 8;

/// Finds every table of a sheet. `pin` forces a kind (config `tables`).
pub fn find_tables(grid: &Grid, pin: Option<Kind>, fy: i32) -> Vec<Table> {
    let rows = &grid.rows;
    let mut tables: Vec<Table> = Vec::new();
    let Some(first) = rows.first() else {
        return tables;
    };
    let hint_sheet = Kind::hinted(&normalize_header(&grid.name));
    // The first header: anywhere in the first 30 rows.
    let limit = rows.partition_point(|r| r.idx < first.idx.saturating_add(FIRST_WINDOW));
    let merges = &grid.merges;
    let Some(t) = search(rows, merges, 0, limit, false, pin, hint_sheet, fy) else {
        return tables;
    };
    tables.push(t);
    // Then: after each gap, a new header may start another table.
    let mut i = tables[0].rows.start;
    while i < rows.len() {
        let gap = i > 0 && rows[i].idx > rows[i - 1].idx.saturating_add(1);
        if gap {
            let limit = rows.partition_point(|r| r.idx < rows[i].idx.saturating_add(GAP_WINDOW));
            if let Some(t) = search(rows, merges, i, limit, true, pin, hint_sheet, fy) {
                if let Some(last) = tables.last_mut() {
                    last.rows.end = i;
                }
                i = t.rows.start;
                tables.push(t);
                continue;
            }
        }
        i += 1;
    }
    tables
}

/// Looks for a header among `rows[from..limit]`: a complete header first, else the best
/// partial one (IN002). Lines above it are its titles and metadata. With `titles_only`
/// (after a gap inside a table) the search stops at the first row that looks like data.
#[allow(clippy::too_many_arguments)]
fn search(
    rows: &[Row],
    merges: &[Dimensions],
    from: usize,
    limit: usize,
    titles_only: bool,
    pin: Option<Kind>,
    hint_sheet: Option<Kind>,
    fy: i32,
) -> Option<Table> {
    let mut best_partial: Option<(usize, Table, usize)> = None;
    for h in from..limit.min(rows.len()) {
        let above = &rows[from..h];
        let meta = read_meta(above);
        let title: String = above
            .iter()
            .flat_map(|r| r.cells.iter())
            .filter_map(|(_, v)| match v {
                Val::Text(s) => Some(normalize_header(s)),
                _ => None,
            })
            .collect();
        let hint = Kind::hinted(&title).or(hint_sheet);
        let single = evaluate(&rows[h], &meta, pin, hint, fy);
        // A header over two rows, when it reads as a complete table naming as many columns.
        let double = rows
            .get(h + 1)
            .filter(|s| s.idx == rows[h].idx.saturating_add(1))
            .and_then(|s| {
                let (row, sub_cols) = combine_header_rows(&rows[h], s, merges)?;
                let (mut t, score) = evaluate(&row, &meta, pin, hint, fy)?;
                t.second_row = Some(s.idx);
                t.sub_cols = sub_cols;
                Some((t, score))
            })
            .filter(|(t, score)| {
                t.missing.is_empty()
                    && single
                        .as_ref()
                        .is_none_or(|(u, s)| !u.missing.is_empty() || score >= s)
            });
        let Some((mut t, score)) = double.or(single) else {
            if titles_only && !is_title_like(&rows[h]) {
                break;
            }
            continue;
        };
        t.meta = meta;
        t.rows = h + 1..rows.len();
        if t.missing.is_empty() {
            return Some(t);
        }
        if best_partial.as_ref().is_none_or(|(_, _, s)| score > *s) {
            best_partial = Some((h, t, score));
        }
    }
    best_partial.map(|(_, t, _)| t)
}

/// A title or metadata line: one cell, or `キー：値` cells, or a metadata key and its value.
fn is_title_like(r: &Row) -> bool {
    let meta_pair = r.cells.len() == 2
        && matches!(&r.cells[0].1, Val::Text(s) if META_KEYS.contains(&normalize_header(s).as_str()));
    r.cells.len() == 1
        || meta_pair
        || r.cells
            .iter()
            .all(|(_, v)| matches!(v, Val::Text(s) if s.contains([':', '：'])))
}

/// `キー：値` lines (or a key cell followed by a value cell) above a header.
fn read_meta(rows: &[Row]) -> Vec<Meta> {
    let mut out = Vec::new();
    for r in rows {
        for (i, (col, v)) in r.cells.iter().enumerate() {
            let Val::Text(s) = v else { continue };
            // 「研修名：第1回研修会　開催日：R7.6.14」: several known keys in one cell.
            let pairs = known_pairs(s);
            if pairs.len() > 1 || pairs.first().is_some_and(|(_, v)| !v.is_empty()) {
                for (key, value) in pairs.into_iter().filter(|(_, v)| !v.is_empty()) {
                    out.push(Meta {
                        key: key.to_string(),
                        value: Val::Text(value),
                        row: r.idx,
                        col: *col,
                    });
                }
                continue;
            }
            let n: String = crate::names::nfkc_chars(s).collect();
            let next = r.cells.get(i + 1).map(|(_, v)| v.clone());
            let (key, value) = match n.split_once(':') {
                Some((k, rest)) => {
                    let rest = rest.trim();
                    if rest.is_empty() {
                        match next {
                            Some(v) => (normalize_header(k), v),
                            None => continue,
                        }
                    } else {
                        // The value as typed (not NFKC'd), after the first colon.
                        let raw = s
                            .split_once([':', '：'])
                            .map(|(_, v)| v.trim().to_string())
                            .unwrap_or_else(|| rest.to_string());
                        (normalize_header(k), Val::Text(raw))
                    }
                }
                None => {
                    let k = normalize_header(&n);
                    match next {
                        Some(v) if META_KEYS.contains(&k.as_str()) => (k, v),
                        _ => continue,
                    }
                }
            };
            if !key.is_empty() {
                out.push(Meta {
                    key,
                    value,
                    row: r.idx,
                    col: *col,
                });
            }
        }
    }
    out
}

/// Known metadata keys followed by a colon inside one cell, each with the text up to the
/// next key (as typed, not NFKC'd).
fn known_pairs(s: &str) -> Vec<(&'static str, String)> {
    let mut hits: Vec<(usize, usize, &'static str)> = Vec::new(); // key start, value start
    for key in META_KEYS {
        for (pos, _) in s.match_indices(key) {
            let after = &s[pos + key.len()..];
            let trimmed = after.trim_start();
            if let Some(c) = trimmed.chars().next().filter(|c| matches!(c, ':' | '：')) {
                let value_at = s.len() - trimmed.len() + c.len_utf8();
                // 研修会名 also contains 研修: keep the longest key at a position.
                if !hits.iter().any(|(p, v, _)| *p <= pos && pos < *v) {
                    hits.push((pos, value_at, key));
                }
            }
        }
    }
    hits.sort();
    hits.dedup_by_key(|(p, ..)| *p);
    (0..hits.len())
        .map(|i| {
            let end = hits.get(i + 1).map(|(p, ..)| *p).unwrap_or(s.len());
            let value = s[hits[i].1..end.max(hits[i].1)].trim().to_string();
            (hits[i].2, value)
        })
        .collect()
}

#[cfg(test)]
mod tests;
