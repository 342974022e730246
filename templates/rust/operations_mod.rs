{#- The operations module: one submodule per tag. Fields: api (the IR). -#}
//! The operations of the {{ api.title|doc_inline }}, one module per tag; each adds its methods to
//! [`{{ api.client_name }}`](crate::{{ api.client_name }}).
{% for tag in api.tags %}
mod {{ tag.module }};
{%- endfor %}
