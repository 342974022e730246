{#- One oneOf/anyOf as an enum. Fields: t (TypeDef), u (UnionDef). -#}
{{ t.description|doc_opt(t.name) }}
{%- if t.deprecated %}
#[deprecated]
{%- endif %}
{%- if u.tag_property.is_none() %}
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
{%- else %}
#[derive(Debug, Clone, PartialEq)]
{%- endif %}
pub enum {{ t.name }} {
{%- for v in u.variants %}
    #[doc = {{ (" A `" ~ v.rust_type ~ "`.")|rust_str }}]
    {{ v.name }}({{ v.rust_type }}),
{%- endfor %}
{%- if u.open %}
    /// A tag this version of the crate does not know, kept as received.
    Other(serde_json::Value),
{%- endif %}
}
{%- if let Some(tag) = u.tag_property %}

/// Writes the alternative with its tag property set to the alternative's tag (exactly once).
impl serde::Serialize for {{ t.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (tag, value) = match self {
        {%- for (v, value) in u|tagged_variants %}
            Self::{{ v.name }}(value) => ({{ value|rust_str }}, serde_json::to_value(value)),
        {%- endfor %}
        {%- if u.open %}
            Self::Other(value) => return value.serialize(serializer),
        {%- endif %}
        };
        let mut value = value.map_err(serde::ser::Error::custom)?;
        if let serde_json::Value::Object(map) = &mut value {
            map.insert({{ tag|rust_str }}.to_string(), serde_json::Value::from(tag));
        }
        value.serialize(serializer)
    }
}

/// Reads the tag property and decodes the alternative it names; an unknown tag is {% if u.open %}kept as `Other`{% else %}an error{% endif %}.
impl<'de> serde::Deserialize<'de> for {{ t.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(input)?;
        let tag = value
            .get({{ tag|rust_str }})
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| serde::de::Error::missing_field({{ tag|rust_str }}))?
            .to_string();
        match tag.as_str() {
        {%- for (v, value) in u|tagged_variants %}
            {{ value|rust_str }} => serde_json::from_value(value).map(Self::{{ v.name }}).map_err(serde::de::Error::custom),
        {%- endfor %}
            {%- if u.open %}
            _ => Ok(Self::Other(value)),
            {%- else %}
            other => Err(serde::de::Error::unknown_variant(
                other,
                &[{% for (_, value) in u|tagged_variants %}{{ value|rust_str }}, {% endfor %}],
            )),
            {%- endif %}
        }
    }
}
{%- endif %}
