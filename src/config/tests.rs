//! Tests of the config: the embedded default, amounts as the workbooks spell them, refusals
//! that name the line, the key and a suggestion.

use super::*;

#[test]
fn embedded_default_holds_the_seed_rules() {
    let c = Config::default();
    assert_eq!(c.model.years, 2);
    assert_eq!(c.budget.unit, 20_000);
    assert_eq!(c.year(2025).unwrap().budget_total, Some(180_000));
    assert_eq!(c.year(2025).unwrap().planned_additions, 1);
    assert!(c.year(2026).is_none());
    assert_eq!(c.waivers.len(), 3);
}

#[test]
fn bad_config_is_refused_with_the_key() {
    let e = Config::parse("[budget]\nwarn_ratio = 3.0\n", "x.toml").unwrap_err();
    assert!(e.to_string().contains("warn_ratio"), "{e}");
    let e = Config::parse(
        "[[waivers]]\nrule = \"ZZ9\"\ndistrict=\"a\"\nreason=\"r\"\n",
        "x.toml",
    )
    .unwrap_err();
    assert!(e.to_string().contains("ZZ9"), "{e}");
    assert!(Config::parse("nonsense = 1\n", "x.toml").is_err());
    let e = Config::parse("[office]\nname = \" \"\n", "x.toml").unwrap_err();
    assert!(e.to_string().contains("office.name"), "{e}");
    let e = Config::parse("[insurance]\npremium = -350\n", "x.toml").unwrap_err();
    assert!(
        e.to_string()
            .contains("2行目: insurance.premium は0以上にしてください"),
        "{e}"
    );
}

#[test]
fn office_name_defaults_to_the_city_office() {
    assert_eq!(Config::default().office.name, DEFAULT_OFFICE);
    assert_eq!(
        Config::parse("", "x.toml").unwrap().office.name,
        DEFAULT_OFFICE
    );
    let c = Config::parse("[office]\nname = \"東川町教育委員会\"\n", "x.toml").unwrap();
    assert_eq!(c.office.name, "東川町教育委員会");
}

#[test]
fn config_errors_name_the_line_the_key_and_a_suggestion() {
    let text = "fiscal_year = \"R7\"\n\n[budget]\nunit = 20000\nwarn_raito = 0.8\n";
    let e = Config::parse(text, "kyodo.toml").unwrap_err().to_string();
    assert!(
        e.contains("5行目: 「warn_raito」という項目はありません（warn_ratio ですか？）"),
        "{e}"
    );
    let e = Config::parse("[model]\nyears = \"two\"\n", "k.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("2行目: 「years」には整数"), "{e}");
    assert!(e.contains("「two」"), "{e}");
    let e = Config::parse("[budget\nunit = 1\n", "k.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("1行目: 書き方が正しくありません"), "{e}");
    let e = Config::parse("[model]\n\nyears = 0\n", "k.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("3行目: model.years"), "{e}");
    assert!(!e.contains("expected") && !e.contains("TOML"), "{e}");
}

#[test]
fn amounts_in_the_config_take_the_workbooks_spellings() {
    let c = Config::parse(
        "[budget]\nunit = \"2万円\"\n[years.R7]\nbudget_total = \"180,000円\"\n\
             [insurance]\npremium = 350\n",
        "k.toml",
    )
    .unwrap();
    assert_eq!(c.budget.unit, 20_000);
    assert_eq!(c.year(2025).unwrap().budget_total, Some(180_000));
    assert_eq!(c.insurance.premium, 350);
    let e = Config::parse("[budget]\nunit = \"二万\"\n", "k.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("2行目: 金額「二万」を読めません"), "{e}");
}

#[test]
fn a_config_saved_as_ansi_is_read_as_cp932() {
    let text = "[[waivers]]\nrule = \"DS002\"\ndistrict = \"光陽\"\nreason = \"試行\"\n";
    let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad);
    let (decoded, enc) = decode(&sjis).unwrap();
    assert_eq!((decoded.as_str(), enc), (text, "Shift_JIS"));
    let (decoded, enc) = decode(format!("\u{feff}{text}").as_bytes()).unwrap();
    assert_eq!((decoded.as_str(), enc), (text, "UTF-8"));
    assert!(decode(&[0x82, 0xff, 0xff]).is_none());
}
