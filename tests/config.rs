//! `oapi-docgen.toml`: read by a run without arguments, overridden by flags, strict about its
//! keys and types (one error line with file, line and column); overlays and the subset it
//! names; the deprecated `x-codegen`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// The binary, run in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oapi-docgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder holding the petstore fixture as `pets.yaml` and `config` as `oapi-docgen.toml`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/petstore.yaml"),
        dir.path().join("pets.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("oapi-docgen.toml"), config).unwrap();
    dir
}

const CONFIG: &str = r#"spec = "pets.yaml"
out = "out"
client-name = "StoreClient"

[crate]
name = "store-api"
version = "2.3.4"
description = "The store"
"#;

#[test]
fn a_run_without_arguments_reads_the_config_in_the_current_folder() {
    let dir = project(CONFIG);
    let out = run_in(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(dir.path().join("out/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"store-api\""), "{manifest}");
    assert!(manifest.contains("version = \"2.3.4\""), "{manifest}");
    let lib = std::fs::read_to_string(dir.path().join("out/src/lib.rs")).unwrap();
    assert!(lib.contains("Client as StoreClient"), "{lib}");
    assert!(
        lib.contains("then run `oapi-docgen`"),
        "a run from the config names the plain command: {lib}"
    );
}

#[test]
fn flags_override_the_config() {
    let dir = project(CONFIG);
    let config = dir.path().join("oapi-docgen.toml");
    let out = run_in(
        dir.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "--crate-name",
            "other-name",
            "--out",
            "elsewhere",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(dir.path().join("elsewhere/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"other-name\""), "{manifest}");
    assert!(manifest.contains("version = \"2.3.4\""), "{manifest}");
    assert!(!dir.path().join("out").exists());
}

/// Exit 2 with one `error:` line naming the file, line, column and `needle`, and nothing written.
fn assert_config_error(config: &str, line_column: &str, needle: &str) {
    let dir = project(config);
    let out = run_in(dir.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("error: oapi-docgen.toml:{line_column}: ")),
        "{err}"
    );
    assert!(err.contains(needle), "{needle} not in {err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_unknown_key_is_named_with_its_line_and_column() {
    assert_config_error(
        "spec = \"pets.yaml\"\nout = \"out\"\nclient_name = \"X\"\n",
        "3:1",
        "`client_name`: unknown field `client_name`",
    );
    assert_config_error(
        "spec = \"pets.yaml\"\n\n[crate]\nname = \"x\"\nlicence = \"MIT\"\n",
        "5:1",
        "`crate.licence`: unknown field `licence`",
    );
}

#[test]
fn a_value_of_the_wrong_type_is_named_with_its_line_and_column() {
    assert_config_error(
        "spec = \"pets.yaml\"\noverlays = \"one.yaml\"\n",
        "2:12",
        "`overlays`: invalid type",
    );
    assert_config_error(
        "spec = \"pets.yaml\"\nversion-policy = \"sometimes\"\n",
        "2:18",
        "`version-policy`: unknown variant `sometimes`",
    );
}

#[test]
fn overlays_of_the_config_and_the_command_line_apply_in_order() {
    let dir = project(&format!("{CONFIG}\n"));
    let config = dir.path().join("oapi-docgen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "out = \"out\"",
            "out = \"out\"\noverlays = [\"first.yaml\"]",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("first.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {title: First}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("second.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {title: Second}\n  - target: $.nothing\n    remove: true\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["--config", "oapi-docgen.toml", "--overlay", "second.yaml"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("second.yaml: actions[1] (target `$.nothing`): matches nothing"),
        "{err}"
    );
    let readme = std::fs::read_to_string(dir.path().join("out/README.md")).unwrap();
    assert!(
        readme.contains("the Second"),
        "the later overlay wins: {readme}"
    );
    let strict = run_in(
        dir.path(),
        &[
            "--config",
            "oapi-docgen.toml",
            "--overlay",
            "second.yaml",
            "--strict",
        ],
    );
    let err = stderr(&strict);
    assert_eq!(strict.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: ") && err.contains("matches nothing"),
        "{err}"
    );
}

#[test]
fn the_subset_keeps_its_operations_and_the_types_they_reach() {
    let dir = project(&format!(
        "{CONFIG}\n[subset]\noperations = [\"listSpecies\"]\n"
    ));
    let out = run_in(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pages: Vec<String> = walk(&dir.path().join("out/docs"));
    assert_eq!(
        pages,
        vec![
            "404.md",
            "README.md",
            "SUMMARY.md",
            "book.toml",
            "getting-started.md",
            "pets/list-species.md"
        ]
    );
    let summary = std::fs::read_to_string(dir.path().join("out/docs/SUMMARY.md")).unwrap();
    assert!(summary.contains("(pets/list-species.md)"), "{summary}");
    assert_eq!(summary.matches("](").count(), 3, "only its page: {summary}");
    let models: String = std::fs::read_dir(dir.path().join("out/src/models"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    assert!(models.contains("pub enum Species"), "{models}");
    assert!(
        !models.contains("pub struct Pet "),
        "Pet is not reached: {models}"
    );
    let unknown = run_in(
        dir.path(),
        &["--config", "oapi-docgen.toml", "--tags", "Nope"],
    );
    let err = stderr(&unknown);
    assert_eq!(unknown.status.code(), Some(2), "{err}");
    assert!(err.contains("`Nope`"), "{err}");
}

#[test]
fn x_codegen_still_works_with_a_deprecation_warning() {
    let dir = project("spec = \"pets.yaml\"\nout = \"out\"\n");
    let out = run_in(dir.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: #/x-codegen: deprecated"), "{err}");
    let manifest = std::fs::read_to_string(dir.path().join("out/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"petstore-client\""),
        "{manifest}"
    );
}

/// The files below `dir`, relative, sorted.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// `oapi-docgen diff OLD NEW`: the JSON report's exact shape, and the exit codes.
#[test]
fn diff_prints_the_verdict_and_exits_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let pair = common::root().join("tests/diff/request-field-removed");
    let (old, new) = (pair.join("old.yaml"), pair.join("new.yaml"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let out = run_in(dir.path(), &["diff", old, new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["bump", "changes"]);
    assert_eq!(report["bump"], "minor", "a breaking change below 1.0.0");
    let change = &report["changes"][0];
    let keys: Vec<&String> = change.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["class", "operation", "pointer", "message"]);
    assert_eq!(change["class"], "breaking");

    let failing = run_in(dir.path(), &["diff", old, new, "--fail-on-breaking"]);
    assert_eq!(failing.status.code(), Some(1));
    let markdown = String::from_utf8_lossy(&failing.stdout);
    assert!(markdown.contains("**breaking**"), "{markdown}");

    let additive = common::root().join("tests/diff/optional-request-field-added");
    let out = run_in(
        dir.path(),
        &[
            "diff",
            additive.join("old.yaml").to_str().unwrap(),
            additive.join("new.yaml").to_str().unwrap(),
            "--fail-on-breaking",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "no breaking change: {}",
        stderr(&out)
    );

    let missing = run_in(dir.path(), &["diff", old, "nowhere.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("error: "),
        "{}",
        stderr(&missing)
    );
}

/// `version-policy = "semver"`: each regeneration bumps the version the changes demand and
/// prepends them to `CHANGELOG.md`; no change leaves every byte as it was.
#[test]
fn the_semver_policy_bumps_the_version_and_writes_the_changelog() {
    let dir = project(&CONFIG.replace(
        "client-name = \"StoreClient\"",
        "client-name = \"StoreClient\"\nversion-policy = \"semver\"",
    ));
    let spec = dir.path().join("pets.yaml");
    let original = std::fs::read_to_string(&spec).unwrap();
    let regenerate = || {
        let out = Command::new(env!("CARGO_BIN_EXE_oapi-docgen"))
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1764547200")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let version = || {
        let manifest = std::fs::read_to_string(dir.path().join("out/Cargo.toml")).unwrap();
        let line = manifest
            .lines()
            .find(|l| l.starts_with("version = "))
            .unwrap()
            .to_string();
        line.trim_start_matches("version = ")
            .trim_matches('"')
            .to_string()
    };
    let changelog = || std::fs::read_to_string(dir.path().join("out/CHANGELOG.md")).unwrap();

    regenerate();
    assert_eq!(version(), "2.3.4");
    assert!(
        changelog().contains("## 2.3.4 (2025-12-01)"),
        "{}",
        changelog()
    );

    // Nothing changed: nothing is written.
    let stdout = regenerate();
    assert!(stdout.contains(" 0 written, 0 removed"), "{stdout}");

    // A docs-only change: a patch.
    std::fs::write(
        &spec,
        original.replace("List the species", "List every species"),
    )
    .unwrap();
    regenerate();
    assert_eq!(version(), "2.3.5");
    let log = changelog();
    assert!(log.contains("## 2.3.5 (2025-12-01)"), "{log}");
    assert!(
        log.find("## 2.3.5").unwrap() < log.find("## 2.3.4").unwrap(),
        "newest first"
    );

    // An operation removed: breaking, a major bump from 2.x, listed first.
    let without_ping = original.replace("List the species", "List every species");
    let start = without_ping.find("  /pets/ping:").unwrap();
    let end = without_ping.find("components:").unwrap();
    std::fs::write(
        &spec,
        format!("{}{}", &without_ping[..start], &without_ping[end..]),
    )
    .unwrap();
    regenerate();
    assert_eq!(version(), "3.0.0");
    let log = changelog();
    let newest = &log[log.find("## 3.0.0").unwrap()..log.find("## 2.3.5").unwrap()];
    assert!(
        newest.contains("**breaking**") && newest.contains("ping"),
        "{newest}"
    );

    // --check agrees that the output is current.
    let check = Command::new(env!("CARGO_BIN_EXE_oapi-docgen"))
        .arg("--check")
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

/// `docs-language`: the pages' fixed labels; an unknown language is refused with its place.
#[test]
fn docs_language_chooses_the_labels() {
    let dir = project(&CONFIG.replace(
        "client-name = \"StoreClient\"",
        "client-name = \"StoreClient\"\ndocs-language = \"zh-CN\"",
    ));
    let out = run_in(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("out/docs/pets/list-species.md")).unwrap();
    assert!(
        page.contains("## 方法名称") && page.contains("## 示例结果"),
        "{page}"
    );
    assert!(
        page.contains("# List the species"),
        "the spec's text as written: {page}"
    );
    assert_config_error(
        "spec = \"pets.yaml\"\nout = \"out\"\ndocs-language = \"fr\"\n",
        "3:17",
        "`docs-language`: unknown variant `fr`",
    );
}

/// `[webhooks] event-header` (with the signature as an inline table) gives header-named
/// deliveries a receiver that reads the event's name from that header.
#[test]
fn the_event_header_setting_gives_header_named_deliveries_a_receiver() {
    let dir = project(
        "spec = \"hooks.yaml\"\nout = \"out\"\n\n[webhooks]\nevent-header = \"X-GitHub-Event\"\n\
         signature = { header = \"X-Hub-Signature-256\", prefix = \"sha256=\" }\n",
    );
    std::fs::copy(
        common::root().join("tests/fixtures/header_webhooks.yaml"),
        dir.path().join("hooks.yaml"),
    )
    .unwrap();
    let out = run_in(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let webhooks = std::fs::read_to_string(dir.path().join("out/src/webhooks.rs")).unwrap();
    assert!(
        webhooks.contains(r#"Envelope::Header("x-github-event")"#),
        "{webhooks}"
    );
    assert!(webhooks.contains("hmac_sha256"), "{webhooks}");
}
