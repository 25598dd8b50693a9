#![no_main]
//! See `fengqiao::fuzzing::mediation_policy`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::mediation_policy(data));
