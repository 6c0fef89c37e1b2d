//! The rule catalogue: every finding id of spec §3 once, with its title, the severities it
//! may carry (the first is its usual one) and what it finds. Findings are made through it
//! (`catalogue::SU001.at(&src, message)`), so a mistyped id does not compile; waiver
//! validation, チェック結果's 集計 (through [`super::IDS`]) and README's findings table (a test
//! below keeps it equal) read the same table. Adding a rule: a constant here and its line in
//! [`RULES`].

use super::{Finding, Severity};
use crate::model::SourceRef;

use Severity::{Error, Info, Warning};

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    /// Short Japanese title under the embedded default rules (see [`super::title_in`]).
    pub title: &'static str,
    /// The severities a finding of the rule may carry, its usual one first.
    pub severities: &'static [Severity],
    /// What the rule finds (README's findings table).
    pub description: &'static str,
}

impl Rule {
    /// The rule's usual severity.
    pub const fn severity(&self) -> Severity {
        self.severities[0]
    }

    /// A finding resting on one cell, at the rule's usual severity.
    pub fn at(&self, src: &SourceRef, message: String) -> Finding {
        self.at_as(self.severity(), src, message)
    }

    /// A finding resting on one cell, at one of the rule's severities (TR001 turns error once
    /// the last session has passed, BU002 is a warning below the allocation, IN003 info for a
    /// typed-over 記入例 row).
    pub fn at_as(&self, severity: Severity, src: &SourceRef, message: String) -> Finding {
        Finding::at(self.id, self.checked(severity), src, message)
    }

    /// A finding about a whole file (IN001).
    pub fn in_file(&self, file: &str, message: String) -> Finding {
        Finding::in_file(self.id, self.severity(), file, message)
    }

    /// A finding about the inputs as a whole or the config (BU005, DS005).
    pub fn general(&self, file: &str, message: String) -> Finding {
        Finding::in_file(self.id, self.severity(), file, message)
    }

    fn checked(&self, severity: Severity) -> Severity {
        debug_assert!(
            self.severities.contains(&severity),
            "{} is never {severity}",
            self.id
        );
        severity
    }
}

/// The rule of an id, for waivers and summary.json of earlier runs.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

pub const IN001: Rule = Rule {
    id: "IN001",
    title: "ファイルを読めない",
    severities: &[Error],
    description: "file or sheet unreadable (corrupt, encrypted, not a spreadsheet, past a `limits` key) — skipped, the run goes on",
};
pub const IN002: Rule = Rule {
    id: "IN002",
    title: "必須の列がない",
    severities: &[Error],
    description: "table lacks a required column",
};
pub const IN003: Rule = Rule {
    id: "IN003",
    title: "セルの値を読めない",
    severities: &[Error, Info],
    description: "cell value not understood (date, fiscal year, amount, yes/no, 区分); info: a 記入例 row typed over, a date header Excel stored in the wrong year",
};
pub const IN004: Rule = Rule {
    id: "IN004",
    title: "重複した行",
    severities: &[Warning],
    description: "duplicate row (same person twice in one roster, same attendance twice)",
};
pub const DS001: Rule = Rule {
    id: "DS001",
    title: "区分がモデル期間と合わない",
    severities: &[Warning],
    description: "stated 区分 differs from the one the model years give",
};
pub const DS002: Rule = Rule {
    id: "DS002",
    title: "モデル期間が2年度でない",
    severities: &[Warning],
    description: "model period other than 2 fiscal years",
};
pub const DS003: Rule = Rule {
    id: "DS003",
    title: "社会教育課コーディネーター不足",
    severities: &[Error],
    description: "model district short of 社会教育課 coordinators",
};
pub const DS004: Rule = Rule {
    id: "DS004",
    title: "地域の方のコーディネーターがいない",
    severities: &[Error],
    description: "model or support district without a resident coordinator",
};
/// Ours: domain.md asks for the rollout pace, spec §3 has no id for it.
pub const DS005: Rule = Rule {
    id: "DS005",
    title: "新規モデル地域が計画（年3地域程度）より少ない",
    severities: &[Info],
    description: "fewer new model districts this year than planned (about 3)",
};
pub const CO001: Rule = Rule {
    id: "CO001",
    title: "中学校区一覧にない中学校区",
    severities: &[Error],
    description: "a roster, ledger or attendance row names a district not in the district list",
};
pub const CO002: Rule = Rule {
    id: "CO002",
    title: "複数の中学校区に登録されたコーディネーター",
    severities: &[Warning],
    description: "one person registered as coordinator in more than one district",
};
pub const TR001: Rule = Rule {
    id: "TR001",
    title: "コーディネーター研修会未受講",
    severities: &[Warning, Error],
    description: "coordinator without a コーディネーター研修会 this year (error once the last session has passed)",
};
pub const TR002: Rule = Rule {
    id: "TR002",
    title: "研修会一覧にない研修会の出席",
    severities: &[Warning],
    description: "attendance for a session not in the training list (one per column or sheet, with the rows it holds)",
};
pub const TR003: Rule = Rule {
    id: "TR003",
    title: "名簿にないコーディネーター研修会出席者",
    severities: &[Info],
    description: "coordinator-training attendee on no coordinator roster",
};
pub const BU001: Rule = Rule {
    id: "BU001",
    title: "配当のない中学校区の支出",
    severities: &[Error],
    description: "expense for a district with no allocation this year",
};
pub const BU002: Rule = Rule {
    id: "BU002",
    title: "配当額の超過・執行率80%超",
    severities: &[Error, Warning],
    description: "district spending over its allocation / over 80% of it",
};
pub const BU003: Rule = Rule {
    id: "BU003",
    title: "年度外の支出",
    severities: &[Warning],
    description: "expense outside the fiscal year it is charged to, or a row of another year in this year's ledger",
};
pub const BU004: Rule = Rule {
    id: "BU004",
    title: "認められない費目",
    severities: &[Error],
    description: "expense category not allowed",
};
pub const BU005: Rule = Rule {
    id: "BU005",
    title: "配当総額が予算額と異なる",
    severities: &[Warning],
    description: "allocations total differs from the configured budget",
};
pub const SU001: Rule = Rule {
    id: "SU001",
    title: "ボランティア保険の対象外の活動参加",
    severities: &[Error],
    description: "supporter in an activity without volunteer insurance on its date",
};
pub const AC001: Rule = Rule {
    id: "AC001",
    title: "名簿にないサポーターの活動参加",
    severities: &[Warning],
    description: "activity names a supporter who is on no supporter roster",
};

/// Every rule, in the order the reports list them.
pub const RULES: [Rule; 21] = [
    IN001, IN002, IN003, IN004, DS001, DS002, DS003, DS004, DS005, CO001, CO002, TR001, TR002,
    TR003, BU001, BU002, BU003, BU004, BU005, SU001, AC001,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// README's findings table is this catalogue, row for row.
    #[test]
    fn readme_findings_table_is_the_catalogue() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("## Findings")
            .expect("README has a Findings section");
        let rows: Vec<&str> = readme[start..]
            .lines()
            .skip_while(|l| !l.starts_with("|---"))
            .skip(1)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let want: Vec<String> = RULES
            .iter()
            .map(|r| {
                let sev: Vec<&str> = r.severities.iter().map(|s| s.key()).collect();
                format!("| {} | {} | {} |", r.id, sev.join(" / "), r.description)
            })
            .collect();
        assert_eq!(rows, want);
    }

    #[test]
    fn ids_are_unique_and_well_formed() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                r.id.len() == 5 && r.id[2..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                r.id
            );
            assert!(!r.title.is_empty() && !r.severities.is_empty(), "{}", r.id);
            assert_eq!(by_id(r.id), Some(&RULES[i]));
        }
        assert_eq!(by_id("SU009"), None);
    }
}
