#!/usr/bin/env bash
# Admission latency and throughput of `trust-mirror webhook` (issue 6): wrk posts the
# AdmissionReview of a Pod with 3 images (by tag, each signed with a key, cosign's format, Rekor SET)
# to /validate over HTTPS, 50 connections, 2 threads. Two runs of the real command (the shaded jar):
#   hit  - the verdict cache on (default): each review resolves nothing, verifies nothing;
#   miss - `--cache-size=0`: each review resolves the 3 tags (HEAD) and reads and verifies the
#          3 signature manifests and their layers on docker-registry at 127.0.0.1.
# The world (fabric8 mock API server in CRUD mode with the TrustRoot and the ImageTrustPolicy,
# docker-registry, certificates) is dev.trustmirror.bench.WebhookBenchCluster. The webhook's RSS is
# sampled every 0.5 s during each run (peak reported) and VmHWM read at the end.
#
#   bench/webhook/run.sh
#
# Environment: RESULTS (default bench/webhook/results); DURATION (default 20s) per measured run,
# after a WARMUP (default 10s) run; CONNECTIONS (default 50); BUILD_DIR (default bench/target);
# SKIP_BUILD=1 uses what is built (bench classes in BUILD_DIR, cli/target/trust-mirror.jar);
# JAR (default cli/target/trust-mirror.jar); WEBHOOK_JAVA_OPTS (default: the launcher's).
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
RESULTS="${RESULTS:-$ROOT/bench/webhook/results}"
BUILD_DIR="${BUILD_DIR:-$ROOT/bench/target}"
JAR="${JAR:-$ROOT/cli/target/trust-mirror.jar}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
cd "$ROOT"

log() { printf '\n== %s\n' "$*" >&2; }

need() {
  local file="$1" pkg="$2"
  [[ -x "$file" ]] && return 0
  log "installing $pkg (for $file)"
  local sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null
}
need /usr/bin/docker-registry docker-registry
need /usr/bin/wrk wrk
need /usr/bin/curl curl

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building bench and the CLI jar (tests skipped)"
  mvn -B -q -ntp -Dstyle.color=never -Dmaven.test.skip=true -Dspotless.check.skip=true \
    -pl bench,cli -am package
fi
CP="$(cat "$BUILD_DIR/classpath.txt"):$BUILD_DIR/classes"
mkdir -p "$RESULTS"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  exec 7>&- 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log "starting the cluster (mock API server, docker-registry, signed images)"
mkfifo "$WORK/cluster.in"
java -cp "$CP" dev.trustmirror.bench.WebhookBenchCluster "$WORK/world" <"$WORK/cluster.in" \
  >"$WORK/cluster.out" 2>"$WORK/cluster.err" &
PIDS+=($!)
exec 7>"$WORK/cluster.in"
for _ in $(seq 1 240); do
  grep -q READY "$WORK/cluster.out" 2>/dev/null && break
  sleep 0.5
done
grep -q READY "$WORK/cluster.out" || { cat "$WORK/cluster.err" >&2; exit 1; }
W="$WORK/world"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The launcher's flags for `webhook` (./trust-mirror), unless overridden.
JOPTS="${WEBHOOK_JAVA_OPTS:-$(sed -n 's/^WEBHOOK_OPTS="\(.*\)"$/\1/p' "$ROOT/trust-mirror")}"

# run NAME [extra webhook flags...]: one webhook process, warm-up, measured run, RSS.
run() {
  local name="$1"; shift
  local port; port="$(free_port)"
  log "webhook ($name): java $JOPTS -jar trust-mirror.jar webhook $*"
  # shellcheck disable=SC2086
  java $JOPTS -jar "$JAR" webhook --host 127.0.0.1 --port "$port" \
    --tls-cert "$W/tls.crt" --tls-key "$W/tls.key" --root "$W/root.json" --trustroot sigstore \
    --kubeconfig "$W/kubeconfig" --insecure-registry "$(cat "$W/registry")" --time "$(cat "$W/time")" \
    "$@" >"$WORK/webhook-$name.out" 2>"$WORK/webhook-$name.err" &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 120); do
    curl -sf --cacert "$W/ca.crt" "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf --cacert "$W/ca.crt" "https://127.0.0.1:$port/readyz" >/dev/null \
    || { cat "$WORK/webhook-$name.err" >&2; exit 1; }
  local url="https://127.0.0.1:$port/validate"
  REVIEW="$W/review.json" wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/webhook/post.lua "$url" >/dev/null
  local peak=0
  ( while kill -0 "$pid" 2>/dev/null; do
      awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null; sleep 0.5
    done ) >"$WORK/rss-$name.txt" &
  local sampler=$!
  local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
  REVIEW="$W/review.json" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/webhook/post.lua \
    "$url" | tee "$RESULTS/wrk-$name.txt"
  local hwm; hwm="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
  kill "$sampler" 2>/dev/null || true
  peak="$(sort -n "$WORK/rss-$name.txt" | tail -1)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  {
    echo "run $name: load before $load"
    grep -E '^(admitted|latency|requests/s)' "$RESULTS/wrk-$name.txt"
    echo "rss peak sampled $((peak / 1024)) MB, VmHWM $((hwm / 1024)) MB"
  } >>"$RESULTS/summary.txt"
}

{
  echo "# bench/webhook/run.sh, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "# wrk -t2 -c$CONNECTIONS -d$DURATION (after $WARMUP warm-up), Pod with 3 images, key-based"
  echo "# webhook JVM options: $JOPTS"
} >"$RESULTS/summary.txt"
run hit
run miss --cache-size=0
log "summary"
cat "$RESULTS/summary.txt"
