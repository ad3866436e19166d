#!/usr/bin/env bash
# The proxy with many services: what one reconfigure costs at N services, the memory they take, whether routing
# slows down, and how long a restart takes to serve them all again.
#
#   bench/scale.sh [--services 10000] [--window 1000] [--duration 10] [--connections 64] [--skip-env] [--skip-wrk]
#                  [--skip-api]
#
# 1. Starts an nginx backend (return 200 "hello") on a free 127.0.0.1 port, and the proxy from target/swarmgate.jar as
#    ./swarmgate does (java @jvm.options, MALLOC_ARENA_MAX=2; JAVA_OPTS are added after, so they win), with
#    STATE_DIR in a temporary directory, SWARM_DISCOVERY=off, logs at INFO (the default) to a file.
# 2. Creates s1 through the admin API, warms up with wrk, then measures routing to /s1/ (wrk -t1 -cC -dD): requests
#    a second (wall clock: noisy when other programs run) and the proxy's CPU time per request (utime+stime of the
#    process from /proc/<pid>/stat over the run: robust to them).
# 3. Creates s2..sN through the admin API, one keep-alive connection, one request after the other:
#    reconfigure?serviceName=s<i>&servicePath=/s<i>/&port=<backend>&outboundHostname=127.0.0.1. Reports the latency
#    of each (p50/p99/max) over the first and the last WINDOW of them, the RSS and the heap in use after.
# 4. Measures routing again, to /s1/ and to the route tried last (s9999 of 10,000: aclName order), as in 2.
# 5. Restart: stops the proxy (SIGTERM, by PID), starts it again on the same STATE_DIR, and times from the exec to
#    the first 200 of that last route and then of a sample of 100 other routes; RSS once all are served.
# 6. Unless --skip-env: the same N services as DFP_SERVICE_<n>_* variables of a new proxy (no STATE_DIR services):
#    time from the exec to the last route and the sample served, RSS, and routing as in 2. --skip-api leaves out 3-5
#    (10,000 reconfigures take minutes when each costs tens of milliseconds).
# The wrk runs (and, for a clean timing, the whole script) belong under the benchmark lock of a shared machine:
#   flock /tmp/i11/bench.lock bench/scale.sh
# JAR picks another jar (default target/swarmgate.jar). With ASYNC_PROFILER=<path of libasyncProfiler.so>, the last
# WINDOW reconfigures are profiled (PROFILE_EVENT: cpu, the default, wall for the wall clock of every thread, both
# sampled every 1 ms; or alloc, the bytes allocated) into PROFILE_DIR (default the current directory) as
# reconfigure.collapsed.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

services=10000 window=1000 duration=10 connections=64 skip_env=false skip_wrk=false skip_api=false
while [ $# -gt 0 ]; do
    case "$1" in
        --services) services="$2"; shift 2 ;;
        --window) window="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --skip-env) skip_env=true; shift ;;
        --skip-wrk) skip_wrk=true; shift ;;
        --skip-api) skip_api=true; shift ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

jar="${JAR:-target/swarmgate.jar}"
[ -f "$jar" ] || { echo "no $jar: ./mvnw -B -o -q package -DskipTests" >&2; exit 1; }
# The JDK the launcher would pick (JAVA_HOME if it is 25 or newer, else the newest under /usr/lib/jvm).
JAVA_HOME=$(source ./swarmgate && use_jdk && echo "$JAVA_HOME")
export JAVA_HOME
java="$JAVA_HOME/bin/java"
export PATH="$JAVA_HOME/bin:$PATH" # jcmd
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# The live heap: young and old generation in use right after a full collection (serial GC's GC.heap_info).
heap_used() {
    jcmd "$1" GC.run > /dev/null
    jcmd "$1" GC.heap_info | awk '/^ *(DefNew|Tenured) / { sub(/K,?$/, "", $5); kib += $5 } END { printf "%.1f MiB", kib / 1024 }'
}
# The heap's committed size (young and old generation, serial GC's GC.heap_info), before any collection.
heap_committed() {
    jcmd "$1" GC.heap_info | awk '/^ *(DefNew|Tenured) / { sub(/K,?$/, "", $3); kib += $3 } END { printf "%.1f MiB", kib / 1024 }'
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
cpu_seconds() { awk -v hz="$hz" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/scale-bench.XXXXXX")
profile_dir=$(readlink -f "${PROFILE_DIR:-.}")
backend_port=$(free_port) api_port=$(free_port) http_port=$(free_port)
proxy="" backend=""
cleanup() {
    if [ -n "$proxy" ]; then kill "$proxy" 2>/dev/null || true; wait "$proxy" 2>/dev/null || true; fi
    if [ -n "$backend" ]; then kill "$backend" 2>/dev/null || true; wait "$backend" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/nginx" "$work/state"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  access_log off;
  keepalive_requests 100000000;
  server { listen 127.0.0.1:$backend_port backlog=4096; location / { default_type text/plain; return 200 "hello"; } }
}
EOF
nginx -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
backend=$!

# Starts the proxy in the background as ./swarmgate would; extra environment as arguments (NAME=value ...).
# The environment goes to the JVM through Python's execve, as Docker hands it over: not through env(1) or bash's
# export, which take seconds with the 40,000 variables of 10,000 DFP_SERVICE_* services (env's putenv per variable:
# 2.5 s; bash: 6-12 s), nor as Python's arguments (2.4 s to take 40,000): the variables after the first argument,
# and those of the NUL-separated file $work/env when it exists. The PID stays the same; the time of the exec goes to
# $work/exec-ms, from which the start figures count.
start_proxy() {
    python3 -c 'import os, sys, time
env = dict(os.environ)
work = sys.argv[1]
end = sys.argv.index("--")
assignments = sys.argv[2:end]
if os.path.exists(work + "/env"):
    assignments += open(work + "/env").read().split("\0")[:-1]
for assignment in assignments:
    name, value = assignment.split("=", 1)
    env[name] = value
with open(work + "/exec-ms", "w") as stamp:
    stamp.write(str(time.time_ns() // 1000000))
os.execve(sys.argv[end + 1], sys.argv[end + 1:], env)' "$work" \
        MALLOC_ARENA_MAX=2 SWARM_DISCOVERY=off LISTEN_IP=127.0.0.1 IP=127.0.0.1 PORT="$api_port" \
        DEFAULT_PORTS="$http_port" "$@" -- \
        "$java" --enable-native-access=ALL-UNNAMED @jvm.options ${JAVA_OPTS:-} -jar "$jar" proxy \
        >> "$work/proxy.log" 2>&1 &
    proxy=$!
}
stop_proxy() {
    kill "$proxy"; wait "$proxy" 2>/dev/null || true; proxy=""
}
# Waits until every path given answers 200 through the proxy; prints nothing, fails after 120 s.
await_routes() {
    python3 - "$http_port" "$@" <<'EOF'
import http.client, sys, time
port, paths = int(sys.argv[1]), sys.argv[2:]
deadline = time.monotonic() + 120
for path in paths:
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path)
            if c.getresponse().status == 200:
                c.close()
                break
            c.close()
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit("not served within 120 s: " + path)
        time.sleep(0.005)
EOF
}
sample_paths() {
    local step=$((services / 100)) i
    [ "$step" -ge 1 ] || step=1
    for ((i = 1; i <= services; i += step)); do echo "/s$i/"; done
}
# Routing to one path: wrk's requests/s, and the proxy's CPU time per request.
measure_routing() {
    local label="$1" path="$2" t0 t1 out requests
    if [ "$skip_wrk" = true ]; then return; fi
    t0=$(ticks "$proxy")
    out=$(wrk -t1 -c"$connections" -d"${duration}s" "http://127.0.0.1:$http_port$path")
    t1=$(ticks "$proxy")
    requests=$(echo "$out" | awk '/requests in/ { print $1 }')
    echo "$out" | awk -v label="$label" -v t=$((t1 - t0)) -v hz="$hz" -v n="$requests" '
        /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
        END { printf "%s: %.0f req/s (wall clock), %.1f us of proxy CPU per request%s\n", label, rps, 1e6 * t / hz / n,
              bad ? ", NON-2xx: " bad : "" }'
}

# Rules are tried in aclName order (byte-wise), so the last service tried is not s<N>: s9999 of 10,000.
last=$(seq -f 's%g' 1 "$services" | LC_ALL=C sort | tail -1)
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$backend_port/" && break; sleep 0.1; done
start_proxy STATE_DIR="$work/state"
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$api_port/v1/docker-flow-proxy/ping" && break; sleep 0.1; done
echo "proxy pid $proxy, java $("$java" -version 2>&1 | head -1), options: $(grep -v '^#' jvm.options | tr '\n' ' ')${JAVA_OPTS:-}"
curl -fs -o /dev/null "http://127.0.0.1:$api_port/v1/docker-flow-proxy/reconfigure?serviceName=s1&servicePath=/s1/&port=$backend_port&outboundHostname=127.0.0.1"
await_routes /s1/
echo "RSS with 1 service: $(rss_mib "$proxy") MiB"
if [ "$skip_wrk" = false ]; then wrk -t1 -c"$connections" -d3s "http://127.0.0.1:$http_port/s1/" > /dev/null; fi
measure_routing "1 service, /s1/" /s1/

if [ "$skip_api" = false ]; then
python3 -u - "$api_port" "$backend_port" "$services" "$window" "$proxy" "$hz" "${ASYNC_PROFILER:-}" "$profile_dir" "${PROFILE_EVENT:-cpu}" <<'EOF'
import http.client, subprocess, sys, time
api, backend, n, window, pid, hz = (int(a) for a in sys.argv[1:7])
profiler, profile_dir, event = sys.argv[7:10]
def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / hz
def agent(command):
    subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", profiler, f'"{command}"'], check=True,
                   stdout=subprocess.DEVNULL)
conn = http.client.HTTPConnection("127.0.0.1", api, timeout=60)
latencies = []
started = time.monotonic()
last_window_from = max(2, n + 1 - window)
for i in range(2, n + 1):
    if i == last_window_from:
        cpu_before = cpu_seconds()
        if profiler:
            agent("start," + {"wall": "event=wall,threads,interval=1ms", "alloc": "event=alloc,total"}.get(
                event, "event=cpu,interval=1ms"))
    path = (f"/v1/docker-flow-proxy/reconfigure?serviceName=s{i}&servicePath=/s{i}/&port={backend}"
            f"&outboundHostname=127.0.0.1")
    t0 = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    latencies.append(time.perf_counter() - t0)
    if response.status != 200:
        sys.exit(f"s{i}: {response.status} {body[:200]!r}")
    if i % 1000 == 0:
        print(f"  {i} services, {time.monotonic() - started:.0f} s", file=sys.stderr)
cpu = cpu_seconds() - cpu_before
if profiler:
    agent(f"stop,collapsed,file={profile_dir}/reconfigure.collapsed")
    print(f"profile of the last {n + 1 - last_window_from}: {profile_dir}/reconfigure.collapsed")
total = time.monotonic() - started
def report(label, values):
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000
    print(f"reconfigure, {label}: p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {values[-1] * 1000:.1f} ms")
report(f"first {min(window, len(latencies))}", latencies[:window])
report(f"last {min(window, len(latencies))} (up to {n} services)", latencies[-window:])
print(f"{n - 1} reconfigures in {total:.1f} s; the last {n + 1 - last_window_from} took {1000 * cpu / (n + 1 - last_window_from):.2f}"
      " ms of proxy CPU each")
EOF
echo "RSS with $services services: $(rss_mib "$proxy") MiB, heap committed $(heap_committed "$proxy"), heap used $(heap_used "$proxy")"
echo "state file: $(stat -c %s "$work/state/services.json") bytes"
measure_routing "$services services, /s1/" /s1/
measure_routing "$services services, /$last/ (the last rule tried)" "/$last/"
echo "RSS after routing: $(rss_mib "$proxy") MiB"

stop_proxy
start_proxy STATE_DIR="$work/state"
await_routes "/$last/"
t1=$(now_ms)
t0=$(cat "$work/exec-ms")
await_routes $(sample_paths)
t2=$(now_ms)
echo "restart (STATE_DIR, $services API services): /$last/ served $((t1 - t0)) ms after exec, a sample of 100 by $((t2 - t0)) ms, $(cpu_seconds "$proxy") CPU-s; RSS $(rss_mib "$proxy") MiB, heap used $(heap_used "$proxy")"
stop_proxy

fi

if [ -n "$proxy" ]; then stop_proxy; fi
if [ "$skip_env" = false ]; then
    # Two megabytes of variables: raise the stack limit, of which the kernel allows a quarter for arguments.
    ulimit -s unlimited 2>/dev/null || ulimit -s 65536
    env_args=()
    for ((i = 1; i <= services; i++)); do
        env_args+=("DFP_SERVICE_${i}_SERVICE_NAME=s$i" "DFP_SERVICE_${i}_SERVICE_PATH=/s$i/"
            "DFP_SERVICE_${i}_PORT=$backend_port" "DFP_SERVICE_${i}_OUTBOUND_HOSTNAME=127.0.0.1")
    done
    mkdir -p "$work/state-env"
    printf '%s\0' "${env_args[@]}" > "$work/env"
    start_proxy STATE_DIR="$work/state-env"
    await_routes "/$last/"
    t1=$(now_ms)
    t0=$(cat "$work/exec-ms")
    rm "$work/env"
    await_routes $(sample_paths)
    t2=$(now_ms)
    echo "start with $services DFP_SERVICE_* services: /$last/ served $((t1 - t0)) ms after exec, a sample of 100 by $((t2 - t0)) ms, $(cpu_seconds "$proxy") CPU-s; RSS $(rss_mib "$proxy") MiB, heap used $(heap_used "$proxy")"
    if [ "$skip_wrk" = false ]; then wrk -t1 -c"$connections" -d3s "http://127.0.0.1:$http_port/s1/" > /dev/null; fi
    measure_routing "$services DFP_SERVICE_* services, /s1/" /s1/
    measure_routing "$services DFP_SERVICE_* services, /$last/ (the last rule tried)" "/$last/"
    stop_proxy
fi
grep -c ' ERROR \| WARN ' "$work/proxy.log" | sed 's/^/log lines at WARN or ERROR: /'
