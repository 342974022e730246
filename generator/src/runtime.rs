//! The client runtime: the modules of the `runtime/` crate, embedded in the generator, and the
//! choice of those a spec needs. Every generated crate gets the chosen files byte for byte in
//! `src/runtime/`, next to a generated `mod.rs` that declares them.

use crate::ir::{
    Api, BodyKind, Dialect, Operation, ParamEncoding, ParamLocation, PartKind, PathSegment,
    ResponseKind, RuntimeModule, SchemeKind, StructDef, TypeDef, TypeKind,
};

/// Every module of the runtime crate: its name and its source.
pub const MODULES: &[(&str, &str)] = &[
    ("api_key", include_str!("../../runtime/src/api_key.rs")),
    ("authing", include_str!("../../runtime/src/authing.rs")),
    ("basic", include_str!("../../runtime/src/basic.rs")),
    ("bearer", include_str!("../../runtime/src/bearer.rs")),
    ("client", include_str!("../../runtime/src/client.rs")),
    ("config", include_str!("../../runtime/src/config.rs")),
    ("cookie", include_str!("../../runtime/src/cookie.rs")),
    (
        "cookie_shaped",
        include_str!("../../runtime/src/cookie_shaped.rs"),
    ),
    (
        "credential",
        include_str!("../../runtime/src/credential.rs"),
    ),
    ("de", include_str!("../../runtime/src/de.rs")),
    (
        "de_nullable",
        include_str!("../../runtime/src/de_nullable.rs"),
    ),
    ("de_rest", include_str!("../../runtime/src/de_rest.rs")),
    ("decode", include_str!("../../runtime/src/decode.rs")),
    ("dialect", include_str!("../../runtime/src/dialect.rs")),
    ("error", include_str!("../../runtime/src/error.rs")),
    ("form_body", include_str!("../../runtime/src/form_body.rs")),
    ("header", include_str!("../../runtime/src/header.rs")),
    (
        "header_shaped",
        include_str!("../../runtime/src/header_shaped.rs"),
    ),
    ("hooks", include_str!("../../runtime/src/hooks.rs")),
    ("join", include_str!("../../runtime/src/join.rs")),
    ("json_body", include_str!("../../runtime/src/json_body.rs")),
    ("multipart", include_str!("../../runtime/src/multipart.rs")),
    (
        "multipart_bytes",
        include_str!("../../runtime/src/multipart_bytes.rs"),
    ),
    (
        "multipart_json",
        include_str!("../../runtime/src/multipart_json.rs"),
    ),
    (
        "multipart_text",
        include_str!("../../runtime/src/multipart_text.rs"),
    ),
    ("oauth2", include_str!("../../runtime/src/oauth2.rs")),
    (
        "optional_query",
        include_str!("../../runtime/src/optional_query.rs"),
    ),
    (
        "pagination",
        include_str!("../../runtime/src/pagination.rs"),
    ),
    ("path", include_str!("../../runtime/src/path.rs")),
    (
        "path_items",
        include_str!("../../runtime/src/path_items.rs"),
    ),
    (
        "path_shaped",
        include_str!("../../runtime/src/path_shaped.rs"),
    ),
    ("query", include_str!("../../runtime/src/query.rs")),
    (
        "query_shaped",
        include_str!("../../runtime/src/query_shaped.rs"),
    ),
    (
        "raw_answer",
        include_str!("../../runtime/src/raw_answer.rs"),
    ),
    ("raw_body", include_str!("../../runtime/src/raw_body.rs")),
    ("request", include_str!("../../runtime/src/request.rs")),
    (
        "secret_answer",
        include_str!("../../runtime/src/secret_answer.rs"),
    ),
    ("retry", include_str!("../../runtime/src/retry.rs")),
    ("ser", include_str!("../../runtime/src/ser.rs")),
    (
        "ser_optional",
        include_str!("../../runtime/src/ser_optional.rs"),
    ),
    ("shape", include_str!("../../runtime/src/shape.rs")),
    ("style", include_str!("../../runtime/src/style.rs")),
    ("token", include_str!("../../runtime/src/token.rs")),
    ("webhook", include_str!("../../runtime/src/webhook.rs")),
    (
        "webhook_axum",
        include_str!("../../runtime/src/webhook_axum.rs"),
    ),
    (
        "webhook_signature",
        include_str!("../../runtime/src/webhook_signature.rs"),
    ),
];

/// The modules every client needs.
const CORE: &[&str] = &[
    "client",
    "config",
    "credential",
    "decode",
    "dialect",
    "error",
    "hooks",
    "request",
    "retry",
];

/// The source of the runtime module `name`.
pub fn source(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, source)| *source)
}

/// The runtime modules `api` needs, in name order: the core, plus one module per kind of
/// parameter, body, answer and credential its operations use, so that every item of the
/// emitted runtime is used and no `allow(dead_code)` is needed. A module that only some tags'
/// operations or models need carries their features, so that it is compiled exactly when one
/// of them is on.
pub fn modules(api: &Api) -> Vec<RuntimeModule> {
    let always_types: Vec<&TypeDef> = api
        .model_modules
        .iter()
        .filter(|m| m.feature.is_none())
        .flat_map(|m| m.types.iter().filter_map(|&i| api.types.get(i)))
        .collect();
    let always = needs(api, &[], &always_types);
    let per_tag: Vec<(String, Vec<&'static str>)> = api
        .tags
        .iter()
        .map(|tag| {
            let ops: Vec<&Operation> = tag
                .operations
                .iter()
                .filter_map(|&i| api.operations.get(i))
                .collect();
            let types: Vec<&TypeDef> = api
                .model_modules
                .iter()
                .filter(|m| m.feature.as_ref() == Some(&tag.feature))
                .flat_map(|m| m.types.iter().filter_map(|&i| api.types.get(i)))
                .collect();
            (tag.feature.clone(), needs(api, &ops, &types))
        })
        .collect();
    let mut names: Vec<&'static str> = always.clone();
    for (_, needed) in &per_tag {
        names.extend(needed.iter().copied());
    }
    if let Some(webhooks) = &api.webhooks {
        names.push("webhook");
        if webhooks.signature.is_some() {
            names.push("webhook_signature");
        }
    }
    names.sort_unstable();
    names.dedup();
    let mut modules: Vec<RuntimeModule> = names
        .into_iter()
        .map(|name| RuntimeModule {
            name,
            features: match always.contains(&name) {
                true => Vec::new(),
                false => per_tag
                    .iter()
                    .filter(|(_, needed)| needed.contains(&name))
                    .map(|(feature, _)| feature.clone())
                    .collect(),
            },
        })
        .collect();
    if api.webhooks.is_some() {
        // The extractor, with the generated crate's `axum` feature.
        modules.push(RuntimeModule {
            name: "webhook_axum",
            features: vec!["axum".to_string()],
        });
        modules.sort_by_key(|m| m.name);
    }
    modules
}

/// The runtime modules that the client, `operations` and `types` need.
fn needs(api: &Api, operations: &[&Operation], types: &[&TypeDef]) -> Vec<&'static str> {
    let mut needed: Vec<&'static str> = CORE.to_vec();
    let mut need = |name: &'static str| {
        if !needed.contains(&name) {
            needed.push(name);
        }
    };
    for scheme in api.security_schemes.iter().filter(|s| !s.served_by_dialect) {
        match &scheme.kind {
            Some(SchemeKind::ApiKey { .. }) => need("api_key"),
            Some(SchemeKind::Basic) => need("basic"),
            Some(SchemeKind::Bearer) => need("bearer"),
            Some(SchemeKind::OAuth2ClientCredentials { .. }) => {
                need("oauth2");
                need("token");
            }
            None => {}
        }
    }
    match api.dialect {
        Some(Dialect::Authing { .. }) => {
            need("authing");
            need("token");
        }
        None => {}
    }
    for op in operations {
        let fields = op.params.iter().flat_map(|p| &p.fields);
        for segment in &op.path_segments {
            let PathSegment::Param(i) = segment else {
                continue;
            };
            need("path");
            match op
                .params
                .as_ref()
                .and_then(|p| p.fields.get(*i))
                .map(|f| &f.encoding)
            {
                Some(ParamEncoding::Joined(_) | ParamEncoding::Repeated) => need("path_items"),
                Some(ParamEncoding::Shaped(_)) => {
                    need("path_shaped");
                    need("shape");
                    need("style");
                }
                Some(ParamEncoding::Text) | None => {}
            }
        }
        for field in fields {
            // A joined query, header or cookie array's text is made by `join` (a path
            // parameter's by `path_items`).
            if let ParamEncoding::Joined(_) = field.encoding
                && field.location != ParamLocation::Path
            {
                need("join");
            }
            let shaped = matches!(field.encoding, ParamEncoding::Shaped(_));
            match (field.location, shaped) {
                (ParamLocation::Path, _) => {}
                (ParamLocation::Query, false) => {
                    need("query");
                    if !field.required && field.encoding != ParamEncoding::Repeated {
                        need("optional_query");
                    }
                }
                (ParamLocation::Query, true) => {
                    need("query_shaped");
                    need("shape");
                    need("style");
                }
                (ParamLocation::Header, false) => need("header"),
                (ParamLocation::Header, true) => {
                    need("header");
                    need("header_shaped");
                    need("shape");
                    need("style");
                }
                (ParamLocation::Cookie, false) => need("cookie"),
                (ParamLocation::Cookie, true) => {
                    need("cookie");
                    need("cookie_shaped");
                    need("shape");
                }
            }
        }
        match op.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Json) => need("json_body"),
            Some(BodyKind::Form) => need("form_body"),
            Some(BodyKind::Text | BodyKind::Bytes) => need("raw_body"),
            Some(BodyKind::Multipart(parts)) => {
                need("multipart");
                for part in parts {
                    need(match part.kind {
                        PartKind::Text | PartKind::TextEach => "multipart_text",
                        PartKind::Bytes => "multipart_bytes",
                        PartKind::Json => "multipart_json",
                    });
                }
            }
            None => {}
        }
        if let Some(ResponseKind::Text | ResponseKind::Bytes) =
            op.response.as_ref().map(|r| &r.kind)
        {
            need("raw_answer");
        }
        if op.response.as_ref().is_some_and(|r| r.secret) {
            need("secret_answer");
        }
        if op.pagination.is_some() {
            need("pagination");
        }
    }
    // The same tests decide what each models module imports (`render::model_module_rs`).
    let any = |test: fn(&StructDef) -> bool| {
        types
            .iter()
            .any(|t| matches!(&t.kind, TypeKind::Struct(s) if test(s)))
    };
    if any(StructDef::has_serde_impls) {
        need("de");
        need("ser");
    }
    if any(StructDef::has_nullable_de_fields) {
        need("de_nullable");
    }
    if any(StructDef::has_de_rest) {
        need("de_rest");
    }
    if any(StructDef::has_optional_ser_fields) {
        need("ser_optional");
    }
    needed.sort_unstable();
    needed
}
