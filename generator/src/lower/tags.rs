//! Tags: their order (the spec's `tags` list first, then first use), names, slugs and modules,
//! and the order of operations within them.

use std::collections::{BTreeMap, BTreeSet};

use crate::ident::{UniqueNames, module_ident, slug, unicode_slug};
use crate::ir::{BodyKind, ModelModule, Operation, ResponseKind, Tag, TypeDef, TypeKind, TypeRef};

use super::RawOperation;
use super::assemble::reachable;

/// Feature names a tag's feature never takes: Cargo's own and the generated crate's others.
const RESERVED_FEATURES: &[&str] = &["default", "tracing", "axum"];

/// The name of the models module of the types that several tags reach.
const SHARED_MODULE: &str = "shared";

/// The tags that operations use, in the order of the spec's `tags` list, then alphabetically;
/// each with a unique page slug (Unicode kept) and a unique ASCII module name.
pub(super) fn order_tags(doc: &openapiv3::OpenAPI, raw_ops: &[RawOperation]) -> Vec<Tag> {
    let mut tag_order: Vec<String> = doc.tags.iter().map(|t| t.name.clone()).collect();
    let used_tags: BTreeSet<&str> = raw_ops.iter().map(|op| op.tag.as_str()).collect();
    for t in &used_tags {
        if !tag_order.iter().any(|o| o == t) {
            tag_order.push((*t).to_string());
        }
    }
    tag_order.retain(|t| used_tags.contains(t.as_str()));
    let mut tag_slugs = UniqueNames::new();
    let mut tag_modules = UniqueNames::new();
    tag_modules.reserve("mod");
    tag_modules.reserve(SHARED_MODULE);
    let mut features = UniqueNames::new();
    for reserved in RESERVED_FEATURES {
        features.reserve(reserved);
    }
    // Module files must have ASCII names (rustc E0754), so modules take the ASCII slug.
    tag_order
        .iter()
        .map(|name| Tag {
            name: name.clone(),
            slug: tag_slugs.unique(&unicode_slug(name)),
            uses_models: false,
            names_error: false,
            names_pending: false,
            // Cargo feature names are ASCII; a tag with none (Chinese) is named `tag`.
            feature: features.unique(&match slug(name).as_str() {
                "" => "tag".to_string(),
                ascii => ascii.to_string(),
            }),
            module: tag_modules.unique(&match slug(name).as_str() {
                "item" => "tag".to_string(),
                ascii => module_ident(ascii),
            }),
            description: doc
                .tags
                .iter()
                .find(|t| &t.name == name)
                .and_then(|t| t.description.clone()),
            operations: Vec::new(),
        })
        .collect()
}

/// The operations with the index of their tag, sorted by tag, then method name.
pub(super) fn sort_operations(
    raw_ops: Vec<RawOperation>,
    tags: &[Tag],
) -> Vec<(usize, RawOperation)> {
    let mut ops: Vec<(usize, RawOperation)> = raw_ops
        .into_iter()
        .map(|op| {
            let tag_index = tags.iter().position(|t| t.name == op.tag).unwrap_or(0);
            (tag_index, op)
        })
        .collect();
    ops.sort_by(|a, b| (a.0, &a.1.method_name).cmp(&(b.0, &b.1.method_name)));
    ops
}

/// Marks the tags whose operations name a generated model (params, body or response), the
/// crate's `Error` (an `async fn` or a stream method) and its `Pending` (a plain method, see
/// [`Operation::has_plain_method`]).
pub(super) fn mark_tag_imports(tags: &mut [Tag], operations: &[Operation]) {
    for tag in tags {
        let ops = || tag.operations.iter().filter_map(|&i| operations.get(i));
        tag.names_error = ops().any(|op| !op.has_plain_method() || op.pagination.is_some());
        tag.names_pending = ops().any(Operation::has_plain_method);
        tag.uses_models = tag.operations.iter().any(|&i| {
            operations.get(i).is_some_and(|op| {
                op.params.is_some()
                    || op.body.as_ref().is_some_and(|b| {
                        !matches!(b.kind, BodyKind::Text | BodyKind::Bytes) && b.ty.uses_models()
                    })
                    || op
                        .response
                        .as_ref()
                        .is_some_and(|r| r.kind == ResponseKind::Json && r.ty.uses_models())
            })
        });
    }
}

/// The modules of `models`: the types that exactly one tag reaches, and no webhook event's data
/// (`webhook_roots`; the receiver is always compiled), go to that tag's module (compiled with
/// its feature), the others to `shared` (always compiled). A type reaches only types that at
/// least the same tags (and events) reach, so a tag module names only its own and shared
/// types, and `shared` only its own.
pub(super) fn model_modules(
    tags: &[Tag],
    operations: &[Operation],
    types: &[TypeDef],
    webhook_roots: &[TypeRef],
) -> Vec<ModelModule> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut reached_by: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (index, tag) in tags.iter().enumerate() {
        let roots: Vec<TypeRef> = tag
            .operations
            .iter()
            .filter_map(|&i| operations.get(i))
            .flat_map(operation_roots)
            .collect();
        for name in reachable(&by_name, &roots) {
            reached_by.entry(name).or_default().insert(index);
        }
    }
    let always: BTreeSet<String> = reachable(&by_name, webhook_roots).into_iter().collect();
    let mut shared = Vec::new();
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); tags.len()];
    for (index, t) in types.iter().enumerate() {
        let reach = reached_by
            .get(&t.name)
            .filter(|_| !always.contains(&t.name));
        let only = reach.and_then(|set| (set.len() == 1).then(|| set.first()).flatten());
        match only
            .filter(|_| tags.len() > 1)
            .and_then(|&tag| own.get_mut(tag))
        {
            Some(members) => members.push(index),
            None => shared.push(index),
        }
    }
    let mut home: BTreeMap<&str, usize> = BTreeMap::new();
    let name_of = |i: usize| types.get(i).map(|t| t.name.as_str());
    home.extend(
        shared
            .iter()
            .filter_map(|&i| name_of(i))
            .map(|n| (n, usize::MAX)),
    );
    for (tag, members) in own.iter().enumerate() {
        home.extend(members.iter().filter_map(|&i| name_of(i)).map(|n| (n, tag)));
    }
    let module = |name: String, feature: Option<String>, members: Vec<usize>| {
        let here = members.first().and_then(|&i| home.get(name_of(i)?));
        ModelModule {
            imports_siblings: members.iter().filter_map(|&i| types.get(i)).any(|t| {
                named_types(t)
                    .iter()
                    .any(|name| home.get(name.as_str()) != here)
            }),
            name,
            feature,
            types: members,
        }
    };
    let mut modules = Vec::new();
    if !shared.is_empty() {
        modules.push(module(SHARED_MODULE.to_string(), None, shared));
    }
    for (tag, members) in tags.iter().zip(own) {
        if !members.is_empty() {
            modules.push(module(
                tag.module.clone(),
                Some(tag.feature.clone()),
                members,
            ));
        }
    }
    modules
}

/// The types an operation names directly: its parameters, body, response and error bodies.
pub(super) fn operation_roots(op: &Operation) -> Vec<TypeRef> {
    let params = op
        .params
        .iter()
        .map(|p| TypeRef::Named(p.type_name.clone()));
    let body = op.body.iter().map(|b| b.ty.clone());
    let response = op.response.iter().map(|r| r.ty.clone());
    let errors = op.error_responses.iter().filter_map(|e| e.ty.clone());
    params.chain(body).chain(response).chain(errors).collect()
}

/// The generated types a type's definition names.
fn named_types(t: &TypeDef) -> Vec<String> {
    fn walk(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(name) => out.push(name.clone()),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                walk(inner, out)
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &t.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| walk(&f.ty, &mut out));
            // A member is an alias of its generic struct; a generic struct's parameter is no
            // type.
            out.extend(s.instance_of.iter().map(|i| i.generic.clone()));
            out.retain(|name| s.type_param.as_ref() != Some(name));
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.ty, &mut out)),
        TypeKind::Alias { target, .. } => walk(target, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}
