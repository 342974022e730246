//! Snapshot tests: each fixture spec under `tests/fixtures/` is generated in memory and every
//! output file is compared with its snapshot under `tests/snapshots/`.
//!
//! The theme fixtures (`refs`, `allof`, `unions`, `enums`, `nullable`, `formats`, `naming`,
//! `operations`, `openapi31`, `ref_property`) are also generated into a temporary crate that must
//! compile with no warning and pass its tests, its doctests and the serde round trips of its
//! companion `tests/fixtures/<theme>.roundtrip.json` (see `common::fixture_check`). Regenerate
//! the snapshots with `INSTA_UPDATE=always cargo test --test fixtures`.

mod common;

use common::generate;

fn snapshot_all(fixture: &str) {
    let generated = generate(fixture);
    let stem = fixture.trim_end_matches(".yaml").trim_end_matches(".json");
    for (path, bytes) in &generated.files {
        let text = String::from_utf8(bytes.clone()).expect("utf-8 output");
        let name = format!("{stem}__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, text);
    }
    insta::assert_snapshot!(format!("{stem}__warnings"), generated.warnings.join("\n"));
}

#[test]
fn petstore_output() {
    snapshot_all("petstore.yaml");
}

#[test]
fn hostile_output() {
    snapshot_all("hostile.yaml");
}

#[test]
fn petstore_output_compiles() {
    common::compile_check("petstore.yaml", false);
}

/// The text of one generated file of a fixture.
fn file(generated: &oapi_docgen::Generated, path: &str) -> String {
    let bytes = generated
        .files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is generated"));
    String::from_utf8(bytes.clone()).expect("utf-8 output")
}

// One fixture per theme: a snapshot of every output file, and the generated crate compiled with
// no warning (`cargo test --all-targets`, the targets of `cargo check --all-targets`) together
// with the serde round trips of `tests/fixtures/<theme>.roundtrip.json`.

/// Local `$ref` chains, `$ref`s to other files (`refs/pet.yaml`, `refs/common.yaml#/…`), and
/// `$ref`s to parameters, request bodies and responses.
#[test]
fn refs_output() {
    snapshot_all("refs.yaml");
}

#[test]
fn refs_compiles_and_round_trips() {
    common::fixture_check("refs.yaml");
}

#[test]
fn refs_bring_in_each_file_schema_once() {
    let generated = generate("refs.yaml");
    let models = file(&generated, "src/models.rs");
    for name in ["Pet", "Owner", "Address", "Problem"] {
        assert_eq!(
            models.matches(&format!("pub struct {name} ")).count(),
            1,
            "{name} is defined once"
        );
    }
    assert!(models.contains("pub type A = B;"), "{models}");
    assert!(models.contains("pub type B = C;"), "{models}");
    let ops = file(&generated, "src/operations/pets.rs");
    assert!(ops.contains("body: &models::Pet"), "{ops}");
    assert!(ops.contains("Result<models::A, Error>"), "{ops}");
    assert!(ops.contains(r#"request.header("X-Trace", value)"#), "{ops}");
}

/// `allOf`: merged parts, `required` from either part, a single described `$ref`, parts whose
/// component has inline enums.
#[test]
fn allof_output() {
    snapshot_all("allof.yaml");
}

#[test]
fn allof_compiles_and_round_trips() {
    common::fixture_check("allof.yaml");
}

#[test]
fn allof_shares_the_inline_enums_of_its_parts() {
    let models = file(&generate("allof.yaml"), "src/models.rs");
    assert_eq!(
        models.matches("\"inactive\" => Self::").count(),
        1,
        "{models}"
    );
    assert_eq!(models.matches("\"slow\" => Self::").count(), 1, "{models}");
    assert!(models.contains("pub type Described = Base;"), "{models}");
}

/// `oneOf`/`anyOf`: a discriminator with and without a mapping, untagged, of one, recursive.
#[test]
fn unions_output() {
    snapshot_all("unions.yaml");
}

#[test]
fn unions_compiles_and_round_trips() {
    common::fixture_check("unions.yaml");
}

#[test]
fn unions_of_one_are_that_type() {
    let models = file(&generate("unions.yaml"), "src/models.rs");
    assert!(models.contains("pub type OnlyCat = Cat;"), "{models}");
}

/// Enums: awkward string values, case-only duplicates, negative integers, unknown values.
#[test]
fn enums_output() {
    snapshot_all("enums.yaml");
}

#[test]
fn enums_compiles_and_round_trips() {
    common::fixture_check("enums.yaml");
}

/// Required, optional, nullable and optional nullable fields, readOnly/writeOnly, defaults.
#[test]
fn nullable_output() {
    snapshot_all("nullable.yaml");
}

#[test]
fn nullable_compiles_and_round_trips() {
    common::fixture_check("nullable.yaml");
}

/// Formats, binary bodies and parts, maps, nested arrays.
#[test]
fn formats_output() {
    snapshot_all("formats.yaml");
}

#[test]
fn formats_compiles_and_round_trips() {
    common::fixture_check("formats.yaml");
}

#[test]
fn formats_send_binary_as_bytes() {
    let ops = file(&generate("formats.yaml"), "src/operations/default.rs");
    assert!(ops.contains(r#"form.bytes("file", &body.file)"#), "{ops}");
    assert!(ops.contains(r#"form.text("name", &body.name)"#), "{ops}");
    assert!(ops.contains(r#"form.json("meta", value)?"#), "{ops}");
    assert!(ops.contains("body: &[u8]"), "{ops}");
    assert!(
        ops.contains(r#"request.raw(body, "application/octet-stream")"#),
        "{ops}"
    );
    assert!(ops.contains("Result<Vec<u8>, Error>"), "{ops}");
}

/// Recursive schemas, inline names, names that collide in Rust, keywords, non-ASCII names.
#[test]
fn naming_output() {
    snapshot_all("naming.yaml");
}

#[test]
fn naming_compiles_and_round_trips() {
    common::fixture_check("naming.yaml");
}

#[test]
fn naming_is_deterministic() {
    let first = generate("naming.yaml");
    for _ in 0..3 {
        assert!(generate("naming.yaml").files == first.files);
    }
}

/// Parameters in every place, bodies in every media type, responses, tags as modules,
/// operations without an id or with colliding names, deprecation, `security: []`.
#[test]
fn operations_output() {
    snapshot_all("operations.yaml");
}

#[test]
fn operations_compiles_and_round_trips() {
    common::fixture_check("operations.yaml");
}

#[test]
fn operations_follow_the_spec() {
    let generated = generate("operations.yaml");
    for module in ["items", "admin", "default"] {
        let path = format!("src/operations/{module}.rs");
        assert!(generated.files.contains_key(&path), "{path} is generated");
    }
    let items = file(&generated, "src/operations/items.rs");
    for expected in [
        r#"crate::runtime::join(&params.ids, ",")"#,
        r#".fold(request, |r, v| r.query("tag", v))"#,
        r#"params.fields.as_ref().map(|v| crate::runtime::join(v, ","))"#,
        r#"crate::runtime::join(&params.ranks, "|")"#,
        r#"request.header("X-Trace", &params.x_trace)"#,
        r#"request.cookie("session", value)"#,
        r#"request.form(body)?"#,
        r#"form.bytes("photo", &body.photo)"#,
        r#"request.raw(body, "application/octet-stream")"#,
    ] {
        assert!(
            items.contains(expected),
            "items.rs has {expected}:\n{items}"
        );
    }
    // Text, form and JSON are offered for createItem: JSON wins.
    let create = items
        .split("pub async fn create_item")
        .nth(1)
        .and_then(|rest| rest.split("pub async fn").next())
        .expect("create_item");
    assert!(create.contains("request.json(body)?"), "{create}");
    // The operation without an id is named from its method and path, and is deprecated.
    assert!(
        items.contains("#[deprecated]\n    #[allow(deprecated)]\n    pub async fn delete_items("),
        "{items}"
    );
    let page = file(&generated, "docs/items/delete-items.md");
    assert!(page.contains("**Deprecated.**"), "{page}");
    let admin = file(&generated, "src/operations/admin.rs");
    assert!(admin.contains("pub async fn get_thing(&self)"), "{admin}");
    assert!(admin.contains("pub async fn get_thing_2(&self)"), "{admin}");
    assert!(
        admin.contains("let bytes = self.execute_raw(request).await?;"),
        "{admin}"
    );
    let default = file(&generated, "src/operations/default.rs");
    assert!(
        default.contains("self.execute_unauthenticated(request)"),
        "{default}"
    );
    assert!(!items.contains("execute_unauthenticated"), "{items}");
    let models = file(&generated, "src/models.rs");
    assert!(models.contains("#[deprecated]\n#[derive"), "{models}");
    assert!(
        models.contains("#[deprecated]\n    #[serde(rename = \"oldName\""),
        "{models}"
    );
    let field_page = file(&generated, "docs/items/create-item.md");
    assert!(
        field_page.contains("Use `name`. **Deprecated.**"),
        "{field_page}"
    );
}

/// A deprecated schema is marked on the page of the operation that returns it.
#[test]
fn operations_mark_deprecated_schemas_on_their_pages() {
    let page = file(&generate("operations.yaml"), "docs/admin/get-thing.md");
    assert!(page.contains("Legacy"), "{page}");
    assert!(page.contains("**Deprecated.**"), "{page}");
}

/// OpenAPI 3.1: `type: [T, "null"]`, `const`, `examples`, numeric `exclusiveMinimum`.
#[test]
fn openapi31_output() {
    snapshot_all("openapi31.yaml");
}

#[test]
fn openapi31_compiles_and_round_trips() {
    common::fixture_check("openapi31.yaml");
}

/// A property named `$ref`, and an example with a `$ref` key: data, not references.
#[test]
fn ref_property_output() {
    snapshot_all("ref_property.yaml");
}

#[test]
fn ref_property_compiles_and_round_trips() {
    common::fixture_check("ref_property.yaml");
}
