"""Runs inside a Mininet host: plain socket servers (python3 -m http.server can refuse for seconds).

usage: probe_server.py tcp|udp PORT          (one server, as before)
       probe_server.py SPEC [SPEC...]        SPEC = tcp:PORT | udp:PORT | echo:PORT
tcp: accepts, sends "microseg-ok\n", then echoes every line back ("echo:" + line) until the client closes.
udp: answers every datagram with "microseg-ok:" + datagram.  echo: a tcp server (an alias).
"""
import socket
import sys
import threading


def tcp(port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(128)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=_serve_conn, args=(conn,), daemon=True).start()


def _serve_conn(conn):
    try:
        conn.sendall(b"microseg-ok\n")
    except OSError:
        conn.close()
        return
    _echo_conn(conn)


def udp(port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(("0.0.0.0", port))
    while True:
        data, peer = srv.recvfrom(2048)
        srv.sendto(b"microseg-ok:" + data, peer)


def _echo_conn(conn):
    try:
        with conn, conn.makefile("rb") as lines:
            for line in lines:
                conn.sendall(b"echo:" + line)
    except OSError:
        return


KINDS = {"tcp": tcp, "udp": udp, "echo": tcp}
args = sys.argv[1:]
if len(args) == 2 and args[0] in KINDS and ":" not in args[0]:
    specs = [(args[0], int(args[1]))]
else:
    specs = [(a.split(":")[0], int(a.split(":")[1])) for a in args]
threads = [threading.Thread(target=KINDS[k], args=(p,), daemon=True) for k, p in specs]
for t in threads:
    t.start()
for t in threads:
    t.join()
