#!/usr/bin/env bash
# Gateway overhead benchmark (docs/benchmarks.md). Builds the gateway jar and the test classes, then runs
# ai.rivano.gateway.bench.GatewayBenchmark with the test classpath. It starts an upstream stub (own JVM) and a real
# gateway through deploy/bin/rivano-gateway, drives both directly-vs-through-the-gateway in interleaved rounds, and
# prints a markdown report on stdout (also saved under target/bench/). Loopback only.
#
#   deploy/bench/run-benchmark.sh                      # defaults: 3 rounds x 4 s phases, ~2 min with the build
#   deploy/bench/run-benchmark.sh --rounds 5 --phase-seconds 10 --warmup-seconds 10   # the "quiet machine" run
#   deploy/bench/run-benchmark.sh --compare-guardrails # + a gateway with every guardrail off (issue-7 targets)
#   deploy/bench/run-benchmark.sh --help               # all options
#
# Soak run (docs/benchmarks.md, "Soak"): ai.rivano.gateway.bench.SoakRun instead. One gateway with the launcher's
# JVM flags; the capacity of a mixed load is measured (saturation, closed loop), then half of it is sent for
# --soak-minutes: JSON, streams, streams the client abandons, injected upstream faults (500, 429 + Retry-After,
# connection reset, stream cut) answered by failover or relayed, and one slowloris client. It reports RSS, heap after
# a full GC, open fds and upstream connections at start and end, every answer by kind, and the gateway's log lines
# that no injected fault explains; exit code 1 if anything grew more than 10 %, or any answer or log line was
# unexpected. About 13 minutes with the defaults; the report is saved as target/bench/soak-<timestamp>.md (kept also
# when it failed) and target/bench/last-soak.md.
#
#   deploy/bench/run-benchmark.sh --soak                    # 10 minutes at 50 % of measured capacity
#   deploy/bench/run-benchmark.sh --soak --soak-minutes 1   # a quick check while developing
#   deploy/bench/run-benchmark.sh --soak --help             # its options
#
# Environment: BENCH_SKIP_BUILD=1 reuses the last build; BENCH_MVN_FLAGS (e.g. -o) is passed to mvn;
# BENCH_JAVA_OPTS sets the load generator's JVM flags.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$repo"
out_dir="$repo/target/bench"

# shellcheck disable=SC2086
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ] || [ ! -f target/rivano-gateway.jar ] || [ ! -f "$out_dir/classpath.txt" ]; then
  echo "[bench] building (mvn -B -q -DskipTests test-compile package)…" >&2
  mvn -B -q ${BENCH_MVN_FLAGS:-} -DskipTests test-compile package >&2
  mkdir -p "$out_dir"
  mvn -B -q ${BENCH_MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile="$out_dir/classpath.txt" >&2
fi

cp="$repo/target/test-classes:$repo/target/classes:$(cat "$out_dir/classpath.txt")"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
main_class=ai.rivano.gateway.bench.GatewayBenchmark
kind=report
for arg in "$@"; do
  if [ "$arg" = "--soak" ]; then main_class=ai.rivano.gateway.bench.SoakRun; kind=soak; fi
done
report="$out_dir/$kind-$(date +%Y%m%d-%H%M%S).md"

set +e
# shellcheck disable=SC2086
"$java_bin" ${BENCH_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC} -cp "$cp" \
  "$main_class" --repo "$repo" "$@" | tee "$report"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -eq 0 ] && [ -s "$report" ]; then
  cp "$report" "$out_dir/last-$kind.md"
  echo "[bench] report saved to $report" >&2
else
  [ "$kind" = soak ] && [ -s "$report" ] || rm -f "$report"   # a failed soak's report is the evidence: kept
fi
exit "$rc"
