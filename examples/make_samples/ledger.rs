//! 支出簿 and 活動記録: spending by district and 費目, activities with their supporters.

use super::rosters::{supporters, DISTRICTS};
use super::xlsx::*;
use super::{key, short, Notes, ALLOWED, FY_LABEL, UNIT};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// An amount as written, with the yen it means (None: unreadable).
#[derive(Clone, Copy)]
pub enum AmountIn {
    Num(i64),
    Text(&'static str, Option<i64>),
}

/// A ledger row: an expense, or a ※ note the office typed between them.
pub enum LedgerRow {
    Expense {
        paid: DateIn,
        district: &'static str,
        category: &'static str,
        amount: AmountIn,
        payee: &'static str,
        memo: &'static str,
    },
    Note(&'static str),
}

pub fn ex(
    paid: DateIn,
    district: &'static str,
    category: &'static str,
    amount: AmountIn,
    payee: &'static str,
    memo: &'static str,
) -> LedgerRow {
    LedgerRow::Expense {
        paid,
        district,
        category,
        amount,
        payee,
        memo,
    }
}

#[rustfmt::skip]
pub fn ledger() -> Vec<LedgerRow> {
    use AmountIn::{Num, Text};
    const INS: &str = "ボランティア保険料";
    const CO: &str = "コーディネーター謝金";
    const LEC: &str = "講師謝金";
    const SUP: &str = "消耗品費";
    const PRT: &str = "印刷製本費";
    const POST: &str = "通信運搬費";
    const SHAKYO: &str = "旭川市社会福祉協議会";
    vec![
        ex(wd(2025, 4, 25), "旭川", INS, Num(2450), SHAKYO, "サポーター7名分（350円×7）"),
        ex(wd(2025, 5, 15), "永山中学校区", INS, Num(2100), SHAKYO, "サポーター6名分"),
        ex(wd(2025, 5, 20), "光陽", INS, Num(1750), SHAKYO, "サポーター5名分"),
        ex(sd(2025, 5, 22), "西神楽", INS, Num(1050), SHAKYO, "サポーター3名分"),
        ex(td("令和7年5月30日", 2025, 5, 30), "春光台", INS, Num(700), SHAKYO, "サポーター2名分"),
        ex(wd(2025, 6, 5), "東陽中", INS, Num(1400), SHAKYO, "サポーター4名分"),
        ex(wd(2025, 6, 12), "神居東", INS, Num(1050), SHAKYO, "サポーター3名分"),
        ex(td("R7.6.20", 2025, 6, 20), "旭川", CO, Num(6000), "中川 節子", "4～6月 コーディネート謝金"),
        ex(wd(2025, 6, 28), "光陽", LEC, Text("5,000円", Some(5000)), "森川 慎一", "家庭教育講座 講師"),
        LedgerRow::Note("※7月分から講師謝金は源泉徴収後の額で記入"),
        ex(td("令和7年7月10日", 2025, 7, 10), "永山", LEC, Text("1万円", Some(10000)), "宮下 恵", "放課後学習会 講師"),
        ex(wd(2025, 7, 18), "神楽", SUP, Num(1500), "文具のまるやま", "花壇用 園芸用品"),
        ex(wd(2025, 7, 25), "東陽", CO, Num(4000), "青木 孝", "4～7月 コーディネート謝金"),
        ex(sd(2025, 7, 31), "光陽", CO, Num(6000), "田中 義男", "4～7月 コーディネート謝金"),
        ex(sd(2025, 8, 8), "西神楽", LEC, Num(5000), "農業体験 指導者", "田植え体験 講師"),
        ex(td("令和7年8月22日", 2025, 8, 22), "東陽", "飲食費", Num(3000), "菓子の北光堂", "研修会 茶菓子代"),
        ex(wd(2025, 8, 29), "春光台", CO, Num(3000), "石田 秀樹", "4～8月 コーディネート謝金"),
        ex(wd(2025, 9, 5), "神楽", CO, Num(3500), "中山 良子", "4～9月 コーディネート謝金"),
        ex(wd(2025, 9, 12), "光陽", SUP, Num(2450), "文具のまるやま", "活動用 画用紙・マーカー"),
        ex(td("R7.9.19", 2025, 9, 19), "神居東", LEC, Text("3,500円", Some(3500)), "図書館司書OB", "図書室整理 講師"),
        ex(wd(2025, 9, 26), "北星", SUP, Num(2000), "文具のまるやま", "地域説明会 資料用紙"),
        ex(wd(2025, 9, 30), "永山", CO, Num(6000), "小川 智子", "4～9月 コーディネート謝金"),
        ex(wd(2025, 10, 3), "西神楽", POST, Num(1100), "郵便局", "案内状 切手代"),
        ex(wd(2025, 10, 10), "東陽", SUP, Num(2100), "文具のまるやま", "部活動支援 消耗品"),
        ex(td("R7.10.17", 2025, 10, 17), "神楽", LEC, Text("1,500×3", None), "公民館 講座講師", "講師謝金 3回分"),
        ex(wd(2025, 10, 24), "光陽", PRT, Num(1300), "あさひ印刷", "活動報告チラシ"),
        ex(wd(2025, 10, 30), "旭川", LEC, Num(3000), "地域連携アドバイザー 森川 慎一", "地域清掃 講話"),
        ex(DateIn::Text("令和7年13月5日", None), "春光台", SUP, Num(1000), "文具のまるやま", "読み聞かせ用 消耗品"),
        ex(td("R7.11.7", 2025, 11, 7), "神居東", PRT, Num(2150), "あさひ印刷", "活動報告チラシ"),
        ex(wd(2025, 11, 14), "永山", SUP, Num(2900), "文具のまるやま", "夏祭り 片付け用品"),
        ex(wd(2025, 11, 20), "西神楽", SUP, Num(2200), "文具のまるやま", "収穫祭 消耗品"),
        ex(wd(2025, 11, 21), "旭川", POST, Num(550), "郵便局", "通知はがき"),
    ]
}

pub const F_LEDGER: &str = "支出簿.xlsx";

/// Spending by district and 費目, from the rows the tool can read.
pub type Spending = BTreeMap<String, BTreeMap<String, i64>>;

pub fn ledger_book(notes: &mut Notes) -> (Vec<Sheet>, Spending) {
    let mut s = Sheet::new("支出簿", &[18.0, 14.0, 20.0, 12.0, 28.0, 32.0]);
    s.line(&format!("{FY_LABEL} 地域学校協働活動 配当予算 支出簿"));
    s.line("担当：社会教育課");
    s.blank();
    s.header(&["支出日", "中学校区", "費目", "金額（円）", "支払先", "摘要"]);
    let first = s.next();
    let mut spent: Spending = BTreeMap::new();
    let mut cumulative: BTreeMap<String, i64> = BTreeMap::new();
    let mut numeric_sum = 0.0;
    // Final totals first: a district over its allocation gets the error only, not also the warning.
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for row in ledger() {
        if let LedgerRow::Expense {
            paid,
            district,
            amount,
            ..
        } = row
        {
            let yen = match amount {
                AmountIn::Num(v) => Some(v),
                AmountIn::Text(_, v) => v,
            };
            if let (Some(yen), Some(_)) = (yen, paid.value()) {
                *totals.entry(short(district)).or_default() += yen;
            }
        }
    }
    for row in ledger() {
        let (paid, district, category, amount, payee, memo) = match row {
            LedgerRow::Note(text) => {
                s.line(text);
                continue;
            }
            LedgerRow::Expense {
                paid,
                district,
                category,
                amount,
                payee,
                memo,
            } => (paid, district, category, amount, payee, memo),
        };
        let amount_cell = match amount {
            AmountIn::Num(v) => {
                numeric_sum += v as f64;
                Cell::Num(v as f64)
            }
            AmountIn::Text(s, _) => t(s),
        };
        let r = s.row(vec![
            paid.cell(),
            t(district),
            t(category),
            amount_cell,
            t(payee),
            t(memo),
        ]);
        let yen = match amount {
            AmountIn::Num(v) => Some(v),
            AmountIn::Text(_, v) => v,
        };
        let d = short(district);
        if paid.value().is_none() {
            notes.add(
                "支出日「令和7年13月5日」（13月はない）",
                F_LEDGER,
                "支出簿",
                a1(r, 0),
                "IN003",
                "-",
            );
        }
        if yen.is_none() {
            notes.add(
                "金額「1,500×3」（式を文字で入力）",
                F_LEDGER,
                "支出簿",
                a1(r, 3),
                "IN003",
                "-",
            );
        }
        let (Some(yen), Some(_)) = (yen, paid.value()) else {
            continue;
        };
        if !ALLOWED.contains(&category) {
            notes.add(
                &format!("認められない費目「{category}」"),
                F_LEDGER,
                "支出簿",
                a1(r, 2),
                "BU004",
                "-",
            );
        }
        let status = DISTRICTS.iter().find(|x| x.0 == d).map(|x| x.4);
        if status == Some("none") {
            notes.add(
                &format!("未実施の「{d}」の支出（配当なし）"),
                F_LEDGER,
                "支出簿",
                a1(r, 1),
                "BU001",
                "-",
            );
        }
        *spent
            .entry(d.clone())
            .or_default()
            .entry(category.to_string())
            .or_default() += yen;
        let before = *cumulative.get(&d).unwrap_or(&0);
        let after = before + yen;
        cumulative.insert(d.clone(), after);
        if status != Some("none") {
            if before * 10 <= UNIT * 8 && after * 10 > UNIT * 8 && totals[&d] <= UNIT {
                notes.add(
                    &format!("{d}：執行額 {after} 円が配当 2万円の80%を超えた（この支出で）"),
                    F_LEDGER,
                    "支出簿",
                    a1(r, 3),
                    "BU002",
                    "warning",
                );
            }
            if before <= UNIT && after > UNIT {
                notes.add(
                    &format!("{d}：執行額 {after} 円が配当 2万円を超えた（この支出で）"),
                    F_LEDGER,
                    "支出簿",
                    a1(r, 3),
                    "BU002",
                    "error",
                );
            }
        }
    }
    let last = s.next() - 1;
    s.row(vec![
        Cell::Empty,
        t("合計"),
        Cell::Empty,
        // SUM skips the amounts typed as text, as Excel does.
        Cell::Formula(format!("=SUM(D{}:D{})", first + 1, last + 1), numeric_sum),
        Cell::Empty,
        Cell::Empty,
    ]);
    s.blank();
    s.line("※金額が文字で入力されている行は合計に含まれていません（要確認）");
    (vec![s], spent)
}

// ---------------------------------------------------------------------------------------
// 活動記録.xlsx
// ---------------------------------------------------------------------------------------

/// (実施日, 中学校区, 活動名, 分類, 参加サポーター, 児童生徒数)
#[rustfmt::skip]
pub fn activities() -> Vec<(
    DateIn,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
)> {
    const SCHOOL: &str = "学校支援";
    const AFTER: &str = "放課後・土曜学習支援";
    const HOME: &str = "家庭教育支援";
    const LOCAL: &str = "地域活動";
    vec![
        (wd(2025, 4, 22), "光陽", "朝の読み聞かせ", SCHOOL, "髙橋 美和、中村 直子", 25),
        (td("令和7年5月10日", 2025, 5, 10), "永山", "放課後学習会", AFTER, "加藤 由美、吉田 浩二", 18),
        (wd(2025, 5, 24), "西神楽", "田植え体験", LOCAL, "松本 和夫、井上 恵子", 40),
        (wd(2025, 6, 7), "旭川", "地域清掃活動", LOCAL, "森 勝也、阿部 幸子、池田 正人", 60),
        (sd(2025, 6, 13), "神居東", "登下校見守り", SCHOOL, "清水 隆", 120),
        (td("令和7年6月21日", 2025, 6, 21), "東陽", "放課後学習支援", AFTER, "木村 大輔、林 真由美", 15),
        (wd(2025, 7, 3), "光陽", "花壇整備", SCHOOL, "小林 健一、高橋美和", 30),
        (wd(2025, 7, 12), "神楽", "花壇整備", SCHOOL, "石川 誠", 20),
        (td("R7.7.26", 2025, 7, 26), "春光台", "夏休み読み聞かせ会", AFTER, "前田 千春、藤田 博", 22),
        (wd(2025, 8, 23), "永山中学校区", "夏祭りボランティア", LOCAL, "山口 さやか、吉田 浩二さん", 50),
        (sd(2025, 9, 6), "光陽", "家庭教育講座", HOME, "岡田 弘美", 8),
        (td("2025/9/20", 2025, 9, 20), "神居東", "図書室整理", SCHOOL, "山崎 玲子、清水 隆", 10),
        (td("R7.10.4", 2025, 10, 4), "旭川", "読み聞かせ", SCHOOL, "阿部 幸子、佐々木 陽子", 28),
        (wd(2025, 10, 25), "西神楽", "収穫祭", LOCAL, "松本 和夫、井上 恵子", 45),
        (wd(2025, 11, 15), "東陽", "部活動支援", SCHOOL, "木村 大輔", 24),
        (wd(2025, 11, 22), "光陽", "登下校見守り", SCHOOL, "中村 直子、髙橋 美和", 90),
    ]
}

pub const F_ACTIVITIES: &str = "活動記録.xlsx";

pub fn activities_book(notes: &mut Notes) -> Vec<Sheet> {
    let mut s = Sheet::new("活動記録", &[18.0, 14.0, 22.0, 22.0, 36.0, 12.0]);
    s.line(&format!("{FY_LABEL} 地域学校協働活動 活動記録"));
    s.blank();
    s.header(&[
        "実施日",
        "中学校区",
        "活動名",
        "分類",
        "参加サポーター",
        "児童生徒数",
    ]);
    let roster: Vec<(String, Option<NaiveDate>, bool)> = supporters()
        .iter()
        .map(|x| (key(x.0), x.4.value(), x.3 == "○" || x.3 == "加入"))
        .collect();
    for (day, d, name, category, people, children) in activities() {
        let r = s.row(vec![
            day.cell(),
            t(d),
            t(name),
            t(category),
            t(people),
            Cell::Num(children as f64),
        ]);
        let on = day.value().expect("activity dates are readable");
        for person in people.split('、') {
            match roster.iter().find(|x| x.0 == key(person)) {
                None => notes.add(
                    &format!("サポーター名簿にない「{person}」が活動に参加"),
                    F_ACTIVITIES,
                    "活動記録",
                    a1(r, 4),
                    "AC001",
                    "-",
                ),
                // Cover runs from the day after enrolment.
                Some((_, enrolled, insured)) => {
                    if !insured || enrolled.is_none_or(|e| e >= on) {
                        notes.add(
                            &format!(
                                "「{person}」の保険加入日（{}）が活動日（{on}）より後",
                                enrolled.map(|e| e.to_string()).unwrap_or_default()
                            ),
                            F_ACTIVITIES,
                            "活動記録",
                            a1(r, 4),
                            "SU001",
                            "-",
                        );
                    }
                }
            }
        }
    }
    vec![s]
}
