//! The real upstream Authing management spec (`../shared/specs`, 425 operations, 822 schemas,
//! Chinese text) generates a crate that compiles with no warning, with one reference page per
//! public operation and an index grouped by tag.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

fn spec_path() -> PathBuf {
    common::root().join("../shared/specs/authing-management-openapi.json")
}

/// The operations upstream's SDKs expose: all but those marked `x-authing-hidden-from-sdk`.
fn public_operations(spec: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if op.get("x-authing-hidden-from-sdk") == Some(&Value::Bool(true)) {
                continue;
            }
            out.push((method.to_uppercase(), path.clone()));
        }
    }
    out
}

#[test]
fn full_spec_generates_a_crate_that_compiles_with_docs_for_every_operation() {
    let text = std::fs::read_to_string(spec_path()).expect("the upstream spec is readable");
    let spec: Value = serde_json::from_str(&text).expect("json");
    let options = oapi_docgen::Options {
        spec: spec_path(),
        crate_name: Some("authing-full".to_string()),
        regen_command: "oapi-docgen --spec authing-management-openapi.json".to_string(),
    };
    let generated = oapi_docgen::generate(&options).expect("the full spec generates");

    let public = public_operations(&spec);
    let pages: Vec<&String> = generated
        .files
        .keys()
        .filter(|p| p.starts_with("docs/") && p.as_str() != "docs/README.md")
        .collect();
    assert_eq!(pages.len(), public.len(), "one page per public operation");

    let index = String::from_utf8(generated.files["docs/README.md"].clone()).expect("utf-8");
    for (method, path) in &public {
        assert!(
            index.contains(&format!("`{method} {path}`")),
            "{method} {path} is not in the index"
        );
    }
    let tags: BTreeSet<&str> = spec["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let used: BTreeSet<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("item").values())
        .filter(|op| op.get("x-authing-hidden-from-sdk") != Some(&Value::Bool(true)))
        .filter_map(|op| op["tags"][0].as_str().map(str::to_string))
        .collect();
    for tag in used.iter().filter(|t| tags.contains(t.as_str())) {
        assert!(
            index.contains(&format!("## {tag}")),
            "no index section for {tag}"
        );
    }

    let page = generated
        .files
        .iter()
        .find(|(p, _)| p.ends_with("/create-webhook.md"))
        .map(|(_, b)| String::from_utf8(b.clone()).expect("utf-8"))
        .expect("the create-webhook page");
    assert!(
        page.contains("# 创建 Webhook"),
        "Chinese text is kept readable"
    );
    assert!(
        page.contains("`Client::create_webhook`"),
        "controller prefix dropped"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    common::cargo_in(&krate, "the full Authing spec", &["check", "--all-targets"]);
}
