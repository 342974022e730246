#!/usr/bin/env bash
# The compile-scale benchmark: how big the generated crates are and what they cost to check.
# Not part of `cargo test`. Run it from anywhere:
#
#   benches/compile_scale.sh            # GitHub's REST spec and the full Authing spec
#   benches/compile_scale.sh github     # one of them
#   benches/compile_scale.sh github-webhooks  # GitHub with a typed receiver for its deliveries
#
# For each spec it reports the generated Rust lines, the generation's wall time and peak
# memory, and `cargo check`'s wall time and peak memory, with the crate's dependencies already
# built (a first check builds them), both as a re-check after a touch and cold.
# Where the crate has a `repos` feature, the same figures with only that feature. Figures come
# from `/usr/bin/time -v`. GitHub's spec is `npm pack @octokit/openapi@23.0.2`, fetched into
# `target/compile-scale/` once; the Authing spec is `../shared/specs/`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/compile-scale"
mkdir -p "$work"
which="${1:-all}"

cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin oapi-docgen
generator="$root/target/release/oapi-docgen"

github_spec="$work/package/generated/api.github.com.json"
if [[ ! -f "$github_spec" ]]; then
  (cd "$work" && npm pack --silent @octokit/openapi@23.0.2 >/dev/null \
    && tar xzf octokit-openapi-23.0.2.tgz package/generated/api.github.com.json)
fi
authing_spec="$root/../shared/specs/authing-management-openapi.json"

# measure LABEL COMMAND...: runs COMMAND under /usr/bin/time -v (its output discarded) and
# prints LABEL, the wall time in seconds and the peak resident memory in MB.
measure() {
  local label="$1"
  shift
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    return 1
  }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time.txt")
  printf '| %-60s | %8.2f s | %7s MB |\n' "$label" "$wall" "$rss"
}

# check_crate LABEL DIR [CARGO ARGS...]: builds the dependencies, then measures `cargo check`
# of the crate twice: an incremental re-check after a `touch` of `src/lib.rs` (what an edit
# costs; it reuses much of the previous check's work), and a cold check of the crate alone
# (its own artifacts removed, incremental compilation off: what a first build costs).
check_crate() {
  local label="$1" dir="$2"
  shift 2
  local package
  package=$(awk -F'"' '/^name = / {print $2; exit}' "$dir/Cargo.toml")
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo check --quiet "$@" 2>/dev/null)
  touch "$dir/src/lib.rs"
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" \
    measure "$label, re-check after a touch" cargo check --quiet "$@")
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo clean --quiet -p "$package")
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0 \
    measure "$label, cold" cargo check --quiet "$@")
}

bench() {
  local name="$1" spec="$2"
  shift 2
  local out="$work/$name"
  echo
  echo "## $name ($(basename "$spec"), $(du -m "$spec" | cut -f1) MB)"
  echo
  echo '| step | wall | peak RSS |'
  echo '| --- | --- | --- |'
  measure "generate" "$generator" --spec "$spec" --out "$out" "$@"
  cp "$root/Cargo.lock" "$out/Cargo.lock"
  # The crate sits inside this repository's target/: keep it out of the workspace.
  grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
  check_crate "cargo check (default features)" "$out"
  if grep -q '^repos = ' "$out/Cargo.toml"; then
    check_crate "cargo check (--no-default-features -F repos)" "$out" \
      --no-default-features --features repos
  fi
  local lines files
  lines=$(find "$out" -name '*.rs' -print0 | xargs -0 cat | wc -l)
  files=$(find "$out" -name '*.rs' | wc -l)
  echo
  echo "generated Rust: $lines lines in $files files; largest:" \
    "$(find "$out/src" -name '*.rs' -print0 | xargs -0 wc -l | sort -n | tail -2 | head -1)"
}

if [[ "$which" == all || "$which" == github ]]; then
  bench github "$github_spec"
fi
if [[ "$which" == all || "$which" == github-webhooks ]]; then
  # The settings that give GitHub's header-named, signed deliveries a typed receiver.
  printf '[webhooks]\nevent-header = "X-GitHub-Event"\n[webhooks.signature]\nheader = "X-Hub-Signature-256"\nprefix = "sha256="\n' \
    >"$work/github-webhooks.toml"
  bench github-webhooks "$github_spec" --config "$work/github-webhooks.toml"
fi
if [[ "$which" == all || "$which" == authing ]]; then
  if [[ -f "$authing_spec" ]]; then
    bench authing "$authing_spec" --dialect authing
  else
    echo "skipped authing: $authing_spec is missing" >&2
  fi
fi
