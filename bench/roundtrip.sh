#!/usr/bin/env bash
# Round trip without a ROOMZ account: `simulate` (the draft's API, changes on a timer)
# delivers signed events to `listen --fetch`, which verifies each, validates it and
# fetches its details back from the simulator's API with Basic auth. Runs for a given
# time, then prints the counts: changes, deliveries, events received, invalid events,
# warnings, fetches done and failed. Exits 1 if any event was invalid, any fetch failed
# or any delivery was given up on.
# Usage: bench/roundtrip.sh [SECONDS]   (default 300; EVERY=2s, EVENTS=TYPE,... to change
#        what the timer sends: by default every documented type; SHAPE=current|old)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
every=${EVERY:-2s}
shape=${SHAPE:-current}

# On a shared machine, CARGO_LOCK=/tmp/cargo.lock keeps to one build at a time.
if [ -n "${CARGO_LOCK:-}" ]; then flock "$CARGO_LOCK" cargo build --quiet; else cargo build --quiet; fi
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/debug/roomz-hook

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
printf '%s' whsec_roundtrip_secret > "$work/secret"
printf '%s' rzk_roundtrip_key > "$work/key"
export ROOMZ_HOOK_CONFIG="$work/config.toml"
unset ROOMZ_WEBHOOK_SECRET ROOMZ_API_URL ROOMZ_API_TOKEN ROOMZ_HOOK_PROFILE
creds=(--secret-file "$work/secret" --token-file "$work/key")
events=${EVENTS:-$("$bin" trigger --list | paste -sd, -)}
sim_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

"$bin" listen --port 0 --json --fetch --api-url "http://127.0.0.1:$sim_port/v1" \
    --store "$work/events.db" "${creds[@]}" >"$work/listen.ndjson" 2>"$work/listen.err" &
pids+=($!)
listen_pid=$!
for _ in $(seq 100); do grep -q listening "$work/listen.ndjson" 2>/dev/null && break; sleep 0.1; done
url=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listening"])' "$work/listen.ndjson")

"$bin" simulate --port "$sim_port" --json --no-save --target "$url" --every "$every" \
    --shape "$shape" --events "$events" --buildings 2 --floors 2 --workspaces 8 "${creds[@]}" \
    >"$work/simulate.ndjson" 2>"$work/simulate.err" &
pids+=($!)
sim_pid=$!

echo "round trip for ${seconds}s: a change every $every ($events)" >&2
sleep "$seconds"
kill -TERM "$sim_pid"; wait "$sim_pid" || true
# The listener's fetches of the last events have the simulator's linger to finish.
sleep 1
kill -TERM "$listen_pid"; wait "$listen_pid" || true

python3 - "$work/listen.ndjson" "$work/simulate.ndjson" <<'PY'
import json, sys
from collections import Counter
listen = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sim = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
events = [l for l in listen if "event_id" in l]
invalid = [e for e in events if e["problems"] or e["signature"] != "valid" or e["status"] != 200]
warnings = Counter(w.split(" (")[0][:60] for e in events for w in e["warnings"])
fetched = [l["fetched"] for l in listen if "fetched" in l]
failed = [f for f in fetched if f.get("error") is not None]
summary = next((l["summary"] for l in sim if "summary" in l), {})
types = Counter(e["event_type"] for e in events)
print(f"changes {summary.get('changes')}, delivered {summary.get('delivered')}, "
      f"given up {summary.get('failed')}, pending {summary.get('pending')}, attempts {summary.get('attempts')}")
print(f"events received {len(events)} ({len(types)} types), invalid {len(invalid)}, "
      f"with warnings {sum(1 for e in events if e['warnings'])}")
print(f"fetches {len(fetched)}, failed {len(failed)}")
for kind, n in sorted(types.items()):
    print(f"  {kind:28} {n}")
for text, n in warnings.items():
    print(f"  warning x{n}: {text}")
for f in failed[:5]:
    print("  failed fetch:", f)
for e in invalid[:5]:
    print("  invalid:", e["event_type"], e["problems"])
sys.exit(1 if invalid or failed or summary.get("failed") else 0)
PY
