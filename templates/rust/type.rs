{#- One named type of models.rs. Fields: t (TypeDef). One include per kind of type. -#}
{%- match t.kind %}
{%- when TypeKind::Struct with (s) %}{% include "rust/struct.rs" %}
{%- when TypeKind::Enum with (e) %}{% include "rust/enum.rs" %}
{%- when TypeKind::Union with (u) %}{% include "rust/union.rs" %}
{%- when TypeKind::Alias with { target: _, rust_type } %}
{{ t.description|doc_opt(t.name) }}
{%- if t.deprecated %}
#[deprecated]
{%- endif %}
pub type {{ t.name }} = {{ rust_type }};
{%- endmatch %}
