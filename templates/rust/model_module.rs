{#- The head of one models module; render.rs appends one rust/type.rs per type. Fields: module (ModelModule): imports_siblings; serializes, optional_fields, nullable_fields, rest (whether its structs' serde impls use the runtime's `ser` and `de`, `ser_optional::optional`, `de_nullable` and `de_rest`). -#}
{%- if module.imports_siblings %}
use super::*;
{%- endif %}
{%- if serializes %}
use crate::runtime::{de, ser};
{%- endif %}
{%- if optional_fields %}
use crate::runtime::ser_optional::optional;
{%- endif %}
{%- if nullable_fields %}
use crate::runtime::de_nullable;
{%- endif %}
{%- if rest %}
use crate::runtime::de_rest;
{%- endif %}
