# Shared by the peer scripts (sourced, not run). Every peer:
#  - listens on loopback only (or runs in a fresh network namespace that has only loopback),
#  - writes its config and log into $PEER_DIR (default: a new temp dir),
#  - stops by itself after $PEER_TIMEOUT seconds (default 600), or when this script is interrupted.
# Files in $PEER_DIR: pid (the server process, for --server-pid), netns-pid (a process in the
# server's network namespace: run the load generator there with bench/peers/in-peer-netns.sh).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER_TIMEOUT="${PEER_TIMEOUT:-600}"

peer_port() {
    case "${1:-}" in
        ''|*[!0-9]*) echo "usage: $(basename "$0") PORT [flags]" >&2; exit 2 ;;
    esac
    echo "$1"
}

peer_dir() {
    local dir="${PEER_DIR:-$(mktemp -d "/tmp/parley-peer-$1.XXXXXX")}"
    mkdir -p "$dir"
    rm -f "$dir/pid" "$dir/netns-pid"
    echo "$dir"
}

# peer_run DIR NETNS(0|1) COMMAND...: runs COMMAND under timeout, in a loopback-only namespace if NETNS=1.
peer_run() {
    local dir="$1" netns="$2"
    shift 2
    if [ "$netns" = 1 ]; then
        unshare -n sh -c 'ip link set lo up && exec "$@"' sh timeout -k 5 "$PEER_TIMEOUT" "$@" >"$dir/out.log" 2>&1 &
    else
        timeout -k 5 "$PEER_TIMEOUT" "$@" >"$dir/out.log" 2>&1 &
    fi
    PEER_OUTER=$!
    local outer=$PEER_OUTER
    trap 'kill "$PEER_OUTER" 2>/dev/null || true' INT TERM EXIT
    local child=""
    for _ in $(seq 100); do
        child="$(pgrep -P "$outer" | head -1 || true)"
        [ -n "$child" ] && break
        sleep 0.05
    done
    echo "$outer" > "$dir/netns-pid"
    echo "${child:-$outer}" > "$dir/pid"
    echo "peer in $dir: pid ${child:-$outer}, timeout ${PEER_TIMEOUT}s, log $dir/out.log" >&2
    wait "$outer" || true
}
