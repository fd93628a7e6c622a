#!/usr/bin/env bash
# Delivery accounting (issue 12, "Must reach"): replay 5,000 events at -c 16 --retries 3
# against a faulty receiver (bench/faulty_receiver.py: a seeded mix of 200, 500, 429 with
# Retry-After: 1, connections closed after the request was read, and 2 s delays) and
# compare the receiver's count of the requests it read with replay's reported attempts
# (the summary, and the sum of the per-delivery "attempts"). Target: equal, exactly.
# Usage: bench/accounting.sh [EVENTS] [CONCURRENCY] [RETRIES]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-5000}
concurrency=${2:-16}
retries=${3:-3}

cargo build --release --quiet
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/release/roomz-hook

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
printf '%s' whsec_bench_secret > "$work/secret"
export ROOMZ_HOOK_CONFIG="$work/config.toml"

python3 - "$work/events.ndjson" "$events" <<'PY'
import sys, uuid
path, count = sys.argv[1], int(sys.argv[2])
template = ('{"id":"%s","type":"workspace.presence.changed","timestamp":"2026-11-28T10:00:00.000Z",'
            '"apiVersion":"1.0","data":{"workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876",'
            '"presenceStatus":"Busy"}}\n')
with open(path, "w") as out:
    out.writelines(template % uuid.uuid4() for _ in range(count))
PY

python3 bench/faulty_receiver.py 0 > "$work/receiver.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  url=$(grep -o 'http://[0-9.:]*' "$work/receiver.out" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the receiver did not start: $(cat "$work/receiver.out")" >&2; exit 1; }

started=$(date +%s.%N)
status=0
"$bin" replay --json --secret-file "$work/secret" -c "$concurrency" --retries "$retries" \
  --timeout 10s "$url/webhook" "$work/events.ndjson" > "$work/replay.ndjson" || status=$?
ended=$(date +%s.%N)
python3 -c "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())" \
  "$url/count" > "$work/count.json"

python3 - "$work/replay.ndjson" "$work/count.json" "$status" "$started" "$ended" "$events" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
counts = json.load(open(sys.argv[2]))
status, started, ended, events = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
summary = lines[-1]["summary"]
per_delivery = sum(l["attempts"] for l in lines[:-1])
received = counts["requests"]
print(f"receiver read {received} requests: {counts}")
print(f"replay reported: attempts {summary['attempts']} (sum per delivery {per_delivery}), "
      f"sent {summary['sent']}, succeeded {summary['succeeded']}, failed {summary['failed']}, "
      f"retried {summary['retried']}, not_sent {summary['not_sent']}; exit {status}; "
      f"{ended - started:.1f} s")
ok = received == summary["attempts"] == per_delivery and summary["sent"] == events
print(f"target: receiver's count == reported attempts, every event sent: "
      f"{'MET' if ok else 'NOT MET'} ({received} vs {summary['attempts']})")
sys.exit(0 if ok else 1)
PY
