//! The `file` target: see `kyodo_fuzz::file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kyodo_fuzz::file(data);
});
