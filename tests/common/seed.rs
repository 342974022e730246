//! Facts of the English seed page (the upstream reference page for `create-webhook`, kept
//! outside the repository), written down so that tests need nothing outside the repository.

/// A seed row: name, type, required, sample value, as the seed page shows them.
pub struct SeedRow {
    pub name: &'static str,
    pub ty: &'static str,
    pub required: &'static str,
    pub sample: &'static str,
}

/// A seed row.
pub const fn row(
    name: &'static str,
    ty: &'static str,
    required: &'static str,
    sample: &'static str,
) -> SeedRow {
    SeedRow {
        name,
        ty,
        required,
        sample,
    }
}

/// The columns of the seed page's request table.
pub const REQUEST_COLUMNS: &[&str] = &[
    "Name",
    "Type",
    "Is it required",
    "Default value",
    "Description",
    "Sample value",
];

/// The seed page's request rows. The seed lists the required rows in reverse (a known defect
/// of its generator); the generated page keeps spec order, which the test does not constrain.
pub const REQUEST_ROWS: &[SeedRow] = &[
    row("contentType", "string", "Yes", "application/json"),
    row("events", "string[]", "Yes", "[\"user:created\"]"),
    row("url", "string", "yes", "https://example.com/callback"),
    row("name", "string", "yes", "User creation event"),
    row("enabled", "boolean", "no", "true"),
    row("secret", "string", "no", "xxxxxxxxxxxx"),
];
