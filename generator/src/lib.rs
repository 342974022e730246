//! oapi-docgen turns one OpenAPI 3.0 document into a typed async Rust client crate and its
//! Markdown reference pages, both rendered from one IR so that they cannot disagree.
//!
//! The pipeline: [`load`] → [`validate`] → [`lower`] (to the sorted [`ir`]) → [`render`] →
//! [`write`]. See `ARCHITECTURE.md` for the map.

mod bundle;
pub mod error;
mod examples;
pub mod ident;
pub mod ir;
mod lenient;
pub mod load;
pub mod lower;
pub mod render;
pub mod runtime;
mod rust_fmt;
mod shape;
pub mod text;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use render::Files;

/// The repository root, where the default spec and output live.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The spec the project generates from by default.
pub fn default_spec() -> PathBuf {
    project_root().join("spec").join("authing-management.yaml")
}

/// The folder the project generates into by default.
pub fn default_out() -> PathBuf {
    project_root().join("generated")
}

/// The command that regenerates the default output.
pub const DEFAULT_REGEN_COMMAND: &str = "cargo run";

/// What to generate from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The spec file (JSON or YAML).
    pub spec: PathBuf,
    /// Overrides the crate name from the spec.
    pub crate_name: Option<String>,
    /// The command that regenerates the output, named in every file's preamble.
    pub regen_command: String,
    /// The dialect (`authing`), overriding the spec's `x-codegen.dialect`.
    pub dialect: Option<String>,
}

impl Options {
    /// Options for the project's own spec.
    pub fn project_default() -> Self {
        Options {
            spec: default_spec(),
            crate_name: None,
            regen_command: DEFAULT_REGEN_COMMAND.to_string(),
            dialect: None,
        }
    }
}

/// The rendered output and the warnings met on the way.
#[derive(Debug)]
pub struct Generated {
    /// Files by path relative to the output folder.
    pub files: Files,
    /// Constructs the generator worked around, each with its JSON pointer.
    pub warnings: Vec<String>,
}

/// Runs the whole pipeline in memory; nothing is written.
///
/// Each stage's input is dropped once the next stage has what it needs, to keep the peak
/// memory low on large specs.
pub fn generate(options: &Options) -> Result<Generated> {
    let mut spec = load::load(&options.spec)?;
    validate::validate(&spec)?;
    spec.raw = serde_json::Value::Null;
    let api = lower::lower(&spec, &lower_options(options))?;
    drop(spec);
    let files = render::render(&api)?;
    Ok(Generated {
        files,
        warnings: api.warnings,
    })
}

fn lower_options(options: &Options) -> lower::LowerOptions {
    lower::LowerOptions {
        crate_name: options.crate_name.clone(),
        regen_command: options.regen_command.clone(),
        dialect: options.dialect.clone(),
    }
}

/// Runs the pipeline from an already loaded spec.
pub fn generate_from(spec: &load::Spec, options: &Options) -> Result<Generated> {
    validate::validate(spec)?;
    lower_and_render(spec, options)
}

/// Lowers a validated spec and renders it. The raw JSON tree is not needed any more.
fn lower_and_render(spec: &load::Spec, options: &Options) -> Result<Generated> {
    let api = lower::lower(spec, &lower_options(options))?;
    let files = render::render(&api)?;
    Ok(Generated {
        files,
        warnings: api.warnings,
    })
}

/// Generates and compares with `out`: the drift, empty when `out` is up to date.
pub fn check(options: &Options, out: &Path) -> Result<Vec<write::Drift>> {
    let generated = generate(options)?;
    write::check(out, &generated.files)
}
