//! Snapshot tests: each fixture spec under `tests/fixtures/` is generated in memory and every
//! output file is compared with its snapshot under `tests/snapshots/`.
//!
//! The theme fixtures (`refs`, `allof`, `unions`, `enums`, `nullable`, `formats`, `naming`,
//! `operations`, `openapi31`, `ref_property`, `deep_refs`, `param_kinds`) are also generated into a temporary crate that must
//! compile with no warning and pass its tests, its doctests and the serde round trips of its
//! companion `tests/fixtures/<theme>.roundtrip.json`, plus the loopback wire tests of
//! `tests/fixtures/<theme>.wire.rs` where there is one (see `common::fixture_check`). Regenerate
//! the snapshots with `INSTA_UPDATE=always cargo test --test fixtures`.

mod common;

use common::generate;

/// Snapshots every output file of `fixture` except the runtime's modules, which are the
/// runtime crate's files byte for byte (see `emitted_runtime_is_the_runtime_crate`); the
/// snapshot of `src/runtime/mod.rs` names the modules a fixture gets.
fn snapshot_all(fixture: &str) {
    let generated = generate(fixture);
    let stem = fixture.trim_end_matches(".yaml").trim_end_matches(".json");
    let runtime_copy =
        |path: &str| path.starts_with("src/runtime/") && path != "src/runtime/mod.rs";
    for (path, bytes) in generated.files.iter().filter(|(p, _)| !runtime_copy(p)) {
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

/// Every kind of security scheme and requirement: the wire tests check what each operation
/// sends.
#[test]
fn security_output() {
    snapshot_all("security.yaml");
}

#[test]
fn security_compiles_and_sends_its_credentials() {
    common::fixture_check("security.yaml");
}

#[test]
fn petstore_compiles_and_sends_its_api_key() {
    common::fixture_check("petstore.yaml");
}

/// A crate without a dialect carries nothing of Authing's: no header, no error text, no doc.
#[test]
fn petstore_never_mentions_authing() {
    let generated = generate("petstore.yaml");
    for (path, bytes) in &generated.files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(!text.contains("authing"), "{path} mentions Authing");
    }
}

/// Every runtime module a fixture gets is the runtime crate's file, byte for byte, and the
/// generated `mod.rs` declares exactly those modules.
#[test]
fn emitted_runtime_is_the_runtime_crate() {
    let fixtures = std::fs::read_dir(common::root().join("tests/fixtures"))
        .expect("the fixtures folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .filter(|name| !name.starts_with("hostile"));
    let mut seen = std::collections::BTreeSet::new();
    for fixture in fixtures {
        let generated = generate(&fixture);
        let mod_rs = file(&generated, "src/runtime/mod.rs");
        for (path, bytes) in &generated.files {
            let Some(module) = path
                .strip_prefix("src/runtime/")
                .and_then(|p| p.strip_suffix(".rs"))
                .filter(|m| *m != "mod")
            else {
                continue;
            };
            let original = std::fs::read(common::root().join(format!("runtime/src/{module}.rs")))
                .unwrap_or_else(|e| panic!("{fixture}: runtime/src/{module}.rs: {e}"));
            assert!(
                *bytes == original,
                "{fixture}: {path} differs from runtime/src/{module}.rs"
            );
            assert!(
                mod_rs.contains(&format!("pub(crate) mod {module};")),
                "{fixture}: mod.rs does not declare {module}"
            );
            seen.insert(module.to_string());
        }
        assert_eq!(
            mod_rs.matches("pub(crate) mod ").count(),
            generated
                .files
                .keys()
                .filter(|p| p.starts_with("src/runtime/") && *p != "src/runtime/mod.rs")
                .count(),
            "{fixture}: mod.rs declares a module that is not emitted"
        );
    }
    for module in [
        "error", "client", "api_key", "bearer", "basic", "oauth2", "token",
    ] {
        assert!(
            seen.contains(module),
            "no fixture uses the runtime's `{module}`"
        );
    }
}

/// The checked-in crate compiles with no warning with no feature and with each tag's feature
/// alone (its test run has them all): the two tags of the webhook API are two features.
#[test]
fn generated_crate_checks_with_each_tag_feature_alone() {
    // A copy outside the workspace, where the lock file can go.
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("crate");
    let generated =
        oapi_docgen::generate(&oapi_docgen::Options::project_default().unwrap()).unwrap();
    oapi_docgen::write::write(&krate, &generated.files).expect("writes the crate");
    let checked = common::check_feature_sets(&krate, "generated");
    assert_eq!(checked, ["manage-webhook", "authentication"]);
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
    let models = common::models(&generated);
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
    assert!(ops.contains("Pending<'_, models::A>"), "{ops}");
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
    let models = common::models(&generate("allof.yaml"));
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
    let models = common::models(&generate("unions.yaml"));
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
    assert!(ops.contains(r#"form.json("meta", value)"#), "{ops}");
    assert!(ops.contains("body: &[u8]"), "{ops}");
    assert!(
        ops.contains(r#"request.raw(body, "application/octet-stream")"#),
        "{ops}"
    );
    assert!(ops.contains("Pending<'_, Vec<u8>>"), "{ops}");
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
        r#"crate::runtime::path_items::encode_path_items(&params.ids)"#,
        r#".fold(request, |r, v| r.query("tag", v))"#,
        r#".map(|v| crate::runtime::join::join(v, ","))"#,
        r#"crate::runtime::join::join(&params.ranks, "|")"#,
        r#"request.header("X-Trace", &params.x_trace)"#,
        r#"request.cookie("session", value)"#,
        r#"request.form(body);"#,
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
        .split("pub fn create_item")
        .nth(1)
        .and_then(|rest| rest.split("\n    pub ").next())
        .expect("create_item");
    assert!(create.contains("request.json(body);"), "{create}");
    // The operation without an id is named from its method and path, and is deprecated.
    assert!(
        items.contains("#[deprecated]\n    pub async fn delete_items("),
        "{items}"
    );
    let page = file(&generated, "docs/items/delete-items.md");
    assert!(page.contains("**Deprecated.**"), "{page}");
    let admin = file(&generated, "src/operations/admin.rs");
    // JSON answers: a plain function returning the request's future; none: an `async fn`.
    assert!(admin.contains("pub fn get_thing(&self)"), "{admin}");
    assert!(admin.contains("pub async fn get_thing_2(&self)"), "{admin}");
    assert!(
        admin.contains("let bytes = self.execute_raw(request).await?;"),
        "{admin}"
    );
    // `security: []` sends no credentials; the others need the spec's bearer token.
    let default = file(&generated, "src/operations/default.rs");
    assert!(
        default.contains(r#"ApiRequest::new(reqwest::Method::GET, "/health", true, &[])"#),
        "{default}"
    );
    assert!(items.contains("&[&[crate::auth::BEARER]]"), "{items}");
    assert!(!items.contains("&[])"), "{items}");
    let models = common::models(&generated);
    // A parameters struct is taken apart field by field: no serde impls; the models have both.
    assert!(models.contains("pub struct GetItemsParams {"), "{models}");
    for unused in [
        "impl serde::Serialize for GetItemsParams",
        "serde::Deserialize<'de> for GetItemsParams",
        "de::Object<'de> for GetItemsParams",
    ] {
        assert!(!models.contains(unused), "{models}");
    }
    assert!(
        models.contains("impl serde::Serialize for Item {"),
        "{models}"
    );
    assert!(
        models.contains("impl<'de> serde::Deserialize<'de> for Item {"),
        "{models}"
    );
    assert!(models.contains("#[deprecated]\n#[derive"), "{models}");
    assert!(
        models.contains("#[deprecated]\n    pub old_name: Option<String>,"),
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
/// OpenAPI 3.1 `webhooks` and an operation's `callbacks`: one event enum, typed data from the
/// most specific delivery, a secret scheme only deliveries use (the client has no setter).
#[test]
fn webhooks_output() {
    snapshot_all("webhooks.yaml");
}

#[test]
fn webhooks_compiles_round_trips_and_receives_deliveries() {
    common::fixture_check("webhooks.yaml");
}

#[test]
fn webhooks_secret_scheme_is_not_the_clients() {
    let generated = generate("webhooks.yaml");
    let auth = file(&generated, "src/auth.rs");
    assert!(!auth.contains("X-Shop-Secret"), "{auth}");
    assert!(!auth.contains("hookSecret"), "{auth}");
    let webhooks = file(&generated, "src/webhooks.rs");
    assert!(webhooks.contains(r#"&["x-shop-secret"]"#), "{webhooks}");
}

/// Deliveries signed GitHub's way (the setting `[webhooks.signature]`): GitHub's published
/// example is accepted, other signatures are 401.
#[test]
fn signed_webhooks_output() {
    snapshot_all("signed_webhooks.yaml");
}

#[test]
fn signed_webhooks_compiles_round_trips_and_checks_signatures() {
    common::fixture_check("signed_webhooks.yaml");
}

/// Deliveries named GitHub's way (the setting `[webhooks] event-header`): the header names the
/// event, the body is its data, and a one-name `action` tells one event's deliveries apart.
#[test]
fn header_webhooks_output() {
    snapshot_all("header_webhooks.yaml");
}

#[test]
fn header_webhooks_compiles_round_trips_and_reads_the_event_header() {
    common::fixture_check("header_webhooks.yaml");
}

/// Without the setting, header-named deliveries get no receiver, and the warning names the
/// setting that gives them one.
#[test]
fn header_named_deliveries_without_the_setting_are_a_warning() {
    let options = oapi_docgen::Options {
        spec: common::root().join("tests/fixtures/header_webhooks.yaml"),
        ..Default::default()
    };
    let generated = oapi_docgen::generate(&options).expect("generates");
    assert!(!generated.files.contains_key("src/webhooks.rs"));
    let warnings = generated.warnings.join("\n");
    assert!(warnings.contains("`[webhooks] event-header`"), "{warnings}");
}

/// A type that one tag's operation and a webhook event both reach is in `shared`, compiled
/// whatever the features, as the receiver is (`fixture_check` checks each feature alone).
#[test]
fn header_webhooks_data_that_one_tag_reaches_is_shared() {
    let generated = generate("header_webhooks.yaml");
    let shared = file(&generated, "src/models/shared.rs");
    assert!(shared.contains("pub struct Issue {"), "{shared}");
    let issues = file(&generated, "src/models/issues.rs");
    assert!(issues.contains("pub struct GetIssueParams"), "{issues}");
}

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

/// `$ref`s whose JSON pointer lands on a schema inside a component (a property that is an
/// object, a scalar or an enum, `items`, `additionalProperties`, an `allOf` part, a `oneOf`
/// part) or inside an operation (a response, a request body, a parameter); a chain of them; an
/// `allOf` part and a recursive one.
#[test]
fn deep_refs_output() {
    snapshot_all("deep_refs.yaml");
}

#[test]
fn deep_refs_compiles_and_round_trips() {
    common::fixture_check("deep_refs.yaml");
}

#[test]
fn deep_refs_define_each_target_once_for_every_referrer() {
    let generated = generate("deep_refs.yaml");
    let deprecated = |w: &&String| w.starts_with("#/x-codegen: deprecated");
    let warnings: Vec<&String> = generated
        .warnings
        .iter()
        .filter(|w| !deprecated(w))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let models = common::models(&generated);
    for (item, name) in [
        ("struct", "ProfileAddress"),
        ("enum", "ProfileStatus"),
        ("struct", "ProfileTagsItem"),
        ("struct", "ProfileScoresValue"),
        ("struct", "NicknamedPart2"),
        ("enum", "NicknamedMood"),
        ("struct", "ShapeCircle"),
        ("struct", "ListPetsResponseVariant1Part2"),
        ("enum", "ListPetsResponseVariant1Coat"),
        ("struct", "CreatePetBody"),
        ("enum", "CreatePetBodyKind"),
        ("enum", "ListPetsParamsSort"),
        ("struct", "TreeRoot"),
    ] {
        assert_eq!(
            models.matches(&format!("pub {item} {name} ")).count(),
            1,
            "{name} is defined once:\n{models}"
        );
    }
    // No copy of a type under a numbered name (`ProfileAddress2`).
    let names: Vec<&str> = models
        .lines()
        .filter_map(|line| {
            line.strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
                .and_then(|rest| rest.split(' ').next())
        })
        .collect();
    for name in &names {
        let unnumbered = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
        assert!(
            unnumbered == *name || !names.contains(&unnumbered),
            "{name} copies {unnumbered}"
        );
    }
    // Every `$ref` to a target, and its parent, use the one type.
    for (expected, count) in [
        ("pub address: Option<ProfileAddress>,", 2),
        ("pub home: Option<ProfileAddress>,", 1),
        ("pub homes: Option<Vec<ProfileAddress>>,", 1),
        ("pub type Home = ProfileAddress;", 1),
        ("pub status: Option<ProfileStatus>,", 3),
        ("pub tags: Option<Vec<ProfileTagsItem>>,", 2),
        ("pub tag: Option<ProfileTagsItem>,", 1),
        (
            "pub scores: Option<std::collections::BTreeMap<String, ProfileScoresValue>>,",
            2,
        ),
        ("pub score: Option<ProfileScoresValue>,", 1),
        ("pub nick: Option<NicknamedPart2>,", 1),
        ("pub mood: Option<NicknamedMood>,", 3),
        ("Circle(ShapeCircle),", 1),
        ("pub circle: Option<ShapeCircle>,", 1),
        ("pub cat: Option<ListPetsResponseVariant1Part2>,", 1),
        ("pub type CatTraits = ListPetsResponseVariant1Part2;", 1),
        ("pub coat: Option<ListPetsResponseVariant1Coat>,", 2),
        ("pub kind: Option<CreatePetBodyKind>,", 2),
        ("pub sort: Option<ListPetsParamsSort>,", 1),
        ("pub then_by: Option<ListPetsParamsSort>,", 1),
        ("pub root: Option<TreeRoot>,", 1),
        ("pub children: Option<Vec<TreeRoot>>,", 1),
        // A scalar target is its scalar type.
        ("pub born: Option<String>,", 1),
        ("pub birth_date: Option<String>,", 2),
        ("pub type Birthday = String;", 1),
    ] {
        assert_eq!(
            models.matches(expected).count(),
            count,
            "{expected}:\n{models}"
        );
    }
    // An `allOf` part that is a deep `$ref` to a struct shares its fields.
    let located = models
        .split("pub struct Located ")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .expect("Located");
    assert!(located.contains("pub city: String,"), "{located}");
    assert!(
        located.contains("pub country: Option<String>,"),
        "{located}"
    );
    let ops = file(&generated, "src/operations/default.rs");
    assert!(ops.contains("Pending<'_, models::CreatePetBody>"), "{ops}");
    assert!(ops.contains("body: &models::CreatePetBody"), "{ops}");
    assert!(ops.contains("Pending<'_, models::ProfileAddress>"), "{ops}");
}

/// One parameter of every kind (string formats, numbers, booleans, enums, arrays of scalars and
/// of objects, objects, nullable, unions, free-form values, aliases) in every place (path,
/// query, header, cookie; required and optional), and the non-default styles. The generated
/// crate is called against a loopback server (`param_kinds.wire.rs`) to check what is sent.
#[test]
fn param_kinds_output() {
    snapshot_all("param_kinds.yaml");
}

#[test]
fn param_kinds_compiles_round_trips_and_sends_every_kind() {
    common::fixture_check("param_kinds.yaml");
}

#[test]
fn param_kinds_warn_at_every_fallback() {
    let generated = generate("param_kinds.yaml");
    let warnings = &generated.warnings;
    let at = |pointer: &str, words: &str| {
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&format!("{pointer}: ")) && w.contains(words)),
            "a warning at {pointer} says {words:?}:\n{}",
            warnings.join("\n")
        );
    };
    // In `/query`: 4 binary, 15 binaries, 17 points, 19 shape, 23 pointOrShape, 24 any,
    // 25 freeObject, 29 file; then the same kinds again, optional (30 + i).
    for i in [4, 15, 29, 34, 45, 59] {
        at(
            &format!("#/paths/~1query/get/parameters/{i}"),
            "`format: binary`",
        );
    }
    for i in [17, 19, 47, 49] {
        at(
            &format!("#/paths/~1query/get/parameters/{i}"),
            "sent as its JSON text",
        );
    }
    for i in [23, 24, 25, 53, 54, 55] {
        at(
            &format!("#/paths/~1query/get/parameters/{i}"),
            "shape of its value",
        );
    }
    at("#/paths/~1cookie/get/parameters/12", "one cookie");
    at(
        "#/paths/~1query-styles/get/parameters/8",
        "sent as its JSON text",
    );
    // Objects of scalars, unions of scalars and the `deepObject` and exploded `simple` styles
    // are real encodings: no warning.
    for quiet in [
        "#/paths/~1query/get/parameters/18",
        "#/paths/~1query/get/parameters/21",
        "#/paths/~1query/get/parameters/22",
        "#/paths/~1query-styles/get/parameters/6",
        "#/paths/~1header-styles/get/parameters/0",
    ] {
        assert!(
            !warnings
                .iter()
                .any(|w| w.starts_with(&format!("{quiet}: "))),
            "no warning at {quiet}:\n{}",
            warnings.join("\n")
        );
    }
    let page = file(&generated, "docs/query/query-styles.md");
    assert!(
        page.contains("- `deepPoint`: An object: `deepPoint[p]=v&deepPoint[q]=w`"),
        "{page}"
    );
}
