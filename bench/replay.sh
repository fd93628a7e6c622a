#!/usr/bin/env bash
# Load benchmark of `roomz-hook replay` against the bare hyper sink (bench/bare_sink.rs),
# in the same run as wrk against the same sink:
#  1. speed: 50,000 events from NDJSON at --concurrency 64, requests/s against wrk -c 64
#     sending the same request (bench/replay.lua); target ratio >= 0.60;
#  2. memory: peak RSS (/usr/bin/time -v) replaying 1,000,000 NDJSON lines against
#     10,000 lines; target ratio <= 2.0 (the input is streamed, never held whole).
# Usage: bench/replay.sh [WRK_SECONDS]   (installs wrk and time with apt-get if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
speed_count=50000
concurrency=64

need() { command -v "$1" >/dev/null || [ -x "$2" ] || { echo "installing $3..." >&2; apt-get update -qq && apt-get install -y -qq "$3" >/dev/null; }; }
need wrk /usr/bin/wrk wrk
need /usr/bin/time /usr/bin/time time

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
export ROOMZ_HOOK_CONFIG="$work/config.toml"

# NDJSON files of distinct current-shape events, and one signed body for wrk.
python3 - "$secret" "$work" "$speed_count" <<'PY'
import base64, hashlib, hmac, sys, uuid
secret, work, speed = sys.argv[1].encode(), sys.argv[2], int(sys.argv[3])
template = ('{"id":"%s","type":"workspace.presence.changed","timestamp":"2026-11-28T10:00:00.000Z",'
            '"apiVersion":"1.0","data":{"workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876",'
            '"presenceStatus":"%s"}}\n')
for name, count in (("speed", speed), ("small", 10_000), ("large", 1_000_000)):
    with open(f"{work}/{name}.ndjson", "w") as out:
        out.writelines(template % (uuid.uuid4(), "Busy" if i % 2 else "Free") for i in range(count))
body = (template % (uuid.uuid4(), "Busy")).rstrip("\n")
sig = base64.b64encode(hmac.new(secret, body.encode(), hashlib.sha512).digest()).decode()
open(f"{work}/body", "w").write(body)
open(f"{work}/signature", "w").write(sig)
PY

"$sink" 0 > "$work/sink.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  url=$(grep -o 'http://[0-9.:]*' "$work/sink.out" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the sink did not start: $(cat "$work/sink.out")" >&2; exit 1; }

# 1. Speed.
BODY=$(cat "$work/body") SIGNATURE=$(cat "$work/signature") \
  wrk -t2 -c"$concurrency" -d"${seconds}s" -s bench/replay.lua "$url/webhook" > "$work/wrk.txt"
wrk_rps=$(grep -o 'Requests/sec: *[0-9.]*' "$work/wrk.txt" | grep -o '[0-9.]*$')
grep -q 'Non-2xx' "$work/wrk.txt" && echo "warning: wrk got non-2xx answers" >&2

replay_rates=()
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" replay --quiet --secret-file "$work/secret" --concurrency "$concurrency" \
    "$url/webhook" "$work/speed.ndjson"
  end=$(date +%s.%N)
  replay_rates+=("$(python3 -c "print($speed_count / ($end - $start))")")
done
replay_rps=$(printf '%s\n' "${replay_rates[@]}" | sort -n | sed -n 2p)  # the median of 3

# 2. Memory.
peak_kib() {
  /usr/bin/time -v "$bin" replay --quiet --secret-file "$work/secret" --concurrency "$concurrency" \
    "$url/webhook" "$work/$1.ndjson" 2> "$work/time-$1.txt"
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time-$1.txt"
}
small_kib=$(peak_kib small)
large_kib=$(peak_kib large)

python3 - <<PY
wrk, replay = $wrk_rps, $replay_rps
runs = "${replay_rates[*]}".split()
print(f"wrk -c $concurrency (same request)   : {wrk:10.0f} req/s")
print(f"replay -c $concurrency, $speed_count events : {replay:10.0f} req/s   (median of {', '.join(f'{float(r):.0f}' for r in runs)})")
print(f"ratio replay/wrk              : {replay / wrk:.2f}   (target >= 0.60)")
small, large = $small_kib, $large_kib
print(f"peak RSS, 10,000 lines        : {small / 1024:.1f} MiB")
print(f"peak RSS, 1,000,000 lines     : {large / 1024:.1f} MiB")
print(f"ratio large/small             : {large / small:.2f}   (target <= 2.00)")
PY
