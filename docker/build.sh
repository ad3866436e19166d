#!/usr/bin/env bash
# Builds the Swarmgate image from this checkout, nothing pulled: the jar (when missing or older than the sources,
# with the JDK ./swarmgate finds), the build context (docker/build-context.sh), then docker build. Tags
# swarmgate/swarmgate:<version> (the jar's) and swarmgate/swarmgate:latest, the image docker/stack.yml runs.
# Usage: docker/build.sh            (from anywhere; docker/README.md describes the image)
#   JAVA_HOME     tried first, as ./swarmgate does
#   IMAGE         repository to tag (default swarmgate/swarmgate)
set -euo pipefail

docker_dir="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd)"
# The launcher's JDK lookup and jar build (use_jdk, ensure_jar, $jar, $here); sourcing it runs nothing.
# shellcheck source=../swarmgate
source "$docker_dir/../swarmgate"
image="${IMAGE:-swarmgate/swarmgate}"

fail() {
    echo "docker/build.sh: $*" >&2
    exit 1
}

command -v docker >/dev/null 2>&1 \
    || fail "no docker command: install Docker (Debian/Ubuntu: apt-get install docker.io), then run this again."
docker info >/dev/null 2>&1 \
    || fail "docker cannot reach its engine (docker info failed: is dockerd running, and may this user use" \
            "/var/run/docker.sock?). Start it or run as a member of the docker group."

use_jdk
ensure_jar
version="$("$JAVA_HOME/bin/java" -jar "$jar" --version 2>/dev/null)" \
    || fail "$jar does not run with $JAVA_HOME (java -jar $jar --version failed); rebuild it: rm $jar and run again."
version="${version#swarmgate }"
[[ "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] \
    || fail "the jar reports version '$version', which is not a valid image tag."

context="$here/target/image"
echo "docker/build.sh: writing the build context in $context (jlink of the modules the jar uses) ..." >&2
JAVA_HOME="$JAVA_HOME" "$docker_dir/build-context.sh" "$jar" "$context" \
    || fail "docker/build-context.sh failed (its message is above)."
echo "docker/build.sh: docker build -t $image:$version -t $image:latest ..." >&2
docker build --quiet -f "$docker_dir/Dockerfile" -t "$image:$version" -t "$image:latest" "$context" >/dev/null \
    || fail "docker build failed (its message is above)."
echo "docker/build.sh: built $image:$version and $image:latest" \
    "($(docker image inspect --format '{{.Size}}' "$image:latest" | awk '{ printf "%.0f MB", $1 / 1e6 }'))."
echo "Next: DOCKER_GID=\$(stat -c %g /var/run/docker.sock) docker stack deploy -c docker/stack.yml proxy   (README.md, \"Run on Docker Swarm\")"
