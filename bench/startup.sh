#!/usr/bin/env bash
# Start and warm-up of the proxy, started as users start it (./swarmgate proxy, one DFP_SERVICE_* service routed to a
# local nginx backend this script starts and stops by PID):
#   start   wall-clock ms from the launcher's exec to the first 200 routed through the proxy (a fresh connection
#           every 5 ms), and the CPU ms the process used until then (robust to other programs on the machine)
#   warm-up (with --load) wrk -t1 -c64 for 2 s right after that first 200 ("first"), 10 s more unrecorded, then 2 s
#           again ("steady"): requests/s of each and the proxy's CPU µs per request; first/steady is the warm-up ratio
#   RSS     resident MB at the first 200, and after the load
# Usage: bench/startup.sh [--runs N] [--load] [--label TEXT] [--image IMAGE]   (run benchmarks under the shared lock:
#          flock /tmp/i11/bench.lock bench/startup.sh --runs 10 --load)
#   SWARMGATE_JAVA_OPTS, SWARMGATE_AOT_CACHE ... are passed on to ./swarmgate (docs/environment.md), e.g.
#   SWARMGATE_AOT_CACHE=off bench/startup.sh   to start without the AOT cache
#   --image IMAGE: `docker run --network host IMAGE` instead of ./swarmgate (the wall-clock time then includes the
#   container's creation; the CPU and RSS are the JVM's); JDK_JAVA_OPTIONS, if set, is passed on, e.g.
#   JDK_JAVA_OPTIONS='@/swarmgate.jvm.options -XX:AOTMode=off' bench/startup.sh --image swarmgate/swarmgate
#   SG_PORT (default 19470; the admin API on the next port), SG_BACKEND_PORT (default 19480)
# Prints one line per run and a min/median/max summary; needs nginx, wrk (with --load), python3.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

runs=5 load=0 image="" label="${SWARMGATE_AOT_CACHE:+SWARMGATE_AOT_CACHE=$SWARMGATE_AOT_CACHE}"
while (( $# )); do
    case "$1" in
        --runs) runs="${2:?}"; shift 2 ;;
        --load) load=1; shift ;;
        --label) label="${2:?}"; shift 2 ;;
        --image) image="${2:?}"; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--load] [--label TEXT] [--image IMAGE]" >&2; exit 2 ;;
    esac
done
port="${SG_PORT:-19470}"
backend_port="${SG_BACKEND_PORT:-19480}"
work="$(mktemp -d "${TMPDIR:-/tmp}/swarmgate-startup.XXXXXX")"
backend_pid="" proxy_pid="" launched="" container="swarmgate-startup-$$"
stop_proxy() {
    if [[ -n "$image" ]]; then docker stop -t 10 "$container" >/dev/null 2>&1 || true; fi
    kill "$launched" 2>/dev/null || true
    wait "$launched" 2>/dev/null || true
    launched=""
}
cleanup() {
    [[ -n "$launched" ]] && stop_proxy
    [[ -n "$backend_pid" ]] && kill "$backend_pid" 2>/dev/null && wait "$backend_pid" 2>/dev/null
    rm -rf -- "$work"
}
trap cleanup EXIT

# The backend: nginx answering "hello", as proxybench's.
mkdir -p "$work/ngx"
cat >"$work/backend.conf" <<EOF
worker_processes 1;
pid $work/backend.pid;
error_log $work/backend-error.log warn;
events { worker_connections 4096; }
http {
  client_body_temp_path $work/ngx/body; proxy_temp_path $work/ngx/proxy; fastcgi_temp_path $work/ngx/fastcgi;
  uwsgi_temp_path $work/ngx/uwsgi; scgi_temp_path $work/ngx/scgi;
  access_log off;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$backend_port backlog=4096;
    location / { default_type text/plain; return 200 "hello"; }
  }
}
EOF
nginx -e "$work/backend-error.log" -c "$work/backend.conf" -g 'daemon off;' &
backend_pid=$!

# The proxy's settings, as bench/swarmgate-candidate.sh sets them.
export DEFAULT_PORTS="$port" PORT="$((port + 1))" IP=127.0.0.1 LISTEN_IP=127.0.0.1 SWARMGATE_LOG_LEVEL=WARN
export SWARM_DISCOVERY=off DFP_SERVICE_SERVICE_NAME=bench DFP_SERVICE_SERVICE_PATH=/ DFP_SERVICE_PORT="$backend_port"
export DFP_SERVICE_OUTBOUND_HOSTNAME=127.0.0.1

# Waits for the first 200 on 127.0.0.1:<port>, a new connection every 5 ms; prints the epoch ms it came at.
first_200() {
    python3 - "$1" <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 60
while time.time() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            if s.recv(64).startswith(b"HTTP/1.1 200"):
                print(f"{time.time() * 1000:.1f}")
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.005)
sys.exit("no 200 within 60 s")
EOF
}

# CPU ms (user + system) the process used so far.
cpu_ms() {
    local stat
    read -r -a stat <"/proc/$1/stat"
    echo $(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) ))
}

# Resident MB of the process.
rss_mb() {
    awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# wrk for <seconds>; prints "<requests/s> <proxy CPU µs per request>".
load() {
    local before after out
    before="$(cpu_ms "$proxy_pid")"
    out="$(wrk -t1 -c64 -d"$1"s "http://127.0.0.1:$port/")"
    after="$(cpu_ms "$proxy_pid")"
    awk -v cpu="$((after - before))" '/^Requests\/sec/ { rps = $2 } /requests in/ { n = $1 }
        END { printf "%.0f %.1f\n", rps, cpu * 1000 / n }' <<<"$out"
}

for _ in $(seq 50); do [[ -f "$work/backend.pid" ]] && break; sleep 0.1; done
[[ -n "$image" ]] || ./swarmgate --version >/dev/null  # builds the jar now if needed, so that no run times a build

echo "# bench/startup.sh ${label:-(launcher defaults)}: $runs runs$( (( load )) && echo ', with load' ), $(nproc) cores"
results="$work/results"
for run in $(seq "$runs"); do
    export STATE_DIR="$work/state-$run"
    start="${EPOCHREALTIME/./}"
    if [[ -n "$image" ]]; then
        docker run --rm --name "$container" --network host -e DEFAULT_PORTS -e PORT -e IP -e LISTEN_IP \
            -e SWARMGATE_LOG_LEVEL -e SWARM_DISCOVERY -e DFP_SERVICE_SERVICE_NAME -e DFP_SERVICE_SERVICE_PATH \
            -e DFP_SERVICE_PORT -e DFP_SERVICE_OUTBOUND_HOSTNAME ${JDK_JAVA_OPTIONS:+-e JDK_JAVA_OPTIONS} \
            "$image" proxy >"$work/proxy-$run.log" 2>&1 &
    else
        ./swarmgate proxy >"$work/proxy-$run.log" 2>&1 &
    fi
    launched=$!
    served="$(first_200 "$port")" || { cat "$work/proxy-$run.log" >&2; exit 1; }
    proxy_pid="$launched"
    [[ -z "$image" ]] || proxy_pid="$(docker inspect -f '{{.State.Pid}}' "$container")"
    cpu="$(cpu_ms "$proxy_pid")"
    rss="$(rss_mb "$proxy_pid")"
    start_ms="$(awk -v s="$start" -v f="$served" 'BEGIN { printf "%.0f", f - s / 1000 }')"
    line="$start_ms $cpu $rss"
    if (( load )); then
        first="$(load 2)"
        load 10 >/dev/null
        steady="$(load 2)"
        line="$line $first $steady $(rss_mb "$proxy_pid")"
    fi
    echo "$line" >>"$results"
    printf 'run %2d: first 200 after %5d ms (%4d CPU ms, %3d MB)' "$run" "$start_ms" "$cpu" "$rss"
    if (( load )); then
        awk '{ printf ", first 2 s %6d req/s (%5.1f CPU µs/req), steady %6d req/s (%5.1f), ratio %.2f, %3d MB",
            $4, $5, $6, $7, $4 / $6, $8 }' <<<"$line"
    fi
    echo
    stop_proxy
    if grep -q 'WARN\|ERROR' "$work/proxy-$run.log"; then echo "  its log:"; sed 's/^/  /' "$work/proxy-$run.log"; fi
done

# min / median / max of each column.
summary() {  # column name
    sort -n -k"$1","$1" "$results" | awk -v c="$1" -v name="$2" '{ v[NR] = $c }
        END { printf "%-32s min %8.2f  median %8.2f  max %8.2f\n", name, v[1], v[int((NR + 1) / 2)], v[NR] }'
}
summary 1 "first 200 (ms)"
summary 2 "CPU until the first 200 (ms)"
summary 3 "RSS at the first 200 (MB)"
if (( load )); then
    summary 4 "first 2 s (req/s)"
    summary 6 "steady 2 s (req/s)"
    awk '{ print $4 / $6 }' "$results" >"$work/ratio"
    sort -n "$work/ratio" | awk '{ v[NR] = $1 } END { printf "%-32s min %8.2f  median %8.2f  max %8.2f\n",
        "first 2 s / steady (req/s)", v[1], v[int((NR + 1) / 2)], v[NR] }'
    summary 5 "first 2 s (CPU µs/req)"
    summary 7 "steady 2 s (CPU µs/req)"
    summary 8 "RSS after the load (MB)"
fi
