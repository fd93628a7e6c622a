#!/usr/bin/env bash
# The event store at a million requests (issue 12): builds a store of N requests itself
# (the real schema, made by roomz-hook; rows bulk-inserted by the sqlite3 CLI), then
# measures, each against the same measurement on an empty store in the same run:
#   - `listen` ready to serve (its {"listening"} line, then a signed request answered
#     200): target <= 0.3 s, with peak RSS <= 32 MiB;
#   - `events show ID`, `events show PREFIX` and `fetch ID` (against a local API stub):
#     each <= 50 ms, whole process included.
# Medians of 5 runs. Usage: bench/store-scale.sh [N]   (default 1000000; needs sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
command -v sqlite3 >/dev/null || { echo "installing sqlite3..." >&2; apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
cargo build --release --quiet
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/release/roomz-hook

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ROOMZ_HOOK_CONFIG="$work/config.toml"
printf 'whsec_scale_secret' > "$work/secret"

# The schema as roomz-hook makes it (migrations, index, application id), then the rows.
# The ids are MATERIALIZED: otherwise SQLite draws new random bytes at each use of `id`,
# and the body, the event id and its index key would each name another id.
# Read-only commands create no store: a listener does, before it says where it listens.
make_store() {
  "$bin" listen --port 0 --json --no-save --secret-file "$work/secret" --store "$1" \
    > "$work/make.out" 2> "$work/make.err" &
  local pid=$!
  for _ in $(seq 100); do grep -q listening "$work/make.out" && break; sleep 0.1; done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  [ -f "$1" ] || { echo "listen made no store: $(cat "$work/make.err")" >&2; exit 1; }
}
make_store "$work/big.db"
make_store "$work/empty.db"
started=$(date +%s.%N)
sqlite3 "$work/big.db" > /dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows),
ids(i, id) AS MATERIALIZED (SELECT i, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
    substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' ||
    hex(randomblob(6))) FROM n)
INSERT INTO requests (received_at, method, path, headers, body, signature, event_id,
                      event_key, event_type, duplicate, problems, status)
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ($rows - i) || ' seconds'), 'POST',
       '/webhook',
       '[["host","127.0.0.1:8080"],["content-type","application/json"],["roomz-signature","' ||
         hex(randomblob(44)) || '"]]',
       CAST('{"id":"' || id || '","type":"workspace.presence.changed","timestamp":"2026-11-28T10:00:00.000Z","apiVersion":"1.0","data":{"workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876","presenceStatus":"Busy"}}' AS BLOB),
       'valid', id,
       -- The id index's key (src/store/mod.rs, event_key): the id's first 8 bytes,
       -- big-endian, sign bit flipped (for ASCII, minus 2^63).
       (unicode(substr(id, 1, 1)) << 56) + (unicode(substr(id, 2, 1)) << 48) +
       (unicode(substr(id, 3, 1)) << 40) + (unicode(substr(id, 4, 1)) << 32) +
       (unicode(substr(id, 5, 1)) << 24) + (unicode(substr(id, 6, 1)) << 16) +
       (unicode(substr(id, 7, 1)) << 8) + unicode(substr(id, 8, 1)) - 9223372036854775807 - 1,
       'workspace.presence.changed', 0, '[]', 200
FROM ids;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
built=$(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')")
size=$(du -m "$work/big.db" | cut -f1)
id=$(sqlite3 "$work/big.db" "SELECT event_id FROM requests WHERE seq = $((rows / 2))")
echo "store             : $rows requests, $size MiB, built in ${built}s (sqlite3 bulk insert)"

python3 - "$bin" "$work" "$id" <<'PY'
import base64, hashlib, hmac, http.server, json, os, socket, statistics, subprocess, sys, threading, time
bin, work, event_id = sys.argv[1:4]
secret = open(f"{work}/secret", "rb").read()

class Api(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"status":"Free"}'
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
api = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
threading.Thread(target=api.serve_forever, daemon=True).start()
env = dict(os.environ, ROOMZ_API_URL=f"http://127.0.0.1:{api.server_port}", ROOMZ_API_TOKEN="t")

def ready(store):
    """Seconds from start to the first answered request, and peak RSS (MiB) then."""
    started = time.perf_counter()
    p = subprocess.Popen([bin, "listen", "--port", "0", "--json", "--no-save",
                          "--secret-file", f"{work}/secret", "--store", store],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    url = json.loads(p.stdout.readline())["listening"]
    host, port = url.split("//")[1].split("/")[0].split(":")
    body = b'{"id":"0b6f1a52-6a3e-4d8e-9a57-0c1f0e1d2a01","type":"workspace.presence.changed","timestamp":"2026-11-28T10:00:00.000Z"}'
    sig = base64.b64encode(hmac.new(secret, body, hashlib.sha512).digest()).decode()
    with socket.create_connection((host, int(port))) as s:
        s.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRoomz-Signature: " +
                  sig.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        answer = s.recv(100)
    elapsed = time.perf_counter() - started
    assert answer.startswith(b"HTTP/1.1 200"), answer
    rss = int([l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmHWM")][0].split()[1]) / 1024
    p.terminate(); p.wait()
    return elapsed, rss

def timed(args):
    started = time.perf_counter()
    done = subprocess.run([bin] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert done.returncode == 0, (args, done.stderr)
    return time.perf_counter() - started

def median(f, n=5):
    return statistics.median(f() for _ in range(n))

big, empty = f"{work}/big.db", f"{work}/empty.db"
runs = {s: [ready(s) for _ in range(5)] for s in (big, empty)}
for name, store in (("1M store", big), ("empty store", empty)):
    times = [t for t, _ in runs[store]]; peaks = [r for _, r in runs[store]]
    print(f"listen ready, {name:<11}: {statistics.median(times) * 1000:6.1f} ms median "
          f"(max {max(times) * 1000:.1f}; target <= 300 ms), peak RSS {max(peaks):.1f} MiB (target <= 32)")
# The one answered request above landed in each store; look-ups are timed after.
prefix = event_id[:8]
reference = median(lambda: timed(["events", "show", "#1", "--store", empty]))
for label, args in (("events show ID", ["events", "show", event_id]),
                    ("events show PREFIX", ["events", "show", prefix]),
                    ("fetch ID", ["fetch", event_id])):
    t = median(lambda: timed(args + ["--store", big]))
    print(f"{label:<19}: {t * 1000:6.1f} ms median (target <= 50 ms; `events show #1` on an empty store: {reference * 1000:.1f} ms)")
PY
