//! Tags: their order (the spec's `tags` list first, then first use), names, slugs and modules,
//! and the order of operations within them.

use std::collections::BTreeSet;

use crate::ident::{UniqueNames, module_ident, slug, unicode_slug};
use crate::ir::{BodyKind, Operation, ResponseKind, Tag};

use super::RawOperation;

/// The tags that operations use, in the order of the spec's `tags` list, then alphabetically;
/// each with a unique page slug (Unicode kept) and a unique ASCII module name.
pub(super) fn order_tags(doc: &openapiv3::OpenAPI, raw_ops: &[RawOperation]) -> Vec<Tag> {
    let mut tag_order: Vec<String> = doc.tags.iter().map(|t| t.name.clone()).collect();
    let used_tags: BTreeSet<&str> = raw_ops.iter().map(|op| op.tag.as_str()).collect();
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
    tag_order
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
        .collect()
}

/// The operations with the index of their tag, sorted by tag, then method name.
pub(super) fn sort_operations(
    raw_ops: Vec<RawOperation>,
    tags: &[Tag],
) -> Vec<(usize, RawOperation)> {
    let mut ops: Vec<(usize, RawOperation)> = raw_ops
        .into_iter()
        .map(|op| {
            let tag_index = tags.iter().position(|t| t.name == op.tag).unwrap_or(0);
            (tag_index, op)
        })
        .collect();
    ops.sort_by(|a, b| (a.0, &a.1.method_name).cmp(&(b.0, &b.1.method_name)));
    ops
}

/// Marks the tags whose operations name a generated model (params, body or response).
pub(super) fn mark_tag_models(tags: &mut [Tag], operations: &[Operation]) {
    for tag in tags {
        tag.uses_models = tag.operations.iter().any(|&i| {
            operations.get(i).is_some_and(|op| {
                op.params.is_some()
                    || op.body.as_ref().is_some_and(|b| {
                        !matches!(b.kind, BodyKind::Text | BodyKind::Bytes) && b.ty.uses_models()
                    })
                    || op
                        .response
                        .as_ref()
                        .is_some_and(|r| r.kind == ResponseKind::Json && r.ty.uses_models())
            })
        });
    }
}
