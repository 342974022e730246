//! Validation: checks that need the whole document before lowering (unique operation ids,
//! `$ref`s that resolve, and land on a schema where a schema goes), each failure naming the
//! JSON pointer where it was met.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result, is_data_key};
use crate::load::Spec;
use crate::pointer::pointer_token;
use crate::shape::{self, Ctx};

/// Checks the spec; the first problem found is returned.
pub fn validate(spec: &Spec) -> Result<()> {
    check_refs(spec, &spec.raw, &mut String::from("#"), Ctx::Normal)?;
    check_operation_ids(spec)
}

/// Every `$ref` must be local (`#/...`) and point at something that exists; a `$ref` where a
/// schema goes must land on a schema (a component, or any schema inside one or inside an
/// operation: a property, `items`, an `allOf`/`oneOf`/`anyOf` part, `additionalProperties`).
/// In a map whose keys are names (`properties`), a key `$ref` is a property, not a reference;
/// data (examples, defaults, extensions) is not looked into.
fn check_refs(spec: &Spec, value: &Value, pointer: &mut String, ctx: Ctx) -> Result<()> {
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
                pointer.push('/');
                pointer.push_str(&pointer_token(key));
                check_refs(spec, child, pointer, child_ctx)?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                check_refs(spec, child, pointer, ctx.element())?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// One `$ref` (met at `here`, in context `ctx`).
fn check_ref(spec: &Spec, target: &Value, here: &str, ctx: Ctx) -> Result<()> {
    let Some(target) = target.as_str() else {
        return Err(Error::spec(&spec.path, here, "`$ref` must be a string"));
    };
    if !target.starts_with('#') {
        return Err(Error::spec(
            &spec.path,
            here,
            format!("`$ref: {target}` points outside this file, which is not supported yet"),
        ));
    }
    let Some((found, is_schema)) = shape::lookup(&spec.raw, target) else {
        return Err(Error::spec(
            &spec.path,
            here,
            format!("`$ref: {target}` points at nothing in this document"),
        ));
    };
    if ctx == Ctx::Schema && !is_schema {
        return Err(Error::spec(
            &spec.path,
            here,
            format!(
                "`$ref: {target}` points at {} that is not a schema",
                shape::kind(found)
            ),
        ));
    }
    Ok(())
}

fn check_operation_ids(spec: &Spec) -> Result<()> {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (path, item) in &spec.doc.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            let here = format!("#/paths/{}/{method}/operationId", pointer_token(path));
            if let Some(first) = seen.get(id) {
                return Err(Error::spec(
                    &spec.path,
                    here,
                    format!("duplicate operationId `{id}`, first used at {first}"),
                ));
            }
            seen.insert(id, here);
        }
    }
    Ok(())
}
