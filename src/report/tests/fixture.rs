//! The hand-built Analysis the report tests write: R7-like, with a figure of every kind.

use crate::analysis::{
    Analysis, AttendeeView, BudgetView, Compliance, CoordinatorView, DistrictView, ExpenseView,
    ResourceView, SessionView, SupporterView,
};
use crate::finding::catalogue::{BU001, BU002, DS002, DS005, IN001, TR001};
use crate::finding::{sort_findings, Severity};
use crate::model::{InventoryEntry, Role, SkipRule, SourceRef, Status, TrainingKind};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) const CATEGORIES: &[&str] = &[
    "コーディネーター謝金",
    "講師謝金",
    "ボランティア保険料",
    "消耗品費",
    "印刷製本費",
    "通信運搬費",
    "飲食費",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn district(
    name: &str,
    status: Status,
    years: Option<(i32, i32)>,
    spent: &[(&str, i64)],
    staff: u32,
    residents: u32,
    aff: &[&str],
) -> DistrictView {
    let allocation = if status == Status::None { 0 } else { 20_000 };
    let spent_by_category: BTreeMap<String, i64> =
        spent.iter().map(|(c, v)| (c.to_string(), *v)).collect();
    let total: i64 = spent_by_category.values().sum();
    DistrictView {
        name: name.into(),
        status,
        model_start: years.map(|y| y.0),
        model_end: years.map(|y| y.1),
        allocation,
        spent_by_category,
        spent: total,
        remaining: allocation - total,
        staff,
        residents,
        resident_affiliations: aff.iter().map(|s| s.to_string()).collect(),
        schools: vec![],
        activities_by_category: BTreeMap::new(),
        children: 0,
        supporters: 0,
        insured_supporters: 0,
    }
}

fn coordinator(
    name: &str,
    district: &str,
    role: Role,
    aff: &[&str],
    attended: &[usize],
    compliance: Compliance,
) -> CoordinatorView {
    CoordinatorView {
        name: name.into(),
        district: district.into(),
        role,
        affiliations: aff.iter().map(|s| s.to_string()).collect(),
        appointed: Some(d(2025, 4, 1)),
        retired: None,
        attended_sessions: attended.to_vec(),
        coordinator_trainings_attended: attended.len() as u32,
        compliance,
    }
}

fn attendee(name: &str, district: &str, role: &'static str) -> AttendeeView {
    AttendeeView {
        name: name.into(),
        district: district.into(),
        role,
    }
}

fn src(file: &str, sheet: &str, row: u32, col: u16) -> SourceRef {
    let f: Arc<str> = Arc::from(file);
    let s: Arc<str> = Arc::from(sheet);
    SourceRef::new(&f, &s, row, col)
}

/// The `n`th expense row of 支出簿.xlsx (sheet 支出, 金額 in column D from row 4).
fn expense(n: usize, district: &str, category: &str, amount: i64, allocated: bool) -> ExpenseView {
    ExpenseView {
        paid_on: d(2025, 4 + (n % 7) as u32, 10 + (n % 3) as u32),
        district: district.into(),
        category: category.into(),
        amount,
        allowed: category != "飲食費",
        allocated,
        file: "支出簿.xlsx".into(),
        sheet: "支出".into(),
        cell: format!("D{}", n + 4),
    }
}

fn inv(file: &str, sheet: &str, kind: Option<&str>, rows: u32) -> InventoryEntry {
    InventoryEntry {
        file: file.into(),
        sha256: format!("{:0>64}", rows),
        sheet: sheet.into(),
        kind: kind.map(str::to_string),
        note: if kind.is_none() {
            "表が見つかりません".into()
        } else {
            String::new()
        },
        header_row: if kind.is_some() { 3 } else { 0 },
        rows,
        // One blank row inside every table, the rest used.
        used: rows.saturating_sub(1),
        rejected: 0,
        skipped: if rows > 0 {
            [(SkipRule::Blank, 1)].into_iter().collect()
        } else {
            Default::default()
        },
        unused_columns: if kind == Some("coordinators") {
            vec!["メモ".into()]
        } else {
            vec![]
        },
    }
}

/// An R7-like office: 3 model and 2 support districts, one planned, spending over and near
/// the allocation, one district without allocation, three sessions, a waived finding.
pub(crate) fn sample() -> Analysis {
    let districts = vec![
        district(
            "旭川",
            Status::Support,
            Some((2021, 2024)),
            &[
                ("コーディネーター謝金", 15_000),
                ("講師謝金", 5_000),
                ("飲食費", 2_000),
            ],
            0,
            7,
            &["市民委員会", "民生児童委員"],
        ),
        district(
            "光陽",
            Status::Model,
            Some((2024, 2025)),
            &[("コーディネーター謝金", 10_000), ("講師謝金", 5_000)],
            2,
            3,
            &["学校運営協議会委員", "地域まちづくり推進協議会委員"],
        ),
        district(
            "永山",
            Status::Model,
            Some((2024, 2025)),
            &[
                ("コーディネーター謝金", 15_000),
                ("ボランティア保険料", 2_000),
            ],
            2,
            2,
            &["PTA役員"],
        ),
        district("東陽", Status::Model, Some((2025, 2026)), &[], 2, 2, &[]),
        district(
            "神楽",
            Status::Support,
            Some((2021, 2024)),
            &[],
            0,
            1,
            &["公民館職員"],
        ),
        district(
            "中央",
            Status::None,
            None,
            &[("消耗品費", 3_000)],
            0,
            0,
            &[],
        ),
        district("北星", Status::None, None, &[], 0, 0, &[]),
    ];
    let sessions = vec![
        SessionView {
            name: "地域学校協働活動研修会".into(),
            kind: TrainingKind::Community,
            date: d(2025, 6, 14),
            venue: "市民文化会館".into(),
            held: true,
            attendees: 12,
            by_district: [("光陽", 5), ("旭川", 4), ("不明", 3)]
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            by_role: [("地域の方", 3), ("サポーター", 4), ("その他", 5)]
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            attendance: vec![
                attendee("佐藤 花子", "光陽", "地域の方"),
                attendee("見守 一郎", "光陽", "サポーター"),
                attendee("来場 三郎", "不明", "その他"),
            ],
        },
        SessionView {
            name: "第1回コーディネーター研修会".into(),
            kind: TrainingKind::Coordinator,
            date: d(2025, 7, 5),
            venue: "ときわ市民ホール".into(),
            held: true,
            attendees: 4,
            by_district: [("光陽", 2), ("旭川", 1), ("全市", 1)]
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            by_role: [
                ("社会教育課職員", 1),
                ("地域の方", 2),
                ("統括コーディネーター", 1),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect(),
            attendance: vec![
                attendee("山田 太郎", "光陽", "社会教育課職員"),
                attendee("大西 隆之", "全市", "統括コーディネーター"),
                attendee("佐藤 花子", "光陽", "地域の方"),
                attendee("髙橋 一郎", "旭川", "地域の方"),
            ],
        },
        SessionView {
            name: "第2回コーディネーター研修会".into(),
            kind: TrainingKind::Coordinator,
            date: d(2026, 2, 14),
            venue: "".into(),
            held: false,
            attendees: 0,
            by_district: BTreeMap::new(),
            by_role: BTreeMap::new(),
            attendance: vec![],
        },
    ];
    let coordinators = vec![
        coordinator(
            "山田 太郎",
            "光陽",
            Role::Staff,
            &["社会教育課"],
            &[1],
            Compliance::Done,
        ),
        coordinator(
            "佐藤 花子",
            "光陽",
            Role::Resident,
            &["学校運営協議会委員"],
            &[1],
            Compliance::Done,
        ),
        coordinator(
            "髙橋 一郎",
            "旭川",
            Role::Resident,
            &["市民委員会", "民生児童委員"],
            &[1],
            Compliance::Done,
        ),
        coordinator(
            "鈴木 次郎",
            "永山",
            Role::Staff,
            &[],
            &[],
            Compliance::Required,
        ),
        coordinator(
            "=HYPERLINK(\"http://example.com\",\"x\")",
            "永山",
            Role::Resident,
            &["PTA役員"],
            &[],
            Compliance::Required,
        ),
        coordinator(
            "大西 隆之",
            "全市",
            Role::General,
            &["社会教育主事（社会教育課主幹）"],
            &[1],
            Compliance::Done,
        ),
        coordinator(
            "川村 美紀",
            "全市",
            Role::Chief,
            &["社会教育部職員"],
            &[],
            Compliance::Required,
        ),
    ];
    let roster = "コーディネーター名簿.xlsx";
    let money = "支出簿.xlsx";
    let mut findings = vec![
        BU002
            .at(
                &src(money, "支出", 9, 3),
                "旭川の支出 22,000円が配当額 20,000円を超えています".into(),
            )
            .district("旭川"),
        BU002.at_as(
            Severity::Warning,
            &src(money, "支出", 12, 3),
            "永山の執行率が85%です".into(),
        ),
        BU001.at(
            &src(money, "支出", 14, 1),
            "中央には今年度の配当がありません".into(),
        ),
        TR001.at(
            &src(roster, "名簿", 6, 0),
            "鈴木 次郎はコーディネーター研修会を受講していません".into(),
        ),
        IN001.in_file("壊れた.xlsx", "ファイルを読めません".into()),
        DS005.general("", "新規モデル地域は1地域です".into()),
    ];
    let mut waived = DS002.at(
        &src("中学校区一覧.xlsx", "一覧", 4, 2),
        "旭川のモデル期間 R3~6 は2年度ではありません".into(),
    );
    // Raised by hand past the catalogue: the sheets must show a waived error apart.
    waived.severity = Severity::Error;
    waived.waiver = Some("試行期間を含む第1期（R3–R6）".into());
    findings.push(waived);
    sort_findings(&mut findings);
    // The ledger behind the districts' spending, one row per district and 費目, and ¥1,000
    // charged to a district not in the list.
    let mut expenses = Vec::new();
    for dv in &districts {
        for (cat, amount) in &dv.spent_by_category {
            expenses.push(expense(
                expenses.len(),
                &dv.name,
                cat,
                *amount,
                dv.allocation > 0,
            ));
        }
    }
    expenses.push(expense(expenses.len(), "東光陽", "消耗品費", 1_000, false));
    let mut rollout = BTreeMap::new();
    rollout.insert(2021, vec!["旭川".into(), "神楽".into()]);
    rollout.insert(2024, vec!["光陽".into(), "永山".into()]);
    rollout.insert(2025, vec!["東陽".into()]);
    let mut a = Analysis {
        fiscal_year: 2025,
        as_of: d(2025, 11, 30),
        districts,
        budget: BudgetView {
            unit: 20_000,
            allocated_districts: 5,
            planned_additions: 1,
            total: 120_000,
            configured_total: Some(120_000),
            categories: CATEGORIES.iter().map(|s| s.to_string()).collect(),
            allowed: CATEGORIES[..CATEGORIES.len() - 1]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            unallocated_spent: 4_000,
            warn_ratio: 0.8,
            insurance_premium: 350,
            figures: Default::default(),
        },
        new_per_year: 3,
        model_years: 2,
        resource_stale_years: 3,
        changes: None,
        sessions,
        coordinators,
        supporters: vec![SupporterView {
            name: "田中 三郎".into(),
            district: "光陽".into(),
            insured: Some(true),
            insured_on: Some(d(2025, 4, 10)),
        }],
        expenses,
        resources: vec![
            ResourceView {
                name: "旭川木工クラブ".into(),
                offer: "木工教室".into(),
                kind: "団体".into(),
                districts: vec!["光陽".into()],
                citywide: false,
                has_contact: true,
                registered: Some(d(2025, 5, 1)),
            },
            ResourceView {
                name: "北の製菓株式会社".into(),
                offer: "工場見学".into(),
                kind: "企業".into(),
                districts: vec![],
                citywide: true,
                has_contact: true,
                registered: None,
            },
        ],
        rollout,
        findings,
        inventory: vec![
            inv("中学校区一覧.xlsx", "一覧", Some("districts"), 7),
            inv(roster, "名簿", Some("coordinators"), 5),
            inv(roster, "メモ", None, 0),
            inv(money, "支出", Some("expenses"), 9),
        ],
        row_fates: Vec::new(),
        skipped_files: vec!["~$支出簿.xlsx".into()],
        config_origin: "(既定の設定: 令和7年度 旭川市)".into(),
        config_sha256: "ab".repeat(32),
        redacted: false,
        office: crate::config::DEFAULT_OFFICE.into(),
    };
    a.budget.figures = crate::rules::budget::figures(&a.budget, &a.districts);
    a
}
