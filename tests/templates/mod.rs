//! The templates `kyodo init` writes, filled in the way a clerk would (rows typed under the
//! header, the grey example row left alone), must read without a single IN finding and
//! their figures must reach the reports.

use crate::support::*;
use kyodo::init::{template_bytes, TEMPLATES};

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
        let bytes = template_bytes(t, &fill).expect("template");
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
