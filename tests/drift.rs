//! The checked-in `generated/` must be exactly what the generator makes from `spec/` now.

use oapi_docgen::{Options, write};

#[test]
fn generated_crate_is_up_to_date() {
    let generated = oapi_docgen::generate(
        &Options::project_default().expect("the project configuration loads"),
    )
    .expect("the project spec generates");
    let drift = write::check(&oapi_docgen::default_out(), &generated.files)
        .expect("generated/ is readable");
    let listing: Vec<String> = drift.iter().map(|d| format!("  {d}")).collect();
    assert!(
        drift.is_empty(),
        "generated/ is stale: it does not match spec/ and templates/.\n{}\nFix: run `{}` from the repository root, review the diff, and commit it.",
        listing.join("\n"),
        oapi_docgen::DEFAULT_REGEN_COMMAND,
    );
}

#[test]
fn generation_is_deterministic() {
    let options = Options::project_default().expect("the project configuration loads");
    let first = oapi_docgen::generate(&options).expect("generates");
    for _ in 0..3 {
        let again = oapi_docgen::generate(&options).expect("generates");
        assert_eq!(
            first.files, again.files,
            "two runs produced different bytes"
        );
    }
}

#[test]
fn project_spec_generates_without_warnings() {
    let generated = oapi_docgen::generate(
        &Options::project_default().expect("the project configuration loads"),
    )
    .expect("generates");
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
}

/// Every file opens with the preamble, except the runtime's modules: they are copies of
/// `runtime/src`, byte for byte, and the preamble of `src/runtime/mod.rs`, which declares them,
/// says so.
#[test]
fn every_generated_file_names_the_regeneration_command() {
    let generated = oapi_docgen::generate(
        &Options::project_default().expect("the project configuration loads"),
    )
    .expect("generates");
    let mod_rs = String::from_utf8_lossy(&generated.files["src/runtime/mod.rs"]).into_owned();
    assert!(mod_rs.contains("copied\n//! byte for byte"), "{mod_rs}");
    for (path, bytes) in &generated.files {
        if path.starts_with("src/runtime/") && path != "src/runtime/mod.rs" {
            let module = path
                .trim_start_matches("src/runtime/")
                .trim_end_matches(".rs");
            assert!(mod_rs.contains(&format!("mod {module};")), "{path}");
            continue;
        }
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        let first_line = text.lines().next().unwrap_or_default();
        assert!(
            first_line.contains("@generated") && first_line.contains("`cargo run`"),
            "{path} does not open with the preamble: {first_line}"
        );
    }
}
