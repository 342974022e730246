{#- One struct with its constructor and setters, or a family's member: an alias of the family's generic struct. Fields: t (TypeDef), s (StructDef). -#}
{{ t.description|doc_opt(t.name) }}
{%- if t.deprecated %}
#[deprecated]
{%- endif %}
{%- if let Some(instance) = s.instance_of %}
pub type {{ t.name }} = {{ instance.rust_type }};
{%- else %}
#[derive({% if !s.has_sensitive() %}Debug, {% endif %}Clone, PartialEq{% if s.all_optional() %}, Default{% endif %})]
#[non_exhaustive]
pub struct {{ t.name }}{% if let Some(p) = s.type_param %}<{{ p }}>{% endif %} {
{%- for f in s.fields %}
    {{ f|field_doc }}
    {%- if f.deprecated %}
    #[deprecated]
    {%- endif %}
    pub {{ f.name }}: {{ f|field_type }},
{%- endfor %}
}
{%- if s.has_serde_impls() %}

impl{% if let Some(p) = s.type_param %}<{{ p }}: serde::Serialize>{% endif %} serde::Serialize for {{ t.name }}{% if let Some(p) = s.type_param %}<{{ p }}>{% endif %} {
    // `S` and `D` may be models' names too; these bodies name no model.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields: &[ser::Field] = &[
        {%- for f in s.fields %}
            {%- if !f.flatten %}
            {{ f|ser_field }}
            {%- endif %}
        {%- endfor %}
        ];
        ser::object(serializer, {{ t.name|rust_str }}, fields, {{ s.fields|ser_rest }})
    }
}

impl<'de{% if let Some(p) = s.type_param %}, {{ p }}: serde::Deserialize<'de>{% endif %}> serde::Deserialize<'de> for {{ t.name }}{% if let Some(p) = s.type_param %}<{{ p }}>{% endif %} {
    {#- The slots name the fields' types, which may be a model named `D`: hence `__D`. #}
    fn deserialize<__D: serde::Deserializer<'de>>(d: __D) -> Result<Self, __D::Error> {
        {%- if s.fields.is_empty() %}
        let () = de::object(d, {{ t.name|rust_str }}, &[], ())?;
        Ok(Self {})
        {%- else %}
        let v = de::object(d, {{ t.name|rust_str }}, &[{{ s.fields|de_names }}], {{ s.fields|de_slots }})?;
        Ok({{ s.fields|de_literal }})
        {%- endif %}
    }
}
{%- endif %}

impl{% if let Some(p) = s.type_param %}<{{ p }}>{% endif %} {{ t.name }}{% if let Some(p) = s.type_param %}<{{ p }}>{% endif %} {
    /// Creates a value from its required fields; set optional ones with the `with_*` methods.
    {%- if s.has_many_required() %}
    #[allow(clippy::too_many_arguments)]
    {%- endif %}
    pub fn new({% for f in s.required() %}{{ f.name }}: {{ f|arg_type }},{% endfor %}) -> Self {
        {%- if s.all_optional() %}
        Self::default()
        {%- else %}
        Self {
        {%- for f in s.fields %}
            {{ f|field_init }},
        {%- endfor %}
        }
        {%- endif %}
    }
{%- for f in s.optional() %}

    #[doc = {{ f.api_name|doc_code(" Sets the optional ", " field.") }}]
    pub fn {{ f.setter }}(mut self, value: {{ f|arg_type }}) -> Self {
        self.{{ f.name }} = {{ f|setter_value }};
        self
    }
{%- endfor %}
}
{%- if s.has_sensitive() %}

/// Secret fields (keys, tokens, passwords) are shown as `<redacted>`.
impl{% if let Some(p) = s.type_param %}<{{ p }}: std::fmt::Debug>{% endif %} std::fmt::Debug for {{ t.name }}{% if let Some(p) = s.type_param %}<{{ p }}>{% endif %} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct({{ t.name|rust_str }})
        {%- for f in s.fields %}
            {%- if f.sensitive %}
            .field({{ f.name|trim_raw|rust_str }}, &{% if f.required %}"<redacted>"{% else %}self.{{ f.name }}.as_ref().map(|_| "<redacted>"){% endif %})
            {%- else %}
            .field({{ f.name|trim_raw|rust_str }}, &self.{{ f.name }})
            {%- endif %}
        {%- endfor %}
            .finish()
    }
}
{%- endif %}
{%- endif %}
