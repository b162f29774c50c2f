#!/usr/bin/env bash
# Builds a Maven project's target/<jar> (+ target/lib/*.jar) only when its pom.xml or src/ changed.
# The stamp is a hash of pom.xml, src/ and any extra Maven args (e.g. -Dkafka.version=4.1.1).
# Tries Maven offline first (warm ~/.m2), then online. Prints one line when up to date.
set -euo pipefail
project=${1:?usage: maven-jar-build.sh <project-dir> <jar-name> [maven args...]}; jar=${2:?jar name}; shift 2
cd "$project"
label=$(basename "$project")

say() { echo "[$label] $*"; }
STAMP=target/.build-stamp
want=$( { cat pom.xml; find src -type f | LC_ALL=C sort | xargs sha256sum; echo "args:$*"; } | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -f target/$jar ]; then
  say "up to date (target/$jar)"
  exit 0
fi

command -v java >/dev/null || { echo "[$label] ERROR: java not found (Java 17+ needed)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "[$label] ERROR: mvn not found" >&2; exit 1; }

mkdir -p target
# Parallel test workers may all ask for a build: one builds, the others wait and find it fresh.
exec 9>target/.build-lock
flock 9
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -f target/$jar ]; then
  say "up to date (built by a concurrent run)"
  exit 0
fi

start=$(date +%s)
rm -f "$STAMP"
# Stale classes (deleted sources) and jars of an older version would otherwise linger.
rm -rf target/lib target/classes
if mvn -B -q -o package "$@" >target/mvn.log 2>&1; then
  say "built offline"
else
  say "offline build failed (cold ~/.m2?), building online"
  if ! mvn -B -q package "$@" >target/mvn.log 2>&1; then
    cat target/mvn.log >&2
    echo "[$label] ERROR: mvn package failed" >&2
    exit 1
  fi
fi
echo "$want" >"$STAMP"
say "built in $(( $(date +%s) - start ))s: target/$jar + $(ls target/lib | wc -l) jars"
