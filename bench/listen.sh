#!/usr/bin/env bash
# Load benchmark of `roomz-hook listen` (signature verification, event validation, the
# SQLite event store and NDJSON output to a file) against a bare hyper server that reads
# the body and answers 200, with the same wrk load in the same run.
# Three rounds, each the sink then listen (a fresh store each round); prints requests/s of
# both, the ratio of the medians (target >= 0.40), listen's p99 latency at 64
# connections (target <= 10 ms) and its peak resident memory at 256 (target <= 32 MiB).
# With --viewer, each round also runs listen with the inspector's stream attached (an SSE
# client, curl -N on /_/api/stream, reading every event) and prints its requests/s beside
# listen's without a viewer (target >= 0.9x) and its p99 at 64 connections (<= 10 ms).
# Usage: bench/listen.sh [--viewer] [SECONDS]   (installs wrk with apt-get if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
viewer=0
if [ "${1:-}" = "--viewer" ]; then viewer=1; shift; fi
seconds=${1:-10}
events_count=300000

command -v wrk >/dev/null || { echo "installing wrk..." >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet --features bench-sink
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/release/roomz-hook
sink=$target_dir/release/roomz-bench-sink

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
  : > "$out"; : > "$out.err"  # the last round's URL must not be read as this one's
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

sink_rates=(); listen_rates=(); listen_p99s=(); peaks=(); viewed_rates=(); viewed_p99s=(); streamed=()
for round in 1 2 3; do
  start "$work/sink.out" "$sink" 0
  read -r sink_rps _ < <(load 64 "$url/webhook")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$work"/events.db*
  start "$work/listen.ndjson" "$bin" listen --port 0 --json --no-save \
    --secret-file "$work/secret" --store "$work/events.db"
  listen_pid=$pid
  read -r listen_rps listen_p99 < <(load 64 "${url}/webhook")
  read -r _ _ < <(load 256 "${url}/webhook")
  peaks+=("$(awk '/VmHWM/ {print $2}' "/proc/$listen_pid/status")")
  kill -TERM "$listen_pid"; wait "$listen_pid" 2>/dev/null || true
  sink_rates+=("$sink_rps"); listen_rates+=("$listen_rps"); listen_p99s+=("$listen_p99")
  if [ "$viewer" = 1 ]; then
    # The same listen, with a viewer streaming every request as it is answered.
    rm -f "$work"/viewed.db*
    start "$work/viewed.ndjson" "$bin" listen --port 0 --json --no-save \
      --secret-file "$work/secret" --store "$work/viewed.db"
    viewed_pid=$pid
    : > "$work/stream.txt"
    curl -sN "${url}/_/api/stream" -o "$work/stream.txt" &
    curl_pid=$!; pids+=("$curl_pid")
    for _ in $(seq 100); do grep -q ': connected' "$work/stream.txt" && break; sleep 0.05; done
    read -r viewed_rps viewed_p99 < <(load 64 "${url}/webhook")
    kill "$curl_pid" 2>/dev/null || true; wait "$curl_pid" 2>/dev/null || true
    kill -TERM "$viewed_pid"; wait "$viewed_pid" 2>/dev/null || true
    viewed_rates+=("$viewed_rps"); viewed_p99s+=("$viewed_p99")
    streamed+=("$(grep -c '^event: request' "$work/stream.txt" || true)")
  fi
done
lines=$(grep -c '"event_id"' "$work/listen.ndjson" || true)
rows=$("$bin" events list --store "$work/events.db" --limit 1 --json | python3 -c 'import json,sys; e=json.load(sys.stdin)["events"]; print(e[0]["seq"] if e else 0)')

python3 - <<PY
import statistics as st
sinks = [float(x) for x in "${sink_rates[*]}".split()]
listens = [float(x) for x in "${listen_rates[*]}".split()]
p99s = [float(x) for x in "${listen_p99s[*]}".split()]
peaks = [int(x) / 1024 for x in "${peaks[*]}".split()]
sink, listen = st.median(sinks), st.median(listens)
fmt = lambda xs, f: ", ".join(f.format(x) for x in xs)
print(f"bare hyper sink   : {sink:10.0f} req/s   (rounds: {fmt(sinks, '{:.0f}')}; 64 connections)")
print(f"roomz-hook listen : {listen:10.0f} req/s   (rounds: {fmt(listens, '{:.0f}')}; 64 connections)")
print(f"ratio listen/sink : {listen / sink:.2f}   (medians; per round {fmt([l / s for l, s in zip(listens, sinks)], '{:.2f}')}; target >= 0.40)")
print(f"p99 at 64 conns   : {max(p99s):.2f} ms worst   (rounds: {fmt(p99s, '{:.2f}')}; target <= 10 ms)")
print(f"peak RSS, 256 conn: {max(peaks):.1f} MiB worst   (rounds: {fmt(peaks, '{:.1f}')}; target <= 32 MiB)")
print(f"last round        : {$rows} stored rows, {$lines} NDJSON lines")
viewed = [float(x) for x in "${viewed_rates[*]}".split()]
if viewed:
    vp99 = [float(x) for x in "${viewed_p99s[*]}".split()]
    counts = "${streamed[*]}".split()
    v = st.median(viewed)
    print(f"listen + viewer   : {v:10.0f} req/s   (rounds: {fmt(viewed, '{:.0f}')}; an SSE client on /_/api/stream; events streamed per round: {', '.join(counts)})")
    print(f"ratio viewer/none : {v / listen:.2f}   (medians; per round {fmt([a / b for a, b in zip(viewed, listens)], '{:.2f}')}; target >= 0.90)")
    print(f"p99 with viewer   : {max(vp99):.2f} ms worst   (rounds: {fmt(vp99, '{:.2f}')}; target <= 10 ms)")
PY
