//! Applies [OpenAPI Overlay 1.0.x](https://spec.openapis.org/overlay/v1.0.0) documents to a spec
//! held as plain JSON, before it is loaded.
//!
//! An overlay is an object with `overlay` (the version, `1.0.x`), `info` (`title` and
//! `version`, both strings), an optional `extends` (a string, ignored here) and `actions`. Each
//! action names a `target`, an RFC 9535 JSONPath starting with `$`, and either an `update` to
//! merge into every node the target selects or `remove: true` to delete them; `remove` wins
//! when both are given. The actions apply in order, each to the result of the ones before.
//!
//! How an `update` merges into a selected node:
//!
//! - object into object: each key of the update is merged in; where both values are objects
//!   they merge recursively, where both are arrays the update's items are appended after the
//!   target's, anything else is inserted or replaced;
//! - into an array: the update is appended (an array update appends each of its items);
//! - anything else: the node is replaced by the update.
//!
//! A node selected more than once by one target is updated or removed once.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use crate::error::{Error, Result};
use crate::pointer::pointer_token;

/// Applies the overlay document at `path` to `doc` (the spec as plain JSON), in place. Returns
/// one warning per action whose target selects nothing
/// (``<file>: actions[<i>] (target `<t>`): matches nothing``); with `strict`, such an action is
/// an error instead.
///
/// The file is read as JSON or YAML the way specs are (by extension, else by its first
/// character). A file that cannot be read or parsed, or a malformed overlay, is an error naming
/// the file and, where it applies, the action index and target. The whole overlay is checked
/// before any action applies; on an error met while applying (a target that matches nothing
/// with `strict`, or removing the document root), `doc` keeps the actions before the failing
/// one applied.
pub fn apply_file(doc: &mut Value, path: &Path, strict: bool) -> Result<Vec<String>> {
    let bytes = std::fs::read(path)
        .map_err(|e| overlay_error(path, String::new(), format!("cannot read the overlay: {e}")))?;
    let overlay = crate::parse::parse_value(path, &bytes).map_err(|e| match e {
        Error::Empty { path } => Error::Overlay {
            path,
            place: String::new(),
            message: "the overlay file is empty".to_string(),
        },
        Error::NotUtf8 { path, offset } => Error::Overlay {
            path,
            place: String::new(),
            message: format!("the overlay is not UTF-8 text (invalid byte at offset {offset})"),
        },
        other => other,
    })?;
    apply(doc, &overlay, path, strict)
}

/// Same as [`apply_file`] for an overlay already parsed; `path` only names it in messages.
pub fn apply(doc: &mut Value, overlay: &Value, path: &Path, strict: bool) -> Result<Vec<String>> {
    let actions = parse(overlay, path)?;
    let mut warnings = Vec::new();
    for action in &actions {
        let mut locations: Vec<Vec<Segment>> = action
            .path
            .query_located(doc)
            .locations()
            .map(|location| location.iter().map(Segment::from).collect())
            .collect();
        if locations.is_empty() {
            let place = action.place();
            if strict {
                return Err(overlay_error(path, place, "matches nothing".to_string()));
            }
            warnings.push(format!("{}: {place}matches nothing", path.display()));
            continue;
        }
        match action.op {
            Op::Update(update) => {
                let mut seen = HashSet::new();
                for location in locations {
                    let pointer = to_pointer(&location);
                    if !seen.insert(pointer.clone()) {
                        continue;
                    }
                    // An earlier node's update may have replaced a later node's parent.
                    if let Some(node) = doc.pointer_mut(&pointer) {
                        merge(node, update);
                    }
                }
            }
            Op::Remove => {
                if locations.iter().any(Vec::is_empty) {
                    return Err(overlay_error(
                        path,
                        action.place(),
                        "cannot remove the document root".to_string(),
                    ));
                }
                // Deepest and last index first, so the locations left stay valid.
                locations.sort_unstable_by(|a, b| b.cmp(a));
                locations.dedup();
                for location in &locations {
                    remove(doc, location);
                }
            }
        }
    }
    Ok(warnings)
}

/// One checked action.
struct Action<'a> {
    index: usize,
    target: &'a str,
    path: JsonPath,
    op: Op<'a>,
}

impl Action<'_> {
    fn place(&self) -> String {
        place(self.index, Some(self.target))
    }
}

enum Op<'a> {
    Update(&'a Value),
    Remove,
}

/// One step of a selected node's location.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    Key(String),
    Index(usize),
}

impl From<&PathElement<'_>> for Segment {
    fn from(element: &PathElement<'_>) -> Self {
        match element {
            PathElement::Name(name) => Segment::Key((*name).to_string()),
            PathElement::Index(index) => Segment::Index(*index),
        }
    }
}

fn to_pointer(location: &[Segment]) -> String {
    let mut pointer = String::new();
    for segment in location {
        pointer.push('/');
        match segment {
            Segment::Key(key) => pointer.push_str(&pointer_token(key)),
            Segment::Index(index) => pointer.push_str(&index.to_string()),
        }
    }
    pointer
}

fn overlay_error(path: &Path, place: String, message: String) -> Error {
    Error::Overlay {
        path: path.to_path_buf(),
        place,
        message,
    }
}

/// Names an action, and its target once known, in front of a message.
fn place(index: usize, target: Option<&str>) -> String {
    match target {
        Some(target) => format!("actions[{index}] (target `{target}`): "),
        None => format!("actions[{index}]: "),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks the whole overlay document and its actions.
fn parse<'a>(overlay: &'a Value, path: &Path) -> Result<Vec<Action<'a>>> {
    let top = |message: String| overlay_error(path, String::new(), message);
    let Some(root) = overlay.as_object() else {
        return Err(top(format!(
            "an overlay must be an object with `overlay`, `info` and `actions`, found {}",
            kind(overlay)
        )));
    };
    match root.get("overlay") {
        None => {
            return Err(top(
                "missing `overlay` (the Overlay Specification version, such as \"1.0.0\")"
                    .to_string(),
            ));
        }
        Some(Value::String(version)) if is_supported(version) => {}
        Some(Value::String(version)) => {
            return Err(top(format!(
                "unsupported overlay version `{version}` (only 1.0.x is supported)"
            )));
        }
        Some(other) => {
            return Err(top(format!(
                "`overlay` must be a version string such as \"1.0.0\", found {}",
                kind(other)
            )));
        }
    }
    match root.get("info") {
        None => return Err(top("missing `info`".to_string())),
        Some(Value::Object(info)) => {
            for field in ["title", "version"] {
                match info.get(field) {
                    None => return Err(top(format!("missing `info.{field}`"))),
                    Some(Value::String(_)) => {}
                    Some(other) => {
                        return Err(top(format!(
                            "`info.{field}` must be a string, found {}",
                            kind(other)
                        )));
                    }
                }
            }
        }
        Some(other) => {
            return Err(top(format!(
                "`info` must be an object, found {}",
                kind(other)
            )));
        }
    }
    if let Some(extends) = root.get("extends").filter(|e| !e.is_string()) {
        return Err(top(format!(
            "`extends` must be a string, found {}",
            kind(extends)
        )));
    }
    let actions = match root.get("actions") {
        None => return Err(top("missing `actions`".to_string())),
        Some(Value::Array(actions)) => actions,
        Some(other) => {
            return Err(top(format!(
                "`actions` must be an array, found {}",
                kind(other)
            )));
        }
    };
    actions
        .iter()
        .enumerate()
        .map(|(index, action)| parse_action(index, action, path))
        .collect()
}

/// `1.0.` followed by digits.
fn is_supported(version: &str) -> bool {
    version
        .strip_prefix("1.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_action<'a>(index: usize, action: &'a Value, path: &Path) -> Result<Action<'a>> {
    let Some(action) = action.as_object() else {
        return Err(overlay_error(
            path,
            place(index, None),
            format!("an action must be an object, found {}", kind(action)),
        ));
    };
    let target = match action.get("target") {
        Some(Value::String(target)) => target.as_str(),
        None => {
            return Err(overlay_error(
                path,
                place(index, None),
                "missing `target`".to_string(),
            ));
        }
        Some(other) => {
            return Err(overlay_error(
                path,
                place(index, None),
                format!("`target` must be a JSONPath string, found {}", kind(other)),
            ));
        }
    };
    let fail = |message: String| overlay_error(path, place(index, Some(target)), message);
    if !target.starts_with('$') {
        return Err(fail(
            "the target must be a JSONPath starting with `$`".to_string(),
        ));
    }
    let json_path = JsonPath::parse(target).map_err(|e| fail(format!("invalid JSONPath: {e}")))?;
    if let Some(description) = action.get("description").filter(|d| !d.is_string()) {
        return Err(fail(format!(
            "`description` must be a string, found {}",
            kind(description)
        )));
    }
    let remove = match action.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(other) => {
            return Err(fail(format!(
                "`remove` must be a boolean, found {}",
                kind(other)
            )));
        }
    };
    let op = match action.get("update") {
        _ if remove => Op::Remove,
        Some(update) => Op::Update(update),
        None => {
            return Err(fail(
                "an action needs `update` or `remove: true`".to_string(),
            ));
        }
    };
    Ok(Action {
        index,
        target,
        path: json_path,
        op,
    })
}

/// Merges `update` into one selected node (see the module documentation).
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => merge_objects(node, update),
        (Value::Array(node), Value::Array(update)) => node.extend(update.iter().cloned()),
        (Value::Array(node), update) => node.push(update.clone()),
        (node, update) => *node = update.clone(),
    }
}

fn merge_objects(node: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, new) in update {
        match node.get_mut(key) {
            Some(old) => match (old, new) {
                (Value::Object(old), Value::Object(new)) => merge_objects(old, new),
                (Value::Array(old), Value::Array(new)) => old.extend(new.iter().cloned()),
                (old, new) => *old = new.clone(),
            },
            None => {
                node.insert(key.clone(), new.clone());
            }
        }
    }
}

/// Removes the node at a non-empty `location` from its parent, keeping the order of the rest.
fn remove(doc: &mut Value, location: &[Segment]) {
    let Some((last, parent)) = location.split_last() else {
        return;
    };
    match (doc.pointer_mut(&to_pointer(parent)), last) {
        (Some(Value::Object(map)), Segment::Key(key)) => {
            map.shift_remove(key);
        }
        (Some(Value::Array(items)), Segment::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}
