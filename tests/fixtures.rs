//! Snapshot tests: each fixture spec under `tests/fixtures/` is generated in memory and every
//! output file is compared with its snapshot under `tests/snapshots/`.

use std::path::PathBuf;

fn generate(name: &str) -> oapi_docgen::Generated {
    let options = oapi_docgen::Options {
        spec: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        crate_name: None,
        regen_command: format!("oapi-docgen --spec tests/fixtures/{name}"),
    };
    oapi_docgen::generate(&options).unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

fn snapshot_all(fixture: &str) {
    let generated = generate(fixture);
    let stem = fixture.trim_end_matches(".yaml").trim_end_matches(".json");
    for (path, bytes) in &generated.files {
        let text = String::from_utf8(bytes.clone()).expect("utf-8 output");
        let name = format!("{stem}__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, text);
    }
    insta::assert_snapshot!(format!("{stem}__warnings"), generated.warnings.join("\n"));
}

#[test]
fn petstore_output() {
    snapshot_all("petstore.yaml");
}
