"""The flood loop the attack scripts share: send one frame out of IFACE through a raw socket as fast as it goes, for
SECONDS, and print one JSON line: {"sent": n, "seconds": s}. Imported by scripts run inside Mininet hosts."""
import json
import socket
import time


def flood(iface, frame, seconds):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    sent = 0
    start = time.monotonic()
    end = start + seconds
    while time.monotonic() < end:
        for _ in range(200):
            try:
                s.send(frame)
                sent += 1
            except OSError:
                time.sleep(0.001)
    print(json.dumps({"sent": sent, "seconds": round(time.monotonic() - start, 2)}))
