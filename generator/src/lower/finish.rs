//! The second pass: every named type is known, so fields, operations and tags get their
//! Rust and doc types, names and pages, and the IR is assembled.

use super::*;

impl<'a> Lowerer<'a> {
    /// Second pass: every named type is known, so fields get their Rust and doc types.
    pub(super) fn finish(
        mut self,
        raw_ops: Vec<RawOperation>,
        security: Security,
        options: &LowerOptions,
    ) -> Result<Api> {
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
        let client_name = options
            .client_name
            .clone()
            .or_else(|| codegen_str(doc, "client-name"))
            .unwrap_or_else(|| "Client".to_string());
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
                        .map(|((f, place), name)| {
                            let separator = place.separator;
                            let text = place.shaped.is_none();
                            let array = matches!(f.ty, TypeRef::Array(_));
                            ParamField {
                                api_name: f.api_name.clone(),
                                name: name.clone(),
                                location: place.location,
                                required: f.required,
                                repeated: text && array && separator.is_none(),
                                separator: match text && array {
                                    true => separator.map(str::to_string),
                                    false => None,
                                },
                                value: match (text, f.required, &f.ty, separator) {
                                    (false, _, _, _) => format!("&params.{name}"),
                                    (true, true, TypeRef::Array(_), Some(sep)) => {
                                        format!("crate::runtime::join::join(&params.{name}, {sep:?})")
                                    }
                                    (true, false, TypeRef::Array(_), Some(sep)) => format!(
                                        "params.{name}.as_ref().map(|v| crate::runtime::join::join(v, {sep:?}))"
                                    ),
                                    (
                                        true,
                                        true,
                                        TypeRef::Bool
                                        | TypeRef::I32
                                        | TypeRef::I64
                                        | TypeRef::F32
                                        | TypeRef::F64,
                                        _,
                                    ) => format!("params.{name}"),
                                    (true, true, _, _) => format!("&params.{name}"),
                                    (true, false, _, _) => format!("params.{name}.as_ref()"),
                                },
                                shaped: place.shaped.clone(),
                                note: place.note.clone(),
                            }
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
                secret: false,
            });
            let error_responses = raw
                .errors
                .iter()
                .map(|(status, ty, description)| ErrorResponse {
                    status: status.clone(),
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
                api_id: raw.api_id,
                method_name: raw.method_name,
                http_method: raw.http_method,
                path: raw.path,
                summary: raw.summary,
                description: raw.description,
                params,
                body,
                response,
                error_responses,
                deprecated: raw.deprecated,
                security: raw.security,
                idempotent: raw.idempotent,
                pagination,
                example: String::new(),
                http_sample: None,
                example_request: None,
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
        if !options.subset.is_all() {
            let roots: Vec<TypeRef> = operations
                .iter()
                .flat_map(|op| {
                    let params = op
                        .params
                        .iter()
                        .map(|p| TypeRef::Named(p.type_name.clone()));
                    let body = op.body.iter().map(|b| b.ty.clone());
                    let response = op.response.iter().map(|r| r.ty.clone());
                    let errors = op.error_responses.iter().filter_map(|e| e.ty.clone());
                    params.chain(body).chain(response).chain(errors)
                })
                .collect();
            let by_name: BTreeMap<&str, &TypeDef> =
                types.iter().map(|t| (t.name.as_str(), t)).collect();
            let keep = reachable(&by_name, &roots);
            types.retain(|t| keep.contains(t.name.as_str()));
        }
        let by_name: BTreeMap<&str, &TypeDef> =
            types.iter().map(|t| (t.name.as_str(), t)).collect();
        for op in &mut operations {
            if let Some(response) = &mut op.response {
                response.secret = holds_secret(&by_name, &response.ty);
            }
        }
        let mut api = Api {
            title: doc.info.title.clone(),
            description: doc.info.description.clone(),
            api_version: doc.info.version.clone(),
            krate,
            client_name,
            default_host,
            regen_command: options.regen_command.clone(),
            security_schemes: security.schemes,
            dialect: security.dialect,
            language: match options.docs_language {
                Some(language) => language,
                None => match codegen_str(doc, "docs-language") {
                    None => Language::En,
                    Some(name) => Language::parse(&name).ok_or_else(|| {
                        self.err(
                            "#/x-codegen/docs-language",
                            format!("unknown docs language `{name}` (known: `en`, `zh-CN`)"),
                        )
                    })?,
                },
            },
            runtime_modules: Vec::new(),
            operations,
            types,
            tags,
            warnings: self.warnings,
        };
        api.runtime_modules = crate::runtime::modules(&api);
        examples::fill(&mut api)?;
        Ok(api)
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
                format!("{rename}, deserialize_with = \"crate::runtime::nullable::present\"")
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
                value_type
            } else {
                format!("Option<{value_type}>")
            },
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
        }
    }

    pub(super) fn crate_meta(&self, options: &LowerOptions) -> CrateMeta {
        let doc = &self.spec.doc;
        let name = options
            .crate_name
            .clone()
            .or_else(|| codegen_str(doc, "crate-name"))
            .unwrap_or_else(|| slug(&doc.info.title));
        CrateMeta {
            lib_name: name.replace('-', "_"),
            version: options
                .crate_version
                .clone()
                .or_else(|| codegen_str(doc, "crate-version"))
                .unwrap_or_else(|| "0.1.0".to_string()),
            description: options
                .crate_description
                .clone()
                .or_else(|| codegen_str(doc, "crate-description"))
                .unwrap_or_else(|| format!("Typed async client for the {}", doc.info.title)),
            license: doc
                .info
                .license
                .as_ref()
                .map(|l| l.name.clone())
                .unwrap_or_else(|| "MIT OR Apache-2.0".to_string()),
            repository: options
                .crate_repository
                .clone()
                .or_else(|| codegen_str(doc, "repository"))
                .unwrap_or_default(),
            name,
        }
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
                        .filter_map(|v| direct_struct(&v.1, kinds)),
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

/// Whether a value of `ty` may hold a secret: a field marked sensitive, at any depth.
fn holds_secret(types: &BTreeMap<&str, &TypeDef>, ty: &TypeRef) -> bool {
    reachable(types, [ty]).iter().any(|name| {
        matches!(types.get(name.as_str()).map(|t| &t.kind),
            Some(TypeKind::Struct(s)) if s.fields.iter().any(|f| f.sensitive))
    })
}

/// The names of the types reachable from `roots`, through fields, variants and aliases.
fn reachable<'t>(
    types: &BTreeMap<&str, &'t TypeDef>,
    roots: impl IntoIterator<Item = &'t TypeRef>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<&TypeRef> = roots.into_iter().collect();
    while let Some(ty) = queue.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                queue.push(inner)
            }
            TypeRef::Named(name) if seen.insert(name.clone()) => {
                match types.get(name.as_str()).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => queue.extend(s.fields.iter().map(|f| &f.ty)),
                    Some(TypeKind::Union(u)) => queue.extend(u.variants.iter().map(|v| &v.ty)),
                    Some(TypeKind::Alias { target, .. }) => queue.push(target),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            _ => {}
        }
    }
    seen
}
