//! The `oapi-docgen` binary: a thin shell over the library. Exit codes: 0 done or up to date,
//! 1 `--check` found drift, 2 bad input or usage.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use oapi_docgen::Stage;

/// mimalloc: the generator allocates many small strings and trees, where glibc's allocator
/// took over a third of the run on large specs. Built without transparent huge pages
/// (`no_thp`): 2 MiB pages only partly used kept GitHub's spec at 187 MB resident instead of
/// 159 MB. The small pages cost that run about a tenth more time in page faults.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hands the memory freed so far back to the system. Lowering frees the spec's typed document
/// (on the largest specs, half of what a run holds) just before rendering starts, and the
/// rendering threads allocate afresh; returned at once, rather than after mimalloc's purge
/// delay, it no longer adds to the run's peak (GitHub's spec: 159 MB to 148 MB).
fn release_freed_memory() {
    // SAFETY: `mi_collect` only returns free pages of mimalloc's own heaps to the system; it is
    // safe to call from any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Generate a typed async Rust client crate and its Markdown reference from an OpenAPI 3.0 spec.
///
/// With no arguments, reads `oapi-docgen.toml` (in the current folder, else the project's) and
/// regenerates what it names: the project's `generated/` from `spec/`. Flags override the file.
#[derive(Debug, Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: GenerateArgs,
}

/// The settings of a generation run; each overrides `oapi-docgen.toml`.
#[derive(Debug, Default, clap::Args)]
struct GenerateArgs {
    /// The configuration file (default: `oapi-docgen.toml`, read only when no `--spec` is given).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The OpenAPI 3.0 document, JSON or YAML (chosen by extension, else by content).
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// An OpenAPI Overlay 1.0.0 document applied to the spec; repeat for more, applied in order
    /// after those of the configuration.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// An overlay action that matches nothing is an error, not a warning.
    #[arg(long)]
    strict: bool,
    /// The folder of the generated crate.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated crate's package name.
    #[arg(long, value_name = "NAME", value_parser = parse_crate_name)]
    crate_name: Option<String>,
    /// The API's dialect, for conventions its spec cannot express.
    #[arg(long, value_parser = ["authing"])]
    dialect: Option<String>,
    /// Keep only these operations (`operationId`s, comma-separated), with the schemas they reach.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    operations: Vec<String>,
    /// Keep only the operations of these tags (comma-separated), with the schemas they reach.
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    tags: Vec<String>,
    /// Write nothing; exit 1 listing every file that differs, is missing or is extra.
    #[arg(long)]
    check: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Compare two versions of a spec (same configuration and overlays) and classify every
    /// change of the generated crate's API: breaking, additive or docs, with the version bump
    /// Cargo's semver rules demand. Exit 0 unless a change is breaking and `--fail-on-breaking`
    /// is given (then 1); 2 on bad input.
    Diff(DiffArgs),
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The older spec.
    old: PathBuf,
    /// The newer spec.
    new: PathBuf,
    /// The configuration file whose overlays, dialect, subset and crate version apply to both
    /// (default: `oapi-docgen.toml` in the current folder, if there is one).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// An overlay applied to both specs, after those of the configuration.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// The report's format.
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
    format: String,
    /// Exit 1 when a change is breaking.
    #[arg(long)]
    fail_on_breaking: bool,
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
    match cli.command {
        Some(Command::Diff(args)) => diff(args),
        None => generate(cli.generate),
    }
}

/// The configuration a run reads: `--config`, else (unless a spec is named on the command
/// line) `oapi-docgen.toml` in the current folder, else the project's.
fn find_config(explicit: Option<&PathBuf>, spec_given: bool) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.clone());
    }
    if spec_given {
        return None;
    }
    let here = PathBuf::from(oapi_docgen::config::FILE_NAME);
    if here.is_file() {
        return Some(here);
    }
    let project = oapi_docgen::default_config();
    project.is_file().then_some(project)
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let config_path = find_config(args.config.as_ref(), args.spec.is_some());
    let config = match &config_path {
        Some(path) => oapi_docgen::config::Config::load(path)?,
        None => oapi_docgen::config::Config::default(),
    };
    // This project regenerates with `cargo run`; any other project with the installed binary.
    let is_project = config_path
        .and_then(|p| p.canonicalize().ok())
        .is_some_and(|p| Some(p) == oapi_docgen::default_config().canonicalize().ok());
    let is_default = args.config.is_none()
        && args.spec.is_none()
        && args.overlays.is_empty()
        && !args.strict
        && args.out.is_none()
        && args.crate_name.is_none()
        && args.dialect.is_none()
        && args.operations.is_empty()
        && args.tags.is_empty();
    let regen_command = match (is_default, is_project) {
        (true, true) => oapi_docgen::DEFAULT_REGEN_COMMAND.to_string(),
        (true, false) => "oapi-docgen".to_string(),
        (false, _) => explicit_command(&args),
    };
    let mut options = oapi_docgen::Options::from_config(&config, &regen_command);
    if let Some(spec) = &args.spec {
        options.spec = spec.clone();
    }
    if options.spec.as_os_str().is_empty() {
        anyhow::bail!(
            "no spec: give --spec FILE, or `spec` in {}",
            oapi_docgen::config::FILE_NAME
        );
    }
    options.overlays.extend(args.overlays.iter().cloned());
    options.strict = args.strict;
    if args.crate_name.is_some() {
        options.crate_name = args.crate_name.clone();
    }
    if args.dialect.is_some() {
        options.dialect = args.dialect.clone();
    }
    if !args.operations.is_empty() || !args.tags.is_empty() {
        options.subset = oapi_docgen::config::Subset {
            operations: args.operations.clone(),
            tags: args.tags.clone(),
        };
    }
    let out = args
        .out
        .clone()
        .or_else(|| config.out.clone())
        .unwrap_or_else(oapi_docgen::default_out);
    let progress = Progress::start();
    let generated = oapi_docgen::generate_for_with(&options, &out, &mut |stage| {
        if matches!(stage, Stage::Render { .. }) {
            release_freed_memory();
        }
        progress.stage(stage);
    });
    let generated = match generated {
        Ok(generated) => generated,
        Err(e) => {
            progress.finish();
            return Err(e.into());
        }
    };
    progress.stage(Stage::Write {
        files: generated.files.len(),
    });
    progress.suspend(|| {
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
    });
    if args.check {
        progress.finish();
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
    let report = oapi_docgen::write::write(&out, &generated.files);
    progress.finish();
    let report = report.context("cannot update the output folder")?;
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

/// `oapi-docgen diff OLD NEW`: the report, and the exit code.
fn diff(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let here = PathBuf::from(oapi_docgen::config::FILE_NAME);
    let config_path = args
        .config
        .clone()
        .or_else(|| here.is_file().then_some(here));
    let config = match config_path {
        Some(path) => oapi_docgen::config::Config::load(&path)?,
        None => oapi_docgen::config::Config::default(),
    };
    let mut options = oapi_docgen::Options::from_config(&config, "oapi-docgen");
    options.overlays.extend(args.overlays.iter().cloned());
    let api_of = |spec: &PathBuf| -> anyhow::Result<oapi_docgen::ir::Api> {
        let options = oapi_docgen::Options {
            spec: spec.clone(),
            ..options.clone()
        };
        Ok(oapi_docgen::lower_spec(&options)?.0)
    };
    let old = api_of(&args.old)?;
    let new = api_of(&args.new)?;
    let report = oapi_docgen::diff::diff(&old, &new);
    let version = old.krate.version.clone();
    match args.format.as_str() {
        "json" => println!("{}", report.to_json(&version)),
        _ => print!("{}", report.to_markdown(&version)),
    }
    let breaking = report
        .changes
        .iter()
        .any(|c| c.class == oapi_docgen::diff::Class::Breaking);
    Ok(match breaking && args.fail_on_breaking {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    })
}

/// The command line that reproduces a run with explicit arguments.
fn explicit_command(args: &GenerateArgs) -> String {
    let mut parts = vec!["oapi-docgen".to_string()];
    if let Some(config) = &args.config {
        parts.push(format!("--config {}", config.display()));
    }
    if let Some(spec) = &args.spec {
        parts.push(format!("--spec {}", spec.display()));
    }
    for overlay in &args.overlays {
        parts.push(format!("--overlay {}", overlay.display()));
    }
    if args.strict {
        parts.push("--strict".to_string());
    }
    if let Some(out) = &args.out {
        parts.push(format!("--out {}", out.display()));
    }
    if let Some(name) = &args.crate_name {
        parts.push(format!("--crate-name {name}"));
    }
    if let Some(dialect) = &args.dialect {
        parts.push(format!("--dialect {dialect}"));
    }
    if !args.operations.is_empty() {
        parts.push(format!("--operations {}", args.operations.join(",")));
    }
    if !args.tags.is_empty() {
        parts.push(format!("--tags {}", args.tags.join(",")));
    }
    parts.join(" ")
}

/// Progress by stage on stderr, for long runs: shown only when stderr is a terminal and the run
/// has lasted a second; cleared when the run ends. Elsewhere nothing is drawn.
struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    /// How long a run goes before its progress shows.
    const DELAY: std::time::Duration = std::time::Duration::from_secs(1);

    fn start() -> Progress {
        use std::io::IsTerminal;
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
            bar.set_style(style);
        }
        if std::io::stderr().is_terminal() {
            let shown = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Progress::DELAY);
                if !shown.is_finished() {
                    shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(std::time::Duration::from_millis(120));
                }
            });
        }
        Progress { bar }
    }

    /// Names the stage that starts.
    fn stage(&self, stage: Stage) {
        self.bar.set_message(stage.to_string());
    }

    /// Runs `f` (which prints) with the progress line out of the way.
    fn suspend(&self, f: impl FnOnce()) {
        self.bar.suspend(f);
    }

    /// Ends the display, clearing its line.
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
