//! The templates `kyodo init` writes, filled in the way a clerk would (rows typed under the
//! header, the grey example row left alone), must read without a single IN finding and
//! their figures must reach the reports.

use crate::support::*;
use kyodo::init::{template_bytes, template_bytes_with, PLACEHOLDER, TEMPLATES};

/// Rows typed into one sheet of a template.
type SheetFill<'a> = (&'a str, Vec<Vec<String>>);

fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
    r.iter()
        .map(|row| row.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn filled_templates_read_cleanly_and_reach_the_reports() {
    let tmp = temp();
    let office = tmp.path().join("office");
    std::fs::create_dir_all(&office).unwrap();
    let fills: Vec<(&str, Vec<SheetFill>)> = vec![
        (
            "名簿.xlsx",
            vec![
                (
                    "中学校区一覧",
                    rows(&[
                        &["光陽中学校区", "モデル地域", "R6~7", ""],
                        &["旭川", "伴走支援地域", "R4~5", ""],
                        &["北星", "未実施", "", ""],
                    ]),
                ),
                (
                    "コーディネーター名簿",
                    rows(&[
                        &[
                            "職員 一",
                            "光陽",
                            "社会教育課職員",
                            "社会教育課",
                            "2025-04-01",
                            "",
                            "",
                        ],
                        &[
                            "職員 二",
                            "光陽",
                            "社会教育課職員",
                            "社会教育課",
                            "2025-04-01",
                            "",
                            "",
                        ],
                        &[
                            "住民 花子",
                            "光陽",
                            "地域の方",
                            "PTA役員、学校運営協議会委員",
                            "2025-04-01",
                            "",
                            "0166-11-2222",
                        ],
                        &[
                            "住民 太郎",
                            "旭川",
                            "地域の方",
                            "民生児童委員",
                            "2025-04-01",
                            "",
                            "",
                        ],
                    ]),
                ),
                (
                    "サポーター名簿",
                    rows(&[
                        &[
                            "見守 一郎",
                            "光陽",
                            "登下校見守り",
                            "加入",
                            "2025-04-05",
                            "",
                        ],
                        &["見守 二郎", "旭川", "読み聞かせ", "加入", "2025-04-05", ""],
                    ]),
                ),
            ],
        ),
        (
            "研修会一覧.xlsx",
            vec![(
                "研修会一覧",
                rows(&[
                    &[
                        "第1回コーディネーター研修会",
                        "2025-06-14",
                        "コーディネーター研修会",
                        "市民活動交流センター",
                        "",
                    ],
                    &[
                        "地域学校協働活動研修会",
                        "2025-10-18",
                        "地域学校協働活動研修会",
                        "公民館",
                        "講師 氏名",
                    ],
                ]),
            )],
        ),
        (
            "出席簿（研修会別）.xlsx",
            vec![(
                "出席簿",
                rows(&[
                    &["職員 一", "光陽", "○"],
                    &["職員 二", "光陽", "○"],
                    &["住民 太郎", "旭川", "×"],
                ]),
            )],
        ),
        (
            "出席簿（一覧表）.xlsx",
            vec![(
                "出席簿",
                rows(&[
                    &["住民 花子", "光陽", "○", "○"],
                    &["見守 一郎", "光陽", "", "○"],
                ]),
            )],
        ),
        (
            "支出簿.xlsx",
            vec![(
                "支出簿",
                rows(&[
                    &[
                        "2025-06-20",
                        "光陽",
                        "講師謝金",
                        "5000",
                        "講師",
                        "学習会",
                        "2025-06-14",
                    ],
                    &[
                        "2025-07-01",
                        "旭川",
                        "ボランティア保険料",
                        "700",
                        "社会福祉協議会",
                        "保険料2名",
                        "",
                    ],
                ]),
            )],
        ),
        (
            "活動記録.xlsx",
            vec![(
                "活動記録",
                rows(&[&[
                    "2025-07-10",
                    "光陽",
                    "登下校見守り",
                    "学校支援",
                    "見守 一郎",
                    "40",
                ]]),
            )],
        ),
        (
            "地域人材・資源リスト.xlsx",
            vec![(
                "地域人材・資源リスト",
                rows(&[&[
                    "北の木工房",
                    "木工教室の講師",
                    "企業",
                    "光陽",
                    "0166-33-4444",
                    "2025-05-01",
                ]]),
            )],
        ),
    ];
    assert_eq!(fills.len(), TEMPLATES.len(), "every template is filled");
    for t in TEMPLATES {
        let fill = &fills.iter().find(|(f, _)| *f == t.file).expect(t.file).1;
        let fill: Vec<SheetFill> = fill.iter().map(|(s, r)| (*s, r.clone())).collect();
        // The per-session form's 研修名 and 開催日 are written over their placeholders.
        let metadata = [
            ("出席簿", "研修名", "第1回コーディネーター研修会"),
            ("出席簿", "開催日", "令和7年6月14日"),
        ];
        let districts = kyodo::config::Config::default().districts;
        let bytes = template_bytes_with(t, &fill, &metadata, &districts).expect("template");
        std::fs::write(office.join(t.file), bytes).unwrap();
    }
    let (code, _, err) = run_office(tmp.path(), "R7", "2025-11-30", "out", &[]);
    assert!(code == 0 || code == 1, "{err}");
    let out = tmp.path().join("out");
    let s = summary(&out);
    let ins: Vec<String> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"].as_str().unwrap_or("").starts_with("IN"))
        .map(|f| f.to_string())
        .collect();
    assert!(ins.is_empty(), "IN findings on filled templates: {ins:#?}");

    let district = |name: &str| {
        s["districts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    assert_eq!(district("光陽")["spent"], 5000);
    assert_eq!(district("光陽")["status"], "model");
    assert_eq!(district("旭川")["spent"], 700);
    assert_eq!(district("旭川")["status"], "support");
    assert_eq!(s["budget"]["allocated_districts"], 2);
    let attendees = |name: &str| {
        s["trainings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))["attendees"]
            .clone()
    };
    // 職員 一, 職員 二 (per-session sheet) and 住民 花子 (matrix); 住民 太郎 was absent.
    assert_eq!(attendees("第1回コーディネーター研修会"), 3);
    assert_eq!(attendees("地域学校協働活動研修会"), 2);
    let trained: Vec<(String, i64)> = s["coordinators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["coordinator_trainings_attended"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        trained.contains(&("住民 花子".to_string(), 1)),
        "{trained:?}"
    );
    assert!(
        trained.contains(&("住民 太郎".to_string(), 0)),
        "{trained:?}"
    );

    // The resource appears under its district in the public list, without its contact.
    let res = sheet(
        &out.join("地域・コーディネーター一覧.xlsx"),
        "地域人材・資源",
    );
    let cells: Vec<String> = res.cells().map(|(_, _, d)| text(d)).collect();
    assert!(cells.iter().any(|c| c == "北の木工房"), "{cells:?}");
    assert!(
        !cells.iter().any(|c| c.contains("0166-33-4444")),
        "{cells:?}"
    );
}

/// A blank template says what to write, not a real-looking session: the per-session form's
/// metadata are placeholders, the 中学校区 choices are the config's districts, the table's
/// blank rows are bordered and in the print area, and 記入方法 prints on one page.
#[test]
fn blank_templates_are_forms_to_fill() {
    let tmp = temp();
    let districts = kyodo::config::Config::default().districts;
    assert!(districts.iter().any(|d| d == "光陽"), "{districts:?}");
    for t in TEMPLATES {
        let path = tmp.path().join(t.file);
        std::fs::write(&path, template_bytes(t, &[]).expect("template")).unwrap();
        let names = crate::e2e::util::sheets(&path);
        for s in t.sheets {
            let range = sheet(&path, s.name);
            for (i, (key, _)) in s.metadata.iter().enumerate() {
                assert_eq!(
                    range
                        .get_value((2 + i as u32, 0))
                        .map(text)
                        .unwrap_or_default(),
                    format!("{key}：{PLACEHOLDER}"),
                    "{}",
                    t.file
                );
            }
        }
        let has_district = t.sheets.iter().any(|s| {
            s.columns
                .iter()
                .any(|c| c.input == kyodo::init::Input::District)
        });
        if has_district {
            let choices = sheet(&path, kyodo::schema::CHOICES_SHEET);
            let listed: Vec<String> = (3..3 + districts.len() as u32)
                .map(|r| choices.get_value((r, 0)).map(text).unwrap_or_default())
                .collect();
            assert_eq!(listed, districts, "{}", t.file);
        }
        assert!(names.iter().any(|(n, _)| n == "記入方法"), "{}", t.file);
        let xml = xml_of(&path);
        for s in t.sheets {
            let hr = kyodo::init::header_row(s);
            let last = hr + 1 + kyodo::init::FORM_ROWS;
            let area = format!("$A$1:${}${}", column_letter(s.columns.len() - 1), last + 1);
            assert!(
                xml.0.contains(&area),
                "{}: no print area {area} in {}",
                t.file,
                xml.0
            );
        }
        // 記入方法 (the only sheet fitted whole): one page wide and one page tall.
        assert!(
            xml.1
                .iter()
                .any(|x| x.contains("fitToPage=\"1\"") && !x.contains("fitToHeight=\"0\"")),
            "{}: 記入方法 is not fitted to one page",
            t.file
        );
    }
}

/// The workbook part (defined names) and every worksheet part of an xlsx.
fn xml_of(path: &std::path::Path) -> (String, Vec<String>) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut book = String::new();
    let mut sheets = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        if name == "xl/workbook.xml" {
            book = s;
        } else if name.starts_with("xl/worksheets/sheet") {
            sheets.push(s);
        }
    }
    (book, sheets)
}

fn column_letter(c: usize) -> char {
    (b'A' + c as u8) as char
}
