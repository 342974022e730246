//! Snapshot tests: each fixture spec under `tests/fixtures/` is generated in memory and every
//! output file is compared with its snapshot under `tests/snapshots/`.

mod common;

use common::generate;

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

#[test]
fn hostile_output() {
    snapshot_all("hostile.yaml");
}

#[test]
fn petstore_output_compiles() {
    common::compile_check("petstore.yaml", false);
}
