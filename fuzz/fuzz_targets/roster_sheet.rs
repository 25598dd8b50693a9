#![no_main]
//! See `fengqiao::fuzzing::roster_sheet`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::roster_sheet(data));
