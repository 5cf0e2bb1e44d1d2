#!/usr/bin/env bash
# Admission latency and throughput of `trust-mirror webhook` (issue 6): h2load posts the
# AdmissionReview of a Pod with 3 images (by tag, each signed with a key, cosign's format, Rekor SET)
# to /validate over HTTPS and HTTP/2 (as the API server calls webhooks), 50 connections, one
# request in flight on each. Three webhook processes (the shaded jar, the launcher's JVM flags):
#   hit  - the defaults (verdict cache, tags reused for 30 s and refreshed ahead): a review makes no
#          registry call and verifies nothing;
#   hit-tags-resolved - `--tag-ttl=0s`: verdicts cached, but each review resolves the 3 tags (HEAD);
#   miss - `--cache-size=0 --tag-ttl=0s`: each review resolves the 3 tags and reads and verifies
#          the 3 signature manifests and their layers on docker-registry at 127.0.0.1.
# Each process is warmed up (closed loop, WARMUP), then measured three ways:
#   saturated - closed loop for DURATION: every connection sends its next review when the answer
#               arrives (the throughput; by Little's law 50 busy connections at N reviews/s wait
#               50/N s on average, so its latency says little);
#   paced     - an open rate: each connection sends RPS reviews per second (50 x 100 = the 5,000/s of
#               the target for hits), the connections opened 2 ms apart so that 50 independent
#               clients are not one synchronized burst; the first 2 s (TLS handshakes) are left out;
#               three runs of DURATION, one after the other (this shared VM's noise moves a p99 by
#               a millisecond between runs: report the median);
#   single    - one connection, one review at a time: the latency of a review alone.
# Every answer is counted by the webhook's own metrics, and the summary says how many were not
# admissions (a benchmark of denials would measure nothing; under overload the webhook answers 503).
# The world (fabric8 mock API server in CRUD mode with the TrustRoot and the ImageTrustPolicy,
# docker-registry, certificates) is dev.trustmirror.bench.WebhookBenchCluster. The webhook's VmHWM
# (peak RSS) is read at the end of each process; its CPU time per review is read from /proc.
#
#   bench/webhook/run.sh
#
# Environment: RESULTS (default bench/webhook/results); DURATION (default 20) seconds per measured
# run, WARMUP (default 15; MISS_WARMUP 60 for misses) seconds; CONNECTIONS (default 50); HIT_RPS
# (default 100), TAGS_RPS (default 2) and MISS_RPS (default 1) reviews per second per connection for
# the paced runs; BUILD_DIR (default
# bench/target); SKIP_BUILD=1 uses what is built (bench classes in BUILD_DIR,
# cli/target/trust-mirror.jar); JAR (default cli/target/trust-mirror.jar); WEBHOOK_JAVA_OPTS
# (default: the launcher's).
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
RESULTS="${RESULTS:-$ROOT/bench/webhook/results}"
BUILD_DIR="${BUILD_DIR:-$ROOT/bench/target}"
JAR="${JAR:-$ROOT/cli/target/trust-mirror.jar}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-15}"
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
need /usr/bin/h2load nghttp2-client
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

# answered PORT OUTCOME: reviews the webhook answered on /validate with OUTCOME so far ("allowed",
# or "other": every other outcome, 503 overload included).
answered() {
  curl -sf --cacert "$W/ca.crt" "https://127.0.0.1:$1/metrics" | awk -v want="$2" '
    /^trust_mirror_webhook_reviews_total\{/ && /path="validate"/ {
      allowed = ($0 ~ /outcome="allowed"/)
      if ((want == "allowed") == allowed) n += $NF
    }
    END { print int(n) }'
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

# h2 NAME URL [h2load flags...]: one measured h2load run; its log in $RESULTS/h2load-NAME.log.
h2() {
  local name="$1" url="$2"; shift 2
  rm -f "$RESULTS/h2load-$name.log"
  h2load -t1 -m1 "$@" --log-file="$RESULTS/h2load-$name.log" -d "$W/review.json" \
    -H 'Content-Type: application/json' "$url" >"$RESULTS/h2load-$name.txt" 2>&1
}

# run NAME RPS WARMUP [extra webhook flags...]: one webhook process, warm-up, saturated, paced and
# single runs, RSS.
run() {
  local name="$1" rps="$2" warmup="$3"; shift 3
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
  h2 "$name-warmup" "$url" -c"$CONNECTIONS" -D "$warmup"
  sleep 11 # the warm-up's reviews still in flight finish (the review budget is 10 s)
  local a0 o0 t0 t1 a3 o3 requests load
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  a0="$(answered "$port" allowed)"; o0="$(answered "$port" other)"; t0="$(cpu_ticks "$pid")"
  h2 "$name-saturated" "$url" -c"$CONNECTIONS" -D "$DURATION"
  t1="$(cpu_ticks "$pid")"
  requests="$(wc -l <"$RESULTS/h2load-$name-saturated.log")"
  local round
  for round in 1 2 3; do
    h2 "$name-paced-$round" "$url" -c"$CONNECTIONS" -r1 --rate-period=2ms --rps="$rps" \
      -n $(( CONNECTIONS * rps * (DURATION + 2) ))
  done
  h2 "$name-single" "$url" -c1 -n $(( rps >= 10 ? 2000 : 200 ))
  a3="$(answered "$port" allowed)"; o3="$(answered "$port" other)"
  local hwm; hwm="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  {
    echo "run $name ($*):"
    echo " saturated, $CONNECTIONS connections, closed loop, load before $load:"
    echo "  $(python3 bench/webhook/latency.py "$RESULTS/h2load-$name-saturated.log")"
    echo "  webhook CPU per review $(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) )) us"
    echo " paced, $CONNECTIONS connections x $rps reviews/s (offered $(( CONNECTIONS * rps ))/s), first 2 s left out, three runs:"
    for round in 1 2 3; do
      echo "  $(python3 bench/webhook/latency.py "$RESULTS/h2load-$name-paced-$round.log" 2)"
    done
    echo " single connection, one review at a time:"
    echo "  $(python3 bench/webhook/latency.py "$RESULTS/h2load-$name-single.log" 0)"
    echo " answers after the warm-up: $(( a3 - a0 )) allowed, $(( o3 - o0 )) other (denied, failed or 503)"
    echo " VmHWM $((hwm / 1024)) MB"
  } >>"$RESULTS/summary.txt"
  if [[ $(( o3 - o0 )) -ne 0 ]]; then
    echo "$(( o3 - o0 )) reviews were not admitted ($name); the webhook's log:" >&2
    grep -v '^INFO\|^[A-Z][a-z][a-z] [0-9]' "$WORK/webhook-$name.err" | tail -5 >&2
  fi
}

{
  echo "# bench/webhook/run.sh, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "# $(h2load --version | head -1), HTTP/2 over TLS, ${CONNECTIONS} connections, Pod with 3 images, key-based"
  echo "# webhook JVM options: $JOPTS"
} >"$RESULTS/summary.txt"
run hit "${HIT_RPS:-100}" "$WARMUP"
run hit-tags-resolved "${TAGS_RPS:-2}" "$WARMUP" --tag-ttl=0s
# the miss path runs much more code (HTTP client, registry, verification): C2 needs longer
run miss "${MISS_RPS:-1}" "${MISS_WARMUP:-60}" --cache-size=0 --tag-ttl=0s
log "summary"
cat "$RESULTS/summary.txt"
