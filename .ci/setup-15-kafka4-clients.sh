#!/usr/bin/env bash
# Fetches Apache Kafka 4.x client-side jars (Java clients + CLI tools, no broker; Maven Central)
# into test/reference/lib-4x/ for test/interop/java4-clients.test.ts. Kept apart from
# test/reference/lib/ (3.9.2): two versions of the same classes cannot share a classpath.
# Idempotent: a re-run with the jars present only checks and prints one line.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[setup-kafka4] $*"; }
die() { echo "[setup-kafka4] ERROR: $*" >&2; exit 1; }
start=$(date +%s)

command -v java >/dev/null || die "java not found (Java 17+ is required to run Kafka 4.x tools)"
command -v mvn >/dev/null || die "mvn not found (Maven is required to fetch the Kafka jars)"

POM=test/reference/kafka4-clients/pom.xml
LIB=test/reference/lib-4x
STAMP="$LIB/.stamp"
want=$(sha256sum "$POM" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && ls "$LIB"/kafka-tools-4.*.jar >/dev/null 2>&1; then
  say "jars up to date ($(ls "$LIB"/*.jar | wc -l) in $LIB)"
else
  say "fetching Kafka 4.x client jars with Maven into $LIB"
  rm -rf "$LIB"
  mkdir -p "$LIB"
  # Offline first (warm ~/.m2 needs no network), then online; output kept only when Maven fails.
  copy() { mvn -B -q "$@" -f "$POM" dependency:copy-dependencies \
             -DincludeScope=runtime -DoutputDirectory="$(pwd)/$LIB" >"$LIB/.mvn.log" 2>&1; }
  if ! copy -o && ! copy; then
    cat "$LIB/.mvn.log" >&2
    rm -f "$STAMP"
    die "mvn dependency:copy-dependencies failed"
  fi
  ls "$LIB"/kafka-tools-4.*.jar >/dev/null 2>&1 || die "no kafka-tools-4.x jar in $LIB after Maven ran"
  echo "$want" >"$STAMP"
  say "fetched $(ls "$LIB"/*.jar | wc -l) jars, $(du -sh "$LIB" | cut -f1)"
fi

# Smoke: a tool's main class loads and prints its version (catches a truncated download).
version=$(java -cp "$LIB/*" org.apache.kafka.tools.TopicCommand --version 2>/dev/null | head -1) \
  || die "Kafka 4.x jars in $LIB do not run (java -cp '$LIB/*' org.apache.kafka.tools.TopicCommand --version)"
case "$version" in 4.*) ;; *) die "unexpected Kafka tools version '$version' in $LIB" ;; esac

say "ready in $(( $(date +%s) - start ))s (Kafka clients $version)"
