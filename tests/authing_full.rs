//! The real upstream Authing management spec (2023-11, 425 operations, 822 schemas, Chinese
//! text) generates a crate that compiles with no warning and passes its doctests, with one
//! reference page per public operation and an index grouped by tag; the 2022-10 spec generates
//! a crate that compiles too. The specs live outside the repository: these tests run when
//! `OAPI_DOCGEN_UPSTREAM_SPEC` and `OAPI_DOCGEN_UPSTREAM_SPEC_OLD` name them (`.ci/run` sets
//! both), and otherwise say what they skipped and pass.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;

use oapi_docgen::ir::{TypeKind, TypeRef};

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
    let Some(spec_path) = common::upstream_spec(
        common::UPSTREAM_SPEC_VAR,
        "full_spec_generates_a_crate_that_compiles_with_docs_for_every_operation",
    ) else {
        return;
    };
    let text = std::fs::read_to_string(&spec_path).expect("the upstream spec is readable");
    let spec: Value = serde_json::from_str(&text).expect("json");
    let options = oapi_docgen::Options {
        spec: spec_path,
        crate_name: Some("authing-full".to_string()),
        regen_command: "oapi-docgen --spec authing-management-openapi.json".to_string(),
        dialect: Some("authing".to_string()),
        ..Default::default()
    };
    let generated = oapi_docgen::generate(&options).expect("the full spec generates");

    let public = public_operations(&spec);
    let pages: Vec<&String> = generated
        .files
        .keys()
        .filter(|p| p.starts_with("docs/") && p.matches('/').count() == 2)
        .collect();
    assert_eq!(pages.len(), public.len(), "one page per public operation");
    let summary = String::from_utf8(generated.files["docs/SUMMARY.md"].clone()).expect("utf-8");
    for page in &pages {
        let entry = format!("]({})", page.trim_start_matches("docs/"));
        assert!(summary.contains(&entry), "the book lists {page}");
    }

    let index = String::from_utf8(generated.files["docs/README.md"].clone()).expect("utf-8");
    assert!(
        index.contains("![drawing](https://files.authing.co/api-explorer/what-is-authing.jpg)"),
        "the description's <img> is a Markdown image"
    );
    assert!(!index.contains("&lt;img"), "no image tag shown as text");
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
        page.contains("The method `create_webhook` of `Client` sends"),
        "controller prefix dropped"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    common::cargo_in(&krate, "the full Authing spec", &["check", "--all-targets"]);
    // Only the examples are doctests: no spec text (indented lists, fences) may become one.
    let doctests = common::cargo_in(&krate, "the full Authing spec", &["test", "--doc"]);
    assert!(
        doctests.contains("test result: ok."),
        "the doctests ran:\n{doctests}"
    );
}

/// The 2022-10 spec writes `info.version: 3`, a number where OpenAPI wants a string: it is taken
/// as its text with a warning, and the spec generates a crate that checks.
#[test]
fn older_spec_generates_a_crate_that_checks() {
    let Some(spec_path) = common::upstream_spec(
        common::UPSTREAM_SPEC_OLD_VAR,
        "older_spec_generates_a_crate_that_checks",
    ) else {
        return;
    };
    let options = oapi_docgen::Options {
        spec: spec_path,
        crate_name: Some("authing-old".to_string()),
        regen_command: "oapi-docgen --spec authing-management-openapi.2022-10-23.json".to_string(),
        dialect: Some("authing".to_string()),
        ..Default::default()
    };
    let generated = oapi_docgen::generate(&options).expect("the 2022-10 spec generates");
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.contains("#/info/version") && w.contains("string")),
        "the numeric version is named in a warning: {:?}",
        generated.warnings
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    common::cargo_in(
        &krate,
        "the 2022-10 Authing spec",
        &["check", "--all-targets"],
    );
}

/// The webhook subset of the full spec (its webhook tag; the token operation is hidden from SDKs
/// upstream): a crate of 9 pages (the index and one per operation) whose every type is reached
/// from an operation, which checks with no warning.
#[test]
fn webhook_subset_of_the_full_spec_has_its_eight_pages_and_only_reachable_types() {
    let Some(spec_path) = common::upstream_spec(
        common::UPSTREAM_SPEC_VAR,
        "webhook_subset_of_the_full_spec_has_its_eight_pages_and_only_reachable_types",
    ) else {
        return;
    };
    let options = oapi_docgen::Options {
        spec: spec_path,
        crate_name: Some("authing-webhooks".to_string()),
        regen_command: "oapi-docgen --dialect authing --tags ...".to_string(),
        dialect: Some("authing".to_string()),
        subset: oapi_docgen::config::Subset {
            operations: Vec::new(),
            tags: vec!["管理 Webhook/API 列表".to_string()],
        },
        ..Default::default()
    };
    let (api, _) = oapi_docgen::lower_spec(&options).expect("the subset lowers");
    let mut reached = BTreeSet::new();
    let mut queue: Vec<TypeRef> = Vec::new();
    for op in &api.operations {
        queue.extend(
            op.params
                .iter()
                .map(|p| TypeRef::Named(p.type_name.clone())),
        );
        queue.extend(op.body.iter().map(|b| b.ty.clone()));
        queue.extend(op.response.iter().map(|r| r.ty.clone()));
        queue.extend(op.error_responses.iter().filter_map(|e| e.ty.clone()));
    }
    while let Some(ty) = queue.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                queue.push(*inner)
            }
            TypeRef::Named(name) if reached.insert(name.clone()) => {
                let def = api
                    .types
                    .iter()
                    .find(|t| t.name == name)
                    .expect("a defined type");
                match &def.kind {
                    TypeKind::Struct(s) => {
                        // A family's member is an alias of its generic struct, whose type
                        // parameter is no type.
                        let param = s.type_param.clone().map(TypeRef::Named);
                        queue.extend(
                            s.fields
                                .iter()
                                .map(|f| f.ty.clone())
                                .filter(|ty| Some(ty) != param.as_ref()),
                        );
                        queue.extend(
                            s.instance_of
                                .iter()
                                .map(|i| TypeRef::Named(i.generic.clone())),
                        );
                    }
                    TypeKind::Union(u) => queue.extend(u.variants.iter().map(|v| v.ty.clone())),
                    TypeKind::Alias { target, .. } => queue.push(target.clone()),
                    TypeKind::Enum(_) => {}
                }
            }
            _ => {}
        }
    }
    let defined: BTreeSet<String> = api.types.iter().map(|t| t.name.clone()).collect();
    assert_eq!(defined, reached, "every type is reached, and only those");

    let generated = oapi_docgen::generate(&options).expect("the subset generates");
    let pages: Vec<&String> = generated
        .files
        .keys()
        .filter(|p| p.starts_with("docs/"))
        .collect();
    // The eight operation pages, the index, and the book's settings, contents, getting-started
    // and 404 pages.
    assert_eq!(pages.len(), 13, "{pages:?}");
    assert_eq!(api.operations.len(), 8, "the eight webhook operations");
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    common::cargo_in(&krate, "the webhook subset", &["check", "--all-targets"]);
}

/// `docs-language = "zh-CN"` on the full spec: the pages' fixed labels are the upstream docs'
/// Chinese ones, the spec's text is as written, and the generated sample tests find their
/// Chinese heading (run on the webhook subset, to keep the build small).
#[test]
fn chinese_labels_on_the_full_spec() {
    let Some(spec_path) =
        common::upstream_spec(common::UPSTREAM_SPEC_VAR, "chinese_labels_on_the_full_spec")
    else {
        return;
    };
    let options = oapi_docgen::Options {
        spec: spec_path,
        crate_name: Some("authing-zh".to_string()),
        regen_command: "oapi-docgen --dialect authing".to_string(),
        dialect: Some("authing".to_string()),
        docs_language: Some(oapi_docgen::ir::Language::ZhCn),
        subset: oapi_docgen::config::Subset {
            operations: Vec::new(),
            tags: vec!["管理 Webhook/API 列表".to_string()],
        },
        ..Default::default()
    };
    let generated = oapi_docgen::generate(&options).expect("generates");
    let page = generated
        .files
        .iter()
        .find(|(p, _)| p.ends_with("/create-webhook.md"))
        .map(|(_, b)| String::from_utf8(b.clone()).expect("utf-8"))
        .expect("the create-webhook page");
    for label in [
        "# 创建 Webhook",
        "## 方法名称",
        "## 请求参数",
        "| 名称 | 类型 | 是否必填 | 默认值 | 描述 | 示例值 |",
        "## 请求响应",
        "## 示例结果",
        "## 数据结构",
    ] {
        assert!(page.contains(label), "{label} not on the page:\n{page}");
    }
    for english in [
        "## Method name",
        "## Request parameters",
        "| Is it required |",
    ] {
        assert!(!page.contains(english), "{english} is still English");
    }
    assert!(
        page.contains("| 是 |") || page.contains("| 否 |"),
        "yes/no in Chinese"
    );
    let index = String::from_utf8(generated.files["docs/README.md"].clone()).expect("utf-8");
    assert!(
        index.contains("| 操作 | 方法 | HTTP 请求 | 摘要 |"),
        "{index}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    let out = common::cargo_in(
        &krate,
        "the Chinese webhook crate",
        &["test", "--test", "doc_samples"],
    );
    assert!(out.contains("sample_round_trips ... ok"), "{out}");
}
