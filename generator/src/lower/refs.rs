//! Deep `$ref`s: JSON pointers that land on a schema inside a component schema or inside an
//! operation (`#/components/schemas/Profile/properties/birthDate`,
//! `#/paths/~1pets/get/responses/200/content/application~1json/schema/oneOf/0`). The schema is
//! found on the typed document and lowered once, at its pointer, so that every `$ref` to it and
//! its parent share one type. Its name is the one its parent gives it: `{Parent}{Field}`,
//! `{Parent}Item`, `{Parent}Value`, `{Parent}{Variant}` (title or `Variant{n}`),
//! `{Parent}{Part}` for a part of an `allOf` of several (title or `Part{n}`), or an operation's
//! `{Operation}Body`, `{Operation}Response`, `{Operation}{Status}Error`, `{Operation}Params{Name}`.

use std::borrow::Cow;
use std::collections::BTreeSet;

use openapiv3::{
    AdditionalProperties, Content, ParameterSchemaOrContent, ReferenceOr, Response, Schema,
    SchemaKind, Type,
};

use crate::error::Result;
use crate::ident::type_ident;
use crate::ir::TypeRef;
use crate::load::Spec;
use crate::pointer::{percent_decoded, pointer_token, unescape};

use super::Lowerer;
use super::operations::method_base;

/// What a JSON pointer lands on in the typed document.
#[derive(Clone, Copy)]
pub(super) enum Node<'a> {
    Schema(&'a Schema),
    Ref(&'a str),
}

impl<'a> Node<'a> {
    fn of(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Item(s) => Node::Schema(s),
            ReferenceOr::Reference { reference } => Node::Ref(reference),
        }
    }

    fn of_boxed(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Item(s) => Node::Schema(s),
            ReferenceOr::Reference { reference } => Node::Ref(reference),
        }
    }
}

/// A schema inside a component or an operation that a `$ref` lands on.
pub(super) struct Target<'a> {
    /// Its pointer, as the lowerer writes it.
    pub(super) at: String,
    /// The name its parent gives it.
    pub(super) name: String,
    /// The name its properties are named after: its own, or, for a part of an `allOf` of
    /// several (whose fields its parent merges), its parent's.
    pub(super) owner: String,
    pub(super) schema: &'a Schema,
}

/// Where a chain of `$ref`s ends.
pub(super) enum Followed<'a> {
    /// At a component schema, by its `$ref` (`#/components/schemas/Pet`).
    Component(String),
    /// At a schema inside a component or an operation.
    Schema(Target<'a>),
}

/// The component schema key of a `$ref` that names one (`#/components/schemas/Pet`).
pub(super) fn component_key(reference: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/schemas/")
        .filter(|key| !key.contains('/'))
        .map(unescape)
}

/// The pointer of a schema as a `$ref` writes it: a path-level parameter, which the lowerer
/// reaches from each operation (`#/paths/{path}/{method}/../parameters/{i}`), is its path
/// item's (`#/paths/{path}/parameters/{i}`).
pub(super) fn canonical_pointer(pointer: &str) -> Cow<'_, str> {
    let mut parts = pointer.splitn(5, '/');
    match (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        (Some("#"), Some("paths"), Some(path), Some(_method), Some(rest)) => {
            match rest.strip_prefix("../") {
                Some(rest) => Cow::Owned(format!("#/paths/{path}/{rest}")),
                None => Cow::Borrowed(pointer),
            }
        }
        _ => Cow::Borrowed(pointer),
    }
}

impl<'a> Lowerer<'a> {
    /// The type of the schema a `$ref` that is not a component's lands on (following further
    /// `$ref`s), lowered once at its pointer.
    pub(super) fn deep_ref_type(&mut self, reference: &str, pointer: &str) -> Result<TypeRef> {
        match self.follow(reference, pointer)? {
            Followed::Component(reference) => self.component_ref_type(&reference, pointer),
            Followed::Schema(target) => self.deep_target_type(&target),
        }
    }

    /// The type of a schema a deep `$ref` landed on, lowered once: the first lowering at its
    /// pointer (by its parent, or here under the name its parent gives it) is the one every
    /// later one shares.
    pub(super) fn deep_target_type(&mut self, target: &Target<'a>) -> Result<TypeRef> {
        self.deep_targets.insert(target.at.clone());
        if target.owner != target.name {
            self.owners
                .entry(target.at.clone())
                .or_insert_with(|| target.owner.clone());
        }
        self.inline_type(&target.name, target.schema, &target.at)
    }

    /// The name the properties of the struct `name` at `pointer` are named after.
    pub(super) fn owner_at(&self, pointer: &str, name: &str) -> String {
        match self.owners.is_empty() {
            true => name.to_string(),
            false => self
                .owners
                .get(canonical_pointer(pointer).as_ref())
                .cloned()
                .unwrap_or_else(|| name.to_string()),
        }
    }

    /// Whether the schema at the (canonical) pointer `key` is the target of a deep `$ref` or
    /// inside one, and so is lowered once however often it is met.
    pub(super) fn shares(&self, key: &str) -> bool {
        !self.deep_targets.is_empty()
            && key
                .match_indices('/')
                .map(|(i, _)| &key[..i])
                .chain(std::iter::once(key))
                .any(|prefix| self.deep_targets.contains(prefix))
    }

    /// Follows a `$ref` (met at `pointer`) and the `$ref`s it lands on to a component schema or
    /// to a schema inside a component or an operation.
    pub(super) fn follow(&self, reference: &str, pointer: &str) -> Result<Followed<'a>> {
        let mut current = reference.to_string();
        let mut seen = BTreeSet::new();
        loop {
            if component_key(&current).is_some() {
                return Ok(Followed::Component(current));
            }
            let Some((at, name, owner, node)) = self.land(&current) else {
                return Err(self.err(
                    pointer,
                    format!(
                        "`$ref: {current}` lands where the generator reads no schema (it reads \
                         those of components, parameters, headers, request bodies and responses)"
                    ),
                ));
            };
            if component_key(&at).is_some() {
                return Ok(Followed::Component(at));
            }
            if !seen.insert(at.clone()) {
                return Err(self.err(
                    pointer,
                    format!("`$ref: {reference}` is a chain of `$ref`s that leads back to itself"),
                ));
            }
            match node {
                Node::Ref(next) => current = next.to_string(),
                Node::Schema(schema) => {
                    return Ok(Followed::Schema(Target {
                        at,
                        name,
                        owner,
                        schema,
                    }));
                }
            }
        }
    }

    /// What a local `$ref` lands on in the typed document (`None` when it is not a schema of a
    /// component, parameter, header, request body or response), with its pointer as the
    /// lowerer writes it, the name its parent gives it and the name its properties are named
    /// after. A pointer that finds nothing as
    /// written is tried again with its URI percent-escapes decoded.
    pub(super) fn land(&self, reference: &str) -> Option<(String, String, String, Node<'a>)> {
        let fragment = reference.strip_prefix('#')?;
        self.land_tokens(fragment)
            .or_else(|| self.land_tokens(&percent_decoded(fragment)?))
    }

    fn land_tokens(&self, fragment: &str) -> Option<(String, String, String, Node<'a>)> {
        let tokens: Vec<String> = fragment
            .strip_prefix('/')?
            .split('/')
            .map(unescape)
            .collect();
        let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let (node, name, rest) = self.land_root(&t)?;
        let (node, name, owner) = descend(node, rest, name)?;
        let at: String = tokens
            .iter()
            .map(|token| format!("/{}", pointer_token(token)))
            .collect();
        Some((format!("#{at}"), name, owner, node))
    }

    /// The first schema on the way of a pointer (a component schema, or the schema of a
    /// parameter, header, request body or response), its name, and the tokens after it.
    fn land_root<'t>(&self, t: &'t [&'t str]) -> Option<(Node<'a>, String, &'t [&'t str])> {
        let spec: &'a Spec = self.spec;
        let doc = &spec.doc;
        match t {
            ["components", "schemas", key, rest @ ..] => Some((
                Node::of(doc.components.as_ref()?.schemas.get(*key)?),
                self.components.get(*key)?.clone(),
                rest,
            )),
            ["components", section, key, rest @ ..] => {
                let components = doc.components.as_ref()?;
                let base = type_ident(key);
                match *section {
                    "parameters" => {
                        let param = components.parameters.get(*key)?.as_item()?;
                        in_format(
                            &param.parameter_data_ref().format,
                            rest,
                            suffixed(base, "Param"),
                        )
                    }
                    "headers" => {
                        let header = components.headers.get(*key)?.as_item()?;
                        in_format(&header.format, rest, suffixed(base, "Header"))
                    }
                    "requestBodies" => match rest {
                        ["content", more @ ..] => in_content(
                            &components.request_bodies.get(*key)?.as_item()?.content,
                            more,
                            suffixed(base, "Body"),
                        ),
                        _ => None,
                    },
                    "responses" => in_response(
                        components.responses.get(*key)?.as_item()?,
                        rest,
                        suffixed(base, "Response"),
                    ),
                    _ => None,
                }
            }
            ["paths", path, rest @ ..] => {
                let item = doc.paths.paths.get(*path)?.as_item()?;
                let op_type = |method: &str, op: &openapiv3::Operation| {
                    let id = match &op.operation_id {
                        Some(id) => id.clone(),
                        None => format!("{method} {path}"),
                    };
                    type_ident(method_base(&id))
                };
                match rest {
                    ["parameters", i, more @ ..] => {
                        let param = item.parameters.get(index(i)?)?.as_item()?;
                        let data = param.parameter_data_ref();
                        let owner = match item.iter().next() {
                            Some((method, op)) => op_type(method, op),
                            None => type_ident(path),
                        };
                        let name = format!("{owner}Params{}", type_ident(&data.name));
                        in_format(&data.format, more, name)
                    }
                    [method, more @ ..] => {
                        let (method, op) = item.iter().find(|(m, _)| m == method)?;
                        let op_type = op_type(method, op);
                        match more {
                            ["parameters", i, more @ ..] => {
                                let param = op.parameters.get(index(i)?)?.as_item()?;
                                let data = param.parameter_data_ref();
                                let name = format!("{op_type}Params{}", type_ident(&data.name));
                                in_format(&data.format, more, name)
                            }
                            ["requestBody", "content", more @ ..] => {
                                let body = op.request_body.as_ref()?.as_item()?;
                                in_content(&body.content, more, format!("{op_type}Body"))
                            }
                            ["responses", code, more @ ..] => {
                                let (code, response) = match *code {
                                    "default" => {
                                        ("default".to_string(), op.responses.default.as_ref()?)
                                    }
                                    code => op
                                        .responses
                                        .responses
                                        .iter()
                                        .map(|(c, r)| (c.to_string(), r))
                                        .find(|(c, _)| c.eq_ignore_ascii_case(code))?,
                                };
                                let name = match code.starts_with('2') {
                                    true => format!("{op_type}Response"),
                                    false => format!("{op_type}{}Error", type_ident(&code)),
                                };
                                in_response(response.as_item()?, more, name)
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// Walks from `node` (named `name`) down the schema keywords in `rest`: the node it lands on,
/// the name its parent gives it (as the lowerer names inline schemas) and the name its
/// properties are named after.
fn descend<'a>(
    mut node: Node<'a>,
    mut rest: &[&str],
    mut name: String,
) -> Option<(Node<'a>, String, String)> {
    // The struct that the properties met here become fields of: the parts of an `allOf` of
    // several are merged into their parent, so their properties are named after it.
    let mut owner = name.clone();
    loop {
        let schema = match node {
            Node::Schema(schema) => schema,
            Node::Ref(_) => return rest.is_empty().then_some((node, name, owner)),
        };
        let kind = &schema.schema_kind;
        let (child, more, child_name, merged) = match rest {
            [] => return Some((node, name, owner)),
            ["properties", key, more @ ..] => {
                let properties = match kind {
                    SchemaKind::Type(Type::Object(o)) => &o.properties,
                    SchemaKind::Any(a) => &a.properties,
                    _ => return None,
                };
                let child = Node::of_boxed(properties.get(*key)?);
                (child, more, format!("{owner}{}", type_ident(key)), false)
            }
            ["items", more @ ..] => {
                let items = match kind {
                    SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
                    SchemaKind::Any(a) => a.items.as_ref(),
                    _ => None,
                };
                (Node::of_boxed(items?), more, format!("{name}Item"), false)
            }
            ["additionalProperties", more @ ..] => {
                let additional = match kind {
                    SchemaKind::Type(Type::Object(o)) => o.additional_properties.as_ref(),
                    SchemaKind::Any(a) => a.additional_properties.as_ref(),
                    _ => None,
                };
                let Some(AdditionalProperties::Schema(value)) = additional else {
                    return None;
                };
                (Node::of(value), more, format!("{owner}Value"), false)
            }
            ["not", more @ ..] => {
                let not = match kind {
                    SchemaKind::Not { not } => Some(&**not),
                    SchemaKind::Any(a) => a.not.as_deref(),
                    _ => None,
                };
                (Node::of(not?), more, format!("{name}Not"), false)
            }
            [keyword @ ("allOf" | "oneOf" | "anyOf"), i, more @ ..] => {
                let parts = match (*keyword, kind) {
                    ("allOf", SchemaKind::AllOf { all_of }) => all_of,
                    ("oneOf", SchemaKind::OneOf { one_of }) => one_of,
                    ("anyOf", SchemaKind::AnyOf { any_of }) => any_of,
                    ("allOf", SchemaKind::Any(a)) => &a.all_of,
                    ("oneOf", SchemaKind::Any(a)) => &a.one_of,
                    ("anyOf", SchemaKind::Any(a)) => &a.any_of,
                    _ => return None,
                };
                let i = index(i)?;
                let part = parts.get(i)?;
                if parts.len() == 1 {
                    // A composition of one is its part.
                    (Node::of(part), more, name.clone(), true)
                } else {
                    let title = match part {
                        ReferenceOr::Item(s) => s.schema_data.title.as_deref().map(type_ident),
                        ReferenceOr::Reference { .. } => None,
                    };
                    let (fallback, merged) = match *keyword {
                        "allOf" => ("Part", true),
                        _ => ("Variant", false),
                    };
                    let candidate = title.unwrap_or_else(|| format!("{fallback}{}", i + 1));
                    (Node::of(part), more, format!("{name}{candidate}"), merged)
                }
            }
            _ => return None,
        };
        if !merged {
            owner = child_name.clone();
        }
        node = child;
        rest = more;
        name = child_name;
    }
}

/// The schema of a parameter or header (`schema`, or `content/{media}/schema`).
fn in_format<'a, 't>(
    format: &'a ParameterSchemaOrContent,
    rest: &'t [&'t str],
    name: String,
) -> Option<(Node<'a>, String, &'t [&'t str])> {
    match (format, rest) {
        (ParameterSchemaOrContent::Schema(schema), ["schema", more @ ..]) => {
            Some((Node::of(schema), name, more))
        }
        (ParameterSchemaOrContent::Content(content), ["content", more @ ..]) => {
            in_content(content, more, name)
        }
        _ => None,
    }
}

/// The schema of one media type of a content map (`{media}/schema`).
fn in_content<'a, 't>(
    content: &'a Content,
    rest: &'t [&'t str],
    name: String,
) -> Option<(Node<'a>, String, &'t [&'t str])> {
    match rest {
        [media, "schema", more @ ..] => {
            Some((Node::of(content.get(*media)?.schema.as_ref()?), name, more))
        }
        _ => None,
    }
}

/// The schema of a response's content or of one of its headers.
fn in_response<'a, 't>(
    response: &'a Response,
    rest: &'t [&'t str],
    name: String,
) -> Option<(Node<'a>, String, &'t [&'t str])> {
    match rest {
        ["content", more @ ..] => in_content(&response.content, more, name),
        ["headers", key, more @ ..] => {
            let header = response.headers.get(*key)?.as_item()?;
            in_format(&header.format, more, format!("{name}{}", type_ident(key)))
        }
        _ => None,
    }
}

/// An array index as RFC 6901 writes it (digits, no leading zero).
fn index(token: &str) -> Option<usize> {
    let canonical = token == "0" || !token.starts_with('0');
    match canonical && !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
        true => token.parse().ok(),
        false => None,
    }
}

/// `base` ending in `suffix` (`NotFound` → `NotFoundResponse`, `PetBody` stays).
fn suffixed(base: String, suffix: &str) -> String {
    match base.ends_with(suffix) {
        true => base,
        false => format!("{base}{suffix}"),
    }
}
