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
    if let Some((masked, blocks)) = mask_docs(code)
        && let Ok(printed) = format_plain(&masked, what, skip_rustfmt)
        && let Some(restored) = unmask_docs(&printed, &blocks)
    {
        return Ok(restored);
    }
    format_plain(code, what, skip_rustfmt)
}

/// Marks the line that stands for a run of doc comments while the code is formatted: a
/// control character, which no generated text holds.
const MARK: char = '\u{1}';

/// One run of consecutive doc-comment lines, set aside while the code is formatted.
struct DocBlock {
    /// `///` or `//!`.
    style: &'static str,
    /// The text after the style on each line.
    lines: Vec<String>,
}

/// The code with each run of consecutive `///` (or `//!`) lines replaced by one mark line
/// `#[doc = "\u{1}<n>"]` (`#![doc = ...]`), and the runs set aside; `None` when there is none,
/// or the code holds the mark's character.
///
/// Doc comments are a sixth of the generated Rust and cost more than their share to format:
/// each is tokenized into an escaped string literal (every character checked for printability),
/// parsed, unescaped, and printed back as `///` and its text with trailing spaces trimmed, at
/// the indentation of what it documents. Set aside, they are put back in that form
/// ([`unmask_docs`]). A `///` line that is no doc comment (inside a string literal, or a block
/// comment) leaves its mark unprinted, or printed as written rather than as a doc comment, or
/// breaks the literal; then the code is formatted whole.
fn mask_docs(code: &str) -> Option<(String, Vec<DocBlock>)> {
    if code.contains(MARK) || code.contains('\r') {
        return None;
    }
    let mut masked = String::with_capacity(code.len());
    let mut blocks: Vec<DocBlock> = Vec::new();
    let mut open = false;
    for line in code.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let trimmed = body.trim_start();
        let doc = match trimmed.get(..3) {
            Some(style @ ("///" | "//!")) if !trimmed[3..].starts_with('/') => {
                Some((if style == "///" { "///" } else { "//!" }, &trimmed[3..]))
            }
            _ => None,
        };
        match doc {
            Some((style, text)) => {
                match blocks.last_mut() {
                    Some(block) if open && block.style == style => {
                        block.lines.push(text.to_string());
                    }
                    _ => {
                        // `#[doc = "\u{1}<n>"]`, printed as `///\u{1}<n>`: written as an
                        // attribute, a mark that lands in a string literal or a comment never
                        // reads as one there.
                        masked.push_str(&body[..body.len() - trimmed.len()]);
                        masked.push_str(if style == "///" {
                            "#[doc = \"\\u{1}"
                        } else {
                            "#![doc = \"\\u{1}"
                        });
                        masked.push_str(&blocks.len().to_string());
                        masked.push_str("\"]\n");
                        blocks.push(DocBlock {
                            style,
                            lines: vec![text.to_string()],
                        });
                    }
                }
                open = true;
            }
            None => {
                masked.push_str(line);
                open = false;
            }
        }
    }
    (!blocks.is_empty()).then_some((masked, blocks))
}

/// Puts the doc comments [`mask_docs`] set aside back into the formatted code, each run at the
/// indentation of its mark; `None` when a mark is missing, repeated, out of order or not a line
/// of its own.
fn unmask_docs(printed: &str, blocks: &[DocBlock]) -> Option<String> {
    let extra: usize = blocks
        .iter()
        .flat_map(|b| &b.lines)
        .map(|l| l.len() + 8)
        .sum();
    let mut out = String::with_capacity(printed.len() + extra);
    let mut next = 0;
    for line in printed.split_inclusive('\n') {
        if !line.contains(MARK) {
            out.push_str(line);
            continue;
        }
        let body = line.strip_suffix('\n')?;
        let trimmed = body.trim_start();
        let indent = &body[..body.len() - trimmed.len()];
        let block = blocks.get(next)?;
        let rest = trimmed.strip_prefix(block.style)?.strip_prefix(MARK)?;
        if rest != next.to_string() {
            return None;
        }
        for text in &block.lines {
            out.push_str(indent);
            out.push_str(block.style);
            out.push_str(text.trim_end_matches(' '));
            out.push('\n');
        }
        next += 1;
    }
    (next == blocks.len()).then_some(out)
}

/// [`format`], every comment formatted by prettyplease.
fn format_plain(code: &str, what: &str, skip_rustfmt: bool) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What `format` prints with doc comments set aside, and whether they were.
    fn both(code: &str) -> (String, String, bool) {
        let fast = format(code, "test", true).expect("formats");
        let plain = format_plain(code, "test", true).expect("formats");
        let set_aside = mask_docs(code)
            .and_then(|(masked, blocks)| {
                let printed = format_plain(&masked, "test", true).ok()?;
                unmask_docs(&printed, &blocks)
            })
            .is_some();
        (fast, plain, set_aside)
    }

    #[test]
    fn doc_comments_set_aside_come_back_as_prettyplease_prints_them() {
        let code = "//! The crate.  \n//!\n/// One.   \n///\n///  Two, indented.\n\
                    pub struct A {\n/// A field.\n        pub x: u8,\n   /// Another.\n\n    \
                    /// After a blank line.\n pub y: u16 }\n//// not a doc comment\n\
                    impl A {\n/// A method.\n#[inline]\n/// After an attribute.\n\
                    pub fn f(&self) -> u8 { self.x }\n}\n";
        let (fast, plain, set_aside) = both(code);
        assert!(set_aside);
        assert_eq!(fast, plain);
        assert!(fast.contains("\n    /// After a blank line.\n    pub y: u16,\n"));
        assert!(fast.contains("/// One.\n///\n///  Two, indented.\n"));
    }

    #[test]
    fn a_doc_comment_line_in_a_literal_or_a_block_comment_formats_the_file_whole() {
        for code in [
            "/// Doc.\nconst S: &str = r\"first\n/// not a doc comment\nlast\";\n",
            "/// Doc.\nconst S: &str = r#\"first\n  /// not a doc comment  \n   /// nor this\n\"#;\n",
            "/// Doc.\nconst S: &str = \"first\n/// not a doc comment\n\";\n",
            "/// Doc.\n/* a block comment\n/// not a doc comment\n*/\nconst X: u8 = 1;\n",
        ] {
            let (fast, plain, set_aside) = both(code);
            assert!(!set_aside, "{code}");
            assert_eq!(fast, plain, "{code}");
        }
    }
}
