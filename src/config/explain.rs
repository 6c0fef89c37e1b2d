//! A config mistake in the clerk's words: the line of the key, what is wrong with the value
//! in Japanese (TOML's own words are English), and a did-you-mean for a mistyped key.

/// The closest of `candidates` to a mistyped `word`, if one is close enough to be meant.
pub(super) fn suggest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The 1-based line where `key = …` is written (or, for a value, where it stands first).
pub(super) fn line_of(text: &str, key: &str) -> Option<usize> {
    let is_key = |l: &str| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    text.lines()
        .position(is_key)
        .or_else(|| text.lines().position(|l| l.contains(key)))
        .map(|i| i + 1)
}

/// A TOML error as the clerk should read it: the line, the key, what is wrong, in Japanese,
/// with a did-you-mean for a mistyped key.
pub(super) fn explain(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message();
    let start = e.span().map_or(0, |s| s.start.min(text.len()));
    let line_no = text[..start].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .unwrap_or_default();
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let what = if let Some(rest) = msg.strip_prefix("unknown field ") {
        let names = ticked(rest);
        let name = names.first().cloned().unwrap_or_default();
        let expected = &names[1.min(names.len())..];
        match suggest(&name, expected.iter().map(String::as_str)) {
            Some(near) => format!("「{name}」という項目はありません（{near} ですか？）"),
            None if expected.is_empty() => format!("「{name}」という項目はありません"),
            None => format!(
                "「{name}」という項目はありません（使える項目: {}）",
                expected.join("、")
            ),
        }
    } else if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = ticked(rest).into_iter().next().unwrap_or_default();
        format!("「{name}」を書いてください")
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "「{key}」には{}を書いてください（書かれているのは{}）",
            kind_ja(expected),
            found_ja(found)
        )
    } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "「{key}」に{}は使えません（{}を書いてください）",
            found_ja(found),
            kind_ja(expected)
        )
    } else if msg.contains("duplicate key") {
        let name = ticked(msg).into_iter().next().unwrap_or(key);
        format!("「{name}」が2回書かれています（1つにしてください）")
    } else if msg.chars().any(|c| c > '\u{3000}') {
        // Our own messages (an amount that cannot be read) are Japanese already.
        msg.trim().to_string()
    } else {
        format!(
            "書き方が正しくありません（「キー = 値」の形で、文字は \"…\" で囲み、\
             表の見出しは [budget] のように書きます）: {}",
            line.trim()
        )
    };
    format!("{line_no}行目: {what}")
}

/// What serde expected, in the clerk's words.
fn kind_ja(expected: &str) -> &'static str {
    let e = expected.trim();
    if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize",
    ]
    .contains(&e)
        || e.contains("integer")
    {
        "整数（例: 3）"
    } else if e == "f64" || e == "f32" || e.contains("float") {
        "数（例: 0.8）"
    } else if e.contains("string") || e.contains("str") {
        "文字（\"…\" で囲む）"
    } else if e.contains("sequence") {
        "一覧（[\"…\", \"…\"]）"
    } else if e.contains("bool") {
        "true か false"
    } else if e.contains("struct") || e.contains("map") || e.contains("table") {
        "表（[見出し] の下に キー = 値）"
    } else {
        "正しい形の値"
    }
}

/// What was written, in the clerk's words (`string "2万円"` → 文字「2万円」).
fn found_ja(found: &str) -> String {
    let f = found.trim();
    let inner = |s: &str| s.trim_matches(['"', '`', ' ']).to_string();
    if let Some(v) = f.strip_prefix("string ") {
        format!("文字「{}」", inner(v))
    } else if let Some(v) = f.strip_prefix("integer ") {
        format!("整数 {}", inner(v))
    } else if let Some(v) = f.strip_prefix("floating point ") {
        format!("数 {}", inner(v))
    } else if let Some(v) = f.strip_prefix("boolean ") {
        inner(v)
    } else if f.contains("sequence") {
        "一覧".to_string()
    } else if f.contains("map") {
        "表".to_string()
    } else {
        "別の形の値".to_string()
    }
}
