//! Examples: checks the spec's examples against their types, then builds from them the usage
//! example, the HTTP sample and the sample response of every operation page.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir::{
    Api, BodyKind, Dialect, ExampleRequest, Operation, ParamEncoding, ParamLocation, ResponseKind,
    SchemeKind, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant,
};
use crate::rust_fmt;

/// The runtime's own path module, compiled into the generator too, so that a page's HTTP
/// sample encodes path segments with the very function the generated client calls.
#[path = "../../runtime/src/path.rs"]
mod runtime_path;
use runtime_path::encode_path;

/// Named types by Rust name.
type Types<'a> = BTreeMap<&'a str, &'a TypeDef>;

/// One operation's examples: the usage example, the HTTP sample, the request the sample tests
/// send, and the sample response.
type Filled = (
    String,
    Option<String>,
    Option<ExampleRequest>,
    Option<String>,
);

/// Drops examples that do not fit their type (with a warning), then fills each operation's
/// `example`, `http_sample`, `example_request` and `sample_response`.
pub fn fill(api: &mut Api) -> Result<()> {
    drop_misfit_examples(api);
    let types: Types = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let fill_one = |op: &Operation| -> Result<Filled> {
        let usage = usage_example(api, op, &types)?;
        let http = http_sample(api, op, usage.params.as_ref(), usage.body.as_ref());
        let sample = op
            .response
            .as_ref()
            .filter(|r| r.kind == ResponseKind::Json)
            .and_then(|r| sample(&r.ty, &types, &mut BTreeSet::new()))
            .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default());
        let request = http.as_ref().filter(|h| h.testable).map(|_| usage.request);
        let http = http.map(|h| h.text);
        Ok((usage.code, http, request, sample))
    };
    // Each operation's examples are made on their own (formatting the usage example is most of
    // it), so the operations are shared out between the cores in contiguous runs, in order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let run = api.operations.len().div_ceil(threads).max(1);
    let filled: Vec<Result<Filled>> = std::thread::scope(|scope| {
        let workers: Vec<_> = api
            .operations
            .chunks(run)
            .map(|ops| scope.spawn(|| ops.iter().map(fill_one).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker.join().unwrap_or_else(|_| {
                    vec![Err(Error::Render {
                        what: "the examples".to_string(),
                        message: "their thread stopped".to_string(),
                    })]
                })
            })
            .collect()
    });
    let filled = filled.into_iter().collect::<Result<Vec<Filled>>>()?;
    for (op, (example, http, request, sample)) in api.operations.iter_mut().zip(filled) {
        op.example = example;
        op.http_sample = http;
        op.example_request = request;
        op.sample_response = sample;
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

/// The page's Rust example, and what it sends.
struct Usage {
    /// The whole example, formatted.
    code: String,
    /// What the generated HTTP-sample test runs of it.
    request: ExampleRequest,
    /// The JSON of the params struct and of the body, as the example builds them.
    params: Option<Value>,
    body: Option<Value>,
}

/// The page's Rust example: build the request from the spec's examples and call the method.
fn usage_example(api: &Api, op: &Operation, types: &Types) -> Result<Usage> {
    let lib = &api.krate.lib_name;
    let client = &api.client_name;
    let mut used = BTreeSet::new();
    let mut body_lines = String::new();
    let mut args = Vec::new();
    let mut params_json = None;
    let mut body_json = None;
    if let Some(params) = &op.params {
        let (expr, json) = ExprBuilder {
            types,
            used: &mut used,
        }
        .expr(&TypeRef::Named(params.type_name.clone()), None, false, 0);
        body_lines.push_str(&format!("let params = {expr};\n"));
        args.push("&params".to_string());
        params_json = Some(json);
    }
    if let Some(body) = &op.body {
        let (expr, json) = ExprBuilder {
            types,
            used: &mut used,
        }
        .expr(&body.ty, None, false, 0);
        body_lines.push_str(&format!("let {} = {expr};\n", body.arg_name));
        args.push(format!("&{}", body.arg_name));
        body_json = Some(json);
    }
    let request = format!("client.{}({}).await", op.method_name, args.join(", "));
    let call = format!("{request}?");
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
    Ok(Usage {
        code: rust_fmt::format_snippet(&code, &format!("the usage example of {}", op.api_id))?,
        request: ExampleRequest {
            builder: builder_call(api, op),
            statements: format!("{imports}\n{body_lines}{request}\n"),
        },
        params: params_json,
        body: body_json,
    })
}

/// A page's HTTP sample.
struct HttpSample {
    /// The request as text.
    text: String,
    /// Whether the generated crate tests it against the example (see
    /// [`Operation::example_request`]).
    testable: bool,
}

/// The request the usage example sends, as text: request line, headers, then the body. Made
/// from the JSON the example's values serialize to, with the runtime's encodings: path segments
/// percent-encoded, the query form-encoded, items of arrays joined or repeated. Credentials are
/// `<placeholders>`. `None` for a request that is not text (multipart or binary body) or has a
/// parameter in a structured style.
fn http_sample(
    api: &Api,
    op: &Operation,
    params: Option<&Value>,
    body: Option<&Value>,
) -> Option<HttpSample> {
    let (authority, base_path) = api.default_host_parts();
    let mut request = SampleRequest {
        path: op.path.clone(),
        query: Vec::new(),
        headers: vec![("host".to_string(), authority.to_string())],
        cookies: Vec::new(),
    };
    request.add_params(op, params)?;
    let testable = request.add_credentials(api, op);
    let body_text = match (&op.body, body) {
        (None, _) => None,
        (Some(b), Some(value)) => Some(request.add_body(&b.kind, value)?),
        (Some(_), None) => return None,
    };
    let text = request.text(op, base_path, body_text)?;
    Some(HttpSample { text, testable })
}

/// A request being written out for a page's HTTP sample.
struct SampleRequest {
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<String>,
}

impl SampleRequest {
    /// Puts each parameter the example sets where it goes; `None` for a structured style.
    fn add_params(&mut self, op: &Operation, params: Option<&Value>) -> Option<()> {
        for f in op.params.iter().flat_map(|p| &p.fields) {
            if let ParamEncoding::Shaped(_) = f.encoding {
                return None;
            }
            let value = params
                .and_then(|p| p.get(&f.api_name))
                .unwrap_or(&Value::Null);
            if value.is_null() {
                continue;
            }
            let items: Vec<String> = match value {
                Value::Array(items) => items.iter().map(display).collect::<Option<_>>()?,
                other => vec![display(other)?],
            };
            let name = f.api_name.clone();
            match (f.location, &f.encoding) {
                (ParamLocation::Path, _) => {
                    let segment: Vec<String> = items.iter().map(|i| encode_path(i)).collect();
                    self.path = self
                        .path
                        .replace(&format!("{{{}}}", f.api_name), &segment.join(","));
                }
                (ParamLocation::Query, ParamEncoding::Repeated) => {
                    self.query
                        .extend(items.into_iter().map(|item| (name.clone(), item)));
                }
                (ParamLocation::Query, ParamEncoding::Joined(separator)) => {
                    self.query.push((name, items.join(separator)));
                }
                (ParamLocation::Query, _) => self.query.push((name, items.join(","))),
                (ParamLocation::Header, _) => self.headers.push((name, items.join(","))),
                (ParamLocation::Cookie, _) => {
                    self.cookies.push(format!("{name}={}", items.join(",")))
                }
            }
        }
        Some(())
    }

    /// Adds the credentials of the operation's first requirement as `<placeholders>`; returns
    /// whether the generated test can check the sample (not with OAuth 2.0 or a scheme the
    /// client cannot send).
    fn add_credentials(&mut self, api: &Api, op: &Operation) -> bool {
        let mut testable = true;
        let mut credential_cookies = Vec::new();
        let userpool = match api.dialect {
            Some(Dialect::Authing { userpool, .. }) => userpool,
            None => None,
        };
        let bearer = |token: &str| ("authorization".to_string(), format!("Bearer <{token}>"));
        for index in op.security.first().into_iter().flatten() {
            let Some(scheme) = api.security_schemes.get(*index) else {
                continue;
            };
            if scheme.served_by_dialect {
                self.headers.push(bearer("management token"));
                continue;
            }
            match &scheme.kind {
                Some(SchemeKind::ApiKey { location, name }) => {
                    let placeholder = match Some(*index) == userpool {
                        true => "<user pool id>".to_string(),
                        false => format!("<{}>", scheme.key),
                    };
                    match location {
                        ParamLocation::Query => self.query.push((name.clone(), placeholder)),
                        ParamLocation::Cookie => {
                            credential_cookies.push(format!("{name}={placeholder}"))
                        }
                        _ => self.headers.push((name.to_ascii_lowercase(), placeholder)),
                    }
                }
                Some(SchemeKind::Bearer) => self.headers.push(bearer(&scheme.key)),
                Some(SchemeKind::Basic) => self.headers.push((
                    "authorization".to_string(),
                    "Basic <base64 of user:password>".to_string(),
                )),
                Some(SchemeKind::OAuth2ClientCredentials { .. }) => {
                    testable = false;
                    self.headers.push(bearer("access token"));
                }
                None => testable = false,
            }
        }
        self.cookies.extend(credential_cookies);
        if !self.cookies.is_empty() {
            self.headers
                .push(("cookie".to_string(), self.cookies.join("; ")));
        }
        testable
    }

    /// The body as text, with its `content-type`; `None` for a body that is not text.
    fn add_body(&mut self, kind: &BodyKind, value: &Value) -> Option<String> {
        let (content_type, text) = match kind {
            BodyKind::Json => (
                "application/json",
                serde_json::to_string_pretty(value).ok()?,
            ),
            BodyKind::Form => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                for (name, v) in value.as_object()? {
                    if !v.is_null() {
                        form.append_pair(name, &display(v)?);
                    }
                }
                ("application/x-www-form-urlencoded", form.finish())
            }
            _ => return None,
        };
        self.headers
            .push(("content-type".to_string(), content_type.to_string()));
        Some(text)
    }

    /// The request line, the headers and the body; `None` if a header value breaks its line.
    fn text(&self, op: &Operation, base_path: &str, body: Option<String>) -> Option<String> {
        let mut target = format!("{base_path}{}", self.path);
        if !self.query.is_empty() {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (name, value) in &self.query {
                form.append_pair(name, value);
            }
            target.push('?');
            target.push_str(&form.finish());
        }
        let mut text = format!("{} {target} HTTP/1.1\n", op.http_method.as_str());
        for (name, value) in &self.headers {
            if value.contains(['\r', '\n']) {
                return None;
            }
            text.push_str(&format!("{name}: {value}\n"));
        }
        if let Some(body) = body {
            text.push('\n');
            text.push_str(&body);
            text.push('\n');
        }
        Some(text)
    }
}

/// A scalar as the runtime writes it with `Display` (`None` for objects and nested arrays).
fn display(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Some(i.to_string()),
            (_, Some(u), _) => Some(u.to_string()),
            (_, _, Some(f)) => Some(f.to_string()),
            _ => None,
        },
        _ => None,
    }
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

/// Builds Rust expressions from example values, each with the JSON it serializes to (which the
/// page's HTTP sample shows).
struct ExprBuilder<'a, 'u> {
    types: &'a Types<'a>,
    used: &'u mut BTreeSet<String>,
}

/// A Rust expression and the JSON value it serializes to.
type Built = (String, Value);

impl ExprBuilder<'_, '_> {
    /// `into_arg`: the expression is passed where `impl Into<String>` is accepted.
    fn expr(&mut self, ty: &TypeRef, value: Option<&Value>, into_arg: bool, depth: usize) -> Built {
        let string_lit = |s: &str| match into_arg {
            true => (format!("{s:?}"), Value::from(s)),
            false => (format!("{s:?}.to_string()"), Value::from(s)),
        };
        match ty {
            TypeRef::String => string_lit(value.and_then(Value::as_str).unwrap_or("")),
            TypeRef::Bool => {
                let b = value.and_then(Value::as_bool).unwrap_or(false);
                (b.to_string(), Value::from(b))
            }
            TypeRef::I32 | TypeRef::I64 => {
                let n = value.and_then(Value::as_i64).unwrap_or(0);
                (n.to_string(), Value::from(n))
            }
            TypeRef::F32 | TypeRef::F64 => {
                let n = value.and_then(Value::as_f64).unwrap_or(0.0);
                (format!("{n:?}"), Value::from(n))
            }
            TypeRef::Nullable(t) => match value {
                None | Some(Value::Null) => ("None".to_string(), Value::Null),
                Some(v) => {
                    let (inner, json) = self.expr(t, Some(v), false, depth + 1);
                    (format!("Some({inner})"), json)
                }
            },
            TypeRef::Json => match value {
                Some(v) => (format!("serde_json::json!({})", json_tokens(v)), v.clone()),
                None => ("serde_json::Value::Null".to_string(), Value::Null),
            },
            TypeRef::Bytes => ("Vec::<u8>::new()".to_string(), Value::Array(Vec::new())),
            TypeRef::Map(t) => match value.and_then(Value::as_object) {
                Some(entries) if !entries.is_empty() && depth < MAX_DEPTH => {
                    let mut json = serde_json::Map::new();
                    let mut exprs = Vec::new();
                    for (k, v) in entries {
                        let (e, j) = self.expr(t, Some(v), false, depth + 1);
                        exprs.push(format!("({k:?}.to_string(), {e})"));
                        json.insert(k.clone(), j);
                    }
                    (
                        format!("std::collections::BTreeMap::from([{}])", exprs.join(", ")),
                        Value::Object(json),
                    )
                }
                _ => (
                    "std::collections::BTreeMap::new()".to_string(),
                    Value::Object(Default::default()),
                ),
            },
            TypeRef::Array(t) => match value.and_then(Value::as_array) {
                Some(items) if depth < MAX_DEPTH => {
                    let (exprs, json): (Vec<String>, Vec<Value>) = items
                        .iter()
                        .map(|v| self.expr(t, Some(v), false, depth + 1))
                        .unzip();
                    (format!("vec![{}]", exprs.join(", ")), Value::Array(json))
                }
                _ => ("Vec::new()".to_string(), Value::Array(Vec::new())),
            },
            TypeRef::Named(n) => self.named(n, value, into_arg, depth),
        }
    }

    fn named(&mut self, name: &str, value: Option<&Value>, into_arg: bool, depth: usize) -> Built {
        let Some(def) = self.types.get(name) else {
            return ("Default::default()".to_string(), Value::Null);
        };
        match &def.kind {
            TypeKind::Alias { target, .. } => self.expr(target, value, into_arg, depth),
            TypeKind::Union(u) => {
                self.used.insert(name.to_string());
                let chosen = value
                    .and_then(|v| union_variant(u, v, self.types, depth))
                    .or(u.variants.first());
                let Some(variant) = chosen else {
                    return (
                        format!("unimplemented!(\"{name} has no alternative\")"),
                        Value::Null,
                    );
                };
                let (inner, mut json) = self.expr(&variant.ty, value, false, depth + 1);
                if let (Some(property), Some(tag), Some(object)) =
                    (&u.tag_property, &variant.tag, json.as_object_mut())
                {
                    object.insert(property.clone(), Value::from(tag.as_str()));
                }
                let expr = match variant.boxed {
                    true => format!("{name}::{}(Box::new({inner}))", variant.name),
                    false => format!("{name}::{}({inner})", variant.name),
                };
                (expr, json)
            }
            TypeKind::Enum(e) if e.integer => {
                self.used.insert(name.to_string());
                let wanted = value.and_then(Value::as_i64).map(|n| n.to_string());
                match wanted.or_else(|| e.variants.first().map(|v| v.value.clone())) {
                    Some(w) => {
                        let json = w.parse::<i64>().map_or(Value::Null, Value::from);
                        match e.variants.iter().find(|v| v.value == w) {
                            Some(v) => (format!("{name}::{}", v.name), json),
                            None => (format!("{name}::{}({w})", e.fallback), json),
                        }
                    }
                    None => (format!("{name}::{}(0)", e.fallback), Value::from(0)),
                }
            }
            TypeKind::Enum(e) => {
                self.used.insert(name.to_string());
                let wanted = value.and_then(Value::as_str);
                match wanted {
                    Some(w) => match e.variants.iter().find(|v| v.value == w) {
                        Some(v) => (format!("{name}::{}", v.name), Value::from(w)),
                        None => (
                            format!("{name}::{}({w:?}.to_string())", e.fallback),
                            Value::from(w),
                        ),
                    },
                    None => match e.variants.first() {
                        Some(v) => (format!("{name}::{}", v.name), Value::from(v.value.as_str())),
                        None => (
                            format!("{name}::{}(String::new())", e.fallback),
                            Value::from(""),
                        ),
                    },
                }
            }
            TypeKind::Struct(s) => {
                self.used.insert(name.to_string());
                if depth >= MAX_DEPTH {
                    return (
                        format!("unimplemented!(\"{name} nests too deeply for an example\")"),
                        Value::Null,
                    );
                }
                let obj = value.and_then(Value::as_object);
                let field_value = |api_name: &str, example: &Option<Value>| -> Option<Value> {
                    obj.and_then(|o| o.get(api_name))
                        .or(example.as_ref())
                        .cloned()
                };
                let mut json = serde_json::Map::new();
                let mut put = |f: &crate::ir::Field, value: Value| match value {
                    // A flattened map's entries sit beside the other fields.
                    Value::Object(entries) if f.flatten => json.extend(entries),
                    value => {
                        json.insert(f.api_name.clone(), value);
                    }
                };
                let mut args = Vec::new();
                for f in s.required() {
                    let v = field_value(&f.api_name, &f.example);
                    let (e, j) = self.expr(&f.ty, v.as_ref(), f.ty == TypeRef::String, depth + 1);
                    args.push(e);
                    put(f, j);
                }
                let mut out = format!("{name}::new({})", args.join(", "));
                for f in s.optional() {
                    if let Some(v) = field_value(&f.api_name, &f.example) {
                        let (e, j) = self.expr(&f.ty, Some(&v), f.ty == TypeRef::String, depth + 1);
                        out.push_str(&format!(".{}({e})", f.setter));
                        put(f, j);
                    }
                }
                (out, Value::Object(json))
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
