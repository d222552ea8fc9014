#!/usr/bin/env bash
# bench/peers/ngircd.sh PORT: ngIRCd (Debian package ngircd) on 127.0.0.1:PORT, with what of its
# throttling the config can turn off turned off: MaxPenaltyTime=0 (no penalty delays),
# MaxConnectionsIP=0, no DNS/ident lookups. Built in and not configurable in ngIRCd 26: at most
# 3 commands handled per client per read, a 2048-byte receive buffer and a 32 KiB send buffer per
# client (a client past either is disconnected).
set -euo pipefail
. "$(dirname "$0")/common.sh"
port="$(peer_port "${1:-}")"
dir="$(peer_dir ngircd)"
cat > "$dir/ngircd.conf" <<CONF
[Global]
    Name = bench.ngircd.local
    Info = benchmark peer
    Listen = 127.0.0.1
    Ports = $port
    MotdPhrase = ngIRCd benchmark peer
    PidFile = $dir/ngircd.pid
[Limits]
    MaxConnections = 0
    MaxConnectionsIP = 0
    MaxJoins = 0
    MaxNickLength = 30
    MaxPenaltyTime = 0
    PingTimeout = 600
    PongTimeout = 120
[Options]
    DNS = no
    Ident = no
    PAM = no
    NoticeBeforeRegistration = no
[SSL]
CONF
peer_run "$dir" "${PEER_NETNS:-0}" ngircd --nodaemon --config "$dir/ngircd.conf"
