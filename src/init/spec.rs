//! The templates as data: every workbook, sheet and column `kyodo init` writes, with the
//! example row and the 記入方法 text. The writer in `init/mod.rs` turns them into workbooks.

use crate::config::DEFAULT_CATEGORIES;
use crate::model::ACTIVITY_CATEGORIES;

/// What a column accepts, for its validation and format.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    Text,
    Date,
    /// Whole yen ≥ 0.
    Amount,
    /// Whole number ≥ 0.
    Count,
    /// A dropdown of fixed choices.
    Choice(&'static [&'static str]),
    /// A dropdown of the districts typed on the 中学校区一覧 sheet of the same workbook.
    District,
}

/// One column of a template table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub header: &'static str,
    pub input: Input,
    /// The example row's value (a date as YYYY-MM-DD).
    pub example: &'static str,
    /// 記入方法: what goes in the column, in plain Japanese.
    pub help: &'static str,
    /// Width in Excel character units.
    pub width: f64,
}

/// One sheet of a template workbook.
#[derive(Clone, Copy, Debug)]
pub struct SheetSpec {
    pub name: &'static str,
    pub title: &'static str,
    /// `キー：値` lines above the header (per-session attendance).
    pub metadata: &'static [(&'static str, &'static str)],
    pub columns: &'static [Column],
}

/// One template workbook.
#[derive(Clone, Copy, Debug)]
pub struct TemplateSpec {
    pub file: &'static str,
    pub sheets: &'static [SheetSpec],
}

/// What a metadata line holds until the clerk writes it (「研修名：（記入）」).
pub const PLACEHOLDER: &str = "（記入）";

const STATUSES: &[&str] = &["モデル地域", "伴走支援地域", "未実施"];
const ROLES: &[&str] = &[
    "社会教育課職員",
    "地域の方",
    "統括コーディネーター",
    "チーフコーディネーター",
];
const YES_NO: &[&str] = &["○", "×"];
const INSURANCE: &[&str] = &["加入", "未加入"];
const TRAINING_KINDS: &[&str] = &["地域学校協働活動研修会", "コーディネーター研修会"];
const RESOURCE_KINDS: &[&str] = &["企業", "団体", "個人"];

const fn col(
    header: &'static str,
    input: Input,
    example: &'static str,
    help: &'static str,
    width: f64,
) -> Column {
    Column {
        header,
        input,
        example,
        help,
        width,
    }
}

/// Every template `kyodo init` writes.
pub const TEMPLATES: &[TemplateSpec] = &[
    TemplateSpec {
        file: "名簿.xlsx",
        sheets: &[
            SheetSpec {
                name: "中学校区一覧",
                title: "中学校区一覧",
                metadata: &[],
                columns: &[
                    col(
                        "中学校区",
                        Input::District,
                        "光陽",
                        "中学校区の名前（「中学校区」は付けても付けなくても構いません）",
                        14.0,
                    ),
                    col(
                        "区分",
                        Input::Choice(STATUSES),
                        "モデル地域",
                        "モデル地域・伴走支援地域・未実施から選びます",
                        14.0,
                    ),
                    col(
                        "モデル期間",
                        Input::Text,
                        "R6~7",
                        "モデル地域の期間（例: R6~7）。未実施の校区は空欄",
                        12.0,
                    ),
                    col("備考", Input::Text, "", "自由記入", 30.0),
                ],
            },
            SheetSpec {
                name: "コーディネーター名簿",
                title: "コーディネーター名簿",
                metadata: &[],
                columns: &[
                    col(
                        "氏名",
                        Input::Text,
                        "旭川 花子",
                        "コーディネーターの氏名（姓と名の間の空白は自由）",
                        14.0,
                    ),
                    col(
                        "中学校区",
                        Input::District,
                        "光陽",
                        "担当する中学校区（中学校区一覧から選びます）",
                        12.0,
                    ),
                    col(
                        "区分",
                        Input::Choice(ROLES),
                        "地域の方",
                        "社会教育課職員・地域の方・統括コーディネーター・チーフコーディネーター",
                        20.0,
                    ),
                    col(
                        "所属・役職",
                        Input::Text,
                        "学校運営協議会委員",
                        "所属や役職。複数あるときは「、」で区切ります",
                        28.0,
                    ),
                    col(
                        "着任日",
                        Input::Date,
                        "2025-04-01",
                        "委嘱・着任した日",
                        12.0,
                    ),
                    col(
                        "退任日",
                        Input::Date,
                        "",
                        "退任した日（在任中は空欄）",
                        12.0,
                    ),
                    col(
                        "連絡先",
                        Input::Text,
                        "0166-00-0000",
                        "電話番号かメールアドレス（公開用の資料には出ません）",
                        18.0,
                    ),
                ],
            },
            SheetSpec {
                name: "サポーター名簿",
                title: "サポーター名簿",
                metadata: &[],
                columns: &[
                    col("氏名", Input::Text, "神楽 太郎", "サポーターの氏名", 14.0),
                    col(
                        "中学校区",
                        Input::District,
                        "光陽",
                        "活動する中学校区（中学校区一覧から選びます）",
                        12.0,
                    ),
                    col("活動内容", Input::Text, "登下校見守り", "主な活動", 20.0),
                    col(
                        "ボランティア保険",
                        Input::Choice(INSURANCE),
                        "加入",
                        "ボランティア活動保険に加入していれば「加入」",
                        14.0,
                    ),
                    col(
                        "保険加入日",
                        Input::Date,
                        "2025-04-10",
                        "保険に加入した日（補償は翌日から3月31日まで）",
                        12.0,
                    ),
                    col(
                        "連絡先",
                        Input::Text,
                        "0166-00-0000",
                        "電話番号かメールアドレス",
                        18.0,
                    ),
                ],
            },
        ],
    },
    TemplateSpec {
        file: "研修会一覧.xlsx",
        sheets: &[SheetSpec {
            name: "研修会一覧",
            title: "研修会一覧",
            metadata: &[],
            columns: &[
                col(
                    "研修名",
                    Input::Text,
                    "第1回コーディネーター研修会",
                    "研修会の名前",
                    28.0,
                ),
                col(
                    "開催日",
                    Input::Date,
                    "2025-06-14",
                    "開催した日（予定の日でも構いません）",
                    12.0,
                ),
                col(
                    "種別",
                    Input::Choice(TRAINING_KINDS),
                    "コーディネーター研修会",
                    "地域学校協働活動研修会かコーディネーター研修会",
                    22.0,
                ),
                col("会場", Input::Text, "市民活動交流センター", "会場", 20.0),
                col("講師", Input::Text, "", "講師（任意）", 16.0),
            ],
        }],
    },
    TemplateSpec {
        file: "出席簿（研修会別）.xlsx",
        sheets: &[SheetSpec {
            name: "出席簿",
            title: "研修会 出席簿",
            // Placeholders, not a real-looking session: a copied form must not book everyone
            // into one session unnoticed.
            metadata: &[("研修名", PLACEHOLDER), ("開催日", PLACEHOLDER)],
            columns: &[
                col("氏名", Input::Text, "旭川 花子", "出席者の氏名", 14.0),
                col(
                    "中学校区",
                    Input::District,
                    "光陽",
                    "出席者の中学校区",
                    12.0,
                ),
                col("出欠", Input::Choice(YES_NO), "○", "出席は○、欠席は×", 8.0),
            ],
        }],
    },
    TemplateSpec {
        file: "出席簿（一覧表）.xlsx",
        sheets: &[SheetSpec {
            name: "出席簿",
            title: "研修会 出席簿（一覧表）",
            metadata: &[],
            columns: &[
                col("氏名", Input::Text, "旭川 花子", "出席者の氏名", 14.0),
                col(
                    "中学校区",
                    Input::District,
                    "光陽",
                    "出席者の中学校区",
                    12.0,
                ),
                col(
                    "6/14",
                    Input::Choice(YES_NO),
                    "○",
                    "見出しに研修会の開催日（例: 6/14）か研修名を書き、出席は○、欠席は×",
                    10.0,
                ),
                col(
                    "10/18",
                    Input::Choice(YES_NO),
                    "×",
                    "見出しを書き換えて使います。列は増やして構いません",
                    10.0,
                ),
            ],
        }],
    },
    TemplateSpec {
        file: "支出簿.xlsx",
        sheets: &[SheetSpec {
            name: "支出簿",
            title: "配当予算 支出簿",
            metadata: &[],
            columns: &[
                col("支出日", Input::Date, "2025-05-20", "支払った日", 12.0),
                col(
                    "中学校区",
                    Input::District,
                    "光陽",
                    "配当を受けた中学校区",
                    12.0,
                ),
                col(
                    "費目",
                    Input::Choice(DEFAULT_CATEGORIES),
                    "講師謝金",
                    "配当予算で認められる費目から選びます",
                    20.0,
                ),
                col("金額", Input::Amount, "5000", "円単位の整数", 12.0),
                col("支払先", Input::Text, "講師 氏名", "支払先", 18.0),
                col(
                    "摘要",
                    Input::Text,
                    "地域学習会 講師謝金",
                    "何のための支出か",
                    28.0,
                ),
                col(
                    "活動日",
                    Input::Date,
                    "2025-05-17",
                    "支出のもとになった活動の日（出納整理期間の判定に使います）",
                    12.0,
                ),
            ],
        }],
    },
    TemplateSpec {
        file: "活動記録.xlsx",
        sheets: &[SheetSpec {
            name: "活動記録",
            title: "地域学校協働活動 活動記録",
            metadata: &[],
            columns: &[
                col("実施日", Input::Date, "2025-06-20", "活動した日", 12.0),
                col("中学校区", Input::District, "光陽", "中学校区", 12.0),
                col("活動名", Input::Text, "登下校見守り", "活動の名前", 22.0),
                col(
                    "分類",
                    Input::Choice(ACTIVITY_CATEGORIES),
                    "学校支援",
                    "学校支援・放課後・土曜学習支援・家庭教育支援・地域活動",
                    20.0,
                ),
                col(
                    "参加サポーター",
                    Input::Text,
                    "神楽 太郎",
                    "参加したサポーターの氏名。複数は「、」で区切ります",
                    28.0,
                ),
                col(
                    "児童生徒数",
                    Input::Count,
                    "30",
                    "参加した児童生徒の人数",
                    10.0,
                ),
            ],
        }],
    },
    TemplateSpec {
        file: "地域人材・資源リスト.xlsx",
        sheets: &[SheetSpec {
            name: "地域人材・資源リスト",
            title: "地域人材・資源リスト",
            metadata: &[],
            columns: &[
                col(
                    "名称",
                    Input::Text,
                    "旭川木工の会",
                    "企業・団体・個人の名前",
                    20.0,
                ),
                col(
                    "できること",
                    Input::Text,
                    "木工教室の講師",
                    "子どもたちのためにできること",
                    28.0,
                ),
                col(
                    "種別",
                    Input::Choice(RESOURCE_KINDS),
                    "団体",
                    "企業・団体・個人",
                    8.0,
                ),
                col(
                    "対象中学校区",
                    Input::Text,
                    "全市",
                    "対象の中学校区（全市、または「、」で区切って複数）",
                    18.0,
                ),
                col("連絡先", Input::Text, "0166-00-0000", "連絡先", 18.0),
                col(
                    "登録日",
                    Input::Date,
                    "2025-04-01",
                    "リストに登録した日",
                    12.0,
                ),
            ],
        }],
    },
];
