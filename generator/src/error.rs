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

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether a key of an OpenAPI object holds data rather than structure (examples, defaults,
/// enum values, an Example object's value, vendor extensions): a `$ref` inside is data, not a
/// reference.
pub fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const" | "value") || key.starts_with("x-")
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer written in a URI fragment with its percent-escapes decoded (`%7BpetId%7D`
/// gives `{petId}`); `None` when it has none or they do not decode to UTF-8.
pub fn percent_decoded(pointer: &str) -> Option<String> {
    if !pointer.contains('%') {
        return None;
    }
    let bytes = pointer.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => {
                let (h, l) = (hex(h)?, hex(l)?);
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'%', _, _) => return None,
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}
