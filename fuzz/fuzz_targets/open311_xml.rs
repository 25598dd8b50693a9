#![no_main]
//! See `fengqiao::fuzzing::open311_xml`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::open311_xml(data));
