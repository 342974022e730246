{#- The webhook receiver: the event enum and its delivery facts. Fields: w (Webhooks): envelope, secret_headers, events (name, variant, data). -#}
#![doc = include_str!("../docs/receiving-webhooks.md")]

use crate::runtime::webhook::{Delivery, Envelope};
{%- if let Some(sig) = w.signature %}
use crate::runtime::webhook::Signature;
{%- endif %}
pub use crate::runtime::webhook::{DEFAULT_MAX_BODY_BYTES, ReceiveError};
#[cfg(feature = "axum")]
pub use crate::runtime::webhook_axum::Verified;

/// Checks webhook deliveries with your secret and turns them into [`Event`]s:
/// `Receiver::new(secret).verify(&headers, &body)`.
pub type Receiver = crate::runtime::webhook::Receiver<Event>;

/// An event the API delivers to your webhook: one variant per event name the spec lists, with
/// its data, and [`Other`](Event::Other) for names this version of the crate does not know.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
{%- for e in w.events %}
    #[doc = {{ (" `" ~ e.name ~ "`")|rust_str }}]
    {{ e.variant }}({{ e.data|model_type }}),
{%- endfor %}
    /// An event this version of the crate does not know, kept as received.
    Other {
        /// The event's name.
        name: String,
        /// The event's data.
        data: serde_json::Value,
    },
}

impl Event {
    /// The event's name as the API sends it.
    pub fn name(&self) -> &str {
        match self {
        {%- for e in w.events %}
            Self::{{ e.variant }}(_) => {{ e.name|rust_str }},
        {%- endfor %}
            Self::Other { name, .. } => name,
        }
    }
}

impl Delivery for Event {
    const SECRET_HEADERS: &'static [&'static str] = &[{% for h in w.secret_headers %}{{ h|rust_str }}, {% endfor %}];
    {%- if let Some(sig) = w.signature %}
    const SIGNATURE: Option<Signature> = Some(crate::runtime::webhook_signature::hmac_sha256(
        {{ sig.header|lower|rust_str }},
        {{ sig.prefix|rust_str }},
    ));
    {%- endif %}
    {%- match w.envelope %}
    {%- when WebhookEnvelope::Header with { header } %}
    const ENVELOPE: Envelope = Envelope::Header({{ header|rust_str }});
    {%- when WebhookEnvelope::Body with { name_field, data_field } %}
    const ENVELOPE: Envelope = Envelope::Body {
        name: {{ name_field|rust_str }},
        data: {{ data_field|rust_str }},
    };
    {%- endmatch %}

    fn from_event<'de, D: serde::Deserializer<'de>>(name: &str, data: D) -> Result<Self, D::Error> {
        use serde::Deserialize;
        Ok(match name {
        {%- for e in w.events %}
            {{ e.name|rust_str }} => Self::{{ e.variant }}(Deserialize::deserialize(data)?),
        {%- endfor %}
            _ => Self::Other {
                name: name.to_owned(),
                data: Deserialize::deserialize(data)?,
            },
        })
    }
}
