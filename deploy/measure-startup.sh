#!/usr/bin/env bash
# Measures the packaged jar: time from `java -jar` to all three services answering /health/live, and
# idle RSS after 30 s. Usage: deploy/measure-startup.sh [DATA_DIR] [JVM flags...]
# Build first: ./mvnw -q -pl modules/app -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR=${1:-$(mktemp -d)}
shift || true
FLAGS=("$@")
if [ ${#FLAGS[@]} -eq 0 ]; then
  FLAGS=(-XX:+UseSerialGC -Xss512k -Xms256m -Xmx256m -Xmn32m -XX:+ExitOnOutOfMemoryError)
fi
LOG="$DATA_DIR.log"
T0=$(date +%s%N)
OLYMPUS_DATA_DIR="$DATA_DIR" OLYMPUS_LOG_FORMAT=text java "${FLAGS[@]}" -jar modules/app/target/olympus.jar >"$LOG" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true' EXIT
until curl -sf localhost:8000/health/live >/dev/null && curl -sf localhost:8001/health/live >/dev/null \
    && curl -sf localhost:8002/health/live >/dev/null; do
  kill -0 $PID 2>/dev/null || { echo "olympus exited; see $LOG"; exit 1; }
  sleep 0.02
done
T1=$(date +%s%N)
echo "all three services listening after $(( (T1 - T0) / 1000000 )) ms"
sleep 30
echo "idle RSS after 30 s: $(( $(ps -o rss= -p $PID) / 1024 )) MB"
echo "jar size: $(( $(stat -c %s modules/app/target/olympus.jar) / 1024 / 1024 )) MB"
kill -TERM $PID
wait $PID && echo "exit status 0"
trap - EXIT
