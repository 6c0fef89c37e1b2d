//! One data row of a table read field by field: text, dates, amounts, yes/no and fiscal
//! years, each from the column the header gave the field. A required cell that is blank or
//! unreadable → IN003 and the row is left out; an optional one → IN003, the field empty.

use super::Ctx;
use crate::calendar::parse_fiscal_year;
use crate::finding::catalogue::IN003;
use crate::finding::Finding;
use crate::ingest::header::Table;
use crate::ingest::sheet::{Row, Val};
use crate::model::SourceRef;
use chrono::NaiveDate;
use std::sync::Arc;

/// One data row being read: where it is, the findings its cells make, and whether it is
/// still whole.
pub(super) struct RowReader<'a, 'f> {
    pub(super) row: &'a Row,
    pub(super) t: &'a Table,
    pub(super) ctx: &'a Ctx<'a>,
    pub(super) findings: &'f mut Vec<Finding>,
    /// Text that many rows repeat (session names, districts), one copy per table.
    pub(super) texts: &'f mut rustc_hash::FxHashSet<Arc<str>>,
    /// False once a required cell failed: the row is left out.
    pub(super) ok: bool,
}

impl<'a> RowReader<'a, '_> {
    /// `s` as text shared with the table's other rows that hold it.
    pub(super) fn shared(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.texts.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.texts.insert(a.clone());
        a
    }

    pub(super) fn src(&self, col: u16) -> SourceRef {
        SourceRef::new(self.ctx.file, self.ctx.sheet, self.row.idx, col)
    }

    /// The cell of a field, or of the first field the table has, for findings.
    pub(super) fn at(&self, fields: &[&str]) -> SourceRef {
        let col = fields
            .iter()
            .find_map(|f| self.t.col(f))
            .or_else(|| self.t.cols.first().map(|(_, c)| *c))
            .unwrap_or(0);
        self.src(col)
    }

    pub(super) fn val(&self, field: &str) -> Option<(u16, &'a Val)> {
        let col = self.t.col(field)?;
        self.row.get(col).map(|v| (col, v))
    }

    pub(super) fn text(&self, field: &str) -> String {
        self.val(field).map(|(_, v)| v.text()).unwrap_or_default()
    }

    /// [`RowReader::text`] without a copy, for text that is only looked at.
    pub(super) fn text_ref(&self, field: &str) -> std::borrow::Cow<'a, str> {
        self.val(field)
            .map(|(_, v)| v.text_ref())
            .unwrap_or_default()
    }

    fn label(&self, field: &str) -> &'static str {
        self.t.kind.field_label(field)
    }

    pub(super) fn bad(&mut self, col: u16, required: bool, message: String) {
        let src = self.src(col);
        self.findings.push(IN003.at(&src, message));
        if required {
            self.ok = false;
        }
    }

    /// A required text cell; blank → IN003.
    pub(super) fn required(&mut self, field: &str) -> String {
        let s = self.text(field);
        if s.is_empty() {
            let col = self.t.col(field).unwrap_or(0);
            let message = format!("{}が空欄です", self.label(field));
            self.bad(col, true, message);
        }
        s
    }

    pub(super) fn date(&mut self, field: &str, required: bool) -> Option<NaiveDate> {
        let Some((col, v)) = self.val(field) else {
            if required {
                self.required(field);
            }
            return None;
        };
        let d = v.as_date(self.ctx.fy, self.ctx.is_1904);
        if d.is_none() {
            let text = v.text();
            let hint = if crate::calendar::is_ambiguous_date(&text) {
                "（年が分かりません。R7.4.1 や 2025/4/1 のように書いてください）"
            } else {
                ""
            };
            let message = format!(
                "{}「{text}」を日付として読めません{hint}",
                self.label(field)
            );
            self.bad(col, required, message);
        }
        d
    }

    pub(super) fn amount(&mut self, field: &str, required: bool) -> Option<i64> {
        let Some((col, v)) = self.val(field) else {
            if required {
                self.required(field);
            }
            return None;
        };
        let a = v.as_amount();
        if a.is_none() {
            let message = format!(
                "{}「{}」を金額として読めません",
                self.label(field),
                v.text()
            );
            self.bad(col, required, message);
        }
        a
    }

    /// Yes/no: blank → None; unreadable → IN003 (the row is kept, the field empty).
    pub(super) fn yes_no(&mut self, field: &str) -> Option<bool> {
        let (col, v) = self.val(field)?;
        match v.as_yes_no() {
            Some(b) => b,
            None => {
                let message = format!(
                    "{}「{}」を○・×として読めません",
                    self.label(field),
                    v.text()
                );
                self.bad(col, false, message);
                None
            }
        }
    }

    pub(super) fn fiscal_year(&mut self, field: &str) -> Option<i32> {
        let (col, v) = self.val(field)?;
        let y = parse_fiscal_year(&v.text());
        if y.is_none() {
            let message = format!(
                "{}「{}」を年度として読めません",
                self.label(field),
                v.text()
            );
            self.bad(col, false, message);
        }
        y
    }
}
