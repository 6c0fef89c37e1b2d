//! Which column holds which field: one header row judged against the table kinds of spec §2
//! (their header words and synonyms), a header over two rows combined into one, and the
//! session columns of an attendance matrix. Finding the header row is `header.rs`'s job.

use super::sessions::session_columns;
use super::{normalize_header, Meta, Table, SESSION_NAME_KEYS};
use crate::ingest::sheet::{Row, Val};
use crate::schema::Kind;
use calamine::Dimensions;

/// A lone header row as a table (no title, metadata or pin): for reading the templates' own
/// headers.
pub fn read_header_row(row: &Row) -> Option<Table> {
    evaluate(row, &[], None, None, 2025).map(|(t, _)| t)
}

/// Judges one row as a header. Returns the table (without rows and meta) and a score for
/// choosing among partial headers; None when the row is no header at all.
pub(super) fn evaluate(
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
pub(super) fn combine_header_rows(
    h: &Row,
    s: &Row,
    merges: &[Dimensions],
) -> Option<(Row, Vec<u16>)> {
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
