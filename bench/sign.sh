#!/usr/bin/env bash
# Whole-process signing speed: `roomz-hook sign` against `openssl dgst -sha512 -hmac`
# on the same files (16 MiB and 300 B), timed in the same run with their runs
# interleaved (bench/interleave.py: one run of each in turn, so that the machine's
# drift during the benchmark falls on both alike).
# Prints each median and the ratio openssl/roomz-hook of the medians (>= 1.0 means
# roomz-hook is faster), and the ratio of the means beside it. Targets: >= 2.0 on 300 B
# (process start-up dominates), >= 0.7 on 16 MiB (RustCrypto's SHA-512 against OpenSSL's
# assembly; webhook bodies are small, so that is a floor).
# Usage: bench/sign.sh [RUNS]   (RUNS for 300 B, default 300; a quarter of it, at least
# 10, for 16 MiB)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}

command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

cargo build --release --quiet
# Wherever cargo puts it: CARGO_TARGET_DIR and build.target-dir are honoured.
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/release/roomz-hook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
secret=whsec_bench_secret
printf '%s' "$secret" > "$work/secret"
head -c $((16 * 1024 * 1024)) /dev/urandom > "$work/16MiB.bin"
head -c 300 /dev/urandom | base64 -w0 | head -c 300 > "$work/300B.json"
# Written back now, so that the writeback does not land in the middle of the timing.
sync
export ROOMZ_HOOK_CONFIG="$work/none.toml"

# Both must agree before either is timed.
for f in 16MiB.bin 300B.json; do
  ours=$("$bin" sign --secret-file "$work/secret" "$work/$f")
  theirs=$(openssl dgst -sha512 -hmac "$secret" -binary "$work/$f" | base64 -w0)
  [ "$ours" = "$theirs" ] || { echo "signature mismatch on $f: $ours vs $theirs" >&2; exit 1; }
done

for f in 16MiB.bin 300B.json; do
  n=$runs; [ "$f" = 16MiB.bin ] && n=$(( runs / 4 > 10 ? runs / 4 : 10 ))
  python3 bench/interleave.py "$n" 5 \
    "roomz-hook=$bin sign --secret-file $work/secret $work/$f" \
    "openssl=openssl dgst -sha512 -hmac $secret -binary $work/$f" > "$work/$f.json"
  python3 - "$work/$f.json" "$f" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ours, theirs = r["roomz-hook"], r["openssl"]
ms = lambda s: f"{s['median']*1e3:8.3f} ms (±{s['stddev']*1e3:.3f})"
print(f"{sys.argv[2]:>10}: roomz-hook {ms(ours)}  openssl {ms(theirs)}  "
      f"ratio openssl/roomz-hook = {theirs['median']/ours['median']:.2f} "
      f"(means: {theirs['mean']/ours['mean']:.2f}; {ours['runs']} runs each; "
      f"target >= {'0.7' if sys.argv[2].startswith('16MiB') else '2.0'})")
PY
done
