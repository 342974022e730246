//! Webhook deliveries: what the API posts to its users' servers, read from OpenAPI 3.1's
//! `webhooks` (which loading moves to `x-webhooks`), its 3.0 form `x-webhooks`, and each
//! operation's `callbacks`.
//!
//! A delivery whose body is an object with an event-name property (a string property whose
//! schema lists its names, inline or through a `$ref` to an enum) and one other property, the
//! event's data, joins the API's event enum: one variant per name, whose data type is that of
//! the delivery listing the fewest names (a delivery for `user:created` alone is more specific
//! than one for every event). The secret a delivery carries is its `security`: `apiKey`
//! schemes in a header, which only deliveries use, so the client never sends them.
//!
//! Deliveries may instead name their event in a header (GitHub's `X-GitHub-Event`), which the
//! setting `[webhooks] event-header` names: then each delivery's name is that header
//! parameter's one-name enum (else its example) and its whole body is the data. Deliveries of
//! one name told apart by a one-name string property of their bodies (GitHub's `action`)
//! become a union tagged by that property.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    Discriminator, Parameter, PathItem, ReferenceOr, Schema, SchemaData, SchemaKind,
    SecurityRequirement, Type,
};
use serde_json::Value;

use crate::error::Result;
use crate::ident::{UniqueNames, type_ident};
use crate::ir::{TypeRef, WebhookEnvelope};
use crate::pointer::pointer_token;

use super::{Lowerer, RawKind, RawType};

/// The deliveries of the spec, lowered before naming.
#[derive(Debug, Clone)]
pub(super) struct RawWebhooks {
    /// Where a delivery names its event, and where its data is.
    pub(super) envelope: WebhookEnvelope,
    /// The headers that carry the shared secret, in the order of the schemes.
    pub(super) secret_headers: Vec<String>,
    /// The body's media types, JSON first.
    pub(super) media_types: Vec<String>,
    /// Each event's name and data type, in the order the spec lists them.
    pub(super) events: Vec<(String, TypeRef)>,
    /// The first delivery's description.
    pub(super) description: Option<String>,
}

/// A delivery's body: its schema and where that is, if it has one.
type Body = Option<(ReferenceOr<Schema>, String)>;

/// One delivery: where it is, and its path item.
pub(super) struct Delivery {
    pointer: String,
    item: PathItem,
}

/// What one delivery's body says about its events.
struct Envelope<'s> {
    name_field: String,
    data_field: String,
    names: Vec<String>,
    data: Option<(ReferenceOr<Schema>, String)>,
    media_types: Vec<String>,
    description: Option<&'s str>,
    security: Option<Vec<SecurityRequirement>>,
}

impl<'a> Lowerer<'a> {
    /// Every delivery of the spec: `x-webhooks` (and 3.1's `webhooks`), then the callbacks
    /// of the operations, in spec order. A path item that does not parse is an error naming
    /// its pointer.
    pub(super) fn deliveries(&self) -> Result<Vec<Delivery>> {
        let mut out = Vec::new();
        if let Some(Value::Object(hooks)) = self.spec.doc.extensions.get("x-webhooks") {
            for (key, item) in hooks {
                let pointer = format!("#/x-webhooks/{}", pointer_token(key));
                let item = crate::load::from_tree::<PathItem>(item).map_err(|(at, message)| {
                    self.err(format!("{pointer}{}", at.trim_start_matches('#')), message)
                })?;
                out.push(Delivery { pointer, item });
            }
        }
        for (path, item) in self.spec.doc.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in item.iter() {
                for (name, callback) in &op.callbacks {
                    for (expression, item) in callback {
                        out.push(Delivery {
                            pointer: format!(
                                "#/paths/{}/{method}/callbacks/{}/{}",
                                pointer_token(path),
                                pointer_token(name),
                                pointer_token(expression)
                            ),
                            item: item.clone(),
                        });
                    }
                }
            }
        }
        Ok(out)
    }

    /// The security schemes that only deliveries name (never the spec's or an operation's
    /// `security`): the client leaves them out.
    pub(super) fn delivery_schemes(&self, deliveries: &[Delivery]) -> BTreeSet<String> {
        let doc = &self.spec.doc;
        let mut client: BTreeSet<&String> = doc
            .security
            .iter()
            .flatten()
            .flat_map(|r| r.keys())
            .collect();
        for item in doc.paths.paths.values() {
            if let ReferenceOr::Item(item) = item {
                for (_, op) in item.iter() {
                    client.extend(op.security.iter().flatten().flat_map(|r| r.keys()));
                }
            }
        }
        deliveries
            .iter()
            .flat_map(|d| d.item.iter().map(|(_, op)| op))
            .flat_map(|op| op.security.iter().flatten().flat_map(|r| r.keys()))
            .filter(|key| !client.contains(key))
            .cloned()
            .collect()
    }

    /// Lowers the deliveries into the event enum's parts; `None` when the spec has none with
    /// an event-name property (each other delivery is a warning).
    pub(super) fn lower_webhooks(
        &mut self,
        deliveries: &[Delivery],
        secret_schemes: &BTreeMap<String, String>,
        event_header: Option<&str>,
    ) -> Result<Option<RawWebhooks>> {
        if let Some(header) = event_header {
            return self.header_webhooks(deliveries, secret_schemes, header);
        }
        let mut envelopes = Vec::new();
        let mut misses = Vec::new();
        for delivery in deliveries {
            for (method, op) in delivery.item.iter() {
                let pointer = format!("{}/{method}", delivery.pointer);
                match self.envelope(op, &pointer) {
                    Some(envelope) => envelopes.push((pointer, envelope)),
                    None => misses.push(pointer),
                }
            }
        }
        let total = envelopes.len() + misses.len();
        if let Some(first) = misses.first() {
            self.warn(
                first,
                format!(
                    "{} of the spec's {total} webhook deliveries (this one first) do not name \
                     their event in their body (a string property listing the names, next to \
                     one data property); the receiver needs every delivery to, so none is \
                     generated (deliveries that name it in a header need the setting \
                     `[webhooks] event-header`)",
                    misses.len()
                ),
            );
            return Ok(None);
        }
        let Some((_, first)) = envelopes.first() else {
            return Ok(None);
        };
        let (name_field, data_field) = (first.name_field.clone(), first.data_field.clone());
        if let Some((pointer, other)) = envelopes
            .iter()
            .find(|(_, e)| e.name_field != name_field || e.data_field != data_field)
        {
            self.warn(
                pointer,
                format!(
                    "this delivery names its event in `{}` and its data in `{}`, unlike the \
                     first (`{name_field}`, `{data_field}`); the receiver needs every delivery \
                     to agree, so none is generated",
                    other.name_field, other.data_field
                ),
            );
            return Ok(None);
        }
        let description = first.description.map(str::to_string);
        let mut media_types: Vec<String> = Vec::new();
        let mut secret_headers: Vec<String> = Vec::new();
        // Each name's data type and how many names its delivery lists (fewer is more specific).
        let mut events: Vec<(String, TypeRef, usize)> = Vec::new();
        for (pointer, envelope) in &envelopes {
            for media in &envelope.media_types {
                if !media_types.contains(media) {
                    media_types.push(media.clone());
                }
            }
            self.secret_headers(
                envelope.security.as_ref(),
                secret_schemes,
                pointer,
                &mut secret_headers,
            );
            let specific = envelope.names.len();
            let ty = match &envelope.data {
                None => TypeRef::Json,
                Some((schema, at)) => {
                    let ctx = match specific {
                        1 => format!(
                            "{}Data",
                            type_ident(envelope.names.first().map_or("", String::as_str))
                        ),
                        _ => "WebhookEventData".to_string(),
                    };
                    self.schema_type(&ctx, schema, at)?
                }
            };
            for name in &envelope.names {
                match events.iter_mut().find(|(n, ..)| n == name) {
                    Some(known) if specific < known.2 => {
                        known.1 = ty.clone();
                        known.2 = specific;
                    }
                    Some(_) => {}
                    None => events.push((name.clone(), ty.clone(), specific)),
                }
            }
        }
        media_types.sort_by_key(|m| !m.contains("json"));
        Ok(Some(RawWebhooks {
            envelope: WebhookEnvelope::Body {
                name_field,
                data_field,
            },
            secret_headers,
            media_types,
            events: events.into_iter().map(|(n, t, _)| (n, t)).collect(),
            description,
        }))
    }

    /// Adds the headers of a delivery's secret schemes to `out` (each once); a scheme that is
    /// not a delivery-only `apiKey` header is a warning.
    fn secret_headers(
        &mut self,
        security: Option<&Vec<SecurityRequirement>>,
        secret_schemes: &BTreeMap<String, String>,
        pointer: &str,
        out: &mut Vec<String>,
    ) {
        for requirement in security.into_iter().flatten() {
            for key in requirement.keys() {
                match secret_schemes.get(key) {
                    Some(header) if !out.contains(header) => out.push(header.clone()),
                    Some(_) => {}
                    None => self.warn(
                        &format!("{pointer}/security"),
                        format!(
                            "`{key}` is not an `apiKey` scheme in a header that only \
                             deliveries use; the receiver does not check it"
                        ),
                    ),
                }
            }
        }
    }

    /// The deliveries of a spec whose deliveries name their event in the header `header`:
    /// an event per name the deliveries give that header, in the spec's order, whose data is
    /// the body. A delivery that gives no name is a warning and left out.
    fn header_webhooks(
        &mut self,
        deliveries: &[Delivery],
        secret_schemes: &BTreeMap<String, String>,
        header: &str,
    ) -> Result<Option<RawWebhooks>> {
        let mut media_types: Vec<String> = Vec::new();
        let mut secret_headers: Vec<String> = Vec::new();
        // Each name's deliveries: where each is, and its body.
        let mut groups: Vec<(String, Vec<(String, Body)>)> = Vec::new();
        let mut unnamed = Vec::new();
        for delivery in deliveries {
            for (method, op) in delivery.item.iter() {
                let pointer = format!("{}/{method}", delivery.pointer);
                let Some(name) = self.header_value(op, header) else {
                    unnamed.push(pointer);
                    continue;
                };
                self.secret_headers(
                    op.security.as_ref(),
                    secret_schemes,
                    &pointer,
                    &mut secret_headers,
                );
                let body = delivery_body(op, &pointer, &mut media_types)
                    .map(|(schema, at)| (schema.clone(), at));
                match groups.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, bodies)) => bodies.push((pointer, body)),
                    None => groups.push((name, vec![(pointer, body)])),
                }
            }
        }
        if let Some(first) = unnamed.first() {
            self.warn(
                first,
                format!(
                    "{} webhook deliveries (this one first) give no name for their `{header}` \
                     header (a parameter whose schema lists one name, or with an example); \
                     the receiver leaves them out",
                    unnamed.len()
                ),
            );
        }
        if groups.is_empty() {
            return Ok(None);
        }
        let mut events = Vec::new();
        for (name, bodies) in &groups {
            let ty = match bodies.as_slice() {
                [(_, None)] => TypeRef::Json,
                [(_, Some((schema, at)))] => {
                    self.schema_type(&format!("{}Data", type_ident(name)), schema, at)?
                }
                _ => self.action_union(name, bodies)?,
            };
            events.push((name.clone(), ty));
        }
        media_types.sort_by_key(|m| !m.contains("json"));
        Ok(Some(RawWebhooks {
            envelope: WebhookEnvelope::Header {
                header: header.to_ascii_lowercase(),
            },
            secret_headers,
            media_types,
            events,
            // Each delivery describes its own event, not the deliveries as a whole.
            description: None,
        }))
    }

    /// The name a delivery gives its event header: the header parameter's one-name enum, else
    /// its example, else the schema's.
    fn header_value(&self, op: &openapiv3::Operation, header: &str) -> Option<String> {
        op.parameters.iter().find_map(|parameter| {
            // A `$ref` that leads nowhere gives no name (validation has refused it already).
            let (parameter, _) = self
                .resolve(parameter, "#", "parameters", |c| &c.parameters)
                .ok()?;
            let Parameter::Header { parameter_data, .. } = parameter else {
                return None;
            };
            if !parameter_data.name.eq_ignore_ascii_case(header) {
                return None;
            }
            let schema = match &parameter_data.format {
                openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => Some(s),
                _ => None,
            };
            if let Some(SchemaKind::Type(Type::String(s))) = schema.map(|s| &s.schema_kind)
                && let [Some(one)] = s.enumeration.as_slice()
            {
                return Some(one.clone());
            }
            let example = parameter_data
                .example
                .as_ref()
                .or(schema.and_then(|s| s.schema_data.example.as_ref()))?;
            example.as_str().map(str::to_string)
        })
    }

    /// The string properties of an object schema that list one name, with that name, in
    /// order; of a `oneOf` or `anyOf`, those every alternative has with the same name (looking
    /// `depth` levels of alternatives deep).
    fn one_name_properties(&self, schema: &Schema, depth: usize) -> Vec<(String, String)> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object
                .properties
                .iter()
                .filter_map(|(property, schema)| {
                    let schema: &Schema = match schema {
                        ReferenceOr::Item(s) => s,
                        ReferenceOr::Reference { reference } => self.resolve_schema(reference)?,
                    };
                    match &schema.schema_kind {
                        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                            [Some(one)] => Some((property.clone(), one.clone())),
                            _ => None,
                        },
                        _ => None,
                    }
                })
                .collect(),
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if depth > 0 =>
            {
                let mut parts = parts.iter().map(|part| {
                    let schema: Option<&Schema> = match part {
                        ReferenceOr::Item(s) => Some(s),
                        ReferenceOr::Reference { reference } => self.resolve_schema(reference),
                    };
                    schema.map_or_else(Vec::new, |s| self.one_name_properties(s, depth - 1))
                });
                let first = parts.next().unwrap_or_default();
                parts.fold(first, |mut shared, these| {
                    shared.retain(|pair| these.contains(pair));
                    shared
                })
            }
            _ => Vec::new(),
        }
    }

    /// The data type of an event `name` with several deliveries: a union of their bodies
    /// tagged by the first property whose schema lists one name in every body (GitHub's
    /// `action`), each a different name. Bodies that are not component schemas, or that no
    /// such property tells apart, make the data any JSON (with a warning).
    fn action_union(&mut self, name: &str, bodies: &[(String, Body)]) -> Result<TypeRef> {
        let first_pointer = bodies.first().map_or("#/x-webhooks", |(p, _)| p.as_str());
        // Each body's reference and its one-name string properties, in order.
        let mut tagged: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for (_, body) in bodies {
            let Some((ReferenceOr::Reference { reference }, _)) = body else {
                break;
            };
            let Some(schema) = self.resolve_schema(reference) else {
                break;
            };
            tagged.push((reference.clone(), self.one_name_properties(schema, 2)));
        }
        let property = match tagged.len() == bodies.len() {
            true => tagged.first().and_then(|(_, names)| {
                names.iter().map(|(p, _)| p.clone()).find(|property| {
                    let values: Vec<Option<&String>> = tagged
                        .iter()
                        .map(|(_, names)| names.iter().find(|(p, _)| p == property).map(|(_, v)| v))
                        .collect();
                    values.iter().all(Option::is_some)
                        && values.iter().collect::<BTreeSet<_>>().len() == values.len()
                })
            }),
            false => None,
        };
        let Some(property) = property else {
            self.warn(
                first_pointer,
                format!(
                    "the {} deliveries of the event `{name}` are not component schemas told \
                     apart by a property that lists one name (such as `action`); its data is \
                     any JSON",
                    bodies.len()
                ),
            );
            return Ok(TypeRef::Json);
        };
        let mapping = tagged
            .iter()
            .filter_map(|(reference, names)| {
                let (_, value) = names.iter().find(|(p, _)| *p == property)?;
                Some((value.clone(), reference.clone()))
            })
            .collect();
        let one_of = tagged
            .iter()
            .map(|(reference, _)| ReferenceOr::Reference {
                reference: reference.clone(),
            })
            .collect();
        let schema = Schema {
            schema_data: SchemaData {
                description: Some(format!(
                    "The `{name}` event's deliveries, told apart by their `{property}` (one this \
                     version of the crate does not know is `Other`)."
                )),
                discriminator: Some(Discriminator {
                    property_name: property,
                    mapping,
                    extensions: Default::default(),
                }),
                ..Default::default()
            },
            schema_kind: SchemaKind::OneOf { one_of },
        };
        let ty = self.inline_type(
            &format!("{}Delivery", type_ident(name)),
            &schema,
            &format!("{first_pointer}/requestBody"),
        )?;
        // The API adds actions over time: one this crate does not know is kept, not refused.
        if let TypeRef::Named(union) = &ty
            && let Some(RawType {
                kind: RawKind::Union(union),
                ..
            }) = self.types.get_mut(union)
        {
            union.open = true;
        }
        Ok(ty)
    }

    /// What a delivery's `post` (or other method) body says: its event-name property and the
    /// names it lists, its data property's schema, its media types and security.
    fn envelope<'o>(&self, op: &'o openapiv3::Operation, pointer: &str) -> Option<Envelope<'o>> {
        let mut media_types = Vec::new();
        let (schema, at) = delivery_body(op, pointer, &mut media_types)?;
        let (object, at) = match schema {
            ReferenceOr::Item(s) => (s, at),
            ReferenceOr::Reference { reference } => {
                (self.resolve_schema(reference)?, reference.clone())
            }
        };
        let SchemaKind::Type(Type::Object(object)) = &object.schema_kind else {
            return None;
        };
        let mut name = None;
        for (field, schema) in &object.properties {
            let schema: &Schema = match schema {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.resolve_schema(reference)?,
            };
            if let SchemaKind::Type(Type::String(s)) = &schema.schema_kind
                && !s.enumeration.is_empty()
            {
                name = Some((field, s.enumeration.iter().flatten().cloned().collect()));
                break;
            }
        }
        let (name_field, names): (&String, Vec<String>) = name?;
        let others: Vec<_> = object
            .properties
            .keys()
            .filter(|k| *k != name_field)
            .collect();
        let [data_field] = others.as_slice() else {
            return None;
        };
        let data = object.properties.get(*data_field).map(|schema| {
            let schema = match schema {
                ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
                ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                    reference: reference.clone(),
                },
            };
            (
                schema,
                format!("{at}/properties/{}", pointer_token(data_field)),
            )
        });
        Some(Envelope {
            name_field: name_field.clone(),
            data_field: (*data_field).clone(),
            names,
            data,
            media_types,
            description: op.description.as_deref().or(op.summary.as_deref()),
            security: op.security.clone(),
        })
    }
}

/// A delivery's body schema (JSON first, else a form) and where it is; adds its JSON and form
/// media types to `media_types`.
fn delivery_body<'o>(
    op: &'o openapiv3::Operation,
    pointer: &str,
    media_types: &mut Vec<String>,
) -> Option<(&'o ReferenceOr<Schema>, String)> {
    let ReferenceOr::Item(body) = op.request_body.as_ref()? else {
        return None;
    };
    let mut chosen = None;
    for (media, content) in &body.content {
        let lower = media.to_ascii_lowercase();
        if lower.contains("json") || lower == "application/x-www-form-urlencoded" {
            if !media_types.contains(media) {
                media_types.push(media.clone());
            }
            if chosen.is_none() || lower.contains("json") {
                chosen = content.schema.as_ref().map(|schema| (media, schema));
            }
        }
    }
    let (media, schema) = chosen?;
    let at = format!(
        "{pointer}/requestBody/content/{}/schema",
        pointer_token(media)
    );
    Some((schema, at))
}

/// Names the event variants: each name's type name (`user:created` is `UserCreated`), unique,
/// never `Other`.
pub(super) fn variant_names(events: &[(String, TypeRef)]) -> Vec<String> {
    let mut names = UniqueNames::new();
    names.reserve("Other");
    events
        .iter()
        .map(|(name, _)| names.unique(&type_ident(name)))
        .collect()
}
