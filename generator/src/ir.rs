//! The intermediate representation: plain, sorted data that carries every decision the
//! templates need. Code and docs are both rendered from these nodes, so they cannot disagree.
//! It says what things are (a parameter joined with `,`, a boxed field, a path of literal and
//! parameter segments); how Rust spells them is decided at render time, in `spell.rs`.

use serde_json::Value;

/// Everything the templates render, for one spec.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.description` of the spec, if any.
    pub description: Option<String>,
    /// `info.version` of the spec.
    pub api_version: String,
    /// Facts about the generated crate.
    pub krate: CrateMeta,
    /// Rust name of the client struct, e.g. `ManagementClient`.
    pub client_name: String,
    /// Base URL the client talks to unless configured otherwise (first `servers` entry).
    pub default_host: String,
    /// The command that regenerates the output, named in every preamble.
    pub regen_command: String,
    /// Operations sorted by tag, then method name.
    pub operations: Vec<Operation>,
    /// The spec's security schemes, in spec order (operations refer to them by index).
    pub security_schemes: Vec<SecurityScheme>,
    /// The API's dialect, chosen by the generator setting `dialect`, if any.
    pub dialect: Option<Dialect>,
    /// The language of the docs' fixed labels (headings, table headers).
    pub language: Language,
    /// The runtime modules the crate needs (files of `runtime/src`), in name order.
    #[serde(skip)]
    pub runtime_modules: Vec<RuntimeModule>,
    /// Named types sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Tags in first-use order of the spec's `tags` list, then alphabetically.
    pub tags: Vec<Tag>,
    /// The modules of `models`, in file order: `shared` first (the types several tags reach,
    /// always compiled), then one per tag (its feature's types).
    pub model_modules: Vec<ModelModule>,
    /// The webhook deliveries the API makes, when its spec describes them.
    pub webhooks: Option<Webhooks>,
    /// Problems the generator worked around, each naming its JSON pointer.
    pub warnings: Vec<String>,
}

impl Api {
    /// The name of the index constant of scheme `index` (see [`SecurityScheme::constant`]).
    pub fn scheme_constant(&self, index: &usize) -> &str {
        self.security_schemes
            .get(*index)
            .map_or("", |s| s.constant.as_str())
    }

    /// Whether the builder has a setter for any scheme (one the client can send and the dialect
    /// does not serve).
    pub fn has_credential_setters(&self) -> bool {
        self.security_schemes.iter().any(SecurityScheme::has_setter)
    }

    /// The first tag's feature, for the README's example of picking features.
    pub fn first_feature(&self) -> &str {
        self.tags.first().map_or("", |t| t.feature.as_str())
    }

    /// Whether the crate re-exports the bearer token types (some scheme sends a bearer token).
    pub fn has_bearer_tokens(&self) -> bool {
        self.runtime_modules.iter().any(|m| m.name == "bearer")
    }

    /// The setter of the Authing dialect's user pool scheme, e.g. `userpool_id`, if it has one.
    pub fn userpool_setter(&self) -> Option<&str> {
        match self.dialect {
            Some(Dialect::Authing {
                userpool: Some(index),
                ..
            }) => self
                .security_schemes
                .get(index)
                .map(|s| s.setter.trim_start_matches("r#")),
            _ => None,
        }
    }

    /// Whether the spec has a security scheme the client cannot send.
    pub fn has_unsupported_schemes(&self) -> bool {
        self.security_schemes.iter().any(|s| s.kind.is_none())
    }

    /// Whether any operation has a stream method that walks its pages.
    pub fn has_pagination(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    /// The authority and path prefix of the default host (`https://api.example.com/v1` gives
    /// `api.example.com` and `/v1`).
    pub fn default_host_parts(&self) -> (&str, &str) {
        let url = self.default_host.as_str();
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let rest = rest.trim_end_matches('/');
        match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        }
    }

    /// The path prefix of the default host (`/v1` of `https://api.example.com/v1`), if any.
    pub fn base_path(&self) -> &str {
        self.default_host_parts().1
    }

    /// Whether the generated crate has HTTP-sample tests (see [`Operation::example_request`]).
    pub fn has_http_sample_tests(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.example_request.is_some())
    }

    /// Whether any page shows a sample result (then the generated crate tests them).
    pub fn has_samples(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.sample_response.is_some())
    }
}

/// Facts about the generated crate, used by `Cargo.toml`, `README.md` and `lib.rs`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CrateMeta {
    /// Package name, e.g. `authing-management`.
    pub name: String,
    /// The name used in Rust paths, e.g. `authing_management`.
    pub lib_name: String,
    /// Package version.
    pub version: String,
    /// One-line description.
    pub description: String,
    /// SPDX licence expression.
    pub license: String,
    /// Repository URL.
    pub repository: String,
}

/// The language of the docs' fixed labels; the spec's own text is shown as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Language {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese, with the labels of the upstream Authing docs.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

/// The fixed labels of the docs in one language.
#[derive(Debug)]
pub struct Labels {
    pub reference: &'static str,
    pub operation: &'static str,
    pub method: &'static str,
    pub http_request: &'static str,
    pub summary: &'static str,
    pub method_name: &'static str,
    pub authentication: &'static str,
    pub request_parameters: &'static str,
    pub name: &'static str,
    pub ty: &'static str,
    pub required: &'static str,
    pub default_value: &'static str,
    pub description: &'static str,
    pub sample_value: &'static str,
    pub example: &'static str,
    pub request_response: &'static str,
    pub type_line: &'static str,
    pub error_responses: &'static str,
    pub status: &'static str,
    pub sample_result: &'static str,
    pub data_structure: &'static str,
    pub value: &'static str,
    pub rust_variant: &'static str,
    pub alternative: &'static str,
    pub tag: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub introduction: &'static str,
    pub getting_started: &'static str,
    pub page_not_found: &'static str,
}

impl Labels {
    /// `yes` or `no`.
    pub fn yes_no(&self, b: &bool) -> &'static str {
        if *b { self.yes } else { self.no }
    }
}

const EN: Labels = Labels {
    reference: "reference",
    operation: "Operation",
    method: "Method",
    http_request: "HTTP request",
    summary: "Summary",
    method_name: "Method name",
    authentication: "Authentication",
    request_parameters: "Request parameters",
    name: "Name",
    ty: "Type",
    required: "Is it required",
    default_value: "Default value",
    description: "Description",
    sample_value: "Sample value",
    example: "Example",
    request_response: "Request response",
    type_line: "Type:",
    error_responses: "Error responses",
    status: "Status",
    sample_result: "Sample result",
    data_structure: "Data structure",
    value: "Value",
    rust_variant: "Rust variant",
    alternative: "Alternative",
    tag: "Tag",
    yes: "Yes",
    no: "No",
    introduction: "Introduction",
    getting_started: "Getting started",
    page_not_found: "This page does not exist.",
};

const ZH_CN: Labels = Labels {
    reference: "参考",
    operation: "操作",
    method: "方法",
    http_request: "HTTP 请求",
    summary: "摘要",
    method_name: "方法名称",
    authentication: "鉴权",
    request_parameters: "请求参数",
    name: "名称",
    ty: "类型",
    required: "是否必填",
    default_value: "默认值",
    description: "描述",
    sample_value: "示例值",
    example: "示例代码",
    request_response: "请求响应",
    type_line: "类型：",
    error_responses: "错误响应",
    status: "状态码",
    sample_result: "示例结果",
    data_structure: "数据结构",
    value: "值",
    rust_variant: "Rust 变体",
    alternative: "可选类型",
    tag: "标记",
    yes: "是",
    no: "否",
    introduction: "简介",
    getting_started: "快速开始",
    page_not_found: "页面不存在。",
};

impl Language {
    /// Its BCP 47 tag, as the config file and mdBook's `book.language` spell it.
    pub fn tag(&self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    /// The language a setting names (`en`, `zh-CN`), if it is one.
    pub fn parse(name: &str) -> Option<Language> {
        match name {
            "en" => Some(Language::En),
            "zh-CN" => Some(Language::ZhCn),
            _ => None,
        }
    }

    /// Its fixed labels.
    pub fn labels(&self) -> &'static Labels {
        match self {
            Language::En => &EN,
            Language::ZhCn => &ZH_CN,
        }
    }
}

/// A security scheme of the spec.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SecurityScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub key: String,
    /// Name of its index constant in the generated `auth` module, e.g. `API_KEY`.
    pub constant: String,
    /// Name of its builder setter, e.g. `api_key`.
    pub setter: String,
    /// The scheme's description, if any.
    pub description: Option<String>,
    /// What the client sends; `None` for a scheme it cannot send (named in a warning).
    pub kind: Option<SchemeKind>,
    /// Whether the dialect provides this credential (then the builder has no setter for it).
    pub served_by_dialect: bool,
}

impl SecurityScheme {
    /// Whether the builder has a setter for it: the client can send it and no dialect serves it.
    pub fn has_setter(&self) -> bool {
        self.kind.is_some() && !self.served_by_dialect
    }
}

/// The kinds of security scheme the client can send.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP `bearer`: a fixed token or a token provider.
    Bearer,
    /// HTTP `basic`: user name and password.
    Basic,
    /// `apiKey`: a key in a header, the query or a cookie, under `name`.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// OAuth 2.0 client credentials: the token endpoint, and the scopes the operations ask for.
    OAuth2ClientCredentials {
        token_url: String,
        scopes: Vec<String>,
    },
}

/// An API's conventions beyond OpenAPI, implemented by a runtime module.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The Authing management API: access key to token, user pool id, `statusCode` envelope.
    /// The indexes of the token scheme and of the user pool scheme.
    Authing {
        bearer: usize,
        userpool: Option<usize>,
    },
}

/// The API's webhook deliveries: the event enum (`webhooks::Event`) and how its receiver
/// checks and reads a delivery.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Webhooks {
    /// Where a delivery names its event, and where its data is.
    pub envelope: WebhookEnvelope,
    /// The headers that carry the shared secret, e.g. `x-authing-webhook-secret`.
    pub secret_headers: Vec<String>,
    /// The body's media types, JSON first.
    pub media_types: Vec<String>,
    /// What the spec says about the deliveries.
    pub description: Option<String>,
    /// One per event name the spec lists, in its order.
    pub events: Vec<WebhookEvent>,
    /// The event the docs' example delivers with data `{}`: the first whose data is any JSON,
    /// if any (else the example delivers a name the spec does not list, an `Other`).
    pub example: Option<usize>,
    /// The name the docs' example delivers: the example event's, else one no event has.
    pub example_name: String,
    /// The HMAC-SHA256 signature every delivery carries, when the settings say so.
    pub signature: Option<crate::config::WebhookSignature>,
}

impl Webhooks {
    /// The header the docs' example sends the secret in (the first), if any.
    pub fn first_secret_header(&self) -> &str {
        self.secret_headers.first().map_or("", String::as_str)
    }

    /// The event the docs' example delivers.
    pub fn example_event(&self) -> Option<&WebhookEvent> {
        self.events.get(self.example?)
    }
}

/// Where a webhook delivery names its event (the runtime's `webhook::Envelope`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WebhookEnvelope {
    /// The body is an object whose `name_field` names the event and whose `data_field` holds
    /// its data (Authing: `eventName`, `data`).
    Body {
        /// The body's property that names the event.
        name_field: String,
        /// The body's property that holds the event's data.
        data_field: String,
    },
    /// The header `header` (in lower case) names the event, and the whole body is its data
    /// (GitHub: `x-github-event`, the setting `[webhooks] event-header`).
    Header {
        /// The header's name, in lower case.
        header: String,
    },
}

/// One event of the webhook enum.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct WebhookEvent {
    /// The event's name on the wire, e.g. `user:created`.
    pub name: String,
    /// The enum variant, e.g. `UserCreated`.
    pub variant: String,
    /// The type of its data (`Json` where the spec gives none).
    pub data: TypeRef,
}

/// A runtime module the crate needs, and the features that need it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RuntimeModule {
    /// Its name in `runtime/src/`.
    pub name: &'static str,
    /// The features whose operations or models need it; empty when it is always compiled.
    #[serde(default)]
    pub features: Vec<String>,
}

/// One module of `models` (a file `src/models/{name}.rs`), re-exported by `models`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ModelModule {
    /// The module's name: `shared`, or its tag's module name.
    pub name: String,
    /// The feature that compiles it; `None` for `shared`, which is always compiled.
    pub feature: Option<String>,
    /// Indices into [`Api::types`], in name order.
    pub types: Vec<usize>,
    /// Whether its types name types of other modules (then it imports `super::*`).
    pub imports_siblings: bool,
}

/// An operation tag, which groups pages in the docs index.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    /// The tag as written in the spec.
    pub name: String,
    /// Folder name of its pages, e.g. `manage-webhook`.
    pub slug: String,
    /// Name of its module of operations, e.g. `manage_webhook`.
    pub module: String,
    /// Whether its operations name any type of `models` (else the module does not import it).
    pub uses_models: bool,
    /// Whether its operations module names the crate's `Error` (an operation is an `async fn`
    /// or has a stream method).
    pub names_error: bool,
    /// Whether its operations module names the crate's `Pending` (an operation is a plain
    /// method).
    pub names_pending: bool,
    /// The cargo feature that compiles its operations and the types only they reach, e.g.
    /// `manage-webhook`; on by default.
    pub feature: String,
    /// The tag's description from the spec's `tags` list.
    pub description: Option<String>,
    /// Indices into [`Api::operations`].
    pub operations: Vec<usize>,
}

/// HTTP methods the generator supports.
#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord,
)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Upper-case wire name, e.g. `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// Whether repeating the request is safe (RFC 9110 idempotent methods).
    pub fn idempotent(self) -> bool {
        !matches!(self, HttpMethod::Post | HttpMethod::Patch)
    }
}

/// One API operation: one client method and one reference page.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Operation {
    /// `operationId` as written in the spec (or made from method and path).
    pub api_id: String,
    /// Rust method name, e.g. `create_webhook`.
    pub method_name: String,
    /// The cargo feature that compiles it: its tag's, e.g. `manage-webhook`.
    pub feature: String,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template, e.g. `/api/v3/create-webhook` or `/pets/{petId}`.
    pub path: String,
    /// The path as literal text and parameters.
    pub path_segments: Vec<PathSegment>,
    /// Short summary (page title).
    pub summary: String,
    /// Longer description, if any.
    pub description: Option<String>,
    /// The path, query, header and cookie parameters, gathered in one struct, if any.
    pub params: Option<Params>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// The successful JSON response, if any.
    pub response: Option<ResponseDef>,
    /// The other responses the spec lists (4xx, 5xx, `default`), in spec order.
    pub error_responses: Vec<ErrorResponse>,
    /// Whether the operation is marked `deprecated`.
    pub deprecated: bool,
    /// The security requirements: alternatives, each a list of indexes into
    /// [`Api::security_schemes`] that all apply; empty when the operation needs no credentials.
    pub security: Vec<Vec<usize>>,
    /// Whether repeating the request is harmless: the method's nature, or
    /// `x-codegen-idempotent: true` for a POST that only reads.
    pub idempotent: bool,
    /// How to walk the pages of a list operation (`x-codegen-pagination`), if it is one.
    pub pagination: Option<Pagination>,
    /// Where the operation's page lives, relative to the crate root, e.g.
    /// `docs/manage-webhook/create-webhook.md`.
    pub page_path: String,
    /// The Rust usage example shown on the page, formatted (compiled as a doctest).
    pub example: String,
    /// The HTTP request the usage example sends, shown on the page beside it: request line,
    /// headers (credentials as `<placeholders>`) and body. `None` when the request cannot be
    /// written as text: a multipart or binary body, or a parameter in a structured style.
    pub http_sample: Option<String>,
    /// What the generated crate's HTTP-sample test runs to compare the example's request with
    /// the sample: the example's `use` lines, argument statements and call, without the client
    /// or the printing. `None` when the operation has no such test (no sample, or an OAuth 2.0
    /// requirement, whose token the test's stand-in server cannot issue).
    pub example_request: Option<ExampleRequest>,
    /// The sample response shown on the page, pretty JSON built from schema examples.
    pub sample_response: Option<String>,
    /// Named types that get a "Data structure" section on the page, in order of first use.
    pub page: Page,
}

/// How a list operation pages: which request field holds the page number, where the items and
/// the total are in the response. Gives the operation a `{method}_stream` method.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Pagination {
    /// Rust name of the stream method, e.g. `list_webhooks_stream`.
    pub method_name: String,
    /// The argument that holds the page number.
    pub page_holder: PageHolder,
    /// Rust name of the page field.
    pub page_field: String,
    /// Whether the page field is plain (else `Option`).
    pub page_required: bool,
    /// Rust access path of the items from the response, e.g. `data.list`.
    pub items_access: String,
    /// Rust type of one item, e.g. `models::WebhookDto`.
    pub item_type: String,
    /// Rust access path of the total count, e.g. `data.total_count`, if the response has one.
    pub total_access: Option<String>,
}

/// The part of a usage example that makes its request, for the generated HTTP-sample test.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ExampleRequest {
    /// The client's builder call, e.g. `builder("AUTHING_ACCESS_KEY_ID", "...")`.
    pub builder: String,
    /// The example's `use` lines and argument statements, then its call as the block's value
    /// (`client.m(&params).await`, the `Result` it answers).
    pub statements: String,
}

impl Operation {
    /// Whether the operation's method is a plain function that returns the request loop's
    /// future (JSON and byte answers), rather than an `async fn` that maps the answer (text,
    /// none) or may fail before sending (a path parameter that is not plain text). A plain
    /// function costs the type checker far less than an `async fn`'s state machine.
    pub fn has_plain_method(&self) -> bool {
        let answer_as_is = matches!(
            self.response.as_ref().map(|r| &r.kind),
            Some(ResponseKind::Json | ResponseKind::Bytes)
        );
        let shaped_path = self.path_segments.iter().any(|segment| match segment {
            PathSegment::Param(i) => self.params.as_ref().is_some_and(|p| {
                p.fields
                    .get(*i)
                    .is_some_and(|f| matches!(f.encoding, ParamEncoding::Shaped(_)))
            }),
            PathSegment::Literal(_) => false,
        });
        answer_as_is && !shaped_path
    }
}

/// The OpenAPI `style` a parameter is written in; a `bool` is its `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WireStyle {
    Form(bool),
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple(bool),
    Label(bool),
    Matrix(bool),
}

/// A piece of an operation's path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PathSegment {
    /// Text as written in the spec.
    Literal(String),
    /// A path parameter: the index of its field in the operation's params.
    Param(usize),
}

/// How a parameter's value is written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ParamEncoding {
    /// A scalar, written with `Display`.
    Text,
    /// An array of scalars written as one value, its items joined by the separator (`,` for
    /// the `form` style without `explode` and for path, header and cookie parameters; ` ` and
    /// `|` for `spaceDelimited` and `pipeDelimited`).
    Joined(String),
    /// An array of scalars written as one `name=value` pair per item (query, `explode`).
    Repeated,
    /// Any other value (an object, a union, a free-form value, an array of anything but plain
    /// scalars, or a `label`/`matrix` path parameter), written by the runtime from its JSON
    /// form in this style.
    Shaped(WireStyle),
}

/// What an operation's reference page shows besides the operation itself.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// The params struct, whose fields are the first request parameters.
    pub params_struct: Option<String>,
    /// The body struct, whose fields are the other request parameters.
    pub body_struct: Option<String>,
    /// The response struct, whose fields the page lists (it has no section of its own).
    pub response_struct: Option<String>,
    /// The named types with a "Data structure" section: all that the body, the response and
    /// the errors reach, except the two structs whose fields the page already lists.
    pub sections: Vec<String>,
}

/// The argument of an operation that holds the page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PageHolder {
    /// A field of the params struct.
    Params,
    /// A field of the body struct.
    Body,
}

/// The parameters of an operation: one generated struct (a [`TypeDef`]) passed by reference.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Params {
    /// Rust name of the struct, e.g. `ListWebhooksParams`.
    pub type_name: String,
    /// Rust type of the argument, e.g. `models::ListWebhooksParams`.
    pub rust_type: String,
    /// Where each field goes, in spec order.
    pub fields: Vec<ParamField>,
}

/// Where a parameter is sent.
#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord,
)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// The spec's name of the location, e.g. `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// One parameter, as the operation's method sends it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParamField {
    /// Wire name, e.g. `webhookId`.
    pub api_name: String,
    /// Rust field name in the params struct.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the field is plain (else `Option`).
    pub required: bool,
    /// The field's type (without the `Option` of an optional field).
    pub ty: TypeRef,
    /// How its value is written.
    pub encoding: ParamEncoding,
    /// How the page says the value is sent, when that is not plain text (Markdown written by
    /// the generator, spec text only in code spans), e.g. an object's `deepObject` form or a
    /// JSON-text fallback.
    pub note: Option<String>,
}

impl Params {
    /// Whether any parameter has a note on how it is sent.
    pub fn has_notes(&self) -> bool {
        self.fields.iter().any(|f| f.note.is_some())
    }
}

/// How a request body is encoded.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` (or `+json`): the typed value as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: the struct's flat fields.
    Form,
    /// `multipart/form-data`: one part per field of the struct.
    Multipart(Vec<MultipartPart>),
    /// Any other media type with a text body (`text/*`): a `&str`.
    Text,
    /// Any other media type: raw bytes, a `&[u8]`.
    Bytes,
}

/// One field of a multipart body.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct MultipartPart {
    /// Part name (the wire name of the field).
    pub api_name: String,
    /// Rust field name in the body struct.
    pub name: String,
    /// How the value is written.
    pub kind: PartKind,
    /// Whether the field is plain (else `Option`, and left out when `None`).
    pub required: bool,
}

/// How one multipart field is written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A scalar, as text.
    Text,
    /// An array of scalars, as one text part per item (the form encoding's default).
    TextEach,
    /// Binary data (`format: binary`), as a file part.
    Bytes,
    /// Anything else, as JSON.
    Json,
}

/// How a successful answer is read.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON into the typed value.
    Json,
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: `Vec<u8>`.
    Bytes,
}

/// A request body.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Body {
    /// How it is encoded.
    pub kind: BodyKind,
    /// Its media type, e.g. `application/json`.
    pub media_type: String,
    /// The body's type (`String` for text bodies, `Bytes` for raw ones).
    pub ty: TypeRef,
    /// Rust type of the body argument behind its `&`, e.g. `models::CreateWebhookDto`, `str`.
    pub rust_type: String,
    /// Rust name of the argument, e.g. `body`.
    pub arg_name: String,
    /// Whether the body is a named struct whose fields the page lists as request parameters.
    pub struct_name: Option<String>,
}

/// A response other than success, listed on the page. Its JSON body can be read with
/// `Error::body_as`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`.
    pub status: String,
    /// The body's type, if the response has a JSON body.
    pub ty: Option<TypeRef>,
    /// The body's type as the page shows it.
    pub doc_type: Option<String>,
    /// The response's description.
    pub description: Option<String>,
}

/// A typed successful response.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ResponseDef {
    /// How the answer is read.
    pub kind: ResponseKind,
    /// The media type asked for in `accept`.
    pub media_type: String,
    /// The response type.
    pub ty: TypeRef,
    /// Rust type, e.g. `CreateWebhookRespDto`.
    pub rust_type: String,
    /// Type as shown on the page (a link for named structs).
    pub doc_type: String,
    /// Response description from the spec.
    pub description: Option<String>,
    /// Whether the answer may hold a secret (a field marked sensitive at any depth): it is
    /// then kept out of error snippets.
    pub secret: bool,
}

/// A reference to a type, as used by a field, body or response.
#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// A named type in [`Api::types`], by Rust name.
    Named(String),
    Array(Box<TypeRef>),
    /// A JSON object with values of one type (`additionalProperties: T`).
    Map(Box<TypeRef>),
    /// A value that may be `null` (`nullable: true`): `Option<T>`.
    Nullable(Box<TypeRef>),
    /// Any JSON value (free-form, or a construct the generator cannot express).
    Json,
    /// Binary data (`format: binary`): `Vec<u8>`.
    Bytes,
}

impl TypeRef {
    /// Whether the type names a generated model anywhere (so its Rust spelling needs `models`).
    pub fn uses_models(&self) -> bool {
        match self {
            TypeRef::Named(_) => true,
            TypeRef::Array(t) | TypeRef::Nullable(t) | TypeRef::Map(t) => t.uses_models(),
            _ => false,
        }
    }
}

/// A named type: one Rust item and one "Data structure" section.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TypeDef {
    /// Rust name, e.g. `WebhookDto`.
    pub name: String,
    /// The key of its component schema, e.g. `WebhookDto`; `None` for an inline schema.
    pub key: Option<String>,
    /// The JSON pointer of its schema, e.g. `#/components/schemas/WebhookDto`.
    pub pointer: String,
    /// Description from the spec.
    pub description: Option<String>,
    /// Whether the schema is marked `deprecated` (then the item is `#[deprecated]`).
    pub deprecated: bool,
    /// What kind of item it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    /// `oneOf`/`anyOf`: an enum with one variant per alternative.
    Union(UnionDef),
    /// `pub type Name = Target;`
    Alias {
        /// The aliased type.
        target: TypeRef,
        /// Its Rust spelling.
        rust_type: String,
    },
}

/// A struct with named fields.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StructDef {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Whether the struct gathers an operation's parameters (`{Operation}Params`). A request
    /// takes it apart field by field (path segments, query pairs, headers, cookies), so it is
    /// never serialized or read as a whole, and it has no serde impls: about half of the
    /// structs of a large spec (GitHub's: 1,187 of 2,365), each costing the type checker two
    /// impls that no code called. Absent from API records written before it existed.
    #[serde(default)]
    pub parameters: bool,
    /// The type parameter of a generic struct, the one type of a family (see
    /// [`StructDef::instance_of`]): the field whose type differs between the family's members
    /// has type `TypeRef::Named` of this name. `None` for every other struct.
    #[serde(default)]
    pub type_param: Option<String>,
    /// Set on a member of a family: structs that are the same in every field but one, whose
    /// type differs (179 of Authing's answer envelopes, `{statusCode, message, apiCode,
    /// requestId, data}`, differ only in `data`). In Rust the member is an alias of the
    /// family's generic struct with its own type of that field; the struct's fields stay here
    /// for the docs, which show each member's fields. See `lower/families.rs`.
    #[serde(default)]
    pub instance_of: Option<Instance>,
}

/// A struct that is, in Rust, the generic struct of its family with one type argument.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Instance {
    /// The generic struct's name, e.g. `RespDto`.
    pub generic: String,
    /// The type argument: the member's type of the field that differs.
    pub arg: TypeRef,
    /// Its Rust spelling, e.g. `RespDto<WebhookDto>`.
    pub rust_type: String,
}

impl StructDef {
    /// The required fields, in spec order: the arguments of `new`.
    pub fn required(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.required)
    }

    /// Whether a field holds a secret (then `Debug` is written by hand and redacts it).
    pub fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.sensitive)
    }

    /// Whether the struct implements `Serialize` and `Deserialize`: every struct but an
    /// operation's parameters (see [`StructDef::parameters`]) and a family's members, whose
    /// generic struct has them (see [`StructDef::instance_of`]).
    pub fn has_serde_impls(&self) -> bool {
        !self.parameters && self.instance_of.is_none()
    }

    /// Whether its `Serialize` lists an optional field, through the runtime's
    /// `ser_optional::optional`.
    pub fn has_optional_ser_fields(&self) -> bool {
        self.has_serde_impls() && self.fields.iter().any(|f| !f.required && !f.flatten)
    }

    /// Whether its `Deserialize` reads an optional nullable field, through the runtime's
    /// `de_nullable::Nullable`.
    pub fn has_nullable_de_fields(&self) -> bool {
        let nullable =
            |f: &Field| !f.required && !f.flatten && matches!(f.ty, TypeRef::Nullable(_));
        self.has_serde_impls() && self.fields.iter().any(nullable)
    }

    /// Whether its serde impls keep a map of other properties, read through the runtime's
    /// `de_rest::object`.
    pub fn has_de_rest(&self) -> bool {
        self.has_serde_impls() && self.fields.iter().any(|f| f.flatten)
    }

    /// Whether every field is optional (then the struct also derives `Default`).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }

    /// Whether `new` takes more arguments (the required fields) than clippy's
    /// `too_many_arguments` allows by default (7), so it carries that lint's `allow`.
    pub fn has_many_required(&self) -> bool {
        self.required().count() > 7
    }

    /// The optional fields, in spec order: the `with_*` setters.
    pub fn optional(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.required)
    }
}

/// A struct field, or a parameter (which the page lists the same way).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Field {
    /// Wire name, e.g. `contentType`.
    pub api_name: String,
    /// Rust name, e.g. `content_type` (may be a raw identifier such as `r#type`).
    pub name: String,
    /// The field's type, without the `Option` for absence.
    pub ty: TypeRef,
    /// Whether the value is behind a `Box` (it leads back to its own struct).
    pub boxed: bool,
    /// Whether the field is the map of the properties not listed (`additionalProperties`),
    /// flattened into the struct.
    pub flatten: bool,
    /// Type as shown on the page, e.g. `string[]` or `[WebhookDto](#webhookdto)`.
    pub doc_type: String,
    /// Whether the spec requires the field (then it is not an `Option`).
    pub required: bool,
    /// Description from the spec.
    pub description: Option<String>,
    /// Anchor of the enum section listing allowed values, when the type is (an array of) an enum.
    pub enum_link: Option<(String, String)>,
    /// `default` from the spec.
    pub default: Option<Value>,
    /// `example` from the spec, when it matches the type (else a warning says why it was dropped).
    pub example: Option<Value>,
    /// JSON pointer of the field's schema, for warnings.
    pub pointer: String,
    /// `format` from the spec.
    pub format: Option<String>,
    /// Whether the field is marked `deprecated`.
    pub deprecated: bool,
    /// Whether the field holds a secret (`format: password`, or a name saying secret, password
    /// or token): `Debug` shows `<redacted>` instead.
    pub sensitive: bool,
    /// Name of the `with_*` setter for optional fields, e.g. `with_enabled`.
    pub setter: String,
}

/// A `oneOf`/`anyOf`. With a discriminator, the tag property picks the variant (an unknown tag
/// is an error, or `Other` in an open union) and is written exactly once; without one, the
/// first alternative that fits wins.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UnionDef {
    /// The alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// The discriminator's property name, if the union is tagged.
    pub tag_property: Option<String>,
    /// Whether a tagged union keeps a tag no alternative has as `Other(serde_json::Value)`
    /// (the unions of one webhook event's deliveries, told apart by their action).
    pub open: bool,
}

/// One alternative of a union.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UnionVariant {
    /// Rust name of the variant, e.g. `Dog`.
    pub name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Rust type of the payload (boxed when the union leads back to itself).
    pub rust_type: String,
    /// Whether the payload is behind a `Box` (it leads back to the union).
    pub boxed: bool,
    /// Type as a page shows it.
    pub doc_type: String,
    /// The tag value that selects it, for tagged unions.
    pub tag: Option<String>,
}

/// An enum of string (or integer) values, with a fallback variant for values the spec does not list.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EnumDef {
    /// Whether the values are integers (numbers on the wire, `i64` in the fallback).
    pub integer: bool,
    /// Known variants in spec order.
    pub variants: Vec<Variant>,
    /// Name of the fallback variant that keeps unknown values, e.g. `Other`.
    pub fallback: String,
}

/// A known enum value.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Variant {
    /// Rust name, e.g. `UserCreated`.
    pub name: String,
    /// Wire value, e.g. `user:created`.
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::StructDef;

    /// An API record written before `parameters` existed still reads (the semver verdict
    /// compares with it), and its structs are models with serde impls.
    #[test]
    fn a_struct_recorded_before_parameters_existed_reads_as_a_model() {
        let recorded: StructDef = serde_json::from_str(r#"{"fields": []}"#).expect("reads");
        assert!(!recorded.parameters);
        assert!(recorded.has_serde_impls());
    }
}
