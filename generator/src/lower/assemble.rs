//! Assembly: the steps of the second pass, in order, and the [`Api`] they make.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Result;
use crate::ident::{UniqueNames, slug};
use crate::ir::{
    Api, CrateMeta, Language, Operation, Tag, TypeDef, TypeKind, TypeRef, WebhookEvent, Webhooks,
};

use super::families::merge_families;
use super::operations::method_base;
use super::pages::fill_pages;
use super::security::Security;
use super::tags::{mark_tag_imports, model_modules, order_tags, sort_operations};
use super::webhooks::{RawWebhooks, variant_names};
use super::{LowerOptions, Lowerer, RESERVED_TYPE_NAMES, RawOperation, codegen_str};

impl<'a> Lowerer<'a> {
    /// The second pass: every named type is known, so types, tags and operations are lowered
    /// and the IR is assembled.
    pub(super) fn finish(
        mut self,
        mut raw_ops: Vec<RawOperation>,
        mut raw_webhooks: Option<RawWebhooks>,
        security: Security,
        options: &LowerOptions,
    ) -> Result<Api> {
        self.check_alias_cycles()?;
        self.merge_identical(&mut raw_ops, &mut raw_webhooks);
        self.keep_reachable(&raw_ops, raw_webhooks.as_ref(), options.schemas);
        let kinds = self.kinds();
        // Parameters structs never merge (see `merge_identical`), so no other type or place
        // names them.
        let parameters: BTreeSet<String> = raw_ops
            .iter()
            .filter_map(|op| op.params.as_ref().map(|p| p.type_name.clone()))
            .collect();
        let mut types = self.lower_types(&kinds, &parameters);
        merge_families(&mut types, RESERVED_TYPE_NAMES);
        if let Some(raw) = &raw_webhooks
            && raw.secret_headers.is_empty()
            && options.webhook_signature.is_none()
        {
            self.warn(
                "#/x-webhooks",
                "the deliveries carry no secret (no header `apiKey` scheme in their `security`) \
                 and no signature is configured (`[webhooks.signature]`), so the generated \
                 receiver accepts no delivery",
            );
        }
        let webhooks = raw_webhooks.map(|raw| Webhooks {
            signature: options.webhook_signature.clone(),
            ..webhooks(raw)
        });
        let mut tags = order_tags(&self.spec.doc, &raw_ops);
        let mut operations = Vec::new();
        let mut page_slugs = UniqueNames::new();
        for (tag_index, raw) in sort_operations(raw_ops, &tags) {
            let Some(tag) = tags.get_mut(tag_index) else {
                continue;
            };
            tag.operations.push(operations.len());
            let page_slug = page_slugs.unique(&slug(method_base(&raw.api_id)));
            let page_path = format!("docs/{}/{page_slug}.md", tag.slug);
            let mut operation = self.lower_operation(raw, page_path, &kinds)?;
            operation.feature = tag.feature.clone();
            operations.push(operation);
        }
        mark_tag_imports(&mut tags, &operations);
        let webhook_roots: Vec<TypeRef> = webhooks
            .iter()
            .flat_map(|w| w.events.iter().map(|e| e.data.clone()))
            .collect();
        let model_modules = model_modules(&tags, &operations, &types, &webhook_roots);
        mark_secret_responses(&types, &mut operations);
        fill_pages(&types, &mut operations);
        let mut api = self.assemble(security, options, types, tags, operations)?;
        api.model_modules = model_modules;
        api.webhooks = webhooks;
        Ok(api)
    }

    /// The [`Api`]: the spec's facts and settings around the lowered parts.
    fn assemble(
        self,
        security: Security,
        options: &LowerOptions,
        types: Vec<TypeDef>,
        tags: Vec<Tag>,
        operations: Vec<Operation>,
    ) -> Result<Api> {
        let doc = &self.spec.doc;
        Ok(Api {
            title: doc.info.title.clone(),
            description: doc.info.description.clone(),
            api_version: doc.info.version.clone(),
            krate: self.crate_meta(options),
            client_name: options
                .client_name
                .clone()
                .or_else(|| codegen_str(doc, "client-name"))
                .unwrap_or_else(|| "Client".to_string()),
            default_host: doc
                .servers
                .first()
                .map(|s| s.url.trim_end_matches('/').to_string())
                .unwrap_or_else(|| "http://localhost".to_string()),
            regen_command: options.regen_command.clone(),
            security_schemes: security.schemes,
            dialect: security.dialect,
            language: self.docs_language(options)?,
            runtime_modules: Vec::new(),
            model_modules: Vec::new(),
            webhooks: None,
            operations,
            types,
            tags,
            warnings: self.warnings,
        })
    }

    /// The docs' language: the setting, else the spec's deprecated `x-codegen`, else English.
    fn docs_language(&self, options: &LowerOptions) -> Result<Language> {
        match options.docs_language {
            Some(language) => Ok(language),
            None => match codegen_str(&self.spec.doc, "docs-language") {
                None => Ok(Language::En),
                Some(name) => Language::parse(&name).ok_or_else(|| {
                    self.err(
                        "#/x-codegen/docs-language",
                        format!("unknown docs language `{name}` (known: `en`, `zh-CN`)"),
                    )
                }),
            },
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

/// The event enum's IR: each event's variant name, and the example's event.
fn webhooks(raw: RawWebhooks) -> Webhooks {
    let variants = variant_names(&raw.events);
    let example = raw.events.iter().position(|(_, ty)| *ty == TypeRef::Json);
    let mut example_name = "example".to_string();
    while raw.events.iter().any(|(name, _)| *name == example_name) {
        example_name.push('_');
    }
    Webhooks {
        example_name: match example.and_then(|i| raw.events.get(i)) {
            Some((name, _)) => name.clone(),
            None => example_name,
        },
        example,
        events: raw
            .events
            .into_iter()
            .zip(variants)
            .map(|((name, data), variant)| WebhookEvent {
                name,
                variant,
                data,
            })
            .collect(),
        envelope: raw.envelope,
        secret_headers: raw.secret_headers,
        media_types: raw.media_types,
        description: raw.description,
        signature: None,
    }
}

/// Marks the responses that may hold a secret (their bodies are never shown in errors).
fn mark_secret_responses(types: &[TypeDef], operations: &mut [Operation]) {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    for op in operations {
        if let Some(response) = &mut op.response {
            response.secret = holds_secret(&by_name, &response.ty);
        }
    }
}

/// Whether a value of `ty` may hold a secret: a field marked sensitive, at any depth.
fn holds_secret(types: &BTreeMap<&str, &TypeDef>, ty: &TypeRef) -> bool {
    reachable(types, [ty]).iter().any(|name| {
        matches!(types.get(name.as_str()).map(|t| &t.kind),
            Some(TypeKind::Struct(s)) if s.fields.iter().any(|f| f.sensitive))
    })
}

/// The names of the types reachable from `roots`, through fields, variants and aliases (a
/// family's member reaches its generic struct).
pub(super) fn reachable<'t>(
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
                    Some(TypeKind::Struct(s)) => {
                        queue.extend(s.fields.iter().map(|f| &f.ty));
                        if let Some(instance) = &s.instance_of {
                            seen.insert(instance.generic.clone());
                        }
                    }
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
