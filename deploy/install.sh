#!/usr/bin/env bash
# Installs Rivano Gateway from a source checkout (or a built jar) onto this machine:
#
#   /opt/rivano/lib/rivano-gateway.jar      the gateway (one self-contained jar)
#   /opt/rivano/bin/rivano-gateway          the launcher script
#   /usr/local/bin/rivano-gateway  ->  ../../../opt/rivano/bin/rivano-gateway   (relative symlink)
#
# Usage:   sudo deploy/install.sh                     # builds target/rivano-gateway.jar first if missing
# Options (environment variables):
#   RIVANO_GATEWAY_JAR=path   install this jar instead of target/rivano-gateway.jar
#   RIVANO_HOME=/opt/rivano   where the jar and launcher go
#   PREFIX=/usr/local         the symlink goes to $PREFIX/bin/rivano-gateway
#   DESTDIR=                  staging root prepended to both (packaging, tests): DESTDIR=/tmp/x installs
#                             into /tmp/x/opt/rivano and /tmp/x/usr/local/bin
#   RIVANO_SYSTEMD=1          also install deploy/systemd/rivano-gateway.service into $DESTDIR/etc/systemd/system
#                             and create /etc/rivano (the unit's WorkingDirectory) if missing
# Java 17+ must be on the PATH (or JAVA_HOME set) when the gateway runs.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RIVANO_HOME="${RIVANO_HOME:-/opt/rivano}"
PREFIX="${PREFIX:-/usr/local}"
DESTDIR="${DESTDIR:-}"

jar="${RIVANO_GATEWAY_JAR:-$repo/target/rivano-gateway.jar}"
if [ ! -f "$jar" ]; then
  if [ -z "${RIVANO_GATEWAY_JAR:-}" ] && command -v mvn >/dev/null 2>&1; then
    echo "Building $jar…" >&2
    mvn -q -B -f "$repo/pom.xml" -DskipTests package >&2
  else
    echo "install.sh: $jar not found (build with 'mvn -B -DskipTests package' or set RIVANO_GATEWAY_JAR)" >&2
    exit 1
  fi
fi

home="$DESTDIR$RIVANO_HOME"
bindir="$DESTDIR$PREFIX/bin"
install -d -m 0755 "$home/lib" "$home/bin" "$bindir"
install -m 0644 "$jar" "$home/lib/rivano-gateway.jar"
install -m 0755 "$repo/deploy/bin/rivano-gateway" "$home/bin/rivano-gateway"
# Relative, so the link also resolves inside a DESTDIR staging tree; the launcher follows it to find ../lib.
link_target="$(realpath -m --relative-to="$PREFIX/bin" "$RIVANO_HOME/bin/rivano-gateway")"
ln -sfn "$link_target" "$bindir/rivano-gateway"

if [ "${RIVANO_SYSTEMD:-0}" = "1" ]; then
  install -d -m 0755 "$DESTDIR/etc/systemd/system" "$DESTDIR/etc/rivano"
  install -m 0644 "$repo/deploy/systemd/rivano-gateway.service" "$DESTDIR/etc/systemd/system/rivano-gateway.service"
  [ -f "$DESTDIR/etc/rivano/env" ] || install -m 0600 /dev/null "$DESTDIR/etc/rivano/env"
  echo "Installed the systemd unit. Next: useradd --system rivano; chown rivano /etc/rivano;" \
       "put rivano.yaml and env (OPENAI_API_KEY=…) in /etc/rivano; systemctl enable --now rivano-gateway" >&2
fi

echo "Installed rivano-gateway: $bindir/rivano-gateway -> $link_target ($home)"
