//! Determinism across processes: two runs of the binary on the full upstream spec, each in its
//! own process (so its own hash seeds and allocation addresses), write byte-identical trees.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file below `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs the binary in `cwd` with `--out crate` (a relative path, so that the regeneration
/// command named in every preamble is the same for both runs).
fn generate_in(cwd: &Path, spec: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let output = Command::new(env!("CARGO_BIN_EXE_oapi-docgen"))
        .arg("--spec")
        .arg(spec)
        .args(["--out", "crate"])
        .current_dir(cwd)
        .output()
        .expect("the binary runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    tree(&cwd.join("crate"))
}

#[test]
fn two_processes_write_identical_trees_from_the_upstream_spec() {
    let Some(spec) = common::upstream_spec(
        common::UPSTREAM_SPEC_VAR,
        "two_processes_write_identical_trees_from_the_upstream_spec",
    ) else {
        return;
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = generate_in(a.path(), &spec);
    let second = generate_in(b.path(), &spec);
    assert!(first.len() > 100, "{} files", first.len());
    let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second), "the same files");
    for (path, bytes) in &first {
        assert!(
            second[path] == *bytes,
            "{} differs between two runs",
            path.display()
        );
    }
}
