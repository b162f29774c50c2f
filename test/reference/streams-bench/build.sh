#!/usr/bin/env bash
# Builds target/streams-bench.jar (+ target/lib/*.jar) only when pom.xml or src/ changed; extra args go to Maven.
exec "$(dirname "$0")/../maven-jar-build.sh" "$(dirname "$0")" streams-bench.jar "$@"
