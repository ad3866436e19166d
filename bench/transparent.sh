#!/usr/bin/env bash
# What transparent proxying costs per HTTP request, against the same backend reached plainly, in the namespace
# topology TransparentProxyIT uses (client ── proxy ── backend, the backend's default route through the proxy).
#
#   bench/transparent.sh [--requests 20000] [--connections 16]
#
# 1. Creates three network namespaces (sgtpb-c/p/b-<random>), veth pairs, and the backend's default route via the
#    proxy; nginx in the backend namespace answers `peer=$remote_addr:$remote_port` without an access log.
# 2. Starts target/swarmgate.jar in the proxy namespace (java @jvm.options, MALLOC_ARENA_MAX=2, TRANSPARENT_SETUP=true,
#    IO_THREADS=1 so one core serves it) and creates three routes to the same nginx: /plain/ (from the proxy's
#    address), /web/ (transparent=true: pooled per client IP), /port/ (transparentPort=true: never pooled, one backend
#    connection per request).
# 3. h2load --h1 (keep-alive client connections) from the client namespace: a warm-up of every route (twice, half the
#    requests each), then two measured rounds of the three routes in turn; prints requests/s, the mean and the max
#    request time, and the proxy's CPU time per request (utime+stime of the process from /proc/<pid>/stat over the
#    run: robust to other programs).
# Wall-clock figures are noisy on a shared machine: compare the routes of one run (ratios), and hold the lock:
#   flock /tmp/sg/bench.lock bench/transparent.sh
# Needs root (ip netns), nginx, h2load (nghttp2-client), iptables. Everything it created is removed on exit.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

REQUESTS=20000
CONNECTIONS=16
while [[ $# -gt 0 ]]; do
    case "$1" in
        --requests) REQUESTS="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        *) echo "unknown option $1; use --requests N --connections C" >&2; exit 2 ;;
    esac
done
JAR="${JAR:-target/swarmgate.jar}"
[[ -f "$JAR" ]] || { echo "$JAR is missing: run ./mvnw -B -q -DskipTests package" >&2; exit 1; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

suffix=$(printf '%04x' $((RANDOM % 65536)))
C="sgtpb-c-$suffix"; P="sgtpb-p-$suffix"; B="sgtpb-b-$suffix"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    for ns in "$C" "$P" "$B"; do
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

for ns in "$C" "$P" "$B"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
done
ip link add "c$suffix" netns "$C" type veth peer name "pc$suffix" netns "$P"
ip link add "b$suffix" netns "$B" type veth peer name "pb$suffix" netns "$P"
ip -n "$C" addr add 10.231.1.2/24 dev "c$suffix"; ip -n "$C" link set "c$suffix" up
ip -n "$P" addr add 10.231.1.1/24 dev "pc$suffix"; ip -n "$P" link set "pc$suffix" up
ip -n "$P" addr add 10.231.2.1/24 dev "pb$suffix"; ip -n "$P" link set "pb$suffix" up
ip -n "$B" addr add 10.231.2.2/24 dev "b$suffix"; ip -n "$B" link set "b$suffix" up
ip -n "$C" route add default via 10.231.1.1
ip -n "$B" route add default via 10.231.2.1

mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
user root;
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    access_log off;
    keepalive_requests 100000;
    server {
        listen 10.231.2.2:8080;
        location / { return 200 "peer=\$remote_addr:\$remote_port\n"; }
    }
}
EOF
ip netns exec "$B" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

mkdir -p "$work/state/secrets"
ip netns exec "$P" env -i PATH="$PATH" MALLOC_ARENA_MAX=2 TRANSPARENT_SETUP=true IO_THREADS=1 LISTEN_IP=0.0.0.0 \
    IP=127.0.0.1 PORT=8080 DEFAULT_PORTS=80 SWARM_DISCOVERY=off STATE_DIR="$work/state" \
    SECRETS_DIR="$work/state/secrets" \
    "$JAVA" --enable-native-access=ALL-UNNAMED @jvm.options -jar "$JAR" proxy > "$work/proxy.log" 2>&1 &
proxy=$!
pids+=("$proxy")
for _ in $(seq 1 600); do
    ip netns exec "$P" curl -s -o /dev/null http://127.0.0.1:8080/v1/docker-flow-proxy/ping && break
    kill -0 "$proxy" 2>/dev/null || { echo "the proxy exited:" >&2; cat "$work/proxy.log" >&2; exit 1; }
    sleep 0.1
done
admin() {
    ip netns exec "$P" curl -sf -o /dev/null "http://127.0.0.1:8080/v1/docker-flow-proxy/reconfigure?$1&port=8080&outboundHostname=10.231.2.2"
}
admin "serviceName=plain&servicePath=/plain"
admin "serviceName=web&servicePath=/web&transparent=true"
admin "serviceName=port&servicePath=/port&transparent=true&transparentPort=true"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$proxy/stat"; }
hz=$(getconf CLK_TCK)
# Warm up every route first (the JIT compiles the shared paths with the first one), then two rounds in turn.
for route in plain web port plain web port; do
    ip netns exec "$C" h2load --h1 -n $((REQUESTS / 2)) -c "$CONNECTIONS" "http://10.231.1.1/$route/" > /dev/null
done
printf '%-8s %12s %10s %10s %14s\n' route 'req/s' 'mean' 'max' 'proxy CPU/req'
for route in plain web port plain web port; do
    url="http://10.231.1.1/$route/"
    before=$(cpu_ticks)
    out=$(ip netns exec "$C" h2load --h1 -n "$REQUESTS" -c "$CONNECTIONS" "$url")
    after=$(cpu_ticks)
    ok=$(sed -n 's/.*requests: .* \([0-9]*\) succeeded.*/\1/p' <<<"$out")
    [[ "$ok" == "$REQUESTS" ]] || { echo "$route: not every request succeeded:" >&2; echo "$out" >&2; exit 1; }
    rps=$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out")
    read -r mean max < <(awk '/^time for request:/ {print $6, $5}' <<<"$out")
    us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$REQUESTS" 'BEGIN {printf "%.1f us", t / hz / n * 1e6}')
    printf '%-8s %12s %10s %10s %14s\n' "$route" "$rps" "$mean" "$max" "$us"
done
