"""Run inside a host: sends COUNT UDP datagrams carrying PAYLOAD from a fixed local port.

usage: udp_send.py LOCAL_PORT DST_IP DST_PORT PAYLOAD COUNT
"""

import socket
import sys
import time

local, dst, port, payload, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4].encode(), int(sys.argv[5])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("0.0.0.0", local))
for _ in range(count):
    sock.sendto(payload, (dst, port))
    time.sleep(0.05)
print(count, flush=True)
