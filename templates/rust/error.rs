//! Stub error.
/// Error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Stub.
    #[error("stub")]
    Stub,
}
