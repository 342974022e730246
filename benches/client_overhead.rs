//! Per-call overhead of the generated client against a loopback server, next to a bare
//! `reqwest` request for the same answer. Run with `cargo bench --bench client_overhead`.

use std::time::{Duration, Instant};

use authing_management::models::GetWebhookParams;
use authing_management::{ManagementClient, reqwest};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CALLS: usize = 3000;

fn token() -> String {
    // {"alg":"none"} . {"scoped_userpool_id":"pool"} . sig
    "eyJhbGciOiJub25lIn0.eyJzY29wZWRfdXNlcnBvb2xfaWQiOiJwb29sIn0.c2ln".to_string()
}

fn webhook_answer() -> serde_json::Value {
    serde_json::json!({
        "statusCode": 200,
        "message": "Operation successful",
        "data": {
            "webhookId": "6229ffaxxxxxxxxcade3e3d9",
            "createdAt": "2022-07-03T02:20:30.000Z",
            "updatedAt": "2022-07-03T02:20:30.000Z",
            "name": "User created event",
            "url": "https://example.com/callback",
            "contentType": "application/json",
            "enabled": true,
            "events": ["user:created", "user:updated"]
        }
    })
}

fn summary(name: &str, mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    let median = samples[samples.len() / 2].as_secs_f64() * 1e6;
    let p99 = samples[samples.len() * 99 / 100].as_secs_f64() * 1e6;
    let mean = samples.iter().map(Duration::as_secs_f64).sum::<f64>() / samples.len() as f64 * 1e6;
    println!("{name:<28} median {median:>8.1} µs   mean {mean:>8.1} µs   p99 {p99:>8.1} µs");
    median
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/get-management-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "statusCode": 200, "message": "ok",
            "data": {"access_token": token(), "expires_in": 7200}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/get-webhook"))
        .respond_with(ResponseTemplate::new(200).set_body_json(webhook_answer()))
        .mount(&server)
        .await;

    let client = ManagementClient::builder("ak", "sk")
        .host(server.uri())
        .build()
        .expect("client");
    let params = GetWebhookParams::new("6229ffaxxxxxxxxcade3e3d9");
    let bare = reqwest::Client::new();
    let url = format!(
        "{}/api/v3/get-webhook?webhookId=6229ffaxxxxxxxxcade3e3d9",
        server.uri()
    );

    for _ in 0..200 {
        client.get_webhook(&params).await.expect("call");
        bare.get(&url)
            .send()
            .await
            .expect("send")
            .bytes()
            .await
            .expect("body");
    }

    let mut generated = Vec::with_capacity(CALLS);
    let mut raw = Vec::with_capacity(CALLS);
    let mut raw_untimed = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let start = Instant::now();
        let answer = client.get_webhook(&params).await.expect("call");
        generated.push(start.elapsed());
        std::hint::black_box(answer);

        for (timed, samples) in [(true, &mut raw), (false, &mut raw_untimed)] {
            let start = Instant::now();
            // The same request on the wire as the client's: its headers, and (first series)
            // its per-attempt timeout.
            let mut request = bare
                .get(&url)
                .header("user-agent", authing_management::USER_AGENT)
                .header("accept", "application/json")
                .header("x-authing-sdk-version", authing_management::SDK_VERSION)
                .header("authorization", format!("Bearer {}", token()))
                .header("x-authing-userpool-id", "pool");
            if timed {
                request = request.timeout(authing_management::DEFAULT_TIMEOUT);
            }
            let answer: serde_json::Value = request
                .send()
                .await
                .expect("send")
                .json()
                .await
                .expect("json");
            samples.push(start.elapsed());
            std::hint::black_box(answer);
        }
    }
    println!("{CALLS} sequential GET calls each, interleaved, against a loopback wiremock server");
    let g = summary("generated client (typed)", generated);
    let r = summary("bare reqwest, same timeout", raw);
    let u = summary("bare reqwest, no timeout", raw_untimed);
    println!(
        "overhead: {:+.1} µs per call (median), ratio {:.2} against the same request with the \
         client's per-attempt timeout; ratio {:.2} against one without (reqwest's timer alone \
         costs {:.1} µs)",
        g - r,
        g / r,
        g / u,
        r - u
    );
}
