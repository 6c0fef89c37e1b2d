//! The `values` target: see `kyodo_fuzz::values`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kyodo_fuzz::values(data);
});
