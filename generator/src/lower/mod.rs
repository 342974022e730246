//! Lowering: turns the validated OpenAPI document into the sorted [`ir::Api`]. Every naming,
//! typing and example decision is made here, once, for both the code and the docs.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ident::UniqueNames;
use crate::ir::{Api, HttpMethod, ParamLocation, TypeRef, WireStyle};
use crate::load::Spec;

mod assemble;
mod families;
mod operations;
mod pages;
mod prune;
mod refs;
mod schemas;
mod security;
mod tags;
mod types;
mod webhooks;

/// Settings that do not come from the spec. Each one left `None` falls back to the spec's
/// deprecated `x-codegen` object.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// The crate's package name.
    pub crate_name: Option<String>,
    /// The crate's version.
    pub crate_version: Option<String>,
    /// The crate's description.
    pub crate_description: Option<String>,
    /// The crate's repository URL.
    pub crate_repository: Option<String>,
    /// The Rust name of the client type.
    pub client_name: Option<String>,
    /// The command that regenerates the output, for the preambles.
    pub regen_command: String,
    /// The dialect.
    pub dialect: Option<String>,
    /// The operations to keep; all when empty.
    pub subset: crate::config::Subset,
    /// The language of the docs' fixed labels.
    pub docs_language: Option<crate::ir::Language>,
    /// Which schemas become types.
    pub schemas: crate::config::Schemas,
    /// The signature webhook deliveries carry, if any.
    pub webhook_signature: Option<crate::config::WebhookSignature>,
    /// The header that names each delivery's event, if not their body.
    pub webhook_event_header: Option<String>,
}

/// Names the generated crate itself uses at the top of `models`, never handed to a schema.
const RESERVED_TYPE_NAMES: &[&str] = &["Error"];

/// Lowers a validated spec into the IR.
///
/// The spec is taken whole so that its document can be freed halfway: once every schema,
/// operation and delivery is lowered, what is left to do (merging, pruning, naming, the
/// operations' final form) reads only the document's head ([`head`]). On the largest specs
/// the typed document is about half of a run's memory, and merging is where the rest peaks.
pub fn lower(spec: Spec, options: &LowerOptions) -> Result<Api> {
    let mut lowerer = Lowerer::new(&spec);
    if spec.doc.extensions.contains_key("x-codegen") {
        lowerer.warn(
            "#/x-codegen",
            "deprecated: move these settings to oapi-docgen.toml (or the command line); \
             `x-codegen` is still read in this release, below them",
        );
    }
    let dialect = options
        .dialect
        .clone()
        .or_else(|| codegen_str(&spec.doc, "dialect"));
    // The deliveries are read twice, here for their security schemes and below for their
    // events, rather than held (typed beside their tree) while everything else is lowered.
    let deliveries_only = lowerer.delivery_schemes(&lowerer.deliveries()?);
    let mut security = lowerer.security(dialect.as_deref(), &deliveries_only)?;
    lowerer.name_components();
    lowerer.lower_components()?;
    let raw_ops = lowerer.lower_operations(&mut security, &options.subset)?;
    let deliveries = lowerer.deliveries()?;
    let webhooks = lowerer.lower_webhooks(
        &deliveries,
        &security.delivery_headers,
        options.webhook_event_header.as_deref(),
    )?;
    drop(deliveries);
    let head = head(&spec);
    let lowerer = lowerer.rebind(&head);
    drop(spec);
    lowerer.finish(raw_ops, webhooks, security, options)
}

/// The part of a spec that lowering reads after every schema and operation is lowered: its
/// path (for errors), `info`, `servers`, `tags` and `x-codegen` settings.
fn head(spec: &Spec) -> Spec {
    let doc = &spec.doc;
    let mut head = openapiv3::OpenAPI {
        openapi: doc.openapi.clone(),
        info: doc.info.clone(),
        servers: doc.servers.clone(),
        tags: doc.tags.clone(),
        ..Default::default()
    };
    if let Some(codegen) = doc.extensions.get("x-codegen") {
        head.extensions
            .insert("x-codegen".to_string(), codegen.clone());
    }
    Spec {
        path: spec.path.clone(),
        raw: Value::Null,
        doc: head,
        warnings: Vec::new(),
    }
}

/// A struct field before every named type is known.
#[derive(Debug, Clone, PartialEq)]
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

/// A `oneOf`/`anyOf` before naming: its alternatives and the tag property.
#[derive(Debug, Clone, PartialEq)]
struct RawUnion {
    variants: Vec<RawVariant>,
    tag_property: Option<String>,
    /// Whether a tag no alternative has is kept as JSON rather than refused: the unions made of
    /// one event's deliveries (`webhooks::action_union`), whose API adds actions over time.
    open: bool,
}

/// One alternative of a union before naming.
#[derive(Debug, Clone, PartialEq)]
struct RawVariant {
    /// What its variant name is made from (the schema's name or its type's).
    candidate: String,
    ty: TypeRef,
    /// The tag value that selects it, when the union is tagged.
    tag: Option<String>,
}

/// An enum before naming.
#[derive(Debug, Clone, PartialEq)]
struct RawEnum {
    values: Vec<String>,
    /// Whether the values are integers (written as numbers on the wire).
    integer: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum RawKind {
    Union(RawUnion),
    Struct(Vec<RawField>),
    Enum(RawEnum),
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
struct RawType {
    /// The key of its component schema; `None` for an inline schema.
    key: Option<String>,
    /// The JSON pointer of its schema.
    pointer: String,
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
    security: Vec<Vec<usize>>,
    idempotent: bool,
    /// `x-codegen-pagination`, with its JSON pointer.
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

/// A request body before naming: media type, class and type.
#[derive(Debug, Clone)]
struct RawBody {
    media: String,
    class: MediaClass,
    ty: TypeRef,
}

/// A response other than success.
#[derive(Debug, Clone)]
struct RawErrorResponse {
    status: String,
    ty: Option<TypeRef>,
    description: Option<String>,
}

/// A successful response before naming.
#[derive(Debug, Clone)]
struct RawResponse {
    media: String,
    class: MediaClass,
    ty: TypeRef,
    description: Option<String>,
}

/// The params struct of an operation and where and how each of its fields goes.
#[derive(Debug, Clone)]
struct RawParams {
    /// The struct's Rust name.
    type_name: String,
    /// One per field, in field order.
    places: Vec<RawPlace>,
}

/// Where a parameter goes and how its value is written.
#[derive(Debug, Clone)]
struct RawPlace {
    location: ParamLocation,
    /// For an array written as text: the separator of its items (`None`: repeated pairs).
    separator: Option<&'static str>,
    /// For a value written from its JSON form: its style.
    shaped: Option<WireStyle>,
    /// How the page says the value is sent, when that is not plain text.
    note: Option<String>,
}

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
    /// The type of every inline schema lowered so far, by JSON pointer (the first lowering of
    /// a pointer wins). Only read for the schemas a deep `$ref` lands on and what lies inside
    /// them, so that each is lowered once; see `refs.rs`.
    at_pointer: BTreeMap<String, TypeRef>,
    /// The JSON pointers deep `$ref`s landed on.
    deep_targets: BTreeSet<String>,
    /// The inline schemas being lowered, by JSON pointer, to catch a deep `$ref` cycle.
    lowering: BTreeSet<String>,
    /// The `allOf` parts reached through deep `$ref`s being merged, to catch a cycle.
    merging: BTreeSet<String>,
    /// The parts of an `allOf` of several that deep `$ref`s landed on, by pointer, to the name
    /// of their parent, which their properties are named after (as when it merges them).
    owners: BTreeMap<String, String>,
    warnings: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a Spec) -> Self {
        let mut names = UniqueNames::new();
        for reserved in RESERVED_TYPE_NAMES {
            names.reserve(reserved);
        }
        // Loading's warnings come first, then lowering's, in the order they were met.
        Lowerer::with(spec, names, BTreeMap::new(), spec.warnings.clone())
    }

    /// The same lowerer reading `spec` (the [`head`] of its spec) instead, without what only
    /// the lowering of schemas reads.
    fn rebind(self, spec: &Spec) -> Lowerer<'_> {
        let mut lowerer = Lowerer::with(spec, self.names, self.components, self.warnings);
        lowerer.types = self.types;
        lowerer
    }

    /// A lowerer of `spec` that has named `components` and no type yet.
    fn with(
        spec: &'a Spec,
        names: UniqueNames,
        components: BTreeMap<String, String>,
        warnings: Vec<String>,
    ) -> Self {
        Lowerer {
            spec,
            names,
            components,
            types: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            at_pointer: BTreeMap::new(),
            deep_targets: BTreeSet::new(),
            lowering: BTreeSet::new(),
            merging: BTreeSet::new(),
            owners: BTreeMap::new(),
            warnings,
        }
    }

    fn err(&self, pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error::spec(&self.spec.path, pointer, message)
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
}

fn codegen_str(doc: &openapiv3::OpenAPI, key: &str) -> Option<String> {
    doc.extensions
        .get("x-codegen")?
        .get(key)?
        .as_str()
        .map(str::to_string)
}
