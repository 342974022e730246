{#- The client's constructor and credential setters. Fields: api (the IR). -#}
//! The client's constructor and its credentials, from the spec's servers and security schemes.
{%- if api.has_credential_setters() %}

use std::sync::Arc;
{%- endif %}

use crate::runtime::client::{Client, ClientBuilder};

/// The default API host, the first server of the spec.
pub const DEFAULT_HOST: &str = {{ api.default_host|rust_str }};

/// The names of the spec's security schemes; operations name their requirements by index.
const SCHEMES: &[&str] = &[{% for s in api.security_schemes %}{{ s.key|rust_str }}, {% endfor %}];
{%- for s in api.security_schemes %}
{%- if s.kind.is_some() %}

#[doc = {{ (" The index of the `" ~ s.key ~ "` scheme in [`SCHEMES`].")|rust_str }}]
pub(crate) const {{ s.constant }}: usize = {{ loop.index0 }};
{%- endif %}
{%- endfor %}

impl Client {
    {%- match api.dialect %}
    {%- when Some(Dialect::Authing { bearer, userpool }) %}
    /// Starts configuring a client with an access key pair (from the console's "access keys"
    /// or the user pool's id and secret). The management token is fetched on the first call,
    /// cached, refreshed in the background before it expires, and fetched again once when the
    /// API rejects it.
    pub fn builder(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
    ) -> ClientBuilder {
        crate::runtime::authing::builder(
            DEFAULT_HOST,
            SCHEMES,
            access_key_id.into(),
            access_key_secret.into(),
            {{ api.scheme_constant(bearer) }},
            {%- if let Some(u) = userpool %}
            Some({{ api.scheme_constant(u) }}),
            {%- else %}
            None,
            {%- endif %}
        )
    }
    {%- when None %}
    /// Starts configuring a client for [`DEFAULT_HOST`].
    {%- if api.has_credential_setters() %}
    /// Give it the credentials the operations need:
    {%- for s in api.security_schemes %}
    {%- if s.has_setter() %}
    {%- let setter = s.setter|trim_raw %}
    #[doc = {{ (" [`" ~ setter ~ "`](ClientBuilder::" ~ setter ~ ") for the `" ~ s.key ~ "` scheme,")|rust_str }}]
    {%- endif %}
    {%- endfor %}
    /// as each operation's page says.
    {%- endif %}
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new(DEFAULT_HOST, SCHEMES)
    }
    {%- endmatch %}
}
{%- if api.has_credential_setters() %}

/// One setter per security scheme of the spec.
impl ClientBuilder {
{%- for s in api.security_schemes %}
{%- if !s.served_by_dialect %}
{%- if let Some(kind) = s.kind %}
{%- match kind %}
{%- when SchemeKind::ApiKey { location, name } %}
    {%- let place = location.as_str() %}
    #[doc = {{ (" Sets the API key of the `" ~ s.key ~ "` scheme, sent in the " ~ place ~ " `" ~ name ~ "`.")|rust_str }}]
    {%- if let Some(d) = s.description %}
    ///
{{ d|doc_text }}
    {%- endif %}
    pub fn {{ s.setter }}(mut self, key: impl Into<String>) -> Self {
        if let Some(slot) = self.credentials.get_mut({{ s.constant }}) {
            *slot = Some(Arc::new(crate::runtime::api_key::ApiKey::new({{ place|rust_str }}, {{ name|rust_str }}, key)));
        }
        self
    }
{%- when SchemeKind::Bearer %}
    #[doc = {{ (" Sets the token of the `" ~ s.key ~ "` scheme, sent as `authorization: Bearer <token>`: a fixed")|rust_str }}]
    /// token (`String` or `&str`), or one asked from a provider before every attempt
    /// ([`BearerToken::provider`](crate::BearerToken::provider)).
    {%- if let Some(d) = s.description %}
    ///
{{ d|doc_text }}
    {%- endif %}
    pub fn {{ s.setter }}(mut self, token: impl Into<crate::runtime::bearer::BearerToken>) -> Self {
        if let Some(slot) = self.credentials.get_mut({{ s.constant }}) {
            *slot = Some(Arc::new(crate::runtime::bearer::Bearer::new(token.into())));
        }
        self
    }
{%- when SchemeKind::Basic %}
    #[doc = {{ (" Sets the user name and password of the `" ~ s.key ~ "` scheme, sent as `authorization: Basic ...`.")|rust_str }}]
    {%- if let Some(d) = s.description %}
    ///
{{ d|doc_text }}
    {%- endif %}
    pub fn {{ s.setter }}(mut self, username: &str, password: &str) -> Self {
        if let Some(slot) = self.credentials.get_mut({{ s.constant }}) {
            *slot = Some(Arc::new(crate::runtime::basic::Basic::new(username, password)));
        }
        self
    }
{%- when SchemeKind::OAuth2ClientCredentials { token_url, scopes } %}
    #[doc = {{ (" Sets the client id and secret of the `" ~ s.key ~ "` scheme (OAuth 2.0 client credentials). The client trades them for an access token at `" ~ token_url ~ "`, caches it, refreshes it in the background before it expires, and fetches a new one once when the API rejects it.")|rust_str }}]
    {%- if let Some(d) = s.description %}
    ///
{{ d|doc_text }}
    {%- endif %}
    pub fn {{ s.setter }}(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        if let Some(slot) = self.credentials.get_mut({{ s.constant }}) {
            *slot = Some(Arc::new(crate::runtime::oauth2::client_credentials(
                {{ token_url|rust_str }},
                &[{% for scope in scopes %}{{ scope|rust_str }}, {% endfor %}],
                client_id,
                client_secret,
            )));
        }
        self
    }
{%- endmatch %}
{%- endif %}
{%- endif %}
{%- endfor %}
}
{%- endif %}
