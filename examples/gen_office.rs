//! Writes a synthetic office in the canonical layout of spec §2, for the benchmark.
//!
//! Per district: 4 coordinators, 40 supporters, 12 coordinator-training sessions with 25
//! attendance rows each, 30 expenses and 20 activities; one workbook per 50 districts.
//! The same `--districts` and `--seed` give the same files.
//!
//!     cargo run --release --example gen_office -- OUT --districts 1000 [--seed 7]

use chrono::{Duration, NaiveDate};
use kyodo::config::DEFAULT_CATEGORIES;
use kyodo::model::ACTIVITY_CATEGORIES;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::PathBuf;

const PER_BOOK: usize = 50;
const FAMILY: &[&str] = &[
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
];
const GIVEN: &[&str] = &[
    "花子", "太郎", "陽子", "健一", "美咲", "翔太", "裕子", "大輔", "直子", "誠",
];

/// A small deterministic generator (xorshift64*): the benchmark needs repeatable files,
/// not statistical quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Args {
    out: PathBuf,
    districts: usize,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut out = None;
    let mut districts = 26;
    let mut seed = 7;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--districts" => {
                districts = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--districts takes a number")?
            }
            "--seed" => {
                seed = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--seed takes a number")?
            }
            _ if out.is_none() => out = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    Ok(Args {
        out: out.ok_or("usage: gen_office OUT --districts N [--seed S]")?,
        districts,
        seed: seed.max(1),
    })
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&args) {
        eprintln!("gen_office: {e}");
        std::process::exit(1);
    }
}

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {}",
        FAMILY[rng.below(FAMILY.len())],
        GIVEN[rng.below(GIVEN.len())]
    )
}

fn generate(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&args.out)?;
    let fy_start = NaiveDate::from_ymd_opt(2025, 4, 1).ok_or("date")?;
    let books = args.districts.div_ceil(PER_BOOK);
    for b in 0..books {
        let mut rng = Rng(args.seed.wrapping_mul(1_000_003).wrapping_add(b as u64 + 1));
        let first = b * PER_BOOK;
        let last = (first + PER_BOOK).min(args.districts);
        let names: Vec<String> = (first..last).map(|i| format!("地区{:05}", i + 1)).collect();
        let mut wb = Workbook::new();
        let fixed = ExcelDateTime::from_ymd(2025, 4, 1)?;
        wb.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
        let date = Format::new().set_num_format("yyyy/m/d");

        // Districts: a third each model (R7~8, R6~7) and support (R3~4).
        let ws = sheet(
            &mut wb,
            "中学校区一覧",
            &["中学校区", "区分", "モデル開始年度", "モデル終了年度"],
        )?;
        for (i, n) in names.iter().enumerate() {
            let r = i as u32 + 1;
            let (status, s, e) = match (first + i) % 3 {
                0 => ("モデル地域", "R7", "R8"),
                1 => ("モデル地域", "R6", "R7"),
                _ => ("伴走支援地域", "R3", "R4"),
            };
            ws.write_string(r, 0, n)?;
            ws.write_string(r, 1, status)?;
            ws.write_string(r, 2, s)?;
            ws.write_string(r, 3, e)?;
        }

        let mut coordinators: Vec<(String, usize)> = Vec::new();
        let ws = sheet(
            &mut wb,
            "コーディネーター名簿",
            &["氏名", "中学校区", "区分", "所属・役職"],
        )?;
        let mut r = 1;
        for (i, n) in names.iter().enumerate() {
            for k in 0..4 {
                let name = format!("{}{}", person(&mut rng), first * 4 + i * 4 + k);
                let role = if k < 2 {
                    "社会教育課職員"
                } else {
                    "地域の方"
                };
                ws.write_string(r, 0, &name)?;
                ws.write_string(r, 1, n)?;
                ws.write_string(r, 2, role)?;
                ws.write_string(
                    r,
                    3,
                    if k < 2 {
                        "社会教育課"
                    } else {
                        "学校運営協議会委員"
                    },
                )?;
                coordinators.push((name, i));
                r += 1;
            }
        }

        let mut supporters: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        let ws = sheet(
            &mut wb,
            "サポーター名簿",
            &[
                "氏名",
                "中学校区",
                "活動内容",
                "ボランティア保険",
                "保険加入日",
            ],
        )?;
        let mut r = 1;
        for (i, n) in names.iter().enumerate() {
            for k in 0..40 {
                let name = format!("{}{}", person(&mut rng), (first + i) * 40 + k);
                ws.write_string(r, 0, &name)?;
                ws.write_string(r, 1, n)?;
                ws.write_string(r, 2, "見守り")?;
                ws.write_string(
                    r,
                    3,
                    if rng.below(20) == 0 {
                        "未加入"
                    } else {
                        "加入"
                    },
                )?;
                let d = fy_start + Duration::days(rng.below(30) as i64);
                ws.write_date_with_format(r, 4, d, &date)?;
                supporters[i].push(name);
                r += 1;
            }
        }

        let ws = sheet(&mut wb, "研修会一覧", &["研修名", "開催日", "種別", "会場"])?;
        let mut sessions: Vec<(String, NaiveDate)> = Vec::new();
        let mut r = 1;
        for (i, n) in names.iter().enumerate() {
            for k in 0..12 {
                let name = format!("第{}回コーディネーター研修会（{n}）", k + 1);
                let d = fy_start + Duration::days(20 + 28 * k as i64 + (i % 7) as i64);
                ws.write_string(r, 0, &name)?;
                ws.write_date_with_format(r, 1, d, &date)?;
                ws.write_string(r, 2, "コーディネーター研修会")?;
                ws.write_string(r, 3, "市民活動交流センター")?;
                sessions.push((name, d));
                r += 1;
            }
        }

        let ws = sheet(
            &mut wb,
            "出席簿",
            &["氏名", "開催日", "研修名", "中学校区", "出欠"],
        )?;
        let mut r = 1;
        for (i, n) in names.iter().enumerate() {
            for k in 0..12 {
                let (sname, d) = &sessions[i * 12 + k];
                // The district's 4 coordinators and 21 distinct supporters: nobody twice.
                let start = rng.below(40);
                for a in 0..25 {
                    let who = if a < 4 {
                        coordinators[i * 4 + a].0.clone()
                    } else {
                        supporters[i][(start + a) % 40].clone()
                    };
                    ws.write_string(r, 0, &who)?;
                    ws.write_date_with_format(r, 1, *d, &date)?;
                    ws.write_string(r, 2, sname)?;
                    ws.write_string(r, 3, n)?;
                    ws.write_string(r, 4, if rng.below(10) == 0 { "×" } else { "○" })?;
                    r += 1;
                }
            }
        }

        let ws = sheet(
            &mut wb,
            "支出簿",
            &["支出日", "中学校区", "費目", "金額", "支払先", "摘要"],
        )?;
        let mut r = 1;
        for n in &names {
            for _ in 0..30 {
                let d = fy_start + Duration::days(rng.below(240) as i64);
                ws.write_date_with_format(r, 0, d, &date)?;
                ws.write_string(r, 1, n)?;
                ws.write_string(
                    r,
                    2,
                    DEFAULT_CATEGORIES[rng.below(DEFAULT_CATEGORIES.len())],
                )?;
                ws.write_number(r, 3, (50 + rng.below(20) * 10) as f64)?;
                ws.write_string(r, 4, "市内商店")?;
                ws.write_string(r, 5, "活動用品")?;
                r += 1;
            }
        }

        let ws = sheet(
            &mut wb,
            "活動記録",
            &[
                "実施日",
                "中学校区",
                "活動名",
                "分類",
                "参加サポーター",
                "児童生徒数",
            ],
        )?;
        let mut r = 1;
        for (i, n) in names.iter().enumerate() {
            for _ in 0..20 {
                let d = fy_start + Duration::days(40 + rng.below(200) as i64);
                let first = rng.below(40);
                let who = format!(
                    "{}、{}",
                    supporters[i][first],
                    supporters[i][(first + 1 + rng.below(39)) % 40]
                );
                ws.write_date_with_format(r, 0, d, &date)?;
                ws.write_string(r, 1, n)?;
                ws.write_string(r, 2, "登下校見守り")?;
                ws.write_string(
                    r,
                    3,
                    ACTIVITY_CATEGORIES[rng.below(ACTIVITY_CATEGORIES.len())],
                )?;
                ws.write_string(r, 4, &who)?;
                ws.write_number(r, 5, (5 + rng.below(40)) as f64)?;
                r += 1;
            }
        }
        wb.save(args.out.join(format!("office_{:04}.xlsx", b + 1)))?;
    }
    Ok(())
}

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    headers: &[&str],
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    Ok(ws)
}
