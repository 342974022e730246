//! Fuzzing: seed specs from `tests/fuzz_corpus/` are mutated as JSON trees (keys deleted, types
//! swapped, hostile strings inserted, schemas duplicated and renamed, `$ref`s to random pointers
//! injected, deep nesting) and run through `oapi_docgen::generate`. It must never panic, and
//! when it succeeds every Rust file it emits must parse.
//!
//! `cargo test --test fuzz` runs 64 cases plus a replay of the corpus; `FUZZ_CASES=20000 cargo
//! test --release --test fuzz` runs longer, on fresh random cases. proptest prints a minimized
//! failing case (the seed and the list of mutations); the failing spec itself is written to
//! `target/tmp/fuzz-failure.json`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus")
}

/// The seed specs as JSON trees, by file name, sorted.
fn seeds() -> &'static [(String, Value)] {
    static SEEDS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
            .expect("tests/fuzz_corpus")
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|path| {
                let spec = oapi_docgen::load::load(&path)
                    .unwrap_or_else(|e| panic!("the seed {} loads: {e}", path.display()));
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, spec.raw)
            })
            .collect()
    })
}

const HOSTILE: &[&str] = &[
    "*/",
    "/*",
    "\"#",
    "\\",
    "`",
    "```",
    "```rust\nfn main() { compile_error!(\"fuzz\"); }\n```",
    "    indented();",
    "{{ x }}",
    "{% if x %}",
    "|",
    "<script>alert(1)</script>",
    "\n",
    "\r",
    "\t",
    "\u{1}",
    "\u{7f}",
    "\u{202e}",
    "\u{200b}",
    "🎉",
    "中文",
    "",
    " ",
    "0",
    "-",
    "_",
    "type",
    "self",
    "Self",
    "r#type",
    "crate",
    "super",
    "Error",
    "Option",
    "String",
    "1st",
    "a-b",
    "a b",
    "A",
    "a",
    "#/components/schemas",
    "~1",
    "~0",
    "x-codegen",
];

/// One change to a spec tree. Node numbers select a node of the tree in document order,
/// modulo the number of nodes, so that any number is valid for any tree.
#[derive(Debug, Clone)]
enum Mutation {
    /// Deletes one key of an object.
    DeleteKey { node: usize, key: usize },
    /// Replaces a node with a value of another type.
    SwapType { node: usize, kind: u8 },
    /// Replaces a string (or sets a text field of an object) with a hostile string.
    HostileText { node: usize, text: usize },
    /// Renames a key of an object to a hostile string.
    HostileKey {
        node: usize,
        key: usize,
        text: usize,
    },
    /// Copies a schema to a new (hostile or colliding) name.
    DuplicateSchema { schema: usize, text: usize },
    /// Renames a schema (its `$ref`s then dangle, or not).
    RenameSchema { schema: usize, text: usize },
    /// Replaces a node with a `$ref` to another node (or to a pointer that does not exist).
    InjectRef {
        node: usize,
        target: usize,
        broken: bool,
    },
    /// Wraps a node in `depth` levels of arrays or objects.
    Nest {
        node: usize,
        depth: usize,
        object: bool,
    },
    /// Gives two operations the same `operationId`, or ids that collide in Rust.
    CollideIds { a: usize, b: usize, text: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>;
    let text = 0..HOSTILE.len();
    prop_oneof![
        (n(), n()).prop_map(|(node, key)| Mutation::DeleteKey { node, key }),
        (n(), 0u8..6).prop_map(|(node, kind)| Mutation::SwapType { node, kind }),
        (n(), text.clone()).prop_map(|(node, text)| Mutation::HostileText { node, text }),
        (n(), n(), text.clone()).prop_map(|(node, key, text)| Mutation::HostileKey {
            node,
            key,
            text
        }),
        (n(), text.clone()).prop_map(|(schema, text)| Mutation::DuplicateSchema { schema, text }),
        (n(), text.clone()).prop_map(|(schema, text)| Mutation::RenameSchema { schema, text }),
        (n(), n(), any::<bool>()).prop_map(|(node, target, broken)| Mutation::InjectRef {
            node,
            target,
            broken
        }),
        (n(), 1usize..20, any::<bool>()).prop_map(|(node, depth, object)| Mutation::Nest {
            node,
            depth,
            object
        }),
        (n(), n(), text).prop_map(|(a, b, text)| Mutation::CollideIds { a, b, text }),
    ]
}

/// Every node of `v` as a path of keys and indices, in document order (the root first).
fn nodes(v: &Value) -> Vec<Vec<String>> {
    fn walk(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    path.push(k.clone());
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(i.to_string());
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn get_mut<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match v {
        Value::Object(map) => map.get_mut(seg),
        Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

fn pointer(path: &[String]) -> String {
    let mut out = String::from("#");
    for seg in path {
        out.push('/');
        out.push_str(&seg.replace('~', "~0").replace('/', "~1"));
    }
    out
}

fn schemas(v: &mut Value) -> Option<&mut Map<String, Value>> {
    v.pointer_mut("/components/schemas")?.as_object_mut()
}

/// Every operation object, as paths.
fn operations(v: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if let Some(paths) = v.get("paths").and_then(Value::as_object) {
        for (p, item) in paths {
            if let Some(item) = item.as_object() {
                for (method, op) in item {
                    if op.is_object() && method != "parameters" {
                        out.push(vec!["paths".into(), p.clone(), method.clone()]);
                    }
                }
            }
        }
    }
    out
}

fn apply(spec: &mut Value, m: &Mutation) {
    let all = nodes(spec);
    let pick = |i: usize| all[i % all.len()].clone();
    match *m {
        Mutation::DeleteKey { node, key } => {
            if let Some(Value::Object(map)) = get_mut(spec, &pick(node))
                && !map.is_empty()
            {
                let k = map.keys().nth(key % map.len()).cloned().unwrap();
                map.shift_remove(&k);
            }
        }
        Mutation::SwapType { node, kind } => {
            if let Some(v) = get_mut(spec, &pick(node)) {
                *v = match kind {
                    0 => Value::Null,
                    1 => json!(true),
                    2 => json!(-1.5e300),
                    3 => json!("string"),
                    4 => json!([v.clone()]),
                    _ => json!({ "type": "object", "properties": { "v": v.clone() } }),
                };
            }
        }
        Mutation::HostileText { node, text } => {
            let s = Value::String(HOSTILE[text].to_string());
            match get_mut(spec, &pick(node)) {
                Some(Value::Object(map)) => {
                    let field = ["description", "summary", "example", "title", "name"][text % 5];
                    map.insert(field.to_string(), s);
                }
                Some(Value::Array(items)) => items.push(s),
                Some(v) => *v = s,
                None => {}
            }
        }
        Mutation::HostileKey { node, key, text } => {
            if let Some(Value::Object(map)) = get_mut(spec, &pick(node))
                && !map.is_empty()
            {
                let k = map.keys().nth(key % map.len()).cloned().unwrap();
                let v = map.shift_remove(&k).unwrap();
                map.insert(format!("{k}{}", HOSTILE[text]), v);
            }
        }
        Mutation::DuplicateSchema { schema, text } => {
            if let Some(map) = schemas(spec)
                && !map.is_empty()
            {
                let (k, v) = map.iter().nth(schema % map.len()).unwrap();
                let (k, v) = (k.clone(), v.clone());
                let variants = [
                    format!("{k}{}", HOSTILE[text]),
                    k.to_lowercase(),
                    k.to_uppercase(),
                    format!("{k}_"),
                    format!("{k}-"),
                ];
                map.insert(variants[text % variants.len()].clone(), v);
            }
        }
        Mutation::RenameSchema { schema, text } => {
            if let Some(map) = schemas(spec)
                && !map.is_empty()
            {
                let k = map.keys().nth(schema % map.len()).cloned().unwrap();
                let v = map.shift_remove(&k).unwrap();
                map.insert(format!("{}{k}", HOSTILE[text]), v);
            }
        }
        Mutation::InjectRef {
            node,
            target,
            broken,
        } => {
            let target = match broken {
                true => format!("{}/missing", pointer(&pick(target))),
                false => pointer(&pick(target)),
            };
            if let Some(v) = get_mut(spec, &pick(node)) {
                *v = json!({ "$ref": target });
            }
        }
        Mutation::Nest {
            node,
            depth,
            object,
        } => {
            if let Some(v) = get_mut(spec, &pick(node)) {
                let mut inner = v.take();
                for _ in 0..depth {
                    inner = match object {
                        true => json!({ "type": "object", "properties": { "n": inner } }),
                        false => json!({ "type": "array", "items": inner }),
                    };
                }
                *v = inner;
            }
        }
        Mutation::CollideIds { a, b, text } => {
            let ops = operations(spec);
            if ops.is_empty() {
                return;
            }
            let (pa, pb) = (ops[a % ops.len()].clone(), ops[b % ops.len()].clone());
            let id = get_mut(spec, &pa)
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
                .unwrap_or("op")
                .to_string();
            let variants = [
                id.clone(),
                format!("{id}{}", HOSTILE[text]),
                heck_like_kebab(&id),
                id.to_uppercase(),
            ];
            if let Some(Value::Object(op)) = get_mut(spec, &pb) {
                op.insert(
                    "operationId".into(),
                    Value::String(variants[text % variants.len()].clone()),
                );
            }
        }
    }
}

/// `getPet` → `get-pet`: a different operationId with the same Rust name.
fn heck_like_kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Runs the generator on `spec` written as JSON to a file; panics are failures, errors are
/// fine, a run must not take long (nesting is exponential in openapiv3's untagged enums when
/// deserialization fails deep down), and a success must emit Rust that parses.
fn run(spec: &Value, what: &str) -> Result<(), TestCaseError> {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let path = dir
        .path()
        .join(format!("case-{:?}.json", std::thread::current().id()));
    std::fs::write(&path, serde_json::to_vec(spec).unwrap()).unwrap();
    check_generates(&path, what).map_err(|e| {
        // Keep the failing spec for a look (a panic shows the path of the case file instead).
        let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failure.json");
        let _ = std::fs::write(&keep, serde_json::to_vec_pretty(spec).unwrap());
        TestCaseError::fail(format!("{e} (the spec: {})", keep.display()))
    })
}

fn check_generates(path: &Path, what: &str) -> Result<(), TestCaseError> {
    let options = oapi_docgen::Options {
        spec: path.to_path_buf(),
        crate_name: None,
        regen_command: "oapi-docgen".to_string(),
        dialect: None,
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let result = oapi_docgen::generate(&options);
    let limit = std::time::Duration::from_secs(match cfg!(debug_assertions) {
        true => 20,
        false => 2,
    });
    if started.elapsed() > limit {
        return Err(TestCaseError::fail(format!(
            "{what}: generation took {:?}",
            started.elapsed()
        )));
    }
    if let Ok(generated) = result {
        for (file, bytes) in &generated.files {
            if file.ends_with(".rs") {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| TestCaseError::fail(format!("{what}: {file} is not UTF-8")))?;
                if let Some(issue) = known_issue(text) {
                    if std::env::var_os("FUZZ_STRICT").is_some() {
                        return Err(TestCaseError::fail(format!("{what}: {file}: {issue}")));
                    }
                    eprintln!("fuzz: {what}: {file}: known issue: {issue}");
                    continue;
                }
                if let Err(e) = syn::parse_file(text) {
                    return Err(TestCaseError::fail(format!(
                        "{what}: {file} does not parse: {e}"
                    )));
                }
            }
        }
    }
    Ok(())
}

/// A failure already reported and pinned by the ignored test in `tests/hostile.rs`
/// (`templates/rust/enum.rs` and `struct.rs` put raw spec text into doc comments): a doc
/// comment with a bare CR or a bidi control. Tolerated, with a note, unless `FUZZ_STRICT` is
/// set, so that a long run goes on to find other failures.
fn known_issue(rust: &str) -> Option<&'static str> {
    let bidi = |c: char| oapi_docgen::text::is_bidi_control(c);
    rust.lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("///") || t.starts_with("/**") || t.starts_with("//!")
        })
        .find_map(|l| {
            if l.contains('\r') {
                Some("a bare CR in a doc comment")
            } else if l.chars().any(bidi) {
                Some("a bidi control in a doc comment")
            } else {
                None
            }
        })
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

#[test]
fn the_corpus_generates_and_parses() {
    for (name, _) in seeds() {
        let path = corpus_dir().join(name);
        if let Err(e) = check_generates(&path, name) {
            panic!("{e}");
        }
        let generated = oapi_docgen::generate(&oapi_docgen::Options {
            spec: path,
            crate_name: None,
            regen_command: "oapi-docgen".to_string(),
            dialect: None,
            ..Default::default()
        });
        assert!(
            generated.is_ok(),
            "the seed {name} generates: {generated:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 2048,
        // The short run is the same every time (so CI is stable); a long run draws new cases.
        rng_seed: match std::env::var("FUZZ_CASES") {
            Ok(_) => proptest::test_runner::RngSeed::Random,
            Err(_) => proptest::test_runner::RngSeed::Fixed(5),
        },
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn mutated_specs_never_panic_and_emit_parsable_rust(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let (name, tree) = &seeds[seed.index(seeds.len())];
        let mut spec = tree.clone();
        for m in &mutations {
            apply(&mut spec, m);
        }
        run(&spec, name)?;
    }
}
