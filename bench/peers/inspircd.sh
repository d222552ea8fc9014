#!/usr/bin/env bash
# bench/peers/inspircd.sh PORT: InspIRCd (Debian package inspircd) on 127.0.0.1:PORT, with the
# connect class's flood limits raised so that a benchmark measures relaying, not throttling:
# commandrate and threshold (fake lag), recvq, softsendq/hardsendq, per-IP connection limits.
set -euo pipefail
. "$(dirname "$0")/common.sh"
port="$(peer_port "${1:-}")"
dir="$(peer_dir inspircd)"
cat > "$dir/inspircd.conf" <<CONF
<server name="bench.inspircd.local" description="benchmark peer" network="BenchNet">
<admin name="bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="$port" type="clients">
<connect name="bench" allow="127.0.0.0/8"
         timeout="60" pingfreq="600" resolvehostnames="no" useident="no"
         commandrate="4000000000" threshold="4000000" fakelag="no"
         recvq="1048576" softsendq="1048576" hardsendq="16777216"
         localmax="100000" globalmax="100000" maxconnwarn="no" limit="100000">
<performance softlimit="19000" somaxconn="4096" netbuffersize="65536" clonesonconnect="no">
<limits maxnick="30" maxchan="64">
<channels users="20" opers="60">
<dns server="127.0.0.1" timeout="1">
<files motd="$dir/motd">
<pid file="$dir/inspircd.pid">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$dir/inspircd.log">
<options prefixquit="Quit: " syntaxhints="no" announcets="yes" hostintopic="yes" pingwarning="15">
<security hideserver="" userstats="Pu" maxtargets="20">
<whowas groupsize="10" maxgroups="100000" maxkeep="3d">
CONF
echo "InspIRCd benchmark peer" > "$dir/motd"
peer_run "$dir" "${PEER_NETNS:-0}" inspircd --runasroot --nofork --nopid --config="$dir/inspircd.conf"
