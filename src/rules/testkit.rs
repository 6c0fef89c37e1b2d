//! Hand-built datasets for the rule tests: a small builder that places each record on its
//! own row of a fixed file and sheet per table, so tests can assert the cell a finding cites.

use crate::finding::Finding;
use crate::model::*;
use chrono::NaiveDate;
use std::sync::Arc;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn src(file: &str, sheet: &str, row: u32, col: u16) -> SourceRef {
    SourceRef::new(&Arc::from(file), &Arc::from(sheet), row, col)
}

/// Builds a Dataset; the n-th record (0-based) of a table sits on sheet row n+2 (A1 terms).
#[derive(Default)]
pub struct B {
    pub data: Dataset,
}

pub const DISTRICTS: &str = "中学校区一覧.xlsx";
pub const COORDS: &str = "コーディネーター名簿.xlsx";
pub const SUPPORTERS: &str = "サポーター名簿.xlsx";
pub const TRAININGS: &str = "研修会.xlsx";
pub const ATTENDANCE: &str = "出席簿.xlsx";
pub const EXPENSES: &str = "支出簿.xlsx";
pub const ACTIVITIES: &str = "活動記録.xlsx";

impl B {
    pub fn new() -> Self {
        B::default()
    }

    /// A district row: name in A, 区分 in B, period in C.
    pub fn district(
        &mut self,
        name: &str,
        start: Option<i32>,
        end: Option<i32>,
        stated: Option<Status>,
    ) -> &mut Self {
        let r = self.data.districts.len() as u32 + 1;
        self.data.districts.push(District {
            name: name.into(),
            stated,
            model_start: start,
            model_end: end,
            schools: Vec::new(),
            note: String::new(),
            src: src(DISTRICTS, "一覧", r, 0),
            stated_at: src(DISTRICTS, "一覧", r, 1),
            period_at: src(DISTRICTS, "一覧", r, 2),
        });
        self
    }

    pub fn coord(&mut self, name: &str, district: &str, role: Role) -> &mut Self {
        self.coord_in(COORDS, name, district, role, None, None)
    }

    /// A coordinator row of `file`: name in A, district in B.
    pub fn coord_in(
        &mut self,
        file: &str,
        name: &str,
        district: &str,
        role: Role,
        appointed: Option<NaiveDate>,
        retired: Option<NaiveDate>,
    ) -> &mut Self {
        let r = self.data.coordinators.len() as u32 + 1;
        self.data.coordinators.push(Coordinator {
            name: name.into(),
            district: district.into(),
            role,
            affiliations: vec!["学校運営協議会委員".into()],
            appointed,
            retired,
            contact: String::new(),
            src: src(file, "名簿", r, 0),
            district_at: src(file, "名簿", r, 1),
        });
        self
    }

    /// A supporter row: name in A, district in B, insurance in C.
    pub fn supporter(
        &mut self,
        name: &str,
        district: &str,
        insured: Option<bool>,
        insured_on: Option<NaiveDate>,
    ) -> &mut Self {
        let r = self.data.supporters.len() as u32 + 1;
        self.data.supporters.push(Supporter {
            name: name.into(),
            district: district.into(),
            activity: String::new(),
            insured,
            insured_on,
            contact: String::new(),
            src: src(SUPPORTERS, "名簿", r, 0),
            district_at: src(SUPPORTERS, "名簿", r, 1),
            insurance_at: src(SUPPORTERS, "名簿", r, 2),
        });
        self
    }

    pub fn training(&mut self, name: &str, date: NaiveDate, kind: TrainingKind) -> &mut Self {
        let r = self.data.trainings.len() as u32 + 1;
        self.data.trainings.push(Training {
            name: name.into(),
            date,
            kind,
            venue: "市民文化会館".into(),
            lecturer: String::new(),
            src: src(TRAININGS, "一覧", r, 0),
        });
        self
    }

    /// An attendance row: name in A.
    pub fn attend(
        &mut self,
        name: &str,
        date: Option<NaiveDate>,
        session: Option<&str>,
        district: Option<&str>,
        present: Option<bool>,
    ) -> &mut Self {
        let r = self.data.attendance.len() as u32 + 1;
        self.data.attendance.push(Attendance {
            name: name.into(),
            session_date: date,
            session_name: session.map(Into::into),
            district: district.map(Into::into),
            // None stands for a table without 出欠, which ingest reads as a stated yes.
            present: present.or(Some(true)),
            src: src(ATTENDANCE, "出席", r, 0),
            session_at: None,
        });
        self
    }

    /// An expense row: 支出日 A, 中学校区 B, 費目 C, 金額 D.
    pub fn expense(
        &mut self,
        paid_on: NaiveDate,
        district: &str,
        category: &str,
        amount: i64,
        fiscal_year: Option<i32>,
        activity_date: Option<NaiveDate>,
    ) -> &mut Self {
        let r = self.data.expenses.len() as u32 + 1;
        self.data.expenses.push(Expense {
            paid_on,
            district: district.into(),
            category: category.into(),
            amount,
            payee: String::new(),
            memo: String::new(),
            fiscal_year,
            activity_date,
            src: src(EXPENSES, "支出", r, 0),
            district_at: src(EXPENSES, "支出", r, 1),
            category_at: src(EXPENSES, "支出", r, 2),
            amount_at: src(EXPENSES, "支出", r, 3),
        });
        self
    }

    /// Moves the last expense to sheet `sheet` of the same file (another ledger).
    pub fn on_sheet(&mut self, sheet: &str) -> &mut Self {
        if let Some(e) = self.data.expenses.last_mut() {
            for s in [
                &mut e.src,
                &mut e.district_at,
                &mut e.category_at,
                &mut e.amount_at,
            ] {
                *s = src(EXPENSES, sheet, s.row, s.col);
            }
        }
        self
    }

    /// An activity row: date A, district B, supporters E.
    pub fn activity(
        &mut self,
        date: NaiveDate,
        district: &str,
        name: &str,
        category: &str,
        supporters: &[&str],
        children: Option<u32>,
    ) -> &mut Self {
        let r = self.data.activities.len() as u32 + 1;
        self.data.activities.push(Activity {
            date,
            district: district.into(),
            name: name.into(),
            category: category.into(),
            supporters: supporters.iter().map(|s| s.to_string()).collect(),
            children,
            src: src(ACTIVITIES, "活動", r, 0),
            district_at: src(ACTIVITIES, "活動", r, 1),
            supporters_at: src(ACTIVITIES, "活動", r, 4),
        });
        self
    }
}

/// The R7 picture of the seed: 5 model and 3 support districts with the seed's coordinators
/// (2 staff in each model district; residents as the seed counts them).
pub fn seed() -> B {
    let mut b = B::new();
    for (name, s, e, st) in [
        ("光陽", 2024, 2025, Status::Model),
        ("永山", 2024, 2025, Status::Model),
        ("西神楽", 2024, 2025, Status::Model),
        ("東陽", 2025, 2026, Status::Model),
        ("神居東", 2025, 2026, Status::Model),
        ("旭川", 2021, 2024, Status::Support),
        ("神楽", 2021, 2024, Status::Support),
        ("春光台", 2021, 2024, Status::Support),
    ] {
        b.district(&format!("{name}中学校区"), Some(s), Some(e), Some(st));
    }
    b.district("北星", None, None, None);
    for (name, staff, residents) in [
        ("光陽", 2, 3),
        ("永山", 2, 2),
        ("西神楽", 2, 1),
        ("東陽", 2, 2),
        ("神居東", 2, 3),
        ("旭川", 0, 7),
        ("神楽", 0, 1),
        ("春光台", 0, 2),
    ] {
        for i in 0..staff {
            b.coord(&format!("職員{name}{i}"), name, Role::Staff);
        }
        for i in 0..residents {
            b.coord(&format!("住民{name}{i}"), name, Role::Resident);
        }
    }
    b.coord("統括太郎", "", Role::General);
    b
}

/// Every coordinator of `b` attends a コーディネーター研修会 on 2025-07-05.
pub fn all_trained(b: &mut B) {
    b.training(
        "第1回コーディネーター研修会",
        d(2025, 7, 5),
        TrainingKind::Coordinator,
    );
    let names: Vec<String> = b.data.coordinators.iter().map(|c| c.name.clone()).collect();
    for n in names {
        b.attend(&n, Some(d(2025, 7, 5)), None, None, Some(true));
    }
}

/// Findings of one id.
pub fn of<'a>(findings: &'a [Finding], id: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.id == id).collect()
}

/// `id@cell` of every finding, sorted, for compact assertions.
pub fn cells(findings: &[Finding], id: &str) -> Vec<String> {
    let mut v: Vec<String> = of(findings, id)
        .iter()
        .map(|f| format!("{}!{}", f.sheet, f.cell))
        .collect();
    v.sort();
    v
}
