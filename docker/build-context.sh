#!/usr/bin/env bash
# Writes the build context of the Swarmgate image (docker/Dockerfile builds it FROM scratch): rootfs/ holds a
# jlink'ed Java runtime with only the modules the jar uses and the host's shared libraries that runtime links
# against; swarmgate.jar sits beside it so that it is a layer of its own (a new jar reuses the runtime layer).
# Nothing is downloaded, so it works where no registry can be reached.
#
# Usage: docker/build-context.sh <swarmgate.jar> <context-dir>
#   JAVA_HOME  the JDK 25+ whose jdeps and jlink build the runtime (default /usr/lib/jvm/temurin-25-jdk-amd64)
# docker/build.sh does all of it (the jar, this script, docker build); by hand:
#   docker build -f docker/Dockerfile -t swarmgate/swarmgate:latest <context-dir>
set -euo pipefail

if (( $# != 2 )); then
    echo "usage: $0 <swarmgate.jar> <context-dir>" >&2
    exit 2
fi
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[[ -f "$1" ]] || { echo "$0: no jar at $1: build it with ./mvnw -B package -DskipTests (or run docker/build.sh)" >&2; exit 1; }
[[ -x "$jdk/bin/jlink" ]] || { echo "$0: no jlink in JAVA_HOME=$jdk: point JAVA_HOME at a JDK 25+" >&2; exit 1; }
jar="$(readlink -f -- "$1")"
mkdir -p -- "$2"
# Absolute: ldd prints absolute paths, and the libraries of the runtime written here must be told from the host's by
# that prefix (a relative one matched none, so they were copied again under rootfs/<this path>/...).
context="$(cd -- "$2" && pwd)"
out="$context/rootfs"
# The directories the proxy writes, owned by its user in the image (the Dockerfile copies them with --chown).
writable="$context/writable"

# Only what this script writes is replaced, so a mistaken <context-dir> loses nothing else.
rm -rf -- "$out" "$writable" "$context/swarmgate.jar" "$context/swarmgate.jvm.options" "$context/swarmgate.aot"
mkdir -p -- "$out" "$writable"

# jdeps names what the shaded jar's classes (ours and the libraries') reference.
modules="$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps "$jar")"
# The class data sharing archive of the runtime's classes makes every JVM start about a quarter faster: the proxy's
# (a restarted task answers sooner) and the health check's, which starts a JVM every 30 s (measured: docker exec of
# `swarmgate health` 0.50 s -> 0.39 s). Only the archive for compressed references is kept (heaps under 32 GB; a
# larger heap starts without sharing): the other would add 14 MB for a setting the image never uses.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
    --output "$out/opt/java" >/dev/null
rm -f -- "$out/opt/java/lib/server/classes_nocoops.jsa"
cp -- "$jar" "$context/swarmgate.jar"
# The JVM's memory defaults, the file ./swarmgate uses too (the Dockerfile points JDK_JAVA_OPTIONS at it).
project="$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."
cp -- "$project/jvm.options" "$context/swarmgate.jvm.options"
# The JDK's AOT cache for this jar and this runtime (the one the build writes fits the JDK that built it, not the
# runtime jlink just made): a training run of the proxy with the runtime, here on the host. The image's java at
# /opt/java reads it at /swarmgate.aot: the JVM finds the jar there by its name, size and time, which COPY keeps.
"$project/aot-cache.sh" "$out/opt/java/bin/java" "$context/swarmgate.jar" "$context/swarmgate.aot"

# Shared libraries: what the launcher, the JVM, the runtime's native libraries and Netty's epoll library link
# against. The desktop natives that need X11 or ALSA are left out: the proxy is headless and never loads them.
native_tmp="$(mktemp -d)"
trap 'rm -rf -- "$native_tmp"' EXIT
(cd "$native_tmp" && "$jdk/bin/jar" xf "$jar" META-INF/native)
mapfile -t objects < <(find "$out/opt/java" "$native_tmp" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    ! -name 'libawt_xawt.so' ! -name 'libjawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so')
# glibc loads libgcc_s for thread unwinding. awk reads to the end: an early exit could close the pipe while ldconfig
# still writes, and under pipefail its SIGPIPE would stop this script without a word (1 build in 80 under load).
libgcc="$(ldconfig -p | awk '$1 == "libgcc_s.so.1" && /x86-64/ && !found { print $NF; found = 1 }')"
mapfile -t libs < <({ ldd "${objects[@]}" 2>/dev/null || true; echo "$libgcc"; } \
    | awk -v out="$out" -v tmp="$native_tmp" '{ for (i = 1; i <= NF; i++) if ($i ~ /^\// && $i !~ /:$/ \
        && index($i, out) != 1 && index($i, tmp) != 1) print $i }' | sort -u)
for lib in "${libs[@]}"; do
    mkdir -p -- "$out$(dirname -- "$lib")"
    cp -L -- "$lib" "$out$lib"
done

# What the JVM and glibc read from /etc (Docker mounts hosts, hostname and resolv.conf over the image's own), the
# user the proxy runs as (uid and gid 10001, home /var/lib/swarmgate for user.home) and a writable /tmp for Netty's
# native libraries (epoll, BoringSSL).
mkdir -p -- "$out/etc" "$out/root" "$out/tmp" "$out/var/lib"
chmod 1777 "$out/tmp"
printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' \
    'swarmgate:x:10001:10001:swarmgate:/var/lib/swarmgate:/sbin/nologin' > "$out/etc/passwd"
printf '%s\n' 'root:x:0:' 'swarmgate:x:10001:' > "$out/etc/group"
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
# STATE_DIR's default, and /certs, where TLS certificates are read and uploaded ones written (CERTS_DIR's default,
# as in DFP): written by the proxy's user, so a named volume mounted there (which copies the image's directory
# on first use) is writable too.
mkdir -p -- "$writable/state" "$writable/certs"
