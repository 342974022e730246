//! The generator's error type: every variant names where the problem is.

use std::path::PathBuf;

/// A problem that stops generation. Each variant names the file and, where known, the JSON
/// pointer or the line and column.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot read spec {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the spec file is empty", .path.display())]
    Empty { path: PathBuf },
    #[error("{}: the spec is not UTF-8 text (invalid byte at offset {offset})", .path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{}:{line}:{column}: invalid {format} syntax: {message}", .path.display())]
    Syntax {
        path: PathBuf,
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {pointer}: {message}", .path.display())]
    Spec {
        path: PathBuf,
        pointer: String,
        message: String,
    },
    #[error("cannot render {what}: {message}")]
    Render { what: String, message: String },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", .path.display())]
    Output { path: PathBuf, message: String },
    /// A malformed overlay document or an action that cannot be applied. `place` names the
    /// action and its target, as in ``actions[2] (target `$.paths`): ``, or is empty for a
    /// problem with the document as a whole.
    #[error("{}: {place}{message}", .path.display())]
    Overlay {
        path: PathBuf,
        place: String,
        message: String,
    },
    #[error("{}:{line}:{column}: {message}", .path.display())]
    Config {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Error {
    /// An error in a spec file, at a JSON pointer.
    pub fn spec(
        path: impl Into<std::path::PathBuf>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Spec {
            path: path.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether a key of an OpenAPI object holds data rather than structure (examples, defaults,
/// enum values, an Example object's value, vendor extensions): a `$ref` inside is data, not a
/// reference.
pub fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const" | "value") || key.starts_with("x-")
}
