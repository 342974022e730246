{#- The runtime's module list. Fields: api (the IR). -#}
//! The client runtime: the modules of oapi-docgen's runtime crate that this API needs, copied
//! byte for byte. Change them in oapi-docgen's `runtime/`, never here.
{% for module in api.runtime_modules %}
pub(crate) mod {{ module }};
{%- endfor %}
