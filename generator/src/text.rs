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
            c if (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) => {
                out.push_str(&format!("&#x{:x};", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

/// The invisible characters that change the direction of text, which rustc refuses in
/// comments (`text_direction_codepoint_in_comment`): shown as character references instead.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Prose for rustdoc and for Markdown pages (which rustdoc also renders): HTML escaped, bare
/// URLs made autolinks, and no code block left that rustdoc would run as a doctest:
///
/// - a fenced block at the top level (indented at most 3 spaces) is retagged `text`, keeping
///   its fence, and closed at the end if the spec left it open (so it cannot swallow the rest
///   of the page);
/// - a fence-like line anywhere else (in a list item, a block quote, or indented further) gets
///   its first fence character backslash-escaped, so it is no fence at all;
/// - an indented code block (a line indented 4 spaces or a tab after a blank line) becomes a
///   `text` fenced block.
pub fn prose(s: &str) -> String {
    let normalized = s.replace("\r\n", "\n").replace('\r', "\n");
    let input: Vec<&str> = normalized.trim().lines().collect();
    let mut lines: Vec<String> = Vec::new();
    // The fence of the block we are in: its character and length.
    let mut open: Option<(char, usize)> = None;
    let mut prev_blank = true;
    // Whether the previous lines are a list item (and how far its text is indented), so that a
    // following unindented line is indented as its continuation.
    let mut in_list = false;
    let mut item_indent = 0;
    // How far the first item of the current list was indented; its lines are moved left by it.
    let mut list_shift = 0;
    let mut i = 0;
    while i < input.len() {
        let line = input[i];
        i += 1;
        if let Some((c, len)) = open {
            if let Some(f) = Fence::top_level(line)
                && f.c == c
                && f.len >= len
                && f.info.is_empty()
            {
                lines.push(format!("{}{}", f.indent, f.run()));
                open = None;
            } else {
                lines.push(escape_html(line));
            }
            prev_blank = false;
            continue;
        }
        if let Some(f) = Fence::top_level(line) {
            lines.push(format!("{}{}text", f.indent, f.run()));
            open = Some((f.c, f.len));
            prev_blank = false;
            continue;
        }
        if prev_blank && is_indented_code(line) {
            // The indented block runs to the last indented line before a less indented one.
            let mut end = i;
            let mut j = i;
            while j < input.len() && (input[j].trim().is_empty() || is_indented_code(input[j])) {
                j += 1;
                if !input[j - 1].trim().is_empty() {
                    end = j;
                }
            }
            let block: Vec<String> = input[i - 1..end]
                .iter()
                .map(|l| escape_html(strip_code_indent(l)))
                .collect();
            let fence = fence(&block.join("\n"));
            lines.push(format!("{fence}text"));
            lines.extend(block);
            lines.push(fence);
            i = end;
            prev_blank = false;
            continue;
        }
        // A list that starts indented (a paragraph line, then `    - item`) is moved to the
        // left margin with its continuation lines: once the blank line below separates it from
        // the paragraph, four spaces of indentation would make it an indented code block.
        let starts_item = list_marker_width(line).is_some();
        if !in_list && starts_item {
            list_shift = line.len() - line.trim_start_matches(' ').len();
        }
        let line = match in_list || starts_item {
            true => strip_spaces(line, list_shift),
            false => line,
        };
        let escaped = escape_nested_fence(line);
        let list_item = list_marker_width(line);
        let previous = lines.last().map(String::as_str).unwrap_or("");
        let mut indent = "";
        if list_item.is_some() && !previous.trim().is_empty() && !in_list {
            lines.push(String::new());
        } else if list_item.is_none()
            && in_list
            && !line.trim().is_empty()
            && !line.starts_with(' ')
        {
            indent = &"          "[..item_indent.min(10)];
        }
        if let Some(width) = list_item {
            in_list = true;
            item_indent = width;
        } else if line.trim().is_empty() {
            in_list = false;
        }
        lines.push(format!("{indent}{}", prose_line(&escaped)));
        prev_blank = line.trim().is_empty();
    }
    if let Some((c, len)) = open {
        lines.push(c.to_string().repeat(len));
    }
    let out = lines.join("\n");
    match runnable_code_block(&out) {
        false => out,
        // The rules above missed a construct: the whole text is shown as written, in one
        // `text` block that nothing inside it can close.
        true => {
            let shown: String = normalized
                .trim()
                .chars()
                .map(
                    |c| match (c.is_control() && c != '\n') || is_bidi_control(c) {
                        true => c.escape_unicode().to_string(),
                        false => c.to_string(),
                    },
                )
                .collect();
            let fence = fence(&shown);
            format!("{fence}text\n{shown}\n{fence}")
        }
    }
}

/// Whether rustdoc's Markdown parser (pulldown-cmark, as rustdoc uses it) finds a code block in
/// `markdown` that it would compile as a doctest: an indented block, or a fenced one not tagged
/// `text`.
pub fn runnable_code_block(markdown: &str) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    Parser::new(markdown).any(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => true,
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info.trim() != "text",
        _ => false,
    })
}

/// If a line starts a Markdown list item (`- `, `* `, `+ `, `1. `, `1) `), the width of its
/// marker with indentation. Such a line right after a paragraph line gets a blank line before
/// it, so that it starts a list rather than continuing the paragraph, and an unindented line
/// after it is indented as its continuation (as rustdoc and clippy read them).
fn list_marker_width(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return Some(lead + 2);
    }
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")))
        .then_some(lead + digits + 2)
}

/// One line of prose: outside code spans, HTML escaped and bare URLs linked; inside them (where
/// Markdown shows text as it is) only control and text-direction characters are written as
/// `\u{..}` escapes.
fn prose_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&autolink(&escape_html(&rest[..start])));
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let delimiter = &rest[start..start + run];
        let after = &rest[start + run..];
        match after.find(delimiter) {
            Some(end) => {
                out.push_str(delimiter);
                for c in after[..end].chars() {
                    match c.is_control() || is_bidi_control(c) {
                        true => out.push_str(&c.escape_unicode().to_string()),
                        false => out.push(c),
                    }
                }
                out.push_str(delimiter);
                rest = &after[end + run..];
            }
            None => {
                out.push_str(&escape_html(delimiter));
                rest = after;
            }
        }
    }
    out.push_str(&plain_text(rest));
    out
}

/// Prose outside code spans: an `<img>` tag becomes a Markdown image; everything else is
/// HTML-escaped (so any other tag shows as text) with its bare URLs linked.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = find_ascii_ci(rest, "<img") {
        let tag_end = rest[start..].find('>').map(|e| start + e + 1);
        let image = tag_end.and_then(|end| markdown_image(&rest[start..end]));
        match (tag_end, image) {
            (Some(end), Some(image)) => {
                out.push_str(&autolink(&escape_html(&rest[..start])));
                out.push_str(&image);
                rest = &rest[end..];
            }
            _ => {
                let skip = start + "<img".len();
                out.push_str(&autolink(&escape_html(&rest[..skip])));
                rest = &rest[skip..];
            }
        }
    }
    out.push_str(&autolink(&escape_html(rest)));
    out
}

/// Where `needle` (ASCII) starts in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        .filter(|&i| haystack.is_char_boundary(i))
}

/// `![alt](src)` for an `<img …>` tag with an `http(s)` or relative `src`, or `None` when the
/// tag is not one (then it is shown as text).
fn markdown_image(tag: &str) -> Option<String> {
    let inner = tag
        .strip_prefix('<')?
        .strip_suffix('>')?
        .trim_end_matches('/')
        .get(3..)?;
    if !inner.starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    let attribute = |name: &str| -> Option<String> {
        let at = find_ascii_ci(inner, &format!("{name}="))?;
        let before_ok = inner[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let value = &inner[at + name.len() + 1..];
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &value[1..];
        let end = value.find(quote)?;
        before_ok.then(|| value[..end].to_string())
    };
    let src = attribute("src")?;
    let safe = !src.is_empty()
        && !src.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
        && !src.to_ascii_lowercase().starts_with("javascript:")
        && !src.to_ascii_lowercase().starts_with("data:");
    if !safe {
        return None;
    }
    let src = src.replace('(', "%28").replace(')', "%29");
    let alt = attribute("alt").unwrap_or_default();
    let alt: String = escape_html(&alt)
        .chars()
        .flat_map(|c| match c {
            '[' | ']' | '\\' | '`' | '*' | '_' => vec!['\\', c],
            '\n' | '\r' => vec![' '],
            c => vec![c],
        })
        .collect();
    Some(format!("![{alt}]({src})"))
}

/// A fence line: `indent` then `len` times `c` then `info`.
struct Fence<'a> {
    indent: &'a str,
    c: char,
    len: usize,
    info: &'a str,
}

impl<'a> Fence<'a> {
    /// `line` as a fence with its run starting at the start of `rest`, if it is one.
    fn parse(indent: &'a str, rest: &'a str) -> Option<Self> {
        let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let len = rest.len() - rest.trim_start_matches(c).len();
        let info = rest[len..].trim();
        (len >= 3 && !(c == '`' && info.contains('`'))).then_some(Fence {
            indent,
            c,
            len,
            info,
        })
    }

    /// A fence at the top level: indented at most 3 spaces.
    fn top_level(line: &'a str) -> Option<Self> {
        let rest = line.trim_start_matches(' ');
        let indent = &line[..line.len() - rest.len()];
        match indent.len() <= 3 {
            true => Fence::parse(indent, rest),
            false => None,
        }
    }

    fn run(&self) -> String {
        self.c.to_string().repeat(self.len)
    }
}

/// `line` without up to `n` of its leading spaces.
fn strip_spaces(line: &str, n: usize) -> &str {
    let lead = line.len() - line.trim_start_matches(' ').len();
    &line[lead.min(n)..]
}

/// Whether `line` starts an indented code block when it follows a blank line.
fn is_indented_code(line: &str) -> bool {
    !line.trim().is_empty() && (line.starts_with("    ") || line.starts_with('\t'))
}

fn strip_code_indent(line: &str) -> &str {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
        .unwrap_or(line.trim_start())
}

/// Escapes the first character of a fence that follows block markers (`>`, list bullets and
/// numbers) or deep indentation, where Markdown may still open a code block.
fn escape_nested_fence(line: &str) -> String {
    let mut rest = line;
    loop {
        let before = rest;
        rest = rest.trim_start_matches([' ', '\t', '>']);
        for bullet in ["- ", "* ", "+ "] {
            if let Some(r) = rest.strip_prefix(bullet) {
                rest = r;
            }
        }
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0
            && let Some(r) = rest[digits..]
                .strip_prefix(". ")
                .or_else(|| rest[digits..].strip_prefix(") "))
        {
            rest = r;
        }
        if rest.len() == before.len() {
            break;
        }
    }
    match Fence::parse("", rest) {
        Some(_) => {
            let at = line.len() - rest.len();
            format!("{}\\{}", &line[..at], &line[at..])
        }
        None => line.to_string(),
    }
}

/// Wraps bare `http://` and `https://` URLs in `<...>` (Markdown autolinks, so that neither a
/// Markdown renderer nor rustdoc shows a bare URL).
pub fn autolink(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(i) = rest.find("http://").or_else(|| rest.find("https://")) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '`' | '&' | '\\' | '"' | '\''))
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
///
/// Code spans show their text as written (Markdown does not decode entities inside them), with
/// only `|` escaped, which a table still reads as a cell border; outside them HTML is escaped.
pub fn md_cell(s: &str) -> String {
    let one_line = s
        .trim()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace("```", "`\u{200b}``");
    let outside = |text: &str| escape_html(text).replace('|', "\\|").replace('\n', "<br>");
    let mut out = String::with_capacity(one_line.len() + 8);
    let mut rest = one_line.as_str();
    while let Some(start) = rest.find('`') {
        out.push_str(&outside(&rest[..start]));
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let delimiter = &rest[start..start + run];
        let after = &rest[start + run..];
        match after
            .find(delimiter)
            .filter(|end| !after[..*end].contains('\n'))
        {
            Some(end) => {
                out.push_str(delimiter);
                for c in after[..end].chars() {
                    match c {
                        '|' => out.push_str("\\|"),
                        c if c.is_control() || is_bidi_control(c) => {
                            out.push_str(&c.escape_unicode().to_string())
                        }
                        c => out.push(c),
                    }
                }
                out.push_str(delimiter);
                rest = &after[end + run..];
            }
            None => {
                out.push_str(delimiter);
                rest = after;
            }
        }
    }
    out.push_str(&outside(rest));
    out
}

/// `s` shown exactly in Markdown (a table cell or a line of rustdoc): HTML and Markdown
/// punctuation escaped, `|` escaped, newlines as `<br>`, control characters as references.
pub fn md_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.replace("\r\n", "\n").chars() {
        match c {
            '\n' | '\r' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push_str(&escape_html(&c.to_string())),
        }
    }
    out
}

/// `s` as inline code on one line: a code span whose backtick delimiters outgrow every run of
/// backticks in it. Text with line breaks, control or text-direction characters is shown as a
/// Rust string literal with escapes, so that it stays on one line and shows what it holds.
pub fn code_span(s: &str) -> String {
    let shown = match s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        true => format!("{s:?}"),
        false => s.to_string(),
    };
    let longest = shown.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let delimiter = "`".repeat(longest + 1);
    let pad = match shown.starts_with('`') || shown.ends_with('`') {
        true => " ",
        false => "",
    };
    format!("{delimiter}{pad}{shown}{pad}{delimiter}")
}

/// A Rust string literal holding `s` exactly.
pub fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

/// The rustdoc of prose: a `///` comment per line. [`prose`] leaves no carriage return, the
/// one character besides a line feed that a comment cannot hold. (`#[doc = "..."]` attributes
/// print the same once formatted, but comments are cheaper to format; see `rust_fmt`.)
pub fn doc_lines(s: &str) -> String {
    prose(s).lines().map(|l| format!("/// {l}\n")).collect()
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

    #[test]
    fn table_cells_keep_code_spans_as_written() {
        assert_eq!(
            md_cell("id as `<extIdpId>:<userIdInIdp>`, not <b>"),
            "id as `<extIdpId>:<userIdInIdp>`, not &lt;b&gt;"
        );
        assert_eq!(md_cell("`a|b` | c"), "`a\\|b` \\| c");
        assert_eq!(md_cell("one ` tick <x>"), "one ` tick &lt;x&gt;");
    }

    #[test]
    fn an_img_tag_becomes_a_markdown_image() {
        assert_eq!(
            prose(r#"Intro <img src="https://x.example/a.jpg" alt="drawing"/> end"#),
            "Intro ![drawing](https://x.example/a.jpg) end"
        );
        assert_eq!(prose("<IMG SRC='/b(1).png'>"), "![](/b%281%29.png)");
        assert_eq!(
            prose(r#"<img alt="a [b]" src="https://x.example/c.png">"#),
            r"![a \[b\]](https://x.example/c.png)"
        );
    }

    #[test]
    fn other_tags_stay_text_with_their_urls_intact() {
        assert_eq!(
            prose(r#"<a href="https://x.example/p">x</a>"#),
            r#"&lt;a href="<https://x.example/p>"&gt;x&lt;/a&gt;"#
        );
        assert_eq!(
            prose(r#"<img src="javascript:alert(1)">"#),
            r#"&lt;img src="javascript:alert(1)"&gt;"#
        );
        assert_eq!(prose("<imgx> and <img"), "&lt;imgx&gt; and &lt;img");
    }

    #[test]
    fn list_items_after_a_paragraph_start_a_list() {
        assert_eq!(prose("Options:\n- a\n- b"), "Options:\n\n- a\n- b");
        assert_eq!(prose("Steps\n1. one\n2. two"), "Steps\n\n1. one\n2. two");
        assert_eq!(prose("- a\n- b"), "- a\n- b");
        assert_eq!(prose("- a\nmore\n\nafter"), "- a\n  more\n\nafter");
    }

    #[test]
    fn code_spans_are_shown_as_written() {
        assert_eq!(prose("`<id>:<x>` and <b>"), "`<id>:<x>` and &lt;b&gt;");
        assert_eq!(prose("`a\u{202e}b`"), "`a\\u{202e}b`");
        assert_eq!(prose("lone ` <b>"), "lone ` &lt;b&gt;");
    }
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
    fn doc_lines_are_comments_with_no_carriage_return() {
        assert_eq!(
            doc_lines("a \"quoted\" */ \\\nline two\r\nthree\rfour"),
            "/// a \"quoted\" */ \\\n/// line two\n/// three\n/// four\n"
        );
    }

    #[test]
    fn prose_never_leaves_a_rust_block() {
        // An unclosed fence is closed; a longer fence keeps its length.
        assert_eq!(prose("a\n```rust\nfn x("), "a\n```text\nfn x(\n```");
        assert_eq!(
            prose("````rust\n```\n````\nafter"),
            "````text\n```\n````\nafter"
        );
        // Fences in list items and block quotes are no fences at all.
        assert_eq!(prose("- ```rust"), "- \\```rust");
        assert_eq!(prose("> ```rust"), "&gt; \\```rust");
        assert_eq!(prose("1. ~~~rust"), "1. \\~~~rust");
        assert_eq!(prose("a\n    ```rust"), "a\n    \\```rust");
        // An indented code block becomes a text block.
        assert_eq!(
            prose("a\n\n    fn x() {}\n\n    ```\n\nb"),
            "a\n\n````text\nfn x() {}\n\n```\n````\n\nb"
        );
        // A list indented under a paragraph line stays a list (upstream's
        // `ApplicationRegisterConfig.defaultRegisterMethod`).
        let listed = prose("Default type\n    - `PASSWORD`: a\n    - `PASSCODE`: b\n        ");
        assert_eq!(listed, "Default type\n\n- `PASSWORD`: a\n- `PASSCODE`: b");
        assert!(!runnable_code_block(&listed));
        assert_eq!(
            prose("a\n      - x\n        more\n      - y"),
            "a\n\n- x\n  more\n- y"
        );
        // Inline backticks are not fences.
        assert_eq!(prose("a ```rust``` b"), "a ```rust``` b");
        assert_eq!(prose("```rust``` b"), "```rust``` b");
    }

    #[test]
    fn literals_and_code_spans_show_text_exactly() {
        assert_eq!(
            md_literal("<script>|`x`*\n"),
            "&lt;script&gt;\\|\\`x\\`\\*<br>"
        );
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a ``` b"), "````a ``` b````");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        assert_eq!(code_span("a\nb"), "`\"a\\nb\"`");
    }

    #[test]
    fn fences_outgrow_backtick_runs() {
        assert_eq!(fence("plain"), "```");
        assert_eq!(fence("a ```` b"), "`````");
    }
}

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    use super::{prose, runnable_code_block};

    /// Markdown-ish text: the pieces that open code blocks, lists and quotes, in any order.
    fn markdownish() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "    ",
            "  ",
            " ",
            "\t",
            "\n",
            "\n\n",
            "- ",
            "* ",
            "1. ",
            "2) ",
            "> ",
            "```",
            "~~~",
            "````",
            "rust",
            "text",
            "`",
            "a",
            "fn x() {}",
            "<b>",
            "http://x.y/z",
            "|",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        /// Whatever the spec writes, rustdoc finds no code block to compile in its prose.
        #[test]
        fn prose_never_holds_a_doctest(text in markdownish()) {
            let out = prose(&text);
            prop_assert!(!runnable_code_block(&out), "{text:?} became {out:?}");
        }
    }
}
