//! Reading a file under a guard: a panic in a reader library (or in kyodo) on a malformed
//! file becomes a reason for IN001 naming the library, so that it can be reported upstream,
//! and is never printed on the clerk's terminal. Panics outside a guarded read are printed
//! as before.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, UnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs a guarded read.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// The last panic caught quietly on this thread: its message and source file.
    static CAUGHT: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Installs, once per process, a panic hook that keeps a guarded read's panic to itself and
/// hands every other panic to the hook that was there before.
fn install() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                return before(info);
            }
            let p = info.payload();
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let file = info
                .location()
                .map(|l| l.file().to_string())
                .unwrap_or_default();
            CAUGHT.with(|c| *c.borrow_mut() = Some((msg, file)));
        }));
    });
}

/// Runs `f`; a panic in it gives Err with IN001's reason (「読み込み中に内部エラー」, the
/// library it happened in, and its message), printed nowhere.
pub fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, String> {
    install();
    let was = QUIET.with(|q| q.replace(true));
    let got = catch_unwind(f);
    QUIET.with(|q| q.set(was));
    got.map_err(|_| {
        let (msg, file) = CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_default();
        let msg: String = msg.chars().take(200).collect();
        format!(
            "読み込み中に内部エラーが起きたため読めません（{} の不具合: {msg}。このファイルを添えて開発元に報告してください）",
            library(&file)
        )
    })
}

/// The library a source file belongs to, from its path in cargo's registry
/// (`…/calamine-0.38.0/src/cfb.rs` → `calamine 0.38.0`); kyodo for any other.
fn library(file: &str) -> String {
    let parts: Vec<&str> = file.split(['/', '\\']).collect();
    parts
        .windows(2)
        .rev()
        .find_map(|w| {
            let (name, version) = w[0].rsplit_once('-')?;
            let is_version = version.split('.').count() == 3
                && version.split('.').all(|n| n.parse::<u32>().is_ok());
            (w[1] == "src" && is_version && !name.is_empty()).then(|| format!("{name} {version}"))
        })
        .unwrap_or_else(|| format!("kyodo {}", env!("CARGO_PKG_VERSION")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_a_reason_naming_the_library() {
        let e = quietly(|| -> u8 { panic!("slice index 7 out of range") }).unwrap_err();
        assert!(e.starts_with("読み込み中に内部エラー"), "{e}");
        assert!(
            e.contains("kyodo 0.") && e.contains("slice index 7 out of range"),
            "{e}"
        );
        assert_eq!(quietly(|| 3), Ok(3));
        // A panic inside calamine, on a file that is given to it unguarded.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/fuzz/file/crash_xls_cut_off_mid_sector"
        );
        let bytes = std::fs::read(path).unwrap()[1..].to_vec();
        let e = quietly(|| {
            use calamine::Reader;
            calamine::Xls::new(std::io::Cursor::new(&bytes[..])).is_ok()
        })
        .unwrap_err();
        assert!(e.contains("（calamine 0.38."), "{e}");
    }

    #[test]
    fn libraries_by_their_registry_path() {
        let f =
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/calamine-0.38.0/src/cfb.rs";
        assert_eq!(library(f), "calamine 0.38.0");
        assert_eq!(
            library(r"C:\cargo\registry\src\x\zip-9.8.1\src\read.rs"),
            "zip 9.8.1"
        );
        assert!(library("src/ingest/sheet.rs").starts_with("kyodo "));
    }
}
