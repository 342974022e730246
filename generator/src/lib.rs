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
pub mod files;
pub mod ident;
pub mod ir;
mod lenient;
pub mod load;
pub mod lower;
pub mod overlay;
mod parse;
pub mod pointer;
pub mod render;
pub mod runtime;
mod rust_fmt;
mod shape;
pub mod spell;
pub mod text;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use files::Files;

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
    /// How the crate's version moves when the spec changes (see [`generate_for`]).
    pub version_policy: config::VersionPolicy,
    /// The language of the docs' fixed labels (else the spec's deprecated
    /// `x-codegen.docs-language`, else English).
    pub docs_language: Option<ir::Language>,
    /// Which schemas become types (see [`config::Schemas`]).
    pub schemas: config::Schemas,
    /// The signature webhook deliveries carry, if any.
    pub webhook_signature: Option<config::WebhookSignature>,
    /// The header that names each delivery's event, if not their body (`[webhooks]
    /// event-header`).
    pub webhook_event_header: Option<String>,
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
            version_policy: config::VersionPolicy::default(),
            docs_language: None,
            schemas: config::Schemas::default(),
            webhook_signature: None,
            webhook_event_header: None,
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
            version_policy: config.version_policy.unwrap_or_default(),
            docs_language: config.docs_language,
            schemas: config.schemas.unwrap_or_default(),
            webhook_signature: config.webhooks.signature.clone(),
            webhook_event_header: config.webhooks.event_header.clone(),
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
    generate_with(options, &mut |_| {})
}

/// [`generate`], telling `progress` as each stage starts.
pub fn generate_with(options: &Options, progress: &mut dyn FnMut(Stage)) -> Result<Generated> {
    let (api, warnings) = lower_spec_with(options, progress)?;
    progress(Stage::Render {
        operations: api.operations.len(),
        types: api.types.len(),
    });
    let files = render::render(&api)?;
    Ok(Generated { files, warnings })
}

/// A stage of a run, as a progress display names it when the stage starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the spec and its overlays, and checking it.
    Load,
    /// Turning the spec's `paths` path items into the IR, with the examples.
    Lower { paths: usize },
    /// Rendering the crate and the docs of `operations` operations and `types` types.
    Render { operations: usize, types: usize },
    /// Writing (or comparing) `files` files.
    Write { files: usize },
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stage::Load => f.write_str("load: reading and checking the spec"),
            Stage::Lower { paths } => write!(f, "lower: {paths} paths to the IR"),
            Stage::Render { operations, types } => {
                write!(f, "render: {operations} operations, {types} types")
            }
            Stage::Write { files } => write!(f, "write: {files} files"),
        }
    }
}

/// The file beside the manifest that records the generated API, for the next run's semver
/// verdict (`version-policy = "semver"`).
pub const API_RECORD: &str = ".oapi-docgen-api.json";

/// The changelog a `semver` policy keeps in the output folder.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// Generates for the output folder `out`. Under `version-policy = "semver"`, compares the new
/// API with the one recorded there by the previous run: the crate gets the version Cargo's
/// semver rules demand and `CHANGELOG.md` a dated section listing the changes (breaking first),
/// and the new API is recorded. No change bumps nothing and changes no byte. Under `fixed`,
/// this is [`generate`].
pub fn generate_for(options: &Options, out: &Path) -> Result<Generated> {
    generate_for_with(options, out, &mut |_| {})
}

/// [`generate_for`], telling `progress` as each stage starts.
pub fn generate_for_with(
    options: &Options,
    out: &Path,
    progress: &mut dyn FnMut(Stage),
) -> Result<Generated> {
    if options.version_policy != config::VersionPolicy::Semver {
        return generate_with(options, progress);
    }
    let (mut api, mut warnings) = lower_spec_with(options, progress)?;
    let record_path = out.join(API_RECORD);
    let previous: Option<ir::Api> = match std::fs::read(&record_path) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(api) => Some(api),
            Err(e) => {
                warnings.push(format!(
                    "{}: not a record this version can read ({e}); the version starts over",
                    record_path.display()
                ));
                None
            }
        },
        Err(_) => None,
    };
    let old_log = std::fs::read_to_string(out.join(CHANGELOG)).unwrap_or_default();
    let old_log = old_log
        .strip_prefix(CHANGELOG_HEAD)
        .unwrap_or(&old_log)
        .to_string();
    let log = match &previous {
        None => format!(
            "## {} ({})

The first version generated with `version-policy = \"semver\"`.\n",
            api.krate.version,
            today()
        ),
        Some(old) => {
            let recorded = old.krate.version.clone();
            let report = diff::diff(old, &api);
            let bump = report.bump(&recorded);
            api.krate.version = diff::bumped_version(&recorded, bump);
            match bump {
                diff::Bump::None => old_log,
                _ => {
                    let section = report
                        .to_markdown(&recorded)
                        .replacen(
                            "# API changes",
                            &format!("## {} ({})", api.krate.version, today()),
                            1,
                        )
                        .replace("\n## ", "\n### ");
                    format!("{section}\n{old_log}")
                }
            }
        }
    };
    progress(Stage::Render {
        operations: api.operations.len(),
        types: api.types.len(),
    });
    let mut files = render::render(&api)?;
    let record = serde_json::to_vec_pretty(&api).map_err(|e| Error::Render {
        what: API_RECORD.to_string(),
        message: e.to_string(),
    })?;
    files.insert(API_RECORD.to_string(), record);
    files.insert(
        CHANGELOG.to_string(),
        format!("{CHANGELOG_HEAD}{}", log.trim_end()).into_bytes(),
    );
    if let Some(manifest) = files.get_mut(files::MANIFEST) {
        let mut text = String::from_utf8_lossy(manifest).into_owned();
        for name in [API_RECORD, CHANGELOG] {
            text.push_str(name);
            text.push('\n');
        }
        *manifest = text.into_bytes();
    }
    Ok(Generated { files, warnings })
}

/// The first lines of `CHANGELOG.md`.
const CHANGELOG_HEAD: &str =
    "# Changelog\n\nWritten by oapi-docgen at each regeneration: the newest version first.\n\n";

/// Today's date (UTC) as `YYYY-MM-DD`, or the date of `SOURCE_DATE_EPOCH` when it is set (for
/// reproducible output).
fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = (seconds / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Loads the spec with its overlays, validates and lowers it: the IR, and every warning met
/// (overlays, loading, lowering).
pub fn lower_spec(options: &Options) -> Result<(ir::Api, Vec<String>)> {
    lower_spec_with(options, &mut |_| {})
}

/// [`lower_spec`], telling `progress` as each stage starts.
pub fn lower_spec_with(
    options: &Options,
    progress: &mut dyn FnMut(Stage),
) -> Result<(ir::Api, Vec<String>)> {
    progress(Stage::Load);
    let spec = load::load_validated(&options.spec, &options.overlays, options.strict)?;
    progress(Stage::Lower {
        paths: spec.doc.paths.paths.len(),
    });
    let mut api = lower::lower(spec, &lower_options(options))?;
    examples::fill(&mut api)?;
    api.runtime_modules = runtime::modules(&api);
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
        docs_language: options.docs_language,
        schemas: options.schemas,
        webhook_signature: options.webhook_signature.clone(),
        webhook_event_header: options.webhook_event_header.clone(),
    }
}
