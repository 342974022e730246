{#- A test per page: its sample result must round-trip through the response type. Fields: api. -#}
//! Every reference page's sample result deserializes into the operation's response type and
//! serializes back to the same JSON, so the docs cannot show a shape the code does not accept.
#![allow(deprecated, reason = "samples of deprecated types are tested too")]

{%- if api.has_samples() %}

use {{ api.krate.lib_name }}::models;

/// The reference page at `path` under `docs/`.
macro_rules! page {
    ($path:literal) => {
        include_str!(concat!("../docs/", $path))
    };
}

/// The JSON block under the page's "Sample result" heading.
fn sample_result(page: &str) -> serde_json::Value {
    let section = page
        .split_once({{ ("## " ~ api.language.labels().sample_result)|rust_str }})
        .map(|(_, rest)| rest)
        .expect("the page has a Sample result section");
    let open = section.find("```json").expect("the sample is a json block");
    let body = &section[open..];
    let start = body.find('\n').expect("the fence ends its line") + 1;
    let end = body[start..].find("\n```").expect("the sample block is closed") + start;
    serde_json::from_str(&body[start..end]).expect("the sample is valid JSON")
}

/// Asserts that the sample result of `page` deserializes into `T` and serializes back to the
/// same JSON.
fn round_trips<T: serde::Serialize + serde::de::DeserializeOwned>(page: &str) {
    let sample = sample_result(page);
    let typed: T =
        serde_json::from_value(sample.clone()).expect("the sample fits the response type");
    assert_eq!(serde_json::to_value(&typed).expect("serializes"), sample);
}
{%- endif %}
{% for op in api.operations %}
{%- if let Some(r) = op.response %}
{%- if op.sample_response.is_some() %}

#[test]
fn {{ op.method_name|trim_raw }}_sample_round_trips() {
    let page = page!("{{ op.page_path|strip_docs }}");
    round_trips::<{{ r.rust_type }}>(page);
}
{%- endif %}
{%- endif %}
{%- endfor %}
