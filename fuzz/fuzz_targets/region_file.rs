#![no_main]
//! See `fengqiao::fuzzing::region_file`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::region_file(data));
