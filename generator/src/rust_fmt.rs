//! Formatting of generated Rust: parse with `syn`, print with `prettyplease`. Text that does not
//! parse is a generator bug and is reported as an error, never written.

use crate::error::{Error, Result};

/// Parses `code` as a Rust file and prints it in the one canonical style: each top-level item
/// (or run of `use`s, or of `mod` declarations) printed on its own by prettyplease and
/// separated by one blank line, since prettyplease itself puts no blank lines between items.
/// Every file opens with `#![cfg_attr(rustfmt, rustfmt::skip)]`: prettyplease is the one
/// formatter of generated code, so a workspace-wide `cargo fmt` leaves it alone.
pub fn format_file(code: &str, what: &str) -> Result<String> {
    format(code, what, true)
}

/// Formats a snippet shown to people (a usage example), without the `rustfmt::skip` line.
pub fn format_snippet(code: &str, what: &str) -> Result<String> {
    format(code, what, false)
}

fn format(code: &str, what: &str, skip_rustfmt: bool) -> Result<String> {
    let file = syn::parse_file(code).map_err(|e| Error::Render {
        what: what.to_string(),
        message: format!("generated Rust does not parse: {e}"),
    })?;
    let mut attrs = file.attrs;
    if skip_rustfmt {
        attrs.insert(0, syn::parse_quote!(#![cfg_attr(rustfmt, rustfmt::skip)]));
    }
    let mut parts: Vec<String> = Vec::new();
    let mut group: Vec<syn::Item> = Vec::new();
    for item in file.items {
        let joins = match (group.last(), &item) {
            (Some(syn::Item::Use(_)), syn::Item::Use(_)) => true,
            (Some(syn::Item::Mod(a)), syn::Item::Mod(b)) => {
                a.content.is_none() && b.content.is_none()
            }
            _ => false,
        };
        if !joins && !group.is_empty() {
            parts.push(unparse(
                std::mem::take(&mut attrs),
                std::mem::take(&mut group),
            ));
        }
        group.push(item);
    }
    if !group.is_empty() || !attrs.is_empty() {
        parts.push(unparse(attrs, group));
    }
    Ok(parts.join("\n"))
}

/// Prints a group of items with no blank lines between them (consecutive `use`s or `mod`s).
fn unparse(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        frontmatter: None,
        shebang: None,
        attrs,
        items,
    })
}
