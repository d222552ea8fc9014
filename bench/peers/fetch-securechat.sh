#!/usr/bin/env bash
# Fills bench/peers/lib (git-ignored) with Netty's SecureChat example: netty-example 4.2.17.Final
# (the jar alone, without its dependencies) plus netty-all and netty-pkitesting 4.2.18.Final with
# their dependencies, all through the Maven wrapper.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
lib="$ROOT/bench/peers/lib"
mkdir -p "$lib"
cd "$ROOT"
./mvnw -q -B dependency:copy -Dartifact=io.netty:netty-example:4.2.17.Final -DoutputDirectory="$lib"
./mvnw -q -B -f bench/peers/securechat-classpath.xml dependency:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime
ls "$lib"
