"""Runs inside a Mininet host: one long-lived TCP connection driven through stdin.

usage: session_client.py DST PORT TIMEOUT
Connects, prints {"connected": ...}; then for every line read from stdin sends it and prints
{"line": ..., "ok": bool, "reply"/"error": ...} once the echo came back (or TIMEOUT passed).
"""
import json
import socket
import sys

dst, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(timeout)
try:
    s.connect((dst, port))
    banner = b""
    while b"\n" not in banner:
        chunk = s.recv(64)
        if not chunk:
            raise OSError("closed before the banner")
        banner += chunk
    buffer = banner.split(b"\n", 1)[1]
    print(json.dumps({"connected": True, "local": "%s:%d" % s.getsockname()}), flush=True)
except (OSError, socket.timeout) as e:
    print(json.dumps({"connected": False, "error": str(e)}), flush=True)
    sys.exit(0)
for line in sys.stdin:
    line = line.strip()
    out = {"line": line, "ok": False}
    try:
        s.sendall(line.encode() + b"\n")
        while b"\n" not in buffer:
            chunk = s.recv(4096)
            if not chunk:
                raise OSError("connection closed")
            buffer += chunk
        reply, buffer = buffer.split(b"\n", 1)
        out["reply"] = reply.decode()
        out["ok"] = reply.decode() == "echo:" + line
    except (OSError, socket.timeout) as e:
        out["error"] = str(e) or type(e).__name__
    print(json.dumps(out), flush=True)
