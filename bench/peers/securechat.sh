#!/usr/bin/env bash
# bench/peers/securechat.sh PORT: Netty's SecureChat example server (TLS, self-signed certificate).
# It binds every interface, so it always runs in a fresh network namespace with only loopback
# (needs root); run the load generator in the same namespace with in-peer-netns.sh.
# Classpath from bench/peers/lib (fetch-securechat.sh fills it).
set -euo pipefail
. "$(dirname "$0")/common.sh"
port="$(peer_port "${1:-}")"
lib="$ROOT/bench/peers/lib"
if ! ls "$lib"/netty-example-*.jar >/dev/null 2>&1; then
    echo "no SecureChat jars in $lib: run bench/peers/fetch-securechat.sh first" >&2
    exit 1
fi
dir="$(peer_dir securechat)"
# shellcheck disable=SC2086
peer_run "$dir" 1 java ${SECURECHAT_JAVA_OPTS:-} -Dport="$port" -cp "$lib/*" io.netty.example.securechat.SecureChatServer
