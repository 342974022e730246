//! Rust identifiers and file-name slugs made from the names and values found in an API description.
//!
//! Every function here accepts any string (empty, punctuation only, control characters, emoji,
//! non-Latin scripts, very long input) and returns a usable name; none of them panics.
//!
//! Words are split the way [`heck`] splits them (on case changes and on anything that is not
//! alphanumeric), after every character that can't be part of a Rust identifier has been turned
//! into a word break. Letters of any script are kept: `用户 名称` becomes the type `用户名称` and
//! the field `用户_名称`.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// Strict keywords of the 2015–2024 editions (`as` … `while`, `async`, `await`, `dyn`) and
/// reserved keywords (`abstract` … `yield`, `gen`, `try`): none can be a plain identifier.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that can't be written as raw identifiers either (`r#self` is an error).
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "Self", "super"];

/// Type names that would shadow a type, trait or variant of the Rust 2024 prelude, or a name the
/// generated code relies on (`BTreeMap`, `Client`, `Debug`, `Deserialize`, `Display`, `Error`,
/// `HashMap`, `Map`, `Serialize`, `Value`).
const SHADOWED_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "BTreeMap",
    "Box",
    "Client",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Display",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "HashMap",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "Map",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Value",
    "Vec",
];

/// UpperCamelCase identifier for a type (struct/enum) made from an API name such as a schema
/// name, `CreateWebhookDto`, `webhook-event`, `管理 Webhook`.
///
/// A name that would shadow a prelude or commonly used type gets a `Model` suffix (`Error` →
/// `ErrorModel`), `Self` becomes `Self_`, a name that can't start an identifier gets a `V` prefix
/// (`404 response` → `V404Response`) and a name without any word becomes `Unnamed`.
pub fn type_ident(api_name: &str) -> String {
    let name = upper_camel(api_name);
    if name.is_empty() {
        return "Unnamed".to_owned();
    }
    let mut name = ensure_start(name, "V");
    if SHADOWED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    escape_self(name)
}

/// UpperCamelCase identifier for an enum variant made from an enum *value* such as
/// `user:created`, `application/json`, `1`, `""`, `-`.
///
/// A value that can't start an identifier gets a `V` prefix (`1` → `V1`), a negative number a
/// `Minus` prefix (`-1` → `Minus1`), and a value without any word is spelled out symbol by symbol
/// (`""` → `Empty`, `>=` → `GtEq`).
pub fn variant_ident(value: &str) -> String {
    let (sign, number) = match value.strip_prefix('-') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => ("Minus", rest),
        _ => ("", value),
    };
    let words = upper_camel(number);
    let name = if words.is_empty() {
        spell_symbols(value)
    } else {
        format!("{sign}{words}")
    };
    escape_self(ensure_start(name, "V"))
}

/// snake_case identifier for a struct field, function argument or method, from e.g.
/// `webhookId`, `contentType`, `type`, `x-authing-userpool-id`, `1st`.
///
/// Keywords become raw identifiers (`r#type`) except those that can't be raw, which get a
/// trailing underscore (`self_`). A name that can't start an identifier gets a `_` prefix
/// (`1st` → `_1st`), an empty name becomes `field`, and a name without any word is spelled out
/// symbol by symbol (`-` → `minus`).
pub fn field_ident(api_name: &str) -> String {
    let name = snake(api_name);
    let name = if name.is_empty() {
        if api_name.is_empty() {
            "field".to_owned()
        } else {
            spell_symbols(api_name).to_snake_case()
        }
    } else {
        ensure_start(name, "_")
    };
    if !is_keyword(&name) {
        name
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name + "_"
    } else {
        format!("r#{name}")
    }
}

/// snake_case identifier for a module or a file stem (no raw identifiers here: keywords get a
/// trailing underscore, e.g. `type_`).
///
/// A name that can't start an identifier gets a `_` prefix and a name without any word becomes
/// `module`.
pub fn module_ident(api_name: &str) -> String {
    let name = snake(api_name);
    if name.is_empty() {
        return "module".to_owned();
    }
    let name = ensure_start(name, "_");
    if is_keyword(&name) { name + "_" } else { name }
}

/// Kebab-case slug for a file name or Markdown anchor: lowercase ASCII letters and digits in
/// words joined by `-`, e.g. `CreateWebhookDto` → `create-webhook-dto`, `Manage Webhook` →
/// `manage-webhook`.
///
/// Characters other than ASCII letters and digits break words; a name without any of them
/// becomes `item`.
pub fn slug(api_name: &str) -> String {
    let ascii: String = api_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let slug = ascii.to_kebab_case();
    if slug.is_empty() {
        "item".to_owned()
    } else {
        slug
    }
}

/// A slug for a folder or file name that keeps letters of every script, so that names in
/// Chinese or other scripts stay readable: lowercase, runs of anything that is not a letter or
/// digit become one `-`, never empty (fallback `item`). `管理 Webhook/API 列表` →
/// `管理-webhook-api-列表`.
pub fn unicode_slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("item");
    }
    out
}

/// Hands out identifiers that are unique within one scope (a module's types, a struct's fields,
/// an enum's variants, a client's methods).
///
/// `r#type` and `type` count as the same name.
#[derive(Debug, Default, Clone)]
pub struct UniqueNames {
    used: BTreeSet<String>,
}

impl UniqueNames {
    /// An empty scope: every name is free.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserve a name so that `unique` never hands it out (e.g. names the generated code itself
    /// uses).
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(unraw(name).to_owned());
    }

    /// Returns `candidate` if unused, else the first unused of `candidate2`, `candidate3`, … for
    /// CamelCase names or `candidate_2`, `candidate_3`, … for snake_case names, and marks the
    /// result used.
    ///
    /// A name counts as snake_case if it starts with a lowercase letter or contains `_` other
    /// than at its end. A raw identifier loses its `r#` before being numbered (`r#type` →
    /// `type_2`), a trailing `_` isn't doubled (`self_` → `self_2`, `Self_` → `Self2`), and a
    /// CamelCase name ending in a digit is numbered after a `_` so that numbers stay apart
    /// (`V1` → `V1_2`, not `V12`).
    ///
    /// `candidate` is expected to be a valid identifier, e.g. one made by the functions of this
    /// module.
    pub fn unique(&mut self, candidate: &str) -> String {
        let base = unraw(candidate);
        if self.used.insert(base.to_owned()) {
            return candidate.to_owned();
        }
        let mut n: u64 = 2;
        loop {
            let name = numbered(base, n);
            if self.used.insert(name.clone()) {
                return name;
            }
            n += 1;
        }
    }
}

/// True if `s` is a valid Rust identifier (including raw identifiers like `r#type`), per Rust
/// 2024 rules.
pub fn is_valid_ident(s: &str) -> bool {
    match s.strip_prefix("r#") {
        Some(raw) => is_plain_ident(raw) && !NON_RAW_KEYWORDS.contains(&raw),
        None => is_plain_ident(s) && !is_keyword(s),
    }
}

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Identifier syntax without the keyword check: XID_Start or `_`, then XID_Continue, not `_`.
fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let starts_well = chars.next().is_some_and(|c| c == '_' || is_xid_start(c));
    starts_well && s != "_" && chars.all(is_xid_continue)
}

fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// `base` with the number `n` appended in the style of `base` (see [`UniqueNames::unique`]).
fn numbered(base: &str, n: u64) -> String {
    let stem = base.trim_end_matches('_');
    let snake = stem.is_empty() || stem.contains('_') || stem.starts_with(char::is_lowercase);
    if snake {
        let separator = if base.ends_with('_') { "" } else { "_" };
        format!("{base}{separator}{n}")
    } else if stem.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{stem}_{n}")
    } else {
        format!("{stem}{n}")
    }
}

/// `name` with every character that is not both alphanumeric and XID_Continue replaced by a space,
/// which [`heck`] treats as a word break.
fn word_chars(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() && is_xid_continue(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The words of `name` in UpperCamelCase, possibly empty.
///
/// Where only a word break stands between two digits the words are joined with `_`, so that
/// `1.5` gives `1_5` rather than `15` (a name `rustc`'s `non_camel_case_types` lint accepts).
fn upper_camel(name: &str) -> String {
    let mut segments = vec![String::new()];
    let mut last_was_digit = false;
    let mut after_break = false;
    for c in word_chars(name).chars() {
        if c == ' ' {
            after_break = true;
            continue;
        }
        if after_break && last_was_digit && c.is_numeric() {
            segments.push(String::new());
        }
        if let Some(segment) = segments.last_mut() {
            if after_break {
                segment.push(' ');
            }
            segment.push(c);
        }
        last_was_digit = c.is_numeric();
        after_break = false;
    }
    let words: Vec<String> = segments
        .iter()
        .map(|segment| segment.to_upper_camel_case())
        .filter(|segment| !segment.is_empty())
        .collect();
    let mut joined = words.join("_");
    // Case mapping could in theory produce characters an identifier can't hold.
    joined.retain(is_xid_continue);
    joined
}

/// The words of `name` in snake_case, possibly empty.
fn snake(name: &str) -> String {
    let mut snake = word_chars(name).to_snake_case();
    // Case mapping could in theory produce characters an identifier can't hold.
    snake.retain(is_xid_continue);
    snake
}

/// `name` (non-empty, all XID_Continue) with `prefix` put in front if it can't start an
/// identifier as it is, e.g. because it starts with a digit.
fn ensure_start(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c == '_' || is_xid_start(c)) {
        name
    } else {
        format!("{prefix}{name}")
    }
}

/// `Self` is the only keyword an UpperCamelCase name can be.
fn escape_self(name: String) -> String {
    if name == "Self" { name + "_" } else { name }
}

/// The characters of `value` spelled as UpperCamelCase words, `Empty` for an empty string.
///
/// A run of characters without a name of its own gives one `Symbol` so that, e.g., an emoji
/// made of several code points doesn't give `SymbolSymbolSymbol`.
fn spell_symbols(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_owned();
    }
    let mut words: Vec<&str> = value.chars().map(symbol_name).collect();
    words.dedup_by(|a, b| *a == "Symbol" && *b == "Symbol");
    words.concat()
}

fn symbol_name(c: char) -> &'static str {
    match c {
        '-' => "Minus",
        '+' => "Plus",
        '*' => "Star",
        '/' => "Slash",
        '.' => "Dot",
        ':' => "Colon",
        '=' => "Eq",
        '<' => "Lt",
        '>' => "Gt",
        '!' => "Bang",
        '?' => "Question",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "Amp",
        '|' => "Pipe",
        '~' => "Tilde",
        ' ' => "Space",
        '_' => "Underscore",
        _ => "Symbol",
    }
}

#[cfg(test)]
mod unicode_slug_tests {
    use super::unicode_slug;

    #[test]
    fn keeps_every_script() {
        assert_eq!(
            unicode_slug("管理 Webhook/API 列表"),
            "管理-webhook-api-列表"
        );
        assert_eq!(unicode_slug("Manage Webhook"), "manage-webhook");
        assert_eq!(unicode_slug("--"), "item");
        assert_eq!(unicode_slug("a\u{202e}b"), "a-b");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(f: fn(&str) -> String, cases: &[(&str, &str)]) {
        for &(input, expected) in cases {
            assert_eq!(f(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn type_idents() {
        check(
            type_ident,
            &[
                ("CreateWebhookDto", "CreateWebhookDto"),
                ("webhook-event", "WebhookEvent"),
                ("webhook_event", "WebhookEvent"),
                ("webhook event", "WebhookEvent"),
                ("HTTPStatus", "HttpStatus"),
                ("管理 Webhook", "管理Webhook"),
                ("用户 名称", "用户名称"),
                ("Error", "ErrorModel"),
                ("error", "ErrorModel"),
                ("ERROR", "ErrorModel"),
                ("Option", "OptionModel"),
                ("Result", "ResultModel"),
                ("Some", "SomeModel"),
                ("None", "NoneModel"),
                ("String", "StringModel"),
                ("Vec", "VecModel"),
                ("Value", "ValueModel"),
                ("Client", "ClientModel"),
                ("HashMap", "HashMapModel"),
                ("Self", "Self_"),
                ("self", "Self_"),
                ("type", "Type"),
                ("1", "V1"),
                ("2fa", "V2fa"),
                ("2FA", "V2fa"),
                ("404 response", "V404Response"),
                ("1.5", "V1_5"),
                ("v1.2.3", "V1_2_3"),
                ("api v2 beta", "ApiV2Beta"),
                ("", "Unnamed"),
                ("-", "Unnamed"),
                ("_", "Unnamed"),
                ("🙂", "Unnamed"),
                ("Foo.Bar", "FooBar"),
                ("a\nb", "AB"),
                ("\u{202e}rtl", "Rtl"),
            ],
        );
    }

    #[test]
    fn variant_idents() {
        check(
            variant_ident,
            &[
                ("user:created", "UserCreated"),
                ("application/json", "ApplicationJson"),
                (
                    "application/x-www-form-urlencoded",
                    "ApplicationXWwwFormUrlencoded",
                ),
                ("mfa:verified", "MfaVerified"),
                ("application:mfa:enabled", "ApplicationMfaEnabled"),
                ("SCREAMING_CASE", "ScreamingCase"),
                ("camelCase", "CamelCase"),
                ("1", "V1"),
                ("0", "V0"),
                ("-1", "Minus1"),
                ("-1.5", "Minus1_5"),
                ("1.5", "V1_5"),
                ("15", "V15"),
                ("+1", "V1"),
                ("2fa", "V2fa"),
                ("", "Empty"),
                ("-", "Minus"),
                ("+", "Plus"),
                ("*", "Star"),
                ("/", "Slash"),
                (".", "Dot"),
                (":", "Colon"),
                ("=", "Eq"),
                ("<", "Lt"),
                (">", "Gt"),
                ("!", "Bang"),
                ("?", "Question"),
                ("@", "At"),
                ("#", "Hash"),
                ("$", "Dollar"),
                ("%", "Percent"),
                ("&", "Amp"),
                ("|", "Pipe"),
                ("~", "Tilde"),
                (" ", "Space"),
                ("_", "Underscore"),
                (">=", "GtEq"),
                ("<=", "LtEq"),
                ("!=", "BangEq"),
                ("--", "MinusMinus"),
                ("🙂", "Symbol"),
                ("👍🏽", "Symbol"),
                ("\0", "Symbol"),
                ("^", "Symbol"),
                ("-🙂-", "MinusSymbolMinus"),
                ("Self", "Self_"),
                ("self", "Self_"),
                ("None", "None"),
                ("Error", "Error"),
                ("type", "Type"),
                ("名称", "名称"),
            ],
        );
    }

    #[test]
    fn field_idents() {
        check(
            field_ident,
            &[
                ("webhookId", "webhook_id"),
                ("contentType", "content_type"),
                ("x-authing-userpool-id", "x_authing_userpool_id"),
                ("access_token", "access_token"),
                ("scoped_userpool_id", "scoped_userpool_id"),
                ("HTTPStatus", "http_status"),
                ("_id", "id"),
                ("$ref", "r#ref"),
                ("@type", "r#type"),
                ("type", "r#type"),
                ("Type", "r#type"),
                ("TYPE", "r#type"),
                ("async", "r#async"),
                ("gen", "r#gen"),
                ("try", "r#try"),
                ("self", "self_"),
                ("Self", "self_"),
                ("super", "super_"),
                ("crate", "crate_"),
                ("union", "union"),
                ("raw", "raw"),
                ("safe", "safe"),
                ("macro_rules", "macro_rules"),
                ("1st", "_1st"),
                ("1", "_1"),
                ("-1", "_1"),
                ("1.5", "_1_5"),
                ("用户 名称", "用户_名称"),
                ("", "field"),
                ("-", "minus"),
                (">=", "gt_eq"),
                ("_", "underscore"),
                ("__", "underscore_underscore"),
                ("🙂", "symbol"),
                ("a\nb", "a_b"),
            ],
        );
    }

    #[test]
    fn module_idents() {
        check(
            module_ident,
            &[
                ("Webhook Events", "webhook_events"),
                ("CreateWebhookDto", "create_webhook_dto"),
                ("type", "type_"),
                ("self", "self_"),
                ("Self", "self_"),
                ("crate", "crate_"),
                ("super", "super_"),
                ("gen", "gen_"),
                ("async", "async_"),
                ("mod", "mod_"),
                ("1st", "_1st"),
                ("管理 Webhook", "管理_webhook"),
                ("", "module"),
                ("-", "module"),
                ("_", "module"),
                ("🙂", "module"),
            ],
        );
    }

    #[test]
    fn slugs() {
        check(
            slug,
            &[
                ("CreateWebhookDto", "create-webhook-dto"),
                ("Manage Webhook", "manage-webhook"),
                ("管理 Webhook", "webhook"),
                ("HTTPStatus", "http-status"),
                ("x-authing-userpool-id", "x-authing-userpool-id"),
                ("  --Leading and trailing--  ", "leading-and-trailing"),
                ("v1.2", "v1-2"),
                ("Café", "caf"),
                ("", "item"),
                ("名称", "item"),
                ("---", "item"),
            ],
        );
    }

    #[test]
    fn valid_idents() {
        for s in [
            "a", "_a", "__", "_1", "A1", "r#type", "r#gen", "r#foo", "union", "用户", "self_",
            "Self_",
        ] {
            assert!(is_valid_ident(s), "{s:?} should be valid");
        }
        for s in [
            "", "_", "1a", "a-b", "a b", "type", "gen", "Self", "self", "r#self", "r#Self",
            "r#super", "r#crate", "r#_", "r#", "r#1", "r#r#a", "🙂", "\u{301}a",
        ] {
            assert!(!is_valid_ident(s), "{s:?} should be invalid");
        }
    }

    #[test]
    fn keywords_never_come_out_bare() {
        for &kw in KEYWORDS {
            for (f, name) in [
                (field_ident as fn(&str) -> String, "field_ident"),
                (module_ident, "module_ident"),
                (type_ident, "type_ident"),
                (variant_ident, "variant_ident"),
            ] {
                let ident = f(kw);
                assert!(is_valid_ident(&ident), "{name}({kw:?}) = {ident:?}");
                assert_ne!(ident, kw, "{name}({kw:?})");
            }
            assert!(!is_valid_ident(kw), "{kw:?}");
            let raw = format!("r#{kw}");
            assert_eq!(
                is_valid_ident(&raw),
                !NON_RAW_KEYWORDS.contains(&kw),
                "{raw:?}"
            );
        }
        for &kw in KEYWORDS {
            let module = module_ident(kw);
            assert!(!module.starts_with("r#"), "{module:?}");
        }
    }

    #[test]
    fn shadowed_type_names_get_a_suffix() {
        for &name in SHADOWED_TYPE_NAMES {
            let ident = type_ident(name);
            assert_eq!(ident, format!("{name}Model"));
            assert!(is_valid_ident(&ident));
        }
    }

    #[track_caller]
    fn check_unique(reserved: &[&str], candidates: &[&str], expected: &[&str]) {
        let mut names = UniqueNames::new();
        for name in reserved {
            names.reserve(name);
        }
        let got: Vec<String> = candidates.iter().map(|c| names.unique(c)).collect();
        assert_eq!(
            got, expected,
            "reserved {reserved:?}, candidates {candidates:?}"
        );
    }

    #[test]
    fn unique_names() {
        check_unique(&[], &["Foo", "Foo", "Foo"], &["Foo", "Foo2", "Foo3"]);
        check_unique(
            &[],
            &["foo_bar", "foo_bar", "foo_bar"],
            &["foo_bar", "foo_bar_2", "foo_bar_3"],
        );
        check_unique(&[], &["foo", "foo"], &["foo", "foo_2"]);
        check_unique(&["Client"], &["Client"], &["Client2"]);
        check_unique(&["new"], &["new", "new"], &["new_2", "new_3"]);
        check_unique(&[], &["Foo", "Foo", "Foo2"], &["Foo", "Foo2", "Foo2_2"]);
        check_unique(&[], &["Foo2", "Foo", "Foo"], &["Foo2", "Foo", "Foo3"]);
        check_unique(&[], &["V1", "V1", "V12"], &["V1", "V1_2", "V12"]);
        check_unique(&[], &["foo_2", "foo", "foo"], &["foo_2", "foo", "foo_3"]);
        check_unique(&[], &["r#type", "r#type"], &["r#type", "type_2"]);
        check_unique(
            &[],
            &["type_", "r#type", "type"],
            &["type_", "r#type", "type_2"],
        );
        check_unique(&["r#type"], &["r#type"], &["type_2"]);
        check_unique(&[], &["self_", "self_"], &["self_", "self_2"]);
        check_unique(&[], &["Self_", "Self_"], &["Self_", "Self2"]);
        check_unique(&[], &["用户名称", "用户名称"], &["用户名称", "用户名称2"]);
        check_unique(
            &[],
            &["用户_名称", "用户_名称"],
            &["用户_名称", "用户_名称_2"],
        );
        check_unique(&[], &["_1st", "_1st"], &["_1st", "_1st_2"]);
        check_unique(&[], &["_", "_"], &["_", "_2"]);
        check_unique(&[], &["", ""], &["", "_2"]);
    }

    #[test]
    fn unique_names_stay_unique() {
        let mut names = UniqueNames::new();
        names.reserve("Foo3");
        let mut seen = BTreeSet::new();
        for candidate in [
            "Foo", "Foo2", "Foo", "Foo", "Foo2", "Foo2_2", "Foo", "foo", "foo_2",
        ] {
            let name = names.unique(candidate);
            assert_ne!(name, "Foo3");
            assert!(seen.insert(name.clone()), "{name:?} handed out twice");
        }
    }

    fn nasty_inputs() -> Vec<String> {
        let mut inputs: Vec<String> = [
            "",
            "_",
            "__",
            "🙂",
            "\u{202e}rtl",
            "a\nb",
            "*/",
            "\"#",
            "{{ }}",
            "<script>",
            "\0",
            "名称",
            "1",
            "-1",
            "1.5",
            "-",
            "r#type",
            "r#",
            "Self",
            "self",
            "\u{301}",
            "a\u{301}",
            "\u{93f}",
            "a \u{93f}",
            "ि",
            "İstanbul",
            "ǅemal",
            "ß",
            "ŉ",
            "ΐ",
            "\u{200d}",
            "\u{fe0f}",
            "👨\u{200d}👩\u{200d}👧",
            "🇩🇪",
            "½",
            "x²",
            "Ⅷ",
            "١٢٣",
            "\u{3164}",
            "\t\r\n",
            "\\",
            "'",
            "`",
            "${x}",
            "a::b",
            "mod.rs",
            "../etc/passwd",
            "\u{feff}bom",
            "\u{ffff}",
            "\u{10ffff}",
            "\u{e000}",
            "ﬁle",
            "Ａｂｃ",
            "AbC_dEf-GhI",
            "  ",
            "-_-",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        inputs.extend(KEYWORDS.iter().map(|s| s.to_string()));
        inputs.extend(SHADOWED_TYPE_NAMES.iter().map(|s| s.to_string()));
        inputs.push("a".repeat(10_000));
        inputs.push("aB-1.".repeat(2_000));
        inputs.push("🙂-".repeat(5_000));
        inputs.push("名".repeat(10_000));
        inputs.push((0..=0x2ffu32).filter_map(char::from_u32).collect());
        inputs.extend((0..0x3000u32).filter_map(char::from_u32).map(String::from));
        inputs
    }

    fn is_slug(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty() && part.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))
            })
    }

    #[test]
    fn nasty_inputs_give_valid_names() {
        for input in nasty_inputs() {
            let mut names = UniqueNames::new();
            names.reserve(&input);
            for (f, name) in [
                (type_ident as fn(&str) -> String, "type_ident"),
                (variant_ident, "variant_ident"),
                (field_ident, "field_ident"),
                (module_ident, "module_ident"),
            ] {
                let ident = f(&input);
                assert!(is_valid_ident(&ident), "{name}({input:?}) = {ident:?}");
                for _ in 0..3 {
                    let unique = names.unique(&ident);
                    assert!(is_valid_ident(&unique), "unique({ident:?}) = {unique:?}");
                }
            }
            let module = module_ident(&input);
            assert!(
                !module.starts_with("r#"),
                "module_ident({input:?}) = {module:?}"
            );
            let slug = slug(&input);
            assert!(is_slug(&slug), "slug({input:?}) = {slug:?}");
            // Must not panic, whatever it answers.
            is_valid_ident(&input);
        }
    }

    #[test]
    fn snake_case_output_is_lowercase_ascii_for_ascii_input() {
        for input in [
            "webhookId",
            "X-Request-ID",
            "HTTPStatus",
            "a1B2c3",
            "OAuth2Token",
        ] {
            let ident = field_ident(input);
            assert!(
                ident
                    .bytes()
                    .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_')),
                "{ident:?}"
            );
        }
    }
}
