#!/usr/bin/env bash
# bench/peers/in-peer-netns.sh PEER_DIR COMMAND...: runs COMMAND in the peer's network namespace
# (for a peer started with PEER_NETNS=1 or securechat.sh), else as it is. Needs root for nsenter.
set -euo pipefail
dir="$1"; shift
outer="$(cat "$dir/netns-pid")"
if [ "$(readlink "/proc/$outer/ns/net")" != "$(readlink /proc/self/ns/net)" ]; then
    exec nsenter --net="/proc/$outer/ns/net" "$@"
fi
exec "$@"
