//! Stub runtime, replaced by the real one.
use crate::Error;
/// Client.
#[derive(Clone, Debug)]
pub struct ManagementClient {}
/// Builder.
#[derive(Debug)]
pub struct ManagementClientBuilder {}
/// Retry policy.
#[derive(Debug, Clone, Default)]
pub struct RetryPolicy {}
impl ManagementClient {
    /// Builder.
    pub fn builder(_ak: impl Into<String>, _sk: impl Into<String>) -> ManagementClientBuilder { ManagementClientBuilder {} }
    pub(crate) async fn execute<T: serde::de::DeserializeOwned>(&self, _r: ApiRequest) -> Result<T, Error> { Err(Error::Stub) }
}
impl ManagementClientBuilder {
    /// Build.
    pub fn build(self) -> Result<ManagementClient, Error> { Ok(ManagementClient {}) }
}
pub(crate) struct ApiRequest {}
impl ApiRequest {
    pub(crate) fn new(_m: reqwest::Method, _p: &'static str) -> Self { ApiRequest {} }
    pub(crate) fn json<B: serde::Serialize>(self, _b: &B) -> Result<Self, Error> { Ok(self) }
}
