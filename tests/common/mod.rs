//! Helpers shared by the test crates that generate a fixture and compile its output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod seed;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The variable naming the upstream Authing spec (2023-11, 425 operations); `.ci/run` sets it.
pub const UPSTREAM_SPEC_VAR: &str = "OAPI_DOCGEN_UPSTREAM_SPEC";
/// The variable naming the older upstream Authing spec (2022-10-23); `.ci/run` sets it.
pub const UPSTREAM_SPEC_OLD_VAR: &str = "OAPI_DOCGEN_UPSTREAM_SPEC_OLD";

/// The upstream spec that the environment variable `var` names, or `None` (after printing one
/// line that says what is skipped and how to run it) when it is unset. The specs live outside
/// the repository, so a fresh clone runs without them; a set variable that names no file is an
/// error, so a CI typo cannot skip the tests silently.
pub fn upstream_spec(var: &str, test: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        None => {
            // Written to the stderr handle itself, which the test harness does not capture, so
            // that the line shows in a plain `cargo test` run.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: set {var} to the upstream spec's path to run it \
                 (`.ci/run` sets it to the copy in ../shared/specs)"
            );
            None
        }
        Some(path) => {
            let path = PathBuf::from(path);
            assert!(path.is_file(), "{var}={} names no file", path.display());
            Some(
                path.canonicalize()
                    .expect("the upstream spec's path resolves"),
            )
        }
    }
}

/// The fixtures about schemas, many of which no operation reaches: they are generated with
/// `schemas = "all"`, so that every schema of the theme becomes a type to round-trip.
pub const ALL_SCHEMAS: &[&str] = &[
    "allof.yaml",
    "deep_refs.yaml",
    "formats.yaml",
    "naming.yaml",
    "refs.yaml",
    "unions.yaml",
];

/// Generates the fixture `tests/fixtures/<name>` in memory.
pub fn generate(name: &str) -> oapi_docgen::Generated {
    let options = oapi_docgen::Options {
        spec: root().join("tests/fixtures").join(name),
        crate_name: None,
        regen_command: format!("oapi-docgen --spec tests/fixtures/{name}"),
        dialect: None,
        schemas: match ALL_SCHEMAS.contains(&name) {
            true => oapi_docgen::config::Schemas::All,
            false => oapi_docgen::config::Schemas::Reached,
        },
        // The setting OpenAPI has no field for, as `[webhooks.signature]` gives it.
        webhook_signature: ["signed_webhooks.yaml", "header_webhooks.yaml"]
            .contains(&name)
            .then(|| oapi_docgen::config::WebhookSignature {
                header: "X-Hub-Signature-256".to_string(),
                prefix: "sha256=".to_string(),
            }),
        // `[webhooks] event-header`.
        webhook_event_header: (name == "header_webhooks.yaml")
            .then(|| "X-GitHub-Event".to_string()),
        ..Default::default()
    };
    oapi_docgen::generate(&options).unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

/// The text of every module of a generated crate's `models`, in path order.
pub fn models(generated: &oapi_docgen::Generated) -> String {
    generated
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("src/models/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
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
        // Each fixture crate is built once, from a new temporary path: incremental state and
        // debuginfo would only fill the disk (they made each test binary ~90 MB, and CI's disk
        // ran out).
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("RUSTDOCFLAGS", "-D warnings")
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

/// The tag features of the crate at `krate`: the `default` list of its manifest.
pub fn tag_features(krate: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).expect("reads the manifest");
    let line = manifest
        .lines()
        .find(|l| l.starts_with("default = ["))
        .expect("the manifest has a default feature list");
    line.trim_start_matches("default = [")
        .trim_end_matches(']')
        .split(", ")
        .filter(|f| !f.is_empty())
        .map(|f| f.trim_matches('"').to_string())
        .collect()
}

/// `cargo check` of the crate at `krate` with no feature, then with each tag's feature alone:
/// each must compile with no warning (the default set, every feature, is the crate's test run).
/// Returns the feature sets checked.
pub fn check_feature_sets(krate: &Path, what: &str) -> Vec<String> {
    let features = tag_features(krate);
    assert!(!features.is_empty(), "{what}: no tag features");
    cargo_in(krate, what, &["check", "--no-default-features"]);
    for feature in &features {
        cargo_in(
            krate,
            what,
            &["check", "--no-default-features", "--features", feature],
        );
    }
    features
}

/// The stem of a fixture's file name (`unions.yaml` gives `unions`).
pub fn stem(fixture: &str) -> &str {
    fixture.trim_end_matches(".yaml").trim_end_matches(".json")
}

/// Generates `fixture` into a temporary crate, adds `tests/roundtrip.rs` written from its
/// companion `tests/fixtures/<stem>.roundtrip.json` (see [`roundtrip_test`]) and, when there is
/// one, the loopback test file `tests/fixtures/<stem>.wire.rs` as `tests/wire.rs` (each of its
/// `async fn` tests must run and pass), and runs
/// `cargo test --no-fail-fast` there: the crate, its generated tests (the targets of
/// `cargo check --all-targets`: the generated crate has no benches) and the round trips must
/// compile with no warning and pass, and so must the doctests (each page's example). One build
/// per fixture does it all, in the shared target dir of [`cargo_in`]; then `cargo doc --no-deps`
/// must pass with rustdoc's warnings denied.
pub fn fixture_check(fixture: &str) -> String {
    let generated = generate(fixture);
    let companion = root()
        .join("tests/fixtures")
        .join(format!("{}.roundtrip.json", stem(fixture)));
    let cases = std::fs::read_to_string(&companion)
        .unwrap_or_else(|e| panic!("{}: {e}", companion.display()));
    let cases: serde_json::Value =
        serde_json::from_str(&cases).unwrap_or_else(|e| panic!("{}: {e}", companion.display()));
    let lib_name = generated
        .files
        .get("Cargo.toml")
        .and_then(|manifest| {
            let manifest = std::str::from_utf8(manifest).ok()?;
            let line = manifest.lines().find(|l| l.starts_with("name = "))?;
            Some(
                line.trim_start_matches("name = ")
                    .trim_matches('"')
                    .replace('-', "_"),
            )
        })
        .expect("the manifest names the package");
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    let (test, mut tests) = roundtrip_test(&lib_name, &cases)
        .unwrap_or_else(|e| panic!("{}: {e}", companion.display()));
    std::fs::write(krate.join("tests/roundtrip.rs"), test).expect("writes the round trips");
    let wire = root()
        .join("tests/fixtures")
        .join(format!("{}.wire.rs", stem(fixture)));
    if let Ok(source) = std::fs::read_to_string(&wire) {
        tests.extend(source.lines().filter_map(|line| {
            let name = line.strip_prefix("async fn ")?.split('(').next()?;
            Some(name.to_string())
        }));
        std::fs::write(krate.join("tests/wire.rs"), source).expect("writes the wire tests");
    }
    let stdout = cargo_in(&krate, fixture, &["test", "--no-fail-fast"]);
    // rustdoc, as docs.rs runs it, with every warning an error (the environment of `cargo_in`).
    cargo_in(&krate, fixture, &["doc", "--no-deps"]);
    check_feature_sets(&krate, fixture);
    for name in &tests {
        assert!(
            stdout.contains(&format!("test {name} ... ok")),
            "{fixture}: the test `{name}` did not run:\n{stdout}"
        );
    }
    stdout
}

/// The source of a test file (and the names of its tests) for the crate `lib_name` from a
/// companion file of the shape
/// `{"accept": {Type: [json…]}, "reject": {Type: [json…]}, "debug": {Type: [[json, text]…]}}`
/// (`Type` is a type of `<lib_name>::models`, or `Type#label` for a group of its cases tested on
/// their own; every section is optional):
///
/// - `accept`: the value deserializes into `Type`, serializes to JSON with no key written twice
///   in any object, and that JSON equals the value (`serde_json::Value` equality);
/// - `reject`: deserializing the value into `Type` fails;
/// - `debug`: the value deserializes into `Type` and `{:?}` of it is exactly `text` (which
///   variant or which `Option` state the value became).
pub fn roundtrip_test(
    lib_name: &str,
    cases: &serde_json::Value,
) -> Result<(String, Vec<String>), String> {
    let mut out = String::from(ROUNDTRIP_HEAD);
    let top = cases.as_object().ok_or("the companion is not an object")?;
    for key in top.keys() {
        if !["accept", "reject", "debug"].contains(&key.as_str()) {
            return Err(format!("unknown section `{key}`"));
        }
    }
    let (mut count, mut tests) = (0, Vec::new());
    for section in ["accept", "reject", "debug"] {
        let Some(types) = top.get(section) else {
            continue;
        };
        let types = types
            .as_object()
            .ok_or(format!("`{section}` is not an object"))?;
        for (i, (type_name, values)) in types.iter().enumerate() {
            let values = values
                .as_array()
                .filter(|v| !v.is_empty())
                .ok_or(format!("`{section}.{type_name}` is not a non-empty array"))?;
            if section == "debug"
                && !values.iter().all(|v| {
                    v.as_array()
                        .is_some_and(|pair| pair.len() == 2 && pair[1].is_string())
                })
            {
                return Err(format!("`debug.{type_name}` holds [json, text] pairs"));
            }
            // `Type#label` names a group of cases of `Type`, tested on their own.
            let (type_name, label) = type_name.split_once('#').unwrap_or((type_name, ""));
            let fn_name = format!("{type_name}_{label}")
                .chars()
                .map(|c| match c.is_ascii_alphanumeric() {
                    true => c.to_ascii_lowercase(),
                    false => '_',
                })
                .collect::<String>()
                .split('_')
                .filter(|word| !word.is_empty())
                .collect::<Vec<_>>()
                .join("_");
            let cases = serde_json::to_string(values).expect("serializes");
            out.push_str(&format!(
                "\n#[test]\nfn {section}_{i}_{fn_name}() {{\n    {section}::<{lib_name}::models::{type_name}>({type_name:?}, {cases:?});\n}}\n"
            ));
            count += values.len();
            tests.push(format!("{section}_{i}_{fn_name}"));
        }
    }
    match count {
        0 => Err("no cases".to_string()),
        _ => Ok((out, tests)),
    }
}

const ROUNDTRIP_HEAD: &str = r#"//! Serde round trips of the generated models, written by the fixture tests of oapi-docgen.
#![allow(deprecated)]
#![allow(dead_code, reason = "not every fixture has every kind of case")]

use serde::de::{DeserializeOwned, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Any JSON value in which no object has a key twice.
struct NoDuplicateKeys;

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NoDuplicateKeysVisitor)
    }
}

struct NoDuplicateKeysVisitor;

impl<'de> Visitor<'de> for NoDuplicateKeysVisitor {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_unit<E>(self) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NoDuplicateKeys, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NoDuplicateKeys, A::Error> {
        let mut seen = std::collections::BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(A::Error::custom(format!("the key {key:?} is written twice")));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(NoDuplicateKeys)
    }
}

fn cases(json: &str) -> Vec<Value> {
    serde_json::from_str(json).expect("the cases are JSON")
}

fn accept<T: DeserializeOwned + serde::Serialize>(type_name: &str, json: &str) {
    for value in cases(json) {
        let typed: T = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{type_name} rejects {value}: {e}"));
        let text = serde_json::to_string(&typed)
            .unwrap_or_else(|e| panic!("{type_name} cannot serialize {value}: {e}"));
        if let Err(e) = serde_json::from_str::<NoDuplicateKeys>(&text) {
            panic!("{type_name}: {value} is written back as {text}: {e}");
        }
        let back: Value = serde_json::from_str(&text).expect("the output is JSON");
        assert_eq!(back, value, "{type_name}: {value} is written back as {text}");
    }
}

fn reject<T: DeserializeOwned + std::fmt::Debug>(type_name: &str, json: &str) {
    for value in cases(json) {
        if let Ok(typed) = serde_json::from_value::<T>(value.clone()) {
            panic!("{type_name} accepts {value} as {typed:?}");
        }
    }
}

fn debug<T: DeserializeOwned + std::fmt::Debug>(type_name: &str, json: &str) {
    for pair in cases(json) {
        let (value, expected) = (&pair[0], pair[1].as_str().expect("a text"));
        let typed: T = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{type_name} rejects {value}: {e}"));
        assert_eq!(format!("{typed:?}"), expected, "{type_name}: {value}");
    }
}
"#;
