//! The binary's contract: exit 0 when done or up to date, 1 when `--check` finds drift, 2 with
//! one clear error line on bad input or usage, and never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_oapi-docgen"))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit 2, no panic, and a first line (after any `warning:` lines, such as the deprecation of
/// `x-codegen` in the fixtures) that starts with `error:` and contains every `needle`.
fn assert_clear_error(out: &Output, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    let first = err
        .lines()
        .find(|l| !l.starts_with("warning:"))
        .unwrap_or_default();
    assert!(first.starts_with("error:"), "first line: {first}");
    for needle in needles {
        assert!(first.contains(needle), "{needle:?} not in {first:?}");
    }
}

fn write_spec(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write spec");
    path
}

fn generate_into(out: &Path) -> Output {
    run(&[
        "--spec",
        fixture("petstore.yaml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

#[test]
fn missing_spec_file() {
    let out = run(&[
        "--spec",
        "/nonexistent/spec.yaml",
        "--out",
        "/tmp/unused-out",
    ]);
    assert_clear_error(&out, &["/nonexistent/spec.yaml", "No such file"]);
}

#[test]
fn spec_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["--spec", dir.path().to_str().unwrap()]);
    assert_clear_error(&out, &["directory"]);
}

#[test]
fn empty_and_binary_specs() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_spec(dir.path(), "empty.yaml", "  \n");
    assert_clear_error(
        &run(&["--spec", empty.to_str().unwrap()]),
        &["empty.yaml", "empty"],
    );
    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, [0x7b, 0xff, 0xfe, 0x00]).unwrap();
    assert_clear_error(
        &run(&["--spec", binary.to_str().unwrap()]),
        &["binary.json", "UTF-8", "offset 1"],
    );
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(
        dir.path(),
        "bad.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n",
    );
    assert_clear_error(
        &run(&["--spec", spec.to_str().unwrap()]),
        &["bad.yaml:", "YAML"],
    );
    let first = stderr(&run(&["--spec", spec.to_str().unwrap()]));
    assert!(
        first.contains("bad.yaml:4:") || first.contains("bad.yaml:3:"),
        "{first}"
    );
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(
        dir.path(),
        "bad.json",
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n",
    );
    assert_clear_error(
        &run(&["--spec", spec.to_str().unwrap()]),
        &["bad.json:3:11", "JSON"],
    );
}

#[test]
fn unsupported_versions_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let swagger = write_spec(
        dir.path(),
        "s.yaml",
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
    );
    assert_clear_error(
        &run(&["--spec", swagger.to_str().unwrap()]),
        &["#/swagger", "Swagger 2.0"],
    );
    let v4 = write_spec(
        dir.path(),
        "v.yaml",
        "openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
    );
    assert_clear_error(
        &run(&["--spec", v4.to_str().unwrap()]),
        &["#/openapi", "4.0.0"],
    );
}

#[test]
fn missing_required_field_names_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), "noinfo.yaml", "openapi: 3.0.3\npaths: {}\n");
    assert_clear_error(
        &run(&["--spec", spec.to_str().unwrap()]),
        &["noinfo.yaml", "info"],
    );
}

#[test]
fn dangling_ref_names_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(
        dir.path(),
        "dangling.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/Missing'}\n",
    );
    assert_clear_error(
        &run(&["--spec", spec.to_str().unwrap()]),
        &[
            "#/components/schemas/A/properties/b/$ref",
            "#/components/schemas/Missing",
        ],
    );
}

#[test]
fn duplicate_operation_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(
        dir.path(),
        "dup.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get: {operationId: same, responses: {'200': {description: ok}}}\n  /b:\n    get: {operationId: same, responses: {'200': {description: ok}}}\n",
    );
    assert_clear_error(
        &run(&["--spec", spec.to_str().unwrap()]),
        &["duplicate operationId `same`", "#/paths/~1b/get"],
    );
}

#[test]
fn bad_usage_exits_2_with_one_line() {
    for (args, needle) in [
        (&["--no-such-flag"][..], "--no-such-flag"),
        (&["--spec"][..], "--spec"),
        (&["--crate-name", "9 bad name"][..], "crate name"),
        (&["extra-positional"][..], "extra-positional"),
    ] {
        let out = run(args);
        assert_clear_error(&out, &[needle]);
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "one line: {}",
            stderr(&out)
        );
    }
}

#[test]
fn help_and_version_exit_0() {
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in ["--spec", "--out", "--crate-name", "--check"] {
        assert!(text.contains(flag), "{flag} documented in --help");
    }
    assert_eq!(run(&["--version"]).status.code(), Some(0));
}

#[test]
fn check_reports_every_kind_of_drift_and_write_repairs_it() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("crate");
    let first = generate_into(&out_dir);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));

    let check = || {
        run(&[
            "--spec",
            fixture("petstore.yaml").to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--check",
        ])
    };
    assert_eq!(check().status.code(), Some(0), "fresh output is up to date");

    std::fs::write(out_dir.join("src/models/mod.rs"), "// edited by hand\n").unwrap();
    std::fs::remove_file(out_dir.join("README.md")).unwrap();
    std::fs::write(out_dir.join("docs/stray.md"), "stray\n").unwrap();
    let stale = check();
    assert_eq!(stale.status.code(), Some(1));
    let err = stderr(&stale);
    assert!(err.contains("differs: src/models/mod.rs"), "{err}");
    assert!(err.contains("missing: README.md"), "{err}");
    assert!(err.contains("extra:   docs/stray.md"), "{err}");
    assert!(
        err.contains("run `oapi-docgen --spec"),
        "names the command: {err}"
    );

    std::fs::remove_file(out_dir.join("docs/stray.md")).unwrap();
    assert_eq!(generate_into(&out_dir).status.code(), Some(0));
    assert_eq!(check().status.code(), Some(0), "regenerating repairs it");
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("crate");
    assert_eq!(generate_into(&out_dir).status.code(), Some(0));
    let models = out_dir.join("src/models/mod.rs");
    let before = std::fs::metadata(&models).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = generate_into(&out_dir);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 written"));
    assert_eq!(
        std::fs::metadata(&models).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn foreign_folder_is_refused_and_left_intact() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("mine.txt");
    std::fs::write(&foreign, "precious\n").unwrap();
    let out = generate_into(dir.path());
    assert_clear_error(&out, &["did not make"]);
    assert_eq!(std::fs::read_to_string(&foreign).unwrap(), "precious\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing was written"
    );
}

#[test]
fn bad_spec_leaves_previous_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("crate");
    assert_eq!(generate_into(&out_dir).status.code(), Some(0));
    let before = std::fs::read(out_dir.join("src/models/mod.rs")).unwrap();
    let bad = write_spec(dir.path(), "bad.yaml", "openapi: 3.0.3\ninfo: [\n");
    let out = run(&[
        "--spec",
        bad.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(out_dir.join("src/models/mod.rs")).unwrap(),
        before
    );
}

#[test]
fn without_a_terminal_only_warnings_and_the_summary_are_printed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = generate_into(&dir.path().join("out"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for line in err.lines() {
        assert!(line.starts_with("warning: "), "stderr holds {line:?}");
    }
    assert!(!err.contains('\r'), "no progress line is drawn: {err:?}");
    let summary = String::from_utf8_lossy(&out.stdout);
    assert_eq!(summary.lines().count(), 1, "{summary}");
    assert!(
        summary.contains(" written, 0 removed, 0 unchanged"),
        "{summary}"
    );
}
