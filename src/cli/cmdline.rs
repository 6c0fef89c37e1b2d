//! The command line as Windows gives it: a quoted folder with a trailing backslash
//! (`"C:\x\samples\"`) split again as the clerk meant it, before clap reads it.

use std::ffi::OsString;

/// Repairs what Windows' argument splitting does to a quoted folder with a trailing
/// backslash (`"C:\x\samples\"`, as Explorer's 「パスのコピー」 and tab completion write
/// it): `\"` is read as a literal quote, so the quote never closes and the arguments after it
/// run into one. No file name holds a `"`, so an argument that does was split wrongly: split
/// the raw command line again, reading a `\"` that ends a quoted stretch as `\` + closing quote.
/// `raw` is the whole command line (GetCommandLineW), program name first; the result has the
/// program name dropped. None when no argument needs repairing.
pub fn repair_args(args: &[String], raw: &str) -> Option<Vec<String>> {
    if !args.iter().any(|a| a.contains('"')) {
        return None;
    }
    let fixed = split_command_line(skip_program_name(raw));
    (!fixed.iter().any(|a| a.contains('"'))).then_some(fixed)
}

/// The rest of a Windows command line after the program name (which is quoted or not, and
/// never has backslash escapes).
pub(super) fn skip_program_name(raw: &str) -> &str {
    let raw = raw.trim_start();
    let rest = if let Some(r) = raw.strip_prefix('"') {
        r.find('"').map_or("", |i| &r[i + 1..])
    } else {
        raw.find([' ', '\t']).map_or("", |i| &raw[i..])
    };
    rest
}

/// Splits arguments as Windows programs do (backslashes escape a quote only before one),
/// except that backslashes, then a quote, then a space or the end, inside quotes, are a
/// folder's trailing backslash and the closing quote.
pub(super) fn split_command_line(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut in_arg = false;
    let mut quoted = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' if !quoted => {
                if in_arg {
                    args.push(std::mem::take(&mut cur));
                    in_arg = false;
                }
                i += 1;
            }
            '\\' => {
                let n = chars[i..].iter().take_while(|&&c| c == '\\').count();
                let after = chars.get(i + n).copied();
                in_arg = true;
                if after == Some('"') {
                    let ends = matches!(chars.get(i + n + 1), None | Some(' ' | '\t'));
                    if quoted && n % 2 == 1 && ends {
                        // `samples\"`: the folder's backslash, then the closing quote.
                        cur.extend(std::iter::repeat_n('\\', n));
                        quoted = false;
                    } else {
                        cur.extend(std::iter::repeat_n('\\', n / 2));
                        if n % 2 == 1 {
                            cur.push('"');
                        } else {
                            quoted = !quoted;
                        }
                    }
                    i += n + 1;
                } else {
                    cur.extend(std::iter::repeat_n('\\', n));
                    i += n;
                }
            }
            '"' => {
                in_arg = true;
                if quoted && chars.get(i + 1) == Some(&'"') {
                    // `""` inside quotes is a literal quote.
                    cur.push('"');
                    i += 2;
                } else {
                    quoted = !quoted;
                    i += 1;
                }
            }
            c => {
                in_arg = true;
                cur.push(c);
                i += 1;
            }
        }
    }
    if in_arg {
        args.push(cur);
    }
    args
}

/// The command line as the program received it, repaired where Windows split a trailing
/// `\"` wrongly (see [`repair_args`]).
pub fn args_os() -> Vec<OsString> {
    let args: Vec<OsString> = std::env::args_os().collect();
    #[cfg(windows)]
    {
        let strings: Vec<String> = args
            .iter()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        if let Some(fixed) = repair_args(&strings, &crate::console::raw_command_line()) {
            let program = args.first().cloned().unwrap_or_else(|| "kyodo".into());
            return std::iter::once(program)
                .chain(fixed.into_iter().map(OsString::from))
                .collect();
        }
    }
    args
}
