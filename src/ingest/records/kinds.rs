//! Each table kind's record of a data row (中学校区, 名簿, 研修会, 出席, 支出, 活動 …), read
//! through [`RowReader`]; attendance from a long list (the session from the row's own cells,
//! else the sheet's metadata lines) or from a matrix (one record per marked session cell).

use super::row::RowReader;
use super::Ctx;
use crate::calendar::parse_fiscal_range;
use crate::finding::catalogue::IN003;
use crate::finding::Finding;
use crate::ingest::header::{Table, SESSION_DATE_KEYS, SESSION_NAME_KEYS};
use crate::ingest::sheet::Val;
use crate::ingest::value::{parse_role, parse_status, split_multi, training_kind};
use crate::model::{
    Activity, Attendance, Coordinator, District, Expense, Resource, SourceRef, Supporter, Training,
};
use crate::names::district_name;
use crate::schema::Kind;
use chrono::NaiveDate;

/// The session a per-session sheet names in its metadata lines.
pub(super) struct MetaSession {
    date: Option<NaiveDate>,
    name: Option<String>,
    /// The metadata cell naming the session: its 開催日, else its 研修名.
    at: Option<(u32, u16)>,
}

pub(super) fn session_from_meta(
    t: &Table,
    ctx: &Ctx<'_>,
    findings: &mut Vec<Finding>,
) -> MetaSession {
    let mut s = MetaSession {
        date: None,
        name: None,
        at: None,
    };
    if t.kind != Kind::Attendance {
        return s;
    }
    if let Some(m) = t.meta_value(SESSION_NAME_KEYS) {
        let n = m.value.text();
        s.name = (!n.is_empty()).then_some(n);
        s.at = Some((m.row, m.col));
    }
    if let Some(m) = t.meta_value(SESSION_DATE_KEYS) {
        s.date = m.value.as_date(ctx.fy, ctx.is_1904);
        s.at = Some((m.row, m.col));
        if s.date.is_none() {
            let src = SourceRef::new(ctx.file, ctx.sheet, m.row, m.col);
            findings.push(IN003.at(
                &src,
                format!("{}「{}」を日付として読めません", m.key, m.value.text()),
            ));
        }
    }
    s
}

impl RowReader<'_, '_> {
    pub(super) fn district(&mut self) -> Option<District> {
        let name = district_name(&self.required("district"));
        let stated = match self.val("status") {
            Some((col, v)) => {
                let s = parse_status(&v.text());
                if s.is_none() {
                    let message = format!(
                        "区分「{}」を中学校区の区分（モデル地域・伴走支援地域・未実施）として読めません",
                        v.text()
                    );
                    self.bad(col, false, message);
                }
                s
            }
            None => None,
        };
        let (model_start, model_end) = match self.val("period") {
            Some((col, v)) => match parse_fiscal_range(&v.text()) {
                Some((s, e)) => (Some(s), Some(e)),
                None => {
                    let message = format!("モデル期間「{}」を年度の範囲として読めません", v.text());
                    self.bad(col, false, message);
                    (None, None)
                }
            },
            None => (self.fiscal_year("start"), self.fiscal_year("end")),
        };
        let schools = split_multi(&self.text("schools"), &[]);
        let note = self.text("note");
        let src = self.at(&["district"]);
        let stated_at = self.at(&["status", "district"]);
        let period_at = self.at(&["period", "start", "district"]);
        self.ok.then_some(District {
            name,
            stated,
            model_start,
            model_end,
            schools,
            note,
            src,
            stated_at,
            period_at,
        })
    }

    pub(super) fn coordinator(&mut self) -> Option<Coordinator> {
        let name = self.required("name");
        let role_text = self.required("role");
        let role = if role_text.is_empty() {
            None
        } else {
            let r = parse_role(&role_text);
            if r.is_none() {
                let col = self.t.col("role").unwrap_or(0);
                let message = format!(
                    "区分「{role_text}」をコーディネーターの区分（社会教育課職員・地域の方など）として読めません"
                );
                self.bad(col, true, message);
            }
            r
        };
        // The 統括・チーフ coordinators serve the whole city: no district needed.
        let citywide = matches!(
            role,
            Some(crate::model::Role::General | crate::model::Role::Chief)
        );
        let district = if citywide {
            district_name(&self.text_ref("district"))
        } else {
            district_name(&self.required("district"))
        };
        let affiliations = split_multi(&self.text("affiliation"), &["所属・役職"]);
        let appointed = self.date("appointed", false);
        let retired = self.date("retired", false);
        let contact = self.text("contact");
        let src = self.at(&["name"]);
        let district_at = self.at(&["district"]);
        let role = role?;
        self.ok.then_some(Coordinator {
            name,
            district,
            role,
            affiliations,
            appointed,
            retired,
            contact,
            src,
            district_at,
        })
    }

    pub(super) fn supporter(&mut self) -> Option<Supporter> {
        let name = self.required("name");
        let district = district_name(&self.required("district"));
        let activity = self.text("activity");
        // A date in the 保険 column is the enrolment date: insured from then on.
        let dated = self.val("insured").and_then(|(_, v)| match v {
            Val::Date(d, _) => Some(*d),
            Val::Text(s) => crate::calendar::parse_date_text(s, self.ctx.fy),
            _ => None,
        });
        let insured = if dated.is_some() {
            Some(true)
        } else {
            self.yes_no("insured")
        };
        let insured_on = self.date("insured_on", false).or(dated);
        let contact = self.text("contact");
        Some(Supporter {
            name,
            district,
            activity,
            insured,
            insured_on,
            contact,
            src: self.at(&["name"]),
            district_at: self.at(&["district"]),
            insurance_at: self.at(&["insured", "insured_on", "name"]),
        })
        .filter(|_| self.ok)
    }

    pub(super) fn resource(&mut self) -> Option<Resource> {
        let name = self.required("name");
        let offer = self.required("offer");
        let kind = self.text("kind");
        let target = self.text("districts");
        let citywide = target.contains("全市") || target.contains("市内全域");
        let districts = if citywide {
            Vec::new()
        } else {
            split_multi(&target, &[])
                .iter()
                .map(|d| district_name(d))
                .collect()
        };
        let contact = self.text("contact");
        let registered = self.date("registered", false);
        let src = self.at(&["name"]);
        self.ok.then_some(Resource {
            name,
            offer,
            kind,
            districts,
            citywide,
            contact,
            registered,
            src,
        })
    }

    pub(super) fn training(&mut self) -> Option<Training> {
        let name = self.required("name");
        let date = self.date("date", true);
        let kind = training_kind(&self.text("kind"), &name);
        let venue = self.text("venue");
        let lecturer = self.text("lecturer");
        let src = self.at(&["name"]);
        Some(Training {
            name,
            date: date?,
            kind,
            venue,
            lecturer,
            src,
        })
        .filter(|_| self.ok)
    }

    /// A long attendance row: the session from its own cells, else the metadata lines.
    pub(super) fn attendance(&mut self, meta: &MetaSession) -> Option<Attendance> {
        let name = self.required("name");
        // The date is required only when no 研修名 names the session.
        let named = !self.text_ref("session").is_empty() || meta.name.is_some();
        let date = match self.val("date") {
            Some(_) => self.date("date", !named),
            None => meta.date,
        };
        let own_name = !self.text_ref("session").is_empty();
        let session_name = match self.text_ref("session") {
            s if s.is_empty() => meta.name.as_deref().map(|n| self.shared(n)),
            s => Some(self.shared(&s)),
        };
        // The session comes from the metadata lines when the row names it in no cell.
        let from_meta = self.t.col("date").is_none() && !own_name;
        if self.ok && date.is_none() && session_name.is_none() {
            let col = self.t.col("date").or(self.t.col("session")).unwrap_or(0);
            self.bad(col, true, "開催日・研修名が空欄です".to_string());
        }
        // A list of names without 出欠 is a list of those present.
        let present = match self.t.col("present") {
            None => Some(true),
            Some(col) => match self.row.get(col) {
                None => None,
                Some(v) => match v.as_yes_no() {
                    Some(b) => b,
                    None => {
                        let message = format!("出欠「{}」を○・×として読めません", v.text());
                        self.bad(col, true, message);
                        None
                    }
                },
            },
        };
        let district = Some(district_name(&self.text_ref("district")))
            .filter(|d| !d.is_empty())
            .map(|d| self.shared(&d));
        let src = self.at(&["name"]);
        self.ok.then_some(Attendance {
            name,
            session_date: date,
            session_name,
            district,
            present,
            src,
            session_at: meta.at.filter(|_| from_meta),
        })
    }

    /// A matrix row: one record per marked session cell (blank cells say nothing).
    pub(super) fn matrix(&mut self, out: &mut Vec<Attendance>) {
        let marks = self
            .t
            .sessions
            .iter()
            .filter(|(c, _)| self.row.get(*c).is_some())
            .count();
        if marks == 0 {
            return;
        }
        let name = self.required("name");
        if !self.ok {
            return;
        }
        let district = Some(district_name(&self.text_ref("district")))
            .filter(|d| !d.is_empty())
            .map(|d| self.shared(&d));
        for (col, session) in &self.t.sessions {
            let Some(v) = self.row.get(*col) else {
                continue;
            };
            match v.as_yes_no() {
                Some(Some(present)) => out.push(Attendance {
                    name: name.clone(),
                    session_date: session.date,
                    session_name: session.name.as_deref().map(|n| self.shared(n)),
                    district: district.clone(),
                    present: Some(present),
                    src: self.src(*col),
                    session_at: Some((self.t.header_row_of(*col), *col)),
                }),
                Some(None) => {}
                None => {
                    let message = format!("出欠「{}」を○・×として読めません", v.text());
                    self.bad(*col, false, message);
                }
            }
        }
    }

    pub(super) fn expense(&mut self) -> Option<Expense> {
        let paid_on = self.date("paid", true);
        let district = district_name(&self.required("district"));
        let category = self.required("category");
        let amount = self.amount("amount", true);
        let payee = self.text("payee");
        let memo = self.text("memo");
        let fiscal_year = self.fiscal_year("fy");
        let activity_date = self.date("activity_date", false);
        let e = Expense {
            paid_on: paid_on?,
            district,
            category,
            amount: amount?,
            payee,
            memo,
            fiscal_year,
            activity_date,
            src: self.at(&["paid"]),
            district_at: self.at(&["district"]),
            category_at: self.at(&["category"]),
            amount_at: self.at(&["amount"]),
        };
        self.ok.then_some(e)
    }

    pub(super) fn activity(&mut self) -> Option<Activity> {
        let date = self.date("date", true);
        let district = district_name(&self.required("district"));
        let name = self.required("name");
        let category = self.text("category");
        let supporters = split_multi(&self.text("supporters"), &[]);
        let children = match self.val("children") {
            None => None,
            Some((col, v)) => {
                let t = v.text();
                let n = match v {
                    Val::Num(f) => crate::numbers::amount_from_f64(*f),
                    _ => crate::numbers::parse_amount(t.trim_end_matches(['人', '名'])),
                };
                match n.and_then(|n| u32::try_from(n).ok()) {
                    Some(n) => Some(n),
                    None => {
                        self.bad(
                            col,
                            false,
                            format!("児童生徒数「{t}」を人数として読めません"),
                        );
                        None
                    }
                }
            }
        };
        let a = Activity {
            date: date?,
            district,
            name,
            category,
            supporters,
            children,
            src: self.at(&["date"]),
            district_at: self.at(&["district"]),
            supporters_at: self.at(&["supporters", "name"]),
        };
        self.ok.then_some(a)
    }
}
