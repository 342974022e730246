//! Validation: checks that need the whole document before lowering (unique operation ids,
//! resolvable `$ref`s), each failure naming the JSON pointer where it was met.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result, is_data_key, pointer_token};
use crate::load::Spec;

/// Checks the spec; the first problem found is returned.
pub fn validate(spec: &Spec) -> Result<()> {
    check_refs(spec, &spec.raw, &mut String::from("#"), false)?;
    check_operation_ids(spec)
}

fn spec_err(spec: &Spec, pointer: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Spec {
        path: spec.path.clone(),
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// Every `$ref` must be local (`#/...`) and point at something that exists. `names` is true for
/// a map whose keys are names (`properties`), where a key `$ref` is a property, not a reference;
/// data (examples, defaults, extensions) is not looked into.
fn check_refs(spec: &Spec, value: &Value, pointer: &mut String, names: bool) -> Result<()> {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").filter(|_| !names) {
                let here = format!("{pointer}/$ref");
                let Some(target) = target.as_str() else {
                    return Err(spec_err(spec, here, "`$ref` must be a string"));
                };
                let Some(local) = target.strip_prefix('#') else {
                    return Err(spec_err(
                        spec,
                        here,
                        format!(
                            "`$ref: {target}` points outside this file, which is not supported yet"
                        ),
                    ));
                };
                if spec.raw.pointer(local).is_none() {
                    return Err(spec_err(
                        spec,
                        here,
                        format!("`$ref: {target}` points at nothing in this document"),
                    ));
                }
            }
            for (key, child) in map {
                if !names && is_data_key(key) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&pointer_token(key));
                check_refs(spec, child, pointer, !names && key == "properties")?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                check_refs(spec, child, pointer, false)?;
                pointer.truncate(len);
            }
        }
        _ => {}
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
                return Err(spec_err(
                    spec,
                    here,
                    format!("duplicate operationId `{id}`, first used at {first}"),
                ));
            }
            seen.insert(id, here);
        }
    }
    Ok(())
}
