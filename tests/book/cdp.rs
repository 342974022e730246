//! A headless Chromium driven over the DevTools protocol (CDP): JSON messages on one WebSocket.
//!
//! The test needs five commands (navigate, evaluate, viewport, screenshot, attach) and three
//! kinds of event (load, console, exception), so it speaks the protocol directly over
//! `tokio-tungstenite` rather than pulling in a driver crate whose generated protocol bindings
//! take minutes to compile on this machine.

use std::collections::VecDeque;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any one protocol step may take.
const STEP: Duration = Duration::from_secs(30);

/// A running headless Chromium and the browser-level protocol connection.
pub struct Browser {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Events received while waiting for an answer, oldest first.
    events: VecDeque<Value>,
    _child: Child,
    _profile: tempfile::TempDir,
}

/// A tab: the session id of a page target.
pub struct Tab {
    session: String,
}

/// What a page reported while loading: console errors, uncaught exceptions, failed loads.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<String>);

impl Browser {
    /// Starts `chromium` headless with a fresh profile and connects to its DevTools endpoint.
    pub async fn launch(chromium: &str) -> Browser {
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{chromium} starts: {e}"));
        let stderr = child.stderr.take().expect("stderr is piped");
        let mut lines = BufReader::new(stderr).lines();
        let url = tokio::time::timeout(STEP, async {
            while let Some(line) = lines.next_line().await.expect("reads stderr") {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return url.trim().to_string();
                }
            }
            panic!("chromium exited before it listened for DevTools");
        })
        .await
        .expect("chromium opens its DevTools endpoint in time");
        // Keep draining stderr so that chromium never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let (ws, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .expect("connects to DevTools");
        Browser {
            ws,
            next_id: 0,
            events: VecDeque::new(),
            _child: child,
            _profile: profile,
        }
    }

    /// Sends a command (to a tab's session, or to the browser) and returns its result; events that
    /// arrive meanwhile are kept for [`Browser::wait_event`] and [`Browser::take_errors`].
    pub async fn call(&mut self, tab: Option<&Tab>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(tab) = tab {
            message["sessionId"] = Value::from(tab.session.as_str());
        }
        self.ws
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("sends to DevTools");
        loop {
            let message = self.receive(method).await;
            if message.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message.get("result").cloned().unwrap_or(Value::Null);
            }
            self.events.push_back(message);
        }
    }

    /// Waits for the next event named `method` from `tab`.
    pub async fn wait_event(&mut self, tab: &Tab, method: &str) -> Value {
        let from_tab = |e: &Value| {
            e["method"] == method && e["sessionId"].as_str() == Some(tab.session.as_str())
        };
        if let Some(at) = self.events.iter().position(from_tab) {
            return self.events.remove(at).unwrap_or_default();
        }
        loop {
            let message = self.receive(method).await;
            if from_tab(&message) {
                return message;
            }
            self.events.push_back(message);
        }
    }

    async fn receive(&mut self, waiting_for: &str) -> Value {
        loop {
            let next = tokio::time::timeout(STEP, self.ws.next())
                .await
                .unwrap_or_else(|_| panic!("no answer to {waiting_for} within {STEP:?}"))
                .expect("the DevTools connection stays open")
                .expect("reads from DevTools");
            if let Message::Text(text) = next {
                return serde_json::from_str(text.as_str()).expect("DevTools sends JSON");
            }
        }
    }

    /// Opens a tab with console, log and page events on.
    pub async fn new_tab(&mut self) -> Tab {
        let target = self
            .call(None, "Target.createTarget", json!({ "url": "about:blank" }))
            .await;
        let attached = self
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target["targetId"], "flatten": true }),
            )
            .await;
        let tab = Tab {
            session: attached["sessionId"]
                .as_str()
                .expect("a session id")
                .to_string(),
        };
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            self.call(Some(&tab), domain, json!({})).await;
        }
        tab
    }

    /// Loads `url` in `tab` and waits for its load event and for its scripts to settle.
    pub async fn navigate(&mut self, tab: &Tab, url: &str) {
        self.events.clear();
        let result = self
            .call(Some(tab), "Page.navigate", json!({ "url": url }))
            .await;
        if let Some(error) = result.get("errorText") {
            panic!("{url} did not load: {error}");
        }
        self.wait_event(tab, "Page.loadEventFired").await;
        self.evaluate(tab, "new Promise(done => setTimeout(done, 150))")
            .await;
    }

    /// Evaluates a JavaScript expression (awaiting a promise) and returns its JSON value.
    pub async fn evaluate(&mut self, tab: &Tab, expression: &str) -> Value {
        let result = self
            .call(
                Some(tab),
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await;
        if let Some(details) = result.get("exceptionDetails") {
            panic!("`{expression}` threw: {details}");
        }
        result["result"]["value"].clone()
    }

    /// The errors `tab` reported since its last navigation: `console.error` calls, uncaught
    /// exceptions and log entries of level error (failed resource loads among them).
    pub fn take_errors(&mut self, tab: &Tab) -> Errors {
        let mut errors = Errors::default();
        for event in self.events.drain(..) {
            if event["sessionId"].as_str() != Some(tab.session.as_str()) {
                continue;
            }
            let params = &event["params"];
            match event["method"].as_str() {
                Some("Runtime.consoleAPICalled") if params["type"] == "error" => {
                    errors.0.push(format!("console.error: {}", params["args"]));
                }
                Some("Runtime.exceptionThrown") => {
                    errors
                        .0
                        .push(format!("exception: {}", params["exceptionDetails"]));
                }
                // Chromium asks for `/favicon.ico` by itself for a page that declares no icon
                // (mdBook's `toc.html`, the no-script fallback); the page did not ask for it.
                Some("Log.entryAdded")
                    if params["entry"]["level"] == "error"
                        && !params["entry"]["url"]
                            .as_str()
                            .is_some_and(|u| u.ends_with("/favicon.ico")) =>
                {
                    errors.0.push(format!(
                        "log: {} ({})",
                        params["entry"]["text"], params["entry"]["url"]
                    ));
                }
                _ => {}
            }
        }
        errors
    }

    /// Sets the viewport of `tab`: a desktop or a phone (touch, mobile layout).
    pub async fn viewport(&mut self, tab: &Tab, width: u32, height: u32, mobile: bool) {
        self.call(
            Some(tab),
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": width, "height": height,
                "deviceScaleFactor": if mobile { 2 } else { 1 },
                "mobile": mobile,
            }),
        )
        .await;
    }

    /// Saves a PNG of what `tab` shows to `path`.
    pub async fn screenshot(&mut self, tab: &Tab, path: &Path) {
        use base64::Engine as _;
        let shot = self
            .call(
                Some(tab),
                "Page.captureScreenshot",
                json!({ "format": "png" }),
            )
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("the screenshot's data"))
            .expect("the screenshot is base64");
        std::fs::write(path, png).expect("writes the screenshot");
    }
}
