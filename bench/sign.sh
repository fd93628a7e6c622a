#!/usr/bin/env bash
# Whole-process signing speed: `roomz-hook sign` against `openssl dgst -sha512 -hmac`
# on the same files (16 MiB and 300 B), timed by hyperfine in the same run.
# Prints each mean and the ratio openssl/roomz-hook (>= 1.0 means roomz-hook is faster).
# Usage: bench/sign.sh [RUNS]   (installs hyperfine with apt-get if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}

if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine..." >&2
  (apt-get update -qq && apt-get install -y -qq hyperfine) >/dev/null
fi
command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }

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
export ROOMZ_HOOK_CONFIG="$work/none.toml"

# Both must agree before either is timed.
for f in 16MiB.bin 300B.json; do
  ours=$("$bin" sign --secret-file "$work/secret" "$work/$f")
  theirs=$(openssl dgst -sha512 -hmac "$secret" -binary "$work/$f" | base64 -w0)
  [ "$ours" = "$theirs" ] || { echo "signature mismatch on $f: $ours vs $theirs" >&2; exit 1; }
done

for f in 16MiB.bin 300B.json; do
  n=$runs; [ "$f" = 16MiB.bin ] && n=$(( runs / 4 > 10 ? runs / 4 : 10 ))
  hyperfine -N --warmup 5 --runs "$n" --export-json "$work/$f.json" \
    -n roomz-hook "$bin sign --secret-file $work/secret $work/$f" \
    -n openssl "openssl dgst -sha512 -hmac $secret -binary $work/$f" >&2
  python3 - "$work/$f.json" "$f" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours, theirs = results["roomz-hook"]["mean"], results["openssl"]["mean"]
print(f"{sys.argv[2]:>10}: roomz-hook {ours*1e3:8.3f} ms  openssl {theirs*1e3:8.3f} ms  ratio openssl/roomz-hook = {theirs/ours:.2f}")
PY
done
