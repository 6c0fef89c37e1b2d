//! What kyodo prints to the console, and the console window of a clerk who double-clicked it.
//!
//! Output goes through [`out`] and [`err`], which never panic: a reader that has gone (a pipe
//! closed early, `kyodo check | more` quit) ends the output quietly. `println!` would panic
//! on it, and resetting SIGPIPE is no answer on Windows, which has no signals.
//!
//! Started from Explorer (a double-click, or a folder dropped onto kyodo.exe) the console
//! window is kyodo's alone and closes when it exits: [`pause_if_own_window`] waits for Enter
//! so that the clerk can read what it did.

use std::io::{BufRead, Write};

/// Writes a line to stdout; a closed or broken stdout is ignored.
pub fn out(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Writes a line to stderr; a closed or broken stderr is ignored.
pub fn err(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Flushes stdout, ignoring a reader that has gone.
pub fn flush() {
    let _ = std::io::stdout().flush();
}

/// True when this process is the only one on its console: Explorer gave it a window of its
/// own. From a terminal or a script the shell shares the console (or there is none). Wine's
/// launcher, start.exe, stands where Explorer does and stays on the console: it does not count
/// (Windows has no start.exe; the Windows check runs kyodo.exe under Wine).
#[cfg(windows)]
pub fn own_window() -> bool {
    use windows_sys::Win32::System::Console::GetConsoleProcessList;
    let mut ids = [0u32; 8];
    // SAFETY: the buffer and its length in elements are passed together.
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) } as usize;
    if n == 0 || n > ids.len() {
        return false;
    }
    let me = std::process::id();
    let others: Vec<u32> = ids[..n].iter().copied().filter(|&p| p != me).collect();
    match others.as_slice() {
        [] => true,
        [one] => process_name(*one).is_some_and(|name| name.eq_ignore_ascii_case("start.exe")),
        _ => false,
    }
}

/// The executable name of a running process.
#[cfg(windows)]
fn process_name(pid: u32) -> Option<String> {
    use windows_sys::Win32::Foundation::{CloseHandle, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Diagnostics::ToolHelp::{
        CreateToolhelp32Snapshot, Process32FirstW, Process32NextW, PROCESSENTRY32W,
        TH32CS_SNAPPROCESS,
    };
    // SAFETY: the snapshot handle is checked and closed; the entry is a plain struct whose
    // dwSize is set as the API requires, and its name is read up to its NUL.
    unsafe {
        let snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
        if snap == INVALID_HANDLE_VALUE {
            return None;
        }
        let mut e: PROCESSENTRY32W = std::mem::zeroed();
        e.dwSize = std::mem::size_of::<PROCESSENTRY32W>() as u32;
        let mut found = None;
        let mut more = Process32FirstW(snap, &mut e) != 0;
        while more {
            if e.th32ProcessID == pid {
                let len = e
                    .szExeFile
                    .iter()
                    .position(|&c| c == 0)
                    .unwrap_or(e.szExeFile.len());
                found = Some(String::from_utf16_lossy(&e.szExeFile[..len]));
                break;
            }
            more = Process32NextW(snap, &mut e) != 0;
        }
        CloseHandle(snap);
        found
    }
}

/// Never on other systems: a terminal always outlives the program.
#[cfg(not(windows))]
pub fn own_window() -> bool {
    false
}

/// The text printed before waiting for Enter.
pub const PRESS_ENTER: &str = "Enter キーを押すと閉じます";

/// In a window of its own, asks for Enter and waits (an end of input also ends the wait).
/// `KYODO_PAUSE=1` forces the wait on any system and `KYODO_PAUSE=0` prevents it, for tests
/// and for scripts that start kyodo.exe in a console of its own.
pub fn pause_if_own_window() {
    let forced = std::env::var("KYODO_PAUSE").ok();
    let wait = match forced.as_deref() {
        Some("1") => true,
        Some("0") => false,
        _ => own_window(),
    };
    if wait {
        flush();
        err("");
        err(PRESS_ENTER);
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
    }
}

/// The command line exactly as Windows passed it (before std split it into arguments).
#[cfg(windows)]
pub fn raw_command_line() -> String {
    use windows_sys::Win32::System::Environment::GetCommandLineW;
    // SAFETY: GetCommandLineW returns the process's own NUL-terminated command line, which
    // lives as long as the process; it is only read here.
    unsafe {
        let p = GetCommandLineW();
        if p.is_null() {
            return String::new();
        }
        let mut len = 0;
        while *p.add(len) != 0 {
            len += 1;
        }
        String::from_utf16_lossy(std::slice::from_raw_parts(p, len))
    }
}
