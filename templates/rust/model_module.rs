{#- The head of one models module; render.rs appends one rust/type.rs per type. Fields: module (ModelModule): imports_siblings. -#}
{%- if module.imports_siblings %}
use super::*;
{%- endif %}
