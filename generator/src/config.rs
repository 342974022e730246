//! The project's configuration file, `oapi-docgen.toml`: the generator's settings, outside the
//! spec. Paths in it are relative to the file's folder.
//!
//! ```toml
//! spec = "spec/authing-management.yaml"
//! overlays = ["spec/overlays/hints.yaml"]
//! out = "generated"
//! client-name = "ManagementClient"
//! dialect = "authing"
//! version-policy = "fixed"        # or "semver"
//! docs-language = "en"            # or "zh-CN": the docs' headings and table labels
//! schemas = "reached"             # or "all": also the component schemas no operation reaches
//!
//! [crate]
//! name = "authing-management"
//! version = "0.1.0"
//! description = "..."
//! repository = "https://github.com/..."
//!
//! [webhooks]
//! event-header = "X-GitHub-Event" # deliveries name their event in this header, not their body
//!
//! [webhooks.signature]            # deliveries carry an HMAC-SHA256 of their body
//! header = "x-hub-signature-256"
//! prefix = "sha256="
//!
//! [subset]                        # keep only these operations (by operationId or tag)
//! operations = ["createWebhook"]
//! tags = ["Manage Webhook"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The name of the configuration file at a project's root.
pub const FILE_NAME: &str = "oapi-docgen.toml";

/// The contents of `oapi-docgen.toml`. Every key is optional; an unknown key is an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The spec file.
    pub spec: Option<PathBuf>,
    /// Overlay documents applied to the spec, in order.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// The folder of the generated crate.
    pub out: Option<PathBuf>,
    /// The Rust name of the client type.
    pub client_name: Option<String>,
    /// The API's dialect (`authing`).
    pub dialect: Option<String>,
    /// How the crate's version moves when the spec changes.
    pub version_policy: Option<VersionPolicy>,
    /// The language of the docs' fixed labels: `en` (the default) or `zh-CN`.
    pub docs_language: Option<crate::ir::Language>,
    /// Which schemas become types: those the operations reach (the default), or all.
    pub schemas: Option<Schemas>,
    /// Facts about the generated crate.
    #[serde(default, rename = "crate")]
    pub krate: CrateConfig,
    /// The operations to keep (all when empty).
    #[serde(default)]
    pub subset: Subset,
    /// How webhook deliveries are checked beyond what the spec says.
    #[serde(default)]
    pub webhooks: WebhooksConfig,
}

/// The `[webhooks]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WebhooksConfig {
    /// The signature every delivery carries (OpenAPI cannot say so).
    pub signature: Option<WebhookSignature>,
    /// The header that names each delivery's event, when deliveries name it there rather than
    /// in their body (GitHub: `X-GitHub-Event`); each delivery's value is that header
    /// parameter's one-name enum, else its example.
    pub event_header: Option<String>,
}

/// A signature of the delivery's raw body: HMAC-SHA256 with the shared secret, in hex, after
/// a prefix, in a header (GitHub: `x-hub-signature-256`, `sha256=`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WebhookSignature {
    /// The header that carries the signature.
    pub header: String,
    /// What comes before the hex code in the header's value.
    #[serde(default)]
    pub prefix: String,
}

/// The `[crate]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CrateConfig {
    /// Package name.
    pub name: Option<String>,
    /// Package version (under `version-policy = "semver"`, the first version).
    pub version: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Repository URL.
    pub repository: Option<String>,
}

/// The `[subset]` table: operations kept by `operationId`, and by tag.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Subset {
    /// `operationId`s to keep.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Tags whose operations to keep.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Subset {
    /// Whether every operation is kept.
    pub fn is_all(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty()
    }
}

/// Which schemas become types.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Schemas {
    /// Only the types that the kept operations reach, through their parameters, bodies and
    /// responses and the types those name.
    #[default]
    Reached,
    /// Also every component schema that no operation reaches, and what it names (for specs
    /// whose schemas describe more than the operations, such as webhook payloads).
    All,
}

/// How the crate's version moves when the spec changes.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum VersionPolicy {
    /// The version is what the config says.
    #[default]
    Fixed,
    /// Each regeneration compares the API with the previous output's, bumps the version as
    /// Cargo's semver rules demand and prepends the changes to `CHANGELOG.md`.
    Semver,
}

impl Config {
    /// Reads and checks a configuration file; its relative paths are resolved against its
    /// folder.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse(path, &text)?;
        let base = path.parent().unwrap_or(Path::new(""));
        let resolve = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        config.spec.as_mut().map(resolve);
        config.out.as_mut().map(resolve);
        config.overlays.iter_mut().for_each(resolve);
        Ok(config)
    }

    /// Parses configuration text; `path` names it in errors, which give the line and column.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        toml::from_str(text).map_err(|e| {
            let start = e.span().map_or(0, |span| span.start);
            let (line, column) = line_column(text, start);
            let message = e.message().trim().replace('\n', " ");
            Error::Config {
                path: path.to_path_buf(),
                line,
                column,
                message: match key_at(text, start) {
                    Some(key) => format!("`{key}`: {message}"),
                    None => message,
                },
            }
        })
    }
}

/// The dotted key whose line holds byte `offset` (`crate.version` for `version = 1` under
/// `[crate]`), if that line is a `key = value` line.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(line_start..)?.lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('[') || key.starts_with('#') {
        return None;
    }
    let table = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(['[', ']']).trim());
    Some(match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_string(),
    })
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_of_an_error_is_named_with_its_table() {
        let text = "spec = 1\n\n[crate]\nname = \"x\"\nversion = 2\n";
        assert_eq!(key_at(text, 7).as_deref(), Some("spec"));
        assert_eq!(
            key_at(text, text.find("2").unwrap()).as_deref(),
            Some("crate.version")
        );
        assert_eq!(key_at(text, text.find("[crate]").unwrap()), None);
    }

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(line_column("a = 1\nbé = 2\n", 9), (2, 3));
        assert_eq!(line_column("x", 0), (1, 1));
        assert_eq!(line_column("x", 99), (1, 2));
    }
}
