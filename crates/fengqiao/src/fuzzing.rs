//! Entry points for fuzzing every parser of outside input: region files (GeoJSON and .xlsx),
//! rosters (.xlsx), the Open311 form and its XML answer, the mediation policy file, the JSON
//! bodies, GeoJSON shapes and the validated ids. Each takes raw bytes and panics only when an
//! invariant breaks. The cargo-fuzz targets in `fuzz/` call them on nightly; the tests below
//! run them on stable over the seed corpus and random bytes, so the README's test command
//! exercises them too.

use crate::transfer::{read, validate};
use fengqiao_core::geo::Shape;
use fengqiao_core::mediation::{Category, Facts, Policy, Source};
use fengqiao_core::{IdNumber, Phone, RegionCode};
use std::collections::HashMap;

/// One fuzz target: it gets the fuzzer's bytes.
pub type Target = fn(&[u8]);

/// The targets by name, as `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/` know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("region_file", region_file),
    ("roster_sheet", roster_sheet),
    ("open311_form", open311_form),
    ("open311_xml", open311_xml),
    ("mediation_policy", mediation_policy),
    ("json_bodies", json_bodies),
    ("geojson_shape", geojson_shape),
    ("ids", ids),
];

/// Runs `f` with panics unwinding as they do in the server, instead of under the fuzzer's
/// abort-on-panic hook: the .xlsx readers catch calamine's own panics and answer "damaged
/// file", and that handling is what is under test. A panic that escapes still fails the run.
fn as_in_the_server<T>(f: impl FnOnce() -> T) -> T {
    let fuzzer_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(fuzzer_hook);
    match out {
        Ok(v) => v,
        Err(p) => std::panic::resume_unwind(p),
    }
}

/// A region file, read as GeoJSON and as .xlsx, then validated as an import would.
pub fn region_file(data: &[u8]) {
    let xlsx = as_in_the_server(|| read::read_xlsx(data));
    for rows in [read::read_geojson(data), xlsx].into_iter().flatten() {
        let (accepted, rejected) = validate::validate(&rows, &[]);
        assert!(accepted.len() + rejected.len() <= rows.len());
    }
}

/// A team roster sheet.
pub fn roster_sheet(data: &[u8]) {
    if let Ok(rows) = as_in_the_server(|| fengqiao_web::forces::roster::read_sheet(data)) {
        assert!(rows.iter().flatten().all(|c| c.trim() == c));
    }
}

/// An Open311 `POST requests` body.
pub fn open311_form(data: &[u8]) {
    let form: HashMap<String, String> = form_urlencoded::parse(data).into_owned().collect();
    if let Ok(s) = fengqiao_web::portal::open311::submission(&form) {
        assert!(!s.service_code.is_empty());
    }
}

/// Text from outside inside an Open311 XML answer stays text.
pub fn open311_xml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let value = serde_json::json!([{ "description": text, "status_notes": text }]);
    let xml = fengqiao_web::portal::open311::xml(("service_requests", "request"), &value);
    let inner = xml
        .split("<description>")
        .nth(1)
        .and_then(|s| s.split("</description>").next())
        .unwrap_or("");
    assert!(
        !inner.contains('<') && !inner.contains('>'),
        "unescaped markup: {xml}"
    );
}

/// A mediation policy file, and placing a case under it when it validates.
pub fn mediation_policy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = Policy::from_json(text) {
        for (i, c) in Category::ALL.iter().enumerate() {
            let facts = Facts {
                category: *c,
                source: Source::Resident,
                people: u32::try_from(i).unwrap_or(1) * 7 + 1,
                households: 1,
                whole_compound: i % 2 == 0,
                litigation: i % 3 == 0,
                minor_fight: i % 5 == 0,
                amount_yuan: i as f64 * 10_000.0,
            };
            assert!((1..=4).contains(&p.place(&facts).level));
        }
        for level in 1..=4 {
            let _ = p.deadline_days(level);
        }
    }
}

/// The JSON bodies of intake and of the mandates.
pub fn json_bodies(data: &[u8]) {
    if let Ok(b) = serde_json::from_slice::<fengqiao_web::mediation::intake::IntakeBody>(data) {
        for p in &b.parties {
            let _ = p.phone.as_deref().map(str::parse::<Phone>);
            let _ = p.id_number.as_deref().map(str::parse::<IdNumber>);
        }
    }
    let _ = serde_json::from_slice::<Vec<fengqiao_core::forces::Mandate>>(data);
}

/// A GeoJSON geometry; what parses survives a round trip.
pub fn geojson_shape(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(shape) = Shape::from_geojson_str(text) {
        let again = Shape::from_geojson(&shape.to_geojson()).ok();
        assert_eq!(
            again.as_ref(),
            Some(&shape),
            "a parsed shape re-parses to itself"
        );
    }
}

/// Phone numbers, ID numbers and region codes; what parses re-parses to itself.
pub fn ids(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = text.parse::<Phone>() {
        assert_eq!(p.as_str().parse::<Phone>().ok().as_ref(), Some(&p));
    }
    if let Ok(n) = text.parse::<IdNumber>() {
        assert_eq!(n.as_str().parse::<IdNumber>().ok().as_ref(), Some(&n));
    }
    if let Ok(c) = text.parse::<RegionCode>() {
        assert_eq!(c.to_string().parse::<RegionCode>().ok().as_ref(), Some(&c));
    }
}

#[cfg(test)]
mod tests {
    use super::TARGETS;
    use proptest::prelude::*;
    use std::path::Path;

    #[test]
    fn every_fuzz_target_survives_its_seed_corpus() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
        for (name, target) in TARGETS {
            let dir = root.join(name);
            let seeds: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|_| panic!("seed corpus {}", dir.display()))
                .map(|e| std::fs::read(e.unwrap().path()).unwrap())
                .collect();
            assert!(!seeds.is_empty(), "{name} has seeds");
            for seed in seeds {
                target(&seed);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn every_fuzz_target_survives_random_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
            for (_, target) in TARGETS {
                target(&data);
            }
        }

        #[test]
        fn every_fuzz_target_survives_random_text(text in "\\PC{0,200}") {
            for (_, target) in TARGETS {
                target(text.as_bytes());
            }
        }
    }
}
