//! Examples: checks the spec's examples against their types, then builds from them the usage
//! example and the sample response of every operation page.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::error::Result;
use crate::ir::{
    Api, Dialect, Operation, ResponseKind, SchemeKind, TypeDef, TypeKind, TypeRef, UnionDef,
    UnionVariant,
};
use crate::rust_fmt;

/// Named types by Rust name.
type Types<'a> = BTreeMap<&'a str, &'a TypeDef>;

/// Drops examples that do not fit their type (with a warning), then fills each operation's
/// `example`, `sample_response` and `doc_sections`.
pub fn fill(api: &mut Api) -> Result<()> {
    drop_misfit_examples(api);
    let types: Types = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut filled = Vec::with_capacity(api.operations.len());
    for op in &api.operations {
        let example = usage_example(api, op, &types)?;
        let sample = op
            .response
            .as_ref()
            .filter(|r| r.kind == ResponseKind::Json)
            .and_then(|r| sample(&r.ty, &types, &mut BTreeSet::new()))
            .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default());
        filled.push((example, sample, doc_sections(op, &types)));
    }
    for (op, (example, sample, sections)) in api.operations.iter_mut().zip(filled) {
        op.example = example;
        op.sample_response = sample;
        op.doc_sections = sections;
    }
    Ok(())
}

fn drop_misfit_examples(api: &mut Api) {
    let misfits: Vec<(usize, usize)> = {
        let types: Types = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut out = Vec::new();
        for (ti, t) in api.types.iter().enumerate() {
            if let TypeKind::Struct(s) = &t.kind {
                for (fi, f) in s.fields.iter().enumerate() {
                    if let Some(ex) = &f.example
                        && !fits(&f.ty, ex, &types, 0)
                    {
                        out.push((ti, fi));
                    }
                }
            }
        }
        out
    };
    for (ti, fi) in misfits {
        if let Some(TypeKind::Struct(s)) = api.types.get_mut(ti).map(|t| &mut t.kind)
            && let Some(f) = s.fields.get_mut(fi)
        {
            f.example = None;
            api.warnings.push(format!(
                "{}/example: the example does not match the field's type and was left out",
                f.pointer
            ));
        }
    }
}

/// Depth beyond which nested examples are not followed (recursive schemas).
const MAX_DEPTH: usize = 32;

/// Whether `value` deserializes into `ty`.
pub fn fits(ty: &TypeRef, value: &Value, types: &Types, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match ty {
        TypeRef::String => value.is_string(),
        TypeRef::Bool => value.is_boolean(),
        TypeRef::I32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        TypeRef::I64 => value.as_i64().is_some(),
        TypeRef::F32 => value
            .as_f64()
            .is_some_and(|n| n.abs() <= f64::from(f32::MAX)),
        TypeRef::F64 => value.is_number(),
        TypeRef::Json => true,
        TypeRef::Bytes => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| v.as_u64().is_some_and(|n| n <= 255))),
        TypeRef::Nullable(t) => value.is_null() || fits(t, value, types, depth + 1),
        TypeRef::Array(t) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| fits(t, v, types, depth + 1))),
        TypeRef::Map(t) => value
            .as_object()
            .is_some_and(|m| m.values().all(|v| fits(t, v, types, depth + 1))),
        TypeRef::Named(n) => match types.get(n.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) if e.integer => value.as_i64().is_some(),
            Some(TypeKind::Enum(_)) => value.is_string(),
            Some(TypeKind::Alias { target, .. }) => fits(target, value, types, depth + 1),
            Some(TypeKind::Struct(s)) => value.as_object().is_some_and(|m| {
                s.fields.iter().all(|f| match m.get(&f.api_name) {
                    Some(v) => fits(&f.ty, v, types, depth + 1),
                    None => !f.required,
                })
            }),
            Some(TypeKind::Union(u)) => union_variant(u, value, types, depth).is_some(),
            None => false,
        },
    }
}

/// The alternative of a union that `value` deserializes into: by tag when the union is tagged,
/// else the first that fits.
fn union_variant<'u>(
    union: &'u UnionDef,
    value: &Value,
    types: &Types,
    depth: usize,
) -> Option<&'u UnionVariant> {
    match &union.tag_property {
        Some(property) => {
            let tag = value.get(property)?.as_str()?;
            union
                .variants
                .iter()
                .find(|v| v.tag.as_deref() == Some(tag))
                .filter(|v| fits(&v.ty, value, types, depth + 1))
        }
        None => union
            .variants
            .iter()
            .find(|v| fits(&v.ty, value, types, depth + 1)),
    }
}

/// A sample JSON value for `ty`, built from the examples in the spec.
fn sample(ty: &TypeRef, types: &Types, visiting: &mut BTreeSet<String>) -> Option<Value> {
    Some(match ty {
        TypeRef::String => Value::from("string"),
        TypeRef::Bool => Value::from(false),
        TypeRef::I32 | TypeRef::I64 => Value::from(0),
        TypeRef::F32 | TypeRef::F64 => Value::from(0.0),
        TypeRef::Json | TypeRef::Map(_) => Value::Object(Default::default()),
        TypeRef::Bytes => Value::Array(Vec::new()),
        TypeRef::Nullable(t) => sample(t, types, visiting)?,
        TypeRef::Array(t) => match named_struct(t, types) {
            true => Value::Array(sample(t, types, visiting).into_iter().collect()),
            false => Value::Array(Vec::new()),
        },
        TypeRef::Named(n) => match &types.get(n.as_str())?.kind {
            TypeKind::Enum(e) if e.integer => e
                .variants
                .first()
                .and_then(|v| v.value.parse::<i64>().ok())
                .map_or(Value::from(0), Value::from),
            TypeKind::Enum(e) => Value::from(e.variants.first().map_or("string", |v| &v.value)),
            TypeKind::Alias { target, .. } => sample(target, types, visiting)?,
            TypeKind::Union(u) => {
                let first = u.variants.first()?;
                let mut value = sample(&first.ty, types, visiting)?;
                if let (Some(property), Some(tag), Some(obj)) =
                    (&u.tag_property, &first.tag, value.as_object_mut())
                {
                    obj.insert(property.clone(), Value::from(tag.as_str()));
                }
                value
            }
            TypeKind::Struct(s) => {
                if !visiting.insert(n.clone()) {
                    return None;
                }
                let mut obj = serde_json::Map::new();
                for f in &s.fields {
                    let value = match &f.example {
                        Some(ex) => Some(as_typed_number(&f.ty, ex.clone())),
                        None if f.required || named_struct(&f.ty, types) => {
                            sample(&f.ty, types, visiting)
                        }
                        None => None,
                    };
                    if let Some(v) = value {
                        obj.insert(f.api_name.clone(), v);
                    }
                }
                visiting.remove(n);
                Value::Object(obj)
            }
        },
    })
}

/// Floats are written as floats so that a round trip through the Rust type gives equal JSON.
fn as_typed_number(ty: &TypeRef, value: Value) -> Value {
    match (ty, &value) {
        (TypeRef::Nullable(inner), _) => as_typed_number(inner, value),
        (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => {
            n.as_f64().map_or(value.clone(), Value::from)
        }
        _ => value,
    }
}

/// Whether `ty` is a named struct or union (an object the sample builds even when optional).
fn named_struct(ty: &TypeRef, types: &Types) -> bool {
    match ty {
        TypeRef::Named(n) => match types.get(n.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Struct(_) | TypeKind::Union(_)) => true,
            Some(TypeKind::Alias { target, .. }) => named_struct(target, types),
            _ => false,
        },
        _ => false,
    }
}

/// Named types that get a section on the page: all reachable from the body and the response,
/// except the two roots whose fields the page already lists.
fn doc_sections(op: &Operation, types: &Types) -> Vec<String> {
    let mut roots = Vec::new();
    let mut queue = VecDeque::new();
    let params = op
        .params
        .iter()
        .map(|p| TypeRef::Named(p.type_name.clone()));
    let others = op
        .body
        .iter()
        .map(|b| b.ty.clone())
        .chain(op.response.iter().map(|r| r.ty.clone()));
    for ty in params.chain(others) {
        let ty = &ty;
        match ty {
            TypeRef::Named(n)
                if matches!(
                    types.get(n.as_str()).map(|t| &t.kind),
                    Some(TypeKind::Struct(_))
                ) =>
            {
                roots.push(n.clone());
                if let Some(TypeKind::Struct(s)) = types.get(n.as_str()).map(|t| &t.kind) {
                    queue.extend(s.fields.iter().map(|f| f.ty.clone()));
                }
            }
            other => queue.push_back(other.clone()),
        }
    }
    queue.extend(op.error_responses.iter().filter_map(|e| e.ty.clone()));
    let mut out: Vec<String> = Vec::new();
    while let Some(ty) = queue.pop_front() {
        match ty {
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => queue.push_back(*t),
            TypeRef::Named(n) => {
                if roots.contains(&n) || out.contains(&n) {
                    continue;
                }
                match types.get(n.as_str()).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => {
                        queue.extend(s.fields.iter().map(|f| f.ty.clone()));
                        out.push(n);
                    }
                    Some(TypeKind::Alias { target, .. }) => queue.push_back(target.clone()),
                    Some(TypeKind::Enum(_)) => out.push(n),
                    Some(TypeKind::Union(u)) => {
                        queue.extend(u.variants.iter().map(|v| v.ty.clone()));
                        out.push(n);
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    out
}

/// The page's Rust example: build the request from the spec's examples and call the method.
fn usage_example(api: &Api, op: &Operation, types: &Types) -> Result<String> {
    let lib = &api.krate.lib_name;
    let client = &api.client_name;
    let mut used = BTreeSet::new();
    let mut body_lines = String::new();
    let mut call_args = String::new();
    let mut args = Vec::new();
    if let Some(params) = &op.params {
        let expr = ExprBuilder {
            types,
            used: &mut used,
        }
        .expr(&TypeRef::Named(params.type_name.clone()), None, false, 0);
        body_lines.push_str(&format!("let params = {expr};\n"));
        args.push("&params".to_string());
    }
    if let Some(body) = &op.body {
        let expr = ExprBuilder {
            types,
            used: &mut used,
        }
        .expr(&body.ty, None, false, 0);
        body_lines.push_str(&format!("let {} = {expr};\n", body.arg_name));
        args.push(format!("&{}", body.arg_name));
    }
    call_args.push_str(&args.join(", "));
    let call = format!("client.{}({call_args}).await?", op.method_name);
    let (call_line, print_line) = match &op.response {
        Some(_) => (
            format!("let response = {call};"),
            "println!(\"{response:#?}\");",
        ),
        None => (format!("{call};"), ""),
    };
    let imports = match used.len() {
        0 => String::new(),
        _ => format!(
            "use {lib}::models::{{{}}};",
            used.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    };
    let code = format!(
        "use {lib}::{client};\n{imports}\n\
         #[tokio::main]\n\
         async fn main() -> Result<(), {lib}::Error> {{\n\
         let client = {client}::{builder}.build()?;\n\
         {body_lines}{call_line}\n{print_line}\nOk(())\n}}\n",
        builder = builder_call(api, op),
    );
    rust_fmt::format_snippet(&code, &format!("the usage example of {}", op.api_id))
}

/// The builder call of an example: the dialect's constructor, or the plain one with the
/// credentials of the operation's first requirement, their example values made from the
/// scheme names (`API_KEY`, `BEARER_TOKEN`, ...).
fn builder_call(api: &Api, op: &Operation) -> String {
    if let Some(Dialect::Authing { .. }) = api.dialect {
        return "builder(\"AUTHING_ACCESS_KEY_ID\", \"AUTHING_ACCESS_KEY_SECRET\")".to_string();
    }
    let mut call = "builder()".to_string();
    for index in op.security.first().into_iter().flatten() {
        let Some(scheme) = api.security_schemes.get(*index) else {
            continue;
        };
        let name = &scheme.constant;
        let args = match &scheme.kind {
            Some(SchemeKind::ApiKey { .. }) => format!("{name:?}"),
            Some(SchemeKind::Bearer) => format!("\"{name}_TOKEN\""),
            Some(SchemeKind::Basic) => format!("\"{name}_USERNAME\", \"{name}_PASSWORD\""),
            Some(SchemeKind::OAuth2ClientCredentials { .. }) => {
                format!("\"{name}_CLIENT_ID\", \"{name}_CLIENT_SECRET\"")
            }
            None => continue,
        };
        call.push_str(&format!(".{}({args})", scheme.setter));
    }
    call
}

/// Builds Rust expressions from example values.
struct ExprBuilder<'a, 'u> {
    types: &'a Types<'a>,
    used: &'u mut BTreeSet<String>,
}

impl ExprBuilder<'_, '_> {
    /// `into_arg`: the expression is passed where `impl Into<String>` is accepted.
    fn expr(
        &mut self,
        ty: &TypeRef,
        value: Option<&Value>,
        into_arg: bool,
        depth: usize,
    ) -> String {
        let string_lit = |s: &str| match into_arg {
            true => format!("{s:?}"),
            false => format!("{s:?}.to_string()"),
        };
        match ty {
            TypeRef::String => string_lit(value.and_then(Value::as_str).unwrap_or("")),
            TypeRef::Bool => value.and_then(Value::as_bool).unwrap_or(false).to_string(),
            TypeRef::I32 | TypeRef::I64 => value.and_then(Value::as_i64).unwrap_or(0).to_string(),
            TypeRef::F32 | TypeRef::F64 => {
                format!("{:?}", value.and_then(Value::as_f64).unwrap_or(0.0))
            }
            TypeRef::Nullable(t) => match value {
                None | Some(Value::Null) => "None".to_string(),
                Some(v) => format!("Some({})", self.expr(t, Some(v), false, depth + 1)),
            },
            TypeRef::Json => match value {
                Some(v) => format!("serde_json::json!({})", json_tokens(v)),
                None => "serde_json::Value::Null".to_string(),
            },
            TypeRef::Bytes => "Vec::<u8>::new()".to_string(),
            TypeRef::Map(t) => match value.and_then(Value::as_object) {
                Some(entries) if !entries.is_empty() && depth < MAX_DEPTH => {
                    let entries: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| {
                            format!(
                                "({k:?}.to_string(), {})",
                                self.expr(t, Some(v), false, depth + 1)
                            )
                        })
                        .collect();
                    format!("std::collections::BTreeMap::from([{}])", entries.join(", "))
                }
                _ => "std::collections::BTreeMap::new()".to_string(),
            },
            TypeRef::Array(t) => match value.and_then(Value::as_array) {
                Some(items) if depth < MAX_DEPTH => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|v| self.expr(t, Some(v), false, depth + 1))
                        .collect();
                    format!("vec![{}]", items.join(", "))
                }
                _ => "Vec::new()".to_string(),
            },
            TypeRef::Named(n) => self.named(n, value, into_arg, depth),
        }
    }

    fn named(&mut self, name: &str, value: Option<&Value>, into_arg: bool, depth: usize) -> String {
        let Some(def) = self.types.get(name) else {
            return "Default::default()".to_string();
        };
        match &def.kind {
            TypeKind::Alias { target, .. } => self.expr(target, value, into_arg, depth),
            TypeKind::Union(u) => {
                self.used.insert(name.to_string());
                let chosen = value
                    .and_then(|v| union_variant(u, v, self.types, depth))
                    .or(u.variants.first());
                let Some(variant) = chosen else {
                    return format!("unimplemented!(\"{name} has no alternative\")");
                };
                let inner = self.expr(&variant.ty, value, false, depth + 1);
                match variant.rust_type.starts_with("Box<") {
                    true => format!("{name}::{}(Box::new({inner}))", variant.name),
                    false => format!("{name}::{}({inner})", variant.name),
                }
            }
            TypeKind::Enum(e) if e.integer => {
                self.used.insert(name.to_string());
                let wanted = value.and_then(Value::as_i64).map(|n| n.to_string());
                match wanted.or_else(|| e.variants.first().map(|v| v.value.clone())) {
                    Some(w) => match e.variants.iter().find(|v| v.value == w) {
                        Some(v) => format!("{name}::{}", v.name),
                        None => format!("{name}::{}({w})", e.fallback),
                    },
                    None => format!("{name}::{}(0)", e.fallback),
                }
            }
            TypeKind::Enum(e) => {
                self.used.insert(name.to_string());
                let wanted = value.and_then(Value::as_str);
                match wanted {
                    Some(w) => match e.variants.iter().find(|v| v.value == w) {
                        Some(v) => format!("{name}::{}", v.name),
                        None => format!("{name}::{}({w:?}.to_string())", e.fallback),
                    },
                    None => match e.variants.first() {
                        Some(v) => format!("{name}::{}", v.name),
                        None => format!("{name}::{}(String::new())", e.fallback),
                    },
                }
            }
            TypeKind::Struct(s) => {
                self.used.insert(name.to_string());
                if depth >= MAX_DEPTH {
                    return format!("unimplemented!(\"{name} nests too deeply for an example\")");
                }
                let obj = value.and_then(Value::as_object);
                let field_value = |api_name: &str, example: &Option<Value>| -> Option<Value> {
                    obj.and_then(|o| o.get(api_name))
                        .or(example.as_ref())
                        .cloned()
                };
                let args: Vec<String> = s
                    .required()
                    .map(|f| {
                        let v = field_value(&f.api_name, &f.example);
                        self.expr(&f.ty, v.as_ref(), f.ty == TypeRef::String, depth + 1)
                    })
                    .collect();
                let mut out = format!("{name}::new({})", args.join(", "));
                for f in s.optional() {
                    if let Some(v) = field_value(&f.api_name, &f.example) {
                        let e = self.expr(&f.ty, Some(&v), f.ty == TypeRef::String, depth + 1);
                        out.push_str(&format!(".{}({e})", f.setter));
                    }
                }
                out
            }
        }
    }
}

/// The tokens of `serde_json::json!` for `value`: strings as Rust literals (JSON's `\u` escapes
/// are not Rust's), and integers outside `i32` with a type suffix, since an unsuffixed literal
/// in the macro is an `i32` and would not compile.
fn json_tokens(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if i32::try_from(i).is_ok() => i.to_string(),
            (Some(i), _) => format!("{i}i64"),
            (None, Some(u)) => format!("{u}u64"),
            (None, None) => n.to_string(),
        },
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_tokens).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k:?}: {}", json_tokens(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Bool(_) | Value::Null => value.to_string(),
    }
}

#[cfg(test)]
mod json_tests {
    use super::json_tokens;

    #[test]
    fn json_macro_tokens_compile_as_rust() {
        let value = serde_json::json!({
            "small": 7, "big": 1680241048891_i64, "huge": u64::MAX, "neg": -3_000_000_000_i64,
            "f": 1.5, "s": "a\u{1}\"b", "list": [null, true]
        });
        assert_eq!(
            json_tokens(&value),
            "{\"small\": 7, \"big\": 1680241048891i64, \"huge\": 18446744073709551615u64, \
             \"neg\": -3000000000i64, \"f\": 1.5, \"s\": \"a\\u{1}\\\"b\", \"list\": [null, true]}"
        );
    }
}
