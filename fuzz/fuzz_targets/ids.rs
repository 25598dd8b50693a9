#![no_main]
//! See `fengqiao::fuzzing::ids`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::ids(data));
