"""Run inside a host: sends forged frames with scapy (Debian's python3-scapy).

usage: frame_sender.py IFACE KIND COUNT MARKER SRC_MAC DST_MAC SRC_IP DST_IP DST_PORT
KIND: udp (plain IPv4/UDP), vlan (the same inside an 802.1Q tag, VLAN 42), ipv6 (IPv6/UDP to the link-local
all-nodes group plus a router solicitation), raw (ethertype 0x88b5, local experimental)
"""

import sys

from scapy.all import IP, UDP, Dot1Q, Ether, ICMPv6ND_RS, IPv6, Raw, sendp  # noqa: E402

iface, kind, count, marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].encode()
src_mac, dst_mac, src_ip, dst_ip, dst_port = sys.argv[5:10]
eth = Ether(src=src_mac, dst=dst_mac)
udp = UDP(sport=40000, dport=int(dst_port)) / Raw(marker)
if kind == "udp":
    frames = [eth / IP(src=src_ip, dst=dst_ip) / udp]
elif kind == "vlan":
    frames = [eth / Dot1Q(vlan=42) / IP(src=src_ip, dst=dst_ip) / udp]
elif kind == "ipv6":
    frames = [eth / IPv6(src="fe80::1", dst="ff02::1") / udp,
              Ether(src=src_mac, dst="33:33:00:00:00:02") / IPv6(src="fe80::1", dst="ff02::2") / ICMPv6ND_RS()
              / Raw(marker)]
elif kind == "raw":
    frames = [Ether(src=src_mac, dst=dst_mac, type=0x88B5) / Raw(marker + b"\0" * 40)]
else:
    raise SystemExit(f"unknown kind {kind}")
sent = 0
for _ in range(count):
    sendp(frames, iface=iface, verbose=False)
    sent += len(frames)
print(sent, flush=True)
