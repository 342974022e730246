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

/// Generates `fixture` into a temporary crate and runs `cargo check --all-targets` on it in the
/// workspace's target dir (so dependencies are shared); the crate must compile with no warning.
fn compile_check(fixture: &str) {
    let generated = generate(fixture);
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copies the lock file");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args([
            "check",
            "--all-targets",
            "--offline",
            "--message-format=short",
        ])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", target.join("fixture-check"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{fixture} does not compile:\n{stderr}"
    );
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(
        warnings.is_empty(),
        "{fixture} compiles with warnings:\n{stderr}"
    );
}

#[test]
fn petstore_output_compiles() {
    compile_check("petstore.yaml");
}
