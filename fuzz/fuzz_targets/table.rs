//! The `table` target: see `kyodo_fuzz::table`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kyodo_fuzz::table(data);
});
