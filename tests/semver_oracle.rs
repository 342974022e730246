//! An outside judge of `oapi-docgen diff`: for every spec pair in `tests/diff/`, both crates
//! are generated (at version 1.2.3) and `cargo semver-checks` compares their Rust APIs. Our bump
//! must never be lower than the one it demands. Opt-in: it needs `cargo-semver-checks` and takes
//! minutes, so it runs when `OAPI_DOCGEN_SEMVER_CHECKS=1` (`.ci/run` installs the tool and sets
//! it). Each pair's verdicts are printed, so the closing note can list where ours is higher.

mod common;

use std::path::Path;
use std::process::Command;

use oapi_docgen::diff::Bump;

/// The bump `cargo semver-checks` demands of `new` against `old`.
fn oracle(old: &Path, new: &Path, target: &Path) -> Bump {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["semver-checks", "check-release", "--baseline-root"])
        .arg(old)
        .args(["--release-type", "patch"])
        .current_dir(new)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo semver-checks runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if text.contains("requires new major version") {
        Bump::Major
    } else if text.contains("requires new minor version") {
        Bump::Minor
    } else if out.status.success() {
        Bump::Patch
    } else {
        panic!("cargo semver-checks failed:\n{text}")
    }
}

/// Generates `spec` at version 1.2.3 into `dir`.
fn generate(spec: &Path, dir: &Path) {
    generate_with(spec, dir, None);
}

/// Generates `spec` at version 1.2.3 into `dir`, with `dialect`.
fn generate_with(spec: &Path, dir: &Path, dialect: Option<&str>) {
    let options = oapi_docgen::Options {
        spec: spec.to_path_buf(),
        crate_name: Some("oracle-crate".to_string()),
        crate_version: Some("1.2.3".to_string()),
        regen_command: "oapi-docgen".to_string(),
        dialect: dialect.map(str::to_string),
        ..Default::default()
    };
    let generated =
        oapi_docgen::generate(&options).unwrap_or_else(|e| panic!("{}: {e:#}", spec.display()));
    oapi_docgen::write::write(dir, &generated.files).expect("writes the crate");
}

#[test]
fn our_bump_is_never_lower_than_cargo_semver_checks_demands() {
    if std::env::var_os("OAPI_DOCGEN_SEMVER_CHECKS").is_none() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped our_bump_is_never_lower_than_cargo_semver_checks_demands: set \
             OAPI_DOCGEN_SEMVER_CHECKS=1 with cargo-semver-checks installed (`.ci/run` does)"
        );
        return;
    }
    // Each test has its own target folder: cargo-semver-checks builds the baseline in a
    // project whose path comes from the crate's name and version, which both tests share, so
    // one shared folder lets a test delete the other's project while rustdoc runs in it.
    let target = common::root().join("target/semver-oracle/pairs");
    let mut pairs: Vec<_> = std::fs::read_dir(common::root().join("tests/diff"))
        .expect("tests/diff")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("old.yaml").is_file())
        .collect();
    pairs.sort();
    let mut lower = Vec::new();
    for pair in &pairs {
        let name = pair.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().expect("temp dir");
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        generate(&pair.join("old.yaml"), &old);
        generate(&pair.join("new.yaml"), &new);
        let api = |dir: &Path| {
            let options = oapi_docgen::Options {
                spec: dir.to_path_buf(),
                crate_version: Some("1.2.3".to_string()),
                ..Default::default()
            };
            oapi_docgen::lower_spec(&options).expect("lowers").0
        };
        let ours =
            oapi_docgen::diff::diff(&api(&pair.join("old.yaml")), &api(&pair.join("new.yaml")))
                .bump("1.2.3");
        let theirs = oracle(&old, &new, &target);
        let rank = |b: Bump| match b {
            Bump::None | Bump::Patch => 0,
            Bump::Minor => 1,
            Bump::Major => 2,
        };
        println!("{name}: ours {ours:?}, cargo-semver-checks {theirs:?}");
        if rank(ours) < rank(theirs) {
            lower.push(format!("{name}: ours {ours:?} < {theirs:?}"));
        }
    }
    assert!(lower.is_empty(), "our bump is lower: {lower:#?}");
}

/// The real history: the crates of the 2022-10 and 2023-11 upstream Authing specs. Needs the
/// tool and both upstream specs (`.ci/run` provides all three).
#[test]
fn on_the_upstream_history_our_bump_is_not_lower() {
    if std::env::var_os("OAPI_DOCGEN_SEMVER_CHECKS").is_none() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped on_the_upstream_history_our_bump_is_not_lower: set \
             OAPI_DOCGEN_SEMVER_CHECKS=1 with cargo-semver-checks installed (`.ci/run` does)"
        );
        return;
    }
    let test = "on_the_upstream_history_our_bump_is_not_lower";
    let Some(new_spec) = common::upstream_spec(common::UPSTREAM_SPEC_VAR, test) else {
        return;
    };
    let Some(old_spec) = common::upstream_spec(common::UPSTREAM_SPEC_OLD_VAR, test) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    generate_with(&old_spec, &old, Some("authing"));
    generate_with(&new_spec, &new, Some("authing"));
    let api = |spec: &Path| {
        let options = oapi_docgen::Options {
            spec: spec.to_path_buf(),
            crate_version: Some("1.2.3".to_string()),
            dialect: Some("authing".to_string()),
            ..Default::default()
        };
        oapi_docgen::lower_spec(&options).expect("lowers").0
    };
    let ours = oapi_docgen::diff::diff(&api(&old_spec), &api(&new_spec)).bump("1.2.3");
    let theirs = oracle(
        &old,
        &new,
        &common::root().join("target/semver-oracle/upstream"),
    );
    println!("upstream 2022-10 -> 2023-11: ours {ours:?}, cargo-semver-checks {theirs:?}");
    assert_eq!((ours, theirs), (Bump::Major, Bump::Major));
}
