{#- The head of one models module; render.rs appends one rust/type.rs per type. Fields: module (ModelModule): imports_siblings; serializes, optional_fields, slots (whether its structs' serde impls use the runtime's `ser`, `ser_optional::optional`, and `de::object` with `de::Slot`). -#}
{%- if module.imports_siblings %}
use super::*;
{%- endif %}
{%- if serializes %}
use crate::runtime::ser;
{%- endif %}
{%- if optional_fields %}
use crate::runtime::ser_optional::optional;
{%- endif %}
{%- if slots %}
use crate::runtime::de::{Slot as _, object};
{%- endif %}
