//! The `oapi-docgen` binary: a thin shell over the library. Exit codes: 0 done or up to date,
//! 1 `--check` found drift, 2 bad input or usage.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

/// Generate a typed async Rust client crate and its Markdown reference from an OpenAPI 3.0 spec.
///
/// With no arguments, regenerates the project's `generated/` from `spec/authing-management.yaml`.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// The OpenAPI 3.0 document, JSON or YAML (chosen by extension, else by content).
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The folder of the generated crate.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated crate's package name (default: the spec's `x-codegen.crate-name`).
    #[arg(long, value_name = "NAME", value_parser = parse_crate_name)]
    crate_name: Option<String>,
    /// The API's dialect, for conventions its spec cannot express (default: the spec's
    /// `x-codegen.dialect`).
    #[arg(long, value_parser = ["authing"])]
    dialect: Option<String>,
    /// Write nothing; exit 1 listing every file that differs, is missing or is extra.
    #[arg(long)]
    check: bool,
}

fn parse_crate_name(s: &str) -> Result<String, String> {
    let valid = !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match valid {
        true => Ok(s.to_string()),
        false => Err(
            "a crate name starts with an ASCII letter and holds only ASCII letters, digits, `-` and `_` (at most 64)"
                .to_string(),
        ),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let rendered = err.to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("error: invalid arguments");
            eprintln!("{first} (see --help)");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let is_default = cli.spec.is_none()
        && cli.out.is_none()
        && cli.crate_name.is_none()
        && cli.dialect.is_none();
    let spec = cli.spec.clone().unwrap_or_else(oapi_docgen::default_spec);
    let out = cli.out.clone().unwrap_or_else(oapi_docgen::default_out);
    let regen_command = match is_default {
        true => oapi_docgen::DEFAULT_REGEN_COMMAND.to_string(),
        false => explicit_command(&cli),
    };
    let options = oapi_docgen::Options {
        spec: spec.clone(),
        crate_name: cli.crate_name.clone(),
        regen_command: regen_command.clone(),
        dialect: cli.dialect.clone(),
    };
    let generated = oapi_docgen::generate(&options)?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if cli.check {
        let drift = oapi_docgen::write::check(&out, &generated.files)
            .with_context(|| format!("cannot check {}", out.display()))?;
        if drift.is_empty() {
            println!("{} is up to date", out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale ({} files):", out.display(), drift.len());
        for d in &drift {
            eprintln!("  {d}");
        }
        eprintln!("run `{regen_command}` to regenerate it");
        return Ok(ExitCode::from(1));
    }
    let report = oapi_docgen::write::write(&out, &generated.files)
        .context("cannot update the output folder")?;
    for path in &report.foreign {
        eprintln!("warning: {path} was not made by oapi-docgen; left alone");
    }
    println!(
        "{}: {} written, {} removed, {} unchanged",
        out.display(),
        report.written.len(),
        report.removed.len(),
        report.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

/// The command line that reproduces a run with explicit arguments.
fn explicit_command(cli: &Cli) -> String {
    let mut parts = vec!["oapi-docgen".to_string()];
    if let Some(spec) = &cli.spec {
        parts.push(format!("--spec {}", spec.display()));
    }
    if let Some(out) = &cli.out {
        parts.push(format!("--out {}", out.display()));
    }
    if let Some(name) = &cli.crate_name {
        parts.push(format!("--crate-name {name}"));
    }
    if let Some(dialect) = &cli.dialect {
        parts.push(format!("--dialect {dialect}"));
    }
    parts.join(" ")
}
