//! Pages: what an operation's reference page shows besides the operation itself. The
//! request and response structs whose fields are its tables, and the named types that get a
//! "Data structure" section.

use std::collections::{BTreeMap, VecDeque};

use crate::ir::{Operation, Page, TypeDef, TypeKind, TypeRef};

/// Named types by Rust name.
type Types<'a> = BTreeMap<&'a str, &'a TypeDef>;

/// Fills each operation's page.
pub(super) fn fill_pages(types: &[TypeDef], operations: &mut [Operation]) {
    let by_name: Types = types.iter().map(|t| (t.name.as_str(), t)).collect();
    for op in operations {
        op.page = page(op, &by_name);
    }
}

/// The page of one operation.
fn page(op: &Operation, types: &Types) -> Page {
    let a_struct = |ty: Option<&TypeRef>| match ty {
        Some(TypeRef::Named(n)) => match types.get(n.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Struct(_)) => Some(n.clone()),
            _ => None,
        },
        _ => None,
    };
    Page {
        params_struct: a_struct(
            op.params
                .as_ref()
                .map(|p| TypeRef::Named(p.type_name.clone()))
                .as_ref(),
        ),
        body_struct: a_struct(op.body.as_ref().map(|b| &b.ty)),
        response_struct: a_struct(op.response.as_ref().map(|r| &r.ty)),
        sections: sections(op, types),
    }
}

/// Named types that get a section on the page: all reachable from the body and the response,
/// except the two roots whose fields the page already lists.
fn sections(op: &Operation, types: &Types) -> Vec<String> {
    let mut roots = Vec::new();
    let mut queue = VecDeque::new();
    let params = op
        .params
        .iter()
        .map(|p| TypeRef::Named(p.type_name.clone()));
    let others = op
        .body
        .iter()
        .map(|b| b.ty.clone())
        .chain(op.response.iter().map(|r| r.ty.clone()));
    for ty in params.chain(others) {
        let ty = &ty;
        match ty {
            TypeRef::Named(n)
                if matches!(
                    types.get(n.as_str()).map(|t| &t.kind),
                    Some(TypeKind::Struct(_))
                ) =>
            {
                roots.push(n.clone());
                if let Some(TypeKind::Struct(s)) = types.get(n.as_str()).map(|t| &t.kind) {
                    queue.extend(s.fields.iter().map(|f| f.ty.clone()));
                }
            }
            other => queue.push_back(other.clone()),
        }
    }
    queue.extend(op.error_responses.iter().filter_map(|e| e.ty.clone()));
    let mut out: Vec<String> = Vec::new();
    while let Some(ty) = queue.pop_front() {
        match ty {
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => queue.push_back(*t),
            TypeRef::Named(n) => {
                if roots.contains(&n) || out.contains(&n) {
                    continue;
                }
                match types.get(n.as_str()).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => {
                        queue.extend(s.fields.iter().map(|f| f.ty.clone()));
                        out.push(n);
                    }
                    Some(TypeKind::Alias { target, .. }) => queue.push_back(target.clone()),
                    Some(TypeKind::Enum(_)) => out.push(n),
                    Some(TypeKind::Union(u)) => {
                        queue.extend(u.variants.iter().map(|v| v.ty.clone()));
                        out.push(n);
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    out
}
