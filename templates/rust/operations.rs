{#- The operations of one tag, one method each. Fields: api (the IR), tag. -#}
//! The operations tagged {{ tag.name|doc_inline }}: one method each. The documentation of each
//! method is its reference page, so the page's example is compiled as a doctest.
#![allow(deprecated, reason = "deprecated operations still call deprecated types")]

{%- if tag.uses_models %}
use crate::models;
{%- endif %}
use crate::runtime::request::ApiRequest;
use crate::{ {%- if tag.names_error %}Error, {% endif %}{% if tag.names_pending %}Pending, {% endif %}{{ api.client_name }}};

impl {{ api.client_name }} {
{%- for i in tag.operations %}
{%- if let Some(op) = api.operations.get(**i) %}
{% include "rust/operation.rs" %}
{%- endif %}
{%- endfor %}
}
