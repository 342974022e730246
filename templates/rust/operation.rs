{#- One operation's method (and stream method), documented by its page. Fields: api, op. -#}
    #[doc = include_str!("../../{{ op.page_path }}")]
    {%- if op.deprecated %}
    #[deprecated]
    {%- endif %}
    {%- let plain = op.has_plain_method() %}
    pub {% if !plain %}async {% endif %}fn {{ op.method_name }}(&self
        {%- if let Some(p) = op.params %}, params: &{{ p.rust_type }}{% endif %}
        {%- if let Some(b) = op.body %}, {{ b.arg_name }}: &{{ b.rust_type }}{% endif -%}
    ) -> {% if plain %}Pending<'_, {% else %}Result<{% endif %}{% if let Some(r) = op.response %}{{ r.rust_type }}{% else %}(){% endif %}{% if !plain %}, Error{% endif %}> {
        {%- let path_args = op|path_args %}
        {%- if path_args.is_empty() %}
        let request = ApiRequest::new(reqwest::Method::{{ op.http_method.as_str() }}, {{ op.path|rust_str }}, {{ op.idempotent }}, &[{% for alt in op.security %}&[{% for i in alt %}crate::auth::{{ api.scheme_constant(i) }}, {% endfor %}], {% endfor %}]);
        {%- else %}
        {%- for arg in path_args %}
        let path_{{ loop.index0 }} = {{ arg }};
        {%- endfor %}
        let path = format!({{ op|path_format|rust_str }});
        let request = ApiRequest::new(reqwest::Method::{{ op.http_method.as_str() }}, path, {{ op.idempotent }}, &[{% for alt in op.security %}&[{% for i in alt %}crate::auth::{{ api.scheme_constant(i) }}, {% endfor %}], {% endfor %}]);
        {%- endif %}
        {%- if let Some(p) = op.params %}
        {%- for f in p.fields %}
        {%- match f.location %}
        {%- when ParamLocation::Path %}
        {%- when ParamLocation::Query %}
        {%- match f.encoding %}
        {%- when ParamEncoding::Shaped with (style) %}
        let request = request.query_shaped({{ f.api_name|rust_str }}, {{ f|param_value }}, {{ style|style_expr }});
        {%- when ParamEncoding::Repeated %}
        let request = {% if !f.required %}params.{{ f.name }}.iter().flatten(){% else %}params.{{ f.name }}.iter(){% endif %}.fold(request, |r, v| r.query({{ f.api_name|rust_str }}, v));
        {%- when _ %}
        {%- if f.required %}
        let request = request.query({{ f.api_name|rust_str }}, {{ f|param_value }});
        {%- else %}
        let request = request.optional_query({{ f.api_name|rust_str }}, {{ f|param_value }});
        {%- endif %}
        {%- endmatch %}
        {%- when ParamLocation::Header %}
        {%- match f.encoding %}
        {%- when ParamEncoding::Shaped with (style) %}
        let request = request.header_shaped({{ f.api_name|rust_str }}, {{ f|param_value }}, {{ style|style_expr }});
        {%- when _ %}
        {%- if f.required %}
        let request = request.header({{ f.api_name|rust_str }}, {{ f|param_value }});
        {%- else %}
        let request = match {{ f|param_value }} {
            Some(value) => request.header({{ f.api_name|rust_str }}, value),
            None => request,
        };
        {%- endif %}
        {%- endmatch %}
        {%- when ParamLocation::Cookie %}
        {%- match f.encoding %}
        {%- when ParamEncoding::Shaped with (_) %}
        let request = request.cookie_shaped({{ f.api_name|rust_str }}, {{ f|param_value }});
        {%- when _ %}
        {%- if f.required %}
        let request = request.cookie({{ f.api_name|rust_str }}, {{ f|param_value }});
        {%- else %}
        let request = match {{ f|param_value }} {
            Some(value) => request.cookie({{ f.api_name|rust_str }}, value),
            None => request,
        };
        {%- endif %}
        {%- endmatch %}
        {%- endmatch %}
        {%- endfor %}
        {%- endif %}
        {%- if let Some(b) = op.body %}
        {%- match b.kind %}
        {%- when BodyKind::Json %}
        let request = request.json({{ b.arg_name }});
        {%- when BodyKind::Form %}
        let request = request.form({{ b.arg_name }});
        {%- when BodyKind::Multipart with (parts) %}
        let form = crate::runtime::multipart::Multipart::new();
        {%- for p in parts %}
        {%- match p.kind %}
        {%- when PartKind::Text %}
        {%- if p.required %}
        let form = form.text({{ p.api_name|rust_str }}, &{{ b.arg_name }}.{{ p.name }});
        {%- else %}
        let form = match &{{ b.arg_name }}.{{ p.name }} {
            Some(value) => form.text({{ p.api_name|rust_str }}, value),
            None => form,
        };
        {%- endif %}
        {%- when PartKind::Bytes %}
        {%- if p.required %}
        let form = form.bytes({{ p.api_name|rust_str }}, &{{ b.arg_name }}.{{ p.name }});
        {%- else %}
        let form = match &{{ b.arg_name }}.{{ p.name }} {
            Some(value) => form.bytes({{ p.api_name|rust_str }}, value),
            None => form,
        };
        {%- endif %}
        {%- when PartKind::TextEach %}
        let form = {% if p.required %}{{ b.arg_name }}.{{ p.name }}.iter(){% else %}{{ b.arg_name }}.{{ p.name }}.iter().flatten(){% endif %}.fold(form, |form, value| form.text({{ p.api_name|rust_str }}, value));
        {%- when PartKind::Json %}
        {%- if p.required %}
        let form = form.json({{ p.api_name|rust_str }}, &{{ b.arg_name }}.{{ p.name }});
        {%- else %}
        let form = match &{{ b.arg_name }}.{{ p.name }} {
            Some(value) => form.json({{ p.api_name|rust_str }}, value),
            None => form,
        };
        {%- endif %}
        {%- endmatch %}
        {%- endfor %}
        let request = request.multipart(form);
        {%- when BodyKind::Text %}
        let request = request.raw({{ b.arg_name }}.as_bytes(), {{ b.media_type|rust_str }});
        {%- when BodyKind::Bytes %}
        let request = request.raw({{ b.arg_name }}, {{ b.media_type|rust_str }});
        {%- endmatch %}
        {%- endif %}
        {%- if let Some(r) = op.response %}
        {%- if r.secret %}
        let request = request.secret_answer();
        {%- endif %}
        {%- match r.kind %}
        {%- when ResponseKind::Json %}
        self.execute(request){% if !plain %}.await{% endif %}
        {%- when ResponseKind::Text %}
        let request = request.accept({{ r.media_type|rust_str }});
        let bytes = self.execute_raw(request).await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
        {%- when ResponseKind::Bytes %}
        let request = request.accept({{ r.media_type|rust_str }});
        self.execute_raw(request){% if !plain %}.await{% endif %}
        {%- endmatch %}
        {%- else %}
        self.execute::<serde::de::IgnoredAny>(request).await.map(|_| ())
        {%- endif %}
    }
{%- if let Some(pg) = op.pagination %}

    #[doc = {{ (" Every item of [`Self::" ~ op.method_name ~ "`] across pages, fetched one page at a time as the stream is polled.")|rust_str }}]
    ///
    /// The walk starts at the page the request names (or page 1) and ends after an empty page,
    /// once the total count is reached, or at the first error, which is the stream's last item.
    pub fn {{ pg.method_name }}(&self
        {%- if let Some(p) = op.params %}, params: &{{ p.rust_type }}{% endif %}
        {%- if let Some(b) = op.body %}, {{ b.arg_name }}: &{{ b.rust_type }}{% endif -%}
    ) -> impl futures_core::Stream<Item = Result<{{ pg.item_type }}, Error>> + Send + 'static {
        let client = self.clone();
        {%- if op.params.is_some() %}
        let params = params.clone();
        {%- endif %}
        {%- if let Some(b) = op.body %}
        let {{ b.arg_name }} = {{ b.arg_name }}.clone();
        {%- endif %}
        {%- if pg.page_required %}
        let first = i64::from({{ pg.page_holder }}.{{ pg.page_field }});
        {%- else %}
        let first = {{ pg.page_holder }}.{{ pg.page_field }}.map_or(1, i64::from);
        {%- endif %}
        crate::runtime::pagination::paginate(first, move |page| {
            let client = client.clone();
            {%- if op.params.is_some() %}
            let mut params = params.clone();
            {%- endif %}
            {%- if let Some(b) = op.body %}
            let mut {{ b.arg_name }} = {{ b.arg_name }}.clone();
            {%- endif %}
            async move {
                {%- if pg.page_required %}
                {{ pg.page_holder }}.{{ pg.page_field }} = crate::runtime::pagination::page_number(page)?;
                {%- else %}
                {{ pg.page_holder }}.{{ pg.page_field }} = Some(crate::runtime::pagination::page_number(page)?);
                {%- endif %}
                let response = client.{{ op.method_name }}(
                    {%- if op.params.is_some() %}&params,{% endif %}
                    {%- if let Some(b) = op.body %}&{{ b.arg_name }}{% endif -%}
                ).await?;
                {%- if let Some(total) = pg.total_access %}
                let total = u64::try_from(response.{{ total }}).ok();
                {%- else %}
                let total = None;
                {%- endif %}
                Ok((response.{{ pg.items_access }}, total))
            }
        })
    }
{%- endif %}
