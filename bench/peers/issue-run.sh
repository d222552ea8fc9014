#!/usr/bin/env bash
# bench/peers/issue-run.sh OUTDIR [PEERS]: every figure of the "faster than the C IRC servers"
# comparison (docs/benchmarks.md) for Parley, InspIRCd and ngIRCd, in one run. Each scenario runs
# A B C A B C (compare.sh, a fresh server per run, the same load-generator flags for every peer),
# with the 1-minute load average before and after each run. Ends with OUTDIR/table.md, the
# figures side by side. Every run is bounded; the whole takes about 40 minutes on 2 cores.
#
#   fan-out, closed loop: 1000 clients, 10 senders, window 8    deliveries/s, CPU us/delivery
#   fan-out, open loop: 170, 340 and 675 msg/s x 999 receivers   p50/p99, CPU us/delivery
#   connection storm: 1000, 4000, 10000 clients into one room   seconds until all are connected,
#                                                                named and seated; server CPU
#   15,000 idle connections in rooms of 10                      heap (Parley) and RSS per connection
#
# Needs: ./mvnw -B -q package -DskipTests (server and bench jars), inspircd and ngircd (apt).
# Flags for Parley: PARLEY_FLAGS, PARLEY_JAVA_OPTS, as for compare.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: issue-run.sh OUTDIR [PEERS]}"
peers="${2:-parley inspircd ngircd}"
rounds="${ROUNDS:-2}"
# Seconds of load before measuring, for every peer: a JVM's compiler needs about ten under this load
# before Parley's hot paths are compiled (with 3 s Parley measured about half its throughput).
warmup="${WARMUP:-10}"
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)" # 10,000 clients need 10,000 descriptors in the generator and in each server
start=$(date +%s)
log() { echo "[$(date +%H:%M:%S) +$(( $(date +%s) - start ))s, load $(cut -d' ' -f1 /proc/loadavg)] $*" | tee -a "$out/progress.log" >&2; }

run() { # NAME SCENARIO FLAGS...
    local name="$1"; shift
    log "$name: $*"
    "$here/compare.sh" "$out/$name" "$peers" "$rounds" "$@" > "$out/$name.log" 2>&1 || log "$name: compare.sh exited $?"
}

log "start; peers: $peers; rounds: $rounds"
run fanout-closed fanout --clients 1000 --senders 10 --window 8 --warmup "$warmup" --duration 10 --drain 5 --connect-concurrency 50
for rate in 170 340 675; do
    run "fanout-rate$rate" fanout --clients 1000 --senders 10 --rate "$rate" --warmup "$warmup" --duration 10 --drain 5 \
        --connect-concurrency 50
done
for n in 1000 4000 10000; do
    run "storm$n" connections --clients "$n" --room-size "$n" --duration 1 --settle 1 --connect-concurrency 200 \
        --connect-timeout 100
done
run idle15000 connections --clients 15000 --room-size 10 --duration 5 --connect-concurrency 100 --connect-timeout 240
log "done"

python3 - "$out" > "$out/table.md" <<'PY'
import csv, json, os, statistics, sys
out = sys.argv[1]
names = {"parley": "Parley", "inspircd": "InspIRCd", "ngircd": "ngIRCd"}

def why(log):
    """A failed run's reason, from the load generator's log, in a few words."""
    try:
        text = open(log).read()
    except OSError:
        return "failed"
    if "TimeoutException" in text:
        return "not done in time"
    if "reset by peer" in text or "closed by the server" in text:
        return "server dropped a client"
    return "failed"

def runs(scenario):
    """{peer: [row, ...]} from a scenario's summary.tsv, with the JSON extras parsed."""
    path = os.path.join(out, scenario, "summary.tsv")
    res = {}
    if not os.path.exists(path):
        return res
    with open(path) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if (row.get("delivered_per_sec") or "").startswith("FAILED"):
                row["failed"] = True
                row["why"] = why(os.path.join(out, scenario, f'{row["round"]}-{row["peer"]}.log'))
            else:
                row["failed"] = False
                row.update(json.loads(row["extra"]) if row.get("extra") else {})
            res.setdefault(row["peer"], []).append(row)
    return res

def cell(rows, key, fmt):
    vals = []
    for r in rows:
        if r["failed"]:
            vals.append(r["why"])
        elif r.get(key) not in (None, ""):
            vals.append(fmt(float(r[key])))
    return ", ".join(vals) if vals else "-"

def loads(rows):
    return ", ".join(f'{r["load_before"]}→{r["load_after"]}' for r in rows)

def table(title, scenario, cols):
    data = runs(scenario)
    print(f"\n### {title}\n")
    print("| peer | load before→after | " + " | ".join(c[0] for c in cols) + " |")
    print("|---|---|" + "---:|" * len(cols))
    for peer, rows in data.items():
        print(f"| {names.get(peer, peer)} | {loads(rows)} | " + " | ".join(cell(rows, c[1], c[2]) for c in cols) + " |")

k = lambda v: f"{v / 1000:,.0f} k"
ms = lambda v: f"{v:,.1f}"
us = lambda v: f"{v:.2f}"
s = lambda v: f"{v:.1f}"
n = lambda v: f"{v:,.0f}"
print("# Parley, InspIRCd, ngIRCd: one run, A B C A B C (values per round)")
table("Fan-out, 1000 clients, 10 senders, closed loop (window 8)", "fanout-closed",
      [("deliveries/s", "delivered_per_sec", k), ("server CPU µs/delivery", "server_cpu_us_per_delivery", us),
       ("p50 ms", "p50_ms", ms), ("p99 ms", "p99_ms", ms), ("lost", "lost", n), ("dup", "dup", n), ("ooo", "ooo", n),
       ("connect s", "connect_s", s)])
for rate in (170, 340, 675):
    table(f"Fan-out at {rate} msg/s × 999 receivers (open loop)", f"fanout-rate{rate}",
          [("deliveries/s", "delivered_per_sec", k), ("p50 ms", "p50_ms", ms), ("p99 ms", "p99_ms", ms),
           ("server CPU µs/delivery", "server_cpu_us_per_delivery", us), ("lost", "lost", n), ("dup", "dup", n),
           ("ooo", "ooo", n)])
for count in (1000, 4000, 10000):
    table(f"{count:,} clients connected, named and in one room", f"storm{count}",
          [("seconds", "connect_s", s), ("server CPU s", "connect_server_cpu_s", lambda v: f"{v:.2f}"),
           ("dropped", "disconnected", n)])
table("15,000 idle connections, rooms of 10", "idle15000",
      [("connect s", "connect_s", s), ("heap B/connection", "server_heap_per_connection_bytes", n),
       ("RSS B/connection", "server_rss_per_connection_bytes", n), ("dropped", "disconnected", n)])
PY
log "table: $out/table.md"
cat "$out/table.md"
