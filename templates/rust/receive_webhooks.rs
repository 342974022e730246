{#- The example webhook server. Fields: api (krate.lib_name). -#}
//! Receives the API's webhook deliveries and prints each event.
//!
//! Run it with `cargo run --example receive_webhooks --features axum`, with your webhook's
//! secret in `WEBHOOK_SECRET` and the address to listen on in `WEBHOOK_ADDRESS` (default
//! `127.0.0.1:8080`), and make `http://<address>/webhook` your webhook's callback address.
//! A delivery without the secret is answered 401, one too large 413, a malformed one 400.

use std::sync::Arc;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use {{ api.krate.lib_name }}::webhooks::{Event, Receiver, Verified};

/// What the handler sees: the receiver (which the extractor takes) and what to do with events.
#[derive(Clone)]
struct Webhooks {
    receiver: Receiver,
    on_event: Arc<dyn Fn(Event) + Send + Sync>,
}

impl FromRef<Webhooks> for Receiver {
    fn from_ref(webhooks: &Webhooks) -> Receiver {
        webhooks.receiver.clone()
    }
}

/// The server: `POST /webhook` verifies each delivery with `receiver`, hands its event to
/// `on_event` and answers 200.
pub fn app(receiver: Receiver, on_event: Arc<dyn Fn(Event) + Send + Sync>) -> Router {
    Router::new()
        .route("/webhook", post(receive))
        .with_state(Webhooks { receiver, on_event })
}

/// One delivery: only verified events reach this handler.
async fn receive(State(webhooks): State<Webhooks>, Verified(event): Verified<Event>) -> StatusCode {
    (webhooks.on_event)(event);
    StatusCode::OK
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("WEBHOOK_SECRET").unwrap_or_else(|_| "my-webhook-secret".to_owned());
    let address = std::env::var("WEBHOOK_ADDRESS").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on http://{}/webhook", listener.local_addr()?);
    let print = Arc::new(|event: Event| println!("{}: {event:?}", event.name()));
    axum::serve(listener, app(Receiver::new(secret), print)).await
}
