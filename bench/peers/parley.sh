#!/usr/bin/env bash
# bench/peers/parley.sh PORT [server flags]: Parley (server/target/chat-server.jar) on 127.0.0.1:PORT.
# JVM flags from $PARLEY_JAVA_OPTS; another build of the jar from $PARLEY_JAR; PEER_NETNS=1 runs it in a loopback-only network namespace.
set -euo pipefail
. "$(dirname "$0")/common.sh"
port="$(peer_port "${1:-}")"; shift
dir="$(peer_dir parley)"
# Benchmarks run with flood control off (--rate-limit 0), as every published figure says, keep
# the UDP time service, admin endpoints and chat page off fixed ports, and exempt loopback from the
# connect throttle; flags given here take precedence.
# The history is the default durable store (SQLite) in the peer's own directory, new for each run;
# --history memory keeps it in memory instead.
defaults=()
case " $* " in *" --rate-limit"*) ;; *) defaults+=(--rate-limit 0) ;; esac
case " $* " in *" --time-port"*) ;; *) defaults+=(--time-port 0) ;; esac
case " $* " in *" --admin-port"*) ;; *) defaults+=(--admin-port 0) ;; esac
case " $* " in *" --web-port"*) ;; *) defaults+=(--web-port -1) ;; esac
# Thousands of connections from loopback in a few seconds: exempt it from the connect throttle.
case " $* " in *" --connect-exempt"*) ;; *) defaults+=(--connect-exempt 127.0.0.0/8,::1/128) ;; esac
case " $* " in *" --data-dir"*) ;; *) defaults+=(--data-dir "$dir/data") ;; esac
# The JVM options of bin/parley-server and packaging/parley.service unless PARLEY_JAVA_OPTS is set.
PARLEY_JAVA_OPTS="${PARLEY_JAVA_OPTS--XX:+UseG1GC -Xms1g -Xmx1g}"
# shellcheck disable=SC2086
peer_run "$dir" "${PEER_NETNS:-0}" java ${PARLEY_JAVA_OPTS:-} -jar "${PARLEY_JAR:-$ROOT/server/target/chat-server.jar}" \
    --host 127.0.0.1 --port "$port" "${defaults[@]}" "$@"
