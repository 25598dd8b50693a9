#![no_main]
//! See `fengqiao::fuzzing::json_bodies`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::json_bodies(data));
