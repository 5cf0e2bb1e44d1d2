#!/usr/bin/env bash
# Benchmarks offline bundles with the real CLI: wall time of `trust-mirror bundle export` and
# `bundle import` from process start to exit (JVM start included), median of RUNS runs, for
#   - Sigstore's real repository (root-signing history point 08, 31 files): export; first import
#     into an empty directory (pinned at 1.root.json, root chain 1 -> 15); weekly import (the
#     directory already holds point 07, its trust state at root 15);
#   - generated repositories (testkit's RepoBuilder) with SIZES extra targets, to show the cost is
#     linear in the number of files;
# each under three JVM settings: the default, "tuned" (-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
# and "tuned+cds" (the same plus an AppCDS archive made by one training import).
# See bench/bundles/README.md; the figures go into docs/performance.md.
#
#   bench/bundles/run.sh
#
# Environment: RUNS (5), SIZES ("0 250 500 1000").
# Writes bench/bundles/results/: runs.tsv (every run: wall ms, CPU ms = user + sys of the process),
# summary.txt (medians, sizes, machine and load).
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
RESULTS="$ROOT/bench/bundles/results"
RUNS="${RUNS:-5}"
SIZES="${SIZES:-0 250 500 1000}"
DATA="$ROOT/../shared/testdata/sigstore-root-signing/history"
H08="$(ls -d "$DATA"/08-* | head -1)"
H07="$(ls -d "$DATA"/07-* | head -1)"
T08="2026-08-21T20:25:56Z" # history point 08 is valid then (all of the data is expired today)
T07="2026-05-18T09:09:17Z"
TGEN="2026-11-01T00:00:00Z" # the generated repositories are signed, and valid, at this time
TUNED="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
cd "$ROOT"

log() { printf '\n== %s\n' "$*" >&2; }

if [[ ! -f cli/target/trust-mirror.jar ]]; then
  log "building cli/target/trust-mirror.jar"
  mvn -B -q -o -Dmaven.test.skip=true -pl cli -am package
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-bundles.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# A private copy: a rebuild in the tree during the run must not change what is measured.
JAR="$WORK/trust-mirror.jar"
cp cli/target/trust-mirror.jar "$JAR"
mkdir -p "$RESULTS"
TSV="$RESULTS/runs.tsv"
printf 'scenario\tjvm\trun\twall_ms\tcpu_ms\n' >"$TSV"

# The JVM options of a setting name.
jvm_opts() {
  case "$1" in
    default) echo "" ;;
    tuned) echo "$TUNED" ;;
    tuned+cds) echo "$TUNED -XX:SharedArchiveFile=$WORK/trust-mirror.jsa" ;;
    launcher) echo "-XX:SharedArchiveFile=$WORK/launcher.jsa -Xlog:cds=off,cds+dynamic=off" ;;
  esac
}

# measure SCENARIO JVM SETUP -- ARGS...: runs SETUP (untimed, e.g. resetting the output
# directory), then `java OPTS -jar trust-mirror.jar ARGS` RUNS times. Sets WALL and CPU to the
# medians in ms (CPU = user + sys of the process, less sensitive than wall time to other load).
measure() {
  local scenario="$1" jvm="$2" setup="$3"
  shift 4
  local walls=() cpus=() i start end cpu
  for ((i = 1; i <= RUNS; i++)); do
    eval "$setup"
    start=$(date +%s%N)
    # shellcheck disable=SC2046 # the options are a list on purpose
    /usr/bin/time -f '%U %S' -o "$WORK/cpu" java $(jvm_opts "$jvm") -jar "$JAR" "$@" \
      >"$WORK/last.out" 2>"$WORK/last.err" || {
      cat "$WORK/last.out" "$WORK/last.err" >&2
      echo "failed: $scenario ($jvm): $*" >&2
      exit 1
    }
    end=$(date +%s%N)
    walls+=($(((end - start) / 1000000)))
    cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$WORK/cpu")
    cpus+=("$cpu")
    printf '%s\t%s\t%d\t%d\t%d\n' "$scenario" "$jvm" "$i" "${walls[-1]}" "$cpu" >>"$TSV"
  done
  WALL=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
  CPU=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
}

log "bundles of points 08 and 07, a directory holding 07, the AppCDS archive (training import)"
java -jar "$JAR" bundle export --source "$H08" --root "$H08/1.root.json" \
  --out "$WORK/08.tar.gz" --time "$T08" >/dev/null
java -jar "$JAR" bundle export --source "$H07" --root "$H07/1.root.json" \
  --out "$WORK/07.tar.gz" --time "$T07" >/dev/null
java $TUNED -XX:ArchiveClassesAtExit="$WORK/trust-mirror.jsa" -jar "$JAR" bundle import \
  "$WORK/08.tar.gz" --out "$WORK/train" --root "$H08/1.root.json" --time "$T08" >/dev/null 2>&1
java -jar "$JAR" bundle import "$WORK/07.tar.gz" --out "$WORK/base07" \
  --root "$H07/1.root.json" --time "$T07" >/dev/null
java -jar "$JAR" bundle import "$WORK/08.tar.gz" --out "$WORK/base08" \
  --root "$H08/1.root.json" --time "$T08" >/dev/null
# What ./trust-mirror does after a build: one training run of the demo, then every command with it.
java -XX:ArchiveClassesAtExit="$WORK/launcher.jsa" -Xlog:cds=off,cds+dynamic=off -jar "$JAR" \
  demo --dir "$WORK/launcher-training" >/dev/null 2>&1 </dev/null

SUMMARY="$WORK/summary.txt"
{
  echo "bench/bundles/run.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), RUNS=$RUNS (median of $RUNS)"
  echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);" \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "jvm settings: default = no options; tuned = $TUNED; tuned+cds = tuned + AppCDS archive of a"
  echo "  training import; launcher = what ./trust-mirror runs: JVM defaults + the AppCDS archive of a demo run"
  echo
  echo "Sigstore's repository, history point 08 (31 files, $(stat -c %s "$WORK/08.tar.gz") bytes as a bundle)"
  printf '%-48s %14s %10s %10s %10s\n' "wall ms (median)" "default (cpu)" tuned tuned+cds launcher
} >"$SUMMARY"

row() { # LABEL SCENARIO SETUP ARGS...: one line of the table, all three JVM settings
  local label="$1" scenario="$2" setup="$3"
  shift 3
  local cells=() jvm
  for jvm in default tuned tuned+cds launcher; do
    log "$scenario ($jvm)"
    measure "$scenario" "$jvm" "$setup" -- "$@"
    if [[ "$jvm" == default ]]; then cells+=("$WALL ($CPU)"); else cells+=("$WALL"); fi
  done
  printf '%-48s %14s %10s %10s %10s\n' "$label" "${cells[@]}" >>"$SUMMARY"
}

row "export (verify from 1.root.json, write)" export-08 "rm -f '$WORK/x.tar.gz'" \
  bundle export --source "$H08" --root "$H08/1.root.json" --out "$WORK/x.tar.gz" --time "$T08"
row "first import (empty DIR, pin 1.root.json)" import-08-first "rm -rf '$WORK/out'" \
  bundle import "$WORK/08.tar.gz" --out "$WORK/out" --root "$H08/1.root.json" --time "$T08"
row "reference: sync --source the 08 directory" sync-08-first "rm -rf '$WORK/out'" \
  sync --source "$H08" --out "$WORK/out" --root "$H08/1.root.json" --time "$T08"
row "weekly import (DIR holds 07, state at root 15)" import-08-weekly \
  "rm -rf '$WORK/out'; cp -a '$WORK/base07' '$WORK/out'" \
  bundle import "$WORK/08.tar.gz" --out "$WORK/out" --time "$T08"
row "inspect (archive + manifest checks only)" inspect-08 ":" \
  bundle inspect "$WORK/08.tar.gz" --time "$T08"
row "trustroot (08, repository form, YAML)" trustroot-08 "rm -f '$WORK/tr.yaml'" \
  trustroot --repo "$WORK/base08" --name sigstore --out "$WORK/tr.yaml" --time "$T08"
java -jar "$JAR" trustroot --repo "$WORK/base08" --name sigstore -o json --out "$WORK/tr.json" \
  --time "$T08"
java -jar "$JAR" trustroot --repo "$WORK/base08" --name sigstore --form sigstoreKeys -o json \
  --out "$WORK/tr-keys.json" --time "$T08" 2>/dev/null
echo "TrustRoot of 08: repository form $(stat -c %s "$WORK/tr.yaml") bytes as YAML," \
  "$(stat -c %s "$WORK/tr.json") as JSON (budget 1,048,576); sigstoreKeys form" \
  "$(stat -c %s "$WORK/tr-keys.json") bytes as JSON" >>"$SUMMARY"

{
  echo
  echo "Generated repositories (RepoBuilder, own keys, root 1 only) with N extra targets of ~1 KiB;"
  echo "default JVM; wall ms (cpu ms), medians. check = inspect (read + archive/manifest checks);"
  echo "check+tuf = inspect --root (the same + full TUF verification); import = check+tuf + publish"
  printf '%-6s %6s %9s %14s %14s %14s %14s %11s\n' N files "bundle B" export check check+tuf \
    import "import cds"
} >>"$SUMMARY"
for n in $SIZES; do
  log "generating a repository with $n extra targets"
  gen="$WORK/gen-$n"
  java -cp "$JAR" "$ROOT/bench/bundles/GenerateRepository.java" "$n" "$TGEN" "$gen"
  files=$(find "$gen/repository" -type f | wc -l)
  cells=()
  log "gen-$n"
  measure "export-gen-$n" default "rm -f '$gen/b.tar.gz'" -- bundle export \
    --source "$gen/repository" --root "$gen/1.root.json" --out "$gen/b.tar.gz" --time "$TGEN"
  cells+=("$WALL ($CPU)")
  measure "inspect-gen-$n" default ":" -- bundle inspect "$gen/b.tar.gz" --time "$TGEN"
  cells+=("$WALL ($CPU)")
  measure "inspect-root-gen-$n" default ":" -- bundle inspect "$gen/b.tar.gz" \
    --root "$gen/1.root.json" --time "$TGEN"
  cells+=("$WALL ($CPU)")
  measure "import-gen-$n" default "rm -rf '$gen/out'" -- bundle import \
    "$gen/b.tar.gz" --out "$gen/out" --root "$gen/1.root.json" --time "$TGEN"
  cells+=("$WALL ($CPU)")
  measure "import-gen-$n" tuned+cds "rm -rf '$gen/out'" -- bundle import \
    "$gen/b.tar.gz" --out "$gen/out" --root "$gen/1.root.json" --time "$TGEN"
  cells+=("$WALL")
  printf '%-6s %6s %9s %14s %14s %14s %14s %11s\n' "$n" "$files" \
    "$(stat -c %s "$gen/b.tar.gz")" "${cells[@]}" >>"$SUMMARY"
done
{
  echo
  echo "The same bundles in one warm JVM (WarmScaling.java), ms, median of 9 after 5 warm-up rounds:"
  echo "read = safe reading + manifest check; verify = TUF client over the bundle's files;"
  echo "import = read + verify + publish a generation (fsync per file), as 'bundle import' does"
} >>"$SUMMARY"
gens=()
for n in $SIZES; do gens+=("$WORK/gen-$n"); done
log "warm phases"
java -cp "$JAR" "$ROOT/bench/bundles/WarmScaling.java" "$TGEN" "${gens[@]}" >>"$SUMMARY"
echo >>"$SUMMARY"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$SUMMARY"
cp "$SUMMARY" "$RESULTS/summary.txt"
cat "$RESULTS/summary.txt"
