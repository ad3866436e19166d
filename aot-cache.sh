#!/usr/bin/env bash
# Writes the JDK's AOT cache for the proxy (JEP 483, 514, 515: the classes it loads, already parsed and linked, and
# the method profiles the JIT compilers start from) from a training run: the proxy is started as ./swarmgate starts
# it, routes a few thousand requests, and stops; on the way out the JVM assembles the cache. A JVM started with
# -XX:AOTCache=<cache> then reaches its first routed request in about half the CPU time (docs/benchmarks.md, "Issue
# 11: start and warm-up").
# The cache fits one JDK build and one jar (path, size and time): `package` writes target/swarmgate.aot for the JDK
# that built it, docker/build-context.sh the image's with the image's runtime. Needs bash and coreutils.
#
# Usage: aot-cache.sh <java> <swarmgate.jar> <cache>
#   The JVM options are the proxy's: --enable-native-access=ALL-UNNAMED @jvm.options (a JVM started with other
#   module options cannot use the cache, and says so on stdout).
set -euo pipefail

if (( $# != 3 )); then
    echo "usage: $0 <java> <swarmgate.jar> <cache>" >&2
    exit 2
fi
java="$1" jar="$2" cache="$3"
here="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/swarmgate-aot.XXXXXX")"
pid=""
fail() {
    echo "aot-cache.sh: no AOT cache written: $*" >&2
    [[ -f "$work/proxy.log" ]] && sed 's/^/  /' "$work/proxy.log" >&2
    exit 1
}
cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf -- "$work"
}
trap cleanup EXIT

# Two free ports in a row, for the proxy's listener and its admin API: nothing accepts a connection on them.
free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 20); do
    port=$(( 20000 + RANDOM % 10000 ))
    free "$port" && free "$((port + 1))" && break
done

# One connection: <count> keep-alive requests for <path>, the last with Connection: close; reads to the end.
requests() {  # port path count
    local i request="GET $2 HTTP/1.1"$'\r\n'"Host: training"$'\r\n'
    exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    for (( i = 1; i < $3; i++ )); do printf '%s\r\n' "$request" >&3; done
    printf '%sConnection: close\r\n\r\n' "$request" >&3
    timeout 10 cat <&3 >/dev/null || true
    exec 3<&-
}

# The proxy routes /v1/docker-flow-proxy to its own admin API, so the training needs no other server.
admin=$(( port + 1 ))
(
    cd "$work"
    export DEFAULT_PORTS="$port" PORT="$admin" IP=127.0.0.1 LISTEN_IP=127.0.0.1 STATE_DIR="$work/state" \
        SECRETS_DIR="$work/secrets" CERTS_DIR="$work/certs" SWARM_DISCOVERY=off SWARMGATE_LOG_LEVEL=WARN \
        DFP_SERVICE_SERVICE_NAME=training DFP_SERVICE_SERVICE_PATH=/v1/docker-flow-proxy \
        DFP_SERVICE_PORT="$admin" DFP_SERVICE_OUTBOUND_HOSTNAME=127.0.0.1 MALLOC_ARENA_MAX=2
    mkdir -p secrets certs
    exec "$java" --enable-native-access=ALL-UNNAMED "@$here/jvm.options" -XX:AOTCacheOutput="$work/cache.aot" \
        -jar "$jar" proxy
) >"$work/proxy.log" 2>&1 &
pid=$!
for (( i = 0; ; i++ )); do
    requests "$port" /v1/docker-flow-proxy/ping 1 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "the training proxy exited"
    (( i < 600 )) || fail "the training proxy did not answer on 127.0.0.1:$port within 60 s"
    sleep 0.1
done
# Keep-alive and new connections, a 404, the admin API: what a proxy does in its first seconds. A thousand requests
# give the hot methods their profiles; more make the build longer for no faster start.
for _ in $(seq 100); do
    requests "$port" /v1/docker-flow-proxy/ping 10
    requests "$port" /no-such-service 1
done
requests "$admin" "/v1/docker-flow-proxy/reconfigure?serviceName=second&servicePath=/second&port=$admin" 1
requests "$admin" /v1/docker-flow-proxy/config 1
# SIGTERM: the proxy shuts down, then the JVM writes the cache (in a second JVM it starts, about 5-10 s).
kill "$pid"
status=0
wait "$pid" || status=$?
pid=""
[[ -s "$work/cache.aot" ]] || fail "the JVM wrote none (exit status $status)"
mv -f -- "$work/cache.aot" "$cache"
echo "aot-cache.sh: wrote $cache ($(( $(stat -c %s "$cache") / 1000000 )) MB) for $jar with $java" >&2
