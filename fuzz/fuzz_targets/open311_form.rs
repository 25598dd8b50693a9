#![no_main]
//! See `fengqiao::fuzzing::open311_form`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::open311_form(data));
