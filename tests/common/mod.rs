//! Helpers shared by the test crates that generate a fixture and compile its output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Generates the fixture `tests/fixtures/<name>` in memory.
pub fn generate(name: &str) -> oapi_docgen::Generated {
    let options = oapi_docgen::Options {
        spec: root().join("tests/fixtures").join(name),
        crate_name: None,
        regen_command: format!("oapi-docgen --spec tests/fixtures/{name}"),
    };
    oapi_docgen::generate(&options).unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

/// Runs `cargo <args>` in `krate` with the workspace's lock file and a target dir shared by
/// every fixture (`<target>/fixture-check`, so dependencies are built once); fails on an error
/// or on any warning. Returns what cargo printed on stdout.
pub fn cargo_in(krate: &Path, what: &str, args: &[&str]) -> String {
    let root = root();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copies the lock file");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(args)
        .args(["--offline", "--message-format=short"])
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target.join("fixture-check"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{what}: `cargo {}` fails:\n{stderr}\n{stdout}",
        args.join(" ")
    );
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(
        warnings.is_empty(),
        "{what}: `cargo {}` warns:\n{stderr}",
        args.join(" ")
    );
    stdout.into_owned()
}

/// Generates `fixture` into a temporary crate and runs `cargo check --all-targets` on it (and
/// `cargo test --doc` too when `doctests`); the crate must compile with no warning. Returns the
/// output of the doctests.
pub fn compile_check(fixture: &str, doctests: bool) -> String {
    let generated = generate(fixture);
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    cargo_in(&krate, fixture, &["check", "--all-targets"]);
    match doctests {
        true => cargo_in(&krate, fixture, &["test", "--doc"]),
        false => String::new(),
    }
}
