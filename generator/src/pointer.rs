//! JSON pointers (RFC 6901), as errors and warnings name places in a spec: escaping and
//! unescaping tokens, decoding a pointer written in a URI fragment, and building one.

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Appends `/` and `token`, escaped, to `pointer` (the walks of the whole tree do this at every
/// key, so without a `String` each time).
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

/// Appends `/` and `index` to `pointer`.
pub fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(pointer, "/{index}");
}

fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
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

/// Undoes JSON pointer escaping in one token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A pointer from the document's root (`/paths/~1a`) written as a URI fragment (`#/paths/~1a`).
pub fn in_fragment(pointer: &str) -> String {
    format!("#{pointer}")
}

/// Turns serde_path_to_error's path into a JSON pointer such as `#/paths/~1a/get`.
pub fn from_serde_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer_token(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(&pointer_token(variant));
            }
            Segment::Unknown => out.push_str("/?"),
        }
    }
    out
}
