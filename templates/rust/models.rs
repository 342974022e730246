{#- The head of models.rs; render.rs appends one rust/type.rs per type. Fields: api (the IR). -#}
//! The request and response types of the {{ api.title|doc_inline }}.
#![allow(deprecated, reason = "deprecated types and fields are still (de)serialized here")]
