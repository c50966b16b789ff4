"""Runs inside a Mininet host: a plain socket server (python3 -m http.server can refuse for seconds).

usage: probe_server.py tcp|udp PORT
tcp: accepts, sends "microseg-ok\n", closes.  udp: answers every datagram with "microseg-ok:" + datagram.
"""
import socket
import sys

kind, port = sys.argv[1], int(sys.argv[2])
if kind == "tcp":
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(16)
    while True:
        conn, _ = srv.accept()
        try:
            conn.sendall(b"microseg-ok\n")
        except OSError:
            pass
        conn.close()
else:
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(("0.0.0.0", port))
    while True:
        data, peer = srv.recvfrom(2048)
        srv.sendto(b"microseg-ok:" + data, peer)
