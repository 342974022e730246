//! The invariant "templates only print": every decision is made in `lower`, `examples` or
//! `spell` and stored in the IR, so a template's expressions hold no comparison or boolean
//! logic, and call only the few questions the IR answers by name (a short allow-list).

use std::path::{Path, PathBuf};

/// Methods a template may call: emptiness and presence, the language's labels, and the IR's
/// own questions (`has_*` and those below), each a name for a decision made before rendering.
const ALLOWED_METHODS: &[&str] = &[
    "all_optional",
    "as_str",
    "authentication",
    "base_path",
    "example_event",
    "first_feature",
    "first_secret_header",
    "get",
    "is_empty",
    "is_none",
    "is_some",
    "labels",
    "len",
    "optional",
    "required",
    "scheme_constant",
    "tag",
    "userpool_setter",
    "yes_no",
];

fn templates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("reads templates/") {
            let path = entry.expect("an entry").path();
            match path.is_dir() {
                true => stack.push(path),
                false => out.push(path),
            }
        }
    }
    out.sort();
    out
}

/// The expressions of a template: the insides of `{{ … }}` and `{% … %}`, with string
/// literals blanked (their text is printed, not evaluated).
fn expressions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = after[1..].find(close) else {
            break;
        };
        out.push(blank_strings(&after[1..1 + end]));
        rest = &after[1 + end + close.len()..];
    }
    out
}

/// `s` with the contents of its string literals removed.
fn blank_strings(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in s.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => {
                in_string = false;
                out.push(c);
            }
            (true, false, _) => {}
            (false, _, '"') => {
                in_string = true;
                out.push(c);
            }
            (false, _, c) => out.push(c),
        }
    }
    out
}

/// The names of the methods an expression calls (`.name(`).
fn method_calls(expression: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = expression.as_bytes();
    for (i, _) in expression.match_indices('.') {
        let name: String = expression[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && bytes.get(i + 1 + name.len()) == Some(&b'(') {
            out.push(name);
        }
    }
    out
}

#[test]
fn templates_only_print() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in templates() {
        let text = std::fs::read_to_string(&path).expect("a template is text");
        let name = path.display();
        for expression in expressions(&text) {
            checked += 1;
            for operator in ["&&", "||", "==", "!="] {
                if expression.contains(operator) {
                    problems.push(format!("{name}: `{operator}` in `{}`", expression.trim()));
                }
            }
            for method in method_calls(&expression) {
                if !(method.starts_with("has_") || ALLOWED_METHODS.contains(&method.as_str())) {
                    problems.push(format!(
                        "{name}: calls `{method}` in `{}`",
                        expression.trim()
                    ));
                }
            }
        }
    }
    assert!(
        checked > 300,
        "the templates' expressions were read ({checked})"
    );
    assert!(
        problems.is_empty(),
        "templates decide instead of printing; move the decision into the IR:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scan_sees_what_it_must_refuse() {
    let found = expressions(r#"a {{ x.y && z }} b {% if a.b(c) == "&& ||" %} {{ "{{" }}"#);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("&&"));
    assert!(found[1].contains("=="));
    assert!(
        !found[1].contains("||"),
        "string literals are not code: {found:?}"
    );
    assert_eq!(method_calls(&found[1]), vec!["b"]);
    assert!(method_calls(" f|md_cell ").is_empty());
}
