{#- The runtime's module list. Fields: api (the IR): runtime_modules (name, features), tags (feature). -#}
//! The client runtime: the modules of oapi-docgen's runtime crate that this API needs, copied
//! byte for byte. Change them in oapi-docgen's `runtime/`, never here. A module that only some
//! tags' operations need is compiled with their features.
#![cfg_attr(
    not(any({% for tag in api.tags %}feature = {{ tag.feature|rust_str }}, {% endfor %})),
    allow(dead_code, reason = "with no tag's feature on, no operation calls the request loop")
)]
{% for module in api.runtime_modules %}
{{ module.features|cfg_features }}
pub(crate) mod {{ module.name }};
{%- endfor %}
