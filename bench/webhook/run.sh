#!/usr/bin/env bash
# Admission latency and throughput of `trust-mirror webhook` (issue 6): wrk posts the
# AdmissionReview of a Pod with 3 images (by tag, each signed with a key, cosign's format, Rekor SET)
# to /validate over HTTPS, 50 connections, 2 threads. Two runs of the real command (the shaded jar):
#   hit  - the defaults (verdict cache, tags reused for 30 s): a review makes no registry call and
#          verifies nothing;
#   hit-tags-resolved - `--tag-ttl=0s`: verdicts cached, but each review resolves the 3 tags (HEAD);
#   miss - `--cache-size=0 --tag-ttl=0s`: each review resolves the 3 tags and reads and verifies
#          the 3 signature manifests and their layers on docker-registry at 127.0.0.1.
# Each run measures twice: at saturation (closed loop: every connection sends its next review as
# soon as the answer arrives; gives the throughput) and paced (each connection sends one review
# every PACE_MS; gives the latency at an offered rate below saturation: 50 connections every 10 ms
# offer 5,000 reviews/s).
# The world (fabric8 mock API server in CRUD mode with the TrustRoot and the ImageTrustPolicy,
# docker-registry, certificates) is dev.trustmirror.bench.WebhookBenchCluster. The webhook's RSS is
# sampled every 0.5 s during each run (peak reported) and VmHWM read at the end.
#
#   bench/webhook/run.sh
#
# Environment: RESULTS (default bench/webhook/results); DURATION (default 20s) per measured run,
# HIT_PACE_MS (default 10) and MISS_PACE_MS (default 250) for the paced runs,
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

# run NAME PACE_MS [extra webhook flags...]: one webhook process, warm-up, saturation run, paced
# run, RSS.
run() {
  local name="$1" pace="$2"; shift 2
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
  REVIEW="$W/review.json" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s -s bench/webhook/post.lua \
    "$url" >/dev/null
  local peak=0
  ( while kill -0 "$pid" 2>/dev/null; do
      awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null; sleep 0.5
    done ) >"$WORK/rss-$name.txt" &
  local sampler=$!
  local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
  local t0; t0="$(awk '{print $14+$15}' "/proc/$pid/stat")"
  REVIEW="$W/review.json" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -s bench/webhook/post.lua "$url" | tee "$RESULTS/wrk-$name-saturated.txt"
  local t1; t1="$(awk '{print $14+$15}' "/proc/$pid/stat")"
  local load2; load2="$(cut -d' ' -f1-3 /proc/loadavg)"
  PACE_MS="$pace" REVIEW="$W/review.json" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s \
    --latency -s bench/webhook/post.lua "$url" | tee "$RESULTS/wrk-$name-paced.txt"
  local hwm; hwm="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
  kill "$sampler" 2>/dev/null || true
  peak="$(sort -n "$WORK/rss-$name.txt" | tail -1)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local reviews; reviews="$(awk '/^admitted/ {gsub(",","",$2); print $2 + $5}' "$RESULTS/wrk-$name-saturated.txt")"
  {
    echo "run $name ($*):"
    echo " saturated, $CONNECTIONS connections, load before $load:"
    grep -E '^(admitted|latency|requests/s)' "$RESULTS/wrk-$name-saturated.txt" | sed 's/^/  /'
    echo "  webhook CPU per review $(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (reviews > 0 ? reviews : 1) )) us"
    echo " paced, each connection every $pace ms (offered $(( CONNECTIONS * 1000 / pace ))/s), load before $load2:"
    grep -E '^(admitted|latency|requests/s)' "$RESULTS/wrk-$name-paced.txt" | sed 's/^/  /'
    echo " rss peak sampled $((peak / 1024)) MB, VmHWM $((hwm / 1024)) MB"
  } >>"$RESULTS/summary.txt"
}

{
  echo "# bench/webhook/run.sh, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "# wrk -t1 -c$CONNECTIONS -d$DURATION (after $WARMUP warm-up), Pod with 3 images, key-based"
  echo "# webhook JVM options: $JOPTS"
} >"$RESULTS/summary.txt"
run hit "${HIT_PACE_MS:-10}"
run hit-tags-resolved "${HIT_PACE_MS:-10}" --tag-ttl=0s
run miss "${MISS_PACE_MS:-250}" --cache-size=0 --tag-ttl=0s
log "summary"
cat "$RESULTS/summary.txt"
