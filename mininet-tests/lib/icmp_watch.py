"""Runs inside a Mininet host: a connected UDP socket to DST:PORT plus a raw ICMP socket that sees every ICMP
packet delivered to this host (the sniffer).

usage: icmp_watch.py DST PORT
Prints {"local_port": N}; then reads commands from stdin:
  send         sends one datagram to DST:PORT
  observe S    for S seconds records what arrives and prints {"answers": [...], "refused": bool, "icmp": [...]}
               answers: datagrams on the UDP socket; refused: the socket reported ECONNREFUSED (an ICMP port
               unreachable was accepted for it); icmp: [src, type, code, quoted src, quoted dst, quoted dport] each
"""
import json
import select
import socket
import sys
import time

dst, port = sys.argv[1], int(sys.argv[2])
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.connect((dst, port))
print(json.dumps({"local_port": udp.getsockname()[1]}), flush=True)


def icmp(packet):
    ihl = (packet[0] & 0x0F) * 4
    src = socket.inet_ntoa(packet[12:16])
    kind, code = packet[ihl], packet[ihl + 1]
    quoted = packet[ihl + 8:]
    if kind in (3, 4, 5, 11, 12) and len(quoted) >= 24:
        qihl = (quoted[0] & 0x0F) * 4
        dport = int.from_bytes(quoted[qihl + 2:qihl + 4], "big")
        return [src, kind, code, socket.inet_ntoa(quoted[12:16]), socket.inet_ntoa(quoted[16:20]), dport]
    return [src, kind, code]


for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "send":
        try:
            udp.send(b"hello")
        except ConnectionRefusedError:
            pass
        continue
    answers, refused, seen = [], False, []
    deadline = time.monotonic() + float(words[1])
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([raw, udp], [], [], left)
        if raw in ready:
            seen.append(icmp(raw.recv(2048)))
        if udp in ready:
            try:
                answers.append(udp.recv(2048).decode(errors="replace"))
            except ConnectionRefusedError:
                refused = True
    print(json.dumps({"answers": answers, "refused": refused, "icmp": seen}), flush=True)
