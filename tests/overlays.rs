//! OpenAPI Overlay 1.0.x application (`oapi_docgen::overlay`): update merges, removals,
//! action order, unmatched targets, malformed overlays and reading overlay files.

use std::path::Path;

use oapi_docgen::overlay::{apply, apply_file};
use serde_json::{Value, json};

const NAME: &str = "spec/overlays/x.yaml";

/// An overlay document with these actions.
fn overlay(actions: Value) -> Value {
    json!({
        "overlay": "1.0.0",
        "info": {"title": "Test overlay", "version": "1.0.0"},
        "actions": actions,
    })
}

/// Applies `actions` to `doc` without strictness; returns the warnings.
fn run(doc: &mut Value, actions: Value) -> Vec<String> {
    apply(doc, &overlay(actions), Path::new(NAME), false).expect("the overlay applies")
}

/// The error message of applying a malformed `overlay` to a small document.
fn error_of(overlay: Value) -> String {
    let mut doc = json!({"paths": {}});
    let before = doc.clone();
    let err =
        apply(&mut doc, &overlay, Path::new(NAME), false).expect_err("the overlay is refused");
    assert_eq!(
        doc, before,
        "a malformed overlay leaves the document as it was"
    );
    err.to_string()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn update_merges_into_an_object_recursively() {
    let mut doc = json!({
        "info": {
            "title": "Old",
            "version": "1",
            "contact": {"name": "Ann", "email": "ann@example.com"},
            "x-tags": ["a", "b"],
            "x-count": 1,
        }
    });
    let warnings = run(
        &mut doc,
        json!([{
            "target": "$.info",
            "update": {
                "title": "New",
                "contact": {"email": "team@example.com", "url": "https://example.com"},
                "x-tags": ["c"],
                "x-count": {"now": "an object"},
                "description": "added",
            }
        }]),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        doc,
        json!({
            "info": {
                "title": "New",
                "version": "1",
                "contact": {
                    "name": "Ann",
                    "email": "team@example.com",
                    "url": "https://example.com",
                },
                "x-tags": ["a", "b", "c"],
                "x-count": {"now": "an object"},
                "description": "added",
            }
        })
    );
    // Existing keys keep their place; new ones come last.
    assert_eq!(
        keys(&doc["info"]),
        [
            "title",
            "version",
            "contact",
            "x-tags",
            "x-count",
            "description"
        ]
    );
    assert_eq!(keys(&doc["info"]["contact"]), ["name", "email", "url"]);
}

#[test]
fn update_applies_to_every_node_a_wildcard_selects() {
    let mut doc = json!({
        "paths": {
            "/pets": {"get": {"summary": "List"}, "post": {"summary": "Add"}},
            "/pets/{id}": {"get": {"summary": "Show"}},
            "/health": {"head": {"summary": "Ping"}},
        }
    });
    run(
        &mut doc,
        json!([{"target": "$.paths.*.get", "update": {"x-cached": true}}]),
    );
    assert_eq!(
        doc["paths"],
        json!({
            "/pets": {"get": {"summary": "List", "x-cached": true}, "post": {"summary": "Add"}},
            "/pets/{id}": {"get": {"summary": "Show", "x-cached": true}},
            "/health": {"head": {"summary": "Ping"}},
        })
    );
}

#[test]
fn update_applies_to_every_node_a_filter_selects() {
    let mut doc = json!({
        "paths": {
            "/pets": {"get": {}, "post": {}},
            "/pets/{id}": {"get": {}},
            "/health": {"head": {}},
        }
    });
    run(
        &mut doc,
        json!([{"target": "$.paths[?@.get]", "update": {"summary": "readable"}}]),
    );
    assert_eq!(doc["paths"]["/pets"]["summary"], "readable");
    assert_eq!(doc["paths"]["/pets/{id}"]["summary"], "readable");
    assert_eq!(doc["paths"]["/health"], json!({"head": {}}));
}

#[test]
fn update_on_an_array_appends() {
    let mut doc = json!({"tags": [{"name": "a"}], "servers": [{"url": "https://one"}]});
    run(
        &mut doc,
        json!([
            {"target": "$.tags", "update": {"name": "b"}},
            {"target": "$.servers", "update": [{"url": "https://two"}, {"url": "https://three"}]},
        ]),
    );
    assert_eq!(doc["tags"], json!([{"name": "a"}, {"name": "b"}]));
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://one"}, {"url": "https://two"}, {"url": "https://three"}])
    );
}

#[test]
fn update_replaces_a_scalar_target() {
    let mut doc = json!({"info": {"title": "Old", "version": "1"}, "tags": [1, 2, 3]});
    run(
        &mut doc,
        json!([
            {"target": "$.info.title", "update": "New"},
            {"target": "$.tags[1]", "update": {"now": "an object"}},
        ]),
    );
    assert_eq!(doc["info"], json!({"title": "New", "version": "1"}));
    assert_eq!(doc["tags"], json!([1, {"now": "an object"}, 3]));
}

#[test]
fn a_node_selected_twice_is_updated_once() {
    let mut doc = json!({"lists": [["a"]]});
    run(
        &mut doc,
        json!([{"target": "$.lists[0, 0, -1]", "update": "b"}]),
    );
    assert_eq!(doc, json!({"lists": [["a", "b"]]}));
}

#[test]
fn keys_with_slashes_and_tildes_are_addressed_exactly() {
    let mut doc = json!({
        "paths": {
            "/a/b": {"get": {}},
            "/a": {"get": {}},
            "~x": {"get": {}},
        }
    });
    run(
        &mut doc,
        json!([
            {"target": "$.paths['/a/b'].get", "update": {"summary": "slashes"}},
            {"target": "$.paths['~x'].get", "update": {"summary": "tilde"}},
            {"target": "$.paths['/a']", "remove": true},
        ]),
    );
    assert_eq!(
        doc,
        json!({
            "paths": {
                "/a/b": {"get": {"summary": "slashes"}},
                "~x": {"get": {"summary": "tilde"}},
            }
        })
    );
}

#[test]
fn remove_deletes_several_array_elements_and_keeps_indexes_right() {
    let mut doc = json!({
        "tags": [
            {"name": "t0", "x-internal": true},
            {"name": "t1"},
            {"name": "t2", "x-internal": true},
            {"name": "t3", "x-internal": true},
            {"name": "t4"},
        ]
    });
    run(
        &mut doc,
        json!([{"target": "$.tags[?@['x-internal'] == true]", "remove": true}]),
    );
    assert_eq!(doc, json!({"tags": [{"name": "t1"}, {"name": "t4"}]}));
}

#[test]
fn remove_deletes_object_members_and_nested_matches() {
    let mut doc = json!({
        "paths": {
            "/a": {"get": {"x-internal": 1}, "post": {}, "delete": {"x-internal": 2}},
            "/b": {"put": {}, "x-internal": 3},
        },
        "components": {"schemas": {"A": {}, "B": {}, "C": {}}},
        "list": [[0, 1, 2], [3, 4, 5]],
    });
    run(
        &mut doc,
        json!([
            {"target": "$..['x-internal']", "remove": true},
            {"target": "$.components.schemas['A', 'C']", "remove": true},
            // The first item of each inner array.
            {"target": "$.list[0, 1][0]", "remove": true},
            {"target": "$.paths['/a'].delete", "remove": true},
        ]),
    );
    assert_eq!(
        doc,
        json!({
            "paths": {
                "/a": {"get": {}, "post": {}},
                "/b": {"put": {}},
            },
            "components": {"schemas": {"B": {}}},
            "list": [[1, 2], [4, 5]],
        })
    );
}

#[test]
fn remove_of_a_node_and_its_descendants_together() {
    let mut doc = json!({"a": [[1, 2], [3, [4, 5]]], "b": 0});
    // `$.a..*` selects every array below `a` and every item in them.
    run(&mut doc, json!([{"target": "$.a..*", "remove": true}]));
    assert_eq!(doc, json!({"a": [], "b": 0}));
}

#[test]
fn remove_keeps_the_order_of_remaining_keys() {
    let mut doc = json!({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5});
    run(&mut doc, json!([{"target": "$['b', 'd']", "remove": true}]));
    assert_eq!(keys(&doc), ["a", "c", "e"]);
}

#[test]
fn remove_wins_over_update() {
    let mut doc = json!({"a": {"b": 1}, "c": 2});
    run(
        &mut doc,
        json!([{"target": "$.a", "update": {"d": 3}, "remove": true}]),
    );
    assert_eq!(doc, json!({"c": 2}));
}

#[test]
fn remove_false_with_an_update_updates() {
    let mut doc = json!({"a": {"b": 1}});
    run(
        &mut doc,
        json!([{"target": "$.a", "update": {"d": 3}, "remove": false}]),
    );
    assert_eq!(doc, json!({"a": {"b": 1, "d": 3}}));
}

#[test]
fn actions_apply_in_order_each_to_the_previous_result() {
    let mut doc = json!({"info": {"title": "T"}});
    let warnings = run(
        &mut doc,
        json!([
            {"target": "$.info", "update": {"x-logo": {"url": "a.png"}}},
            // Only exists thanks to the action before.
            {"target": "$.info['x-logo']", "update": {"alt": "logo"}},
            {"target": "$.info.title", "remove": true},
            // Removed by the action before.
            {"target": "$.info.title", "update": "again"},
            {"target": "$.info", "update": {"title": "Back"}},
        ]),
    );
    assert_eq!(
        doc,
        json!({"info": {"x-logo": {"url": "a.png", "alt": "logo"}, "title": "Back"}})
    );
    assert_eq!(
        warnings,
        ["spec/overlays/x.yaml: actions[3] (target `$.info.title`): matches nothing"]
    );
}

#[test]
fn a_target_matching_nothing_is_a_warning() {
    let mut doc = json!({"paths": {"/a": {}}});
    let warnings = run(
        &mut doc,
        json!([
            {"target": "$.paths['/b']", "update": {"get": {}}},
            {"target": "$.paths['/a']", "update": {"get": {}}},
            {"target": "$.nope[*]", "remove": true},
        ]),
    );
    assert_eq!(
        warnings,
        [
            "spec/overlays/x.yaml: actions[0] (target `$.paths['/b']`): matches nothing",
            "spec/overlays/x.yaml: actions[2] (target `$.nope[*]`): matches nothing",
        ]
    );
    assert_eq!(doc, json!({"paths": {"/a": {"get": {}}}}));
}

#[test]
fn a_target_matching_nothing_is_an_error_when_strict() {
    let mut doc = json!({"paths": {"/a": {}}});
    let err = apply(
        &mut doc,
        &overlay(json!([
            {"target": "$.paths['/a']", "update": {"get": {}}},
            {"target": "$.paths['/b']", "remove": true},
        ])),
        Path::new(NAME),
        true,
    )
    .expect_err("strict refuses an unmatched target");
    assert_eq!(
        err.to_string(),
        "spec/overlays/x.yaml: actions[1] (target `$.paths['/b']`): matches nothing"
    );
    assert!(matches!(err, oapi_docgen::Error::Overlay { .. }));
}

#[test]
fn strict_with_every_target_matching_gives_no_warnings() {
    let mut doc = json!({"a": 1});
    let warnings = apply(
        &mut doc,
        &overlay(json!([{"target": "$.a", "update": 2}])),
        Path::new(NAME),
        true,
    )
    .expect("applies");
    assert!(warnings.is_empty());
    assert_eq!(doc, json!({"a": 2}));
}

#[test]
fn removing_the_root_is_an_error() {
    let mut doc = json!({"a": 1});
    let err = apply(
        &mut doc,
        &overlay(json!([{"target": "$", "remove": true}])),
        Path::new(NAME),
        false,
    )
    .expect_err("the root cannot be removed");
    assert_eq!(
        err.to_string(),
        "spec/overlays/x.yaml: actions[0] (target `$`): cannot remove the document root"
    );
    assert_eq!(doc, json!({"a": 1}));
}

#[test]
fn updating_the_root_merges_into_it() {
    let mut doc = json!({"a": {"b": 1}});
    run(
        &mut doc,
        json!([{"target": "$", "update": {"a": {"c": 2}}}]),
    );
    assert_eq!(doc, json!({"a": {"b": 1, "c": 2}}));
}

#[test]
fn every_1_0_x_version_and_an_empty_action_list_are_accepted() {
    for version in ["1.0.0", "1.0.1", "1.0.12"] {
        let mut doc = json!({"a": 1});
        let overlay = json!({
            "overlay": version,
            "info": {"title": "T", "version": "1"},
            "extends": "https://example.com/openapi.yaml",
            "actions": [],
        });
        let warnings = apply(&mut doc, &overlay, Path::new(NAME), true).expect(version);
        assert!(warnings.is_empty());
        assert_eq!(doc, json!({"a": 1}));
    }
}

#[test]
fn a_malformed_overlay_document_is_an_error_naming_the_file() {
    let info = json!({"title": "T", "version": "1"});
    let cases = [
        (
            json!(["not", "an", "object"]),
            "an overlay must be an object with `overlay`, `info` and `actions`, found an array",
        ),
        (
            json!({"info": info, "actions": []}),
            "missing `overlay` (the Overlay Specification version, such as \"1.0.0\")",
        ),
        (
            json!({"overlay": 1.0, "info": info, "actions": []}),
            "`overlay` must be a version string such as \"1.0.0\", found a number",
        ),
        (
            json!({"overlay": "2.0.0", "info": info, "actions": []}),
            "unsupported overlay version `2.0.0` (only 1.0.x is supported)",
        ),
        (
            json!({"overlay": "1.0", "info": info, "actions": []}),
            "unsupported overlay version `1.0` (only 1.0.x is supported)",
        ),
        (json!({"overlay": "1.0.0", "actions": []}), "missing `info`"),
        (
            json!({"overlay": "1.0.0", "info": "T", "actions": []}),
            "`info` must be an object, found a string",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"version": "1"}, "actions": []}),
            "missing `info.title`",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"title": "T"}, "actions": []}),
            "missing `info.version`",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"title": "T", "version": 1}, "actions": []}),
            "`info.version` must be a string, found a number",
        ),
        (
            json!({"overlay": "1.0.0", "info": info, "extends": 3, "actions": []}),
            "`extends` must be a string, found a number",
        ),
        (
            json!({"overlay": "1.0.0", "info": info}),
            "missing `actions`",
        ),
        (
            json!({"overlay": "1.0.0", "info": info, "actions": {"target": "$"}}),
            "`actions` must be an array, found an object",
        ),
    ];
    for (overlay, message) in cases {
        assert_eq!(
            error_of(overlay.clone()),
            format!("spec/overlays/x.yaml: {message}"),
            "{overlay}"
        );
    }
}

#[test]
fn a_malformed_action_is_an_error_naming_file_index_and_target() {
    let ok = json!({"target": "$.paths", "update": {}});
    let cases = [
        (
            json!("remove"),
            "actions[1]: an action must be an object, found a string",
        ),
        (json!({"update": {}}), "actions[1]: missing `target`"),
        (
            json!({"target": ["$"], "update": {}}),
            "actions[1]: `target` must be a JSONPath string, found an array",
        ),
        (
            json!({"target": "paths", "update": {}}),
            "actions[1] (target `paths`): the target must be a JSONPath starting with `$`",
        ),
        (
            json!({"target": "$.paths", "description": 5, "update": {}}),
            "actions[1] (target `$.paths`): `description` must be a string, found a number",
        ),
        (
            json!({"target": "$.paths"}),
            "actions[1] (target `$.paths`): an action needs `update` or `remove: true`",
        ),
        (
            json!({"target": "$.paths", "remove": false}),
            "actions[1] (target `$.paths`): an action needs `update` or `remove: true`",
        ),
        (
            json!({"target": "$.paths", "remove": "yes"}),
            "actions[1] (target `$.paths`): `remove` must be a boolean, found a string",
        ),
    ];
    for (action, message) in cases {
        // The bad action follows a good one: nothing applies when any action is malformed.
        let overlay = overlay(json!([ok, action]));
        assert_eq!(
            error_of(overlay),
            format!("spec/overlays/x.yaml: {message}"),
            "{action}"
        );
    }
}

#[test]
fn an_invalid_jsonpath_is_an_error_naming_file_index_and_target() {
    for target in ["$.foo[", "$.paths[?@.get ==]", "$..", "$['a'"] {
        let message = error_of(overlay(json!([
            {"target": "$.paths", "update": {}},
            {"target": "$.paths", "update": {}},
            {"target": target, "remove": true},
        ])));
        let prefix =
            format!("spec/overlays/x.yaml: actions[2] (target `{target}`): invalid JSONPath: ");
        assert!(
            message.starts_with(&prefix) && message.len() > prefix.len(),
            "{message}"
        );
    }
}

#[test]
fn apply_file_reads_a_json_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rename.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&overlay(json!([
            {"target": "$.info", "update": {"title": "Renamed"}},
            {"target": "$.paths['/gone']", "remove": true},
            {"target": "$.tags", "update": {"name": "added"}},
        ])))
        .unwrap(),
    )
    .unwrap();
    let mut doc = json!({"info": {"title": "T"}, "paths": {"/gone": {}, "/kept": {}}});
    let warnings = apply_file(&mut doc, &path, false).expect("applies");
    assert_eq!(
        doc,
        json!({"info": {"title": "Renamed"}, "paths": {"/kept": {}}})
    );
    assert_eq!(
        warnings,
        [format!(
            "{}: actions[2] (target `$.tags`): matches nothing",
            path.display()
        )]
    );
}

#[test]
fn apply_file_reads_a_yaml_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tidy.yaml");
    std::fs::write(
        &path,
        r#"overlay: 1.0.0
info:
  title: Tidy the spec
  version: "2"
extends: ../openapi.yaml
actions:
  - target: $.paths.*[?@.deprecated == true]
    description: Drop deprecated operations
    remove: true
  - target: "$.paths['/pets'].get"
    update:
      tags: [pets]
      parameters:
        - name: limit
          in: query
  - target: $.servers
    update:
      url: https://api.example.com
"#,
    )
    .unwrap();
    let mut doc = json!({
        "paths": {
            "/pets": {
                "get": {"parameters": [{"name": "page", "in": "query"}]},
                "post": {"deprecated": true},
            },
        },
        "servers": [],
    });
    let warnings = apply_file(&mut doc, &path, true).expect("applies");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        doc,
        json!({
            "paths": {
                "/pets": {
                    "get": {
                        "parameters": [
                            {"name": "page", "in": "query"},
                            {"name": "limit", "in": "query"},
                        ],
                        "tags": ["pets"],
                    },
                },
            },
            "servers": [{"url": "https://api.example.com"}],
        })
    );
}

#[test]
fn apply_file_names_the_file_when_the_yaml_action_is_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yml");
    std::fs::write(
        &path,
        "overlay: 1.0.0\ninfo: {title: T, version: '1'}\nactions:\n  - target: $.info\n    update: {}\n  - target: $.foo[\n    remove: true\n",
    )
    .unwrap();
    let mut doc = json!({"info": {}});
    let message = apply_file(&mut doc, &path, false)
        .expect_err("refused")
        .to_string();
    let prefix = format!(
        "{}: actions[1] (target `$.foo[`): invalid JSONPath: ",
        path.display()
    );
    assert!(message.starts_with(&prefix), "{message}");
}

#[test]
fn apply_file_reports_unreadable_empty_and_unparsable_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = json!({});

    let missing = dir.path().join("missing.yaml");
    let message = apply_file(&mut doc, &missing, false)
        .expect_err("missing")
        .to_string();
    assert!(
        message.starts_with(&format!("{}: cannot read the overlay: ", missing.display())),
        "{message}"
    );

    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, "  \n").unwrap();
    let message = apply_file(&mut doc, &empty, false)
        .expect_err("empty")
        .to_string();
    assert_eq!(
        message,
        format!("{}: the overlay file is empty", empty.display())
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"overlay\": ").unwrap();
    let message = apply_file(&mut doc, &broken, false)
        .expect_err("broken")
        .to_string();
    assert!(
        message.starts_with(&format!("{}:1:", broken.display())) && message.contains("JSON"),
        "{message}"
    );

    let scalar = dir.path().join("scalar.yaml");
    std::fs::write(&scalar, "just text\n").unwrap();
    let message = apply_file(&mut doc, &scalar, false)
        .expect_err("scalar")
        .to_string();
    assert_eq!(
        message,
        format!(
            "{}: an overlay must be an object with `overlay`, `info` and `actions`, found a string",
            scalar.display()
        )
    );
    assert_eq!(doc, json!({}));
}

#[test]
fn odd_targets_and_updates_never_panic() {
    let targets = [
        "$",
        "$.*",
        "$..*",
        "$[*][*]",
        "$[-1]",
        "$[::-1]",
        "$[0:0]",
        "$[1:10:0]",
        "$[?length(@) > 1]",
        "$[?match(@.name, 'a.*')]",
        "$..[?@ == null]",
        "$[9007199254740991]",
        "$[-9007199254740991]",
        "$..['']",
    ];
    let updates = [
        json!(null),
        json!(1),
        json!("s"),
        json!([1, [2]]),
        json!({"a": {"b": []}}),
    ];
    for target in targets {
        for update in &updates {
            for remove in [false, true] {
                let mut doc = json!({"": [1, {"name": "ab"}, [null]], "a": {"b": [], "c": null}});
                let action = if remove {
                    json!({"target": target, "remove": true})
                } else {
                    json!({"target": target, "update": update})
                };
                // Either outcome is fine; this must only return.
                let _ = apply(&mut doc, &overlay(json!([action])), Path::new(NAME), false);
            }
        }
    }
}
