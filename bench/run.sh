#!/usr/bin/env bash
# One command for the in-repo benchmark: builds the Olympus jar and the bench harness, then runs every
# scenario against 127.0.0.1 and writes bench/results/<timestamp>.md. Settings: BENCH_* variables
# (see bench/README.md). Needs pgbench for the SQL ceiling (installed here with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pgbench >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q postgresql-client >/dev/null || echo "pgbench could not be installed: its ceiling is reported as not available"
  else
    echo "pgbench not found (apt-get install postgresql-client): its ceiling is reported as not available"
  fi
fi

if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  ${MVN:-./mvnw} -q -Pbench -pl modules/app,modules/bench -am package -DskipTests
fi

# Linux session autogroups share the CPU between sessions before nice values count, and the embedded PostgreSQL
# runs in a session of its own (pg_ctl calls setsid): the hashing threads' nice then no longer yields the CPU to
# PostgreSQL, whose round trips stretch to tens of milliseconds during a login flood. The bench turns autogroups
# off for its run (root only; BENCH_KEEP_AUTOGROUP=1 keeps the machine's setting) and restores the setting after.
AUTOGROUP=/proc/sys/kernel/sched_autogroup_enabled
if [ "${BENCH_KEEP_AUTOGROUP:-}" != "1" ] && [ -w "$AUTOGROUP" ] && [ "$(cat "$AUTOGROUP")" = "1" ]; then
  echo 0 > "$AUTOGROUP"
  trap 'echo 1 > "$AUTOGROUP"' EXIT
fi
BENCH_AUTOGROUP="$(cat "$AUTOGROUP" 2>/dev/null || echo n/a)"
export BENCH_AUTOGROUP

java ${BENCH_GENERATOR_JVM_FLAGS:-} -jar modules/bench/target/olympus-bench.jar
