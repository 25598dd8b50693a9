use crate::support::{demo_store, empty_store, on_both};
use fengqiao::transfer::{export_regions, import_regions, Format};
use fengqiao_store::{regions, Store};
use serde_json::{json, Value};
use std::path::PathBuf;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fq-transfer-{:x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn square(x: f64, y: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]})
}

fn feature(code: &str, name: &str, level: &str, parent: Option<&str>, geometry: Value) -> Value {
    json!({"type": "Feature", "properties": {"code": code, "name": name, "level": level, "parent_code": parent}, "geometry": geometry})
}

fn small_district(bad: Option<Value>) -> Value {
    let mut features = vec![
        feature("610302", "渭滨区", "district", None, Value::Null),
        feature(
            "610302001",
            "经二路街道",
            "town",
            Some("610302"),
            Value::Null,
        ),
        feature(
            "610302001001",
            "福临社区",
            "community",
            Some("610302001"),
            Value::Null,
        ),
        feature(
            "610302001001001",
            "第1网格",
            "grid",
            Some("610302001001"),
            square(107.1, 34.35),
        ),
        feature(
            "610302001001001001",
            "锦苑",
            "compound",
            Some("610302001001001"),
            json!({"type": "Point", "coordinates": [107.105, 34.355]}),
        ),
    ];
    if let Some(b) = bad {
        features.insert(3, b);
    }
    json!({"type": "FeatureCollection", "features": features})
}

async fn codes(store: &Store) -> Vec<(String, String, String, Option<String>)> {
    regions::all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.code, r.name, r.level, r.geometry))
        .collect()
}

#[tokio::test]
async fn a_file_with_a_bad_feature_is_refused_whole_unless_told_to_skip() {
    on_both(|db| async move {
        let bow_tie = json!({"type": "Polygon", "coordinates": [[[107.0, 34.3], [107.1, 34.4], [107.1, 34.3], [107.0, 34.4], [107.0, 34.3]]]});
        let file = temp("bad.geojson");
        std::fs::write(&file, small_district(Some(feature("610302001001002", "自交网格", "grid", Some("610302001001"), bow_tie))).to_string()).unwrap();
        let store = empty_store(db).await;
        let report = import_regions(&store, &file, false).await.unwrap();
        assert!(!report.written);
        assert_eq!(report.rejected.len(), 1);
        assert_eq!(report.rejected[0].number, 4);
        assert!(report.rejected[0].reason.contains("自相交"), "{}", report.rejected[0].reason);
        assert!(codes(&store).await.is_empty(), "nothing half-imported");

        let report = import_regions(&store, &file, true).await.unwrap();
        assert!(report.written);
        assert_eq!(report.accepted, 5);
        assert_eq!(codes(&store).await.len(), 5);
    })
    .await;
}

#[tokio::test]
async fn duplicate_codes_missing_parents_and_wrong_shapes_are_reported_by_number() {
    let store = empty_store(crate::support::Db::Sqlite).await;
    let file = temp("dups.geojson");
    let mut doc = small_district(None);
    let features = doc["features"].as_array_mut().unwrap();
    features.push(feature(
        "610302001001001",
        "重复",
        "grid",
        Some("610302001001"),
        square(107.2, 34.35),
    ));
    features.push(feature(
        "610302009001",
        "孤儿",
        "community",
        Some("610302009"),
        Value::Null,
    ));
    features.push(feature(
        "610302001001002",
        "无边界网格",
        "grid",
        Some("610302001001"),
        Value::Null,
    ));
    features.push(feature("610302001001003", "越界", "grid", Some("610302001001"), json!({"type": "Polygon", "coordinates": [[[190.0, 34.3], [190.1, 34.3], [190.1, 34.4], [190.0, 34.3]]]})));
    std::fs::write(&file, doc.to_string()).unwrap();
    let report = import_regions(&store, &file, false).await.unwrap();
    let numbers: Vec<usize> = report.rejected.iter().map(|r| r.number).collect();
    assert_eq!(numbers, vec![6, 7, 8, 9]);
    assert!(report.rejected[0].reason.contains("重复"));
    assert!(report.rejected[1].reason.contains("不存在"));
    assert!(report.rejected[2].reason.contains("多边形"));
    assert!(report.rejected[3].reason.contains("超出"));
    assert!(codes(&store).await.is_empty());

    std::fs::write(&file, "{\"type\": \"FeatureCollection\", \"features\": [").unwrap();
    let err = import_regions(&store, &file, true).await.unwrap_err();
    assert!(err.to_string().contains("GeoJSON 格式错误"), "{err}");
}

#[tokio::test]
async fn regions_round_trip_through_geojson_and_xlsx() {
    on_both(|db| async move {
        let source = demo_store(db).await;
        let original = codes(&source).await;
        for (format, name) in [(Format::Geojson, "r.geojson"), (Format::Xlsx, "r.xlsx")] {
            let file = temp(name);
            let n = export_regions(&source, format, &file).await.unwrap();
            assert_eq!(n, original.len());
            let target = empty_store(db).await;
            let report = import_regions(&target, &file, false).await.unwrap();
            assert!(report.rejected.is_empty(), "{:?}", report.rejected.first());
            let copied = codes(&target).await;
            assert_eq!(copied.len(), original.len());
            for (a, b) in original.iter().zip(&copied) {
                assert_eq!((&a.0, &a.1, &a.2), (&b.0, &b.1, &b.2));
                let shape = |g: &Option<String>| {
                    g.as_deref()
                        .map(|g| fengqiao_core::geo::Shape::from_geojson_str(g).unwrap())
                };
                assert_eq!(shape(&a.3), shape(&b.3), "{} keeps its shape", a.0);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_import_command_refuses_a_bad_file_with_row_numbers_and_a_non_zero_exit() {
    let url = crate::support::fresh_url(crate::support::Db::Sqlite)
        .await
        .unwrap();
    let file = temp("cli.geojson");
    let open_ring =
        json!({"type": "Polygon", "coordinates": [[[107.0, 34.3], [107.1, 34.3], [107.1, 34.4]]]});
    std::fs::write(
        &file,
        small_district(Some(feature(
            "610302001001002",
            "未闭合",
            "grid",
            Some("610302001001"),
            open_ring,
        )))
        .to_string(),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fengqiao"))
        .args(["import", "regions", file.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("第 4 条") && stderr.contains("未闭合"),
        "{stderr}"
    );
    let store = Store::open(&url).await.unwrap();
    assert!(codes(&store).await.is_empty());
}
