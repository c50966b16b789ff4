"""Runs inside a Mininet host: one bounded TCP or UDP probe, the result as one JSON line.

usage: probe_client.py tcp|udp DST PORT TIMEOUT [TRIES]
"""
import json
import socket
import sys
import time

kind, dst, port, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
tries = int(sys.argv[5]) if len(sys.argv) > 5 else 1
started = time.monotonic()
result = {"reached": False, "sent": 0, "detail": ""}
if kind == "tcp":
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect((dst, port))
        banner = s.recv(64)
        result["reached"] = banner.startswith(b"microseg-ok")
        result["detail"] = "connected, banner %r" % banner
    except socket.timeout:
        result["detail"] = "timed out"
    except OSError as e:
        result["detail"] = "%s" % e
    finally:
        s.close()
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout / tries)
    payload = b"probe-%d" % time.monotonic_ns()
    for _ in range(tries):
        try:
            s.sendto(payload, (dst, port))
            result["sent"] += 1
            reply, _ = s.recvfrom(2048)
            if reply == b"microseg-ok:" + payload:
                result["reached"] = True
                result["detail"] = "answered"
                break
            result["detail"] = "wrong answer %r" % reply
        except socket.timeout:
            result["detail"] = "no answer"
        except OSError as e:
            result["detail"] = "%s" % e
result["seconds"] = round(time.monotonic() - started, 3)
print(json.dumps(result))
