#!/usr/bin/env python3
"""A faulty webhook receiver for bench/accounting.sh, on 127.0.0.1 (port 0 unless given).

It counts every whole request it reads (headers and Content-Length body), before doing
anything else with it, then, chosen by a seeded random draw per request:
  60 %  200
  10 %  500
  10 %  429 with Retry-After: 1
  10 %  closes the connection without answering (the request was read)
  10 %  waits 2 s, then 200
Kept-alive connections (HTTP/1.1). It prints "listening http://127.0.0.1:PORT" first;
GET /count answers the counts as JSON (that request itself is not counted).
Usage: faulty_receiver.py [PORT] [SEED]
"""
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
counts = {"requests": 0, "200": 0, "500": 0, "429": 0, "closed": 0, "delayed": 0}
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 12)


def draw():
    with lock:
        counts["requests"] += 1
        roll = rng.random()
    if roll < 0.60:
        return "200"
    if roll < 0.70:
        return "500"
    if roll < 0.80:
        return "429"
    if roll < 0.90:
        return "closed"
    return "delayed"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        with lock:
            body = json.dumps(counts).encode()
        self.answer(200, body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)  # the whole request, then it counts
        action = draw()
        with lock:
            counts[action] += 1
        if action == "closed":
            self.close_connection = True
            return
        if action == "delayed":
            time.sleep(2)
            return self.answer(200, b"{}")
        if action == "429":
            return self.answer(429, b"{}", [("Retry-After", "1")])
        self.answer(int(action), b"{}")

    def answer(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
