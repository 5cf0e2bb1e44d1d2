#!/usr/bin/env bash
# Benchmarks trust-mirror's sync against sigstore-java's bare TUF Updater, all on this machine, with
# a real nginx on 127.0.0.1 serving a copy of root-signing history point 08. See bench/README.md.
#
#   bench/run.sh [extra JMH options, e.g. -wi 1 -i 1 for a quick smoke run]
#
# Writes bench/results/: jmh.json (JMH, -rf json), jmh.txt (JMH console), requests.txt (HTTP
# requests per operation), signatures.txt (ECDSA verifications per first update), phases.txt
# (first-sync breakdown, ours and peer), cli-runs.tsv and cli/*.log (CLI wall time, peak heap, max
# RSS), summary.txt (the table printed at the end).
#
# Environment: CLI_RUNS (default 5) CLI repetitions; SKIP_JMH=1 reuses an existing jmh.json.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RESULTS="$ROOT/bench/results"
JAR="$ROOT/cli/target/trust-mirror.jar"
CLI_RUNS="${CLI_RUNS:-5}"
TIME_AT="2026-08-21T20:25:56Z" # history point 08 is valid then (all of the data is expired today)
cd "$ROOT"

log() { printf '\n== %s\n' "$*" >&2; }

# Installs a Debian package when a file it provides is missing (root or sudo needed).
need() {
  local file="$1" pkg="$2"
  [[ -x "$file" ]] && return 0
  log "installing $pkg (for $file)"
  local sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null
}
need /usr/sbin/nginx nginx-light
need /usr/bin/time time

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "building bench and cli (mvn -pl bench,cli -am package, tests skipped)"
mvn -B -q -ntp -Dstyle.color=never -Dmaven.test.skip=true -Dspotless.check.skip=true \
  -pl bench,cli -am package
CP="$(cat bench/target/classpath.txt):bench/target/classes"
mkdir -p "$RESULTS/cli"

log "counting HTTP requests (nginx access log)"
java -cp "$CP" dev.trustmirror.bench.RequestCount | tee "$RESULTS/requests.txt"

log "counting ECDSA verifications (a counting JCA provider, own JVM)"
java -cp "$CP" dev.trustmirror.bench.SignatureCount | tee "$RESULTS/signatures.txt"

log "first-sync breakdown, ours and peer interleaved (median of 40 warm runs per part)"
java -cp "$CP" dev.trustmirror.bench.PhaseTimes | tee "$RESULTS/phases.txt"

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  log "JMH: first sync (a, a'), peer (c), no-change refresh (b)"
  java -cp "$CP" org.openjdk.jmh.Main 'dev\.trustmirror\.bench\..*Benchmark' \
    -rf json -rff "$RESULTS/jmh.json" "$@" | tee "$RESULTS/jmh.txt"
fi

log "CLI: $CLI_RUNS x (first sync, no-change re-run) from nginx"
URL_FILE="$(mktemp -u "${TMPDIR:-/tmp}/trust-mirror-bench-url.XXXXXX")"
java -cp "$CP" dev.trustmirror.bench.ServeHistory "$URL_FILE" &
SERVER_PID=$!
WORK="$(mktemp -d "${TMPDIR:-/tmp}/trust-mirror-bench-cli.XXXXXX")"
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK" "$URL_FILE"
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  [[ -s "$URL_FILE" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "ServeHistory exited" >&2; exit 3; }
  sleep 0.1
done
URL="$(cat "$URL_FILE")"
ROOT_FILE="$(ls -d "$ROOT"/../shared/testdata/sigstore-root-signing/history/08-*/1.root.json 2>/dev/null | head -1)"
[[ -f "$ROOT_FILE" ]] || { echo "1.root.json of history point 08 not found" >&2; exit 3; }

# Heap, from the JVM's own log (-Xlog:gc,gc+heap+exit): every GC pause ("Pause Young ...
# 24M->3M(384M)") and the heap at exit ("used 23456K"). Occupancy only grows between collections,
# so the peak heap used is max(before of every pause, used at exit); it counts garbage not yet
# collected and so depends on how large the JVM lets the young generation grow. The largest "after"
# of a pause bounds the live set from above (0 when no collection ran). Prints "peak max_after".
heap_kb() {
  awk '
    function kb(s,   u, v) { u = substr(s, length(s)); v = substr(s, 1, length(s) - 1) + 0
      return u == "G" ? v * 1048576 : (u == "M" ? v * 1024 : v) }
    /Pause/ && match($0, /[0-9]+[KMG]->[0-9]+[KMG]/) {
      split(substr($0, RSTART, RLENGTH), p, "->")
      if (kb(p[1]) > peak) peak = kb(p[1]); if (kb(p[2]) > live) live = kb(p[2])
    }
    /gc,heap,exit/ && match($0, /used [0-9]+K/) {
      v = substr($0, RSTART + 5, RLENGTH - 6) + 0; if (v > peak) peak = v
    }
    END { printf "%d\t%d\n", peak, live }' "$1"
}

# One CLI run: wall time from exec to exit (date, ns), max RSS (/usr/bin/time -f %M), heap.
cli_run() {
  local run="$1" kind="$2" tag="$RESULTS/cli/$2-$1"
  shift 2
  local start end
  start="$(date +%s%N)"
  /usr/bin/time -f '%M' -o "$tag.rss" \
    java "-Xlog:gc,gc+heap+exit:file=$tag.gc.log" -jar "$JAR" "$@" >"$tag.log" 2>&1
  end="$(date +%s%N)"
  printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$kind" "$(((end - start) / 1000000))" \
    "$(tail -1 "$tag.rss")" "$(heap_kb "$tag.gc.log")" >>"$RESULTS/cli-runs.tsv"
}

printf 'run\tkind\twall_ms\tmax_rss_kb\tpeak_heap_kb\tmax_after_gc_kb\n' >"$RESULTS/cli-runs.tsv"
for run in $(seq 1 "$CLI_RUNS"); do
  out="$WORK/out-$run"
  sync=(sync --source "$URL" --root "$ROOT_FILE" --out "$out" --time "$TIME_AT")
  cli_run "$run" version --version # the JVM's and picocli's start-up alone, for reference
  cli_run "$run" first-sync "${sync[@]}"
  cli_run "$run" no-change-rerun "${sync[@]}"
done
cat "$RESULTS/cli-runs.tsv" >&2

log "summary (medians)"
{
  echo "trust-mirror bench, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB," \
    "$(java -version 2>&1 | head -1)"
  echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" dev.trustmirror.bench.Summary "$RESULTS"
} | tee "$RESULTS/summary.txt"
