//! The Rust spelling of IR data. The IR says what a thing is (a page number held by the
//! params, a parameter joined with `,`); this module says how the generated code writes it,
//! so that one file answers "where is this Rust fragment decided?". Templates print these
//! through `Display` or through the filters of `render`.

use std::fmt;

use crate::ir::{
    Field, Operation, PageHolder, ParamEncoding, ParamField, PathSegment, TypeRef, WireStyle,
};

/// The name of an operation method's parameters argument.
pub const PARAMS_ARG: &str = "params";
/// The name of an operation method's body argument.
pub const BODY_ARG: &str = "body";

/// The argument that holds the page number, as the stream method names it.
impl fmt::Display for PageHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PageHolder::Params => PARAMS_ARG,
            PageHolder::Body => BODY_ARG,
        })
    }
}

/// The runtime's `Style` value of a parameter style.
pub fn style(style: WireStyle) -> String {
    let (name, explode) = match style {
        WireStyle::Form(explode) => ("form", explode),
        WireStyle::SpaceDelimited => ("spaceDelimited", false),
        WireStyle::PipeDelimited => ("pipeDelimited", false),
        WireStyle::DeepObject => ("deepObject", true),
        WireStyle::Simple(explode) => ("simple", explode),
        WireStyle::Label(explode) => ("label", explode),
        WireStyle::Matrix(explode) => ("matrix", explode),
    };
    format!("crate::runtime::style::Style::of({name:?}, {explode})")
}

/// The value a query, header or cookie parameter is sent with, as an expression on `params`:
/// a `&T: Display` (or a `Copy` scalar) for a required field, an `Option` of one for an
/// optional field; for a shaped value, `&params.{name}` (a `&T: Serialize`, `None` being
/// `null`).
pub fn param_value(field: &ParamField) -> String {
    let name = &field.name;
    match (&field.encoding, field.required, &field.ty) {
        (ParamEncoding::Shaped(_), _, _) => format!("&{PARAMS_ARG}.{name}"),
        (ParamEncoding::Joined(separator), true, _) => {
            format!("crate::runtime::join::join(&{PARAMS_ARG}.{name}, {separator:?})")
        }
        (ParamEncoding::Joined(separator), false, _) => format!(
            "{PARAMS_ARG}.{name}.as_ref().map(|v| crate::runtime::join::join(v, {separator:?}))"
        ),
        (_, true, TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64) => {
            format!("{PARAMS_ARG}.{name}")
        }
        (_, true, _) => format!("&{PARAMS_ARG}.{name}"),
        (_, false, _) => format!("{PARAMS_ARG}.{name}.as_ref()"),
    }
}

/// The path as a `format!` string: `{path_0}`, `{path_1}`, … per parameter, other braces
/// doubled.
pub fn path_format(op: &Operation) -> String {
    let mut format = String::new();
    let mut index = 0;
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Param(_) => {
                format.push_str(&format!("{{path_{index}}}"));
                index += 1;
            }
        }
    }
    format
}

/// The expressions that fill `path_0`, `path_1`, … of [`path_format`]: each a
/// percent-encoded `String`, or a `Result` of one followed by `?`.
pub fn path_args(op: &Operation) -> Vec<String> {
    op.path_segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Param(i) => op.params.as_ref().and_then(|p| p.fields.get(*i)),
            PathSegment::Literal(_) => None,
        })
        .map(|field| {
            let name = &field.name;
            match &field.encoding {
                ParamEncoding::Shaped(s) => format!(
                    "crate::runtime::path_shaped::path_shaped({}, &{PARAMS_ARG}.{name}, {})?",
                    crate::text::rust_str(&field.api_name),
                    style(*s)
                ),
                ParamEncoding::Joined(_) | ParamEncoding::Repeated => {
                    format!("crate::runtime::path_items::encode_path_items(&{PARAMS_ARG}.{name})")
                }
                ParamEncoding::Text => {
                    format!("crate::runtime::path::encode_path(&{PARAMS_ARG}.{name}.to_string())")
                }
            }
        })
        .collect()
}

/// A struct field's Rust type, e.g. `Option<Vec<WebhookEvent>>`.
pub fn field_type(field: &Field) -> String {
    let value = value_type(field);
    match field.required || field.flatten {
        true => value,
        false => format!("Option<{value}>"),
    }
}

/// The type of the value a field holds when present (boxed when it leads back to its struct).
fn value_type(field: &Field) -> String {
    let inner = rust_type(&field.ty, "");
    match (&field.ty, field.boxed) {
        (TypeRef::String, _) | (_, false) => inner,
        (TypeRef::Nullable(t), true) => format!("Option<Box<{}>>", rust_type(t, "")),
        (_, true) => format!("Box<{inner}>"),
    }
}

/// The argument type the constructor or setter takes, e.g. `impl Into<String>`.
pub fn arg_type(field: &Field) -> String {
    match &field.ty {
        TypeRef::String => "impl Into<String>".to_string(),
        ty => rust_type(ty, ""),
    }
}

/// The argument `name` turned into the stored value: `name.into()`, `Box::new(name)`, or
/// `name`.
fn arg_into(field: &Field, name: &str) -> String {
    match (&field.ty, field.boxed) {
        (TypeRef::String, _) => format!("{name}.into()"),
        (TypeRef::Nullable(_), true) => format!("{name}.map(Box::new)"),
        (_, true) => format!("Box::new({name})"),
        (_, false) => name.to_string(),
    }
}

/// The field's initializer in `new`: `name: name.into()`, or the shorthand `name`.
pub fn field_init(field: &Field) -> String {
    let name = &field.name;
    let value = arg_into(field, name);
    match field.required {
        false if field.flatten => format!("{name}: Default::default()"),
        false => format!("{name}: None"),
        true if value == *name => name.clone(),
        true => format!("{name}: {value}"),
    }
}

/// What the `with_*` setter stores from its argument `value`: `Some(value.into())`, or the
/// map itself for the flattened map of other properties. (The argument is `value` rather than
/// the field's name, so that most setters' signatures fit one line.)
pub fn setter_value(field: &Field) -> String {
    match field.flatten {
        true => arg_into(field, "value"),
        false => format!("Some({})", arg_into(field, "value")),
    }
}

/// A field in the list a struct's `Serialize` hands to the runtime's `ser::object`: its wire
/// name, whether it is left out, and its value. An optional field's entry is made by the
/// runtime's `ser_optional::optional` (left out when absent; `Some(None)`, a nullable field's
/// `null`, is written as `null`), which its module imports (see `ModelModuleRs`) so that the
/// entry fits one line.
pub fn ser_field(field: &Field) -> String {
    let name = crate::text::rust_str(&field.api_name);
    let field_name = &field.name;
    match field.required {
        true => format!("({name}, false, &self.{field_name}),"),
        false => format!("optional({name}, &self.{field_name}),"),
    }
}

/// The map of other properties that a struct's `Serialize` writes after its fields: `None`,
/// or `Some(&self.field)`.
pub fn ser_rest(fields: &[Field]) -> String {
    match fields.iter().find(|f| f.flatten) {
        Some(field) => format!("Some(&self.{})", field.name),
        None => "None".to_string(),
    }
}

/// The fields' wire names that a struct's `Deserialize` hands to the runtime's `de::object`:
/// `"id", "name"` (the map of other properties has none).
pub fn de_names(fields: &[Field]) -> String {
    let names: Vec<String> = fields
        .iter()
        .filter(|f| !f.flatten)
        .map(|f| crate::text::rust_str(&f.api_name))
        .collect();
    names.join(", ")
}

/// The tuple of empty slots that a struct's `Deserialize` reads its fields into, in the fields'
/// order, each named with the type of its field's value (inferring it from the struct literal
/// costs the type checker twice as much): `de::Required` for a required field,
/// `de_nullable::Nullable` for an optional nullable one (whose `null` is kept),
/// `de_rest::Rest` for the map of other properties, `de::Optional` for any other. (The models'
/// modules import those runtime modules, not their items, whose names a model may have.)
pub fn de_slots(fields: &[Field]) -> String {
    let slots = fields.iter().map(|f| match (f.required, f.flatten, &f.ty) {
        (_, true, TypeRef::Map(value)) => format!("de_rest::Rest::<{}>::NEW", rust_type(value, "")),
        (true, _, _) => format!("de::Required::<{}>::NEW", value_type(f)),
        (false, _, TypeRef::Nullable(_)) => {
            format!("de_nullable::Nullable::<{}>::NEW", value_type(f))
        }
        (false, _, _) => format!("de::Optional::<{}>::NEW", value_type(f)),
    });
    nest(slots.collect())
}

/// The struct literal a struct's `Deserialize` returns from `v`, the tuple of the values of
/// [`de_slots`]: `Self { id: v.0, name: v.1 }` (`v.1.0` past twelve fields).
pub fn de_literal(fields: &[Field]) -> String {
    let paths = tuple_paths(fields.len());
    let inits: Vec<String> = fields
        .iter()
        .zip(paths)
        .map(|(f, path)| format!("{}: v{path}", f.name))
        .collect();
    format!("Self {{ {} }}", inits.join(", "))
}

/// Where each of `n` items is in [`nest`]'s tuple of them: `.3`, or `.1.0` when nested.
fn tuple_paths(n: usize) -> Vec<String> {
    let mut paths = vec![String::new(); n];
    // The items each element of the current level holds, innermost level first.
    let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    loop {
        let done = groups.len() <= TUPLE_MAX;
        let chunk = if done { groups.len().max(1) } else { TUPLE_MAX };
        let mut next = Vec::new();
        for part in groups.chunks(chunk) {
            let mut merged = Vec::new();
            for (position, group) in part.iter().enumerate() {
                for &i in group {
                    if let Some(path) = paths.get_mut(i) {
                        path.insert_str(0, &format!(".{position}"));
                    }
                    merged.push(i);
                }
            }
            next.push(merged);
        }
        if done {
            return paths;
        }
        groups = next;
    }
}

/// The runtime's `de` slots take a tuple of up to this many.
const TUPLE_MAX: usize = 12;

/// `items` as a tuple, or as a tuple of tuples (and so on) when there are more than a tuple
/// of the runtime's `de` takes, in order.
fn nest(mut items: Vec<String>) -> String {
    loop {
        let tuple = |part: &[String]| match part {
            [one] => format!("({one},)"),
            _ => format!("({})", part.join(", ")),
        };
        if items.len() <= TUPLE_MAX {
            return tuple(&items);
        }
        items = items.chunks(TUPLE_MAX).map(tuple).collect();
    }
}

/// Rust spelling of a type; `prefix` qualifies named types (e.g. `models::`).
pub fn rust_type(ty: &TypeRef, prefix: &str) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Named(n) => format!("{prefix}{n}"),
        TypeRef::Array(t) => format!("Vec<{}>", rust_type(t, prefix)),
        TypeRef::Nullable(t) => format!("Option<{}>", rust_type(t, prefix)),
        TypeRef::Map(t) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(t, prefix)
        ),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
    }
}

/// The `#[cfg]` that compiles an item when one of `features` is on; nothing when the list is
/// empty (the item is always compiled).
pub fn cfg_features(features: &[String]) -> String {
    match features {
        [] => String::new(),
        [one] => format!("#[cfg(feature = {one:?})]"),
        many => {
            let list: Vec<String> = many.iter().map(|f| format!("feature = {f:?}")).collect();
            format!("#[cfg(any({}))]", list.join(", "))
        }
    }
}

/// The body of the docs' example webhook delivery: the example event's name and empty data
/// (only the empty data when a header names the event), as a byte slice expression
/// (`r#"{...}"#.as_bytes()`).
pub fn example_delivery(webhooks: &crate::ir::Webhooks) -> String {
    let name = webhooks.example_name.as_str();
    let mut body = serde_json::Map::new();
    // Named in a header, the event's (empty) data is the whole body.
    if let crate::ir::WebhookEnvelope::Body {
        name_field,
        data_field,
    } = &webhooks.envelope
    {
        body.insert(name_field.clone(), name.into());
        body.insert(
            data_field.clone(),
            serde_json::Value::Object(serde_json::Map::new()),
        );
    }
    let json = serde_json::Value::Object(body).to_string();
    let mut hashes = String::from("#");
    while json.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{json}\"{hashes}.as_bytes()")
}

#[cfg(test)]
mod tests {
    use super::{nest, tuple_paths};

    fn items(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("a{i}")).collect()
    }

    #[test]
    fn tuples_nest_past_twelve_in_order() {
        assert_eq!(nest(items(0)), "()");
        assert_eq!(nest(items(1)), "(a0,)");
        assert_eq!(nest(items(12)), format!("({})", items(12).join(", ")));
        let thirteen = nest(items(13));
        assert_eq!(thirteen, format!("(({}), (a12,))", items(12).join(", ")));
        // 145 items: 13 tuples of up to 12, which is itself more than a tuple takes.
        let deep = nest(items(145));
        assert!(deep.starts_with("(((a0, a1,"), "{deep}");
        assert!(deep.ends_with("a143)), ((a144,),))"), "{deep}");
        let order: Vec<&str> = deep
            .split(|c: char| !c.is_alphanumeric())
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(order, items(145));
    }

    #[test]
    fn each_item_has_its_path_in_the_nested_tuple() {
        assert!(tuple_paths(0).is_empty());
        assert_eq!(tuple_paths(1), [".0"]);
        assert_eq!(tuple_paths(12)[11], ".11");
        let paths = tuple_paths(13);
        assert_eq!((paths[0].as_str(), paths[11].as_str()), (".0.0", ".0.11"));
        assert_eq!(paths[12], ".1.0");
        let paths = tuple_paths(145);
        assert_eq!(paths[0], ".0.0.0");
        assert_eq!(paths[143], ".0.11.11");
        assert_eq!(paths[144], ".1.0.0");
    }
}
