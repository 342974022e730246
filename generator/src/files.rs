//! The generated output in memory, between rendering and writing.

use std::collections::BTreeMap;

/// Rendered files by path relative to the output folder.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Name of the file that records what the generator wrote, for `--check` and clean-up.
pub const MANIFEST: &str = ".oapi-docgen-manifest";
