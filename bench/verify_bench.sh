#!/usr/bin/env bash
# Verification load test (issue 7): N generated certificates in SQLite (10
# million by default), one Release server, wrk at 64 connections on the
# verify route with random genuine numbers and names, and on /healthz of the
# same server in the same run. Prints both rps, verify p50/p99 and the ratio
# verify/healthz (the goal: ≥ 0.6 with p99 ≤ 5 ms).
#
#   bench/verify_bench.sh [ROWS] [SECONDS]
#
# The seeded data directory is kept in build/bench-verify-ROWS and reused
# (ZXKH_BENCH_DATA=DIR puts it elsewhere). ZXKH_BENCH_BUILD=DIR uses that
# build tree; ZXKH_BENCH_BIN=PATH serves with another zxkh binary (to
# compare two versions on the same data).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10000000}
SECS=${2:-20}
BUILD=${ZXKH_BENCH_BUILD:-build/rel}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target zxkh certificate_verify_bench >/dev/null
DATA=${ZXKH_BENCH_DATA:-build/bench-verify-$ROWS}
ZXKH=${ZXKH_BENCH_BIN:-$BUILD/src/zxkh}
if [ ! -f "$DATA/pairs.txt" ]; then
  rm -rf "$DATA"; mkdir -p "$DATA"; chmod 700 "$DATA"
  "$BUILD/bench/certificate_verify_bench" --data "$DATA" --rows "$ROWS" --pairs "$DATA/pairs.txt.tmp"
  mv "$DATA/pairs.txt.tmp" "$DATA/pairs.txt"
fi
PORT_FILE=$(mktemp)
"$ZXKH" serve --data "$DATA" --port 0 --port-file "$PORT_FILE" --address 127.0.0.1 \
  --rate-limits off ${ZXKH_BENCH_SERVER_ARGS:-} > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$PORT_FILE"' EXIT
for _ in $(seq 100); do [ -s "$PORT_FILE" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$(cat "$PORT_FILE")
curl -fsS "$URL/healthz" >/dev/null
# Warm the page cache and the prepared statements.
ZXKH_PAIRS="$DATA/pairs.txt" wrk -t2 -c64 -d3s -s bench/verify.lua "$URL" >/dev/null
verify=$(ZXKH_PAIRS="$DATA/pairs.txt" wrk -t2 -c64 -d"${SECS}s" -s bench/verify.lua "$URL" | grep '^rps=')
health=$(wrk -t2 -c64 -d"${SECS}s" --latency "$URL/healthz" | awk '/Requests\/sec/ {print $2}')
echo "verify:  $verify"
echo "healthz: rps=$health"
python3 - "$verify" "$health" <<'PY'
import sys
v = dict(kv.split("=") for kv in sys.argv[1].split())
ratio = float(v["rps"]) / float(sys.argv[2])
print(f"ratio verify/healthz = {ratio:.2f} (goal ≥ 0.6), verify p99 = {v['p99_ms']} ms (goal ≤ 5)")
PY
