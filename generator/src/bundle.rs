//! Bundling: brings `$ref`s to other files into the one document, so that every stage after
//! loading sees only local references. A schema from another file becomes a component schema
//! (named after its last pointer token or its file name, made unique); anything else (a path
//! item, a parameter, a response) is copied in place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result, is_data_key};
use crate::pointer::{pointer_token, push_index, push_token};
use crate::shape::Ctx;

/// Rewrites every `$ref` to another file in `raw` (the document read from `root`).
pub fn bundle(root: &Path, raw: &mut Value) -> Result<()> {
    if !has_external_ref(raw) {
        return Ok(());
    }
    let root_file = canonical(root);
    let used_names = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut bundler = Bundler {
        root_file: root_file.clone(),
        docs: BTreeMap::new(),
        imported: BTreeMap::new(),
        new_schemas: Vec::new(),
        used_names,
        inlining: Vec::new(),
    };
    bundler.rewrite(raw, &root_file, &mut String::from("#"), Ctx::Normal)?;
    if bundler.new_schemas.is_empty() {
        return Ok(());
    }
    let Some(root_map) = raw.as_object_mut() else {
        return Ok(());
    };
    let components = root_map
        .entry("components")
        .or_insert_with(|| Value::Object(Default::default()));
    if !components.is_object() {
        *components = Value::Object(Default::default());
    }
    if let Some(components) = components.as_object_mut() {
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(schemas) = schemas.as_object_mut() {
            for (name, schema) in bundler.new_schemas {
                schemas.insert(name, schema);
            }
        }
    }
    Ok(())
}

/// Whether any `$ref` in `value` points outside the document.
fn has_external_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            matches!(map.get("$ref"), Some(Value::String(r)) if !r.starts_with('#'))
                || map
                    .iter()
                    .any(|(key, child)| !is_data_key(key) && has_external_ref(child))
        }
        Value::Array(items) => items.iter().any(has_external_ref),
        _ => false,
    }
}

struct Bundler {
    root_file: PathBuf,
    /// Other documents read so far, by canonical path.
    docs: BTreeMap<PathBuf, Value>,
    /// Schemas already brought in: (file, fragment) to component name.
    imported: BTreeMap<(PathBuf, String), String>,
    /// Component schemas to add, in the order they were met.
    new_schemas: Vec<(String, Value)>,
    /// Component names taken.
    used_names: BTreeSet<String>,
    /// The values being copied in place, to refuse a cycle.
    inlining: Vec<(PathBuf, String)>,
}

impl Bundler {
    /// Rewrites the `$ref`s in `value`, which was read from `file` at `pointer`.
    fn rewrite(
        &mut self,
        value: &mut Value,
        file: &Path,
        pointer: &mut String,
        ctx: Ctx,
    ) -> Result<()> {
        if let Some(reference) = value
            .get("$ref")
            .and_then(Value::as_str)
            .map(str::to_string)
        {
            let here = format!("{pointer}/$ref");
            let (target_file, fragment) = self.target(&reference, file, &here)?;
            if target_file == self.root_file {
                value["$ref"] = Value::from(format!("#{fragment}"));
                return Ok(());
            }
            if ctx == Ctx::Schema {
                let name = self.import_schema(&target_file, &fragment, &here, file)?;
                value["$ref"] =
                    Value::from(format!("#/components/schemas/{}", pointer_token(&name)));
                return Ok(());
            }
            let key = (target_file.clone(), fragment.clone());
            if self.inlining.contains(&key) {
                return Err(Error::spec(
                    file,
                    &here,
                    format!("`$ref: {reference}` includes itself again"),
                ));
            }
            let mut copy = self.resolve(&target_file, &fragment, file, &here)?;
            self.inlining.push(key);
            let mut inner_pointer = format!("#{fragment}");
            self.rewrite(&mut copy, &target_file, &mut inner_pointer, ctx)?;
            self.inlining.pop();
            *value = copy;
            return Ok(());
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    let Some(child_ctx) = ctx.member(key, child) else {
                        continue;
                    };
                    let len = pointer.len();
                    push_token(pointer, key);
                    self.rewrite(child, file, pointer, child_ctx)?;
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    let child_ctx = ctx.element();
                    let len = pointer.len();
                    push_index(pointer, i);
                    self.rewrite(child, file, pointer, child_ctx)?;
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The file and fragment (a JSON pointer without `#`) a `$ref` met in `file` points at.
    fn target(&self, reference: &str, file: &Path, here: &str) -> Result<(PathBuf, String)> {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            return Err(Error::spec(
                file,
                here,
                format!(
                    "`$ref: {reference}` is remote; only files next to the spec can be referenced"
                ),
            ));
        }
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag.to_string()),
            None => (reference, String::new()),
        };
        if file_part.is_empty() {
            return Ok((file.to_path_buf(), fragment));
        }
        let base = file.parent().unwrap_or(Path::new("."));
        Ok((canonical(&base.join(file_part)), fragment))
    }

    /// The value a fragment points at in a file, read (and cached) on first use.
    fn resolve(&mut self, target: &Path, fragment: &str, from: &Path, here: &str) -> Result<Value> {
        if !self.docs.contains_key(target) {
            let bytes = std::fs::read(target).map_err(|e| {
                Error::spec(from, here, format!("cannot read {}: {e}", target.display()))
            })?;
            let doc = crate::parse::parse_value(target, &bytes)?;
            self.docs.insert(target.to_path_buf(), doc);
        }
        let doc = &self.docs[target];
        let found = match fragment {
            "" => Some(doc),
            f => doc.pointer(f),
        };
        found.cloned().ok_or_else(|| {
            Error::spec(
                from,
                here,
                format!("`#{fragment}` points at nothing in {}", target.display()),
            )
        })
    }

    /// Brings a schema from another file in as a component schema; its name.
    fn import_schema(
        &mut self,
        target: &Path,
        fragment: &str,
        here: &str,
        from: &Path,
    ) -> Result<String> {
        let key = (target.to_path_buf(), fragment.to_string());
        if let Some(name) = self.imported.get(&key) {
            return Ok(name.clone());
        }
        let base = fragment
            .rsplit('/')
            .next()
            .filter(|t| !t.is_empty())
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .or_else(|| target.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Schema".to_string());
        let mut name = base.clone();
        let mut n = 2;
        while self.used_names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.used_names.insert(name.clone());
        self.imported.insert(key, name.clone());
        let mut schema = self.resolve(target, fragment, from, here)?;
        let mut pointer = format!("#{fragment}");
        self.rewrite(&mut schema, target, &mut pointer, Ctx::Schema)?;
        self.new_schemas.push((name.clone(), schema));
        Ok(name)
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
