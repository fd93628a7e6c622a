#!/usr/bin/env bash
# Load benchmark of `roomz-hook listen` (signature verification, event validation, the
# SQLite event store and NDJSON output to a file) against a bare hyper server that reads
# the body and answers 200, with the same wrk load in the same run.
# Prints requests/s of both and the ratio, p99 latency at 64 connections, and the peak
# resident memory of the listener at 256 connections.
# Usage: bench/listen.sh [SECONDS]   (installs wrk with apt-get if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
events_count=300000

command -v wrk >/dev/null || { echo "installing wrk..." >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet --features bench-sink
bin=$PWD/target/release/roomz-hook
sink=$PWD/target/release/roomz-bench-sink

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
secret=whsec_bench_secret
printf '%s' "$secret" > "$work/secret"
export ROOMZ_HOOK_CONFIG="$work/config.toml" EVENTS="$work/events.tsv"

python3 - "$secret" "$events_count" "$EVENTS" <<'PY'
import base64, hashlib, hmac, sys, uuid
secret, count, path = sys.argv[1].encode(), int(sys.argv[2]), sys.argv[3]
with open(path, "w") as out:
    for i in range(count):
        body = ('{"id":"%s","type":"workspace.presence.changed","timestamp":"2026-11-28T10:00:00.000Z",'
                '"apiVersion":"1.0","data":{"workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876",'
                '"presenceStatus":"%s"}}') % (uuid.uuid4(), "Busy" if i % 2 else "Free")
        sig = base64.b64encode(hmac.new(secret, body.encode(), hashlib.sha512).digest()).decode()
        out.write(sig + "\t" + body + "\n")
PY

# Starts a server in the background; sets $url from its first stdout line.
start() {
  local out=$1; shift
  "$@" > "$out" 2> "$out.err" &
  pids+=($!)
  pid=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://[0-9.:]*' "$out" "$out.err" 2>/dev/null | head -1 | sed 's/^[^:]*://' || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "server did not start: $(cat "$out.err")" >&2; exit 1
}

# Runs wrk; prints "RPS P99_MS".
load() {
  local conns=$1 target=$2
  wrk -t2 -c"$conns" -d"${seconds}s" --latency -s bench/listen.lua "$target" > "$work/wrk.txt"
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M).groups()
p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors:
    sys.stderr.write("warning: %s non-2xx answers\n" % errors.group(1))
print(rps, p99)
PY
}

start "$work/sink.out" "$sink" 0
read -r sink_rps sink_p99 < <(load 64 "$url/webhook")
kill "$pid"

start "$work/listen.ndjson" "$bin" listen --port 0 --json --no-save \
  --secret-file "$work/secret" --store "$work/events.db"
listen_pid=$pid
read -r listen_rps listen_p99 < <(load 64 "${url}/webhook")
read -r _ _ < <(load 256 "${url}/webhook")
peak_kib=$(awk '/VmHWM/ {print $2}' "/proc/$listen_pid/status")
kill -TERM "$listen_pid"; wait "$listen_pid" 2>/dev/null || true
lines=$(grep -c '"event_id"' "$work/listen.ndjson" || true)
rows=$("$bin" events list --store "$work/events.db" --limit 1 --json | python3 -c 'import json,sys; e=json.load(sys.stdin)["events"]; print(e[0]["seq"] if e else 0)')

python3 - <<PY
sink, listen = $sink_rps, $listen_rps
print(f"bare hyper sink   : {sink:10.0f} req/s   p99 {$sink_p99:.2f} ms   (64 connections)")
print(f"roomz-hook listen : {listen:10.0f} req/s   p99 {$listen_p99:.2f} ms   (64 connections)")
print(f"ratio listen/sink : {listen / sink:.2f}   (target >= 0.70)")
print(f"p99 at 64 conns   : {$listen_p99:.2f} ms   (target <= 10 ms)")
print(f"peak RSS, 256 conn: {$peak_kib / 1024:.1f} MiB   (target <= 32 MiB)")
print(f"stored rows       : {$rows}   NDJSON lines: {$lines}")
PY
