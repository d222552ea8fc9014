#!/usr/bin/env bash
# bench/peers/parley-cluster.sh PORT [server flags]: two Parley servers that are one chat, on
# 127.0.0.1:PORT and 127.0.0.1:PORT+100, sharing one Redis on 127.0.0.1:PORT+1000 (Debian's
# redis-server, or $REDIS_SERVER; append-only file on, fsync every second, as docs/operations.md
# recommends). Both stop by themselves after $PEER_TIMEOUT seconds, or when this script is
# interrupted.
# Files in $PEER_DIR: pid (the first server), other-pids (the second), redis-pid, netns-pid, and
# node1.log, node2.log, redis.log.
set -euo pipefail
. "$(dirname "$0")/common.sh"
port="$(peer_port "${1:-}")"; shift
dir="$(peer_dir parley-cluster)"
redis_port=$((port + 1000))
redis="${REDIS_SERVER:-redis-server}"
command -v "$redis" >/dev/null || { echo "no $redis: apt-get install -y redis-server, or set REDIS_SERVER" >&2; exit 2; }
defaults=()
case " $* " in *" --rate-limit"*) ;; *) defaults+=(--rate-limit 0) ;; esac
# As parley.sh: the chat page off, loopback exempt from the connect throttle, the launcher's JVM options.
case " $* " in *" --web-port"*) ;; *) defaults+=(--web-port -1) ;; esac
case " $* " in *" --connect-exempt"*) ;; *) defaults+=(--connect-exempt 127.0.0.0/8,::1/128) ;; esac
PARLEY_JAVA_OPTS="${PARLEY_JAVA_OPTS--XX:+UseG1GC -Xms1g -Xmx1g}"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup INT TERM EXIT

# child PID: the process timeout(1) runs (the one whose CPU counts).
child() {
    local c=""
    for _ in $(seq 100); do
        c="$(pgrep -P "$1" | head -1 || true)"
        [ -n "$c" ] && break
        sleep 0.05
    done
    echo "${c:-$1}"
}

mkdir -p "$dir/redis"
timeout "$PEER_TIMEOUT" "$redis" --bind 127.0.0.1 --port "$redis_port" --dir "$dir/redis" --save '' \
    --appendonly yes --appendfsync everysec --daemonize no >"$dir/redis.log" 2>&1 &
pids+=($!)
child $! > "$dir/redis-pid"
for _ in $(seq 100); do
    ss -ltnH "sport = :$redis_port" 2>/dev/null | grep -q LISTEN && break
    sleep 0.05
done
node() { # N PORT [flags]
    local n="$1" p="$2"
    shift 2
    # shellcheck disable=SC2086
    timeout "$PEER_TIMEOUT" java ${PARLEY_JAVA_OPTS:-} -jar "${PARLEY_JAR:-$ROOT/server/target/chat-server.jar}" \
        --host 127.0.0.1 --port "$p" --time-port 0 --admin-port 0 --redis "redis://127.0.0.1:$redis_port" \
        "${defaults[@]}" "$@" >"$dir/node$n.log" 2>&1 &
    pids+=($!)
}
node 1 "$port" "$@"
child "${pids[-1]}" > "$dir/pid"
echo "${pids[-1]}" > "$dir/netns-pid"
node 2 "$((port + 100))" "$@"
child "${pids[-1]}" > "$dir/other-pids"
echo "parley-cluster in $dir: servers on $port and $((port + 100)), redis on $redis_port, timeout ${PEER_TIMEOUT}s" >&2
wait
