#!/usr/bin/env bash
# Whole-process time of a full `roomz-hook check` battery (12 checks, 26 requests)
# against a local correct receiver, `roomz-hook listen` (storing every request in its
# SQLite store before answering, as it always does). Target: under 2 s.
# The reference, timed in the same run with the runs interleaved (bench/interleave.py):
# `roomz-hook trigger`, one signed delivery to the same listener through the same
# process start-up and HTTP client. Prints both medians, the ratio check/trigger, and
# whether the target is met.
# Usage: bench/check.sh [RUNS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}

command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

cargo build --release --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/release/roomz-hook

work=$(mktemp -d)
listener=
cleanup() { [ -n "$listener" ] && kill "$listener" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
printf '%s' whsec_bench_secret > "$work/secret"
export ROOMZ_HOOK_CONFIG="$work/config.toml" XDG_DATA_HOME="$work/data"

"$bin" --secret-file "$work/secret" listen --port 0 --json > "$work/listen.out" 2> "$work/listen.err" &
listener=$!
url=
for _ in $(seq 100); do
  url=$(head -1 "$work/listen.out" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["listening"])' 2>/dev/null || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "listen did not start: $(cat "$work/listen.err")" >&2; exit 1; }

# The battery must pass before it is timed (interleave.py stops on a non-zero exit).
"$bin" --secret-file "$work/secret" check "$url" > "$work/first.txt" ||
  { cat "$work/first.txt" >&2; exit 1; }

python3 bench/interleave.py "$runs" 3 \
  "check=$bin --secret-file $work/secret check $url" \
  "trigger=$bin --secret-file $work/secret trigger workspace.presence.changed --url $url" > "$work/times.json"
python3 - "$work/times.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
check, trigger = r["check"], r["trigger"]
ms = lambda s: f"{s['median']*1e3:8.1f} ms (±{s['stddev']*1e3:.1f}, min {s['min']*1e3:.1f})"
print(f"check battery, 26 requests   {ms(check)}   over {check['runs']} runs")
print(f"trigger, 1 delivery (ref)    {ms(trigger)}")
print(f"ratio check/trigger (medians) {check['median'] / trigger['median']:.2f}")
target = 2.0
verdict = "met" if check["median"] < target else "NOT met"
print(f"target: a full battery under {target:.0f} s: {verdict} ({check['median']:.3f} s)")
PY
