#!/usr/bin/env bash
# Installs the real-Kafka test peers on a fresh Debian machine: kcat (apt) and Apache Kafka's
# broker, CLI tools and Java clients (Maven Central jars copied into test/reference/lib/).
# Idempotent: a re-run with everything present only checks and prints a few lines.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[setup-kafka] $*"; }
die() { echo "[setup-kafka] ERROR: $*" >&2; exit 1; }
start=$(date +%s)

command -v java >/dev/null || die "java not found (Java 17+ is required to run Kafka)"
command -v mvn >/dev/null || die "mvn not found (Maven is required to fetch the Kafka jars)"

# --- kcat -------------------------------------------------------------------------------
if command -v kcat >/dev/null; then
  say "kcat present: $(command -v kcat)"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "kcat missing and not root (install it: apt-get install kcat)"
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh package lists when apt does not know kcat yet (saves ~10 s on warm machines).
  if ! apt-cache show kcat >/dev/null 2>&1; then
    say "apt-get update"
    $SUDO apt-get update -qq || die "apt-get update failed"
  fi
  say "apt-get install kcat"
  if ! $SUDO apt-get install -y -qq --no-install-recommends kcat >/tmp/setup-kafka-apt.log 2>&1; then
    cat /tmp/setup-kafka-apt.log >&2
    die "apt-get install kcat failed"
  fi
  command -v kcat >/dev/null || die "kcat still not on PATH after install"
fi

# --- Kafka jars -------------------------------------------------------------------------
POM=test/reference/kafka/pom.xml
LIB=test/reference/lib
STAMP="$LIB/.stamp"
want=$(sha256sum "$POM" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && ls "$LIB"/kafka_2.13-*.jar >/dev/null 2>&1; then
  say "jars up to date ($(ls "$LIB"/*.jar | wc -l) in $LIB)"
else
  say "fetching Kafka jars with Maven into $LIB"
  rm -rf "$LIB"
  mkdir -p "$LIB"
  # -B: no colour/progress noise in CI logs; output kept only when Maven fails.
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$(pwd)/$LIB" >"$LIB/.mvn.log" 2>&1; then
    cat "$LIB/.mvn.log" >&2
    rm -f "$STAMP"
    die "mvn dependency:copy-dependencies failed"
  fi
  ls "$LIB"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar in $LIB after Maven ran"
  echo "$want" >"$STAMP"
  say "fetched $(ls "$LIB"/*.jar | wc -l) jars, $(du -sh "$LIB" | cut -f1)"
fi

# Smoke: the broker's main class loads (catches a truncated or partial download).
java -cp "$LIB/*" kafka.tools.StorageTool random-uuid >/dev/null 2>&1 \
  || die "Kafka jars in $LIB do not run (java -cp '$LIB/*' kafka.tools.StorageTool random-uuid)"

say "ready in $(( $(date +%s) - start ))s (kcat $(dpkg-query -W -f='${Version}' kcat 2>/dev/null || echo '?'), java $(java -version 2>&1 | head -1 | awk -F'"' '{print $2}'))"
