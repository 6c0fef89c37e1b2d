//! Ctrl-C (SIGINT) and SIGTERM while a run writes: the run removes its staging folder and
//! ends with status 130; the out folder holds last month's set or the new one, whole, and no
//! temporary file. Linux only (signals sent with kill(2)).

#![cfg(target_os = "linux")]

use super::{restore_set, temps, whole_set, Office, NEW, OLD};
use std::time::{Duration, Instant};

/// Runs into a folder holding last month's set, sending `signal` as soon as the run's
/// staging folder appears (or, with `early`, before the run writes), up to `tries` times
/// until one signal lands while it writes. Returns how many did.
fn signal_while_writing(signal: libc::c_int, early: bool, tries: u32) -> u32 {
    let office = Office::new();
    let out = office.path("out");
    let (_, code) = office.complete("out", NEW);
    let new_set = whole_set(&out);
    office.complete("out", OLD);
    let old_set = whole_set(&out);
    let mut landed = 0;
    for i in 0..tries {
        restore_set(&out, &old_set);
        let mut child = office
            .command("out", NEW)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("kyodo starts");
        let start = Instant::now();
        if early {
            std::thread::sleep(Duration::from_millis(50));
        } else {
            while temps(&out).is_empty() && child.try_wait().ok().flatten().is_none() {
                std::thread::yield_now();
            }
        }
        let writing = !temps(&out).is_empty();
        // SAFETY: kill(2) with a pid of our own child and a signal number; no pointers.
        unsafe {
            libc::kill(child.id() as libc::pid_t, signal);
        }
        let status = child.wait().expect("wait");
        let context = format!(
            "signal {signal}, try {i}, after {:?} ({}): {status}",
            start.elapsed(),
            if writing { "writing" } else { "not writing" }
        );
        let set = whole_set(&out);
        assert_eq!(temps(&out), Vec::<String>::new(), "{context}");
        match status.code() {
            Some(130) => {
                assert!(
                    set == old_set || set == new_set,
                    "{context}: not one run's set"
                );
                landed += u32::from(writing);
            }
            // The run ended before the signal arrived.
            Some(c) => {
                assert_eq!(c, code, "{context}");
                assert!(set == new_set, "{context}");
            }
            None => panic!("{context}: killed by the signal, not handled"),
        }
        if early {
            assert!(set == old_set, "{context}: stopped before writing");
        }
    }
    landed
}

#[test]
fn ctrl_c_while_writing_leaves_no_temporary_file() {
    assert!(signal_while_writing(libc::SIGINT, false, 5) > 0);
}

#[test]
fn sigterm_while_writing_leaves_no_temporary_file() {
    assert!(signal_while_writing(libc::SIGTERM, false, 5) > 0);
}

#[test]
fn sigterm_before_writing_leaves_the_folder_as_it_was() {
    signal_while_writing(libc::SIGTERM, true, 1);
}
