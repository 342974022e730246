//! The generated create-webhook page covers the English seed page (the upstream reference page
//! for `create-webhook`, kept outside the repository): every request row, response row and
//! data-structure row with the same type, required-ness and sample value, the response type's
//! name and the sample result's keys. The seed's facts are written down here, so the test needs
//! nothing outside the repository; no sentence of the seed is copied.

mod common;

use common::seed::{REQUEST_ROWS, SeedRow, row};

fn page() -> String {
    let generated = oapi_docgen::generate(
        &oapi_docgen::Options::project_default().expect("the project configuration loads"),
    )
    .expect("generates");
    let bytes = generated
        .files
        .get("docs/manage-webhook/create-webhook.md")
        .expect("the create-webhook page exists");
    String::from_utf8(bytes.clone()).expect("utf-8")
}

/// The rows of the Markdown table that follows `heading`, as trimmed cells.
fn table_after(page: &str, heading: &str) -> Vec<Vec<String>> {
    let start = page
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading} on the page"));
    page[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// Fields that newer API versions added after the seed page was written (AUTHING_API.md).
const NEWER_FIELDS: &[&str] = &["retryConfig"];

/// The seed page's WebhookDto rows; the seed writes `array` for `events` where the request table
/// writes `string[]`, and the generated page writes `string[]` in both.
const WEBHOOK_DTO_ROWS: &[SeedRow] = &[
    row("webhookId", "string", "Yes", "6229ffaxxxxxxxxcade3e3d9"),
    row("createdAt", "string", "Yes", "2022-07-03T02:20:30.000Z"),
    row("updatedAt", "string", "Yes", "2022-07-03T02:20:30.000Z"),
    row("name", "string", "yes", "User created event"),
    row("url", "string", "yes", "https://example.com/callback"),
    row("contentType", "string", "yes", "application/json"),
    row("enabled", "boolean", "yes", "true"),
    row("events", "array", "no", "[\"user:created\"]"),
    row("secret", "string", "no", "xxxxxxxxxxxx"),
];

fn assert_rows(rows: &[Vec<String>], expected: &[SeedRow], required_col: usize, sample_col: usize) {
    for want in expected {
        let got = rows
            .iter()
            .find(|r| r[0] == want.name)
            .unwrap_or_else(|| panic!("the generated page has no row {}", want.name));
        let want_ty = if want.ty == "array" {
            "string[]"
        } else {
            want.ty
        };
        assert_eq!(got[1], want_ty, "type of {}", want.name);
        assert!(
            got[required_col].eq_ignore_ascii_case(want.required),
            "required-ness of {}",
            want.name
        );
        // As a reader sees it: an autolink `<https://…>` shows its URL.
        let shown = got[sample_col]
            .strip_prefix('<')
            .and_then(|v| v.strip_suffix('>'))
            .filter(|v| v.starts_with("http"))
            .unwrap_or(&got[sample_col]);
        assert_eq!(shown, want.sample, "sample value of {}", want.name);
    }
    let extra: Vec<&str> = rows
        .iter()
        .map(|r| r[0].as_str())
        .filter(|name| !expected.iter().any(|want| want.name == *name))
        .collect();
    assert_eq!(
        extra, NEWER_FIELDS,
        "the generated table has rows the seed does not"
    );
}

#[test]
fn request_parameters_cover_the_seed() {
    let page = page();
    let rows = table_after(&page, "## Request parameters");
    assert_rows(&rows, REQUEST_ROWS, 2, 5);
    for r in &rows {
        assert_eq!(r.len(), 6, "row {r:?} has the six seed columns");
    }
}

#[test]
fn webhook_dto_section_covers_the_seed() {
    let page = page();
    let rows = table_after(&page, "### WebhookDto");
    assert_rows(&rows, WEBHOOK_DTO_ROWS, 2, 4);
}

#[test]
fn page_has_the_seed_structure() {
    let page = page();
    let mut last = 0;
    for heading in [
        "# Create a Webhook",
        "## Method name",
        "## Request parameters",
        "## Example",
        "## Request response",
        "## Sample result",
        "## Data structure",
        "### WebhookDto",
    ] {
        let at = page[last..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        last += at;
    }
    assert!(page.contains(
        "The method `create_webhook` of `ManagementClient` sends\n`POST /api/v3/create-webhook`."
    ));
    assert!(page.contains("Type: CreateWebhookRespDto\n"));
    assert!(page.contains("| data | [WebhookDto](#webhookdto) | Yes | Response data |"));
}

#[test]
fn upstream_defects_are_not_copied() {
    let page = page();
    assert!(
        !page.contains("real name"),
        "the events description must not be the copied one"
    );
    assert!(
        page.contains("\"events\": [\n      \"user:created\"\n    ]"),
        "arrays are arrays in the sample"
    );
    assert!(!page.contains("\"[\\\"user:created\\\"]\""));
}

/// The seed page's response rows: name and type. The seed writes `number` for the two codes,
/// which the spec declares as integers; the generated page writes `integer`.
const RESPONSE_ROWS: &[(&str, &str)] = &[
    ("statusCode", "integer"),
    ("message", "string"),
    ("apiCode", "integer"),
    ("requestId", "string"),
    ("data", "[WebhookDto](#webhookdto)"),
];

#[test]
fn response_section_covers_the_seed() {
    let page = page();
    let start = page
        .find("## Request response")
        .expect("a response section");
    assert!(
        page[start..].starts_with("## Request response\n\nType: CreateWebhookRespDto\n"),
        "the seed's response type name"
    );
    let rows = table_after(&page, "## Request response");
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(got, RESPONSE_ROWS);
}

/// The keys of the seed page's sample result, at the top and in `data`.
const SAMPLE_KEYS: &[&str] = &["statusCode", "message", "requestId", "data"];
const SAMPLE_DATA_KEYS: &[&str] = &[
    "webhookId",
    "createdAt",
    "updatedAt",
    "name",
    "url",
    "contentType",
    "enabled",
    "events",
    "secret",
];

#[test]
fn sample_result_has_the_seed_keys() {
    let page = page();
    let start = page.find("## Sample result").expect("a sample result");
    let json = page[start..]
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a JSON block");
    let sample: serde_json::Value = serde_json::from_str(json).expect("the sample is JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object().expect("an object").keys().cloned().collect()
    };
    assert_eq!(keys(&sample), SAMPLE_KEYS);
    let data = keys(&sample["data"]);
    let (seed, newer): (Vec<&String>, Vec<&String>) = data
        .iter()
        .partition(|k| SAMPLE_DATA_KEYS.contains(&k.as_str()));
    assert_eq!(seed, SAMPLE_DATA_KEYS, "the seed's data keys, in its order");
    assert_eq!(newer, NEWER_FIELDS, "only newer fields beside them");
    assert_eq!(sample["statusCode"], 200);
    assert_eq!(
        sample["data"]["events"],
        serde_json::json!(["user:created"])
    );
}
