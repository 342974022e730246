//! Bad specs under `tests/bad_specs/`, one problem per file: the binary exits 2 without a
//! panic, prints exactly one `error:` line naming the file and where (JSON pointer, or line and
//! column for syntax errors), and leaves an output folder generated earlier byte-identical.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bad_spec(name: &str) -> PathBuf {
    root().join("tests/bad_specs").join(name)
}

fn run(spec: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oapi-docgen"))
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .output()
        .expect("the binary runs")
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

/// Generates the petstore fixture into a fresh folder, runs `spec` on it, and checks the
/// contract; `needles` must all appear in the `error:` line.
fn assert_refused(spec: &Path, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let first = run(&root().join("tests/fixtures/petstore.yaml"), &out);
    assert_eq!(first.status.code(), Some(0), "the fixture generates");
    let before = snapshot(dir.path());

    let output = run(spec, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "exit 2; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    for needle in needles {
        assert!(
            errors[0].contains(needle),
            "{needle:?} not in {:?}",
            errors[0]
        );
    }
    assert_eq!(
        snapshot(dir.path()),
        before,
        "the previous output is untouched"
    );
}

#[test]
fn yaml_syntax_error() {
    assert_refused(
        &bad_spec("yaml_syntax.yaml"),
        &["yaml_syntax.yaml:4:10:", "invalid YAML syntax"],
    );
}

#[test]
fn json_syntax_error() {
    assert_refused(
        &bad_spec("json_syntax.json"),
        &["json_syntax.json:3:11:", "invalid JSON syntax"],
    );
}

#[test]
fn empty_file() {
    assert_refused(&bad_spec("empty.yaml"), &["empty.yaml", "empty"]);
}

#[test]
fn binary_file() {
    assert_refused(
        &bad_spec("binary.yaml"),
        &["binary.yaml", "not UTF-8", "offset 15"],
    );
}

#[test]
fn missing_file() {
    assert_refused(
        &bad_spec("does-not-exist.yaml"),
        &["does-not-exist.yaml", "No such file"],
    );
}

#[test]
fn a_directory() {
    assert_refused(&root().join("tests/bad_specs"), &["bad_specs", "directory"]);
}

#[test]
fn dangling_ref() {
    assert_refused(
        &bad_spec("dangling_ref.yaml"),
        &[
            "dangling_ref.yaml",
            "#/components/schemas/A/properties/b/$ref",
            "#/components/schemas/Missing",
            "points at nothing",
        ],
    );
}

#[test]
fn deep_ref_to_a_non_schema() {
    assert_refused(
        &bad_spec("ref_not_schema.yaml"),
        &[
            "ref_not_schema.yaml",
            "#/components/schemas/Owner/properties/pet/$ref",
            "`$ref: #/components/schemas/Pet/required`",
            "points at a list that is not a schema",
        ],
    );
    assert_refused(
        &bad_spec("ref_to_response.yaml"),
        &[
            "ref_to_response.yaml",
            "#/components/schemas/A/properties/b/$ref",
            "`$ref: #/paths/~1pets/get/responses/200`",
            "points at an object that is not a schema",
        ],
    );
}

#[test]
fn deep_dangling_ref() {
    assert_refused(
        &bad_spec("deep_dangling_ref.yaml"),
        &[
            "deep_dangling_ref.yaml",
            "#/components/schemas/A/items/$ref",
            "`$ref: #/components/schemas/Pet/properties/age`",
            "points at nothing",
        ],
    );
}

#[test]
fn ref_cycle() {
    assert_refused(
        &bad_spec("ref_cycle.yaml"),
        &[
            "ref_cycle.yaml",
            "#/components/schemas/A",
            "leads back to itself",
        ],
    );
}

#[test]
fn missing_info() {
    assert_refused(
        &bad_spec("missing_info.yaml"),
        &["missing_info.yaml", "#", "missing field `info`"],
    );
}

#[test]
fn missing_paths() {
    assert_refused(
        &bad_spec("missing_paths.yaml"),
        &["missing_paths.yaml", "#", "missing field `paths`"],
    );
}

#[test]
fn paths_is_a_number() {
    assert_refused(
        &bad_spec("paths_not_object.yaml"),
        &["paths_not_object.yaml", "#/paths", "invalid type"],
    );
}

#[test]
fn info_is_an_array() {
    assert_refused(
        &bad_spec("info_is_array.yaml"),
        &["info_is_array.yaml", "#/info", "invalid type"],
    );
}

#[test]
fn duplicate_operation_ids() {
    assert_refused(
        &bad_spec("duplicate_operation_ids.yaml"),
        &[
            "duplicate_operation_ids.yaml",
            "#/paths/~1b/get/operationId",
            "duplicate operationId `same`",
            "#/paths/~1a/get",
        ],
    );
}

#[test]
fn swagger_2() {
    assert_refused(
        &bad_spec("swagger2.yaml"),
        &["swagger2.yaml", "#/swagger", "Swagger 2.0"],
    );
}

/// All the Rust of a generated crate's `src/`, file after file (without each file's first
/// line, which names the output folder in the regeneration command).
fn rust_of(krate: &Path) -> String {
    snapshot(&krate.join("src"))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(_, bytes)| {
            let text = String::from_utf8(bytes).expect("utf-8");
            text.split_once('\n')
                .map(|(_, b)| b.to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// Runs the spec whose operation ids `get-pet` and `getPet` both become `get_pet`.
fn colliding() -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&bad_spec("colliding_names.yaml"), &dir.path().join("crate"));
    (output, dir)
}

#[test]
fn colliding_rust_names_are_renamed_deterministically() {
    let (output, dir) = colliding();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let ops = rust_of(&dir.path().join("crate"));
    assert!(ops.contains("pub async fn get_pet("), "{ops}");
    assert!(ops.contains("pub async fn get_pet_2("), "{ops}");
    // A second run in another process into another folder makes the same code.
    let (again, dir2) = colliding();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(rust_of(&dir2.path().join("crate")), ops);
}

#[test]
fn colliding_rust_names_are_warned_about() {
    let (output, _dir) = colliding();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning:") && l.contains("get_pet_2"))
        .unwrap_or_else(|| panic!("no warning names the rename: {stderr}"));
    assert!(warning.contains("getPet"), "{warning}");
    assert!(warning.contains("#/paths/~1b/get"), "{warning}");
}
