//! Leniency where other tools are lenient: a number or boolean written where OpenAPI wants a
//! string (`info.version: 3`, YAML's `version: 1.0`, `title: 2024`, a numeric example of a
//! string schema, `enum: [1, 2]` on a string schema) is taken as its text, with a warning
//! naming its JSON pointer. Real type errors (an object or a list where a string belongs) are
//! left for the shape checks and the typed parse to refuse.

use serde_json::Value;

use crate::pointer::{push_index, push_token};
use crate::shape::Ctx;

/// Members outside schemas whose value OpenAPI defines as a string (in the document, `info`,
/// tags, servers, operations, parameters, responses, examples and security schemes).
const STRING_MEMBERS: &[&str] = &[
    "version",
    "title",
    "description",
    "summary",
    "termsOfService",
    "operationId",
    "name",
    "url",
    "email",
    "in",
    "style",
    "scheme",
    "bearerFormat",
    "openIdConnectUrl",
    "tokenUrl",
    "authorizationUrl",
    "refreshUrl",
    "externalValue",
];

/// Schema keywords whose value is a string.
const SCHEMA_STRING_KEYWORDS: &[&str] = &["title", "description", "format", "pattern"];

/// Rewrites every number or boolean that stands where a string belongs into its text, and
/// returns one warning per rewrite, each naming its JSON pointer.
pub fn stringify_scalars(raw: &mut Value) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut pointer = String::from("#");
    walk(raw, Ctx::Normal, &mut pointer, &mut warnings);
    warnings
}

fn walk(value: &mut Value, ctx: Ctx, pointer: &mut String, warnings: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let string_schema =
                ctx == Ctx::Schema && map.get("type").and_then(Value::as_str) == Some("string");
            for (key, child) in map.iter_mut() {
                let len = pointer.len();
                push_token(pointer, key);
                let wants_string = match ctx {
                    Ctx::Schema => {
                        SCHEMA_STRING_KEYWORDS.contains(&key.as_str())
                            || (string_schema && key == "example")
                    }
                    Ctx::Normal => STRING_MEMBERS.contains(&key.as_str()),
                    Ctx::SchemaMap | Ctx::SchemaList => false,
                };
                if wants_string {
                    stringify(child, pointer, warnings);
                } else if string_schema && key == "enum" {
                    if let Value::Array(values) = child {
                        for (i, item) in values.iter_mut().enumerate() {
                            let len = pointer.len();
                            push_index(pointer, i);
                            stringify(item, pointer, warnings);
                            pointer.truncate(len);
                        }
                    }
                } else if let Some(child_ctx) = ctx.member(key, child) {
                    walk(child, child_ctx, pointer, warnings);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = pointer.len();
                push_index(pointer, i);
                walk(child, ctx.element(), pointer, warnings);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// `value` as its text when it is a number or a boolean.
fn stringify(value: &mut Value, pointer: &str, warnings: &mut Vec<String>) {
    let (text, kind) = match value {
        Value::Number(n) => (n.to_string(), "a number"),
        Value::Bool(b) => (b.to_string(), "a boolean"),
        _ => return,
    };
    warnings.push(format!(
        "{pointer}: {kind} where a string belongs; taken as the text {text:?}"
    ));
    *value = Value::String(text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_booleans_where_strings_belong_become_text() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": 2024, "version": 3},
            "paths": {"/a": {"get": {"summary": true, "responses": {"200": {"description": 1.5}}}}},
            "components": {"schemas": {"Code": {
                "type": "string", "enum": [1, "two", null], "example": 7, "description": 9
            }, "Count": {"type": "integer", "example": 7, "enum": [1, 2]}}}
        });
        let warnings = stringify_scalars(&mut doc);
        assert_eq!(doc["info"], json!({"title": "2024", "version": "3"}));
        assert_eq!(doc["paths"]["/a"]["get"]["summary"], "true");
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["description"],
            "1.5"
        );
        let code = &doc["components"]["schemas"]["Code"];
        assert_eq!(code["enum"], json!(["1", "two", null]));
        assert_eq!(code["example"], "7");
        assert_eq!(code["description"], "9");
        // An integer schema keeps its numbers.
        let count = &doc["components"]["schemas"]["Count"];
        assert_eq!(
            count,
            &json!({"type": "integer", "example": 7, "enum": [1, 2]})
        );
        assert_eq!(warnings.len(), 7, "{warnings:#?}");
        assert!(
            warnings.contains(
                &"#/info/version: a number where a string belongs; taken as the text \"3\""
                    .to_string()
            ),
            "{warnings:#?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("#/components/schemas/Code/enum/0: a number")),
            "{warnings:#?}"
        );
    }

    #[test]
    fn objects_and_lists_are_left_for_the_parser_to_refuse() {
        let mut doc = json!({"info": {"title": {"a": 1}, "version": [1]}});
        let before = doc.clone();
        assert!(stringify_scalars(&mut doc).is_empty());
        assert_eq!(doc, before);
    }

    #[test]
    fn data_is_left_as_written() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"x-meta": {"version": 3},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "example": {"name": 1}, "examples": {"one": {"value": {"version": 2}}}
                }}}}}}}
        });
        let before = doc.clone();
        assert!(stringify_scalars(&mut doc).is_empty());
        assert_eq!(doc, before);
    }
}
