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

exec java ${BENCH_GENERATOR_JVM_FLAGS:-} -jar modules/bench/target/olympus-bench.jar
