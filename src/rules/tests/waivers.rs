//! Waivers mark matching findings 承認済 and keep them.

use crate::config::Config;
use crate::finding::catalogue::{Rule, DS002, DS003, DS004, SU001, TR001};
use crate::finding::Finding;
use crate::rules::apply_waivers;
use crate::rules::testkit::src;

fn finding(rule: Rule, district: Option<&str>, person: Option<&str>) -> Finding {
    let mut f = rule.at(&src("a.xlsx", "s", 1, 0), "m".into());
    f.district = district.map(Into::into);
    f.person = person.map(Into::into);
    f
}

#[test]
fn waivers_match_rule_and_district_or_person() {
    let config = Config::parse(
        r#"
[[waivers]]
rule = "DS003"
district = "光陽中学校区"
reason = "職員異動中"

[[waivers]]
rule = "TR001"
person = "髙橋 太郎"
reason = "病気療養"

[[waivers]]
rule = "SU001"
district = "永山"
person = "鈴木一郎"
reason = "加入手続中"
"#,
        "t.toml",
    )
    .unwrap();
    let mut fs = vec![
        finding(DS003, Some("光陽"), None),
        finding(DS004, Some("光陽"), None), // other rule
        finding(DS003, Some("永山"), None), // other district
        finding(TR001, Some("永山"), Some("高橋太郎")),
        finding(TR001, Some("永山"), Some("佐藤花子")),
        finding(SU001, Some("永山"), Some("鈴木一郎")),
        finding(SU001, Some("光陽"), Some("鈴木一郎")), // both must match
        finding(DS003, None, None),
    ];
    apply_waivers(&mut fs, &config);
    let waived: Vec<Option<&str>> = fs.iter().map(|f| f.waiver.as_deref()).collect();
    assert_eq!(
        waived,
        vec![
            Some("職員異動中"),
            None,
            None,
            Some("病気療養"),
            None,
            Some("加入手続中"),
            None,
            None
        ]
    );
    assert_eq!(fs.len(), 8, "waived findings stay");
}

#[test]
fn the_default_config_waives_the_first_cohort_period() {
    let config = Config::default();
    let mut fs = vec![
        finding(DS002, Some("旭川"), None),
        finding(DS002, Some("神楽"), None),
        finding(DS002, Some("春光台"), None),
        finding(DS002, Some("光陽"), None),
    ];
    apply_waivers(&mut fs, &config);
    assert_eq!(fs.iter().filter(|f| f.waived()).count(), 3);
    assert!(!fs[3].waived());
}
