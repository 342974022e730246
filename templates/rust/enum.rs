{#- One string or integer enum that keeps unknown values. Fields: t (TypeDef), e (EnumDef). -#}
{{ t.description|doc_opt(t.name) }}
{%- if t.deprecated %}
#[deprecated]
{%- endif %}
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum {{ t.name }} {
{%- for v in e.variants %}
    #[doc = {{ v.value|doc_code(" ", "") }}]
    {{ v.name }},
{%- endfor %}
    /// A value this version of the crate does not know, kept as received.
    {{ e.fallback }}({% if e.integer %}i64{% else %}String{% endif %}),
}
{%- if e.integer %}

impl {{ t.name }} {
    /// The value as sent on the wire.
    pub fn value(&self) -> i64 {
        match self {
        {%- for v in e.variants %}
            Self::{{ v.name }} => {{ v.value }},
        {%- endfor %}
            Self::{{ e.fallback }}(value) => *value,
        }
    }
}

impl From<i64> for {{ t.name }} {
    fn from(value: i64) -> Self {
        match value {
        {%- for v in e.variants %}
            {{ v.value }} => Self::{{ v.name }},
        {%- endfor %}
            other => Self::{{ e.fallback }}(other),
        }
    }
}

impl std::fmt::Display for {{ t.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.value())
    }
}

impl serde::Serialize for {{ t.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.value())
    }
}

impl<'de> serde::Deserialize<'de> for {{ t.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        i64::deserialize(input).map(Self::from)
    }
}
{%- else %}
impl {{ t.name }} {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
        {%- for v in e.variants %}
            Self::{{ v.name }} => {{ v.value|rust_str }},
        {%- endfor %}
            Self::{{ e.fallback }}(value) => value,
        }
    }
}

impl From<&str> for {{ t.name }} {
    fn from(value: &str) -> Self {
        match value {
        {%- for v in e.variants %}
            {{ v.value|rust_str }} => Self::{{ v.name }},
        {%- endfor %}
            other => Self::{{ e.fallback }}(other.to_string()),
        }
    }
}

impl From<String> for {{ t.name }} {
    fn from(value: String) -> Self {
        Self::from(value.as_str())
    }
}

impl std::str::FromStr for {{ t.name }} {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(value))
    }
}

impl std::fmt::Display for {{ t.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for {{ t.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for {{ t.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let value = String::deserialize(input)?;
        Ok(Self::from(value))
    }
}
{%- endif %}
