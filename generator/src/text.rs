//! Text sanitizing: spec prose becomes rustdoc, Markdown or Rust literals here, and nowhere
//! else. Markup from a spec is shown, never executed; code fences never become doctests.

/// Escapes HTML so that markup in the spec is shown as text.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                out.push_str(&format!("&#x{:x};", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

/// Prose for rustdoc and for Markdown pages (which rustdoc also renders): HTML escaped, bare
/// URLs made autolinks, code fences retagged as `text` so they never run as doctests.
pub fn prose(s: &str) -> String {
    let normalized = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    for line in normalized.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed
            .strip_prefix("```")
            .or_else(|| trimmed.strip_prefix("~~~"))
        {
            let fence = &trimmed[..3];
            let indent = &line[..line.len() - trimmed.len()];
            lines.push(match rest.trim().is_empty() {
                true if fence_is_open(&lines) => format!("{indent}{fence}"),
                _ => format!("{indent}{fence}text"),
            });
            continue;
        }
        lines.push(autolink(&escape_html(line)));
    }
    lines.join("\n")
}

/// Whether the lines so far leave a code fence open.
fn fence_is_open(lines: &[String]) -> bool {
    lines
        .iter()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("```") || t.starts_with("~~~")
        })
        .count()
        % 2
        == 1
}

/// Wraps bare `http://` and `https://` URLs in `<...>`.
fn autolink(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(i) = rest.find("http://").or_else(|| rest.find("https://")) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let end = from
            .find(|c: char| c.is_whitespace() || c == ')' || c == '`' || c == '&' || c == '\\')
            .unwrap_or(from.len());
        let (url, after) = from.split_at(end);
        let url_trimmed = url.trim_end_matches(['.', ',', ';', ':']);
        let tail = &url[url_trimmed.len()..];
        if before.ends_with('(') || before.ends_with('`') || url_trimmed.len() <= "https://".len() {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url_trimmed);
            out.push('>');
            out.push_str(tail);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// One Markdown table cell: prose on one line, `|` escaped.
pub fn md_cell(s: &str) -> String {
    let one_line = s
        .trim()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace("```", "`\u{200b}``");
    escape_html(&one_line)
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

/// A Rust string literal holding `s` exactly.
pub fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

/// The `#[doc = "..."]` attributes for prose, one per line.
pub fn doc_attrs(s: &str) -> String {
    prose(s)
        .lines()
        .map(|l| format!("#[doc = {}]\n", rust_str(&format!(" {l}"))))
        .collect()
}

/// A Markdown code fence longer than any run of backticks in `code`.
pub fn fence(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_table_shape() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(
            md_cell("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert!(!md_cell("```rust\nfn x() {}\n```").contains("```"));
    }

    #[test]
    fn prose_retags_fences_and_links_urls() {
        let p = prose("See https://example.com/a.\n```\nlet x = 1;\n```");
        assert_eq!(p, "See <https://example.com/a>.\n```text\nlet x = 1;\n```");
        assert_eq!(prose("[x](y) <b>"), "[x](y) &lt;b&gt;");
    }

    #[test]
    fn doc_attrs_are_string_literals() {
        assert_eq!(
            doc_attrs("a \"quoted\" */ \\"),
            "#[doc = \" a \\\"quoted\\\" */ \\\\\"]\n"
        );
    }

    #[test]
    fn fences_outgrow_backtick_runs() {
        assert_eq!(fence("plain"), "```");
        assert_eq!(fence("a ```` b"), "`````");
    }
}
