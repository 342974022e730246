//! Semver diff: compares the IRs of two versions of a spec and classifies every change to the
//! generated crate as docs-only, additive or breaking, then says which version bump it needs.
//!
//! Operations are matched by `operationId` ([`Operation::api_id`]), then by HTTP method and
//! path. For each matched operation the parameters, the request body (the request side) and
//! the responses (the response side) are walked in parallel through the named types they
//! reach, following the same wire names, so a type reached under another Rust name is reported
//! as renamed. A change inside a type is reported under every operation that reaches it. Types
//! that no operation walk compared are matched by Rust name and reported with no operation.
//!
//! The rules:
//!
//! - **breaking**: an operation removed or its method renamed; a required parameter or required
//!   request field added; a field made required or optional, on either side (a required field
//!   is a plain value and an argument of `new`, an optional one an `Option`); a request field
//!   removed; a response field removed, made optional or made nullable; a field's type changed; an enum
//!   value removed; a union variant added or removed; a Rust name changed (a type, a field
//!   whose wire name stayed, a method, an enum variant, the client type, a builder setter); a
//!   request or response body, a parameters argument or a page stream method added or
//!   removed; a type removed.
//! - **additive**: a new operation; a new optional request field or parameter; a new response
//!   field; a new enum value (enums are `#[non_exhaustive]` with a fallback variant); something newly marked
//!   deprecated; a new type; a new page stream method; a new builder setter for a security
//!   scheme.
//! - **docs**: a summary, description, example, default or sample response changed; the
//!   API's title, description or version changed; an operation's `operationId`, HTTP method or
//!   path changed while its method stayed; the default server changed; an error response
//!   listed or no longer listed; something no longer marked deprecated.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::{
    Api, EnumDef, Field, Operation, SecurityScheme, TypeDef, TypeKind, TypeRef, UnionDef,
};
use crate::pointer::pointer_token;
use crate::text::code_span;

/// How a change affects the generated crate's users; the order is the severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Only documentation changed (or behaviour behind an unchanged signature).
    Docs,
    /// Something was added; code that compiled still compiles.
    Additive,
    /// Code that compiled may no longer compile.
    Breaking,
}

impl Class {
    /// The lowercase name, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Docs => "docs",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        }
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How severe it is.
    pub class: Class,
    /// The `operationId` ([`Operation::api_id`]) under which it was found, or `None` for a
    /// change outside every operation.
    pub operation: Option<String>,
    /// JSON pointer of what changed in the new spec, or in the old spec for a removal, e.g.
    /// `#/paths/~1pets/get` or `#/components/schemas/Pet/properties/name`.
    pub pointer: String,
    /// What changed and why it has this class.
    pub message: String,
}

/// The version bump a set of changes needs, under Cargo's semver rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// The patch number.
    Patch,
    /// The minor number.
    Minor,
    /// The major number.
    Major,
}

impl Bump {
    /// The lowercase name, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Every change between two IRs, sorted: by operation (changes outside operations last), then
/// by class (breaking first), then by pointer, then by message. Duplicates are dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes, in report order.
    pub changes: Vec<Change>,
}

/// The JSON form of a report: the bump, then the changes.
#[derive(Serialize)]
struct JsonReport<'r> {
    bump: Bump,
    changes: &'r [Change],
}

impl Report {
    /// The most severe class of change, if anything changed.
    pub fn max_class(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).max()
    }

    /// The bump these changes need from `current_version`. Below `1.0.0` a breaking change
    /// needs a minor bump and anything else a patch; from `1.0.0` a breaking change needs a
    /// major bump, an additive one a minor bump and a docs change a patch. A version that does
    /// not parse is treated as at least `1.0.0`.
    pub fn bump(&self, current_version: &str) -> Bump {
        let Some(class) = self.max_class() else {
            return Bump::None;
        };
        let stable = parse_version(current_version).is_none_or(|(major, _, _)| major >= 1);
        match (stable, class) {
            (true, Class::Breaking) => Bump::Major,
            (true, Class::Additive) => Bump::Minor,
            (true, Class::Docs) => Bump::Patch,
            (false, Class::Breaking) => Bump::Minor,
            (false, _) => Bump::Patch,
        }
    }

    /// The report as pretty JSON:
    /// `{"bump": "...", "changes": [{"class", "operation", "pointer", "message"}, ...]}`.
    pub fn to_json(&self, current_version: &str) -> String {
        let json = JsonReport {
            bump: self.bump(current_version),
            changes: &self.changes,
        };
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }

    /// The report as Markdown: the bump, then one section per operation (those with the most
    /// severe changes first, changes outside operations last), one bullet per change with its
    /// class, message and pointer.
    pub fn to_markdown(&self, current_version: &str) -> String {
        let bump = self.bump(current_version);
        let mut out = String::from("# API changes\n\n");
        if self.changes.is_empty() {
            out.push_str(&format!(
                "Version bump: **none** (stays {})\n\nNo changes.\n",
                code_span(current_version)
            ));
            return out;
        }
        out.push_str(&format!(
            "Version bump: **{}** ({} → {})\n",
            bump.as_str(),
            code_span(current_version),
            code_span(&bumped_version(current_version, bump))
        ));
        let mut sections: Vec<(Option<&str>, Vec<&Change>)> = Vec::new();
        for change in &self.changes {
            let op = change.operation.as_deref();
            match sections.last_mut() {
                Some((last, list)) if *last == op => list.push(change),
                _ => sections.push((op, vec![change])),
            }
        }
        // Stable: within one severity, the report's operation order (outside operations last).
        sections.sort_by_key(|(op, list)| {
            let worst = list.iter().map(|c| c.class).max();
            (op.is_none(), std::cmp::Reverse(worst))
        });
        for (op, list) in sections {
            match op {
                Some(op) => out.push_str(&format!("\n## {}\n\n", code_span(op))),
                None => out.push_str("\n## Outside operations\n\n"),
            }
            for change in list {
                out.push_str(&format!(
                    "- **{}**: {} ({})\n",
                    change.class.as_str(),
                    one_line(&change.message),
                    code_span(&change.pointer)
                ));
            }
        }
        out
    }
}

/// A message on one line, for a Markdown bullet (messages are Markdown: names are code spans).
fn one_line(message: &str) -> String {
    message
        .split(['\r', '\n'])
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `major.minor.patch` of a version (pre-release and build metadata ignored, a missing minor
/// or patch read as 0), or `None` when it does not parse.
fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.trim().split(['-', '+']).next().unwrap_or("");
    let mut parts = core.split('.');
    let mut number = |required: bool| match parts.next() {
        Some(p) => p.parse::<u64>().ok(),
        None if !required => Some(0),
        None => None,
    };
    let major = number(true)?;
    let minor = number(false)?;
    let patch = number(false)?;
    match parts.next() {
        Some(_) => None,
        None => Some((major, minor, patch)),
    }
}

/// `current` bumped: `0.1.0` with [`Bump::Minor`] gives `0.2.0`, with [`Bump::Patch`] `0.1.1`;
/// `1.2.3` with [`Bump::Major`] gives `2.0.0`. Pre-release and build metadata are dropped. A
/// version that does not parse, or [`Bump::None`], gives `current` unchanged.
pub fn bumped_version(current: &str, bump: Bump) -> String {
    let Some((major, minor, patch)) = parse_version(current) else {
        return current.to_string();
    };
    let (major, minor, patch) = match bump {
        Bump::None => return current.to_string(),
        Bump::Patch => (major, minor, patch.saturating_add(1)),
        Bump::Minor => (major, minor.saturating_add(1), 0),
        Bump::Major => (major.saturating_add(1), 0, 0),
    };
    format!("{major}.{minor}.{patch}")
}

/// Compares two IRs of a spec and classifies every change (see the module docs for the rules).
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut differ = Differ {
        old_types: old.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        new_types: new.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        changes: Vec::new(),
        covered_old: BTreeSet::new(),
        covered_new: BTreeSet::new(),
    };
    differ.api_level(old, new);
    differ.operations(&old.operations, &new.operations);
    differ.leftover_types();
    let mut changes = differ.changes;
    changes.sort_by(|a, b| {
        (a.operation.is_none(), &a.operation)
            .cmp(&(b.operation.is_none(), &b.operation))
            .then(b.class.cmp(&a.class))
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.message.cmp(&b.message))
    });
    changes.dedup();
    Report { changes }
}

/// Which side of a call a type is on, which decides how a change to it is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Built by the caller: parameters and request bodies.
    Request,
    /// Read by the caller: responses.
    Response,
    /// Not reached from an operation: either, so the stricter rule applies.
    Both,
}

impl Side {
    /// What a struct field on this side is called in messages.
    fn noun(self) -> &'static str {
        match self {
            Side::Request => "request field",
            Side::Response => "response field",
            Side::Both => "field",
        }
    }
}

/// One parallel walk: the operation it reports under, its side, the pairs of named types
/// (old, new) already met, and those met but not compared yet (a queue rather than recursion,
/// so that a long chain of types cannot exhaust the stack).
struct Walk<'a> {
    op: Option<String>,
    side: Side,
    seen: BTreeSet<(&'a str, &'a str)>,
    queue: Vec<(&'a str, &'a str)>,
}

impl Walk<'_> {
    /// A walk with nothing met yet.
    fn new(op: Option<&str>, side: Side) -> Self {
        Walk {
            op: op.map(str::to_string),
            side,
            seen: BTreeSet::new(),
            queue: Vec::new(),
        }
    }
}

/// Where the fields of a struct are: the pointer prefixes of a field in the old and the new
/// spec, and what a field is called in messages.
struct Fields<'p> {
    old_base: &'p str,
    new_base: &'p str,
    noun: &'p str,
}

/// The state of one comparison: the named types of both IRs, the changes found so far, and
/// which types some walk has accounted for.
struct Differ<'a> {
    old_types: BTreeMap<&'a str, &'a TypeDef>,
    new_types: BTreeMap<&'a str, &'a TypeDef>,
    changes: Vec<Change>,
    /// Old types compared under some walk, or reachable only from something removed.
    covered_old: BTreeSet<&'a str>,
    /// New types compared under some walk, or reachable only from something added.
    covered_new: BTreeSet<&'a str>,
}

/// JSON pointer of an operation.
fn op_pointer(op: &Operation) -> String {
    format!(
        "#/paths/{}/{}",
        pointer_token(&op.path),
        op.http_method.as_str().to_ascii_lowercase()
    )
}

/// JSON pointer of a named type: its own pointer for inline types, else its component.
fn type_pointer(t: &TypeDef) -> String {
    t.pointer.clone()
}

/// The kind of a named type, for messages and for telling whether two types can be compared.
fn kind_name(t: &TypeDef) -> &'static str {
    match t.kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::Alias { .. } => "an alias",
    }
}

/// A type's Rust spelling, for messages.
fn show(ty: &TypeRef) -> String {
    crate::spell::rust_type(ty, "")
}

/// An optional value for messages.
fn shown_opt(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_string(), code_span)
}

/// Adds every named type reachable from `start` to `out`.
fn reach<'a>(
    types: &BTreeMap<&'a str, &'a TypeDef>,
    start: &'a TypeRef,
    out: &mut BTreeSet<&'a str>,
) {
    let mut stack = vec![start];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(name) => {
                let Some((key, def)) = types.get_key_value(name.as_str()) else {
                    continue;
                };
                if !out.insert(key) {
                    continue;
                }
                match &def.kind {
                    TypeKind::Struct(s) => stack.extend(s.fields.iter().map(|f| &f.ty)),
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias { target, .. } => stack.push(target),
                    TypeKind::Enum(_) => {}
                }
            }
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => stack.push(t),
            _ => {}
        }
    }
}

/// Adds every named type an operation reaches to `out`.
fn reach_op<'a>(
    types: &BTreeMap<&'a str, &'a TypeDef>,
    op: &'a Operation,
    out: &mut BTreeSet<&'a str>,
) {
    if let Some(params) = &op.params
        && let Some((key, def)) = types.get_key_value(params.type_name.as_str())
        && out.insert(key)
        && let TypeKind::Struct(s) = &def.kind
    {
        for f in &s.fields {
            reach(types, &f.ty, out);
        }
    }
    if let Some(body) = &op.body {
        reach(types, &body.ty, out);
    }
    if let Some(response) = &op.response {
        reach(types, &response.ty, out);
    }
    for error in &op.error_responses {
        if let Some(ty) = &error.ty {
            reach(types, ty, out);
        }
    }
}

impl<'a> Differ<'a> {
    /// Records a change.
    fn push(&mut self, class: Class, op: Option<&str>, pointer: String, message: String) {
        self.changes.push(Change {
            class,
            operation: op.map(str::to_string),
            pointer,
            message,
        });
    }

    /// Records a change under the walk's operation.
    fn push_walk(&mut self, w: &Walk<'_>, class: Class, pointer: String, message: String) {
        let op = w.op.clone();
        self.push(class, op.as_deref(), pointer, message);
    }

    /// Compares the pairs of named types a walk has met, and those they lead to.
    fn drain(&mut self, w: &mut Walk<'a>) {
        while let Some((a, b)) = w.queue.pop() {
            self.compare_named(w, a, b);
        }
    }

    /// Compares what belongs to the whole API: the client type, the default server, the `info`
    /// texts and the security schemes (whose builder setters are Rust names).
    fn api_level(&mut self, old: &Api, new: &Api) {
        if old.client_name != new.client_name {
            self.push(
                Class::Breaking,
                None,
                "#".into(),
                format!(
                    "client type `{}` renamed to `{}`: code that names `{}` no longer compiles",
                    old.client_name, new.client_name, old.client_name
                ),
            );
        }
        if old.default_host != new.default_host {
            self.push(
                Class::Docs,
                None,
                "#/servers".into(),
                format!(
                    "default server changed from {} to {}: no signature changed",
                    code_span(&old.default_host),
                    code_span(&new.default_host)
                ),
            );
        }
        let texts = [
            ("title", Some(&old.title), Some(&new.title)),
            (
                "description",
                old.description.as_ref(),
                new.description.as_ref(),
            ),
            ("version", Some(&old.api_version), Some(&new.api_version)),
        ];
        for (key, a, b) in texts {
            if a != b {
                self.push(
                    Class::Docs,
                    None,
                    format!("#/info/{key}"),
                    format!("the API's {key} changed"),
                );
            }
        }
        self.compare_schemes(old, new);
    }

    /// Compares the security schemes: a builder setter that goes or is renamed breaks callers.
    fn compare_schemes(&mut self, old: &Api, new: &Api) {
        let setter = |s: &SecurityScheme| s.has_setter().then(|| s.setter.clone());
        for a in &old.security_schemes {
            let ptr = format!("#/components/securitySchemes/{}", pointer_token(&a.key));
            let key = code_span(&a.key);
            let Some(b) = new.security_schemes.iter().find(|b| b.key == a.key) else {
                let (class, why) = match setter(a) {
                    Some(s) => (
                        Class::Breaking,
                        format!("code that calls the builder's `{s}` no longer compiles"),
                    ),
                    None => (Class::Docs, "the builder had no setter for it".to_string()),
                };
                self.push(
                    class,
                    None,
                    ptr,
                    format!("security scheme {key} removed: {why}"),
                );
                continue;
            };
            match (setter(a), setter(b)) {
                (Some(x), Some(y)) if x != y => self.push(
                    Class::Breaking,
                    None,
                    ptr.clone(),
                    format!(
                        "builder setter of security scheme {key} renamed from `{x}` to `{y}`: code that calls `{x}` no longer compiles"
                    ),
                ),
                (Some(x), None) => self.push(
                    Class::Breaking,
                    None,
                    ptr.clone(),
                    format!(
                        "builder setter `{x}` of security scheme {key} removed: code that calls it no longer compiles"
                    ),
                ),
                (None, Some(y)) => self.push(
                    Class::Additive,
                    None,
                    ptr.clone(),
                    format!("builder setter `{y}` added for security scheme {key}"),
                ),
                _ => {}
            }
            if a.description != b.description {
                self.push(
                    Class::Docs,
                    None,
                    ptr,
                    format!("description of security scheme {key} changed"),
                );
            }
        }
        for b in &new.security_schemes {
            if old.security_schemes.iter().any(|a| a.key == b.key) {
                continue;
            }
            let ptr = format!("#/components/securitySchemes/{}", pointer_token(&b.key));
            let key = code_span(&b.key);
            match setter(b) {
                Some(y) => self.push(
                    Class::Additive,
                    None,
                    ptr,
                    format!("security scheme {key} added, with the builder setter `{y}`"),
                ),
                None => self.push(
                    Class::Docs,
                    None,
                    ptr,
                    format!("security scheme {key} added (the builder has no setter for it)"),
                ),
            }
        }
    }

    /// Matches the operations (by `operationId`, then by HTTP method and path) and compares
    /// each pair; reports the rest as removed or added.
    fn operations(&mut self, old: &'a [Operation], new: &'a [Operation]) {
        let mut old_left: Vec<Option<&'a Operation>> = old.iter().map(Some).collect();
        let mut new_left: Vec<Option<&'a Operation>> = new.iter().map(Some).collect();
        let mut pairs: Vec<(&'a Operation, &'a Operation)> = Vec::new();
        let same_id = |o: &Operation, n: &Operation| o.api_id == n.api_id;
        let same_place =
            |o: &Operation, n: &Operation| o.http_method == n.http_method && o.path == n.path;
        for same in [
            &same_id as &dyn Fn(&Operation, &Operation) -> bool,
            &same_place,
        ] {
            for slot in new_left.iter_mut() {
                let Some(n) = *slot else { continue };
                let found = old_left.iter_mut().find(|o| o.is_some_and(|o| same(o, n)));
                if let Some(found) = found
                    && let Some(o) = found.take()
                {
                    pairs.push((o, n));
                    *slot = None;
                }
            }
        }
        for (o, n) in pairs {
            self.compare_op(o, n);
        }
        for o in old_left.into_iter().flatten() {
            reach_op(&self.old_types, o, &mut self.covered_old);
            self.push(
                Class::Breaking,
                Some(&o.api_id),
                op_pointer(o),
                format!(
                    "operation {} removed: code that calls `{}` no longer compiles",
                    code_span(&o.api_id),
                    o.method_name
                ),
            );
        }
        for n in new_left.into_iter().flatten() {
            reach_op(&self.new_types, n, &mut self.covered_new);
            self.push(
                Class::Additive,
                Some(&n.api_id),
                op_pointer(n),
                format!(
                    "operation {} added: new method `{}`",
                    code_span(&n.api_id),
                    n.method_name
                ),
            );
        }
    }

    /// Compares two matched operations: names, texts, pages, parameters, bodies, responses.
    fn compare_op(&mut self, o: &'a Operation, n: &'a Operation) {
        let op = Some(n.api_id.as_str());
        let old_ptr = op_pointer(o);
        let new_ptr = op_pointer(n);
        self.compare_op_surface(o, n, &old_ptr, &new_ptr);
        let mut request = Walk::new(op, Side::Request);
        self.compare_params(&mut request, o, n, &old_ptr, &new_ptr);
        self.compare_body(&mut request, o, n, &old_ptr, &new_ptr);
        self.drain(&mut request);
        let mut response = Walk::new(op, Side::Response);
        self.compare_response(&mut response, o, n, &old_ptr, &new_ptr);
        self.compare_errors(&mut response, o, n, &old_ptr, &new_ptr);
        self.drain(&mut response);
    }

    /// Compares what names and documents an operation: its method, operation id, path,
    /// texts, deprecation and page stream method.
    fn compare_op_surface(
        &mut self,
        o: &'a Operation,
        n: &'a Operation,
        old_ptr: &str,
        new_ptr: &str,
    ) {
        let op = Some(n.api_id.as_str());
        let (old_ptr, new_ptr) = (old_ptr.to_string(), new_ptr.to_string());
        if o.method_name != n.method_name {
            let id = match o.api_id == n.api_id {
                true => String::new(),
                false => format!(
                    " (operationId {} became {})",
                    code_span(&o.api_id),
                    code_span(&n.api_id)
                ),
            };
            self.push(
                Class::Breaking,
                op,
                new_ptr.clone(),
                format!(
                    "method `{}` renamed to `{}`{id}: code that calls `{}` no longer compiles",
                    o.method_name, n.method_name, o.method_name
                ),
            );
        } else if o.api_id != n.api_id {
            self.push(
                Class::Docs,
                op,
                new_ptr.clone(),
                format!(
                    "operationId {} became {}: the method name is unchanged",
                    code_span(&o.api_id),
                    code_span(&n.api_id)
                ),
            );
        }
        if old_ptr != new_ptr {
            self.push(
                Class::Docs,
                op,
                new_ptr.clone(),
                format!(
                    "the operation moved from {} to {}: the method's signature is unchanged",
                    code_span(&format!("{} {}", o.http_method.as_str(), o.path)),
                    code_span(&format!("{} {}", n.http_method.as_str(), n.path))
                ),
            );
        }
        if o.summary != n.summary {
            self.push(Class::Docs, op, new_ptr.clone(), "summary changed".into());
        }
        if o.description != n.description {
            self.push(
                Class::Docs,
                op,
                new_ptr.clone(),
                "description changed".into(),
            );
        }
        if o.sample_response != n.sample_response {
            self.push(
                Class::Docs,
                op,
                new_ptr.clone(),
                "sample response changed (built from the response's examples)".into(),
            );
        }
        self.deprecation(op, &new_ptr, "the operation", o.deprecated, n.deprecated);
        match (&o.pagination, &n.pagination) {
            (None, Some(p)) => self.push(
                Class::Additive,
                op,
                new_ptr.clone(),
                format!("page stream method `{}` added", p.method_name),
            ),
            (Some(p), None) => self.push(
                Class::Breaking,
                op,
                old_ptr.clone(),
                format!(
                    "page stream method `{}` removed: code that calls it no longer compiles",
                    p.method_name
                ),
            ),
            (Some(a), Some(b)) if a.method_name != b.method_name => self.push(
                Class::Breaking,
                op,
                new_ptr.clone(),
                format!(
                    "page stream method `{}` renamed to `{}`: code that calls it no longer compiles",
                    a.method_name, b.method_name
                ),
            ),
            _ => {}
        }
    }

    /// Compares the request bodies.
    fn compare_body(
        &mut self,
        request: &mut Walk<'a>,
        o: &'a Operation,
        n: &'a Operation,
        old_ptr: &str,
        new_ptr: &str,
    ) {
        let op = Some(n.api_id.as_str());
        match (&o.body, &n.body) {
            (None, Some(b)) => {
                reach(&self.new_types, &b.ty, &mut self.covered_new);
                self.push(
                    Class::Breaking,
                    op,
                    format!("{new_ptr}/requestBody"),
                    format!(
                        "request body `{}` added: the method takes a new argument, existing calls no longer compile",
                        show(&b.ty)
                    ),
                );
            }
            (Some(b), None) => {
                reach(&self.old_types, &b.ty, &mut self.covered_old);
                self.push(
                    Class::Breaking,
                    op,
                    format!("{old_ptr}/requestBody"),
                    format!(
                        "request body `{}` removed: the method loses an argument, existing calls no longer compile",
                        show(&b.ty)
                    ),
                );
            }
            (Some(a), Some(b)) => self.compare_ref(
                request,
                &a.ty,
                &b.ty,
                &format!("{new_ptr}/requestBody"),
                "the request body",
            ),
            (None, None) => {}
        }
    }

    /// Compares the success responses.
    fn compare_response(
        &mut self,
        response: &mut Walk<'a>,
        o: &'a Operation,
        n: &'a Operation,
        old_ptr: &str,
        new_ptr: &str,
    ) {
        let op = Some(n.api_id.as_str());
        match (&o.response, &n.response) {
            (None, Some(r)) => {
                reach(&self.new_types, &r.ty, &mut self.covered_new);
                self.push(
                    Class::Breaking,
                    op,
                    format!("{new_ptr}/responses"),
                    format!(
                        "response body `{}` added: the method's return type changed",
                        show(&r.ty)
                    ),
                );
            }
            (Some(r), None) => {
                reach(&self.old_types, &r.ty, &mut self.covered_old);
                self.push(
                    Class::Breaking,
                    op,
                    format!("{old_ptr}/responses"),
                    format!(
                        "response body `{}` removed: the method's return type changed",
                        show(&r.ty)
                    ),
                );
            }
            (Some(a), Some(b)) => {
                self.compare_ref(
                    response,
                    &a.ty,
                    &b.ty,
                    &format!("{new_ptr}/responses"),
                    "the response body",
                );
                if a.description != b.description {
                    self.push(
                        Class::Docs,
                        op,
                        format!("{new_ptr}/responses"),
                        "description of the response changed".into(),
                    );
                }
            }
            (None, None) => {}
        }
    }

    /// Compares the error responses listed by status; their bodies are read, so they are on the
    /// response side.
    fn compare_errors(
        &mut self,
        w: &mut Walk<'a>,
        o: &'a Operation,
        n: &'a Operation,
        old_ptr: &str,
        new_ptr: &str,
    ) {
        for a in &o.error_responses {
            let ptr = format!("{new_ptr}/responses/{}", pointer_token(&a.status));
            match n.error_responses.iter().find(|b| b.status == a.status) {
                None => {
                    if let Some(ty) = &a.ty {
                        reach(&self.old_types, ty, &mut self.covered_old);
                    }
                    self.push_walk(
                        w,
                        Class::Docs,
                        format!("{old_ptr}/responses/{}", pointer_token(&a.status)),
                        format!("error response {} no longer listed", code_span(&a.status)),
                    );
                }
                Some(b) => {
                    match (&a.ty, &b.ty) {
                        (Some(x), Some(y)) => self.compare_ref(
                            w,
                            x,
                            y,
                            &ptr,
                            &format!("the body of error response {}", code_span(&a.status)),
                        ),
                        (x, y) => {
                            if let Some(x) = x {
                                reach(&self.old_types, x, &mut self.covered_old);
                            }
                            if let Some(y) = y {
                                reach(&self.new_types, y, &mut self.covered_new);
                            }
                            if x != y {
                                self.push_walk(
                                    w,
                                    Class::Docs,
                                    ptr.clone(),
                                    format!(
                                        "body of error response {} changed from {} to {}",
                                        code_span(&a.status),
                                        shown_opt(x.as_ref().map(show).as_deref()),
                                        shown_opt(y.as_ref().map(show).as_deref())
                                    ),
                                );
                            }
                        }
                    }
                    if a.description != b.description {
                        self.push_walk(
                            w,
                            Class::Docs,
                            ptr,
                            format!(
                                "description of error response {} changed",
                                code_span(&a.status)
                            ),
                        );
                    }
                }
            }
        }
        for b in &n.error_responses {
            if o.error_responses.iter().any(|a| a.status == b.status) {
                continue;
            }
            if let Some(ty) = &b.ty {
                reach(&self.new_types, ty, &mut self.covered_new);
            }
            self.push_walk(
                w,
                Class::Docs,
                format!("{new_ptr}/responses/{}", pointer_token(&b.status)),
                format!("error response {} listed", code_span(&b.status)),
            );
        }
    }

    /// Compares the parameters structs of two operations field by field.
    fn compare_params(
        &mut self,
        w: &mut Walk<'a>,
        o: &'a Operation,
        n: &'a Operation,
        old_ptr: &str,
        new_ptr: &str,
    ) {
        match (&o.params, &n.params) {
            (None, None) => {}
            (None, Some(p)) => {
                self.mark_name_new(&p.type_name);
                self.push_walk(
                    w,
                    Class::Breaking,
                    format!("{new_ptr}/parameters"),
                    format!(
                        "the method now takes parameters (`{}`): existing calls no longer compile",
                        p.type_name
                    ),
                );
            }
            (Some(p), None) => {
                self.mark_name_old(&p.type_name);
                self.push_walk(
                    w,
                    Class::Breaking,
                    format!("{old_ptr}/parameters"),
                    format!(
                        "the method no longer takes parameters (`{}`): existing calls no longer compile",
                        p.type_name
                    ),
                );
            }
            (Some(a), Some(b)) => {
                let old_def = self.old_types.get(a.type_name.as_str()).copied();
                let new_def = self.new_types.get(b.type_name.as_str()).copied();
                if let Some(def) = old_def {
                    self.covered_old.insert(def.name.as_str());
                }
                if let Some(def) = new_def {
                    self.covered_new.insert(def.name.as_str());
                }
                if a.type_name != b.type_name {
                    self.push_walk(
                        w,
                        Class::Breaking,
                        format!("{new_ptr}/parameters"),
                        format!(
                            "parameters struct `{}` renamed to `{}`: code that names it no longer compiles",
                            a.type_name, b.type_name
                        ),
                    );
                }
                let fields = |def: Option<&'a TypeDef>| match def.map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => s.fields.as_slice(),
                    _ => &[],
                };
                let (old_fields, new_fields) = (fields(old_def), fields(new_def));
                let old_base = format!("{old_ptr}/parameters/");
                let new_base = format!("{new_ptr}/parameters/");
                let at = Fields {
                    old_base: &old_base,
                    new_base: &new_base,
                    noun: "parameter",
                };
                self.compare_fields(w, old_fields, new_fields, &at);
            }
        }
    }

    /// Marks the old struct `name` and the types its fields reach as accounted for.
    fn mark_name_old(&mut self, name: &str) {
        if let Some(def) = self.old_types.get(name).copied() {
            self.covered_old.insert(def.name.as_str());
            if let TypeKind::Struct(s) = &def.kind {
                for f in &s.fields {
                    reach(&self.old_types, &f.ty, &mut self.covered_old);
                }
            }
        }
    }

    /// Marks the new struct `name` and the types its fields reach as accounted for.
    fn mark_name_new(&mut self, name: &str) {
        if let Some(def) = self.new_types.get(name).copied() {
            self.covered_new.insert(def.name.as_str());
            if let TypeKind::Struct(s) = &def.kind {
                for f in &s.fields {
                    reach(&self.new_types, &f.ty, &mut self.covered_new);
                }
            }
        }
    }

    /// Whether `old` and `new` have the same shape, the named types compared by kind and,
    /// where the Rust name differs, as a rename (the old name gone from the new IR and the new
    /// one absent from the old). Collects the pairs of named types to compare.
    fn same_shape(
        &self,
        old: &'a TypeRef,
        new: &'a TypeRef,
        pairs: &mut Vec<(&'a str, &'a str)>,
    ) -> bool {
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                let (ka, kb) = (
                    self.old_types.get(a.as_str()).map(|t| kind_name(t)),
                    self.new_types.get(b.as_str()).map(|t| kind_name(t)),
                );
                if ka != kb || (ka.is_none() && a != b) {
                    return false;
                }
                if a != b
                    && (self.new_types.contains_key(a.as_str())
                        || self.old_types.contains_key(b.as_str()))
                {
                    return false;
                }
                pairs.push((a, b));
                true
            }
            (TypeRef::Array(x), TypeRef::Array(y))
            | (TypeRef::Map(x), TypeRef::Map(y))
            | (TypeRef::Nullable(x), TypeRef::Nullable(y)) => self.same_shape(x, y, pairs),
            (TypeRef::Named(_), _) | (_, TypeRef::Named(_)) => false,
            (a, b) => a == b,
        }
    }

    /// Compares two type references in parallel: a different shape is a type change, named
    /// types at the same place are compared in turn.
    fn compare_ref(
        &mut self,
        w: &mut Walk<'a>,
        old: &'a TypeRef,
        new: &'a TypeRef,
        pointer: &str,
        what: &str,
    ) {
        let mut pairs = Vec::new();
        if !self.same_shape(old, new, &mut pairs) {
            let made_nullable = matches!(new, TypeRef::Nullable(inner) if self.same_shape(old, inner, &mut Vec::new()));
            let message = match made_nullable {
                true => format!(
                    "{what} made nullable: its type is now `{}`, code that uses it as `{}` no longer compiles",
                    show(new),
                    show(old)
                ),
                false => format!(
                    "{what} changed type from `{}` to `{}`: code that uses it no longer compiles",
                    show(old),
                    show(new)
                ),
            };
            self.push_walk(w, Class::Breaking, pointer.to_string(), message);
            return;
        }
        for (a, b) in pairs {
            self.covered_old.insert(a);
            self.covered_new.insert(b);
            if w.seen.insert((a, b)) {
                w.queue.push((a, b));
            }
        }
    }

    /// Compares the old named type `a` with the new named type `b`, found at the same place;
    /// the named types they lead to are queued on `w`.
    fn compare_named(&mut self, w: &mut Walk<'a>, a: &'a str, b: &'a str) {
        self.covered_old.insert(a);
        self.covered_new.insert(b);
        let (Some(o), Some(n)) = (
            self.old_types.get(a).copied(),
            self.new_types.get(b).copied(),
        ) else {
            return;
        };
        if a != b {
            self.push_walk(
                w,
                Class::Breaking,
                type_pointer(n),
                format!("type `{a}` renamed to `{b}`: code that names `{a}` no longer compiles"),
            );
        }
        self.compare_typedef(w, o, n);
    }

    /// Compares two named types found at the same place: texts, kind, and contents.
    fn compare_typedef(&mut self, w: &mut Walk<'a>, o: &'a TypeDef, n: &'a TypeDef) {
        let ptr = type_pointer(n);
        if o.description != n.description {
            self.push_walk(
                w,
                Class::Docs,
                ptr.clone(),
                format!("description of type `{}` changed", n.name),
            );
        }
        let what = format!("type `{}`", n.name);
        let op = w.op.clone();
        self.deprecation(op.as_deref(), &ptr, &what, o.deprecated, n.deprecated);
        match (&o.kind, &n.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                let old_base = format!("{}/properties/", type_pointer(o));
                let new_base = format!("{ptr}/properties/");
                let noun = w.side.noun();
                let at = Fields {
                    old_base: &old_base,
                    new_base: &new_base,
                    noun,
                };
                self.compare_fields(w, &a.fields, &b.fields, &at);
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.compare_enum(w, n, a, b, &ptr),
            (TypeKind::Union(a), TypeKind::Union(b)) => self.compare_union(w, n, a, b, &ptr),
            (TypeKind::Alias { target: a, .. }, TypeKind::Alias { target: b, .. }) => {
                self.compare_ref(w, a, b, &ptr, &format!("alias `{}`", n.name))
            }
            _ => self.push_walk(
                w,
                Class::Breaking,
                ptr,
                format!(
                    "type `{}` changed from {} to {}: code that uses it no longer compiles",
                    n.name,
                    kind_name(o),
                    kind_name(n)
                ),
            ),
        }
    }

    /// Records a change of the `deprecated` mark of `what`.
    fn deprecation(&mut self, op: Option<&str>, ptr: &str, what: &str, old: bool, new: bool) {
        match (old, new) {
            (false, true) => self.push(
                Class::Additive,
                op,
                ptr.to_string(),
                format!("{what} marked deprecated: code that uses it now gets a warning"),
            ),
            (true, false) => self.push(
                Class::Docs,
                op,
                ptr.to_string(),
                format!("{what} no longer marked deprecated"),
            ),
            _ => {}
        }
    }

    /// Compares the fields of two structs by wire name.
    fn compare_fields(
        &mut self,
        w: &mut Walk<'a>,
        old: &'a [Field],
        new: &'a [Field],
        at: &Fields<'_>,
    ) {
        let noun = at.noun;
        let response = w.side == Side::Response;
        for of in old {
            let name = code_span(&of.api_name);
            match new.iter().find(|nf| nf.api_name == of.api_name) {
                None => {
                    reach(&self.old_types, &of.ty, &mut self.covered_old);
                    let why = match response {
                        true => "code that reads it no longer compiles",
                        false => "code that sets it no longer compiles",
                    };
                    self.push_walk(
                        w,
                        Class::Breaking,
                        format!("{}{}", at.old_base, pointer_token(&of.api_name)),
                        format!("{noun} {name} removed: {why}"),
                    );
                }
                Some(nf) => {
                    let ptr = format!("{}{}", at.new_base, pointer_token(&nf.api_name));
                    self.compare_field(w, of, nf, &ptr, noun);
                }
            }
        }
        for nf in new {
            if old.iter().any(|of| of.api_name == nf.api_name) {
                continue;
            }
            reach(&self.new_types, &nf.ty, &mut self.covered_new);
            let name = code_span(&nf.api_name);
            let ptr = format!("{}{}", at.new_base, pointer_token(&nf.api_name));
            let (class, message) = match (response, nf.required) {
                (true, _) => (
                    Class::Additive,
                    format!("{noun} {name} added: existing code still compiles"),
                ),
                (false, true) => (
                    Class::Breaking,
                    format!("required {noun} {name} added: existing calls no longer compile"),
                ),
                (false, false) => (
                    Class::Additive,
                    format!("optional {noun} {name} added: existing calls still compile"),
                ),
            };
            self.push_walk(w, class, ptr, message);
        }
    }

    /// Compares one field (or parameter) found under the same wire name.
    fn compare_field(
        &mut self,
        w: &mut Walk<'a>,
        of: &'a Field,
        nf: &'a Field,
        ptr: &str,
        noun: &str,
    ) {
        let request = w.side == Side::Request;
        let name = code_span(&nf.api_name);
        if of.name != nf.name {
            self.push_walk(
                w,
                Class::Breaking,
                ptr.to_string(),
                format!(
                    "Rust name of {noun} {name} changed from `{}` to `{}`: code that uses `{}` no longer compiles",
                    of.name, nf.name, of.name
                ),
            );
        }
        // Either way the Rust API changes: a required field is a plain value and an argument of
        // `new`, an optional one an `Option` set with `with_*` (cargo-semver-checks agrees).
        match (of.required, nf.required) {
            (true, false) => {
                let why = match request {
                    true => {
                        "it leaves `new` and becomes an `Option`: existing calls and code that reads it no longer compile"
                    }
                    false => "it is now an `Option`: code that reads it no longer compiles",
                };
                self.push_walk(
                    w,
                    Class::Breaking,
                    ptr.to_string(),
                    format!("{noun} {name} made optional: {why}"),
                );
            }
            (false, true) => {
                let why = match request {
                    true => "it joins `new`: existing calls that leave it out no longer compile",
                    false => {
                        "it is no longer an `Option`: code that matches on it no longer compiles"
                    }
                };
                self.push_walk(
                    w,
                    Class::Breaking,
                    ptr.to_string(),
                    format!("{noun} {name} made required: {why}"),
                );
            }
            _ => {}
        }
        self.compare_ref(w, &of.ty, &nf.ty, ptr, &format!("{noun} {name}"));
        if of.description != nf.description {
            self.push_walk(
                w,
                Class::Docs,
                ptr.to_string(),
                format!("description of {noun} {name} changed"),
            );
        }
        if of.example != nf.example {
            self.push_walk(
                w,
                Class::Docs,
                ptr.to_string(),
                format!("example of {noun} {name} changed"),
            );
        }
        if of.default != nf.default {
            self.push_walk(
                w,
                Class::Docs,
                ptr.to_string(),
                format!("default of {noun} {name} changed"),
            );
        }
        let op = w.op.clone();
        self.deprecation(
            op.as_deref(),
            ptr,
            &format!("{noun} {name}"),
            of.deprecated,
            nf.deprecated,
        );
    }

    /// Compares the values of two enums by wire value.
    fn compare_enum(&mut self, w: &Walk<'a>, n: &TypeDef, a: &EnumDef, b: &EnumDef, ptr: &str) {
        let ty = &n.name;
        if a.integer != b.integer {
            let kind = |integer: bool| match integer {
                true => "integers",
                false => "strings",
            };
            self.push_walk(
                w,
                Class::Breaking,
                ptr.to_string(),
                format!(
                    "values of enum `{ty}` changed from {} to {}: code that uses them no longer compiles",
                    kind(a.integer),
                    kind(b.integer)
                ),
            );
        }
        if a.fallback != b.fallback {
            self.push_walk(
                w,
                Class::Breaking,
                ptr.to_string(),
                format!(
                    "fallback variant of enum `{ty}` renamed from `{}` to `{}`: code that names it no longer compiles",
                    a.fallback, b.fallback
                ),
            );
        }
        for va in &a.variants {
            match b.variants.iter().find(|vb| vb.value == va.value) {
                None => self.push_walk(
                    w,
                    Class::Breaking,
                    ptr.to_string(),
                    format!(
                        "enum value {} of `{ty}` removed: code that names `{ty}::{}` no longer compiles",
                        code_span(&va.value),
                        va.name
                    ),
                ),
                Some(vb) if vb.name != va.name => self.push_walk(
                    w,
                    Class::Breaking,
                    ptr.to_string(),
                    format!(
                        "variant `{ty}::{}` (value {}) renamed to `{}`: code that names it no longer compiles",
                        va.name,
                        code_span(&va.value),
                        vb.name
                    ),
                ),
                Some(_) => {}
            }
        }
        for vb in &b.variants {
            if !a.variants.iter().any(|va| va.value == vb.value) {
                self.push_walk(
                    w,
                    Class::Additive,
                    ptr.to_string(),
                    format!(
                        "enum value {} added to `{ty}` as `{ty}::{}`: the enum is `#[non_exhaustive]`, existing code still compiles",
                        code_span(&vb.value),
                        vb.name
                    ),
                );
            }
        }
    }

    /// Compares the variants of two unions by Rust name; the unions are exhaustive, so a new
    /// variant is breaking too.
    fn compare_union(
        &mut self,
        w: &mut Walk<'a>,
        n: &TypeDef,
        a: &'a UnionDef,
        b: &'a UnionDef,
        ptr: &str,
    ) {
        let ty = &n.name;
        for va in &a.variants {
            match b.variants.iter().find(|vb| vb.name == va.name) {
                None => {
                    reach(&self.old_types, &va.ty, &mut self.covered_old);
                    self.push_walk(
                        w,
                        Class::Breaking,
                        ptr.to_string(),
                        format!(
                            "variant `{ty}::{}` removed: code that names it no longer compiles",
                            va.name
                        ),
                    );
                }
                Some(vb) => self.compare_ref(
                    w,
                    &va.ty,
                    &vb.ty,
                    ptr,
                    &format!("variant `{ty}::{}`", va.name),
                ),
            }
        }
        for vb in &b.variants {
            if !a.variants.iter().any(|va| va.name == vb.name) {
                reach(&self.new_types, &vb.ty, &mut self.covered_new);
                self.push_walk(
                    w,
                    Class::Breaking,
                    ptr.to_string(),
                    format!(
                        "variant `{ty}::{}` added: the union is not `#[non_exhaustive]`, exhaustive matches no longer compile",
                        vb.name
                    ),
                );
            }
        }
    }

    /// Compares, by Rust name, the types no operation walk compared: the types no operation
    /// reaches, and those only reached through a changed type.
    fn leftover_types(&mut self) {
        let mut w = Walk::new(None, Side::Both);
        let old_names: Vec<&'a str> = self.old_types.keys().copied().collect();
        for name in old_names {
            if self.covered_old.contains(name) {
                continue;
            }
            match self.new_types.get_key_value(name) {
                Some((key, _)) => {
                    let key = *key;
                    if w.seen.insert((name, key)) {
                        self.compare_named(&mut w, name, key);
                        self.drain(&mut w);
                    }
                }
                None => {
                    if let Some(def) = self.old_types.get(name).copied() {
                        self.push(
                            Class::Breaking,
                            None,
                            type_pointer(def),
                            format!("type `{name}` removed: code that names it no longer compiles"),
                        );
                    }
                }
            }
        }
        let new_names: Vec<&'a str> = self.new_types.keys().copied().collect();
        for name in new_names {
            if self.covered_new.contains(name) {
                continue;
            }
            match self.old_types.get_key_value(name) {
                Some((key, _)) => {
                    let key = *key;
                    if w.seen.insert((key, name)) {
                        self.compare_named(&mut w, key, name);
                        self.drain(&mut w);
                    }
                }
                None => {
                    if let Some(def) = self.new_types.get(name).copied() {
                        self.push(
                            Class::Additive,
                            None,
                            type_pointer(def),
                            format!("type `{name}` added"),
                        );
                    }
                }
            }
        }
    }
}
