//! oapi-docgen turns one OpenAPI 3.0 document into a typed async Rust client crate and its
//! Markdown reference pages, both rendered from one IR so that they cannot disagree.
//!
//! The pipeline: [`load`] → [`validate`] → [`lower`] (to the sorted [`ir`]) → [`render`] →
//! [`write`]. See `ARCHITECTURE.md` for the map.

mod bundle;
pub mod config;
pub mod diff;
pub mod error;
mod examples;
pub mod ident;
pub mod ir;
mod lenient;
pub mod load;
pub mod lower;
pub mod overlay;
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

/// The spec the project generates from (what its `oapi-docgen.toml` names).
pub fn default_spec() -> PathBuf {
    project_root().join("spec").join("authing-management.yaml")
}

/// The folder a run writes to when neither `--out` nor the configuration names one.
pub fn default_out() -> PathBuf {
    project_root().join("generated")
}

/// The project's configuration file, `oapi-docgen.toml` at the repository root.
pub fn default_config() -> PathBuf {
    project_root().join(config::FILE_NAME)
}

/// The command that regenerates the default output.
pub const DEFAULT_REGEN_COMMAND: &str = "cargo run";

/// What to generate from, and how. `Options::default()` names no spec; set at least `spec`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The spec file (JSON or YAML).
    pub spec: PathBuf,
    /// Overlay documents applied to the spec before anything else, in order.
    pub overlays: Vec<PathBuf>,
    /// Whether an overlay action that matches nothing is an error (else a warning).
    pub strict: bool,
    /// The crate's package name (else the spec's deprecated `x-codegen.crate-name`, else a
    /// slug of its title).
    pub crate_name: Option<String>,
    /// The crate's version.
    pub crate_version: Option<String>,
    /// The crate's one-line description.
    pub crate_description: Option<String>,
    /// The crate's repository URL.
    pub crate_repository: Option<String>,
    /// The Rust name of the client type.
    pub client_name: Option<String>,
    /// The command that regenerates the output, named in every file's preamble.
    pub regen_command: String,
    /// The dialect (`authing`).
    pub dialect: Option<String>,
    /// The operations to keep; all when empty.
    pub subset: config::Subset,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            spec: PathBuf::new(),
            overlays: Vec::new(),
            strict: false,
            crate_name: None,
            crate_version: None,
            crate_description: None,
            crate_repository: None,
            client_name: None,
            regen_command: "oapi-docgen".to_string(),
            dialect: None,
            subset: config::Subset::default(),
        }
    }
}

impl Options {
    /// The options a configuration file gives (its spec, overlays, crate facts, client name,
    /// dialect and subset).
    pub fn from_config(config: &config::Config, regen_command: &str) -> Options {
        Options {
            spec: config.spec.clone().unwrap_or_default(),
            overlays: config.overlays.clone(),
            crate_name: config.krate.name.clone(),
            crate_version: config.krate.version.clone(),
            crate_description: config.krate.description.clone(),
            crate_repository: config.krate.repository.clone(),
            client_name: config.client_name.clone(),
            regen_command: regen_command.to_string(),
            dialect: config.dialect.clone(),
            subset: config.subset.clone(),
            ..Options::default()
        }
    }

    /// Options for the project's own spec, from `oapi-docgen.toml`.
    pub fn project_default() -> Result<Self> {
        let config = config::Config::load(&default_config())?;
        Ok(Options::from_config(&config, DEFAULT_REGEN_COMMAND))
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
    let (api, warnings) = lower_spec(options)?;
    let files = render::render(&api)?;
    Ok(Generated { files, warnings })
}

/// Loads the spec with its overlays, validates and lowers it: the IR, and every warning met
/// (overlays, loading, lowering).
pub fn lower_spec(options: &Options) -> Result<(ir::Api, Vec<String>)> {
    let mut spec = load::load_with(&options.spec, &options.overlays, options.strict)?;
    validate::validate(&spec)?;
    spec.raw = serde_json::Value::Null;
    let mut api = lower::lower(&spec, &lower_options(options))?;
    drop(spec);
    let warnings = std::mem::take(&mut api.warnings);
    Ok((api, warnings))
}

fn lower_options(options: &Options) -> lower::LowerOptions {
    lower::LowerOptions {
        crate_name: options.crate_name.clone(),
        crate_version: options.crate_version.clone(),
        crate_description: options.crate_description.clone(),
        crate_repository: options.crate_repository.clone(),
        client_name: options.client_name.clone(),
        regen_command: options.regen_command.clone(),
        dialect: options.dialect.clone(),
        subset: options.subset.clone(),
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
