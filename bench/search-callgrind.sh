#!/usr/bin/env bash
# PostgreSQL instructions per search, repeatable on a shared machine (bench/README.md, "Uncached search").
# usage: bench/search-callgrind.sh STATEMENTS.sql DATADIR TENANT_ID
#   STATEMENTS.sql: a script SearchBenchmark writes to modules/commerce/target/search-statements/ (runtime role,
#                   tenant, PREPAREs, then the EXECUTEs of one search after an @REPEAT@ line);
#   DATADIR:        a stopped PostgreSQL data directory holding that catalogue (database "olympus");
#   TENANT_ID:      replaces @TENANT@ in the script (the benchmark writes its own tenant id: pass that one).
# Runs the single-user server under callgrind with the search repeated 10 and 15 times and prints
# (instructions of 15 - instructions of 10) / 5: one search's work once its plan is cached, without start-up.
# POSTGRES_BIN: the server binary (default: the embedded PostgreSQL the tests unpack); as root it runs as POSTGRES_USER.
set -euo pipefail
script=$1 data=$2 tenant=$3
bin=${POSTGRES_BIN:-$(ls -d /tmp/embedded-pg/PG-*/bin 2>/dev/null | head -1)/postgres}
user=${POSTGRES_USER:-postgres}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"
count() {
  local n=$1
  { sed -n '1,/^@REPEAT@$/p' "$script" | sed '$d'
    for _ in $(seq "$n"); do sed -n '/^@REPEAT@$/,$p' "$script" | sed '1d'; done
  } | sed "s/@TENANT@/$tenant/g" > "$work/in.$n"
  local run="valgrind --tool=callgrind --callgrind-out-file=$work/out.$n $bin --single -j -D $data olympus < $work/in.$n > $work/log.$n 2>&1"
  if [ "$(id -u)" = "0" ]; then su "$user" -c "$run"; else sh -c "$run"; fi
  grep -E '^(summary|totals):' "$work/out.$n" | head -1 | awk '{print $2}'
}
a=$(count 10)
b=$(count 15)
echo "$(basename "$script") $(( (b - a) / 5 ))"
