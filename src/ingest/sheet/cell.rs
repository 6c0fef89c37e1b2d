//! One cell's value as far as the file says ([`Val`]: text, number, date, boolean), made from
//! what calamine gives, and what it reads as: the clerk's text, a date, yen, yes/no.

use crate::ingest::value::date_from_serial;
use calamine::{Data, DataRef};
use chrono::NaiveDate;

/// One cell's value, as far as the file says.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Text(String),
    Num(f64),
    /// A date cell (the cell or number format is a date), with its serial value.
    Date(NaiveDate, f64),
    Bool(bool),
}

pub(in crate::ingest) fn text_val(s: &str) -> Option<Val> {
    (!s.trim().is_empty()).then(|| Val::Text(s.to_string()))
}

fn date_val(dt: &calamine::ExcelDateTime) -> Option<Val> {
    if dt.is_datetime() {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
            return Some(Val::Date(date, dt.as_f64()));
        }
    }
    Some(Val::Num(dt.as_f64()))
}

pub(in crate::ingest) fn iso_val(s: &str) -> Option<Val> {
    match s
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        Some(d) => Some(Val::Date(d, 0.0)),
        None => text_val(s),
    }
}

pub(super) fn from_data(v: &Data) -> Option<Val> {
    match v {
        Data::Int(i) => Some(Val::Num(*i as f64)),
        Data::Float(f) => Some(Val::Num(*f)),
        Data::String(s) => text_val(s),
        Data::Bool(b) => Some(Val::Bool(*b)),
        Data::DateTime(dt) => date_val(dt),
        Data::DateTimeIso(s) => iso_val(s),
        Data::DurationIso(s) => text_val(s),
        Data::Error(e) => Some(Val::Text(e.to_string())),
        Data::Empty => None,
    }
}

pub(in crate::ingest) fn from_data_ref(v: &DataRef<'_>) -> Option<Val> {
    match v {
        DataRef::Int(i) => Some(Val::Num(*i as f64)),
        DataRef::Float(f) => Some(Val::Num(*f)),
        DataRef::String(s) => text_val(s),
        DataRef::SharedString(s) => text_val(s),
        DataRef::Bool(b) => Some(Val::Bool(*b)),
        DataRef::DateTime(dt) => date_val(dt),
        DataRef::DateTimeIso(s) => iso_val(s),
        DataRef::DurationIso(s) => text_val(s),
        DataRef::Error(e) => Some(Val::Text(e.to_string())),
        DataRef::Empty => None,
    }
}

impl Val {
    /// The text a clerk sees, for messages and text fields (numbers without `.0`).
    pub fn text(&self) -> String {
        match self {
            Val::Text(s) => s.trim().to_string(),
            Val::Num(f) => fmt_num(*f),
            Val::Date(d, _) => d.format("%Y-%m-%d").to_string(),
            Val::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    /// [`Val::text`] without a copy when the cell holds text.
    pub fn text_ref(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Val::Text(s) => std::borrow::Cow::Borrowed(s.trim()),
            v => std::borrow::Cow::Owned(v.text()),
        }
    }

    /// The value as a date: date cells, serials (in the workbook's system), date text.
    pub fn as_date(&self, fy: i32, is_1904: bool) -> Option<NaiveDate> {
        match self {
            Val::Date(d, _) => Some(*d),
            Val::Num(f) => date_from_serial(*f, is_1904),
            Val::Text(s) => crate::calendar::parse_date_text(s, fy),
            Val::Bool(_) => None,
        }
    }

    /// The value as yen: numbers stay numbers (even in a date-formatted cell), text is parsed.
    pub fn as_amount(&self) -> Option<i64> {
        match self {
            Val::Num(f) | Val::Date(_, f) => crate::numbers::amount_from_f64(*f),
            Val::Text(s) => crate::numbers::parse_amount(s),
            Val::Bool(_) => None,
        }
    }

    /// The value as yes/no: `None` when not understood.
    pub fn as_yes_no(&self) -> Option<Option<bool>> {
        match self {
            Val::Bool(b) => Some(Some(*b)),
            Val::Num(f) if *f == 1.0 => Some(Some(true)),
            Val::Num(f) if *f == 0.0 => Some(Some(false)),
            Val::Num(_) | Val::Date(..) => None,
            Val::Text(s) => crate::ingest::value::parse_yes_no(s),
        }
    }
}

fn fmt_num(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
