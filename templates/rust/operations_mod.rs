{#- The operations module: one submodule per tag, compiled with its feature. Fields: api (the IR): title, client_name, tags (module, feature). -#}
//! The operations of the {{ api.title|doc_inline }}, one module per tag; each adds its methods to
//! [`{{ api.client_name }}`](crate::{{ api.client_name }}) and is compiled with its tag's feature.
{% for tag in api.tags %}
#[cfg(feature = {{ tag.feature|rust_str }})]
mod {{ tag.module }};
{%- endfor %}
