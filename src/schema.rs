//! The input tables of spec §2 in one place: each kind's key (config `[[tables]]`, the
//! inventory), its name as the office calls it, the header words of each field with their
//! synonyms, which fields are required, and the words in a title or sheet name that announce
//! it. The reader (`ingest::header`), config validation, `init`'s templates and the reports
//! all read this table; adding a kind starts here.

/// The sheet of `kyodo init`'s templates that holds the dropdowns' choices; the reader skips it.
pub const CHOICES_SHEET: &str = "選択肢";

/// The table kinds of spec §2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Districts,
    Coordinators,
    Supporters,
    Resources,
    Trainings,
    Attendance,
    Expenses,
    Activities,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Districts,
        Kind::Coordinators,
        Kind::Supporters,
        Kind::Resources,
        Kind::Trainings,
        Kind::Attendance,
        Kind::Expenses,
        Kind::Activities,
    ];

    /// The key config pins and the inventory use (`districts`, …).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Districts => "districts",
            Kind::Coordinators => "coordinators",
            Kind::Supporters => "supporters",
            Kind::Resources => "resources",
            Kind::Trainings => "trainings",
            Kind::Attendance => "attendance",
            Kind::Expenses => "expenses",
            Kind::Activities => "activities",
        }
    }

    /// The table's name as the office calls it (inventory, IN002 messages).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Districts => "中学校区一覧",
            Kind::Coordinators => "コーディネーター名簿",
            Kind::Supporters => "サポーター名簿",
            Kind::Resources => "地域人材・資源リスト",
            Kind::Trainings => "研修会一覧",
            Kind::Attendance => "出席簿",
            Kind::Expenses => "支出簿",
            Kind::Activities => "活動記録",
        }
    }

    pub fn from_key(k: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|x| x.key() == k)
    }

    /// The fields of the kind: (field, header names after normalisation, required).
    /// Attendance's 開催日/研修名 are required as "one of them" (see `evaluate`).
    pub fn fields(self) -> &'static [(&'static str, &'static [&'static str], bool)] {
        const DISTRICT: &[&str] = &["中学校区", "校区", "学区", "中学校区名"];
        const CONTACT: &[&str] = &["連絡先", "電話", "メール", "電話番号"];
        match self {
            Kind::Districts => &[
                ("district", DISTRICT, true),
                ("status", &["区分", "種別", "状況"], false),
                ("period", &["モデル期間", "年度", "期間"], false),
                ("start", &["モデル開始年度", "開始年度"], false),
                ("end", &["モデル終了年度", "終了年度"], false),
                ("schools", &["学校", "学校名", "小中学校"], false),
                ("note", &["備考"], false),
            ],
            Kind::Coordinators => &[
                ("name", &["氏名", "名前", "コーディネーター名"], true),
                ("district", DISTRICT, true),
                ("role", &["区分", "種別"], true),
                ("affiliation", &["所属・役職", "所属", "役職"], false),
                ("appointed", &["着任日", "委嘱日", "開始日"], false),
                ("retired", &["退任日", "終了日"], false),
                ("contact", CONTACT, false),
            ],
            Kind::Supporters => &[
                ("name", &["氏名", "名前"], true),
                ("district", DISTRICT, true),
                ("activity", &["活動内容", "活動"], false),
                (
                    "insured",
                    &[
                        "ボランティア保険",
                        "保険加入",
                        "保険",
                        "ボランティア活動保険",
                        "保険加入の有無",
                        "保険の有無",
                    ],
                    false,
                ),
                ("insured_on", &["保険加入日", "加入日"], false),
                ("contact", CONTACT, false),
            ],
            Kind::Resources => &[
                ("name", &["名称", "企業・団体名", "氏名・団体名"], true),
                ("offer", &["できること", "内容", "提供できること"], true),
                ("kind", &["種別", "区分"], false),
                ("districts", &["対象中学校区", "対象地域"], false),
                ("contact", CONTACT, false),
                ("registered", &["登録日"], false),
            ],
            Kind::Trainings => &[
                ("name", &["研修名", "研修会名"], true),
                ("date", &["開催日", "日付", "実施日"], true),
                ("kind", &["種別"], false),
                ("venue", &["会場"], false),
                ("lecturer", &["講師"], false),
            ],
            Kind::Attendance => &[
                ("name", &["氏名", "名前"], true),
                ("date", &["開催日"], false),
                ("session", &["研修名", "研修会名"], false),
                ("district", &["中学校区", "所属", "校区"], false),
                ("present", &["出欠", "出席"], false),
            ],
            Kind::Expenses => &[
                (
                    "paid",
                    &[
                        "支出日",
                        "日付",
                        "支払日",
                        "支出年月日",
                        "支払年月日",
                        "支払い日",
                        "年月日",
                    ],
                    true,
                ),
                ("district", DISTRICT, true),
                (
                    "category",
                    &["費目", "科目", "区分", "支出科目", "費目名"],
                    true,
                ),
                (
                    "amount",
                    &["金額", "支出額", "支出金額", "支払金額", "支払額"],
                    true,
                ),
                ("payee", &["支払先", "支払相手", "相手方"], false),
                ("memo", &["摘要", "件名", "用途"], false),
                ("fy", &["会計年度", "年度"], false),
                ("activity_date", &["活動日"], false),
            ],
            Kind::Activities => &[
                ("date", &["実施日", "活動日", "日付"], true),
                ("district", DISTRICT, true),
                ("name", &["活動名", "活動内容", "内容"], true),
                ("category", &["分類"], false),
                (
                    "supporters",
                    &["参加サポーター", "サポーター", "参加者"],
                    false,
                ),
                ("children", &["児童生徒数", "参加児童生徒数"], false),
            ],
        }
    }

    /// Whether a field must hold a value in every row.
    pub fn is_required(self, field: &str) -> bool {
        self.fields()
            .iter()
            .any(|(f, _, required)| *f == field && *required)
    }

    /// The header text of a field, for IN002 messages.
    pub fn field_label(self, field: &str) -> &'static str {
        self.fields()
            .iter()
            .find(|(f, ..)| *f == field)
            .map(|(_, names, _)| names[0])
            .unwrap_or("")
    }

    /// Words in a title or sheet name that say which table follows (checked in this order).
    pub fn hinted(text: &str) -> Option<Kind> {
        const HINTS: &[(&str, Kind)] = &[
            ("出席", Kind::Attendance),
            ("出欠", Kind::Attendance),
            ("支出", Kind::Expenses),
            ("活動記録", Kind::Activities),
            ("研修", Kind::Trainings),
            ("サポーター", Kind::Supporters),
            ("コーディネーター", Kind::Coordinators),
            ("人材", Kind::Resources),
            ("資源", Kind::Resources),
            ("中学校区一覧", Kind::Districts),
            ("地域一覧", Kind::Districts),
        ];
        HINTS
            .iter()
            .find(|(w, _)| text.contains(w))
            .map(|(_, k)| *k)
    }
}
