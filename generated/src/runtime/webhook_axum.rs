//! Webhook deliveries in an axum server: the extractor [`Verified`], which reads a delivery's
//! body (up to the receiver's limit) and checks it with the [`Receiver`] in the router's state.

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_LENGTH;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::webhook::{Delivery, ReceiveError, Receiver};

/// The event of a delivery the `Receiver` in the router's state accepted.
///
/// A handler that takes it runs only for accepted deliveries; the others are answered 401
/// (secret or signature missing or wrong), 413 (body too large), 415 (unsupported content
/// type) or 400 (malformed body), with a one-line plain-text reason. The state must hold the
/// receiver (`Router::with_state(receiver)`, or a state struct with a `FromRef` for it). It
/// reads the body, so it is the handler's last argument:
///
/// ```text
/// async fn webhook(Verified(event): Verified<WebhookEvent>) -> StatusCode {
///     // handle `event`
///     StatusCode::OK
/// }
/// let app = Router::new().route("/webhook", post(webhook)).with_state(Receiver::new(secret));
/// ```
#[derive(Debug, Clone)]
pub struct Verified<E>(pub E);

impl<S, E> FromRequest<S> for Verified<E>
where
    E: Delivery,
    Receiver<E>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ReceiveError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver = Receiver::<E>::from_ref(state);
        let (parts, body) = request.into_parts();
        let body = read_body(&parts.headers, body, receiver.body_limit()).await?;
        receiver.verify(&parts.headers, &body).map(Verified)
    }
}

/// The body, refused as soon as it is known to be larger than `limit` (from its
/// `content-length`, or once more bytes than that arrived).
async fn read_body(
    headers: &axum::http::HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Vec<u8>, ReceiveError> {
    let announced = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<usize>().ok());
    if let Some(size) = announced.filter(|size| *size > limit) {
        return Err(ReceiveError::TooLarge { limit, size });
    }
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|e| ReceiveError::MalformedBody(format!("the body could not be read: {e}")))?;
        let size = bytes.len().saturating_add(chunk.len());
        if size > limit {
            return Err(ReceiveError::TooLarge { limit, size });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

impl IntoResponse for ReceiveError {
    /// The error's [`status`](ReceiveError::status) and its message as plain text.
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::BAD_REQUEST);
        (status, self.to_string()).into_response()
    }
}
