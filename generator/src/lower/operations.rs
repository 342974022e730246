//! Operations: parameters, request bodies, responses and pagination of every operation.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr,
};
use serde_json::Value;

use crate::error::Result;
use crate::ident::{UniqueNames, field_ident, type_ident};
use crate::ir::{
    Body, BodyKind, ErrorResponse, HttpMethod, MultipartPart, Operation, Page, PageHolder,
    Pagination, ParamEncoding, ParamField, ParamLocation, Params, PartKind, PathSegment,
    ResponseDef, ResponseKind, TypeRef, WireStyle,
};
use crate::load::Spec;
use crate::pointer::{pointer_token, unescape};
use crate::spell::rust_type;

use super::schemas::format_of;
use super::security::Security;
use super::types::{Kinds, doc_type, field_names, self_types_struct};
use super::{
    Lowerer, MediaClass, RawBody, RawErrorResponse, RawField, RawKind, RawOperation, RawPagination,
    RawParams, RawPlace, RawResponse, RawType,
};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(
        &mut self,
        security: &mut Security,
        subset: &crate::config::Subset,
    ) -> Result<Vec<RawOperation>> {
        let mut matched: BTreeSet<&str> = BTreeSet::new();
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
                if op.extensions.get("x-authing-hidden-from-sdk") == Some(&Value::Bool(true)) {
                    continue;
                }
                if !subset_keeps(subset, op, &mut matched) {
                    continue;
                }
                let raw = self.raw_operation(path, method, op, item, &mut methods, security)?;
                ops.push(raw);
            }
        }
        self.check_subset_matched(subset, &matched)?;
        Ok(ops)
    }

    /// One operation of the first pass: its names, types and settings.
    fn raw_operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a openapiv3::Operation,
        item: &'a openapiv3::PathItem,
        methods: &mut UniqueNames,
        security: &mut Security,
    ) -> Result<RawOperation> {
        let pointer = format!("#/paths/{}/{method}", pointer_token(path));
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
        Ok(RawOperation {
            summary: op.summary.clone().unwrap_or_else(|| api_id.clone()),
            api_id,
            method_name,
            http_method,
            path: path.to_string(),
            description: op.description.clone(),
            tag,
            params,
            body,
            response,
            errors,
            deprecated: op.deprecated,
            security: self.requirements(security, op.security.as_ref(), &pointer),
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
        })
    }

    /// Fails when the subset names an operation id or tag that no operation has.
    fn check_subset_matched(
        &self,
        subset: &crate::config::Subset,
        matched: &BTreeSet<&str>,
    ) -> Result<()> {
        let unmatched: Vec<String> = subset
            .operations
            .iter()
            .chain(&subset.tags)
            .filter(|name| !matched.contains(name.as_str()))
            .map(|name| format!("`{name}`"))
            .collect();
        if !unmatched.is_empty() {
            return Err(self.err(
                "#/paths",
                format!(
                    "the subset names {}, which no operation has as its operationId or tag",
                    unmatched.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Gathers path, query, header and cookie parameters (operation-level ones override
    /// path-item ones of the same name and place) into one struct named `{Operation}Params`,
    /// and decides how each is written (see [`Lowerer::param_place`]).
    pub(super) fn parameters(
        &mut self,
        op_type: &str,
        shared: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<Option<RawParams>> {
        let mut chosen: Vec<(&ParameterData, ParamLocation, String, WireStyle)> = Vec::new();
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
            let (data, location, style) = match param {
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    let style = match style {
                        QueryStyle::Form => WireStyle::Form(parameter_data.explode.unwrap_or(true)),
                        QueryStyle::SpaceDelimited => WireStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => WireStyle::PipeDelimited,
                        QueryStyle::DeepObject => WireStyle::DeepObject,
                    };
                    (parameter_data, ParamLocation::Query, style)
                }
                Parameter::Path {
                    parameter_data,
                    style,
                } => {
                    let explode = parameter_data.explode.unwrap_or(false);
                    let style = match style {
                        PathStyle::Simple => WireStyle::Simple(explode),
                        PathStyle::Label => WireStyle::Label(explode),
                        PathStyle::Matrix => WireStyle::Matrix(explode),
                    };
                    (parameter_data, ParamLocation::Path, style)
                }
                Parameter::Header { parameter_data, .. } => (
                    parameter_data,
                    ParamLocation::Header,
                    WireStyle::Simple(parameter_data.explode.unwrap_or(false)),
                ),
                Parameter::Cookie { parameter_data, .. } => (
                    parameter_data,
                    ParamLocation::Cookie,
                    WireStyle::Form(parameter_data.explode.unwrap_or(true)),
                ),
            };
            chosen.retain(|(d, l, _, _)| !(d.name == data.name && *l == location));
            chosen.push((data, location, here, style));
        }
        if chosen.is_empty() {
            return Ok(None);
        }
        let type_name = self.names.unique(&format!("{op_type}Params"));
        let mut fields = Vec::new();
        let mut places = Vec::new();
        for (data, location, here, style) in chosen {
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
            let (ty, place) = self.param_place(&data.name, ty, location, style, &here);
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
            places.push(place);
        }
        self.types.insert(
            type_name.clone(),
            RawType {
                key: None,
                pointer: format!("{pointer}/parameters"),
                description: Some(format!(
                    "The parameters of `{}`.",
                    op.operation_id.as_deref().unwrap_or(op_type)
                )),
                kind: RawKind::Struct(fields),
                deprecated: false,
            },
        );
        Ok(Some(RawParams { type_name, places }))
    }

    /// The type of a parameter's field and how it is written. `nullable` is dropped (an absent
    /// optional parameter is `None`). `format: binary` (also as array items) becomes `String`,
    /// sent as its text, with a warning: parameters are text on the wire, and base64 would be
    /// `format: byte`, which is a `String` holding the base64 text already.
    ///
    /// Scalars, enums and arrays of them are written as text (`Display`): query arrays
    /// repeated or joined as the style says, path, header and cookie arrays joined by `,`.
    /// Anything else (objects, maps, unions, free-form values, arrays of other things, and
    /// `label`/`matrix` path parameters) is written by the runtime from its JSON form in its
    /// style (see `Style` in the runtime); a value with nested arrays or objects, which no
    /// style can write, is sent as its JSON text, with a warning where the type allows one.
    /// A cookie is one `name=value` pair, so an array or object cookie is never exploded
    /// (warned when the spec asks for `explode`).
    pub(super) fn param_place(
        &mut self,
        api_name: &str,
        ty: TypeRef,
        location: ParamLocation,
        style: WireStyle,
        pointer: &str,
    ) -> (TypeRef, RawPlace) {
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        let mut notes = Vec::new();
        let text_type = match &ty {
            TypeRef::Array(item) if self.binary(item) => {
                Some(TypeRef::Array(Box::new(TypeRef::String)))
            }
            other if self.binary(other) => Some(TypeRef::String),
            _ => None,
        };
        let ty = match text_type {
            Some(text_type) => {
                self.warn(
                    pointer,
                    "a `format: binary` parameter is a `String`, sent as its text (parameters \
                     are text on the wire; for base64 the spec would say `format: byte`)",
                );
                notes.push(
                    "`format: binary`, taken as a `String` and sent as its text.".to_string(),
                );
                text_type
            }
            None => ty,
        };
        // A cookie is one `name=value` pair: arrays and objects are never exploded.
        let shape = self.static_shape(&ty);
        let (style, named) = match (location, style) {
            (ParamLocation::Cookie, WireStyle::Form(explode)) => {
                let named = match explode {
                    true if !matches!(shape, StaticShape::Scalar | StaticShape::Nested) => {
                        self.warn(
                            pointer,
                            "a cookie holds one value: this array or object is sent as one \
                             cookie, its items joined by `,` (`form` without `explode`)",
                        );
                        "`form` style without `explode`: a cookie holds one value"
                    }
                    _ => WireStyle::Form(false).named(),
                };
                (WireStyle::Form(false), named)
            }
            (_, style) => (style, style.named()),
        };
        let [list, _, _] = style.forms(api_name);
        let text = match &ty {
            TypeRef::Array(item) => self.text_scalar(item, 0),
            other => self.text_scalar(other, 0),
        } && !matches!(style, WireStyle::Label(_) | WireStyle::Matrix(_));
        if text {
            let separator = match (location, style) {
                (ParamLocation::Query, WireStyle::SpaceDelimited) => Some(" "),
                (ParamLocation::Query, WireStyle::PipeDelimited) => Some("|"),
                (ParamLocation::Query, WireStyle::Form(true) | WireStyle::DeepObject) => None,
                _ => Some(","),
            };
            if location == ParamLocation::Cookie && style.named() != named {
                notes.push(format!("An array: {list} for `[a, b]` ({named})."));
            }
            let place = RawPlace {
                location,
                separator,
                shaped: None,
                note: Some(notes.join(" ")).filter(|n| !n.is_empty()),
            };
            return (ty, place);
        }
        self.shaped_notes(shape, style, named, api_name, pointer, &mut notes);
        let place = RawPlace {
            location,
            separator: None,
            shaped: Some(style),
            note: Some(notes.join(" ")).filter(|n| !n.is_empty()),
        };
        (ty, place)
    }

    /// The notes that say how a value written from its JSON form is sent (warning where no
    /// style can write it).
    fn shaped_notes(
        &mut self,
        shape: StaticShape,
        style: WireStyle,
        named: &str,
        api_name: &str,
        pointer: &str,
        notes: &mut Vec<String>,
    ) {
        let [list, object, scalar] = style.forms(api_name);
        let samples =
            format!("{list} for `[a, b]`, an object of scalars as {object} for `{{p: v, q: w}}`");
        match shape {
            StaticShape::Scalar => {
                if matches!(style, WireStyle::Label(_) | WireStyle::Matrix(_)) {
                    notes.push(format!("Sent as {scalar} ({named})."));
                }
            }
            StaticShape::List => {
                notes.push(format!("An array: {list} for `[a, b]` ({named})."));
            }
            StaticShape::Object => {
                notes.push(format!(
                    "An object: {object} for `{{p: v, q: w}}` ({named})."
                ));
            }
            StaticShape::Nested => {
                self.warn(
                    pointer,
                    "no OpenAPI style writes an array of objects or an object with nested \
                     values: this parameter is sent as its JSON text",
                );
                notes.push(
                    "Sent as its JSON text (no OpenAPI style writes nested arrays or objects)."
                        .to_string(),
                );
            }
            StaticShape::Varies { may_nest } => {
                if may_nest {
                    self.warn(
                        pointer,
                        "this parameter is written by the shape of its value, and a value \
                         with nested arrays or objects (which no OpenAPI style writes) is sent \
                         as its JSON text",
                    );
                }
                notes.push(format!(
                    "Written by the shape of its value ({named}): a string as it is, a number \
                     or boolean as its JSON text, an array of scalars as {samples}{}.",
                    match may_nest {
                        true => "; anything with nested arrays or objects as its JSON text",
                        false => "",
                    }
                ));
            }
        }
    }

    /// Whether a parameter type is binary data (`format: binary`, also through aliases).
    fn binary(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Bytes => return true,
                TypeRef::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                    Some(RawKind::Alias(target)) => ty = target,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// Whether a type is written as text by `Display`: a string, number, boolean or enum,
    /// also behind aliases (a `pub type` keeps `Display`), but not an `Option`.
    fn text_scalar(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64 => true,
            TypeRef::Named(n) if depth <= self.types.len() => {
                match self.types.get(n).map(|t| &t.kind) {
                    Some(RawKind::Enum(..)) => true,
                    Some(RawKind::Alias(target)) => self.text_scalar(target, depth + 1),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// The shape a value of `ty` takes in its JSON form, as far as the type tells.
    fn static_shape(&self, ty: &TypeRef) -> StaticShape {
        self.shape_of(ty, &mut BTreeMap::new())
    }

    /// [`Lowerer::static_shape`], each named type worked out once (`memo`; `None` while it is
    /// being worked out: a type that contains itself may nest).
    fn shape_of(
        &self,
        ty: &TypeRef,
        memo: &mut BTreeMap<String, Option<StaticShape>>,
    ) -> StaticShape {
        let of_items = |shape: StaticShape, flat: StaticShape| match shape {
            StaticShape::Scalar => flat,
            StaticShape::Varies { .. } => StaticShape::Varies { may_nest: true },
            _ => StaticShape::Nested,
        };
        match ty {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64 => StaticShape::Scalar,
            // `Vec<u8>` is an array of numbers in JSON.
            TypeRef::Bytes => StaticShape::List,
            TypeRef::Json => StaticShape::Varies { may_nest: true },
            TypeRef::Nullable(inner) => self.shape_of(inner, memo),
            TypeRef::Array(item) => of_items(self.shape_of(item, memo), StaticShape::List),
            TypeRef::Map(value) => of_items(self.shape_of(value, memo), StaticShape::Object),
            TypeRef::Named(n) => {
                if let Some(known) = memo.get(n) {
                    return known.unwrap_or(StaticShape::Varies { may_nest: true });
                }
                memo.insert(n.clone(), None);
                let shape = self.named_shape(n, memo);
                memo.insert(n.clone(), Some(shape));
                shape
            }
        }
    }

    /// The shape of the named type `name` (see [`Lowerer::shape_of`]).
    fn named_shape(
        &self,
        name: &str,
        memo: &mut BTreeMap<String, Option<StaticShape>>,
    ) -> StaticShape {
        match self.types.get(name).map(|t| &t.kind) {
            Some(RawKind::Enum(..)) => StaticShape::Scalar,
            Some(RawKind::Alias(target)) => self.shape_of(target, memo),
            Some(RawKind::Struct(fields)) => {
                let mut shape = StaticShape::Object;
                for f in fields {
                    let field = match (&f.ty, f.flatten) {
                        (TypeRef::Map(value), true) => self.shape_of(value, memo),
                        (ty, _) => self.shape_of(ty, memo),
                    };
                    match field {
                        StaticShape::Scalar => {}
                        StaticShape::Varies { .. } => {
                            shape = StaticShape::Varies { may_nest: true }
                        }
                        _ => return StaticShape::Nested,
                    }
                }
                shape
            }
            Some(RawKind::Union(union)) => {
                let shapes: Vec<StaticShape> = union
                    .variants
                    .iter()
                    .map(|v| self.shape_of(&v.ty, memo))
                    .collect();
                match shapes.split_first() {
                    Some((first, rest)) if rest.iter().all(|s| s == first) => *first,
                    _ => StaticShape::Varies {
                        may_nest: shapes.iter().any(|s| {
                            matches!(
                                s,
                                StaticShape::Nested | StaticShape::Varies { may_nest: true }
                            )
                        }),
                    },
                }
            }
            None => StaticShape::Varies { may_nest: true },
        }
    }

    /// A request body, following `$ref`s into `#/components/requestBodies`.
    pub(super) fn resolve_request_body(
        &self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
    ) -> Result<(&'a openapiv3::RequestBody, String)> {
        self.resolve(body, pointer, "requestBodies", |c| &c.request_bodies)
    }

    /// A response, following `$ref`s into `#/components/responses`.
    pub(super) fn resolve_response(
        &self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Result<(&'a openapiv3::Response, String)> {
        self.resolve(response, pointer, "responses", |c| &c.responses)
    }

    /// Follows a chain of `$ref`s into `#/components/{section}` to the item it ends at, and
    /// the pointer of that item. (`item` may live outside the document, as a delivery read
    /// from `x-webhooks` does.)
    pub(super) fn resolve<'i, T: 'a>(
        &self,
        item: &'i ReferenceOr<T>,
        pointer: &str,
        section: &str,
        map: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'i T, String)>
    where
        'a: 'i,
    {
        let spec: &'a Spec = self.spec;
        let prefix = format!("#/components/{section}/");
        let mut current: &'i ReferenceOr<T> = item;
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
    pub(super) fn request_body(
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
    pub(super) fn error_responses(
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
            out.push(RawErrorResponse {
                status: code,
                ty,
                description,
            });
        }
        Ok(out)
    }

    /// The first 2xx response with content: its preferred media type and type.
    pub(super) fn success_response(
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
}

/// Whether the subset keeps `op` (by operation id or tag), noting what matched.
fn subset_keeps<'s>(
    subset: &'s crate::config::Subset,
    op: &openapiv3::Operation,
    matched: &mut BTreeSet<&'s str>,
) -> bool {
    if subset.is_all() {
        return true;
    }
    let by_id = subset
        .operations
        .iter()
        .find(|id| op.operation_id.as_deref() == Some(id.as_str()));
    let by_tag = subset.tags.iter().find(|t| op.tags.contains(t));
    matched.extend(by_id.iter().chain(by_tag.iter()).map(|s| s.as_str()));
    by_id.is_some() || by_tag.is_some()
}

/// Resolves `x-codegen-pagination` against the request and response types.
pub(super) fn pagination(
    p: &RawPagination,
    op: &RawOperation,
    kinds: &BTreeMap<String, RawKind>,
) -> std::result::Result<Pagination, String> {
    let holders = op
        .params
        .iter()
        .map(|p| (PageHolder::Params, p.type_name.clone()))
        .chain(op.body.iter().filter_map(|body| match &body.ty {
            TypeRef::Named(n) => Some((PageHolder::Body, n.clone())),
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
pub(super) fn access_path(
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

/// Splits a path template into literal text and parameters (indexes of the params fields).
pub(super) fn path_segments(
    path: &str,
    params: Option<&Params>,
) -> std::result::Result<Vec<PathSegment>, String> {
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(format!("the path `{path}` has an unclosed `{{`"));
        };
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        let index = params
            .into_iter()
            .flat_map(|p| &p.fields)
            .position(|f| f.api_name == name && f.location == ParamLocation::Path)
            .ok_or_else(|| {
                format!("the path parameter `{{{name}}}` is not declared with `in: path`")
            })?;
        segments.push(PathSegment::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    Ok(segments)
}

/// The part of an operation id that names the operation: NestJS-style ids such as
/// `WebhookManagementController_createWebhook` lose their controller prefix.
pub(super) fn method_base(api_id: &str) -> &str {
    match api_id.split_once('_') {
        Some((prefix, rest)) if prefix.ends_with("Controller") && !rest.is_empty() => rest,
        _ => api_id,
    }
}

/// The parts of a multipart body, one per field of its struct.
pub(super) fn multipart_parts(
    fields: &[RawField],
    kinds: &BTreeMap<String, RawKind>,
) -> Vec<MultipartPart> {
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

pub(super) fn media_class(media: &str) -> MediaClass {
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
pub(super) fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType, MediaClass)> {
    content
        .iter()
        .map(|(media, m)| (media, m, media_class(media)))
        .min_by_key(|(_, _, class)| *class)
}

impl WireStyle {
    /// The style as a page names it.
    fn named(self) -> &'static str {
        match self {
            WireStyle::Form(true) => "`form` style, exploded",
            WireStyle::Form(false) => "`form` style",
            WireStyle::SpaceDelimited => "`spaceDelimited` style",
            WireStyle::PipeDelimited => "`pipeDelimited` style",
            WireStyle::DeepObject => "`deepObject` style",
            WireStyle::Simple(true) => "`simple` style, exploded",
            WireStyle::Simple(false) => "`simple` style",
            WireStyle::Label(true) => "`label` style, exploded",
            WireStyle::Label(false) => "`label` style",
            WireStyle::Matrix(true) => "`matrix` style, exploded",
            WireStyle::Matrix(false) => "`matrix` style",
        }
    }

    /// How an array `[a, b]`, an object `{p: v, q: w}` and a scalar `v` of the parameter
    /// `name` are written, as the runtime's `Style` documents; each a code span.
    fn forms(self, name: &str) -> [String; 3] {
        let [list, object, scalar] = match self {
            WireStyle::Form(true) => ["{n}=a&{n}=b", "p=v&q=w", "{n}=v"],
            WireStyle::Form(false) => ["{n}=a,b", "{n}=p,v,q,w", "{n}=v"],
            WireStyle::SpaceDelimited => ["{n}=a b", "{n}=p v q w", "{n}=v"],
            WireStyle::PipeDelimited => ["{n}=a|b", "{n}=p|v|q|w", "{n}=v"],
            WireStyle::DeepObject => ["{n}=a&{n}=b", "{n}[p]=v&{n}[q]=w", "{n}=v"],
            WireStyle::Simple(true) => ["a,b", "p=v,q=w", "v"],
            WireStyle::Simple(false) => ["a,b", "p,v,q,w", "v"],
            WireStyle::Label(true) => [".a.b", ".p=v.q=w", ".v"],
            WireStyle::Label(false) => [".a,b", ".p,v,q,w", ".v"],
            WireStyle::Matrix(true) => [";{n}=a;{n}=b", ";p=v;q=w", ";{n}=v"],
            WireStyle::Matrix(false) => [";{n}=a,b", ";{n}=p,v,q,w", ";{n}=v"],
        };
        [list, object, scalar].map(|form| crate::text::code_span(&form.replace("{n}", name)))
    }
}

/// The shape of a parameter value's JSON form, as far as its type tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StaticShape {
    /// A string, number or boolean.
    Scalar,
    /// An array of scalars.
    List,
    /// An object of scalars.
    Object,
    /// Nested arrays or objects: no style writes them.
    Nested,
    /// It depends on the value (a union or free-form value); `may_nest` if it can be nested.
    Varies { may_nest: bool },
}

/// The second pass of an operation: every named type is known, so its parameters, body,
/// response, errors and path get their Rust and doc types.
impl<'a> Lowerer<'a> {
    pub(super) fn lower_operation(
        &self,
        raw: RawOperation,
        page_path: String,
        kinds: &Kinds,
    ) -> Result<Operation> {
        let pagination = match &raw.pagination {
            None => None,
            Some((pointer, p)) => Some(
                pagination(p, &raw, kinds).map_err(|message| self.err(pointer.clone(), message))?,
            ),
        };
        let params = raw
            .params
            .map(|p| params_def(p.type_name, &p.places, kinds));
        let path_segments = path_segments(&raw.path, params.as_ref()).map_err(|message| {
            self.err(format!("#/paths/{}", pointer_token(&raw.path)), message)
        })?;
        Ok(Operation {
            path_segments,
            page_path,
            feature: String::new(),
            api_id: raw.api_id,
            method_name: raw.method_name,
            http_method: raw.http_method,
            path: raw.path,
            summary: raw.summary,
            description: raw.description,
            params,
            body: raw.body.map(|b| body_def(b, kinds)),
            response: raw.response.map(|r| response_def(r, kinds)),
            error_responses: raw
                .errors
                .into_iter()
                .map(|e| ErrorResponse {
                    status: e.status,
                    doc_type: e.ty.as_ref().map(|t| doc_type(t, kinds)),
                    ty: e.ty,
                    description: e.description,
                })
                .collect(),
            deprecated: raw.deprecated,
            security: raw.security,
            idempotent: raw.idempotent,
            pagination,
            example: String::new(),
            http_sample: None,
            example_request: None,
            sample_response: None,
            page: Page::default(),
        })
    }
}

/// The params struct of an operation and where each of its fields goes.
fn params_def(type_name: String, places: &[RawPlace], kinds: &Kinds) -> Params {
    let fields = match self_types_struct(kinds, &type_name) {
        Some(raw_fields) => raw_fields
            .iter()
            .zip(places)
            .zip(field_names(raw_fields))
            .map(|((f, place), name)| param_field(f, place, name))
            .collect(),
        None => Vec::new(),
    };
    Params {
        rust_type: format!("models::{type_name}"),
        type_name,
        fields,
    }
}

/// One parameter: its field of the params struct, and how it is written on the wire.
fn param_field(f: &RawField, place: &RawPlace, name: String) -> ParamField {
    let encoding = match (place.shaped, &f.ty, place.separator) {
        (Some(style), _, _) => ParamEncoding::Shaped(style),
        (None, TypeRef::Array(_), Some(separator)) => ParamEncoding::Joined(separator.to_string()),
        (None, TypeRef::Array(_), None) => ParamEncoding::Repeated,
        (None, _, _) => ParamEncoding::Text,
    };
    ParamField {
        api_name: f.api_name.clone(),
        location: place.location,
        required: f.required,
        ty: f.ty.clone(),
        encoding,
        name,
        note: place.note.clone(),
    }
}

/// The request body: how it is encoded and the Rust type of its argument.
fn body_def(b: RawBody, kinds: &Kinds) -> Body {
    let struct_fields = match &b.ty {
        TypeRef::Named(n) => self_types_struct(kinds, n).map(|f| (n.clone(), f)),
        _ => None,
    };
    let kind = match b.class {
        MediaClass::Json => BodyKind::Json,
        MediaClass::Form => BodyKind::Form,
        MediaClass::Multipart => BodyKind::Multipart(
            struct_fields
                .as_ref()
                .map(|(_, fields)| multipart_parts(fields, kinds))
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
        arg_name: crate::spell::BODY_ARG.to_string(),
        media_type: b.media,
        kind,
        ty: b.ty,
    }
}

/// The success response: how it is decoded and its Rust and doc types.
fn response_def(r: RawResponse, kinds: &Kinds) -> ResponseDef {
    ResponseDef {
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
        doc_type: doc_type(&r.ty, kinds),
        ty: r.ty,
        description: r.description,
        secret: false,
    }
}
