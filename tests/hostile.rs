//! Hostile text stays text: `tests/fixtures/hostile.yaml` puts comment closers, raw-string
//! enders, backslashes, code fences (some tagged `rust`, with code that does not compile),
//! template syntax, pipes, HTML and `<script>`, newlines, `\r`, tabs, control characters,
//! right-to-left marks, zero-width spaces, emoji, Chinese and a 5,000-character line into every
//! place a spec has text. The output must still parse, compile (doctests included), keep its
//! tables' shape, show HTML as text and never turn a fence from the spec into Rust.

mod common;

use std::sync::OnceLock;

const FIXTURE: &str = "hostile.yaml";

fn generated() -> &'static oapi_docgen::Generated {
    static GENERATED: OnceLock<oapi_docgen::Generated> = OnceLock::new();
    GENERATED.get_or_init(|| common::generate(FIXTURE))
}

fn text_files(ext: &str) -> Vec<(&'static str, &'static str)> {
    generated()
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(ext))
        .map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).expect("utf-8 output");
            (path.as_str(), text)
        })
        .collect()
}

/// A Markdown code fence opener or closer: its character, length and info string.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.len() - t.trim_start_matches(c).len();
    let info = t[len..].trim();
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len, info))
}

/// The lines of a Markdown page with, for each, whether it is inside a fenced code block (the
/// fences themselves count as inside), checking that every fence opened is closed.
fn classify(path: &str, page: &str) -> Vec<(bool, String)> {
    let mut open: Option<(char, usize)> = None;
    let mut out = Vec::new();
    for line in page.lines() {
        match (open, fence(line)) {
            (None, Some((c, len, info))) => {
                assert!(
                    ["", "text", "json", "sh", "http", "toml", "rust,no_run"].contains(&info),
                    "{path}: a code block tagged {info:?}: {line}"
                );
                open = Some((c, len));
                out.push((true, line.to_string()));
            }
            (Some((c, len)), Some((c2, len2, ""))) if c == c2 && len2 >= len => {
                open = None;
                out.push((true, line.to_string()));
            }
            (Some(_), _) => out.push((true, line.to_string())),
            (None, None) => out.push((false, line.to_string())),
        }
    }
    assert!(open.is_none(), "{path}: a code fence is never closed");
    out
}

/// The number of cells of a table row as GFM splits it: every `|` not escaped by `\\`, even
/// inside a code span.
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in row.chars() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '|') => count += 1,
            _ => {}
        }
    }
    count
}

#[test]
fn generation_succeeds() {
    assert!(!generated().files.is_empty());
}

#[test]
fn every_rust_file_parses() {
    let rust = text_files(".rs");
    assert!(rust.len() >= 5);
    for (path, text) in rust {
        if let Err(e) = syn::parse_file(text) {
            panic!("{path} does not parse: {e}");
        }
    }
}

#[test]
fn every_table_row_has_its_header_cell_count() {
    for (path, page) in text_files(".md") {
        let lines = classify(path, page);
        let mut header: Option<usize> = None;
        for (i, (in_code, line)) in lines.iter().enumerate() {
            if *in_code || line.trim().is_empty() {
                header = None;
                continue;
            }
            match header {
                None if line.starts_with('|') => header = Some(cells(line)),
                None => {}
                Some(n) => {
                    assert!(
                        line.starts_with('|'),
                        "{path}:{}: a table row is broken across lines: {line:.200}",
                        i + 1
                    );
                    assert_eq!(
                        cells(line),
                        n,
                        "{path}:{}: row cells differ from the header: {line:.300}",
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn html_is_escaped_in_every_page() {
    // Code blocks show their text as it is (Markdown never reads HTML there); everywhere else
    // HTML from the spec must be escaped.
    for (path, page) in text_files(".md") {
        for (i, (in_code, line)) in classify(path, page).iter().enumerate() {
            if *in_code {
                continue;
            }
            let lower = line.to_lowercase();
            for raw in ["<script", "<div", "<b>", "<!-- an html"] {
                assert!(
                    !lower.contains(raw),
                    "{path}:{}: raw {raw} in: {line:.300}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn no_fence_from_the_spec_becomes_rust() {
    for (path, page) in text_files(".md") {
        // `classify` fails on a block tagged anything but text, json, sh, the generated HTTP
        // sample and the generated `rust,no_run` example, and on a fence left open.
        let lines = classify(path, page);
        let rust_blocks = lines
            .iter()
            .filter(|(_, l)| fence(l).is_some_and(|(_, _, info)| info.starts_with("rust")))
            .count();
        // One example on each operation page (`docs/<tag>/<page>.md`), in the README and on
        // the book's getting-started page, which shares the README's sections.
        let operation_page = path.starts_with("docs/") && path.matches('/').count() == 2;
        let expected = usize::from(operation_page)
            + usize::from(path == "README.md" || path == "docs/getting-started.md");
        assert_eq!(rust_blocks, expected, "{path}: Rust code blocks");
        // An indented code block is a Rust doctest in rustdoc.
        let mut blank = true;
        for (in_code, line) in &lines {
            if !in_code && blank {
                assert!(
                    !(line.starts_with("    ") || line.starts_with('\t')) || line.trim().is_empty(),
                    "{path}: an indented code block: {line:.200}"
                );
            }
            blank = !in_code && line.trim().is_empty();
        }
    }
}

#[test]
fn spec_text_reaches_rust_only_in_literals() {
    // Hostile text that parses as Rust outside a literal would show up as items or attributes
    // the templates do not make; inside literals, it round-trips.
    let modules: Vec<&str> = text_files(".rs")
        .into_iter()
        .filter(|(path, _)| path.starts_with("src/models/"))
        .map(|(_, text)| text)
        .collect();
    assert!(modules.len() >= 2, "models/mod.rs and a module of types");
    let models = modules.join("\n");
    for module in &modules {
        let file = syn::parse_file(module).expect("parses");
        for item in &file.items {
            assert!(
                matches!(
                    item,
                    syn::Item::Struct(_)
                        | syn::Item::Enum(_)
                        | syn::Item::Impl(_)
                        | syn::Item::Type(_)
                        | syn::Item::Use(_)
                        | syn::Item::Mod(_)
                        | syn::Item::Const(_)
                        | syn::Item::Fn(_)
                ),
                "unexpected item in models"
            );
        }
    }
    assert!(models.contains("\"<script>alert(1)</script>\""));
}

/// The doctests of a generated crate are the pages' examples (`README.md` and `docs/`, included
/// as rustdoc), never text from the spec in a `.rs` file.
fn assert_only_example_doctests(fixture: &str, doctests: &str) {
    let tests: Vec<&str> = doctests
        .lines()
        .filter(|l| l.starts_with("test ") && l.contains(" ... "))
        .collect();
    assert!(
        tests.len() >= 2,
        "{fixture}: the page examples ran: {doctests}"
    );
    for line in tests {
        let file = line.split(' ').nth(1).unwrap_or_default();
        assert!(
            file.ends_with("README.md") || file.contains("docs/"),
            "{fixture}: a doctest that is not a page example: {line}"
        );
    }
}

#[test]
fn the_crate_and_its_doctests_compile() {
    let doctests = common::compile_check(FIXTURE, true);
    assert_only_example_doctests(FIXTURE, &doctests);
}

/// Spec text that `templates/rust/enum.rs` (variant docs) and `templates/rust/struct.rs`
/// (setter docs) put into `#[doc]` without escaping: a bare CR or a right-to-left override stops
/// the crate compiling, a fence becomes a doctest, and a backtick lets HTML into rustdoc.
#[test]
fn raw_text_in_variant_and_setter_docs() {
    let fixture = "hostile_rust.yaml";
    let generated = common::generate(fixture);
    for (path, bytes) in &generated.files {
        let text = std::str::from_utf8(bytes).expect("utf-8");
        if path.ends_with(".rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
            let docs: Vec<&str> = text
                .lines()
                .filter(|l| l.trim_start().starts_with("///") || l.trim_start().starts_with("/**"))
                .collect();
            assert!(
                !docs
                    .iter()
                    .any(|l| without_code_spans(l).contains("<script")),
                "{path}: raw HTML in rustdoc (outside code spans, which rustdoc shows as text)"
            );
        }
    }
    let doctests = common::compile_check(fixture, true);
    assert_only_example_doctests(fixture, &doctests);
}

/// A Markdown line without its code spans (a run of backticks up to the next run of the same
/// length), which rustdoc and CommonMark show as literal text.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let delimiter = "`".repeat(run);
        let after = &rest[start + run..];
        match after.find(&delimiter) {
            Some(end) => rest = &after[end + run..],
            None => {
                out.push_str(&rest[start..]);
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}
