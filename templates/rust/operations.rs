{#- One method per operation, documented by its reference page. Fields: api (the IR). -#}
//! One method per operation of the {{ api.title|doc_inline }}. The documentation of each method is
//! its reference page, so the page's example is compiled as a doctest.

use crate::models;
use crate::runtime::{ApiRequest, {{ api.client_name }}};
use crate::Error;

impl {{ api.client_name }} {
{%- for op in api.operations %}
    #[doc = include_str!("../{{ op.page_path }}")]
    {%- if op.deprecated %}
    #[deprecated]
    {%- endif %}
    pub async fn {{ op.method_name }}(&self
        {%- if let Some(b) = op.body %}, {{ b.arg_name }}: &{{ b.rust_type }}{% endif -%}
    ) -> Result<{% if let Some(r) = op.response %}{{ r.rust_type }}{% else %}(){% endif %}, Error> {
        let request = ApiRequest::new(reqwest::Method::{{ op.http_method.as_str() }}, {{ op.path|rust_str }})
        {%- if let Some(b) = op.body %}.json({{ b.arg_name }})?{% endif %};
        {%- if op.response.is_some() %}
        self.execute(request).await
        {%- else %}
        self.execute::<serde::de::IgnoredAny>(request).await.map(|_| ())
        {%- endif %}
    }
{% endfor %}
}
