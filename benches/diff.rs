//! How long `oapi-docgen diff` takes on a year of real history: the 2022-10 and 2023-11
//! upstream Authing specs, each loaded, lowered (with the project's settings) and compared.
//! Run with `OAPI_DOCGEN_UPSTREAM_SPEC=… OAPI_DOCGEN_UPSTREAM_SPEC_OLD=… cargo bench --bench diff`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_file())
    };
    let (Some(new), Some(old)) = (
        var("OAPI_DOCGEN_UPSTREAM_SPEC"),
        var("OAPI_DOCGEN_UPSTREAM_SPEC_OLD"),
    ) else {
        println!(
            "set OAPI_DOCGEN_UPSTREAM_SPEC and OAPI_DOCGEN_UPSTREAM_SPEC_OLD to the two specs"
        );
        return;
    };
    let project = oapi_docgen::Options::project_default().expect("the project configuration");
    let api_of = |spec: &PathBuf| {
        // The project's settings, but not its overlay, which is written for spec/.
        let options = oapi_docgen::Options {
            spec: spec.clone(),
            overlays: Vec::new(),
            ..project.clone()
        };
        oapi_docgen::lower_spec(&options).expect("lowers").0
    };
    let mut best = (Duration::MAX, Duration::MAX);
    let mut changes = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let (old_api, new_api) = (api_of(&old), api_of(&new));
        let lowered = start.elapsed();
        let report = oapi_docgen::diff::diff(&old_api, &new_api);
        let total = start.elapsed();
        changes = report.changes.len();
        best = (best.0.min(total), best.1.min(total - lowered));
    }
    println!(
        "diff of the two upstream Authing specs: {changes} changes; best of 5: {:.0} ms in all \
         (load and lower both specs, compare), {:.1} ms of which comparing",
        best.0.as_secs_f64() * 1e3,
        best.1.as_secs_f64() * 1e3
    );
}
