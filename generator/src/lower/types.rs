//! The second pass over types: every named type is known, so alias cycles are refused or
//! broken, and each raw type becomes a [`TypeDef`] with its fields' Rust and doc types.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Result;
use crate::ident::{UniqueNames, field_ident, variant_ident};
use crate::ir::{
    EnumDef, Field, StructDef, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant, Variant,
};
use crate::spell::rust_type;

use super::{Lowerer, RawField, RawKind, RawUnion, RawVariant};

/// The kind of every named type, by Rust name.
pub(super) type Kinds = BTreeMap<String, RawKind>;

impl<'a> Lowerer<'a> {
    /// The kind of every named type collected so far.
    pub(super) fn kinds(&self) -> Kinds {
        self.types
            .iter()
            .map(|(k, v)| (k.clone(), v.kind.clone()))
            .collect()
    }

    /// Refuses an alias that is only a `$ref` chain back to itself, and types as any JSON value
    /// an alias that contains itself through arrays or maps (with a warning).
    pub(super) fn check_alias_cycles(&mut self) -> Result<()> {
        let kinds = self.kinds();
        for (name, raw) in &self.types {
            if let RawKind::Alias(_) = raw.kind
                && direct_struct(&TypeRef::Named(name.clone()), &kinds).is_none()
                && alias_cycle(name, &kinds)
            {
                return Err(self.err(
                    raw.pointer.clone(),
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
                let at = raw.pointer.clone();
                self.warn(
                    &at,
                    "a schema that contains itself only through arrays or maps is typed as any JSON value",
                );
            }
        }
        Ok(())
    }

    /// Lowers every collected type (they are taken out of the lowerer), in name order;
    /// `parameters` names the structs that gather an operation's parameters.
    pub(super) fn lower_types(
        &mut self,
        kinds: &Kinds,
        parameters: &BTreeSet<String>,
    ) -> Vec<TypeDef> {
        let raw_types = std::mem::take(&mut self.types);
        raw_types
            .into_iter()
            .map(|(name, raw)| {
                let kind = match raw.kind {
                    RawKind::Struct(fields) => TypeKind::Struct(self.struct_def(
                        &name,
                        fields,
                        kinds,
                        parameters.contains(&name),
                    )),
                    RawKind::Enum(e) => TypeKind::Enum(enum_def(&e.values, e.integer)),
                    RawKind::Union(union) => TypeKind::Union(union_def(&name, union, kinds)),
                    RawKind::Alias(target) => TypeKind::Alias {
                        rust_type: rust_type(&target, ""),
                        target,
                    },
                };
                TypeDef {
                    deprecated: raw.deprecated,
                    name,
                    key: raw.key,
                    pointer: raw.pointer,
                    description: raw.description,
                    kind,
                }
            })
            .collect()
    }

    /// A struct's fields, with unique Rust names; a field that leads back to the struct is boxed.
    fn struct_def(
        &self,
        name: &str,
        fields: Vec<RawField>,
        kinds: &Kinds,
        parameters: bool,
    ) -> StructDef {
        let names = field_names(&fields);
        StructDef {
            parameters,
            type_param: None,
            instance_of: None,
            fields: fields
                .into_iter()
                .zip(names)
                .map(|(f, field_name)| {
                    let boxed = recursive_field(name, &f.ty, kinds);
                    self.field(f, field_name, boxed, kinds)
                })
                .collect(),
        }
    }

    /// The IR field; `boxed` puts the value behind a `Box` (a field that leads back to its own
    /// struct, which would otherwise have infinite size).
    pub(super) fn field(
        &self,
        raw: RawField,
        name: String,
        boxed: bool,
        kinds: &BTreeMap<String, RawKind>,
    ) -> Field {
        let bare = name.trim_start_matches("r#");
        let lower_name = raw.api_name.to_ascii_lowercase();
        let sensitive = raw.format.as_deref() == Some("password")
            || ["secret", "password", "token"]
                .iter()
                .any(|w| lower_name.contains(w));
        Field {
            sensitive,
            setter: format!("with_{}", bare.trim_start_matches('_')),
            doc_type: doc_type(&raw.ty, kinds),
            enum_link: enum_link(&raw.ty, kinds),
            api_name: raw.api_name,
            name,
            ty: raw.ty,
            required: raw.required,
            boxed,
            flatten: raw.flatten,
            description: raw.description,
            default: raw.default,
            example: raw.example,
            pointer: raw.pointer,
            format: raw.format,
            deprecated: raw.deprecated,
        }
    }
}

/// A union's alternatives, with unique variant names; one that leads back to the union is boxed.
fn union_def(name: &str, union: RawUnion, kinds: &Kinds) -> UnionDef {
    let mut names = UniqueNames::new();
    if union.open {
        names.reserve("Other");
    }
    UnionDef {
        variants: union
            .variants
            .into_iter()
            .map(|RawVariant { candidate, ty, tag }| {
                let inner = rust_type(&ty, "");
                let boxed = recursive_field(name, &ty, kinds);
                UnionVariant {
                    name: names.unique(&variant_ident(&candidate)),
                    rust_type: match boxed {
                        true => format!("Box<{inner}>"),
                        false => inner,
                    },
                    boxed,
                    doc_type: doc_type(&ty, kinds),
                    ty,
                    tag,
                }
            })
            .collect(),
        tag_property: union.tag_property,
        open: union.open,
    }
}

/// The Rust names of a struct's fields, unique within the struct (`fooBar` and `foo_bar`
/// become `foo_bar` and `foo_bar_2`).
pub(super) fn field_names(fields: &[RawField]) -> Vec<String> {
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
pub(super) fn direct_struct<'k>(
    ty: &'k TypeRef,
    kinds: &'k BTreeMap<String, RawKind>,
) -> Option<&'k str> {
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
pub(super) fn alias_reaches(
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
pub(super) fn alias_cycle(name: &str, kinds: &BTreeMap<String, RawKind>) -> bool {
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
pub(super) fn recursive_field(
    owner: &str,
    ty: &TypeRef,
    kinds: &BTreeMap<String, RawKind>,
) -> bool {
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
                        .filter_map(|v| direct_struct(&v.ty, kinds)),
                );
            }
            _ => {}
        }
    }
    false
}

/// The raw fields of a struct type, by Rust name.
pub(super) fn self_types_struct<'k>(
    kinds: &'k BTreeMap<String, RawKind>,
    name: &str,
) -> Option<&'k [RawField]> {
    match kinds.get(name)? {
        RawKind::Struct(fields) => Some(fields),
        _ => None,
    }
}

pub(super) fn enum_def(values: &[String], integer: bool) -> EnumDef {
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

/// The type as a page shows it: the wire type, or a link to a named struct's section.
pub(super) fn doc_type(ty: &TypeRef, kinds: &BTreeMap<String, RawKind>) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "integer".into(),
        TypeRef::F32 | TypeRef::F64 => "number".into(),
        TypeRef::Named(n) => match kinds.get(n) {
            Some(RawKind::Struct(_) | RawKind::Union(_)) => {
                format!("[{n}](#{})", anchor(n))
            }
            Some(RawKind::Enum(e)) if !e.integer => "string".into(),
            Some(RawKind::Enum(_)) => "integer".into(),
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
pub(super) fn enum_link(
    ty: &TypeRef,
    kinds: &BTreeMap<String, RawKind>,
) -> Option<(String, String)> {
    match ty {
        TypeRef::Named(n) => match kinds.get(n)? {
            RawKind::Enum(..) => Some((n.clone(), anchor(n))),
            RawKind::Alias(t) => enum_link(t, kinds),
            RawKind::Struct(_) | RawKind::Union(_) => None,
        },
        TypeRef::Array(t) | TypeRef::Nullable(t) => enum_link(t, kinds),
        _ => None,
    }
}

/// The Markdown anchor of a type's "Data structure" section: the heading `### Name` gives
/// `#name` (GitHub and rustdoc both lowercase heading text).
pub(super) fn anchor(name: &str) -> String {
    name.to_lowercase()
}
