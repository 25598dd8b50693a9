#![no_main]
//! See `fengqiao::fuzzing::geojson_shape`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fengqiao::fuzzing::geojson_shape(data));
