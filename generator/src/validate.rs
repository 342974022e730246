//! Validation: checks that need the whole document before lowering (unique operation ids,
//! `$ref`s that resolve, and land on a schema where a schema goes), each failure naming the
//! JSON pointer where it was met.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result, is_data_key};
use crate::load::Spec;
use crate::pointer::{pointer_token, push_index, push_token};
use crate::shape::{self, Ctx};

/// Checks the spec; the first problem found is returned.
pub fn validate(spec: &Spec) -> Result<()> {
    validate_tree(&spec.path, &spec.raw)
}

/// Checks a spec's tree, read from `path`, as [`validate`] does (the loader checks it before
/// typing it, so that the tree can be freed first).
pub fn validate_tree(path: &Path, raw: &Value) -> Result<()> {
    let tree = Tree { path, raw };
    check_refs(&tree, raw, &mut String::from("#"), Ctx::Normal)?;
    check_operation_ids(&tree)
}

/// The tree being checked and the file it was read from.
struct Tree<'a> {
    path: &'a Path,
    raw: &'a Value,
}

/// Every `$ref` must be local (`#/...`) and point at something that exists; a `$ref` where a
/// schema goes must land on a schema (a component, or any schema inside one or inside an
/// operation: a property, `items`, an `allOf`/`oneOf`/`anyOf` part, `additionalProperties`).
/// In a map whose keys are names (`properties`), a key `$ref` is a property, not a reference;
/// data (examples, defaults, extensions) is not looked into.
fn check_refs(spec: &Tree<'_>, value: &Value, pointer: &mut String, ctx: Ctx) -> Result<()> {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").filter(|_| ctx != Ctx::SchemaMap) {
                check_ref(spec, target, &format!("{pointer}/$ref"), ctx)?;
            }
            for (key, child) in map {
                let child_ctx = match ctx.member(key, child) {
                    Some(child_ctx) => child_ctx,
                    None if is_data_key(key) => continue,
                    None => Ctx::Normal,
                };
                let len = pointer.len();
                push_token(pointer, key);
                check_refs(spec, child, pointer, child_ctx)?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                push_index(pointer, i);
                check_refs(spec, child, pointer, ctx.element())?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// One `$ref` (met at `here`, in context `ctx`).
fn check_ref(spec: &Tree<'_>, target: &Value, here: &str, ctx: Ctx) -> Result<()> {
    let Some(target) = target.as_str() else {
        return Err(Error::spec(spec.path, here, "`$ref` must be a string"));
    };
    if !target.starts_with('#') {
        return Err(Error::spec(
            spec.path,
            here,
            format!("`$ref: {target}` points outside this file, which is not supported yet"),
        ));
    }
    let Some((found, is_schema)) = shape::lookup(spec.raw, target) else {
        return Err(Error::spec(
            spec.path,
            here,
            format!("`$ref: {target}` points at nothing in this document"),
        ));
    };
    if ctx == Ctx::Schema && !is_schema {
        return Err(Error::spec(
            spec.path,
            here,
            format!(
                "`$ref: {target}` points at {} that is not a schema",
                shape::kind(found)
            ),
        ));
    }
    Ok(())
}

/// The methods of a path item in the order openapiv3 lists them (`PathItem::iter`).
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn check_operation_ids(spec: &Tree<'_>) -> Result<()> {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    let paths = spec.raw.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        // A path item that is a `$ref` is not read (as openapiv3 does not).
        let Some(item) = item.as_object().filter(|i| !i.contains_key("$ref")) else {
            continue;
        };
        for method in METHODS {
            let Some(id) = item
                .get(method)
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let here = format!("#/paths/{}/{method}/operationId", pointer_token(path));
            if let Some(first) = seen.get(id) {
                return Err(Error::spec(
                    spec.path,
                    here,
                    format!("duplicate operationId `{id}`, first used at {first}"),
                ));
            }
            seen.insert(id, here);
        }
    }
    Ok(())
}
