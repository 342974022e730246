//! Generation speed and peak memory: the seed spec, the full Authing spec, and synthetic specs
//! at 1x, 4x and 16x its size. Each case runs in a child process so that its peak resident set
//! (VmHWM) is its own. Run with `cargo bench --bench generate`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

const RUNS: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        let spec = PathBuf::from(&args[i + 1]);
        child(&spec);
        return;
    }
    // The upstream spec lives outside the repository; `.ci/run` and the README name it.
    let full = std::env::var_os("OAPI_DOCGEN_UPSTREAM_SPEC")
        .map(PathBuf::from)
        .unwrap_or_default();
    let tmp = std::env::temp_dir().join("oapi-docgen-bench");
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let mut cases = vec![("seed spec (spec/)".to_string(), oapi_docgen::default_spec())];
    if full.is_file() {
        cases.push(("Authing full spec".to_string(), full.clone()));
        let text = std::fs::read_to_string(&full).expect("read spec");
        let base: Value = serde_json::from_str(&text).expect("json");
        for factor in [1usize, 4, 16] {
            let path = tmp.join(format!("synthetic-{factor}x.json"));
            std::fs::write(
                &path,
                serde_json::to_vec(&replicate(&base, factor)).expect("json"),
            )
            .expect("write synthetic spec");
            cases.push((format!("synthetic {factor}x"), path));
        }
    } else {
        eprintln!(
            "OAPI_DOCGEN_UPSTREAM_SPEC names no file: only the seed spec is measured \
             (set it to the upstream Authing spec's path to measure it and the synthetic specs)"
        );
    }
    println!(
        "{:<22} {:>8} {:>7} {:>9} {:>11} {:>10}",
        "case", "ops", "files", "best ms", "peak MiB", "MiB spec"
    );
    for (name, spec) in cases {
        let exe = std::env::current_exe().expect("current exe");
        let mut best: Option<(f64, f64, String, String)> = None;
        for _ in 0..RUNS {
            let out = Command::new(&exe)
                .args(["--case", spec.to_str().expect("utf-8 path")])
                .output()
                .expect("child runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let parts: Vec<&str> = line.split_whitespace().collect();
            let ms: f64 = parts[0].parse().expect("ms");
            let peak: f64 = parts[1].parse().expect("peak");
            if best.as_ref().is_none_or(|b| ms < b.0) {
                best = Some((ms, peak, parts[2].to_string(), parts[3].to_string()));
            }
        }
        let (ms, peak, ops, files) = best.expect("at least one run");
        let size = std::fs::metadata(&spec)
            .map(|m| m.len() as f64 / 1048576.0)
            .unwrap_or(0.0);
        println!("{name:<22} {ops:>8} {files:>7} {ms:>9.1} {peak:>11.1} {size:>10.2}");
    }
}

/// One measured generation: prints `ms peak_mib operations files`.
fn child(spec: &Path) {
    let start = Instant::now();
    // The project's own settings for every case; its overlay of client hints only for spec/,
    // which it is written for.
    let project = oapi_docgen::Options::project_default().expect("the project configuration");
    let overlays = match spec == project.spec {
        true => project.overlays.clone(),
        false => Vec::new(),
    };
    let options = oapi_docgen::Options {
        spec: spec.to_path_buf(),
        overlays,
        crate_name: Some("bench-crate".to_string()),
        regen_command: "bench".to_string(),
        ..project
    };
    let generated = oapi_docgen::generate(&options).expect("generates");
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let ops = generated
        .files
        .keys()
        .filter(|k| k.starts_with("docs/") && k.as_str() != "docs/README.md")
        .count();
    println!("{ms:.1} {:.1} {ops} {}", peak_mib(), generated.files.len());
}

/// Peak resident set size of this process (Linux `VmHWM`), in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A spec `factor` times larger: every path and schema copied with a `_kN` suffix, `$ref`s and
/// operation ids renamed to match.
fn replicate(base: &Value, factor: usize) -> Value {
    let mut out = base.clone();
    let (Some(paths), Some(schemas)) = (
        base.get("paths").and_then(Value::as_object),
        base.pointer("/components/schemas")
            .and_then(Value::as_object),
    ) else {
        return out;
    };
    let mut new_paths = serde_json::Map::new();
    let mut new_schemas = serde_json::Map::new();
    for k in 0..factor {
        let suffix = if k == 0 {
            String::new()
        } else {
            format!("_k{k}")
        };
        for (p, item) in paths {
            let mut item = item.clone();
            rename(&mut item, &suffix);
            new_paths.insert(format!("{p}{suffix}"), item);
        }
        for (name, schema) in schemas {
            let mut schema = schema.clone();
            rename(&mut schema, &suffix);
            new_schemas.insert(format!("{name}{suffix}"), schema);
        }
    }
    out["paths"] = Value::Object(new_paths);
    out["components"]["schemas"] = Value::Object(new_schemas);
    out
}

fn rename(value: &mut Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => r.push_str(suffix),
                    ("operationId", Value::String(id)) => id.push_str(suffix),
                    (_, v) => rename(v, suffix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename(v, suffix)),
        _ => {}
    }
}
