#!/usr/bin/env bash
# What watching a swarm costs while nothing changes: CPU seconds of the proxy and of dockerd, and connections the
# proxy opens to the Docker socket. Needs a local engine that is a swarm manager (docs/testing-swarm.md).
#
#   bench/idle-swarm-cost.sh [--services 10] [--warmup 15] [--window 30] [--connections-window 60] [--keep]
#                            [--listener]
#
# 1. Creates N services labelled com.df.notify=true (image swarmgate/backend:test, one replica each, on the overlay
#    network idle-bench), unless they exist, and waits until every task runs.
# 2. dockerd's CPU over one window without the proxy: the engine's own idle cost, the baseline.
# 3. Starts the proxy from target/swarmgate.jar (SWARM_DISCOVERY=on, listeners on free 127.0.0.1 ports, STATE_DIR in
#    a temporary directory, logs at WARN), waits the warm-up, then reads the CPU of the proxy and of dockerd over
#    the window (utime+stime from /proc/<pid>/stat; CPU time, so another process on the box does not change it).
# 4. Counts the connect() calls the proxy makes to the Docker socket over the connections window (strace, after the
#    CPU window so its overhead is not in the CPU figure).
# 5. With ASYNC_PROFILER=<path of libasyncProfiler.so>: a CPU profile (100 us interval) and an allocation profile
#    over one window each, loaded into the running proxy with jcmd, written as collapsed stacks to PROFILE_DIR
#    (default the current directory) as idle-cpu.collapsed and idle-alloc.collapsed.
# 6. Stops the proxy and, without --keep, removes the services and the network.
# --listener measures `swarmgate listener` instead of the proxy (API on a free 127.0.0.1 port, no notification URLs):
# the same watching, for the feed.
# JAVA_OPTS are passed to java (default none: the JVM's own defaults); JAR picks another jar (default target/swarmgate.jar).
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

services=10 warmup=15 window=30 conn_window=60 keep=false role=proxy
while [ $# -gt 0 ]; do
    case "$1" in
        --services) services="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --window) window="$2"; shift 2 ;;
        --connections-window) conn_window="$2"; shift 2 ;;
        --keep) keep=true; shift ;;
        --listener) role=listener; shift ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

socket=/var/run/docker.sock
dockerd=$(pidof dockerd) || { echo "no dockerd running" >&2; exit 1; }
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
percent() { awk -v t="$1" -v hz="$hz" -v w="$2" 'BEGIN { printf "%.2f CPU-s (%.2f %% of a core)", t / hz, 100 * t / hz / w }'; }

docker network inspect idle-bench >/dev/null 2>&1 || docker network create -d overlay idle-bench >/dev/null
for i in $(seq 1 "$services"); do
    docker service inspect "idle-bench-$i" >/dev/null 2>&1 && continue
    docker service create -d --quiet --no-resolve-image --name "idle-bench-$i" --network idle-bench \
        --label com.df.notify=true --label com.df.servicePath="/s$i" --label com.df.port=8080 \
        swarmgate/backend:test >/dev/null
done
for _ in $(seq 1 120); do
    running=$(docker service ls --filter name=idle-bench- --format '{{.Replicas}}' | grep -c '^1/1' || true)
    [ "$running" -ge "$services" ] && break
    sleep 1
done
echo "services: $running of $services running"

cleanup() {
    if [ -n "${proxy:-}" ]; then kill "$proxy" 2>/dev/null; wait "$proxy" 2>/dev/null || true; fi
    if [ -n "${state:-}" ]; then rm -rf "$state"; fi
    if [ "$keep" = false ]; then
        docker service rm $(seq -f 'idle-bench-%g' 1 "$services") >/dev/null 2>&1 || true
        for _ in $(seq 1 30); do docker network rm idle-bench >/dev/null 2>&1 && break; sleep 1; done
    fi
}
trap cleanup EXIT

d0=$(ticks "$dockerd"); sleep "$window"; d1=$(ticks "$dockerd")
echo "dockerd without the proxy, ${window} s: $(percent $((d1 - d0)) "$window")"

state=$(mktemp -d "${TMPDIR:-/tmp}/idle-swarm-cost.XXXXXX")
if [ "$role" = listener ]; then
    LISTENER_IP=127.0.0.1 LISTENER_PORT=$(free_port) SWARMGATE_LOG_LEVEL=WARN \
        java ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -jar "${JAR:-target/swarmgate.jar}" listener \
        > "$state/proxy.log" 2>&1 &
else
    SWARM_DISCOVERY=on LISTEN_IP=127.0.0.1 IP=127.0.0.1 PORT=$(free_port) DEFAULT_PORTS=$(free_port) STATE_DIR="$state" \
        SWARMGATE_LOG_LEVEL=WARN java ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -jar "${JAR:-target/swarmgate.jar}" proxy \
        > "$state/proxy.log" 2>&1 &
fi
proxy=$!
sleep "$warmup"
kill -0 "$proxy" || { cat "$state/proxy.log"; exit 1; }
p0=$(ticks "$proxy"); d0=$(ticks "$dockerd"); sleep "$window"; p1=$(ticks "$proxy"); d1=$(ticks "$dockerd")
echo "$role, ${window} s after ${warmup} s: $(percent $((p1 - p0)) "$window")"
echo "dockerd with the $role, same ${window} s: $(percent $((d1 - d0)) "$window")"

if [ "$conn_window" -gt 0 ]; then
    timeout -s INT "$conn_window" strace -f -qq -e trace=connect -o "$state/connect.log" -p "$proxy" || true
    connects=$(grep -c "$socket" "$state/connect.log" || true)
    echo "connections to $socket in ${conn_window} s: $connects ($(( connects * 60 / conn_window )) per minute)"
fi

if [ -n "${ASYNC_PROFILER:-}" ]; then
    out=$(readlink -f "${PROFILE_DIR:-.}")
    profile() {
        jcmd "$proxy" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,$1\"" >/dev/null
        sleep "$window"
        jcmd "$proxy" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,$2,file=$out/$3\"" >/dev/null
        echo "profile: $out/$3"
    }
    profile event=cpu,interval=100us collapsed idle-cpu.collapsed
    profile event=alloc collapsed,total idle-alloc.collapsed
fi
