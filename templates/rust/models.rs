{#- models/mod.rs: the modules of the types, re-exported here. Fields: api (the IR): title, model_modules (name, feature). -#}
//! The request and response types of the {{ api.title|doc_inline }}.
//!
//! The types that one tag's operations reach are compiled with that tag's feature; the ones
//! several tags reach are always compiled. All of them are re-exported here.
#![allow(deprecated, reason = "deprecated types and fields are still (de)serialized here")]
{% for module in api.model_modules %}
{{ module.feature|cfg_feature }}
mod {{ module.name }};
{%- endfor %}
{% for module in api.model_modules %}
{{ module.feature|cfg_feature }}
pub use {{ module.name }}::*;
{%- endfor %}
