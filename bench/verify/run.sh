#!/usr/bin/env bash
# Verdict latency of issue 5 (JMH, dev.trustmirror.bench.VerdictBenchmark), all benchmarks in one
# run: cache hit; cache miss, pure verification (key-based and keyless, layers in memory) beside
# its ECDSA floor (the same ECDSA verifications replayed with the verifier's EcdsaVerification);
# cache miss with docker-registry on 127.0.0.1 (keyless). See the "verify (issue 5)" section of
# docs/performance.md.
#
#   bench/verify/run.sh [extra JMH options, e.g. -wi 1 -i 1 for a quick smoke run]
#
# Writes bench/verify/results/: jmh.json (JMH, -rf json), jmh.txt (JMH console), interleaved.txt
# (pure verification and its ECDSA floor measured in turn, VerdictFloorRatio), breakdown.txt (the
# three registry requests and the verification of a miss, each timed, VerdictRegistryBreakdown),
# summary.txt (machine, load average, the table and the targets).
#
# Environment: RESULTS (default bench/verify/results); ROUNDS (default 1500) interleaved rounds;
# BUILD_DIR (default bench/target) is where the bench module is built;
# SKIP_BUILD=1 uses what is already built there (e.g. by
# mvn -pl bench package -Dtm.build.dir=BUILD_DIR, with the other modules installed).
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
RESULTS="${RESULTS:-$ROOT/bench/verify/results}"
BUILD_DIR="${BUILD_DIR:-$ROOT/bench/target}"
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
need /usr/bin/docker-registry docker-registry

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building bench (mvn -pl bench -am package, tests skipped)"
  mvn -B -q -ntp -Dstyle.color=never -Dmaven.test.skip=true -Dspotless.check.skip=true \
    -pl bench -am package
fi
CP="$(cat "$BUILD_DIR/classpath.txt"):$BUILD_DIR/classes"
mkdir -p "$RESULTS"

log "JMH: VerdictBenchmark (cache hit, pure misses and their ECDSA floors, miss with registry)"
java -cp "$CP" org.openjdk.jmh.Main 'dev\.trustmirror\.bench\.VerdictBenchmark' \
  -rf json -rff "$RESULTS/jmh.json" "$@" | tee "$RESULTS/jmh.txt"

log "pure verification vs its ECDSA floor, interleaved (VerdictFloorRatio)"
java -Xms256m -Xmx256m -cp "$CP" dev.trustmirror.bench.VerdictFloorRatio "${ROUNDS:-1500}" \
  | tee "$RESULTS/interleaved.txt"

log "cache miss with the registry, part by part (VerdictRegistryBreakdown)"
java -Xms256m -Xmx256m -cp "$CP" dev.trustmirror.bench.VerdictRegistryBreakdown \
  | tee "$RESULTS/breakdown.txt"

log "summary"
{
  echo "trust-mirror verify bench, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -m | awk '/Mem:/ {print $2}') MiB," \
    "$(java -version 2>&1 | head -1)"
  echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: bench/verify/run.sh $*"
  grep -m1 -o 'key-based floor: .*' "$RESULTS/jmh.txt" || true
  echo
  java -cp "$CP" dev.trustmirror.bench.VerdictSummary "$RESULTS/jmh.json" "$RESULTS/interleaved.txt"
  echo
  echo "cache miss with the registry, part by part (µs, median / p90 / p99):"
  sed -n 's/^breakdown\.\(.*\)\.p50_us=\(.*\)/  \1 \2/p' "$RESULTS/breakdown.txt" | paste -d' ' - \
    <(sed -n 's/^breakdown\..*\.p90_us=\(.*\)/\/ \1/p' "$RESULTS/breakdown.txt") \
    <(sed -n 's/^breakdown\..*\.p99_us=\(.*\)/\/ \1/p' "$RESULTS/breakdown.txt")
} | tee "$RESULTS/summary.txt"
