//! Finding tables in a sheet: the header row (within the first 30 rows, and again after each
//! blank-row gap), the title and `キー：値` metadata lines above it, which kind the table is,
//! and which column holds which field. Reading the data rows is `records.rs`'s job.

use super::sheet::{Grid, Row, Val};
use crate::calendar::parse_date_text;
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

/// A lone header row as a table (no title, metadata or pin): for reading the templates' own
/// headers.
pub fn read_header_row(row: &Row) -> Option<Table> {
    evaluate(row, &[], None, None, 2025).map(|(t, _)| t)
}

/// Judges one row as a header. Returns the table (without rows and meta) and a score for
/// choosing among partial headers; None when the row is no header at all.
fn evaluate(
    row: &Row,
    meta: &[Meta],
    pin: Option<Kind>,
    hint: Option<Kind>,
    fy: i32,
) -> Option<(Table, usize)> {
    let headers: Vec<(u16, String, String)> = row
        .cells
        .iter()
        .filter_map(|(c, v)| match v {
            Val::Text(s) => Some((*c, normalize_header(s), s.trim().to_string())),
            _ => None,
        })
        .collect();
    // Only 研修名 / 開催日 make a per-session sheet: a 日付 line may date any roster.
    let meta_session = meta
        .iter()
        .any(|m| SESSION_NAME_KEYS.contains(&m.key.as_str()) || m.key == "開催日");

    // Matrix attendance: 氏名 and columns headed by a session's date or name.
    let sessions = session_columns(row, fy);
    // table, required found, matched, required total
    let mut candidates: Vec<(Table, usize, usize, usize)> = Vec::new();
    for kind in Kind::ALL {
        if pin.is_some_and(|p| p != kind) {
            continue;
        }
        let (cols, missing, req_found) = assign(kind, &headers, meta_session);
        if cols.is_empty() {
            continue;
        }
        let mut t = Table {
            kind,
            header_row: row.idx,
            cols,
            sessions: Vec::new(),
            missing,
            unused: Vec::new(),
            meta: Vec::new(),
            rows: 0..0,
            header_texts: Vec::new(),
            second_row: None,
            sub_cols: Vec::new(),
        };
        if kind == Kind::Attendance
            && t.col("date").is_none()
            && t.col("session").is_none()
            && t.col("name").is_some()
            && !sessions.is_empty()
        {
            t.sessions = sessions.clone();
            t.missing.clear();
        }
        let matched = t.cols.len() + t.sessions.len();
        let req_total = req_found + t.missing.len();
        candidates.push((t, req_found, matched, req_total));
    }
    let complete = |k: Kind| {
        candidates
            .iter()
            .position(|(t, ..)| t.kind == k && t.missing.is_empty())
    };
    // The complete kind with most required, then most matched headers. One lone known
    // header among other text is a sentence, not a header row (「出席簿 | 中学校区 |
    // 出席者の中学校区」 on a 記入方法 sheet).
    let texts = headers.len();
    let best_complete = candidates
        .iter()
        .enumerate()
        .filter(|(_, (t, _, m, _))| {
            t.missing.is_empty() && (*m >= 2 || texts <= 1 || pin.is_some())
        })
        .max_by_key(|(i, (_, r, m, _))| (*r, *m, usize::MAX - i))
        .map(|(i, (_, r, m, _))| (i, *r, *m));
    // A partial kind wins over the complete one when it matches more headers: a 支出簿
    // without 金額 is not a 中学校区一覧. Partial means clearly of the kind (spec §2): most of
    // its required headers, or most of all its headers (a 研修会一覧 without 開催日 but with
    // 会場 and 講師), never one known word in a stray file (a shelter list's 名称).
    let most = |t: &Table, r: usize, m: usize, total: usize| {
        r >= 1 && m >= 2 && (r * 2 > total || m * 2 > t.kind.fields().len())
    };
    let best_partial = candidates
        .iter()
        .enumerate()
        .filter(|(_, (t, r, m, total))| {
            !t.missing.is_empty() && (most(t, *r, *m, *total) || pin.is_some())
        })
        .max_by_key(|(i, (_, r, m, _))| (*m, *r, usize::MAX - i))
        .map(|(i, (_, _, m, _))| (i, *m));
    let complete_matched = best_complete.map_or(0, |(_, _, m)| m);
    // Columns headed by dates make a matrix; columns headed by training names only when no
    // roster with three required headers fits (a 名簿 may have a 「研修受講」 column).
    let matrix = candidates.iter().position(|(t, ..)| t.is_matrix());
    let dated = sessions.iter().any(|(_, s)| s.date.is_some());
    let pick =
        if let (Some(i), true) = (matrix, dated || best_complete.is_none_or(|(_, r, _)| r < 3)) {
            Some(i)
        } else if let (true, Some(i)) = (meta_session, complete(Kind::Attendance)) {
            Some(i)
        } else if let Some(i) = hint.and_then(complete) {
            Some(i)
        } else if let Some(i) = hint.and_then(|k| {
            // The title names the table: its kind with a column missing (IN002), unless
            // another kind fits better (「研修会 出席簿」 over a 研修会一覧).
            candidates.iter().position(|(t, r, m, total)| {
                t.kind == k
                    && (t.missing.is_empty() || most(t, *r, *m, *total))
                    && *m >= complete_matched
            })
        }) {
            Some(i)
        } else {
            match (best_complete, best_partial) {
                (Some((c, _, cm)), Some((p, pm))) => Some(if pm > cm { p } else { c }),
                (Some((c, ..)), None) => Some(c),
                (None, Some((p, _))) => Some(p),
                (None, None) => None,
            }
        };
    let i = pick?;
    let (mut t, _, matched, _) = candidates.swap_remove(i);
    t.unused = headers
        .iter()
        .filter(|(c, ..)| !t.uses_col(*c))
        .map(|(_, _, raw)| raw.clone())
        .collect();
    t.header_texts = headers
        .iter()
        .filter(|(c, ..)| t.cols.iter().any(|(_, x)| x == c))
        .map(|(c, n, _)| (*c, n.clone()))
        .collect();
    Some((t, matched))
}

impl Table {
    /// Whether a column holds a field or a session (sessions are in column order, so a
    /// matrix thousands of sessions wide stays linear).
    pub fn uses_col(&self, c: u16) -> bool {
        self.cols.iter().any(|(_, x)| *x == c)
            || self.sessions.binary_search_by_key(&c, |(x, _)| *x).is_ok()
    }

    /// The second line of a two-line header (「ボランティア保険」 over 「加入」「加入日」): the row
    /// just below the header, text only, with every required field blank.
    pub fn is_sub_header(&self, row: &Row) -> bool {
        if self.second_row.is_some() {
            return self.second_row == Some(row.idx);
        }
        row.idx == self.header_row.saturating_add(1)
            && row.cells.iter().all(|(_, v)| matches!(v, Val::Text(_)))
            && self
                .cols
                .iter()
                .filter(|(f, _)| self.kind.is_required(f))
                .all(|(_, c)| row.get(*c).is_none())
    }

    /// The header row (0-based) whose cell in `col` names the column.
    pub fn header_row_of(&self, col: u16) -> u32 {
        match self.second_row {
            Some(r) if self.sub_cols.contains(&col) => r,
            _ => self.header_row,
        }
    }

    /// The header's last row (0-based) before the data (its second row is counted as a
    /// skipped row, so accounting starts at the first).
    pub fn last_header_row(&self) -> u32 {
        self.header_row
    }

    /// Whether a data row repeats the header (every field column holds its header text).
    pub fn repeats_header(&self, row: &Row) -> bool {
        !self.header_texts.is_empty()
            && self
                .header_texts
                .iter()
                .all(|(c, h)| matches!(row.get(*c), Some(Val::Text(s)) if reads_as_header(s, h)))
    }
}

/// `normalize_header(s) == h`, asked of every data row. Text already in NFKC normalises only
/// by losing its spaces and a trailing mark or (note), so it must start with `h`: most cells
/// fail that at their first character, before any normal form is built.
fn reads_as_header(s: &str, h: &str) -> bool {
    if crate::names::is_nfkc(s) {
        let mut t = s.chars().filter(|c| !c.is_whitespace());
        if !h.chars().all(|c| t.next() == Some(c)) {
            return false;
        }
    }
    normalize_header(s) == h
}

/// Reads rows `h` and `s` as one header of two rows (spec §2): a group cell merged across
/// its sub-headers (「ボランティア保険」 over 「加入」「加入日」), the other headers merged down over
/// both rows (their value is then in both). Gives the header as one row, each column named by
/// [`column_name`], and the columns the second row names; None when `s` is no sub-header row
/// (a value that is no header under a header of its own, or no column under a group).
/// Without merge information (CSV), an empty first-row cell belongs to the group on its left.
fn combine_header_rows(h: &Row, s: &Row, merges: &[Dimensions]) -> Option<(Row, Vec<u16>)> {
    // A title line (one cell, however wide its merge) over a header is no group row.
    if h.cells.len() < 2
        || s.cells
            .iter()
            .any(|(_, v)| !matches!(v, Val::Text(_) | Val::Date(..)))
    {
        return None;
    }
    let text = |v: &Val| match v {
        Val::Text(t) => Some(normalize_header(t)),
        _ => None,
    };
    // The group over column c: a merge across columns in row h, or (no merges at all) the
    // nearest text to the left of an empty cell, or a cell whose right neighbour is empty.
    let group_of = |c: u16| -> Option<String> {
        if !merges.is_empty() {
            let m = merges.iter().find(|m| {
                m.start.0 == h.idx
                    && m.end.1 > m.start.1
                    && m.start.1 <= u32::from(c)
                    && u32::from(c) <= m.end.1
            })?;
            return h.get(u16::try_from(m.start.1).ok()?).and_then(text);
        }
        match h.get(c) {
            None => h
                .cells
                .iter()
                .rev()
                .find(|(x, _)| *x < c)
                .and_then(|(_, v)| text(v)),
            Some(v) if h.get(c + 1).is_none() && s.get(c + 1).is_some() => text(v),
            Some(_) => None,
        }
    };
    let mut under_group = 0;
    let mut sub_cols = Vec::new();
    let mut cells: Vec<(u16, Val)> = Vec::new();
    let mut cols: Vec<u16> = h.cells.iter().chain(&s.cells).map(|(c, _)| *c).collect();
    cols.sort_unstable();
    cols.dedup();
    for c in cols {
        let (top, sub) = (h.get(c), s.get(c));
        let Some(sub) = sub.filter(|v| Some(*v) != top) else {
            // Only in the first row, or merged down over both.
            if let Some(v) = top {
                cells.push((c, v.clone()));
            }
            continue;
        };
        let group = group_of(c);
        let grouped = group.is_some();
        under_group += usize::from(grouped);
        let qualifier = group.or_else(|| top.and_then(text));
        let name = match sub {
            Val::Text(t) => {
                let n = column_name(qualifier.as_deref(), &normalize_header(t));
                // Under a header of its own, the second row must read as a header too.
                if !grouped && top.is_some() && !is_known_header(&n) {
                    return None;
                }
                Val::Text(n)
            }
            date => date.clone(),
        };
        sub_cols.push(c);
        cells.push((c, name));
    }
    // Sub-headers under a group, or session dates under their names (「第1回」 over 6/14).
    let dated = s.cells.iter().any(|(_, v)| matches!(v, Val::Date(..)));
    (under_group > 0 || dated && !sub_cols.is_empty())
        .then_some((Row { idx: h.idx, cells }, sub_cols))
}

/// A sub-header's name as qualified by its group: the group and the sub-header together when
/// that is a known header (支出＋年月日 → 支出年月日), else the sub-header when known (連絡先 ›
/// 電話), else the end of the group with it (ボランティア保険 › 加入日 → 保険加入日), else the
/// group for a yes/no sub-header (ボランティア保険 › 有無), else the sub-header as it stands.
fn column_name(group: Option<&str>, sub: &str) -> String {
    let Some(g) = group.filter(|g| !g.is_empty()) else {
        return sub.to_string();
    };
    let joined = format!("{g}{sub}");
    if is_known_header(&joined) {
        return joined;
    }
    if is_known_header(sub) {
        return sub.to_string();
    }
    let tail = g
        .char_indices()
        .skip(1)
        .map(|(i, _)| format!("{}{sub}", &g[i..]))
        .find(|t| is_known_header(t));
    if let Some(t) = tail {
        return t;
    }
    const YES_NO: &[&str] = &[
        "有無",
        "加入",
        "加入の有無",
        "有・無",
        "状況",
        "加入状況",
        "○×",
    ];
    if is_known_header(g) && YES_NO.contains(&sub) {
        return g.to_string();
    }
    sub.to_string()
}

/// Whether some kind has a column headed `s` (normalised).
fn is_known_header(s: &str) -> bool {
    Kind::ALL
        .iter()
        .any(|k| k.fields().iter().any(|(_, names, _)| names.contains(&s)))
}

/// Assigns columns to a kind's fields, each synonym in order of preference.
/// Returns (field → column, missing required fields, required fields found).
fn assign(
    kind: Kind,
    headers: &[(u16, String, String)],
    meta_session: bool,
) -> (Vec<(&'static str, u16)>, Vec<&'static str>, usize) {
    let mut cols: Vec<(&'static str, u16)> = Vec::new();
    let mut missing = Vec::new();
    let mut found = 0;
    for (field, names, required) in kind.fields() {
        let hit = names.iter().find_map(|n| {
            headers
                .iter()
                .find(|(c, h, _)| h == n && !cols.iter().any(|(_, x)| x == c))
                .map(|(c, ..)| *c)
        });
        match hit {
            Some(c) => {
                cols.push((field, c));
                if *required {
                    found += 1;
                }
            }
            None if *required => missing.push(*field),
            None => {}
        }
    }
    if kind == Kind::Attendance {
        let has = |f: &str| cols.iter().any(|(x, _)| *x == f);
        if has("date") || has("session") {
            found += 1;
        } else if !meta_session {
            missing.push("date");
        }
    }
    (cols, missing, found)
}

/// Columns headed by a session: a date cell, date text (`6/14`, `R7.10.18`) or a training's name.
fn session_columns(row: &Row, fy: i32) -> Vec<(u16, Session)> {
    row.cells
        .iter()
        .filter_map(|(c, v)| {
            let s = match v {
                Val::Date(d, _) => Session {
                    date: Some(*d),
                    name: None,
                },
                Val::Text(s) => session_header(s, fy)?,
                _ => return None,
            };
            Some((*c, s))
        })
        .collect()
}

/// A matrix column header naming a session: `6/14`, `R7.10.18`, `6/14(土)`,
/// `第1回(6/14)`, `第2回コーディネーター研修会`, `第3回`.
fn session_header(s: &str, fy: i32) -> Option<Session> {
    if let Some(d) = parse_date_text(s, fy) {
        return Some(Session {
            date: Some(d),
            name: None,
        });
    }
    let n: String = crate::names::nfkc_chars(s).collect();
    let n = n.trim();
    // 「第1回（6/14）」: a name with its date in brackets.
    if let Some((before, inside)) = n.split_once('(') {
        let inside = inside.trim_end_matches(')');
        if let Some(d) = parse_date_text(inside, fy) {
            let name = before.trim();
            return Some(Session {
                date: Some(d),
                name: (!name.is_empty()).then(|| name.to_string()),
            });
        }
    }
    let key = normalize_header(n);
    if SESSION_NAME_KEYS.contains(&key.as_str()) {
        return None;
    }
    // A training's name, not a sentence about trainings.
    let training = key.contains("研修") && key.chars().count() <= 30 && !key.contains(['。', '、']);
    let numbered = key
        .strip_prefix('第')
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .is_some_and(|r| r.len() < key.len() - '第'.len_utf8() && r.starts_with('回'));
    (training || numbered).then(|| Session {
        date: None,
        name: Some(s.trim().to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_row(idx: u32, cells: &[&str]) -> Row {
        Row {
            idx,
            cells: cells
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_empty())
                .map(|(i, s)| (i as u16, Val::Text(s.to_string())))
                .collect(),
        }
    }

    #[test]
    fn header_text_is_normalised() {
        assert_eq!(normalize_header("金額（円）"), "金額");
        assert_eq!(normalize_header(" 氏 名 ※"), "氏名");
        assert_eq!(normalize_header("中学校区\n*"), "中学校区");
        assert_eq!(
            normalize_header("ボランティア\n保険（有・無）※"),
            "ボランティア保険"
        );
        assert_eq!(normalize_header("（備考）"), "(備考)");
    }

    #[test]
    fn kinds_from_headers() {
        let kind = |cells: &[&str]| {
            evaluate(&text_row(0, cells), &[], None, None, 2025).map(|(t, _)| (t.kind, t.missing))
        };
        assert_eq!(
            kind(&["氏名", "中学校区", "区分", "所属・役職"]),
            Some((Kind::Coordinators, vec![]))
        );
        assert_eq!(
            kind(&["氏名", "中学校区", "保険"]),
            Some((Kind::Supporters, vec![]))
        );
        assert_eq!(
            kind(&["研修名", "開催日", "会場"]),
            Some((Kind::Trainings, vec![]))
        );
        assert_eq!(
            kind(&["氏名", "研修名", "開催日"]),
            Some((Kind::Attendance, vec![]))
        );
        assert_eq!(
            kind(&["日付", "中学校区", "費目", "金額（円）", "摘要"]),
            Some((Kind::Expenses, vec![]))
        );
        assert_eq!(
            kind(&["実施日", "中学校区", "活動名", "参加サポーター"]),
            Some((Kind::Activities, vec![]))
        );
        assert_eq!(
            kind(&["中学校区", "区分", "モデル期間"]),
            Some((Kind::Districts, vec![]))
        );
        assert_eq!(kind(&["令和7年度 名簿"]), None);
        assert_eq!(kind(&["出席簿", "中学校区", "出席者の中学校区"]), None);
        assert_eq!(kind(&["中学校区"]), Some((Kind::Districts, vec![])));
        // 支出簿 without 金額: IN002.
        assert_eq!(
            kind(&["支出日", "中学校区", "費目", "摘要"]),
            Some((Kind::Expenses, vec!["amount"]))
        );
        let (t, _) = evaluate(
            &text_row(0, &["氏名", "中学校区", "6/14", "R7.10.18", "備考"]),
            &[],
            None,
            None,
            2025,
        )
        .unwrap();
        assert!(t.is_matrix());
        assert_eq!(t.sessions.len(), 2);
        assert_eq!(t.unused, vec!["備考"]);
        // A roster with a 研修 column is no matrix; a dated column makes one.
        assert_eq!(
            kind(&["氏名", "中学校区", "区分", "研修受講"]),
            Some((Kind::Coordinators, vec![]))
        );
        // A training list under an attendance title is still a training list.
        let (t, _) = evaluate(
            &text_row(0, &["研修名", "開催日", "会場"]),
            &[],
            None,
            Some(Kind::Attendance),
            2025,
        )
        .unwrap();
        assert_eq!(t.kind, Kind::Trainings);
        // A coordinator roster without 区分 under its title is IN002, not a supporter roster.
        let (t, _) = evaluate(
            &text_row(0, &["氏名", "中学校区", "所属"]),
            &[],
            None,
            Some(Kind::Coordinators),
            2025,
        )
        .unwrap();
        assert_eq!((t.kind, t.missing), (Kind::Coordinators, vec!["role"]));
    }

    #[test]
    fn several_tables_after_gaps_with_titles() {
        let grid = Grid {
            name: "一覧".into(),
            skipped: None,
            merges: Vec::new(),
            rows: vec![
                text_row(0, &["令和7年度 中学校区一覧"]),
                text_row(2, &["中学校区", "区分"]),
                text_row(3, &["光陽", "モデル地域"]),
                text_row(5, &["東光", "伴走支援地域"]),
                text_row(8, &["研修会一覧"]),
                text_row(9, &["研修名", "開催日"]),
                text_row(10, &["コーディネーター研修会", "R7.6.14"]),
            ],
        };
        let t = find_tables(&grid, None, 2025);
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].kind, t[0].header_row, t[0].rows.clone()),
            (Kind::Districts, 2, 2..4)
        );
        assert_eq!(
            (t[1].kind, t[1].header_row, t[1].rows.clone()),
            (Kind::Trainings, 9, 6..7)
        );
    }

    fn grid(rows: Vec<Row>, merges: Vec<Dimensions>) -> Grid {
        Grid {
            name: "名簿".into(),
            skipped: None,
            rows,
            merges,
        }
    }

    fn merge(r0: u32, c0: u32, r1: u32, c1: u32) -> Dimensions {
        Dimensions {
            start: (r0, c0),
            end: (r1, c1),
        }
    }

    #[test]
    fn a_two_row_header_with_merges_names_columns_by_sub_header_and_group() {
        // 氏名・中学校区・活動内容 merged down over both rows (so their value is in both, as
        // sheet.rs fills merges), ボランティア保険 merged across 加入・加入日.
        let mut g = grid(
            vec![
                text_row(0, &["サポーター名簿"]),
                text_row(2, &["氏名", "中学校区", "ボランティア保険", "", "活動内容"]),
                text_row(3, &["氏名", "中学校区", "加入", "加入日", "活動内容"]),
                text_row(4, &["伊藤 春子", "光陽", "○", "R7.5.10", "見守り"]),
            ],
            vec![
                merge(0, 0, 0, 4),
                merge(2, 0, 3, 0),
                merge(2, 1, 3, 1),
                merge(2, 2, 2, 3),
                merge(2, 4, 3, 4),
            ],
        );
        let t = find_tables(&g, None, 2025);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!(
            (t.kind, t.header_row, t.second_row),
            (Kind::Supporters, 2, Some(3))
        );
        assert_eq!(
            t.cols,
            vec![
                ("name", 0),
                ("district", 1),
                ("activity", 4),
                ("insured", 2),
                ("insured_on", 3)
            ]
        );
        assert_eq!((t.header_row_of(3), t.header_row_of(0)), (3, 2));
        assert!(t.is_sub_header(&g.rows[2]) && !t.is_sub_header(&g.rows[3]));
        // 「保険」 over 「加入」: the joined name; a group whose sub-header says nothing known
        // is still a group.
        g.rows[1] = text_row(2, &["氏名", "中学校区", "保険", "", "活動内容"]);
        let t = find_tables(&g, None, 2025);
        assert_eq!(
            (t[0].col("insured"), t[0].col("insured_on")),
            (Some(2), Some(3))
        );
    }

    #[test]
    fn a_two_row_header_without_merges_and_headers_over_lines() {
        // A CSV: the group's other columns are blank in the first row.
        let g = grid(
            vec![
                text_row(0, &["氏名", "中学校区", "ボランティア保険", ""]),
                text_row(1, &["", "", "有無", "加入日"]),
                text_row(2, &["伊藤 春子", "光陽", "有", "2025/5/10"]),
            ],
            Vec::new(),
        );
        let t = &find_tables(&g, None, 2025)[0];
        assert_eq!((t.col("insured"), t.col("insured_on")), (Some(2), Some(3)));
        assert_eq!(t.second_row, Some(1));
        // 「支出\n年月日」 is 支出年月日; 支払年月日 too.
        let kind = |cells: &[&str]| {
            evaluate(&text_row(0, cells), &[], None, None, 2025).map(|(t, _)| (t.kind, t.cols))
        };
        assert_eq!(
            kind(&["支出\n年月日", "中学校区", "費目", "金額"]).map(|(k, c)| (k, c[0])),
            Some((Kind::Expenses, ("paid", 0)))
        );
        assert_eq!(
            kind(&["支払年月日", "中学校区", "科目", "支出金額"]).map(|(k, _)| k),
            Some(Kind::Expenses)
        );
    }

    #[test]
    fn session_dates_under_their_names_make_a_two_row_matrix_header() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let date = |c: u16, dt: NaiveDate| (c, Val::Date(dt, 0.0));
        let mut s = text_row(2, &["氏名", "中学校区"]);
        s.cells.extend([date(2, d(6, 14)), date(3, d(10, 18))]);
        let g = grid(
            vec![
                text_row(1, &["氏名", "中学校区", "第1回", "第2回"]),
                s,
                text_row(3, &["山田 太郎", "光陽", "○", "×"]),
            ],
            vec![merge(1, 0, 2, 0), merge(1, 1, 2, 1)],
        );
        let t = &find_tables(&g, None, 2025)[0];
        assert_eq!((t.kind, t.second_row), (Kind::Attendance, Some(2)));
        let dates: Vec<_> = t.sessions.iter().map(|(c, s)| (*c, s.date)).collect();
        assert_eq!(dates, vec![(2, Some(d(6, 14))), (3, Some(d(10, 18)))]);
        assert_eq!(t.header_row_of(2), 2);
    }

    #[test]
    fn a_text_row_under_a_header_is_data_not_a_second_header_row() {
        let g = grid(
            vec![
                text_row(0, &["氏名", "中学校区", "区分", ""]),
                text_row(1, &["山田 太郎", "光陽", "職員", "メモ"]),
            ],
            Vec::new(),
        );
        let t = &find_tables(&g, None, 2025)[0];
        assert_eq!((t.kind, t.second_row), (Kind::Coordinators, None));
    }

    #[test]
    fn a_stray_table_is_no_table_unless_clearly_of_a_kind() {
        let kind = |cells: &[&str]| {
            evaluate(&text_row(0, cells), &[], None, None, 2025).map(|(t, _)| (t.kind, t.missing))
        };
        // A shelter list: 名称 and a phone are not a 地域人材・資源リスト.
        assert_eq!(kind(&["名称", "住所", "電話番号", "収容人数"]), None);
        assert_eq!(kind(&["名称", "所在地", "中学校区"]), None);
        // A training list without its date is one (IN002): most of its headers are there.
        assert_eq!(
            kind(&["研修名", "会場", "講師"]),
            Some((Kind::Trainings, vec!["date"]))
        );
    }

    #[test]
    fn matrix_session_headers() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day);
        let h = |s: &str| session_header(s, 2025).map(|x| (x.date, x.name));
        assert_eq!(h("6/14"), Some((d(6, 14), None)));
        assert_eq!(h("R7.10.18"), Some((d(10, 18), None)));
        assert_eq!(h("6/14(土)"), Some((d(6, 14), None)));
        assert_eq!(h("第1回（6/14）"), Some((d(6, 14), Some("第1回".into()))));
        assert_eq!(h("第２回"), Some((None, Some("第２回".into()))));
        assert_eq!(
            h("第3回コーディネーター研修会"),
            Some((None, Some("第3回コーディネーター研修会".into())))
        );
        assert_eq!(h("研修名"), None);
        assert_eq!(h("第回"), None);
        assert_eq!(h("備考"), None);
    }

    #[test]
    fn several_metadata_keys_in_one_cell() {
        assert_eq!(
            known_pairs("研修名：第１回 コーディネーター研修会　開催日: R7.6.14"),
            vec![
                ("研修名", "第１回 コーディネーター研修会".to_string()),
                ("開催日", "R7.6.14".to_string())
            ]
        );
        assert_eq!(
            known_pairs("研修会名：秋の研修"),
            vec![("研修会名", "秋の研修".to_string())]
        );
        assert!(known_pairs("令和7年度 研修会").is_empty());
    }

    #[test]
    fn metadata_lines_make_a_session_sheet() {
        let grid = Grid {
            name: "第1回".into(),
            skipped: None,
            merges: Vec::new(),
            rows: vec![
                text_row(0, &["研修名：第1回コーディネーター研修会"]),
                text_row(1, &["開催日", "令和7年6月14日"]),
                text_row(3, &["氏名", "中学校区", "出欠"]),
                text_row(4, &["山田 太郎", "光陽", "○"]),
            ],
        };
        let t = find_tables(&grid, None, 2025);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kind, Kind::Attendance);
        assert_eq!(t[0].meta.len(), 2);
        assert_eq!(
            t[0].meta_value(SESSION_NAME_KEYS).map(|m| m.value.clone()),
            Some(Val::Text("第1回コーディネーター研修会".into()))
        );
    }
}
