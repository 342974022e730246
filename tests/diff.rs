//! The semver diff: every pair of specs under `tests/diff/<rule>/` (`old.yaml`, `new.yaml`) is
//! lowered and compared, and the distinct classes found and the bumps from `0.1.0` and from
//! `1.2.3` must match the pair's `expected.json`. A new folder is picked up on its own.

mod common;

use std::path::{Path, PathBuf};

use oapi_docgen::Options;
use oapi_docgen::diff::{Bump, Class, Report, bumped_version, diff};
use oapi_docgen::ir::Api;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The options that generate from the spec at `path`, with no configuration file. The pair
/// about types no operation reaches keeps them (`schemas = "all"`); by default they are not
/// generated, so changing them changes nothing.
fn options(path: &Path) -> Options {
    let unreferenced = path
        .parent()
        .and_then(|dir| dir.file_name())
        .is_some_and(|name| name == "unreferenced-type-changed");
    Options {
        spec: path.to_path_buf(),
        regen_command: "oapi-docgen".into(),
        schemas: match unreferenced {
            true => oapi_docgen::config::Schemas::All,
            false => oapi_docgen::config::Schemas::Reached,
        },
        ..Default::default()
    }
}

/// The API of the spec at `path`, through the pipeline the binary runs: loaded, validated,
/// lowered, with its examples (a sample response is compared as docs).
fn api(path: &Path) -> Api {
    oapi_docgen::lower_spec(&options(path))
        .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
        .0
}

/// The folders of spec pairs, in name order.
fn pairs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/diff"))
        .expect("tests/diff exists")
        .map(|e| e.expect("reads tests/diff").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn report(dir: &Path) -> Report {
    diff(&api(&dir.join("old.yaml")), &api(&dir.join("new.yaml")))
}

fn class_name(class: Class) -> &'static str {
    match class {
        Class::Docs => "docs",
        Class::Additive => "additive",
        Class::Breaking => "breaking",
    }
}

fn bump_name(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

#[test]
fn every_pair_has_its_expected_classes_and_bumps() {
    let dirs = pairs();
    assert!(
        dirs.len() >= 19,
        "expected at least 19 pairs, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let expected_path = dir.join("expected.json");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let report = report(dir);
        let mut classes: Vec<Class> = report.changes.iter().map(|c| c.class).collect();
        classes.sort_by(|a, b| b.cmp(a));
        classes.dedup();
        let actual = serde_json::json!({
            "bump_0": bump_name(report.bump("0.1.0")),
            "bump_1": bump_name(report.bump("1.2.3")),
            "classes": classes.iter().map(|c| class_name(*c)).collect::<Vec<_>>(),
        });
        if actual != expected {
            failures.push(format!(
                "{name}: expected {expected}, got {actual}\n{}",
                report.to_markdown("1.2.3")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Each rule's pair reports the change it is named after, with a message saying why.
#[test]
fn pairs_name_the_rule_they_test() {
    let cases: &[(&str, Class, Option<&str>, &str, &str)] = &[
        (
            "operation-removed",
            Class::Breaking,
            Some("createPet"),
            "#/paths/~1pets/post",
            "operation `createPet` removed",
        ),
        (
            "operation-renamed",
            Class::Breaking,
            Some("addPet"),
            "#/paths/~1pets/post",
            "method `create_pet` renamed to `add_pet`",
        ),
        (
            "required-param-added",
            Class::Breaking,
            Some("getPet"),
            "#/paths/~1pets~1{petId}/get/parameters/verbose",
            "required parameter `verbose` added",
        ),
        (
            "required-request-field-added",
            Class::Breaking,
            Some("createPet"),
            "#/components/schemas/NewPet/properties/owner",
            "required request field `owner` added: existing calls no longer compile",
        ),
        (
            "optional-request-field-made-required",
            Class::Breaking,
            Some("createPet"),
            "#/components/schemas/NewPet/properties/age",
            "request field `age` made required",
        ),
        (
            "request-field-removed",
            Class::Breaking,
            Some("createPet"),
            "#/components/schemas/NewPet/properties/age",
            "request field `age` removed",
        ),
        (
            "response-field-removed",
            Class::Breaking,
            Some("getPet"),
            "#/components/schemas/Pet/properties/name",
            "response field `name` removed",
        ),
        (
            "response-field-made-optional",
            Class::Breaking,
            Some("getPet"),
            "#/components/schemas/Pet/properties/name",
            "response field `name` made optional",
        ),
        (
            "response-field-made-nullable",
            Class::Breaking,
            Some("getPet"),
            "#/components/schemas/Pet/properties/name",
            "response field `name` made nullable",
        ),
        (
            "type-changed",
            Class::Breaking,
            Some("createPet"),
            "#/components/schemas/NewPet/properties/age",
            "request field `age` changed type from `i32` to `String`",
        ),
        (
            "enum-value-removed",
            Class::Breaking,
            Some("getPet"),
            "#/components/schemas/Species",
            "enum value `cat` of `Species` removed",
        ),
        (
            "type-renamed",
            Class::Breaking,
            Some("getPet"),
            "#/components/schemas/Animal",
            "type `Pet` renamed to `Animal`",
        ),
        (
            "operation-added",
            Class::Additive,
            Some("deletePet"),
            "#/paths/~1pets~1{petId}/delete",
            "operation `deletePet` added",
        ),
        (
            "optional-request-field-added",
            Class::Additive,
            Some("createPet"),
            "#/components/schemas/NewPet/properties/nickname",
            "optional request field `nickname` added",
        ),
        (
            "response-field-added",
            Class::Additive,
            Some("getPet"),
            "#/components/schemas/Pet/properties/tag",
            "response field `tag` added",
        ),
        (
            "enum-value-added",
            Class::Additive,
            Some("createPet"),
            "#/components/schemas/Species",
            "enum value `bird` added to `Species`",
        ),
        (
            "required-request-field-made-optional",
            Class::Breaking,
            Some("createPet"),
            "#/components/schemas/NewPet/properties/name",
            "request field `name` made optional",
        ),
        (
            "unreferenced-type-changed",
            Class::Breaking,
            None,
            "#/components/schemas/Extra/properties/score",
            "field `score` removed",
        ),
        (
            "docs-only",
            Class::Docs,
            Some("getPet"),
            "#/paths/~1pets~1{petId}/get",
            "description changed",
        ),
        (
            "docs-only",
            Class::Docs,
            Some("createPet"),
            "#/components/schemas/NewPet/properties/name",
            "example of request field `name` changed",
        ),
    ];
    for (pair, class, op, pointer, message) in cases {
        let report = report(&root().join("tests/diff").join(pair));
        let found = report.changes.iter().any(|c| {
            c.class == *class
                && c.operation.as_deref() == *op
                && c.pointer == *pointer
                && c.message.starts_with(message)
        });
        assert!(
            found,
            "{pair}: no {class:?} change under {op:?} at {pointer} saying {message:?}:\n{:#?}",
            report.changes
        );
    }
}

/// A type reached from several operations reports its change under each of them.
#[test]
fn a_shared_type_reports_under_every_operation() {
    let report = report(&root().join("tests/diff/enum-value-removed"));
    let ops: Vec<Option<&str>> = report
        .changes
        .iter()
        .filter(|c| c.message.starts_with("enum value `cat`"))
        .map(|c| c.operation.as_deref())
        .collect();
    assert!(ops.contains(&Some("createPet")), "{ops:?}");
    assert!(ops.contains(&Some("getPet")), "{ops:?}");
}

#[test]
fn a_spec_diffed_with_itself_has_no_change() {
    for spec in [
        "petstore.yaml",
        "unions.yaml",
        "enums.yaml",
        "param_kinds.yaml",
    ] {
        let api = api(&root().join("tests/fixtures").join(spec));
        let report = diff(&api, &api);
        assert!(report.changes.is_empty(), "{spec}: {:#?}", report.changes);
        assert_eq!(report.bump("0.1.0"), Bump::None);
        assert_eq!(report.bump("1.2.3"), Bump::None);
    }
}

#[test]
fn diffing_twice_gives_the_same_report() {
    for dir in pairs() {
        let (old, new) = (api(&dir.join("old.yaml")), api(&dir.join("new.yaml")));
        let first = diff(&old, &new);
        let second = diff(&old, &new);
        assert_eq!(first, second, "{}", dir.display());
        assert_eq!(first.to_json("1.2.3"), second.to_json("1.2.3"));
        assert_eq!(first.to_markdown("1.2.3"), second.to_markdown("1.2.3"));
    }
}

/// The report is sorted: by operation (none last), then breaking first, then pointer, then
/// message.
#[test]
fn changes_are_sorted() {
    let old = api(&root().join("tests/diff/operation-removed/new.yaml"));
    let new = api(&root().join("tests/diff/type-renamed/new.yaml"));
    let report = diff(&old, &new);
    assert!(report.changes.len() > 1, "{:#?}", report.changes);
    for pair in report.changes.windows(2) {
        let key = |c: &oapi_docgen::diff::Change| {
            (
                c.operation.is_none(),
                c.operation.clone(),
                std::cmp::Reverse(c.class),
                c.pointer.clone(),
                c.message.clone(),
            )
        };
        assert!(key(&pair[0]) < key(&pair[1]), "{pair:#?}");
    }
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let report = report(&root().join("tests/diff/operation-renamed"));
    let json: serde_json::Value =
        serde_json::from_str(&report.to_json("0.1.0")).expect("the report is JSON");
    let top = json.as_object().expect("an object");
    assert_eq!(top.keys().collect::<Vec<_>>(), ["bump", "changes"]);
    assert_eq!(top["bump"], "minor");
    let changes = top["changes"].as_array().expect("an array");
    assert_eq!(changes.len(), report.changes.len());
    assert!(!changes.is_empty());
    for (change, expected) in changes.iter().zip(&report.changes) {
        let change = change.as_object().expect("each change is an object");
        assert_eq!(
            change.keys().collect::<Vec<_>>(),
            ["class", "operation", "pointer", "message"]
        );
        assert_eq!(change["class"], class_name(expected.class));
        assert_eq!(change["operation"].as_str(), expected.operation.as_deref());
        assert_eq!(change["pointer"], expected.pointer.as_str());
        assert_eq!(change["message"], expected.message.as_str());
    }
    assert!(
        report.to_json("0.1.0").contains("\n  \"changes\": ["),
        "pretty-printed"
    );

    let none = Report { changes: vec![] };
    let json: serde_json::Value = serde_json::from_str(&none.to_json("1.0.0")).expect("JSON");
    assert_eq!(json, serde_json::json!({"bump": "none", "changes": []}));
}

#[test]
fn json_writes_null_for_changes_outside_operations() {
    let report = Report {
        changes: vec![oapi_docgen::diff::Change {
            class: Class::Additive,
            operation: None,
            pointer: "#/components/schemas/Extra".into(),
            message: "type `Extra` added".into(),
        }],
    };
    let json: serde_json::Value = serde_json::from_str(&report.to_json("1.2.3")).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({"bump": "minor", "changes": [{
            "class": "additive",
            "operation": null,
            "pointer": "#/components/schemas/Extra",
            "message": "type `Extra` added",
        }]})
    );
}

#[test]
fn markdown_lists_each_operation_breaking_first() {
    let old = api(&root().join("tests/diff/operation-added/old.yaml"));
    let new = api(&root().join("tests/diff/operation-removed/new.yaml"));
    // createPet removed (breaking), nothing else: one section.
    let md = diff(&old, &new).to_markdown("1.2.3");
    assert!(md.contains("**major** (`1.2.3` → `2.0.0`)"), "{md}");
    assert!(md.contains("\n## `createPet`\n"), "{md}");
    assert!(
        md.contains("- **breaking**: operation `createPet` removed"),
        "{md}"
    );
    assert!(md.contains("(`#/paths/~1pets/post`)"), "{md}");

    // Breaking sections come before additive ones whatever their names; outside operations last.
    let change = |class, operation: Option<&str>| oapi_docgen::diff::Change {
        class,
        operation: operation.map(str::to_string),
        pointer: "#".into(),
        message: "m".into(),
    };
    let report = Report {
        changes: vec![
            change(Class::Additive, Some("aaa")),
            change(Class::Docs, Some("bbb")),
            change(Class::Breaking, Some("zzz")),
            change(Class::Breaking, None),
        ],
    };
    let md = report.to_markdown("0.1.0");
    let at = |heading: &str| {
        md.find(heading)
            .unwrap_or_else(|| panic!("{heading}: {md}"))
    };
    assert!(at("## `zzz`") < at("## `aaa`"), "{md}");
    assert!(at("## `aaa`") < at("## `bbb`"), "{md}");
    assert!(at("## `bbb`") < at("## Outside operations"), "{md}");

    let none = Report { changes: vec![] }.to_markdown("0.1.0");
    assert!(none.contains("No changes."), "{none}");
}

#[test]
fn bumps_follow_cargo_semver() {
    let with = |class| Report {
        changes: vec![oapi_docgen::diff::Change {
            class,
            operation: None,
            pointer: "#".into(),
            message: "m".into(),
        }],
    };
    let cases = [
        (Class::Breaking, "0.1.0", Bump::Minor),
        (Class::Additive, "0.1.0", Bump::Patch),
        (Class::Docs, "0.1.0", Bump::Patch),
        (Class::Breaking, "1.2.3", Bump::Major),
        (Class::Additive, "1.2.3", Bump::Minor),
        (Class::Docs, "1.2.3", Bump::Patch),
        (Class::Breaking, "0.0.1", Bump::Minor),
        (Class::Breaking, "not a version", Bump::Major),
        (Class::Additive, "", Bump::Minor),
        (Class::Breaking, "1.0.0-rc.1", Bump::Major),
    ];
    for (class, version, bump) in cases {
        assert_eq!(with(class).bump(version), bump, "{class:?} from {version}");
    }
    assert_eq!(Report::default().bump("0.1.0"), Bump::None);
}

#[test]
fn bumped_versions() {
    assert_eq!(bumped_version("0.1.0", Bump::Minor), "0.2.0");
    assert_eq!(bumped_version("0.1.0", Bump::Patch), "0.1.1");
    assert_eq!(bumped_version("0.1.7", Bump::Minor), "0.2.0");
    assert_eq!(bumped_version("1.2.3", Bump::Major), "2.0.0");
    assert_eq!(bumped_version("1.2.3", Bump::Minor), "1.3.0");
    assert_eq!(bumped_version("1.2.3", Bump::Patch), "1.2.4");
    assert_eq!(bumped_version("1.2.3", Bump::None), "1.2.3");
    assert_eq!(bumped_version("1.2.3-beta.1+build", Bump::Patch), "1.2.4");
    assert_eq!(bumped_version("garbage", Bump::Major), "garbage");
    assert_eq!(
        bumped_version("18446744073709551615.0.0", Bump::Major),
        "18446744073709551615.0.0"
    );
}

/// Any two specs can be compared: every ordered pair of the fixtures gives a report (no
/// panic), the same one twice, and a spec compared with itself gives none.
#[test]
fn any_two_fixtures_compare() {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .map(|e| e.expect("reads tests/fixtures").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    let apis: Vec<(PathBuf, Api)> = specs
        .into_iter()
        .filter_map(|p| {
            let api = oapi_docgen::lower_spec(&options(&p)).ok()?.0;
            Some((p, api))
        })
        .collect();
    assert!(apis.len() > 5, "{} fixtures lowered", apis.len());
    for (old_path, old) in &apis {
        for (new_path, new) in &apis {
            let report = diff(old, new);
            assert_eq!(report, diff(old, new));
            if old_path == new_path {
                assert!(
                    report.changes.is_empty(),
                    "{}: {:#?}",
                    old_path.display(),
                    report.changes
                );
            }
            let json: serde_json::Value =
                serde_json::from_str(&report.to_json("0.1.0")).expect("the report is JSON");
            assert_eq!(
                json["changes"].as_array().map(Vec::len),
                Some(report.changes.len())
            );
        }
    }
}

/// Exploratory: compares the two upstream specs when both variables name them.
/// The real history: the 2022-10 and 2023-11 upstream Authing specs. Opt-in, like every test of
/// the upstream specs (`.ci/run` sets both variables).
#[test]
fn upstream_specs_compare() {
    let Some(old) = common::upstream_spec(common::UPSTREAM_SPEC_OLD_VAR, "upstream_specs_compare")
    else {
        return;
    };
    let Some(new) = common::upstream_spec(common::UPSTREAM_SPEC_VAR, "upstream_specs_compare")
    else {
        return;
    };
    let (old, new) = (api(&old), api(&new));
    let report = diff(&old, &new);
    assert!(diff(&new, &new).changes.is_empty());
    assert!(diff(&old, &old).changes.is_empty());
    assert_eq!(report, diff(&old, &new), "deterministic");
    let count = |class: Class| report.changes.iter().filter(|c| c.class == class).count();
    // A year of upstream history breaks the Rust API (operations were removed and renamed) and
    // adds to it.
    assert!(count(Class::Breaking) > 0 && count(Class::Additive) > 0);
    assert_eq!(report.bump("0.1.0"), Bump::Minor);
    assert_eq!(report.bump("1.0.0"), Bump::Major);
    eprintln!(
        "upstream 2022-10 -> 2023-11: {} breaking, {} additive, {} docs",
        count(Class::Breaking),
        count(Class::Additive),
        count(Class::Docs)
    );
}

/// What belongs to the whole API: the client type and the builder setters are Rust names.
#[test]
fn client_and_setter_renames_are_breaking() {
    let old = api(&root().join("tests/fixtures/petstore.yaml"));
    let mut new = old.clone();
    new.client_name = "StoreClient".into();
    for scheme in &mut new.security_schemes {
        scheme.setter = format!("{}_key", scheme.setter);
    }
    new.title = "Another title".into();
    let report = diff(&old, &new);
    let found = |class: Class, pointer: &str, start: &str| {
        report.changes.iter().any(|c| {
            c.class == class
                && c.operation.is_none()
                && c.pointer == pointer
                && c.message.starts_with(start)
        })
    };
    assert!(
        found(
            Class::Breaking,
            "#",
            "client type `PetClient` renamed to `StoreClient`"
        ),
        "{:#?}",
        report.changes
    );
    assert!(
        found(
            Class::Breaking,
            "#/components/securitySchemes/api_key",
            "builder setter of security scheme `api_key` renamed"
        ),
        "{:#?}",
        report.changes
    );
    assert!(
        found(Class::Docs, "#/info/title", "the API's title changed"),
        "{:#?}",
        report.changes
    );
    assert_eq!(report.bump("1.2.3"), Bump::Major);
}

/// A type no operation reaches is compared by name; a new one is additive, a removed one
/// breaking, both outside operations.
#[test]
fn types_outside_operations_are_compared_by_name() {
    let all = |path: &Path| {
        let options = Options {
            schemas: oapi_docgen::config::Schemas::All,
            ..options(path)
        };
        oapi_docgen::lower_spec(&options).unwrap().0
    };
    let old = all(&root().join("tests/diff/unreferenced-type-changed/old.yaml"));
    let new = all(&root().join("tests/diff/no-change/new.yaml"));
    let removed = diff(&old, &new);
    assert_eq!(removed.changes.len(), 1, "{:#?}", removed.changes);
    assert_eq!(removed.changes[0].class, Class::Breaking);
    assert_eq!(removed.changes[0].operation, None);
    assert_eq!(removed.changes[0].pointer, "#/components/schemas/Extra");
    let added = diff(&new, &old);
    assert_eq!(added.changes.len(), 1, "{:#?}", added.changes);
    assert_eq!(added.changes[0].class, Class::Additive);
    assert_eq!(added.changes[0].message, "type `Extra` added");
}
