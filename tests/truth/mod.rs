//! One truth (issue 16): the same figure in every report, every run, every folder and every
//! town — budget figures that reconcile between 予算配当表, 年度末報告 and summary.json, finding
//! identity that survives a copied folder, sessions after 基準日 shown as 予定, labels that
//! state the config in force.

use crate::e2e::util::{copy_samples, kyodo, open_range, read_summary, text};
use crate::support::{row_starting, temp};
use serde_json::Value;
use std::path::Path;

/// `kyodo ARGS` in `cwd`; panics unless it ran (exit 0 or 1).
fn ran(cwd: &Path, args: &[&str]) {
    let o = kyodo(cwd, args);
    assert!(o.code == 0 || o.code == 1, "{}", o.dump());
}

fn training<'a>(s: &'a Value, name: &str) -> &'a Value {
    s["trainings"]
        .as_array()
        .expect("trainings")
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no training {name}"))
}

/// samples/ holds 第3回コーディネーター研修会 on R8.2.14, after its 基準日 R7.11.30.
#[test]
fn a_session_after_as_of_is_planned_in_the_monthly_run_and_at_year_end() {
    let tmp = temp();
    copy_samples(&tmp.path().join("office"));
    ran(
        tmp.path(),
        &[
            "run",
            "office",
            "--as-of",
            "2025-11-30",
            "--out",
            "m",
            "--quiet",
        ],
    );
    let s = read_summary(&tmp.path().join("m"));
    let third = training(&s, "第3回コーディネーター研修会");
    assert_eq!(third["held"], false);
    assert_eq!(third["attendees"], 0);
    assert_eq!(training(&s, "第1回コーディネーター研修会")["held"], true);
    let sessions = open_range(&tmp.path().join("m/研修出席状況.xlsx"), "研修会別");
    let row = sessions
        .rows()
        .find(|r| r.iter().any(|c| text(c) == "第3回コーディネーター研修会"))
        .expect("第3回 listed");
    assert_eq!(text(&row[4]), "予定");

    // Year-end run before the session: 予定 there too, not counted as held.
    ran(
        tmp.path(),
        &[
            "year-end",
            "office",
            "--as-of",
            "2025-11-30",
            "--out",
            "y",
            "--quiet",
        ],
    );
    let book = tmp.path().join("y/年度末報告.xlsx");
    let t = open_range(&book, "研修");
    assert_eq!(row_starting(&t, "研修会の回数")[4], "4");
    assert_eq!(
        row_starting(&t, "予定の研修会（令和7年11月30日より後）")[4],
        "1"
    );
    let third = t
        .rows()
        .find(|r| r.iter().any(|c| text(c) == "第3回コーディネーター研修会"))
        .expect("第3回 listed");
    assert_eq!(text(&third[4]), "予定");

    // At the year's close it has been held.
    ran(tmp.path(), &["year-end", "office", "--out", "z", "--quiet"]);
    let t = open_range(&tmp.path().join("z/年度末報告.xlsx"), "研修");
    assert_eq!(row_starting(&t, "研修会の回数")[4], "5");
}

/// Every text an out folder holds: summary.json, and every part of every workbook (cells,
/// shared strings, hyperlinks, document properties), below it.
fn every_output_text(dir: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("out folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).expect("output readable");
            if p.extension().is_some_and(|x| x == "xlsx") {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx zip");
                for i in 0..zip.len() {
                    let mut part = zip.by_index(i).expect("part");
                    let name = format!("{}:{}", p.display(), part.name().unwrap_or_default());
                    let mut buf = Vec::new();
                    std::io::Read::read_to_end(&mut part, &mut buf).expect("part readable");
                    texts.push((name, String::from_utf8_lossy(&buf).into_owned()));
                }
            } else {
                texts.push((
                    p.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
    }
    texts
}

/// No output below `out` names `needle` (an absolute folder), in either slash direction.
fn assert_nowhere(out: &Path, needle: &Path) {
    let needle = needle.to_string_lossy().into_owned();
    let texts = every_output_text(out);
    assert!(!texts.is_empty());
    for (name, text) in texts {
        for n in [
            needle.clone(),
            needle.replace('/', "\\\\"),
            needle.replace('\\', "/"),
        ] {
            assert!(!text.contains(&n), "{name} holds the absolute path {n}");
        }
    }
}

fn changes(s: &Value) -> (u64, usize) {
    let c = &s["changes"];
    (
        c["new_findings"].as_u64().expect("new_findings"),
        c["resolved"].as_array().expect("resolved").len(),
    )
}

#[test]
fn a_copied_office_folder_changes_no_finding_and_no_output_holds_its_path() {
    let tmp = temp();
    let root = tmp.path().canonicalize().expect("temp dir");
    let first = root.join("共有").join("11月");
    copy_samples(&first);
    let first_s = first.to_str().expect("utf-8");
    ran(&root, &["run", first_s, "--out", "r1", "--quiet"]);
    let s1 = read_summary(&root.join("r1"));
    assert!(s1["findings"].as_array().expect("findings").len() > 5);

    // The same month's folder copied to another PC, under another name.
    let copy = root.join("別のPC").join("事務局の控え");
    copy_samples(&copy);
    let copy_s = copy.to_str().expect("utf-8");
    let prev = root.join("r1");
    ran(
        &root,
        &[
            "run",
            copy_s,
            "--out",
            "r2",
            "--previous",
            prev.to_str().unwrap(),
            "--quiet",
        ],
    );
    let s2 = read_summary(&root.join("r2"));
    assert_eq!(changes(&s2), (0, 0), "{:#}", s2["changes"]);
    assert!(s2["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["change"] == "継続"));
    assert_eq!(s1["findings"], {
        let mut f = s2["findings"].clone();
        for x in f.as_array_mut().unwrap() {
            x.as_object_mut().unwrap().remove("change");
        }
        f
    });

    // Year-end from the copy, given as a single file too.
    ran(&root, &["year-end", copy_s, "--out", "ye", "--quiet"]);
    let book = copy.join("支出簿.xlsx");
    ran(
        &root,
        &["run", book.to_str().unwrap(), "--out", "one", "--quiet"],
    );
    let one = read_summary(&root.join("one"));
    assert!(one["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["file"] == "支出簿.xlsx"));
    for out in ["r1", "r2", "ye", "one"] {
        assert_nowhere(&root.join(out), &root);
    }
}

/// A summary.json of a run before keys were relative holds the files as given (here an
/// absolute path): it still compares, finding for finding.
#[test]
fn a_previous_summary_with_absolute_paths_still_compares() {
    let tmp = temp();
    let root = tmp.path().canonicalize().expect("temp dir");
    let office = root.join("office");
    copy_samples(&office);
    ran(&root, &["run", "office", "--out", "r1", "--quiet"]);
    let mut old = read_summary(&root.join("r1"));
    let abs = office.to_string_lossy().into_owned();
    for f in old["findings"].as_array_mut().unwrap() {
        let file = f["file"].as_str().unwrap().to_string();
        if file.is_empty() {
            continue;
        }
        let was = format!("{abs}/{file}");
        let key = f["key"].as_str().unwrap().replace(&file, &was);
        f["file"] = Value::from(was);
        f["key"] = Value::from(key);
    }
    std::fs::create_dir_all(root.join("r0")).unwrap();
    std::fs::write(
        root.join("r0/summary.json"),
        serde_json::to_string_pretty(&old).unwrap(),
    )
    .unwrap();
    ran(
        &root,
        &[
            "run",
            "office",
            "--out",
            "r2",
            "--previous",
            "r0",
            "--quiet",
        ],
    );
    let s2 = read_summary(&root.join("r2"));
    assert_eq!(changes(&s2), (0, 0), "{:#}", s2["changes"]);
    assert_eq!(s2["changes"]["previous"], "r0");
}

/// The rows of a sheet as texts.
fn texts(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    open_range(path, sheet)
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect()
}

/// The 予算の状況 block of a sheet: (label, figure) from its title to the first note.
fn budget_block(rows: &[Vec<String>]) -> Vec<(String, String)> {
    let top = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("予算の状況"))
        .expect("予算の状況 block");
    rows[top + 1..]
        .iter()
        .take_while(|r| r.first().is_some_and(|c| !c.is_empty()))
        .map(|r| {
            let figure = r[1..]
                .iter()
                .find(|c| !c.is_empty())
                .cloned()
                .unwrap_or_default();
            (r[0].clone(), figure)
        })
        .collect()
}

/// Each line of a budget table (header row starting 中学校区, down to 合計) by its first
/// cell, with the cells under the given headers.
fn budget_lines(rows: &[Vec<String>], headers: &[&str]) -> Vec<(String, Vec<String>)> {
    let h = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("中学校区"))
        .expect("header row");
    let cols: Vec<usize> = headers
        .iter()
        .map(|x| {
            rows[h]
                .iter()
                // A header may be broken onto lines where Japanese allows it.
                .position(|c| c.replace('\n', "") == *x)
                .unwrap_or_else(|| panic!("no {x}"))
        })
        .collect();
    let mut out = Vec::new();
    for r in &rows[h + 1..] {
        let cells = cols
            .iter()
            .map(|&c| r.get(c).cloned().unwrap_or_default())
            .collect();
        out.push((r[0].clone(), cells));
        if r[0] == "合計" {
            break;
        }
    }
    out
}

#[test]
fn run_and_year_end_print_the_same_budget_figures_as_summary_json() {
    let tmp = temp();
    copy_samples(&tmp.path().join("office"));
    ran(
        tmp.path(),
        &[
            "run", "office", "--as-of", "R7.11.30", "--out", "m", "--quiet",
        ],
    );
    ran(
        tmp.path(),
        &[
            "year-end",
            "office",
            "--as-of",
            "2025/11/30",
            "--out",
            "y",
            "--quiet",
        ],
    );
    let budget = texts(&tmp.path().join("m/予算配当表.xlsx"), "予算配当表");
    let year_end = texts(&tmp.path().join("y/年度末報告.xlsx"), "地域別実績");

    let block = budget_block(&budget);
    assert_eq!(block, budget_block(&year_end));
    let figure = |label: &str| -> f64 {
        block
            .iter()
            .find(|(l, _)| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in {block:?}"))
            .1
            .parse()
            .unwrap()
    };
    // The sample: 8 districts named and 1 addition planned (18万円), 86,750 spent.
    assert_eq!(figure("予算額"), 180_000.0);
    assert_eq!(figure("配当額"), 160_000.0);
    assert_eq!(figure("追加予定"), 20_000.0);
    assert_eq!(figure("配当総額"), 180_000.0);
    assert_eq!(figure("執行額"), 86_750.0);
    assert_eq!(figure("残額"), 93_250.0);
    assert!((figure("執行率") - 86_750.0 / 180_000.0).abs() < 1e-12);

    // Line for line, cell for cell, with the 合計 that both print.
    let mut heads = vec!["配当額", "支出計", "残額", "執行率"];
    let cats: Vec<String> = {
        let s = read_summary(&tmp.path().join("m"));
        assert_eq!(s["budget"]["budget_total"], 180_000);
        assert_eq!(s["budget"]["allocated"], 160_000);
        assert_eq!(s["budget"]["planned"], 20_000);
        assert_eq!(s["budget"]["allocation_total"], 180_000);
        assert_eq!(s["budget"]["spent"], 86_750);
        assert_eq!(s["budget"]["remaining"], 93_250);
        assert_eq!(
            s["budget"]["execution_rate"].as_f64(),
            Some(figure("執行率"))
        );
        vec![
            "コーディネーター謝金".into(),
            "講師謝金".into(),
            "消耗品費".into(),
        ]
    };
    heads.extend(cats.iter().map(String::as_str));
    let a = budget_lines(&budget, &heads);
    let b = budget_lines(&year_end, &heads);
    assert_eq!(a, b);
    let total = &a.last().unwrap().1;
    assert_eq!(a.last().unwrap().0, "合計");
    assert_eq!(total[..3], ["180000", "86750", "93250"]);
    assert!(a.iter().any(|(n, _)| n == "追加予定 1地域"));
}

#[test]
fn bu002_states_the_ratio_as_the_sheet_shows_it() {
    let tmp = temp();
    copy_samples(&tmp.path().join("office"));
    ran(tmp.path(), &["run", "office", "--out", "m", "--quiet"]);
    let s = read_summary(&tmp.path().join("m"));
    let messages: Vec<&str> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "BU002")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("執行率 82.5%")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("執行率 105.0%")),
        "{messages:?}"
    );
}

#[test]
fn fy_and_as_of_are_read_as_the_office_writes_them_and_refused_when_they_disagree() {
    let tmp = temp();
    copy_samples(&tmp.path().join("office"));
    for as_of in [
        "2025/11/30",
        "R7.11.30",
        "令和7年11月30日",
        "２０２５－１１－３０",
    ] {
        let o = kyodo(tmp.path(), &["check", "office", "--as-of", as_of]);
        assert!(o.code == 0 || o.code == 1, "{as_of}: {}", o.dump());
    }
    for (fy, as_of) in [
        ("R77", "2025-11-30"),
        ("H30", "2025-11-30"),
        ("R7", "2026-06-01"),
        ("R8", "2026-03-31"),
    ] {
        let o = kyodo(
            tmp.path(),
            &["check", "office", "--fy", fy, "--as-of", as_of],
        );
        assert_eq!(o.code, 2, "--fy {fy} --as-of {as_of}: {}", o.dump());
        assert!(o.stderr.contains("を含みません"), "{}", o.stderr);
        assert!(o.stderr.contains("出納整理期間"), "{}", o.stderr);
    }
    // The 出納整理期間 belongs to the year before.
    let o = kyodo(
        tmp.path(),
        &["check", "office", "--fy", "R7", "--as-of", "R8.5.31"],
    );
    assert!(o.code == 0 || o.code == 1, "{}", o.dump());
    let o = kyodo(tmp.path(), &["check", "office", "--as-of", "2025-13-01"]);
    assert_eq!(o.code, 2, "{}", o.dump());
}

/// An office whose district list names two new model districts for next year (北星 R8~9,
/// 忠和 R8~9) beside one finishing (光陽), one going on (東陽), one support (旭川) and one not
/// started (中央).
fn office_with_named_new(dir: &Path, toml: &str) {
    crate::support::write_book(
        &dir.join("中学校区一覧.xlsx"),
        &[(
            "中学校区一覧",
            vec![
                vec!["中学校区", "区分", "モデル期間"],
                vec!["光陽", "モデル地域", "R6~7"],
                vec!["東陽", "モデル地域", "R7~8"],
                vec!["旭川", "伴走支援地域", "R3~4"],
                vec!["北星", "未実施", "R8~9"],
                vec!["忠和", "未実施", "R8~9"],
                vec!["中央", "未実施", ""],
            ],
        )],
    );
    std::fs::write(dir.join("kyodo.toml"), toml).unwrap();
}

fn next_year_plan(cwd: &Path) -> Vec<Vec<String>> {
    ran(
        cwd,
        &["year-end", "office", "--fy", "R7", "--out", "y", "--quiet"],
    );
    texts(&cwd.join("y/年度末報告.xlsx"), "次年度計画")
}

fn figure_of(rows: &[Vec<String>], starts: &str) -> String {
    let r = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c.starts_with(starts)))
        .unwrap_or_else(|| panic!("no line {starts}"));
    r[3].clone()
}

#[test]
fn next_year_counts_a_named_new_district_once() {
    // The plan's 3 a year: 2 named, 1 still to name.
    let tmp = temp();
    office_with_named_new(&tmp.path().join("office"), "");
    let plan = next_year_plan(tmp.path());
    assert_eq!(
        figure_of(
            &plan,
            "令和7年度でモデル期間を終え、令和8年度から伴走支援地域"
        ),
        "1"
    );
    assert_eq!(figure_of(&plan, "令和8年度もモデル地域を続ける"), "1");
    assert_eq!(figure_of(&plan, "令和8年度も伴走支援地域を続ける"), "1");
    assert_eq!(figure_of(&plan, "令和8年度から新たにモデル地域になる"), "2");
    assert!(plan.iter().any(|r| r[0].contains("指定済み：北星・忠和")));
    assert_eq!(
        figure_of(&plan, "まだ指定されていない新規モデル地域（年3中学校区程度"),
        "1"
    );
    assert_eq!(figure_of(&plan, "令和8年度の配当対象の中学校区"), "6");
    assert_eq!(figure_of(&plan, "令和8年度に必要な配当予算"), "120000");

    // A plan of 1 a year with 2 already named: none left to name, never below 0.
    let tmp = temp();
    office_with_named_new(&tmp.path().join("office"), "[model]\nnew_per_year = 1\n");
    let plan = next_year_plan(tmp.path());
    assert_eq!(
        figure_of(&plan, "まだ指定されていない新規モデル地域（年1中学校区程度"),
        "0"
    );
    assert_eq!(figure_of(&plan, "令和8年度の配当対象の中学校区"), "5");
    assert_eq!(figure_of(&plan, "令和8年度に必要な配当予算"), "100000");

    // The need is a live formula over the counts and the unit.
    let book = tmp.path().join("y/年度末報告.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let formulas = calamine::Reader::worksheet_formula(&mut wb, "次年度計画").unwrap();
    assert!(formulas
        .used_cells()
        .any(|(_, _, f)| f.starts_with("D") && f.contains('*')));
}

/// Every text cell of every workbook below `dir` (地区別/ too).
fn every_cell_text(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(every_cell_text(&p));
        } else if p.extension().is_some_and(|x| x == "xlsx") {
            for (sheet, range) in crate::e2e::util::sheets(&p) {
                for c in range.used_cells() {
                    out.push((format!("{}:{sheet}", p.display()), text(c.2)));
                }
            }
        }
    }
    out
}

#[test]
fn another_towns_rules_are_stated_in_every_label() {
    let tmp = temp();
    let office = tmp.path().join("office");
    copy_samples(&office);
    let toml = std::fs::read_to_string(office.join("kyodo.toml")).unwrap();
    let toml = toml
        .replace("years = 2\n", "years = 3\n")
        .replace("warn_ratio = 0.8\n", "warn_ratio = 0.9\n")
        .replace("new_per_year = 3\n", "new_per_year = 1\n");
    assert!(toml.contains("years = 3") && toml.contains("warn_ratio = 0.9"));
    std::fs::write(office.join("kyodo.toml"), toml).unwrap();
    ran(tmp.path(), &["run", "office", "--out", "m", "--quiet"]);
    ran(
        tmp.path(),
        &["year-end", "office", "--out", "m/y", "--quiet"],
    );
    let cells = every_cell_text(&tmp.path().join("m"));
    assert!(cells.iter().any(|(at, _)| at.contains("地区別")));
    for (at, t) in &cells {
        for wrong in ["2年度でない", "2年度では", "80%", "年3中学校区", "年3地域"]
        {
            assert!(
                !t.contains(wrong),
                "{at}: 「{t}」 states the default rule {wrong}"
            );
        }
    }
    let has = |s: &str| cells.iter().any(|(_, t)| t.contains(s));
    assert!(has("モデル期間が3年度でない"));
    assert!(has("執行率90%超"));
    assert!(has("90%を超える行は黄色"));
    assert!(has("年1中学校区程度"));
    let s = read_summary(&tmp.path().join("m"));
    for f in s["findings"].as_array().unwrap() {
        let m = f["message"].as_str().unwrap();
        assert!(!m.contains("80%") && !m.contains("2年度では"), "{m}");
    }
}
