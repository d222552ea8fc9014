#!/usr/bin/env bash
# bench/peers/parley.sh PORT [server flags]: Parley (server/target/chat-server.jar) on 127.0.0.1:PORT.
# JVM flags from $PARLEY_JAVA_OPTS; PEER_NETNS=1 runs it in a loopback-only network namespace.
set -euo pipefail
. "$(dirname "$0")/common.sh"
port="$(peer_port "${1:-}")"; shift
dir="$(peer_dir parley)"
# shellcheck disable=SC2086
peer_run "$dir" "${PEER_NETNS:-0}" java ${PARLEY_JAVA_OPTS:-} -jar "$ROOT/server/target/chat-server.jar" \
    --host 127.0.0.1 --port "$port" "$@"
