"""Run inside a host: counts frames arriving on an interface whose bytes contain a marker, for a while; prints the count.

usage: frame_sniffer.py IFACE MARKER SECONDS   (prints "ready" once listening, then the count at the end)
"""

import socket
import sys
import time

iface, marker, seconds = sys.argv[1], sys.argv[2].encode(), float(sys.argv[3])
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))  # every ethertype, tagged too
sock.bind((iface, 0))
sock.settimeout(0.1)
print("ready", flush=True)
deadline, seen = time.monotonic() + seconds, 0
while time.monotonic() < deadline:
    try:
        data, address = sock.recvfrom(65535)
    except socket.timeout:
        continue
    if address[2] == socket.PACKET_OUTGOING:
        continue  # only what the switch delivered (not, say, the host's own ICMP error quoting it)
    if marker in data:
        seen += 1
print(seen, flush=True)
