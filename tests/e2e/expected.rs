//! The sample office's expected figures and findings, hand-checked against
//! samples/README.md (which examples/make_samples.rs writes from the same data).

#![allow(dead_code)]

/// A seeded mistake: (id, file as displayed for `kyodo run samples`, sheet, cell).
pub type Seeded = (&'static str, &'static str, &'static str, &'static str);

pub const SEEDED: &[Seeded] = &[
    ("DS002", "中学校区一覧.xlsx", "中学校区一覧", "C10"),
    ("DS002", "中学校区一覧.xlsx", "中学校区一覧", "C11"),
    ("DS002", "中学校区一覧.xlsx", "中学校区一覧", "C12"),
    (
        "TR001",
        "コーディネーター名簿.xlsx",
        "コーディネーター名簿",
        "C15",
    ),
    (
        "CO001",
        "コーディネーター名簿.xlsx",
        "コーディネーター名簿",
        "A38",
    ),
    (
        "IN004",
        "コーディネーター名簿.xlsx",
        "サポーター名簿",
        "A25",
    ),
    ("TR002", "研修会一覧.xlsx", "出席簿", "A16"),
    (
        "TR003",
        "研修会一覧.xlsx",
        "コーディネーター研修会出欠",
        "C38",
    ),
    ("BU004", "支出簿.xlsx", "支出簿", "C20"),
    ("BU001", "支出簿.xlsx", "支出簿", "B25"),
    ("IN003", "支出簿.xlsx", "支出簿", "D29"),
    ("BU002", "支出簿.xlsx", "支出簿", "D30"),
    ("IN003", "支出簿.xlsx", "支出簿", "A32"),
    ("BU002", "支出簿.xlsx", "支出簿", "D34"),
    ("SU001", "活動記録.xlsx", "活動記録", "E9"),
    ("AC001", "活動記録.xlsx", "活動記録", "E16"),
];

/// Ids the samples must not give (the data is built to satisfy these rules).
pub const ABSENT: &[&str] = &["BU005", "DS001", "DS003", "DS004", "CO002", "BU003"];

/// (中学校区, status, allocation, spent) for every district of 中学校区一覧.
pub const DISTRICTS: &[(&str, &str, i64, i64)] = &[
    ("光陽", "model", 20_000, 16_500),
    ("永山", "model", 20_000, 21_000),
    ("西神楽", "model", 20_000, 9_350),
    ("東陽", "model", 20_000, 10_500),
    ("神居東", "model", 20_000, 6_700),
    ("旭川", "support", 20_000, 12_000),
    ("神楽", "support", 20_000, 5_000),
    ("春光台", "support", 20_000, 3_700),
    ("中央", "none", 0, 0),
    ("東光", "none", 0, 0),
    ("桜岡", "none", 0, 0),
    ("北星", "none", 0, 2_000),
    ("忠和", "none", 0, 0),
    ("東明", "none", 0, 0),
];

/// Spending by 費目 where a district has several (district, 費目, yen).
pub const SPENT_BY_CATEGORY: &[(&str, &str, i64)] = &[
    ("光陽", "コーディネーター謝金", 6_000),
    ("光陽", "講師謝金", 5_000),
    ("光陽", "ボランティア保険料", 1_750),
    ("光陽", "消耗品費", 2_450),
    ("光陽", "印刷製本費", 1_300),
    ("永山", "講師謝金", 10_000),
    ("東陽", "飲食費", 3_000),
    ("神居東", "講師謝金", 3_500),
    ("旭川", "通信運搬費", 550),
];

/// (date, 研修名, kind is the coordinators' one, attendees).
pub const SESSIONS: &[(&str, &str, bool, u64)] = &[
    ("2025-06-14", "第1回コーディネーター研修会", true, 23),
    ("2025-07-05", "第1回地域学校協働活動研修会", false, 11),
    ("2025-10-18", "第2回コーディネーター研修会", true, 24),
    ("2025-11-08", "第2回地域学校協働活動研修会", false, 9),
    ("2026-02-14", "第3回コーディネーター研修会", true, 0),
];

/// (氏名 as on the roster, 中学校区, role, コーディネーター研修会 attended).
pub const COORDINATORS: &[(&str, &str, &str, u64)] = &[
    ("大西 隆之", "全市", "general", 2),
    ("川村 美紀", "全市", "chief", 2),
    ("佐藤 健太", "光陽", "staff", 2),
    ("鈴木 あゆみ", "光陽", "staff", 1),
    ("田中 義男", "光陽", "resident", 2),
    ("伊藤 和子", "光陽", "resident", 1),
    ("渡辺 修", "光陽", "resident", 1),
    ("山本 大樹", "永山", "staff", 2),
    ("中島 彩", "永山", "staff", 1),
    ("小川 智子", "永山", "resident", 1),
    ("長谷川 剛", "永山", "resident", 0),
    ("石井 翔", "西神楽", "staff", 2),
    ("村上 優子", "西神楽", "staff", 1),
    ("近藤 昭", "西神楽", "resident", 1),
    ("坂本 拓也", "東陽", "staff", 2),
    ("遠藤 美穂", "東陽", "staff", 2),
    ("青木 孝", "東陽", "resident", 1),
    ("藤井 典子", "東陽", "resident", 1),
    ("西村 亮", "神居東", "staff", 2),
    ("福田 理恵", "神居東", "staff", 1),
    ("太田 茂", "神居東", "resident", 2),
    ("三浦 洋子", "神居東", "resident", 1),
    ("岡本 浩", "神居東", "resident", 1),
    ("松田 勇", "旭川", "resident", 1),
    ("中川 節子", "旭川", "resident", 2),
    ("原田 進", "旭川", "resident", 1),
    ("小野 敏子", "旭川", "resident", 1),
    ("竹内 功", "旭川", "resident", 2),
    ("金子 由紀", "旭川", "resident", 1),
    ("和田 昌弘", "旭川", "resident", 1),
    ("中山 良子", "神楽", "resident", 2),
    ("石田 秀樹", "春光台", "resident", 1),
    ("上田 恵美", "春光台", "resident", 1),
    ("森田 悟", "東光陽", "resident", 1),
];
