//! Schemas: component and inline schemas become raw types (structs, enums, unions, aliases)
//! with their fields, before every named type is known.

use std::collections::BTreeSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::error::Result;
use crate::ident::{UniqueNames, type_ident};
use crate::ir::TypeRef;
use crate::load::Spec;
use crate::pointer::{pointer_token, unescape};

use super::refs::{Followed, canonical_pointer, component_key};
use super::{Lowerer, RawEnum, RawField, RawKind, RawType, RawUnion, RawVariant};

impl<'a> Lowerer<'a> {
    /// Gives every component schema its Rust name first, so inline types never take them.
    pub(super) fn name_components(&mut self) {
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

    pub(super) fn lower_components(&mut self) -> Result<()> {
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
    pub(super) fn lower_component(
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
            key: Some(key.to_string()),
            pointer: format!("#/components/schemas/{}", pointer_token(key)),
            deprecated,
            description,
            kind,
        };
        self.types.insert(name.to_string(), raw);
        Ok(())
    }

    /// The fields of a component struct, lowering it first if needed, so that an `allOf` that
    /// includes it shares its inline types instead of making copies.
    pub(super) fn component_fields(
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
    pub(super) fn component_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Result<RawKind> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => {
                Ok(RawKind::Struct(self.object_fields(name, obj, pointer)?))
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                Ok(RawKind::Enum(RawEnum {
                    values: s.enumeration.iter().flatten().cloned().collect(),
                    integer: false,
                }))
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                Ok(RawKind::Enum(RawEnum {
                    values: i.enumeration.iter().flatten().map(i64::to_string).collect(),
                    integer: true,
                }))
            }
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

    pub(super) fn object_fields(
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
    pub(super) fn merged_fields(
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
            // The pointer of a part reached through a deep `$ref`, while it is merged.
            let mut deep = None;
            let (schema, at) = match part {
                ReferenceOr::Item(s) => (s, here.clone()),
                ReferenceOr::Reference { reference } => match self.follow(reference, &here)? {
                    Followed::Component(target) => {
                        if let Some(shared) = self.component_fields(&target, &here)? {
                            merge_into(&mut fields, shared);
                            continue;
                        }
                        match self.resolve_schema(&target) {
                            Some(s) => (s, target),
                            None => {
                                return Err(
                                    self.err(here, format!("`{reference}` is not a schema"))
                                );
                            }
                        }
                    }
                    Followed::Schema(target) => {
                        let (at, schema) = (target.at.clone(), target.schema);
                        if names_a_type(schema)
                            && matches!(
                                schema.schema_kind,
                                SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. }
                            )
                        {
                            // A struct: lowered once, where the `$ref` lands, and its fields
                            // shared.
                            let ty = self.deep_target_type(&target)?;
                            let shared = match &ty {
                                TypeRef::Nullable(inner) => &**inner,
                                other => other,
                            };
                            let shared = match shared {
                                TypeRef::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                                    Some(RawKind::Struct(fields)) => Some(fields.clone()),
                                    _ => None,
                                },
                                _ => None,
                            };
                            let Some(shared) = shared else {
                                return Err(self.err(
                                    here,
                                    format!(
                                        "`allOf` includes `{reference}`, which includes this schema again"
                                    ),
                                ));
                            };
                            merge_into(&mut fields, shared);
                            continue;
                        }
                        if !self.merging.insert(at.clone()) {
                            return Err(self.err(
                                here,
                                format!(
                                    "`allOf` includes `{reference}`, which includes this schema again"
                                ),
                            ));
                        }
                        deep = Some(at.clone());
                        (schema, at)
                    }
                },
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
            if let Some(at) = deep {
                self.merging.remove(&at);
            }
            merge_into(&mut fields, part_fields);
        }
        for field in &mut fields {
            if required.contains(&field.api_name) {
                field.required = true;
            }
        }
        Ok(fields)
    }

    /// The schema a `$ref` chain ends at (`None` for a chain that loops or lands on no
    /// schema).
    pub(super) fn resolve_schema(&self, reference: &str) -> Option<&'a Schema> {
        let spec: &'a Spec = self.spec;
        let schemas = &spec.doc.components.as_ref()?.schemas;
        let mut reference = reference.to_string();
        for _ in 0..=schemas.len() {
            let key = match self.follow(&reference, "#").ok()? {
                Followed::Schema(target) => return Some(target.schema),
                Followed::Component(reference) => component_key(&reference)?,
            };
            match schemas.get(&key)? {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference: next } => reference = next.clone(),
            }
        }
        None
    }

    /// The type of a `$ref`: a component schema's named type, or the type of the schema a
    /// deeper pointer lands on (see `refs.rs`).
    pub(super) fn ref_type(&mut self, reference: &str, pointer: &str) -> Result<TypeRef> {
        match component_key(reference) {
            Some(_) => self.component_ref_type(reference, pointer),
            None => self.deep_ref_type(reference, pointer),
        }
    }

    /// The type of a `$ref` to a component schema (`#/components/schemas/Pet`).
    pub(super) fn component_ref_type(&mut self, reference: &str, pointer: &str) -> Result<TypeRef> {
        let key = component_key(reference).unwrap_or_default();
        match self.components.get(&key) {
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

    pub(super) fn schema_type(
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

    pub(super) fn boxed_schema_type(
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
    /// `nullable: true` wraps it in [`TypeRef::Nullable`]. Its type is kept by pointer: the
    /// schema a deep `$ref` lands on, and what lies inside it, is lowered once (see `refs.rs`).
    pub(super) fn inline_type(
        &mut self,
        ctx: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Result<TypeRef> {
        let key = canonical_pointer(pointer).into_owned();
        let shared = self.shares(&key);
        if shared && let Some(ty) = self.at_pointer.get(&key) {
            return Ok(ty.clone());
        }
        // A named type is known by its name before its fields are lowered, so a deep `$ref`
        // inside it back to it is that type.
        let name = names_a_type(schema).then(|| self.names.unique(ctx));
        if let Some(name) = &name {
            let ty = nullable(schema, TypeRef::Named(name.clone()));
            self.at_pointer.entry(key.clone()).or_insert(ty);
        }
        let started = self.lowering.insert(key.clone());
        if shared && !started && name.is_none() {
            self.warn(
                pointer,
                "a schema that contains itself through a `$ref` to it, with no object or enum in \
                 between, is typed as any JSON value",
            );
            return Ok(TypeRef::Json);
        }
        let ty = self.non_null_type(ctx, name, schema, pointer);
        if started {
            self.lowering.remove(&key);
        }
        let ty = nullable(schema, ty?);
        self.at_pointer.entry(key).or_insert_with(|| ty.clone());
        Ok(ty)
    }

    /// The type of a schema without its `nullable`; `name` is the name of the type it
    /// defines, when [`names_a_type`].
    pub(super) fn non_null_type(
        &mut self,
        ctx: &str,
        name: Option<String>,
        schema: &Schema,
        pointer: &str,
    ) -> Result<TypeRef> {
        let mut name = name;
        let mut name = move |names: &mut UniqueNames| match name.take() {
            Some(name) => name,
            None => names.unique(ctx),
        };
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s.enumeration.iter().flatten().cloned().collect();
                let name = name(&mut self.names);
                self.insert(
                    &name,
                    pointer,
                    schema,
                    RawKind::Enum(RawEnum {
                        values,
                        integer: false,
                    }),
                )
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let values = i.enumeration.iter().flatten().map(i64::to_string).collect();
                let name = name(&mut self.names);
                self.insert(
                    &name,
                    pointer,
                    schema,
                    RawKind::Enum(RawEnum {
                        values,
                        integer: true,
                    }),
                )
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
                let name = name(&mut self.names);
                let owner = self.owner_at(pointer, &name);
                let fields = self.object_fields(&owner, obj, pointer)?;
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
                let name = name(&mut self.names);
                let owner = self.owner_at(pointer, &name);
                let fields = self.merged_fields(&owner, all_of, pointer)?;
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
                let name = name(&mut self.names);
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
    pub(super) fn union(
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
        let mut variants: Vec<RawVariant> = Vec::new();
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
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            variants.push(RawVariant { candidate, ty, tag });
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
                v.tag = None;
            }
        }
        Ok(RawUnion {
            variants,
            tag_property,
            open: false,
        })
    }

    pub(super) fn insert(
        &mut self,
        name: &str,
        pointer: &str,
        schema: &Schema,
        kind: RawKind,
    ) -> TypeRef {
        self.types.insert(
            name.to_string(),
            RawType {
                key: None,
                pointer: pointer.to_string(),
                description: schema.schema_data.description.clone(),
                kind,
                deprecated: schema.schema_data.deprecated,
            },
        );
        TypeRef::Named(name.to_string())
    }
}

/// Whether [`Lowerer::non_null_type`] makes a named type of `schema` (a struct, an enum or a
/// union).
pub(super) fn names_a_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
        SchemaKind::Type(Type::Object(obj)) => !obj.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() != 1,
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
            parts.len() > 1
        }
        _ => false,
    }
}

/// `ty`, made nullable when `schema` is (any JSON value already holds `null`).
pub(super) fn nullable(schema: &Schema, ty: TypeRef) -> TypeRef {
    match schema.schema_data.nullable {
        true if !matches!(ty, TypeRef::Json | TypeRef::Nullable(_)) => {
            TypeRef::Nullable(Box::new(ty))
        }
        _ => ty,
    }
}

/// Adds `more` to `fields`; a property both define keeps its first type and is required if
/// either part requires it.
pub(super) fn merge_into(fields: &mut Vec<RawField>, more: Vec<RawField>) {
    for f in more {
        match fields.iter_mut().find(|e| e.api_name == f.api_name) {
            Some(existing) => existing.required |= f.required,
            None => fields.push(f),
        }
    }
}

pub(super) fn format_of(schema: &Schema) -> Option<String> {
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
