//! Only what is needed, once: identical inline schemas merged into one type, and the types
//! that no operation reaches left out. Both run on the raw types of the first pass, before any
//! Rust or doc string mentions a type's name, so every later string names the kept type.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Schemas;
use crate::ir::TypeRef;

use super::webhooks::RawWebhooks;
use super::{Lowerer, RawField, RawKind, RawOperation, RawType};

impl<'a> Lowerer<'a> {
    /// Merges inline schemas that are identical (same kind, fields, types, required-ness,
    /// docs, examples and defaults, ignoring only where they were written) into one type.
    ///
    /// An inline schema identical to a component schema becomes that component (the first by
    /// name when several components are identical; components themselves never merge, their
    /// names are the API's). Inline schemas identical only to each other keep the shortest of
    /// their names, then the first in alphabetical order. An operation's parameters struct
    /// never merges: its name is part of its method. Merging repeats until nothing changes, as
    /// two structs become identical once their fields' types have merged.
    pub(super) fn merge_identical(
        &mut self,
        raw_ops: &mut [RawOperation],
        webhooks: &mut Option<RawWebhooks>,
    ) {
        let fixed: BTreeSet<String> = raw_ops
            .iter()
            .filter_map(|op| op.params.as_ref().map(|p| p.type_name.clone()))
            .collect();
        loop {
            // Classes of identical types (components and inline ones apart), found by a hash
            // of their shape and confirmed by comparing them.
            let mut buckets: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
            let mut groups: Vec<(&RawType, Vec<&String>, Vec<&String>)> = Vec::new();
            for (name, raw) in &self.types {
                let bucket = buckets.entry(shape_hash(raw)).or_default();
                let class = match bucket.iter().copied().find(|&g| {
                    groups
                        .get(g)
                        .is_some_and(|(first, ..)| same_shape(first, raw))
                }) {
                    Some(class) => class,
                    None => {
                        bucket.push(groups.len());
                        groups.push((raw, Vec::new(), Vec::new()));
                        groups.len() - 1
                    }
                };
                let Some((_, components, inline)) = groups.get_mut(class) else {
                    continue;
                };
                match (&raw.key, fixed.contains(name)) {
                    (Some(_), _) => components.push(name),
                    (None, false) => inline.push(name),
                    (None, true) => {}
                }
            }
            let mut round: BTreeMap<String, String> = BTreeMap::new();
            for (_, components, mut inline) in groups {
                let keep = match components.first() {
                    Some(component) => (*component).clone(),
                    None if inline.len() > 1 => {
                        inline.sort_by_key(|name| (name.len(), name.as_str()));
                        inline.remove(0).clone()
                    }
                    None => continue,
                };
                for name in inline {
                    if *name != keep {
                        round.insert(name.clone(), keep.clone());
                    }
                }
            }
            if round.is_empty() {
                break;
            }
            for name in round.keys() {
                self.types.remove(name);
            }
            for raw in self.types.values_mut() {
                rename_in_kind(&mut raw.kind, &round);
            }
            for op in raw_ops.iter_mut() {
                rename_in_operation(op, &round);
            }
            for (_, ty) in webhooks.iter_mut().flat_map(|w| w.events.iter_mut()) {
                rename(ty, &round);
            }
        }
    }

    /// Leaves out the types that no operation reaches through its parameters, body, response
    /// or error responses, or a webhook event's data, directly or through other types' fields,
    /// variants and aliases (with [`Schemas::All`], every component schema is a root too).
    pub(super) fn keep_reachable(
        &mut self,
        raw_ops: &[RawOperation],
        webhooks: Option<&RawWebhooks>,
        schemas: Schemas,
    ) {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut queue: Vec<&TypeRef> = Vec::new();
        let params: Vec<TypeRef> = raw_ops
            .iter()
            .filter_map(|op| op.params.as_ref())
            .map(|p| TypeRef::Named(p.type_name.clone()))
            .collect();
        queue.extend(params.iter());
        let components: Vec<TypeRef> = match schemas {
            Schemas::Reached => Vec::new(),
            Schemas::All => self
                .types
                .iter()
                .filter(|(_, raw)| raw.key.is_some())
                .map(|(name, _)| TypeRef::Named(name.clone()))
                .collect(),
        };
        queue.extend(components.iter());
        queue.extend(
            webhooks
                .iter()
                .flat_map(|w| w.events.iter().map(|(_, ty)| ty)),
        );
        for op in raw_ops {
            queue.extend(op.body.iter().map(|b| &b.ty));
            queue.extend(op.response.iter().map(|r| &r.ty));
            queue.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
        }
        while let Some(ty) = queue.pop() {
            match ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    queue.push(inner)
                }
                TypeRef::Named(name) if seen.insert(name.clone()) => {
                    match self.types.get(name).map(|t| &t.kind) {
                        Some(RawKind::Struct(fields)) => queue.extend(fields.iter().map(|f| &f.ty)),
                        Some(RawKind::Union(union)) => {
                            queue.extend(union.variants.iter().map(|v| &v.ty))
                        }
                        Some(RawKind::Alias(target)) => queue.push(target),
                        Some(RawKind::Enum(_)) | None => {}
                    }
                }
                _ => {}
            }
        }
        self.types.retain(|name, _| seen.contains(name));
    }
}

/// A hash of what makes two types identical (see [`same_shape`]): names, types and kinds;
/// texts and examples are left to the comparison.
fn shape_hash(raw: &RawType) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    raw.deprecated.hash(&mut h);
    match &raw.kind {
        RawKind::Struct(fields) => {
            0u8.hash(&mut h);
            for f in fields {
                (&f.api_name, &f.ty, f.required, f.flatten).hash(&mut h);
            }
        }
        RawKind::Enum(e) => (1u8, &e.values, e.integer).hash(&mut h),
        RawKind::Union(u) => {
            (2u8, &u.tag_property, u.open).hash(&mut h);
            for v in &u.variants {
                (&v.candidate, &v.ty, &v.tag).hash(&mut h);
            }
        }
        RawKind::Alias(target) => (3u8, target).hash(&mut h),
    }
    h.finish()
}

/// Whether two types are identical: everything but where they were written (the pointers of
/// the schema and of its fields).
fn same_shape(a: &RawType, b: &RawType) -> bool {
    let unplaced = |f: &RawField| RawField {
        pointer: String::new(),
        ..f.clone()
    };
    a.description == b.description
        && a.deprecated == b.deprecated
        && match (&a.kind, &b.kind) {
            (RawKind::Struct(x), RawKind::Struct(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(f, g)| unplaced(f) == unplaced(g))
            }
            (x, y) => x == y,
        }
}

fn rename_in_operation(op: &mut RawOperation, renames: &BTreeMap<String, String>) {
    let types = op
        .body
        .iter_mut()
        .map(|b| &mut b.ty)
        .chain(op.response.iter_mut().map(|r| &mut r.ty))
        .chain(op.errors.iter_mut().filter_map(|e| e.ty.as_mut()));
    for ty in types {
        rename(ty, renames);
    }
}

fn rename_in_kind(kind: &mut RawKind, renames: &BTreeMap<String, String>) {
    match kind {
        RawKind::Struct(fields) => fields.iter_mut().for_each(|f| rename(&mut f.ty, renames)),
        RawKind::Union(union) => union
            .variants
            .iter_mut()
            .for_each(|v| rename(&mut v.ty, renames)),
        RawKind::Alias(target) => rename(target, renames),
        RawKind::Enum(_) => {}
    }
}

fn rename(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(to) = renames.get(name) {
                *name = to.clone();
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename(inner, renames)
        }
        _ => {}
    }
}
