//! Lowering: turns the validated OpenAPI document into the sorted [`ir::Api`]. Every naming,
//! typing and example decision is made here, once, for both the code and the docs.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, Parameter, ParameterData,
    ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::error::{Error, Result, pointer_token};
use crate::examples;
use crate::ident::{
    UniqueNames, field_ident, module_ident, slug, type_ident, unicode_slug, variant_ident,
};
use crate::ir::{
    Api, Body, BodyKind, CrateMeta, EnumDef, ErrorResponse, Field, HttpMethod, MultipartPart,
    Operation, Pagination, ParamField, ParamLocation, Params, PartKind, ResponseDef, ResponseKind,
    StructDef, Tag, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant, Variant,
};
use crate::load::Spec;

/// Settings that do not come from the spec.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// Overrides the crate name given by the spec's `x-codegen.crate-name`.
    pub crate_name: Option<String>,
    /// The command that regenerates the output, for the preambles.
    pub regen_command: String,
}

/// Names the generated crate itself uses at the top of `models`, never handed to a schema.
const RESERVED_TYPE_NAMES: &[&str] = &["Error"];

/// Lowers a validated spec into the IR.
pub fn lower(spec: &Spec, options: &LowerOptions) -> Result<Api> {
    let mut lowerer = Lowerer::new(spec);
    lowerer.name_components();
    lowerer.lower_components()?;
    let raw_ops = lowerer.lower_operations()?;
    lowerer.finish(raw_ops, options)
}

/// A struct field before every named type is known.
#[derive(Debug, Clone)]
struct RawField {
    api_name: String,
    ty: TypeRef,
    required: bool,
    description: Option<String>,
    example: Option<Value>,
    default: Option<Value>,
    format: Option<String>,
    deprecated: bool,
    pointer: String,
    /// The map of the properties not listed (`additionalProperties`), flattened into the struct.
    flatten: bool,
}

/// A `oneOf`/`anyOf` before naming: alternatives (name candidate, type, tag) and the tag
/// property.
#[derive(Debug, Clone)]
struct RawUnion {
    variants: Vec<(String, TypeRef, Option<String>)>,
    tag_property: Option<String>,
}

#[derive(Debug, Clone)]
enum RawKind {
    Union(RawUnion),
    Struct(Vec<RawField>),
    /// Values, and whether they are integers (written as numbers on the wire).
    Enum(Vec<String>, bool),
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
struct RawType {
    api_name: String,
    description: Option<String>,
    kind: RawKind,
    deprecated: bool,
}

#[derive(Debug, Clone)]
struct RawOperation {
    api_id: String,
    method_name: String,
    http_method: HttpMethod,
    path: String,
    summary: String,
    description: Option<String>,
    tag: String,
    params: Option<RawParams>,
    body: Option<RawBody>,
    response: Option<RawResponse>,
    errors: Vec<RawErrorResponse>,
    deprecated: bool,
    authenticated: bool,
    idempotent: bool,
    pagination: Option<(String, RawPagination)>,
}

/// The media types the generator tells apart, in the order it prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

fn media_class(media: &str) -> MediaClass {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        MediaClass::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence == "multipart/form-data" {
        MediaClass::Multipart
    } else if essence.starts_with("text/") {
        MediaClass::Text
    } else {
        MediaClass::Bytes
    }
}

/// The preferred media type of a content map (JSON first, then form, multipart, text, bytes;
/// spec order among equals).
fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType, MediaClass)> {
    content
        .iter()
        .map(|(media, m)| (media, m, media_class(media)))
        .min_by_key(|(_, _, class)| *class)
}

/// A request body before naming: media type, class and type.
#[derive(Debug, Clone)]
struct RawBody {
    media: String,
    class: MediaClass,
    ty: TypeRef,
}

/// A response other than success: status, body type, description.
type RawErrorResponse = (String, Option<TypeRef>, Option<String>);

/// A successful response before naming.
#[derive(Debug, Clone)]
struct RawResponse {
    code: String,
    media: String,
    class: MediaClass,
    ty: TypeRef,
    description: Option<String>,
}

/// The params struct of an operation (by Rust name) and where each of its fields goes.
type RawParams = (String, Vec<(String, ParamLocation, Option<&'static str>)>);

/// `x-codegen-pagination` as written: field names, and dotted wire paths in the response.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPagination {
    page: String,
    items: String,
    total: Option<String>,
}

struct Lowerer<'a> {
    spec: &'a Spec,
    names: UniqueNames,
    /// Component schema key to Rust name.
    components: BTreeMap<String, String>,
    /// Rust name to its definition.
    types: BTreeMap<String, RawType>,
    /// Components being lowered on demand, to catch `allOf` cycles.
    in_progress: BTreeSet<String>,
    warnings: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a Spec) -> Self {
        let mut names = UniqueNames::new();
        for reserved in RESERVED_TYPE_NAMES {
            names.reserve(reserved);
        }
        Lowerer {
            spec,
            names,
            components: BTreeMap::new(),
            types: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            warnings: Vec::new(),
        }
    }

    fn err(&self, pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Spec {
            path: self.spec.path.clone(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    fn warn(&mut self, pointer: &str, message: impl std::fmt::Display) {
        self.warnings.push(format!("{pointer}: {message}"));
    }

    fn schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + 'a {
        self.spec
            .doc
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
    }

    /// Gives every component schema its Rust name first, so inline types never take them.
    fn name_components(&mut self) {
        let keys: Vec<String> = self.schemas().map(|(k, _)| k.clone()).collect();
        for key in keys {
            let candidate = type_ident(&key);
            let name = self.names.unique(&candidate);
            if name != candidate {
                self.warn(
                    &format!("#/components/schemas/{}", pointer_token(&key)),
                    format!("schema `{key}` is named `{name}` because `{candidate}` is taken"),
                );
            }
            self.components.insert(key, name);
        }
    }

    fn lower_components(&mut self) -> Result<()> {
        let schemas: Vec<(&String, &ReferenceOr<Schema>)> = self.schemas().collect();
        for (key, schema) in schemas {
            let name = self.components[key].clone();
            if self.types.contains_key(&name) {
                continue;
            }
            self.lower_component(key, &name, schema)?;
        }
        Ok(())
    }

    /// Lowers one component schema (also on demand, when an `allOf` needs its fields first).
    fn lower_component(
        &mut self,
        key: &str,
        name: &str,
        schema: &ReferenceOr<Schema>,
    ) -> Result<()> {
        let pointer = format!("#/components/schemas/{}", pointer_token(key));
        let (description, kind) = match schema {
            ReferenceOr::Reference { reference } => {
                (None, RawKind::Alias(self.ref_type(reference, &pointer)?))
            }
            ReferenceOr::Item(schema) => (
                schema.schema_data.description.clone(),
                self.component_kind(name, schema, &pointer)?,
            ),
        };
        let deprecated = matches!(schema, ReferenceOr::Item(s) if s.schema_data.deprecated);
        let raw = RawType {
            api_name: key.to_string(),
            deprecated,
            description,
            kind,
        };
        self.types.insert(name.to_string(), raw);
        Ok(())
    }

    /// The fields of a component struct, lowering it first if needed, so that an `allOf` that
    /// includes it shares its inline types instead of making copies.
    fn component_fields(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Result<Option<Vec<RawField>>> {
        let Some(key) = reference
            .strip_prefix("#/components/schemas/")
            .map(unescape)
        else {
            return Ok(None);
        };
        let Some(name) = self.components.get(&key).cloned() else {
            return Ok(None);
        };
        if !self.types.contains_key(&name) {
            if !self.in_progress.insert(name.clone()) {
                return Err(self.err(
                    pointer,
                    format!("`allOf` includes `{reference}`, which includes this schema again"),
                ));
            }
            let spec: &'a Spec = self.spec;
            if let Some(schema) = spec
                .doc
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(&key))
            {
                self.lower_component(&key, &name, schema)?;
            }
            self.in_progress.remove(&name);
        }
        Ok(match self.types.get(&name).map(|t| &t.kind) {
            Some(RawKind::Struct(fields)) => Some(fields.clone()),
            _ => None,
        })
    }

    /// The kind of a named schema: structs and enums become items, anything else an alias.
    fn component_kind(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<RawKind> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => {
                Ok(RawKind::Struct(self.object_fields(name, obj, pointer)?))
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => Ok(RawKind::Enum(
                s.enumeration.iter().flatten().cloned().collect(),
                false,
            )),
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => Ok(RawKind::Enum(
                i.enumeration.iter().flatten().map(i64::to_string).collect(),
                true,
            )),
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                Ok(RawKind::Struct(self.merged_fields(name, all_of, pointer)?))
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if parts.len() > 1 =>
            {
                Ok(RawKind::Union(self.union(name, schema, parts, pointer)?))
            }
            _ => Ok(RawKind::Alias(self.inline_type(name, schema, pointer)?)),
        }
    }

    fn object_fields(
        &mut self,
        owner: &str,
        obj: &openapiv3::ObjectType,
        pointer: &str,
    ) -> Result<Vec<RawField>> {
        let mut fields = Vec::new();
        for (api_name, prop) in &obj.properties {
            let here = format!("{pointer}/properties/{}", pointer_token(api_name));
            let ctx = format!("{owner}{}", type_ident(api_name));
            let required = obj.required.iter().any(|r| r == api_name);
            let field = match prop {
                ReferenceOr::Reference { reference } => RawField {
                    api_name: api_name.clone(),
                    ty: self.ref_type(reference, &here)?,
                    required,
                    description: None,
                    example: None,
                    default: None,
                    format: None,
                    deprecated: false,
                    pointer: here,
                    flatten: false,
                },
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    RawField {
                        api_name: api_name.clone(),
                        ty: self.inline_type(&ctx, schema, &here)?,
                        required: required && !data.read_only && !data.write_only,
                        flatten: false,
                        description: data.description.clone(),
                        example: data.example.clone(),
                        default: data.default.clone(),
                        format: format_of(schema),
                        deprecated: data.deprecated,
                        pointer: here,
                    }
                }
            };
            fields.push(field);
        }
        let additional = match &obj.additional_properties {
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(value)) => Some(self.schema_type(
                &format!("{owner}Value"),
                value,
                &format!("{pointer}/additionalProperties"),
            )?),
            _ => None,
        };
        if let Some(value) = additional {
            fields.push(RawField {
                api_name: "*".to_string(),
                ty: TypeRef::Map(Box::new(value)),
                required: false,
                description: Some("Any other property, by name.".to_string()),
                example: None,
                default: None,
                format: None,
                deprecated: false,
                pointer: format!("{pointer}/additionalProperties"),
                flatten: true,
            });
        }
        Ok(fields)
    }

    /// `allOf` of several parts: the properties of every part, merged in order.
    fn merged_fields(
        &mut self,
        owner: &str,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<Vec<RawField>> {
        let mut fields: Vec<RawField> = Vec::new();
        // A part may require a property that another part declares.
        let mut required: BTreeSet<String> = BTreeSet::new();
        for (i, part) in parts.iter().enumerate() {
            let here = format!("{pointer}/allOf/{i}");
            let (schema, at) = match part {
                ReferenceOr::Item(s) => (s, here.clone()),
                ReferenceOr::Reference { reference } => {
                    if let Some(shared) = self.component_fields(reference, &here)? {
                        merge_into(&mut fields, shared);
                        continue;
                    }
                    match self.resolve_schema(reference) {
                        Some(s) => (s, reference.clone()),
                        None => {
                            return Err(self.err(here, format!("`{reference}` is not a schema")));
                        }
                    }
                }
            };
            let part_fields = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(obj)) => {
                    required.extend(obj.required.iter().cloned());
                    self.object_fields(owner, obj, &at)?
                }
                SchemaKind::AllOf { all_of } => self.merged_fields(owner, all_of, &at)?,
                SchemaKind::Any(any) if any.properties.is_empty() => {
                    required.extend(any.required.iter().cloned());
                    Vec::new()
                }
                _ => {
                    self.warn(&here, "an allOf part that is not an object was left out");
                    Vec::new()
                }
            };
            merge_into(&mut fields, part_fields);
        }
        for field in &mut fields {
            if required.contains(&field.api_name) {
                field.required = true;
            }
        }
        Ok(fields)
    }

    /// The component schema a `$ref` chain ends at (`None` for a chain that loops or leaves the
    /// components).
    fn resolve_schema(&self, reference: &str) -> Option<&'a Schema> {
        let spec: &'a Spec = self.spec;
        let schemas = &spec.doc.components.as_ref()?.schemas;
        let mut reference = reference;
        for _ in 0..=schemas.len() {
            let key = reference.strip_prefix("#/components/schemas/")?;
            match schemas.get(&unescape(key))? {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    fn ref_type(&mut self, reference: &str, pointer: &str) -> Result<TypeRef> {
        let Some(key) = reference.strip_prefix("#/components/schemas/") else {
            self.warn(
                pointer,
                format!(
                    "`$ref: {reference}` does not name a component schema; typed as any JSON value"
                ),
            );
            return Ok(TypeRef::Json);
        };
        match self.components.get(&unescape(key)) {
            Some(name) => Ok(match self.resolve_schema(reference) {
                Some(schema) if schema.schema_data.nullable => {
                    TypeRef::Nullable(Box::new(TypeRef::Named(name.clone())))
                }
                _ => TypeRef::Named(name.clone()),
            }),
            None => Err(self.err(
                pointer,
                format!("`$ref: {reference}` points at no schema in #/components/schemas"),
            )),
        }
    }

    fn schema_type(
        &mut self,
        ctx: &str,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(s) => self.inline_type(ctx, s, pointer),
        }
    }

    fn boxed_schema_type(
        &mut self,
        ctx: &str,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(s) => self.inline_type(ctx, s, pointer),
        }
    }

    /// The type of an inline schema; enums and objects become named types called `ctx`;
    /// `nullable: true` wraps it in [`TypeRef::Nullable`].
    fn inline_type(&mut self, ctx: &str, schema: &Schema, pointer: &str) -> Result<TypeRef> {
        let ty = self.non_null_type(ctx, schema, pointer)?;
        Ok(match schema.schema_data.nullable {
            true if !matches!(ty, TypeRef::Json | TypeRef::Nullable(_)) => {
                TypeRef::Nullable(Box::new(ty))
            }
            _ => ty,
        })
    }

    fn non_null_type(&mut self, ctx: &str, schema: &Schema, pointer: &str) -> Result<TypeRef> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s.enumeration.iter().flatten().cloned().collect();
                self.define(ctx, pointer, schema, RawKind::Enum(values, false))
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let values = i.enumeration.iter().flatten().map(i64::to_string).collect();
                self.define(ctx, pointer, schema, RawKind::Enum(values, true))
            }
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                TypeRef::Bytes
            }
            SchemaKind::Type(Type::String(_)) => TypeRef::String,
            SchemaKind::Type(Type::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => TypeRef::Array(Box::new(self.boxed_schema_type(
                    &format!("{ctx}Item"),
                    items,
                    &format!("{pointer}/items"),
                )?)),
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => {
                let name = self.names.unique(ctx);
                let fields = self.object_fields(&name, obj, pointer)?;
                self.insert(&name, pointer, schema, RawKind::Struct(fields))
            }
            SchemaKind::Type(Type::Object(obj)) => match &obj.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    TypeRef::Map(Box::new(self.schema_type(
                        &format!("{ctx}Value"),
                        value,
                        &format!("{pointer}/additionalProperties"),
                    )?))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Json)),
            },
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.schema_type(ctx, &all_of[0], &format!("{pointer}/allOf/0"))?
            }
            SchemaKind::AllOf { all_of } => {
                let name = self.names.unique(ctx);
                let fields = self.merged_fields(&name, all_of, pointer)?;
                self.insert(&name, pointer, schema, RawKind::Struct(fields))
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if parts.len() == 1 =>
            {
                let keyword = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                self.schema_type(ctx, &parts[0], &format!("{pointer}/{keyword}/0"))?
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if !parts.is_empty() =>
            {
                let name = self.names.unique(ctx);
                let union = self.union(&name, schema, parts, pointer)?;
                self.insert(&name, pointer, schema, RawKind::Union(union))
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => TypeRef::Json,
            SchemaKind::Not { .. } => {
                self.warn(
                    pointer,
                    "`not` cannot be expressed in Rust; typed as any JSON value",
                );
                TypeRef::Json
            }
            SchemaKind::Any(_) => TypeRef::Json,
        })
    }

    /// The alternatives of a `oneOf`/`anyOf` named `owner`, tagged when the schema has a
    /// discriminator and every alternative is a component schema.
    fn union(
        &mut self,
        owner: &str,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<RawUnion> {
        let keyword = match &schema.schema_kind {
            SchemaKind::OneOf { .. } => "oneOf",
            _ => "anyOf",
        };
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants: Vec<(String, TypeRef, Option<String>)> = Vec::new();
        let mut tagged = discriminator.is_some();
        for (i, part) in parts.iter().enumerate() {
            let here = format!("{pointer}/{keyword}/{i}");
            let (candidate, ty, tag) = match part {
                ReferenceOr::Reference { reference } => {
                    let ty = self.ref_type(reference, &here)?;
                    let key = reference
                        .rsplit('/')
                        .next()
                        .map(unescape)
                        .unwrap_or_default();
                    let tag = discriminator.map(|d| {
                        d.mapping
                            .iter()
                            .find(|(_, target)| {
                                *target == reference
                                    || target.rsplit('/').next() == Some(key.as_str())
                            })
                            .map(|(value, _)| value.clone())
                            .unwrap_or_else(|| key.clone())
                    });
                    let candidate = match &ty {
                        TypeRef::Named(n) => n.clone(),
                        _ => format!("Variant{}", i + 1),
                    };
                    (candidate, ty, tag)
                }
                ReferenceOr::Item(item) => {
                    tagged = false;
                    let candidate = item
                        .schema_data
                        .title
                        .as_deref()
                        .map(type_ident)
                        .unwrap_or_else(|| format!("Variant{}", i + 1));
                    let ty = self.inline_type(&format!("{owner}{candidate}"), item, &here)?;
                    let candidate = match &ty {
                        TypeRef::String => "String".to_string(),
                        TypeRef::Bool => "Bool".to_string(),
                        TypeRef::I32 | TypeRef::I64 => "Integer".to_string(),
                        TypeRef::F32 | TypeRef::F64 => "Number".to_string(),
                        TypeRef::Array(_) => "Array".to_string(),
                        TypeRef::Map(_) => "Object".to_string(),
                        _ => candidate,
                    };
                    (candidate, ty, None)
                }
            };
            if variants.iter().any(|(_, existing, _)| *existing == ty) {
                continue;
            }
            variants.push((candidate, ty, tag));
        }
        if discriminator.is_some() && !tagged {
            self.warn(
                pointer,
                "the discriminator needs every alternative to be a `$ref`; the union is matched by shape instead",
            );
        }
        let tag_property = match tagged {
            true => discriminator.map(|d| d.property_name.clone()),
            false => None,
        };
        if tag_property.is_none() {
            for v in &mut variants {
                v.2 = None;
            }
        }
        Ok(RawUnion {
            variants,
            tag_property,
        })
    }

    fn define(&mut self, ctx: &str, pointer: &str, schema: &Schema, kind: RawKind) -> TypeRef {
        let name = self.names.unique(ctx);
        self.insert(&name, pointer, schema, kind)
    }

    fn insert(&mut self, name: &str, pointer: &str, schema: &Schema, kind: RawKind) -> TypeRef {
        self.types.insert(
            name.to_string(),
            RawType {
                api_name: pointer.to_string(),
                description: schema.schema_data.description.clone(),
                kind,
                deprecated: schema.schema_data.deprecated,
            },
        );
        TypeRef::Named(name.to_string())
    }

    fn lower_operations(&mut self) -> Result<Vec<RawOperation>> {
        let mut methods = UniqueNames::new();
        let mut ops = Vec::new();
        let spec: &'a Spec = self.spec;
        for (path, item) in &spec.doc.paths.paths {
            let item_pointer = format!("#/paths/{}", pointer_token(path));
            let Some(item) = item.as_item() else {
                self.warn(
                    &item_pointer,
                    "a `$ref` path item is not supported yet; left out",
                );
                continue;
            };
            for (method, op) in item.iter() {
                let pointer = format!("{item_pointer}/{method}");
                if op.extensions.get("x-authing-hidden-from-sdk") == Some(&Value::Bool(true)) {
                    continue;
                }
                let http_method = match method {
                    "get" => HttpMethod::Get,
                    "put" => HttpMethod::Put,
                    "post" => HttpMethod::Post,
                    "delete" => HttpMethod::Delete,
                    "options" => HttpMethod::Options,
                    "head" => HttpMethod::Head,
                    "patch" => HttpMethod::Patch,
                    _ => HttpMethod::Trace,
                };
                let api_id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {path}"));
                let base_name = method_base(&api_id);
                let candidate = field_ident(base_name);
                let method_name = methods.unique(&candidate);
                if method_name != candidate {
                    self.warn(
                        &pointer,
                        format!(
                            "operation `{api_id}` is named `{method_name}` because `{candidate}` is taken"
                        ),
                    );
                }
                let op_type = type_ident(base_name);
                let body = match &op.request_body {
                    None => None,
                    Some(body) => {
                        let (body, at) =
                            self.resolve_request_body(body, &format!("{pointer}/requestBody"))?;
                        self.request_body(&op_type, body, &at)?
                    }
                };
                let params = self.parameters(&op_type, &item.parameters, op, &pointer)?;
                let response = self.success_response(&op_type, op, &pointer)?;
                let errors = self.error_responses(&op_type, op, &pointer)?;
                let tag = op
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "default".to_string());
                ops.push(RawOperation {
                    summary: op.summary.clone().unwrap_or_else(|| api_id.clone()),
                    api_id,
                    method_name,
                    http_method,
                    path: path.clone(),
                    description: op.description.clone(),
                    tag,
                    params,
                    body,
                    response,
                    errors,
                    deprecated: op.deprecated,
                    authenticated: match &op.security {
                        Some(reqs) => !reqs.is_empty() && !reqs.iter().any(|r| r.is_empty()),
                        None => spec.doc.security.as_ref().is_some_and(|reqs| {
                            !reqs.is_empty() && !reqs.iter().any(|r| r.is_empty())
                        }),
                    },
                    idempotent: http_method.idempotent()
                        || op.extensions.get("x-codegen-idempotent") == Some(&Value::Bool(true)),
                    pagination: match op.extensions.get("x-codegen-pagination") {
                        None => None,
                        Some(v) => Some((
                            format!("{pointer}/x-codegen-pagination"),
                            serde_json::from_value(v.clone()).map_err(|e| {
                                self.err(format!("{pointer}/x-codegen-pagination"), e.to_string())
                            })?,
                        )),
                    },
                });
            }
        }
        Ok(ops)
    }

    /// Gathers path, query and header parameters (operation-level ones override path-item
    /// ones of the same name and place) into one struct named `{Operation}Params`.
    fn parameters(
        &mut self,
        op_type: &str,
        shared: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<Option<RawParams>> {
        let mut chosen: Vec<(&ParameterData, ParamLocation, String, Option<&'static str>)> =
            Vec::new();
        let all = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/../parameters/{i}")))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
            );
        for (param, here) in all {
            let (param, _) = self.resolve(param, &here, "parameters", |c| &c.parameters)?;
            let (data, location, separator) = match param {
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    let separator = match (style, parameter_data.explode) {
                        (QueryStyle::SpaceDelimited, _) => Some(" "),
                        (QueryStyle::PipeDelimited, _) => Some("|"),
                        (QueryStyle::DeepObject, _) | (QueryStyle::Form, None | Some(true)) => None,
                        (QueryStyle::Form, Some(false)) => Some(","),
                    };
                    (parameter_data, ParamLocation::Query, separator)
                }
                Parameter::Path { parameter_data, .. } => {
                    (parameter_data, ParamLocation::Path, Some(","))
                }
                Parameter::Header { parameter_data, .. } => {
                    (parameter_data, ParamLocation::Header, Some(","))
                }
                Parameter::Cookie { parameter_data, .. } => {
                    (parameter_data, ParamLocation::Cookie, Some(","))
                }
            };
            chosen.retain(|(d, l, _, _)| !(d.name == data.name && *l == location));
            chosen.push((data, location, here, separator));
        }
        if chosen.is_empty() {
            return Ok(None);
        }
        let type_name = self.names.unique(&format!("{op_type}Params"));
        let mut fields = Vec::new();
        let mut places = Vec::new();
        for (data, location, here, separator) in chosen {
            let ctx = format!("{type_name}{}", type_ident(&data.name));
            let (ty, schema_data) = match &data.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => (
                    self.inline_type(&ctx, schema, &format!("{here}/schema"))?,
                    Some(&schema.schema_data),
                ),
                ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                    (self.ref_type(reference, &format!("{here}/schema"))?, None)
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.warn(&here, "a parameter with `content` is sent as a string");
                    (TypeRef::String, None)
                }
            };
            let ty = self.sendable_param_type(ty, &here);
            fields.push(RawField {
                api_name: data.name.clone(),
                ty,
                required: data.required || location == ParamLocation::Path,
                description: data.description.clone(),
                example: data
                    .example
                    .clone()
                    .or_else(|| schema_data.and_then(|d| d.example.clone())),
                default: schema_data.and_then(|d| d.default.clone()),
                format: match &data.format {
                    ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => format_of(s),
                    _ => None,
                },
                deprecated: data.deprecated.unwrap_or(false),
                pointer: here,
                flatten: false,
            });
            places.push((data.name.clone(), location, separator));
        }
        self.types.insert(
            type_name.clone(),
            RawType {
                api_name: format!("{pointer}/parameters"),
                description: Some(format!(
                    "The parameters of `{}`.",
                    op.operation_id.as_deref().unwrap_or(op_type)
                )),
                kind: RawKind::Struct(fields),
                deprecated: false,
            },
        );
        Ok(Some((type_name, places)))
    }

    /// Parameters are sent as text: scalars, enums and arrays of them as they are, anything
    /// else (objects, maps) as its JSON text, with a warning.
    fn sendable_param_type(&mut self, ty: TypeRef, pointer: &str) -> TypeRef {
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        let scalar = |ty: &TypeRef, types: &BTreeMap<String, RawType>| match ty {
            TypeRef::Named(n) => matches!(types.get(n).map(|t| &t.kind), Some(RawKind::Enum(..))),
            TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_) => false,
            _ => true,
        };
        let ok = match &ty {
            TypeRef::Array(item) => scalar(item, &self.types),
            other => scalar(other, &self.types),
        };
        if ok {
            return ty;
        }
        self.warn(
            pointer,
            "an object parameter is sent as its JSON text (deepObject style is not supported yet)",
        );
        TypeRef::Json
    }

    /// A request body, following `$ref`s into `#/components/requestBodies`.
    fn resolve_request_body(
        &self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
    ) -> Result<(&'a openapiv3::RequestBody, String)> {
        self.resolve(body, pointer, "requestBodies", |c| &c.request_bodies)
    }

    /// A response, following `$ref`s into `#/components/responses`.
    fn resolve_response(
        &self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Result<(&'a openapiv3::Response, String)> {
        self.resolve(response, pointer, "responses", |c| &c.responses)
    }

    /// Follows a chain of `$ref`s into `#/components/{section}` to the item it ends at, and
    /// the pointer of that item.
    fn resolve<T>(
        &self,
        item: &'a ReferenceOr<T>,
        pointer: &str,
        section: &str,
        map: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, String)> {
        let spec: &'a Spec = self.spec;
        let prefix = format!("#/components/{section}/");
        let mut current = item;
        let mut at = pointer.to_string();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(item) => return Ok((item, at)),
                ReferenceOr::Reference { reference } => {
                    let found = reference
                        .strip_prefix(prefix.as_str())
                        .map(unescape)
                        .and_then(|key| map(spec.doc.components.as_ref()?).get(&key));
                    match found {
                        Some(next) => {
                            at = reference.clone();
                            current = next;
                        }
                        None => {
                            return Err(self.err(
                                format!("{at}/$ref"),
                                format!(
                                    "`{reference}` points at nothing in #/components/{section}"
                                ),
                            ));
                        }
                    }
                }
            }
        }
        Err(self.err(pointer, "the `$ref` chain does not end"))
    }

    /// The body's preferred media type and its type: structs for JSON, form and multipart,
    /// `String` for text, bytes for anything else.
    fn request_body(
        &mut self,
        op_type: &str,
        body: &openapiv3::RequestBody,
        pointer: &str,
    ) -> Result<Option<RawBody>> {
        let Some((media, media_type, class)) = pick_media(&body.content) else {
            return Ok(None);
        };
        let here = format!("{pointer}/content/{}/schema", pointer_token(media));
        let ty = match (class, &media_type.schema) {
            (MediaClass::Text, _) => TypeRef::String,
            (MediaClass::Bytes, _) => TypeRef::Bytes,
            (_, Some(schema)) => self.schema_type(&format!("{op_type}Body"), schema, &here)?,
            (MediaClass::Json, None) => TypeRef::Json,
            (_, None) => TypeRef::Map(Box::new(TypeRef::Json)),
        };
        let class = match (class, &ty) {
            (MediaClass::Multipart, TypeRef::Named(n))
                if matches!(self.types.get(n).map(|t| &t.kind), Some(RawKind::Struct(_))) =>
            {
                class
            }
            (MediaClass::Multipart, _) => {
                self.warn(
                    &here,
                    "a multipart body that is not an object is sent as raw bytes",
                );
                MediaClass::Bytes
            }
            _ => class,
        };
        let ty = match class {
            MediaClass::Bytes => TypeRef::Bytes,
            _ => ty,
        };
        Ok(Some(RawBody {
            media: media.clone(),
            class,
            ty,
        }))
    }

    /// The responses other than 2xx, with the type of their JSON body if they have one.
    fn error_responses(
        &mut self,
        op_type: &str,
        op: &'a openapiv3::Operation,
        pointer: &str,
    ) -> Result<Vec<RawErrorResponse>> {
        let listed = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (code.to_string(), r))
            .filter(|(code, _)| !code.starts_with('2'))
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| ("default".to_string(), r)),
            );
        let mut out = Vec::new();
        for (code, response) in listed {
            let here = format!("{pointer}/responses/{code}");
            let (response, at) = self.resolve_response(response, &here)?;
            let ty = match pick_media(&response.content) {
                Some((media, media_type, MediaClass::Json)) => match &media_type.schema {
                    Some(schema) => Some(self.schema_type(
                        &format!("{op_type}{}Error", type_ident(&code)),
                        schema,
                        &format!("{at}/content/{}/schema", pointer_token(media)),
                    )?),
                    None => None,
                },
                _ => None,
            };
            let description = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
            out.push((code, ty, description));
        }
        Ok(out)
    }

    /// The first 2xx response with content: its preferred media type and type.
    fn success_response(
        &mut self,
        op_type: &str,
        op: &'a openapiv3::Operation,
        pointer: &str,
    ) -> Result<Option<RawResponse>> {
        for (code, response) in &op.responses.responses {
            let code = code.to_string();
            if !code.starts_with('2') {
                continue;
            }
            let here = format!("{pointer}/responses/{code}");
            let (response, at) = self.resolve_response(response, &here)?;
            let Some((media, media_type, class)) = pick_media(&response.content) else {
                continue;
            };
            let class = match class {
                MediaClass::Form | MediaClass::Multipart => MediaClass::Bytes,
                other => other,
            };
            let ty = match (class, &media_type.schema) {
                (MediaClass::Text, _) => TypeRef::String,
                (MediaClass::Bytes, _) => TypeRef::Bytes,
                (_, Some(schema)) => self.schema_type(
                    &format!("{op_type}Response"),
                    schema,
                    &format!("{at}/content/{}/schema", pointer_token(media)),
                )?,
                (_, None) => TypeRef::Json,
            };
            let description = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
            let printable = media.bytes().all(|b| (0x20..0x7f).contains(&b));
            return Ok(Some(RawResponse {
                code,
                media: match printable {
                    true => media.clone(),
                    false => "*/*".to_string(),
                },
                class,
                ty,
                description,
            }));
        }
        Ok(None)
    }

    /// Second pass: every named type is known, so fields get their Rust and doc types.
    fn finish(mut self, raw_ops: Vec<RawOperation>, options: &LowerOptions) -> Result<Api> {
        let kinds: BTreeMap<String, RawKind> = self
            .types
            .iter()
            .map(|(k, v)| (k.clone(), v.kind.clone()))
            .collect();
        for (name, raw) in &self.types {
            if let RawKind::Alias(_) = raw.kind
                && direct_struct(&TypeRef::Named(name.clone()), &kinds).is_none()
                && alias_cycle(name, &kinds)
            {
                let pointer = match raw.api_name.starts_with('#') {
                    true => raw.api_name.clone(),
                    false => format!("#/components/schemas/{}", pointer_token(&raw.api_name)),
                };
                return Err(self.err(
                    pointer,
                    "this schema is only a `$ref` chain that leads back to itself; it has no type",
                ));
            }
        }
        let self_referencing: Vec<String> = self
            .types
            .iter()
            .filter(|(name, raw)| match &raw.kind {
                RawKind::Alias(target) => alias_reaches(target, name, &kinds, 0),
                _ => false,
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in self_referencing {
            if let Some(raw) = self.types.get_mut(&name) {
                raw.kind = RawKind::Alias(TypeRef::Json);
                let at = match raw.api_name.starts_with('#') {
                    true => raw.api_name.clone(),
                    false => format!("#/components/schemas/{}", pointer_token(&raw.api_name)),
                };
                self.warn(
                    &at,
                    "a schema that contains itself only through arrays or maps is typed as any JSON value",
                );
            }
        }
        let kinds: BTreeMap<String, RawKind> = self
            .types
            .iter()
            .map(|(k, v)| (k.clone(), v.kind.clone()))
            .collect();
        let mut types = Vec::new();
        let raw_types = std::mem::take(&mut self.types);
        for (name, raw) in raw_types {
            let kind = match raw.kind {
                RawKind::Struct(fields) => {
                    let names = field_names(&fields);
                    TypeKind::Struct(StructDef {
                        fields: fields
                            .into_iter()
                            .zip(names)
                            .map(|(f, field_name)| {
                                let boxed = recursive_field(&name, &f.ty, &kinds);
                                self.field(f, field_name, boxed, &kinds)
                            })
                            .collect(),
                    })
                }
                RawKind::Enum(values, integer) => TypeKind::Enum(enum_def(&values, integer)),
                RawKind::Union(union) => {
                    let mut names = UniqueNames::new();
                    TypeKind::Union(UnionDef {
                        variants: union
                            .variants
                            .into_iter()
                            .map(|(candidate, ty, tag)| {
                                let inner = rust_type(&ty, "");
                                UnionVariant {
                                    name: names.unique(&variant_ident(&candidate)),
                                    rust_type: match recursive_field(&name, &ty, &kinds) {
                                        true => format!("Box<{inner}>"),
                                        false => inner,
                                    },
                                    doc_type: doc_type(&ty, &kinds),
                                    ty,
                                    tag,
                                }
                            })
                            .collect(),
                        tag_property: union.tag_property,
                    })
                }
                RawKind::Alias(target) => TypeKind::Alias {
                    rust_type: rust_type(&target, ""),
                    target,
                },
            };
            types.push(TypeDef {
                anchor: name.to_lowercase(),
                deprecated: raw.deprecated,
                name,
                api_name: raw.api_name,
                description: raw.description,
                kind,
            });
        }

        let doc = &self.spec.doc;
        let mut tag_order: Vec<String> = doc.tags.iter().map(|t| t.name.clone()).collect();
        let mut used_tags: BTreeSet<&str> = BTreeSet::new();
        for op in &raw_ops {
            used_tags.insert(&op.tag);
        }
        for t in &used_tags {
            if !tag_order.iter().any(|o| o == t) {
                tag_order.push((*t).to_string());
            }
        }
        tag_order.retain(|t| used_tags.contains(t.as_str()));
        let mut tag_slugs = UniqueNames::new();
        let mut tag_modules = UniqueNames::new();
        tag_modules.reserve("mod");
        // Module files must have ASCII names (rustc E0754), so modules take the ASCII slug.
        let mut tags: Vec<Tag> = tag_order
            .iter()
            .map(|name| Tag {
                name: name.clone(),
                slug: tag_slugs.unique(&unicode_slug(name)),
                uses_models: false,
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
            .collect();

        let mut ops: Vec<(usize, RawOperation)> = raw_ops
            .into_iter()
            .map(|op| {
                let tag_index = tag_order.iter().position(|t| *t == op.tag).unwrap_or(0);
                (tag_index, op)
            })
            .collect();
        ops.sort_by(|a, b| (a.0, &a.1.method_name).cmp(&(b.0, &b.1.method_name)));

        let krate = self.crate_meta(options);
        let client_name = codegen_str(doc, "client-name").unwrap_or_else(|| "Client".to_string());
        let default_host = doc
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_string())
            .unwrap_or_else(|| "http://localhost".to_string());

        let mut operations = Vec::new();
        let mut page_slugs = UniqueNames::new();
        for (tag_index, raw) in ops {
            let Some(tag) = tags.get_mut(tag_index) else {
                continue;
            };
            tag.operations.push(operations.len());
            let page_slug = page_slugs.unique(&slug(method_base(&raw.api_id)));
            let pagination = match &raw.pagination {
                None => None,
                Some((pointer, p)) => Some(
                    pagination(p, &raw, &kinds)
                        .map_err(|message| self.err(pointer.clone(), message))?,
                ),
            };
            let params = raw.params.map(|(type_name, places)| {
                let fields = match self_types_struct(&kinds, &type_name) {
                    Some(raw_fields) => raw_fields
                        .iter()
                        .zip(&places)
                        .zip(field_names(raw_fields))
                        .map(|((f, (_, location, separator)), name)| ParamField {
                            api_name: f.api_name.clone(),
                            name: name.clone(),
                            location: *location,
                            required: f.required,
                            repeated: matches!(f.ty, TypeRef::Array(_)) && separator.is_none(),
                            separator: match f.ty {
                                TypeRef::Array(_) => separator.map(str::to_string),
                                _ => None,
                            },
                            value: match (f.required, &f.ty, separator) {
                                (true, TypeRef::Array(_), Some(sep)) => {
                                    format!("crate::runtime::join(&params.{name}, {sep:?})")
                                }
                                (false, TypeRef::Array(_), Some(sep)) => format!(
                                    "params.{name}.as_ref().map(|v| crate::runtime::join(v, {sep:?}))"
                                ),
                                (
                                    true,
                                    TypeRef::Bool
                                    | TypeRef::I32
                                    | TypeRef::I64
                                    | TypeRef::F32
                                    | TypeRef::F64,
                                    _,
                                ) => format!("params.{name}"),
                                (true, _, _) => format!("&params.{name}"),
                                (false, _, _) => format!("params.{name}.as_ref()"),
                            },
                        })
                        .collect(),
                    None => Vec::new(),
                };
                Params {
                    rust_type: format!("models::{type_name}"),
                    type_name,
                    fields,
                }
            });
            let body = raw.body.map(|b| {
                let struct_fields = match &b.ty {
                    TypeRef::Named(n) => self_types_struct(&kinds, n).map(|f| (n.clone(), f)),
                    _ => None,
                };
                let kind = match b.class {
                    MediaClass::Json => BodyKind::Json,
                    MediaClass::Form => BodyKind::Form,
                    MediaClass::Multipart => BodyKind::Multipart(
                        struct_fields
                            .as_ref()
                            .map(|(_, fields)| multipart_parts(fields, &kinds))
                            .unwrap_or_default(),
                    ),
                    MediaClass::Text => BodyKind::Text,
                    MediaClass::Bytes => BodyKind::Bytes,
                };
                Body {
                    rust_type: match &kind {
                        BodyKind::Text => "str".to_string(),
                        BodyKind::Bytes => "[u8]".to_string(),
                        _ => rust_type(&b.ty, "models::"),
                    },
                    struct_name: struct_fields.map(|(n, _)| n),
                    arg_name: "body".to_string(),
                    media_type: b.media,
                    kind,
                    ty: b.ty,
                }
            });
            let response = raw.response.map(|r| ResponseDef {
                status: r.code,
                kind: match r.class {
                    MediaClass::Text => ResponseKind::Text,
                    MediaClass::Bytes => ResponseKind::Bytes,
                    _ => ResponseKind::Json,
                },
                media_type: r.media,
                rust_type: match r.class {
                    MediaClass::Text => "String".to_string(),
                    MediaClass::Bytes => "Vec<u8>".to_string(),
                    _ => rust_type(&r.ty, "models::"),
                },
                doc_type: doc_type(&r.ty, &kinds),
                ty: r.ty,
                description: r.description,
            });
            let error_responses = raw
                .errors
                .iter()
                .map(|(status, ty, description)| ErrorResponse {
                    status: status.clone(),
                    rust_type: ty.as_ref().map(|t| rust_type(t, "models::")),
                    doc_type: ty.as_ref().map(|t| doc_type(t, &kinds)),
                    ty: ty.clone(),
                    description: description.clone(),
                })
                .collect();
            let (path_format, path_args) =
                path_template(&raw.path, params.as_ref()).map_err(|message| {
                    self.err(format!("#/paths/{}", pointer_token(&raw.path)), message)
                })?;
            operations.push(Operation {
                path_format,
                path_args,
                page_path: format!("docs/{}/{page_slug}.md", tag.slug),
                slug: page_slug,
                api_id: raw.api_id,
                method_name: raw.method_name,
                http_method: raw.http_method,
                path: raw.path,
                summary: raw.summary,
                description: raw.description,
                tag_slug: tag.slug.clone(),
                params,
                body,
                response,
                error_responses,
                deprecated: raw.deprecated,
                authenticated: raw.authenticated,
                idempotent: raw.idempotent,
                pagination,
                example: String::new(),
                sample_response: None,
                doc_sections: Vec::new(),
            });
        }

        for tag in &mut tags {
            tag.uses_models = tag.operations.iter().any(|&i| {
                operations.get(i).is_some_and(|op: &Operation| {
                    op.params.is_some()
                        || op
                            .body
                            .as_ref()
                            .is_some_and(|b| b.rust_type.contains("models::"))
                        || op
                            .response
                            .as_ref()
                            .is_some_and(|r| r.rust_type.contains("models::"))
                })
            });
        }
        let mut api = Api {
            title: doc.info.title.clone(),
            description: doc.info.description.clone(),
            api_version: doc.info.version.clone(),
            krate,
            client_name,
            default_host,
            regen_command: options.regen_command.clone(),
            uses_token: operations.iter().any(|op| op.authenticated),
            operations,
            types,
            tags,
            warnings: self.warnings,
        };
        examples::fill(&mut api)?;
        Ok(api)
    }

    /// The IR field; `boxed` puts the value behind a `Box` (a field that leads back to its own
    /// struct, which would otherwise have infinite size).
    fn field(
        &self,
        raw: RawField,
        name: String,
        boxed: bool,
        kinds: &BTreeMap<String, RawKind>,
    ) -> Field {
        let bare = name.trim_start_matches("r#");
        let inner_type = rust_type(&raw.ty, "");
        let (value_type, arg_type, arg_into) = match (&raw.ty, boxed) {
            (TypeRef::String, _) => (
                inner_type,
                "impl Into<String>".to_string(),
                format!("{name}.into()"),
            ),
            (TypeRef::Nullable(inner), true) => (
                format!("Option<Box<{}>>", rust_type(inner, "")),
                inner_type,
                format!("{name}.map(Box::new)"),
            ),
            (_, true) => (
                format!("Box<{inner_type}>"),
                inner_type,
                format!("Box::new({name})"),
            ),
            (_, false) => (inner_type.clone(), inner_type, name.clone()),
        };
        let init = match raw.required {
            false if raw.flatten => format!("{name}: Default::default()"),
            false => format!("{name}: None"),
            true if arg_into == name => name.clone(),
            true => format!("{name}: {arg_into}"),
        };
        let lower_name = raw.api_name.to_ascii_lowercase();
        let sensitive = raw.format.as_deref() == Some("password")
            || ["secret", "password", "token"]
                .iter()
                .any(|w| lower_name.contains(w));
        let rename = format!("rename = {}", crate::text::rust_str(&raw.api_name));
        let serde_attrs = match (raw.required, matches!(raw.ty, TypeRef::Nullable(_))) {
            _ if raw.flatten => "flatten".to_string(),
            (true, true) => {
                format!("{rename}, deserialize_with = \"crate::runtime::double_option::present\"")
            }
            (true, false) => rename,
            (false, false) => {
                format!("{rename}, default, skip_serializing_if = \"Option::is_none\"")
            }
            (false, true) => format!(
                "{rename}, default, skip_serializing_if = \"Option::is_none\", with = \"crate::runtime::double_option\""
            ),
        };
        let setter_value = match raw.flatten {
            true => arg_into.clone(),
            false => format!("Some({arg_into})"),
        };
        Field {
            init,
            setter_value,
            sensitive,
            serde_attrs,
            setter: format!("with_{}", bare.trim_start_matches('_')),
            rust_type: if raw.required || raw.flatten {
                value_type.clone()
            } else {
                format!("Option<{value_type}>")
            },
            value_type,
            doc_type: doc_type(&raw.ty, kinds),
            enum_link: enum_link(&raw.ty, kinds),
            api_name: raw.api_name,
            name,
            ty: raw.ty,
            required: raw.required,
            description: raw.description,
            default: raw.default,
            example: raw.example,
            pointer: raw.pointer,
            format: raw.format,
            deprecated: raw.deprecated,
            arg_type,
            arg_into,
        }
    }

    fn crate_meta(&self, options: &LowerOptions) -> CrateMeta {
        let doc = &self.spec.doc;
        let name = options
            .crate_name
            .clone()
            .or_else(|| codegen_str(doc, "crate-name"))
            .unwrap_or_else(|| slug(&doc.info.title));
        CrateMeta {
            lib_name: name.replace('-', "_"),
            version: codegen_str(doc, "crate-version").unwrap_or_else(|| "0.1.0".to_string()),
            description: codegen_str(doc, "crate-description")
                .unwrap_or_else(|| format!("Typed async client for the {}", doc.info.title)),
            license: doc
                .info
                .license
                .as_ref()
                .map(|l| l.name.clone())
                .unwrap_or_else(|| "MIT OR Apache-2.0".to_string()),
            repository: codegen_str(doc, "repository").unwrap_or_default(),
            name,
        }
    }
}

/// Resolves `x-codegen-pagination` against the request and response types.
fn pagination(
    p: &RawPagination,
    op: &RawOperation,
    kinds: &BTreeMap<String, RawKind>,
) -> std::result::Result<Pagination, String> {
    let holders = op
        .params
        .iter()
        .map(|(name, _)| ("params".to_string(), name.clone()))
        .chain(op.body.iter().filter_map(|body| match &body.ty {
            TypeRef::Named(n) => Some(("body".to_string(), n.clone())),
            _ => None,
        }));
    let mut page = None;
    for (holder, type_name) in holders {
        if let Some(f) = self_types_struct(kinds, &type_name)
            .and_then(|fields| fields.iter().find(|f| f.api_name == p.page))
        {
            if !matches!(f.ty, TypeRef::I32 | TypeRef::I64) {
                return Err(format!("the page field `{}` is not an integer", p.page));
            }
            page = Some((holder, field_ident(&f.api_name), f.required));
            break;
        }
    }
    let (page_holder, page_field, page_required) = page.ok_or_else(|| {
        format!(
            "no parameter or body field `{}` holds the page number",
            p.page
        )
    })?;
    let Some(RawResponse { ty: response, .. }) = &op.response else {
        return Err("a paginated operation needs a JSON response".to_string());
    };
    let (items_access, items_ty) = access_path(response, &p.items, kinds)?;
    let TypeRef::Array(item) = items_ty else {
        return Err(format!("`{}` is not an array", p.items));
    };
    let total_access = match &p.total {
        None => None,
        Some(total) => {
            let (access, ty) = access_path(response, total, kinds)?;
            if !matches!(ty, TypeRef::I32 | TypeRef::I64) {
                return Err(format!("`{total}` is not an integer"));
            }
            Some(access)
        }
    };
    Ok(Pagination {
        method_name: format!("{}_stream", op.method_name.trim_start_matches("r#")),
        page_holder,
        page_field,
        page_required,
        items_access,
        item_type: rust_type(&item, "models::"),
        total_access,
    })
}

/// Follows a dotted wire path (`data.list`) through required struct fields: the Rust access
/// path and the type at its end.
fn access_path(
    root: &TypeRef,
    path: &str,
    kinds: &BTreeMap<String, RawKind>,
) -> std::result::Result<(String, TypeRef), String> {
    let mut ty = root.clone();
    let mut access = Vec::new();
    for part in path.split('.') {
        let TypeRef::Named(name) = &ty else {
            return Err(format!("`{path}`: `{part}` is not inside an object"));
        };
        let field = self_types_struct(kinds, name)
            .and_then(|fields| fields.iter().find(|f| f.api_name == part))
            .ok_or_else(|| format!("`{path}`: `{name}` has no field `{part}`"))?;
        if !field.required {
            return Err(format!(
                "`{path}`: `{part}` is optional; pagination needs required fields"
            ));
        }
        access.push(field_ident(part));
        ty = field.ty.clone();
    }
    Ok((access.join("."), ty))
}

/// Splits a path template into a `format!` string (`{path_0}`, `{path_1}`, … for the
/// parameters, other braces doubled) and the params fields that fill it, in order.
fn path_template(
    path: &str,
    params: Option<&Params>,
) -> std::result::Result<(String, Vec<String>), String> {
    let mut format = String::new();
    let mut args = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(format!("the path `{path}` has an unclosed `{{`"));
        };
        format.push_str(&rest[..open].replace('}', "}}"));
        let name = &rest[open + 1..close];
        let field = params
            .into_iter()
            .flat_map(|p| &p.fields)
            .find(|f| f.api_name == name && f.location == ParamLocation::Path)
            .ok_or_else(|| {
                format!("the path parameter `{{{name}}}` is not declared with `in: path`")
            })?;
        format.push_str(&format!("{{path_{}}}", args.len()));
        args.push(match field.separator {
            Some(_) => field.value.clone(),
            None => format!("params.{}.to_string()", field.name),
        });
        rest = &rest[close + 1..];
    }
    format.push_str(&rest.replace('}', "}}"));
    Ok((format, args))
}

/// The Rust names of a struct's fields, unique within the struct (`fooBar` and `foo_bar`
/// become `foo_bar` and `foo_bar_2`).
fn field_names(fields: &[RawField]) -> Vec<String> {
    let mut names = UniqueNames::new();
    fields
        .iter()
        .map(|f| match f.flatten {
            true => names.unique("additional_properties"),
            false => names.unique(&field_ident(&f.api_name)),
        })
        .collect()
}

/// The named struct a field holds directly (through aliases, not through `Vec` or maps, which
/// already give the value a fixed size).
fn direct_struct<'k>(ty: &'k TypeRef, kinds: &'k BTreeMap<String, RawKind>) -> Option<&'k str> {
    let mut ty = ty;
    for _ in 0..=kinds.len() {
        match ty {
            TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Named(n) => match kinds.get(n)? {
                RawKind::Struct(_) | RawKind::Union(_) => return Some(n),
                RawKind::Alias(target) => ty = target,
                RawKind::Enum(..) => return None,
            },
            _ => return None,
        }
    }
    None
}

/// Whether an alias's target mentions the alias `name` again through arrays, maps and other
/// aliases (a Rust type alias cannot be recursive).
fn alias_reaches(
    ty: &TypeRef,
    name: &str,
    kinds: &BTreeMap<String, RawKind>,
    depth: usize,
) -> bool {
    if depth > kinds.len() + 1 {
        return false;
    }
    match ty {
        TypeRef::Named(n) if n == name => true,
        TypeRef::Named(n) => match kinds.get(n) {
            Some(RawKind::Alias(target)) => alias_reaches(target, name, kinds, depth + 1),
            _ => false,
        },
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => {
            alias_reaches(t, name, kinds, depth + 1)
        }
        _ => false,
    }
}

/// Whether following aliases from `name` comes back to `name`.
fn alias_cycle(name: &str, kinds: &BTreeMap<String, RawKind>) -> bool {
    let mut current = name;
    for _ in 0..=kinds.len() {
        match kinds.get(current) {
            Some(RawKind::Alias(TypeRef::Named(next))) => {
                if next == name {
                    return true;
                }
                current = next;
            }
            _ => return false,
        }
    }
    true
}

/// Whether a field of struct `owner` with type `ty` leads back to `owner` through fields held
/// directly: such a field must be boxed.
fn recursive_field(owner: &str, ty: &TypeRef, kinds: &BTreeMap<String, RawKind>) -> bool {
    let Some(start) = direct_struct(ty, kinds) else {
        return false;
    };
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(name) = stack.pop() {
        if name == owner {
            return true;
        }
        if !seen.insert(name) {
            continue;
        }
        match kinds.get(name) {
            Some(RawKind::Struct(fields)) => {
                stack.extend(fields.iter().filter_map(|f| direct_struct(&f.ty, kinds)));
            }
            Some(RawKind::Union(union)) => {
                stack.extend(
                    union
                        .variants
                        .iter()
                        .filter_map(|v| direct_struct(&v.1, kinds)),
                );
            }
            _ => {}
        }
    }
    false
}

/// The raw fields of a struct type, by Rust name.
fn self_types_struct<'k>(
    kinds: &'k BTreeMap<String, RawKind>,
    name: &str,
) -> Option<&'k [RawField]> {
    match kinds.get(name)? {
        RawKind::Struct(fields) => Some(fields),
        _ => None,
    }
}

/// The part of an operation id that names the operation: NestJS-style ids such as
/// `WebhookManagementController_createWebhook` lose their controller prefix.
fn method_base(api_id: &str) -> &str {
    match api_id.split_once('_') {
        Some((prefix, rest)) if prefix.ends_with("Controller") && !rest.is_empty() => rest,
        _ => api_id,
    }
}

/// Adds `more` to `fields`; a property both define keeps its first type and is required if
/// either part requires it.
fn merge_into(fields: &mut Vec<RawField>, more: Vec<RawField>) {
    for f in more {
        match fields.iter_mut().find(|e| e.api_name == f.api_name) {
            Some(existing) => existing.required |= f.required,
            None => fields.push(f),
        }
    }
}

fn enum_def(values: &[String], integer: bool) -> EnumDef {
    let mut names = UniqueNames::new();
    let mut seen = BTreeSet::new();
    let variants: Vec<Variant> = values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| Variant {
            name: names.unique(&variant_ident(v)),
            value: v.clone(),
        })
        .collect();
    EnumDef {
        integer,
        fallback: names.unique("Other"),
        variants,
    }
}

/// Rust spelling of a type; `prefix` qualifies named types (e.g. `models::`).
pub(crate) fn rust_type(ty: &TypeRef, prefix: &str) -> String {
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

/// The type as a page shows it: the wire type, or a link to a named struct's section.
fn doc_type(ty: &TypeRef, kinds: &BTreeMap<String, RawKind>) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "integer".into(),
        TypeRef::F32 | TypeRef::F64 => "number".into(),
        TypeRef::Named(n) => match kinds.get(n) {
            Some(RawKind::Struct(_) | RawKind::Union(_)) => {
                format!("[{n}](#{})", n.to_lowercase())
            }
            Some(RawKind::Enum(_, false)) => "string".into(),
            Some(RawKind::Enum(_, true)) => "integer".into(),
            Some(RawKind::Alias(t)) => doc_type(t, kinds),
            None => n.clone(),
        },
        TypeRef::Array(t) => format!("{}[]", doc_type(t, kinds)),
        TypeRef::Nullable(t) => format!("{} (nullable)", doc_type(t, kinds)),
        TypeRef::Map(_) => "object".into(),
        TypeRef::Json => "any".into(),
        TypeRef::Bytes => "binary".into(),
    }
}

/// The enum whose section lists the allowed values, for enum fields and arrays of enums.
fn enum_link(ty: &TypeRef, kinds: &BTreeMap<String, RawKind>) -> Option<(String, String)> {
    match ty {
        TypeRef::Named(n) => match kinds.get(n)? {
            RawKind::Enum(..) => Some((n.clone(), n.to_lowercase())),
            RawKind::Alias(t) => enum_link(t, kinds),
            RawKind::Struct(_) | RawKind::Union(_) => None,
        },
        TypeRef::Array(t) | TypeRef::Nullable(t) => enum_link(t, kinds),
        _ => None,
    }
}

fn format_of(schema: &Schema) -> Option<String> {
    let fmt = |f: &dyn std::fmt::Debug| format!("{f:?}");
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary".into()),
            VariantOrUnknownOrEmpty::Unknown(u) => Some(u.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Type(Type::Integer(i)) => match &i.format {
            VariantOrUnknownOrEmpty::Item(f) => Some(fmt(f).to_lowercase()),
            VariantOrUnknownOrEmpty::Unknown(u) => Some(u.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Type(Type::Number(n)) => match &n.format {
            VariantOrUnknownOrEmpty::Item(f) => Some(fmt(f).to_lowercase()),
            VariantOrUnknownOrEmpty::Unknown(u) => Some(u.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        _ => None,
    }
}

/// The parts of a multipart body, one per field of its struct.
fn multipart_parts(fields: &[RawField], kinds: &BTreeMap<String, RawKind>) -> Vec<MultipartPart> {
    fields
        .iter()
        .zip(field_names(fields))
        .filter(|(f, _)| !f.flatten)
        .map(|(f, name)| {
            let scalar = |ty: &TypeRef| match ty {
                TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 => true,
                TypeRef::F32 | TypeRef::F64 => true,
                TypeRef::Named(n) => matches!(kinds.get(n), Some(RawKind::Enum(..))),
                _ => false,
            };
            let kind = match &f.ty {
                TypeRef::Bytes => PartKind::Bytes,
                ty if scalar(ty) => PartKind::Text,
                TypeRef::Array(item) if scalar(item) => PartKind::TextEach,
                _ => PartKind::Json,
            };
            MultipartPart {
                api_name: f.api_name.clone(),
                name,
                kind,
                required: f.required,
            }
        })
        .collect()
}
fn codegen_str(doc: &openapiv3::OpenAPI, key: &str) -> Option<String> {
    doc.extensions
        .get("x-codegen")?
        .get(key)?
        .as_str()
        .map(str::to_string)
}

/// Undoes JSON pointer escaping in one token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
