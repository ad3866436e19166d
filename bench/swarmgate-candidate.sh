#!/usr/bin/env bash
# Starts Swarmgate as proxybench's candidate: routes every request to proxybench's HTTP backend (127.0.0.1:18080)
# through a static DFP_SERVICE_* service, listening on 127.0.0.1:${SG_PORT:-19100} (admin API on the next port).
# IO_THREADS, if set, is passed on (default: one event loop per CPU).
# With proxybench's TLS scenarios (it sets PROXYBENCH_TLS_DIR, a directory holding only its combined PEM), port
# ${SG_HTTPS_PORT:-19102} also listens, as DEFAULT_PORTS' "<port>:ssl", with that directory as CERTS_DIR.
#   ../shared/bench/proxybench --candidate http=127.0.0.1:19100 --candidate-cmd bench/swarmgate-candidate.sh
#   ../shared/bench/proxybench --scenarios tls --candidate https=127.0.0.1:19102 --candidate-cmd bench/swarmgate-candidate.sh
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."
port="${SG_PORT:-19100}"
state="$(mktemp -d "${TMPDIR:-/tmp}/swarmgate-bench.XXXXXX")"
export DEFAULT_PORTS="$port" PORT="$((port + 1))" IP=127.0.0.1 LISTEN_IP=127.0.0.1 STATE_DIR="$state"
if [ -n "${PROXYBENCH_TLS_DIR:-}" ]; then
    export DEFAULT_PORTS="$port,${SG_HTTPS_PORT:-19102}:ssl" CERTS_DIR="$PROXYBENCH_TLS_DIR"
fi
export SWARMGATE_LOG_LEVEL=WARN
export SWARM_DISCOVERY="${SWARM_DISCOVERY:-off}"  # the bench box may run dockerd; measure the data plane alone
export DFP_SERVICE_SERVICE_NAME=bench DFP_SERVICE_SERVICE_PATH=/ DFP_SERVICE_PORT="${SG_BACKEND_PORT:-18080}"
export DFP_SERVICE_OUTBOUND_HOSTNAME=127.0.0.1
exec ./swarmgate proxy
