"""Runs inside a Mininet host (the noisy one): floods IPv4/UDP frames from SRC_MAC/SRC_IP (an address no workload has,
so every frame hits the table-0 unknown-host punt) to DST_MAC/DST_IP out of IFACE as fast as a raw socket sends them,
for SECONDS. Prints one JSON line: {"sent": n, "seconds": s}.

usage: flood_unknown.py IFACE SECONDS SRC_MAC DST_MAC SRC_IP DST_IP
"""
import socket
import struct
import sys

from raw_flood import flood


def _mac(text):
    return bytes.fromhex(text.replace(":", ""))


def _checksum(header):
    total = sum(struct.unpack("!10H", header))
    total = (total & 0xFFFF) + (total >> 16)
    return ~((total & 0xFFFF) + (total >> 16)) & 0xFFFF


iface, seconds = sys.argv[1], float(sys.argv[2])
src_mac, dst_mac, src_ip, dst_ip = sys.argv[3:7]
payload = b"noisy-a08".ljust(18, b"\0")
udp = struct.pack("!HHHH", 40000, 9, 8 + len(payload), 0) + payload
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, socket.inet_aton(src_ip),
                 socket.inet_aton(dst_ip))
ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
frame = _mac(dst_mac) + _mac(src_mac) + b"\x08\x00" + ip + udp
flood(iface, frame, seconds)
