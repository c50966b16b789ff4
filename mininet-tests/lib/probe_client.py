"""Runs inside a Mininet host: bounded TCP or UDP probes, results as JSON.

usage: probe_client.py tcp|udp DST PORT TIMEOUT [TRIES]    one probe, one JSON line
       probe_client.py batch TIMEOUT TRIES JSON            JSON = [[kind, dst, port], ...]: all at once (threads),
                                                           one JSON line: a list of results in the same order
"""
import json
import socket
import sys
import threading
import time


def probe(kind, dst, port, timeout, tries):
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
        s.close()
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


if sys.argv[1] == "batch":
    timeout, tries, todo = float(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
    results = [None] * len(todo)

    def run(i, kind, dst, port):
        results[i] = probe(kind, dst, int(port), timeout, tries)

    threads = [threading.Thread(target=run, args=(i, *t)) for i, t in enumerate(todo)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(results))
else:
    kind, dst, port, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    tries = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    print(json.dumps(probe(kind, dst, port, timeout, tries)))
