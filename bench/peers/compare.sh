#!/usr/bin/env bash
# bench/peers/compare.sh OUTDIR "PEERS" ROUNDS SCENARIO [chat-bench flags...]
#
# Runs one scenario against each peer in turn, ROUNDS times (A B A B ...), each run on a freshly
# started peer, with the same chat-bench flags. PEERS: any of parley securechat inspircd ngircd,
# parley-io1 (Parley with one event-loop thread), parley-uring (Parley on io_uring), parley-nagle
# (Parley with --tcp-nodelay false: Nagle's algorithm, as InspIRCd and ngIRCd leave it), parley-memory
# (Parley keeping its history in memory, against parley's default durable SQLite store),
# parley-baseline (the jar in PARLEY_BASELINE_JAR, for before/after comparisons of a change), and
# parley-cluster (two Parley servers on one Redis, bench/peers/parley-cluster.sh: the clients are
# spread over both, and the Redis CPU is reported as redis_cpu_*), and parley+FLAG=VALUE+... (Parley
# with --FLAG=VALUE ..., e.g. parley+io-threads=1+tcp-nodelay=false).
# Writes OUTDIR/ROUND-PEER.json and OUTDIR/ROUND-PEER.log per run, and a line per run to
# OUTDIR/summary.tsv with the 1-minute load average (uptime) before and after it.
# Flags for Parley's server: PARLEY_FLAGS; JVM flags: PARLEY_JAVA_OPTS. BASE_PORT (19500) + i is
# the port of the i-th peer. Passes the peer's --server-pid (CPU use; memory for connections).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$here/../.." && pwd)"
out="$1"; peers="$2"; rounds="$3"; scenario="$4"; shift 4
mkdir -p "$out"
jar="$ROOT/bench/target/chat-bench.jar"
base="${BASE_PORT:-19500}"
export PEER_TIMEOUT="${PEER_TIMEOUT:-900}"
[ -f "$out/summary.tsv" ] || printf 'round\tpeer\tload_before\tload_after\tdelivered_per_sec\tp50_ms\tp99_ms\tp999_ms\tmax_ms\tsent\tdelivered\tlost\tdup\tooo\tdisconnected\textra\n' > "$out/summary.tsv"

load1() { cut -d' ' -f1 /proc/loadavg; }

# The peer's server must be gone before the next run: a server that ignores SIGTERM (ngIRCd busy
# with thousands of connections did) would take the next peers' CPU. TERM, then KILL after 5 s.
stop_server() { # DIR
    local pid
    pid="$(cat "$1/pid" 2>/dev/null)" || return 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    echo "peer pid $pid still running 10 s after its script ended: killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
}

listening() { # DIR PORT
    "$here/in-peer-netns.sh" "$1" ss -ltnH "sport = :$2" 2>/dev/null | grep -q LISTEN
}

for round in $(seq "$rounds"); do
    i=0
    for peer in $peers; do
        i=$((i + 1))
        port=$((base + i))
        dir="$out/peer-$round-$peer"
        rm -rf "$dir"
        flags=()
        case "$peer" in
            parley)     PEER_DIR="$dir" "$here/parley.sh" "$port" ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            parley-io1) PEER_DIR="$dir" "$here/parley.sh" "$port" --io-threads 1 ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            parley-uring) PEER_DIR="$dir" "$here/parley.sh" "$port" --transport io_uring ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            parley-memory) PEER_DIR="$dir" "$here/parley.sh" "$port" --history memory ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            parley-nagle) PEER_DIR="$dir" "$here/parley.sh" "$port" --tcp-nodelay false ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            parley-baseline) PEER_DIR="$dir" PARLEY_JAR="${PARLEY_BASELINE_JAR:?set PARLEY_BASELINE_JAR}" \
                            "$here/parley.sh" "$port" ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            parley-cluster) PEER_DIR="$dir" "$here/parley-cluster.sh" "$port" ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            parley+*)   # parley+io-threads=1+tcp-nodelay=false: Parley with --io-threads=1 --tcp-nodelay=false
                        IFS=+ read -ra extra <<< "${peer#parley+}"
                        PEER_DIR="$dir" "$here/parley.sh" "$port" "${extra[@]/#/--}" ${PARLEY_FLAGS:-} & flags=(--target parley) ;;
            securechat) PEER_DIR="$dir" "$here/securechat.sh" "$port" & flags=(--target lines --tls) ;;
            inspircd)   PEER_DIR="$dir" "$here/inspircd.sh" "$port" & flags=(--target irc) ;;
            ngircd)     PEER_DIR="$dir" "$here/ngircd.sh" "$port" & flags=(--target irc) ;;
            *) echo "unknown peer $peer" >&2; exit 2 ;;
        esac
        peer_script=$!
        for _ in $(seq 600); do
            [ -f "$dir/netns-pid" ] && listening "$dir" "$port" && break
            sleep 0.1
        done
        flags+=(--server-pid "$(cat "$dir/pid")")
        if [ "$peer" = parley-cluster ]; then
            for _ in $(seq 600); do
                [ -f "$dir/other-pids" ] && listening "$dir" "$((port + 100))" && break
                sleep 0.1
            done
            flags+=(--other-ports "$((port + 100))" --other-pids "$(cat "$dir/other-pids")" --redis-pid "$(cat "$dir/redis-pid")")
        fi
        if [ "$scenario" = connections ]; then
            case "$peer" in inspircd|ngircd) flags+=(--no-jcmd) ;; esac
        fi
        sleep 1
        before="$(load1)"
        echo "== round $round: $peer on port $port, load $before" >&2
        set +e
        "$here/in-peer-netns.sh" "$dir" java ${BENCH_JAVA_OPTS:-} -jar "$jar" "$scenario" --port "$port" "${flags[@]}" \
            --json "$out/$round-$peer.json" "$@" > "$out/$round-$peer.log" 2>&1
        status=$?
        set -e
        after="$(load1)"
        kill "$peer_script" 2>/dev/null || true
        wait "$peer_script" 2>/dev/null || true
        stop_server "$dir"
        if [ $status -ne 0 ] || [ ! -s "$out/$round-$peer.json" ]; then
            printf '%s\t%s\t%s\t%s\tFAILED (exit %s, see %s)\n' "$round" "$peer" "$before" "$after" "$status" "$out/$round-$peer.log" >> "$out/summary.tsv"
            continue
        fi
        python3 - "$out/$round-$peer.json" "$round" "$peer" "$before" "$after" >> "$out/summary.tsv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
lat = r.get("latency_ms", {})
extra = {k: round(r[k], 3) for k in ("connect_s", "connect_server_cpu_s", "server_cpu_cores", "server_cpu_us_per_delivery", "redis_cpu_cores",
                                     "redis_cpu_us_per_delivery", "bench_cpu_cores", "connects_per_sec",
                                     "server_rss_per_connection_bytes", "server_heap_per_connection_bytes") if k in r}
row = [sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5],
       "%.0f" % r.get("delivered_per_sec", 0), lat.get("p50", ""), lat.get("p99", ""), lat.get("p999", ""), lat.get("max", ""),
       r.get("sent", ""), r.get("delivered", ""), r.get("lost", ""), r.get("duplicated", ""), r.get("out_of_order", ""),
       r.get("disconnected", ""), json.dumps(extra) if extra else ""]
print("\t".join(str(x) for x in row))
PY
        tail -1 "$out/summary.tsv" >&2
    done
done
column -t -s $'\t' "$out/summary.tsv" >&2 || cat "$out/summary.tsv" >&2
