#!/usr/bin/env bash
# Benchmarks `trust-mirror serve` against a tuned nginx and `python3 -m http.server`, all on
# 127.0.0.1 in one run, serving the same published files (root-signing history point 08 synced with
# its fixed time). See bench/serve/README.md; the figures go into docs/performance.md.
#
#   bench/serve/run.sh
#
# Environment:
#   DURATION (10s)  THREADS (2)  CONNECTIONS (50)   wrk settings of every measured run
#   WARMUP (5s)     wrk run before each measured server/path pair (same for every server)
#   STARTS (5)      process starts for the start-to-ready median
#   REPEATS (3)     rounds of the comparison (the median round is reported)
#   SKIP_BUILD=1    use the existing cli/target/trust-mirror.jar instead of building it
#   SERVE_JVM_FLAGS JVM options of trust-mirror serve in the comparison (default: the launcher's:
#                   the recommended set below + CDS); SKIP_SWEEP=1 skips the JVM flag sweep
#
# Writes bench/serve/results/: wrk-*.txt (raw wrk output), rss-*.txt (VmRSS samples), summary.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
RESULTS="$ROOT/bench/serve/results"
JAR="$ROOT/cli/target/trust-mirror.jar"
HISTORY="$(ls -d "$ROOT"/../shared/testdata/sigstore-root-signing/history/08-* | head -1)"
TIME_AT="2026-08-21T20:25:56Z" # history point 08 is valid then (all of the data is expired today)
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-50}"
WARMUP="${WARMUP:-5s}"
STARTS="${STARTS:-5}"
REPEATS="${REPEATS:-3}"
# The recommended set: the smallest RSS the sweep below found without losing throughput (see
# docs/performance.md, section "mirror-server (issue 3)"). The comparison runs what ./trust-mirror
# serve runs: these flags plus the class-data archive of a demo training run ("CDS").
RECOMMENDED_FLAGS="-XX:+UseSerialGC -Xmx32m -Xss512k -XX:ReservedCodeCacheSize=32m"
SERVE_JVM_FLAGS="${SERVE_JVM_FLAGS-$RECOMMENDED_FLAGS CDS}"
# The JVM flag sets compared by the sweep. "CDS" stands for an application class-data archive made
# by a training run of serve with the other flags of the set (-XX:ArchiveClassesAtExit, Java 13+).
SWEEP_FLAGS=(
  ""
  "-XX:+UseSerialGC"
  "-XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1"
  "-XX:+UseSerialGC -Xmx64m"
  "-XX:+UseSerialGC -Xmx32m"
  "-XX:+UseSerialGC -Xmx32m -Xss512k -XX:ReservedCodeCacheSize=32m"
  "-XX:+UseSerialGC -Xmx32m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000"
  "-XX:+UseSerialGC -Xmx32m -Xss512k -XX:ReservedCodeCacheSize=32m CDS"
)
cd "$ROOT"

log() { printf '\n== %s\n' "$*" >&2; }

# Installs a Debian package when a file it provides is missing (root or sudo needed).
need() {
  local file="$1" pkg="$2"
  [[ -x "$file" ]] && return 0
  log "installing $pkg (for $file)"
  local sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
}
need /usr/bin/wrk wrk
need /usr/sbin/nginx nginx-light
need /usr/bin/curl curl
command -v python3 >/dev/null || need /usr/bin/python3 python3

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-serve.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Polls URL until it answers 200 (at most 30 s); prints nothing, fails when it never does.
await_200() {
  local url="$1" i
  for ((i = 0; i < 3000; i++)); do
    curl -fso /dev/null "$url" && return 0
    sleep 0.01
  done
  echo "no 200 from $url within 30 s" >&2
  return 1
}

# Max of the sum of VmRSS (kB) over the processes listed in file $1, sampled every 100 ms until
# file $2 exists; written to $3 (MB) and the samples to $3.samples.
sample_rss() {
  local pids_file="$1" stop="$2" out="$3" max=0 total pid kb
  : >"$out.samples"
  while [[ ! -e "$stop" ]]; do
    total=0
    for pid in $(cat "$pids_file"); do
      kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
      total=$((total + ${kb:-0}))
    done
    echo "$total" >>"$out.samples"
    ((total > max)) && max=$total
    sleep 0.1
  done
  awk -v kb="$max" 'BEGIN { printf "%.1f\n", kb / 1024 }' >"$out"
}

# Converts a wrk latency ("512.00us", "1.23ms", "1.01s") to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}

# Runs wrk (warm-up, then measured) on URL; RSS of the pids in file $3 is sampled during the
# measured run. Prints "req/s p50_ms p99_ms errors rss_mb".
measure() {
  local name="$1" url="$2" pids_file="$3"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >"$RESULTS/wrk-$name.warmup.txt" 2>&1
  rm -f "$WORK/stop"
  sample_rss "$pids_file" "$WORK/stop" "$RESULTS/rss-$name.txt" &
  local sampler=$!
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$RESULTS/wrk-$name.txt" 2>&1
  touch "$WORK/stop"
  wait "$sampler"
  local f="$RESULTS/wrk-$name.txt" rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$f")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")"
  # connect/read/write/timeout socket errors plus non-2xx/3xx responses
  errors="$(awk '/Socket errors/ { gsub(/[^0-9 ]/, " "); s = 0; for (i = 1; i <= NF; i++) s += $i; e += s }
                 /Non-2xx or 3xx/ { e += $NF } END { print e + 0 }' "$f")"
  echo "$rps $p50 $p99 $errors $(cat "$RESULTS/rss-$name.txt")"
}

# Sets FLAGS to flags $1 with the word CDS replaced by -XX:SharedArchiveFile=<archive>, making the
# archive first the way ./trust-mirror does: one training run of `demo` (which syncs, verifies,
# serves and fetches) with -XX:ArchiveClassesAtExit and the other flags of the set.
with_cds() {
  FLAGS="$1"
  [[ " $FLAGS " == *" CDS "* ]] || return 0
  local base="${FLAGS/CDS/}" archive
  archive="$WORK/cds-$(echo "$base" | md5sum | cut -c1-8).jsa"
  if [[ ! -f "$archive" ]]; then
    # shellcheck disable=SC2086 # flags are a list of options, split on purpose
    java $base -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off,cds+dynamic=off -jar "$JAR" \
      demo --dir "$WORK/cds-demo-$(basename "$archive" .jsa)" >/dev/null 2>&1 </dev/null
  fi
  FLAGS="$base -XX:SharedArchiveFile=$archive -Xlog:cds=off,cds+dynamic=off"
}

# Starts trust-mirror serve with JVM flags $1 on port $2 and sets STARTED to its pid (not in a
# command substitution: the JVM must be a child of this shell, so that stop() can wait for it).
start_serve() {
  local flags="$1" port="$2"
  # shellcheck disable=SC2086 # flags are a list of options, split on purpose
  java $flags -jar "$JAR" serve --repo "$WORK/out" --host 127.0.0.1 --port "$port" \
    --time "$TIME_AT" --access-log off >"$WORK/serve-$port.log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}

# SIGTERM to pid $1, then waits until it has exited.
stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# STARTS runs of: launch trust-mirror serve with flags $1, poll /readyz until 200. Sets
# READY_MEDIAN (ms) and READY_ALL (every run, ms).
start_to_ready() {
  local flags="$1" times=() i port t0 t1
  for ((i = 0; i < STARTS; i++)); do
    port="$(free_port)"
    t0="$(date +%s%N)"
    start_serve "$flags" "$port"
    until curl -fso /dev/null "http://127.0.0.1:$port/readyz"; do
      kill -0 "$STARTED" 2>/dev/null || { cat "$WORK/serve-$port.log" >&2; exit 1; }
      sleep 0.005
    done
    t1="$(date +%s%N)"
    times+=($(((t1 - t0) / 1000000)))
    stop "$STARTED"
  done
  READY_MEDIAN="$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  READY_ALL="${times[*]}"
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$RESULTS"
rm -f "$RESULTS"/wrk-*.txt "$RESULTS"/rss-*

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building the CLI jar (mvn -pl cli -am package, tests skipped)"
  mvn -B -q -ntp -Dstyle.color=never -Dmaven.test.skip=true -Dspotless.check.skip=true -pl cli -am package
fi
# A private copy: a build running meanwhile in the same tree must not swap the jar under the run.
cp "$JAR" "$WORK/trust-mirror.jar"
JAR="$WORK/trust-mirror.jar"

log "publishing history point 08 (trust-mirror sync --time $TIME_AT)"
java -jar "$JAR" sync --source "$HISTORY" --root "$HISTORY/1.root.json" --out "$WORK/out" \
  --time "$TIME_AT" >/dev/null
CURRENT="$(readlink -f "$WORK/out/current")"
TARGET_FILE="$(cd "$CURRENT" && ls targets/*.trusted_root.json | head -1)"
PATHS=("timestamp.json" "$TARGET_FILE")
PATH_NAMES=("timestamp" "trusted_root")
PATH_LABELS=("/timestamp.json" "/targets/<sha256>.trusted_root.json")

log "starting nginx (tuned static config) and python3 -m http.server"
NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
$([[ "$(id -u)" -eq 0 ]] && echo "user root;")
worker_processes auto;
error_log $WORK/nginx/error.log warn;
pid $WORK/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_min_uses 1;
  open_file_cache_errors on;
  etag on;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  types { application/json json; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $CURRENT;
    autoindex off;
    location / { try_files \$uri =404; }
  }
}
EOF
/usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "daemon off;" &
PIDS+=($!)
NGINX_PID=$!
PY_PORT="$(free_port)"
python3 -m http.server "$PY_PORT" --bind 127.0.0.1 --directory "$CURRENT" >"$WORK/python.log" 2>&1 &
PIDS+=($!)
PY_PID=$!
await_200 "http://127.0.0.1:$NGINX_PORT/timestamp.json"
await_200 "http://127.0.0.1:$PY_PORT/timestamp.json"
pgrep -P "$NGINX_PID" | cat - <(echo "$NGINX_PID") >"$WORK/pids-nginx"
echo "$PY_PID" >"$WORK/pids-python"

# Every server must serve the same bytes before anything is timed.
check_same_bytes() {
  local base="$1" p
  for p in "${PATHS[@]}"; do
    curl -fs "$base/$p" | cmp -s - "$CURRENT/$p" || { echo "$base/$p differs from $CURRENT/$p" >&2; exit 1; }
  done
}

SWEEP_TABLE="$WORK/sweep.tsv"
: >"$SWEEP_TABLE"
if [[ "${SKIP_SWEEP:-0}" != 1 ]]; then
  log "JVM flag sweep for trust-mirror serve (${#SWEEP_FLAGS[@]} sets)"
  for named in "${SWEEP_FLAGS[@]}"; do
    with_cds "$named"
    flags="$FLAGS"
    port="$(free_port)"
    start_serve "$flags" "$port"
    pid="$STARTED"
    await_200 "http://127.0.0.1:$port/readyz"
    check_same_bytes "http://127.0.0.1:$port"
    echo "$pid" >"$WORK/pids-serve"
    tag="sweep-$(echo "${named:-default}" | tr -c 'A-Za-z0-9=\n' '_')"
    read -r ts_rps _ ts_p99 ts_err ts_rss < <(measure "$tag-timestamp" "http://127.0.0.1:$port/timestamp.json" "$WORK/pids-serve")
    read -r tr_rps _ tr_p99 tr_err tr_rss < <(measure "$tag-trusted_root" "http://127.0.0.1:$port/$TARGET_FILE" "$WORK/pids-serve")
    stop "$pid"
    start_to_ready "$flags"
    ready="$READY_MEDIAN"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${named:-(JVM defaults)}" "$ts_rps" "$ts_p99" \
      "$tr_rps" "$tr_p99" "$(awk -v a="$ts_rss" -v b="$tr_rss" 'BEGIN { print (a > b ? a : b) }')" \
      "$ready" "$((ts_err + tr_err))" | tee -a "$SWEEP_TABLE" >&2
  done
fi

log "comparison: trust-mirror serve ($SERVE_JVM_FLAGS) vs nginx vs python3 -m http.server"
with_cds "$SERVE_JVM_FLAGS"
SERVE_FLAGS_USED="$FLAGS"
SERVE_PORT="$(free_port)"
start_serve "$SERVE_FLAGS_USED" "$SERVE_PORT"
SERVE_PID="$STARTED"
await_200 "http://127.0.0.1:$SERVE_PORT/readyz"
echo "$SERVE_PID" >"$WORK/pids-serve"
check_same_bytes "http://127.0.0.1:$SERVE_PORT"
check_same_bytes "http://127.0.0.1:$NGINX_PORT"
check_same_bytes "http://127.0.0.1:$PY_PORT"

# REPEATS rounds, each measuring every server on each path in turn; per server and path each figure
# is the median over the rounds (req/s, p50, p99, errors, each on its own), RSS the largest.
declare -A R
declare -A ROUNDS
for ((round = 1; round <= REPEATS; round++)); do
  for i in 0 1; do
    p="${PATHS[$i]}"
    n="${PATH_NAMES[$i]}"
    for server in trust-mirror nginx python; do
      case "$server" in
        trust-mirror) port="$SERVE_PORT"; pids="$WORK/pids-serve" ;;
        nginx) port="$NGINX_PORT"; pids="$WORK/pids-nginx" ;;
        python) port="$PY_PORT"; pids="$WORK/pids-python" ;;
      esac
      result="$(measure "$server-$n-$round" "http://127.0.0.1:$port/$p" "$pids")"
      ROUNDS[$server,$n]+="$result"$'\n'
      echo "round $round $server $n: $result" >&2
    done
  done
done
median_of_column() { printf '%s' "$1" | awk -v k="$2" '{ print $k }' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for key in "${!ROUNDS[@]}"; do
  R[$key]="$(median_of_column "${ROUNDS[$key]}" 1) $(median_of_column "${ROUNDS[$key]}" 2) $(median_of_column "${ROUNDS[$key]}" 3) $(median_of_column "${ROUNDS[$key]}" 4) $(printf '%s' "${ROUNDS[$key]}" | awk '$5 > m { m = $5 } END { print m }')"
done
stop "$SERVE_PID"

log "start to /readyz 200 (median of $STARTS starts, $SERVE_JVM_FLAGS)"
start_to_ready "$SERVE_FLAGS_USED"
READY_MS="$READY_MEDIAN"
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

field() { echo "${R[$1,$2]}" | awk -v k="$3" '{ print $k }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=" ? v >= t : v < t); print (ok ? "MET" : "MISSED") }'; }

{
  echo "trust-mirror serve vs nginx vs python3 -m http.server, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); nginx $(/usr/sbin/nginx -v 2>&1 | cut -d/ -f2); $(python3 --version)"
  echo "load average: start $LOAD_START, end $LOAD_END"
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, after a $WARMUP warm-up run per server and path; each figure the median of $REPEATS rounds, RSS the max of all rounds"
  echo "files: history point 08 synced at $TIME_AT"
  echo "trust-mirror JVM flags: ${SERVE_JVM_FLAGS:-(JVM defaults)}"
  echo
  printf '| %-12s | %-35s | %10s | %8s | %8s | %6s | %10s |\n' server path "req/s" "p50 ms" "p99 ms" errors "RSS MB"
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' -------------- ------------------------------------- ------------ ---------- ---------- -------- ------------
  for i in 0 1; do
    n="${PATH_NAMES[$i]}"
    for server in trust-mirror nginx python; do
      read -r rps p50 p99 err rss <<<"${R[$server,$n]}"
      printf '| %-12s | %-35s | %10s | %8s | %8s | %6s | %10s |\n' "$server" "${PATH_LABELS[$i]}" "$rps" "$p50" "$p99" "$err" "$rss"
    done
  done
  echo
  echo "ratios (trust-mirror / other):"
  for i in 0 1; do
    n="${PATH_NAMES[$i]}"
    echo "  $n: req/s vs nginx $(ratio "$(field trust-mirror "$n" 1)" "$(field nginx "$n" 1)"), vs python $(ratio "$(field trust-mirror "$n" 1)" "$(field python "$n" 1)"); p99 vs nginx $(ratio "$(field trust-mirror "$n" 3)" "$(field nginx "$n" 3)")"
  done
  echo
  echo "targets of issue 3:"
  for i in 0 1; do
    n="${PATH_NAMES[$i]}"
    r_nginx="$(ratio "$(field trust-mirror "$n" 1)" "$(field nginx "$n" 1)")"
    r_py="$(ratio "$(field trust-mirror "$n" 1)" "$(field python "$n" 1)")"
    p99_ratio="$(ratio "$(field trust-mirror "$n" 3)" "$(field nginx "$n" 3)")"
    echo "  $n: req/s >= 0.9x nginx: $r_nginx $(verdict "$r_nginx" ">=" 0.9); p99 within 2x nginx: $p99_ratio $(verdict "$p99_ratio" "<" 2.0000001); >= 20x python: $r_py $(verdict "$r_py" ">=" 20)"
  done
  rss_max="$(awk -v a="$(field trust-mirror timestamp 5)" -v b="$(field trust-mirror trusted_root 5)" 'BEGIN { print (a > b ? a : b) }')"
  echo "  RSS under load < 150 MB: $rss_max MB $(verdict "$rss_max" "<" 150)"
  echo "  start to /readyz < 1.5 s: median $READY_MS ms of $STARTS (each: $READY_ALL) $(verdict "$READY_MS" "<" 1500)"
  if [[ -s "$SWEEP_TABLE" ]]; then
    echo
    echo "JVM flag sweep (trust-mirror serve alone; p99 in ms; RSS = max under load; ready = median start to /readyz ms):"
    printf '| %-120s | %9s | %7s | %9s | %7s | %7s | %6s | %6s |\n' flags "ts req/s" "ts p99" "tr req/s" "tr p99" "RSS MB" "ready" errors
    printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..122})" ----------- --------- ----------- --------- --------- -------- --------
    while IFS=$'\t' read -r flags ts_rps ts_p99 tr_rps tr_p99 rss ready err; do
      printf '| %-120s | %9s | %7s | %9s | %7s | %7s | %6s | %6s |\n' "$flags" "$ts_rps" "$ts_p99" "$tr_rps" "$tr_p99" "$rss" "$ready" "$err"
    done <"$SWEEP_TABLE"
  fi
} | tee "$RESULTS/summary.txt"
