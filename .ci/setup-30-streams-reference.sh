#!/usr/bin/env bash
# Builds the Kafka Streams reference harness (test/reference/streams) used by the differential
# tests. Quick when pom.xml and the Java sources are unchanged (stamp keyed by their hash).
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/reference/streams/build.sh
