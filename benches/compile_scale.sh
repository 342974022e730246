#!/usr/bin/env bash
# The compile-scale benchmark: how big the generated crates are and what they cost to check.
# Not part of `cargo test`. Run it from anywhere:
#
#   benches/compile_scale.sh            # GitHub's REST spec and the full Authing spec
#   benches/compile_scale.sh github     # one of them
#   benches/compile_scale.sh github-webhooks  # GitHub with a typed receiver for its deliveries
#   RUNS=5 benches/compile_scale.sh authing   # each step five times: min, median and max
#   BASELINE=1f02483 RUNS=3 benches/compile_scale.sh authing   # against another revision
#
# For each spec it reports the generated Rust lines, the generation's wall time and peak
# memory, and `cargo check`'s wall time and peak memory, with the crate's dependencies already
# built (a first check builds them), both as a re-check after a touch and cold.
# Where the crate has a `repos` feature, the same figures with only that feature. Figures come
# from `/usr/bin/time -v`. GitHub's spec is `npm pack @octokit/openapi@23.0.2`, fetched into
# `target/compile-scale/` once; the Authing spec is `../shared/specs/`.
#
# This VM's speed drifts by a factor of two or more within a day, so one run says little.
# `RUNS=N` repeats each step N times. `BASELINE=REV` builds the generator at git revision REV
# (a worktree and target folder under `target/compile-scale/baseline/`), generates each crate
# with it too, and runs every step of the two crates alternately, so that both see the same
# machine: compare the two columns, not figures from different days.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/compile-scale"
mkdir -p "$work"
which="${1:-all}"
runs="${RUNS:-1}"
baseline="${BASELINE:-}"

cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin oapi-docgen
generator="$root/target/release/oapi-docgen"

baseline_generator=""
if [[ -n "$baseline" ]]; then
  base="$work/baseline"
  rev=$(git -C "$root" rev-parse --verify "$baseline^{commit}")
  if [[ "$(git -C "$base/src" rev-parse HEAD 2>/dev/null)" != "$rev" ]]; then
    git -C "$root" worktree remove --force "$base/src" 2>/dev/null || rm -rf "$base/src"
    git -C "$root" worktree prune
    git -C "$root" worktree add --detach --force "$base/src" "$rev" >/dev/null 2>&1
  fi
  CARGO_TARGET_DIR="$base/target" cargo build --release --quiet \
    --manifest-path "$base/src/Cargo.toml" --bin oapi-docgen
  baseline_generator="$base/target/release/oapi-docgen"
fi

github_spec="$work/package/generated/api.github.com.json"
if [[ ! -f "$github_spec" ]]; then
  (cd "$work" && npm pack --silent @octokit/openapi@23.0.2 >/dev/null \
    && tar xzf octokit-openapi-23.0.2.tgz package/generated/api.github.com.json)
fi
authing_spec="$root/../shared/specs/authing-management-openapi.json"

# time_once OUT COMMAND...: runs COMMAND under /usr/bin/time -v (its output discarded) and
# appends its wall time in seconds and its peak resident memory in MB to the file OUT.
time_once() {
  local out="$1"
  shift
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    return 1
  }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time.txt")
  echo "$wall $rss" >>"$out"
}

# summary FILE: the wall times and peak memory of the runs in FILE, as a table's two cells:
# one run's figures, or the min, median and max wall time and the largest peak.
summary() {
  sort -n "$1" | awk '
    { wall[NR] = $1; if ($2 > rss) rss = $2 }
    END {
      if (NR == 0) { printf "| – | – "; exit }
      if (NR == 1) { printf "| %.2f s | %s MB ", wall[1], rss; exit }
      median = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
      printf "| %.2f–%.2f s, median %.2f s | %s MB ", wall[1], wall[NR], median, rss
    }'
}

# The crates of a case: this tree's, and the baseline's when there is one.
variants() {
  if [[ -n "$baseline_generator" && -d "$work/$1-baseline" ]]; then
    echo "$1" "$1-baseline"
  else
    echo "$1"
  fi
}

# row LABEL STEP CASE [ARGS...]: runs `STEP OUT CRATE ARGS...` RUNS times for each crate of
# CASE, alternately, each crate's figures going to its own OUT, and prints a table row with
# each crate's summary.
row() {
  local label="$1" step="$2" case="$3"
  shift 3
  local crates
  read -r -a crates <<<"$(variants "$case")"
  local crate
  for crate in "${crates[@]}"; do : >"$work/$crate.runs"; done
  local i
  for ((i = 0; i < runs; i++)); do
    for crate in "${crates[@]}"; do
      # A step the baseline cannot take (a feature it does not have) leaves its cell empty.
      "$step" "$work/$crate.runs" "$crate" "$@" || echo "$crate: $label failed" >&2
    done
  done
  printf '| %-58s ' "$label"
  for crate in "${crates[@]}"; do summary "$work/$crate.runs"; done
  echo '|'
}

# The generator that made a crate.
generator_of() {
  case "$1" in
    *-baseline) echo "$baseline_generator" ;;
    *) echo "$generator" ;;
  esac
}

# The crate sits inside this repository's target/: keep it out of the workspace, and build it
# with the repository's lock file. The baseline's crate gets its own package name, so that
# the two crates never share artifacts.
prepare() {
  local dir="$work/$1"
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
  if [[ "$1" == *-baseline ]] && ! grep -q '^name = ".*-baseline"$' "$dir/Cargo.toml"; then
    sed -i '0,/^name = "\(.*\)"$/s//name = "\1-baseline"/' "$dir/Cargo.toml"
  fi
}

# step_generate OUT CRATE SPEC [FLAGS...]: one timed generation of CRATE into its folder
# (OUT /dev/null: untimed).
step_generate() {
  local out="$1" crate="$2" spec="$3"
  shift 3
  time_once "$out" "$(generator_of "$crate")" --spec "$spec" --out "$work/$crate" "$@" ||
    return 1
  prepare "$crate"
}

# step_touch OUT CRATE [CARGO ARGS...]: an incremental re-check after a `touch` of
# `src/lib.rs` (what an edit costs; it reuses much of the previous check's work).
step_touch() {
  local out="$1" dir="$work/$2"
  shift 2
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo check --quiet "$@" 2>/dev/null)
  touch "$dir/src/lib.rs"
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" time_once "$out" cargo check --quiet "$@")
}

# step_cold OUT CRATE [CARGO ARGS...]: a cold check of the crate alone (its own artifacts
# removed, incremental compilation off: what a first build costs, and what a crate that
# depends on it pays).
step_cold() {
  local out="$1" dir="$work/$2"
  shift 2
  local package
  package=$(awk -F'"' '/^name = / {print $2; exit}' "$dir/Cargo.toml")
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo check --quiet "$@" 2>/dev/null)
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo clean --quiet -p "$package")
  (cd "$dir" && CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0 \
    time_once "$out" cargo check --quiet "$@")
}

bench() {
  local name="$1" spec="$2"
  shift 2
  # One untimed generation of each crate, so that every timed one regenerates into a folder
  # that holds the crate, as a project that regenerates on each spec change does.
  step_generate /dev/null "$name" "$spec" "$@"
  if [[ -n "$baseline_generator" ]]; then
    step_generate /dev/null "$name-baseline" "$spec" "$@" || {
      echo "the baseline cannot generate $name: left out" >&2
      rm -rf "$work/$name-baseline"
    }
  fi
  echo
  echo "## $name ($(basename "$spec"), $(du -m "$spec" | cut -f1) MB, $runs run(s) of each step)"
  echo
  if [[ "$(variants "$name")" == *" "* ]]; then
    echo "| step | this tree: wall | peak RSS | baseline ($baseline): wall | peak RSS |"
    echo '| --- | --- | --- | --- | --- |'
  else
    echo '| step | wall | peak RSS |'
    echo '| --- | --- | --- |'
  fi
  row "generate" step_generate "$name" "$spec" "$@"
  row "cargo check (default features), re-check after a touch" step_touch "$name"
  row "cargo check (default features), cold" step_cold "$name"
  if grep -q '^repos = ' "$work/$name/Cargo.toml"; then
    row "cargo check (--no-default-features -F repos), re-check after a touch" \
      step_touch "$name" --no-default-features --features repos
    row "cargo check (--no-default-features -F repos), cold" \
      step_cold "$name" --no-default-features --features repos
  fi
  echo
  local crate
  for crate in $(variants "$name"); do
    local out="$work/$crate" lines files
    lines=$(find "$out" -name '*.rs' -print0 | xargs -0 cat | wc -l)
    files=$(find "$out" -name '*.rs' | wc -l)
    echo "$crate: generated Rust: $lines lines in $files files; largest:" \
      "$(find "$out/src" -name '*.rs' -print0 | xargs -0 wc -l | sort -n | tail -2 | head -1)"
  done
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
