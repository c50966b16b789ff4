"""Runs inside a Mininet host: one end of one long-lived TCP connection, driven through stdin.

usage: stream_peer.py listen PORT | stream_peer.py connect DST PORT
Prints {"up": true, "peer": ...} once connected (or {"up": false, "error": ...}); then every line read from stdin is
sent as is, and every line received is printed as {"recv": LINE}, so either end can speak first (a server push
included) and a test can tell each direction apart.
"""
import json
import socket
import sys
import threading


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def receive(conn):
    buffer = b""
    try:
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                say({"closed": True})
                return
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                say({"recv": line.decode(errors="replace")})
    except OSError as e:
        say({"closed": True, "error": str(e)})


def main():
    mode = sys.argv[1]
    try:
        if mode == "listen":
            srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(("0.0.0.0", int(sys.argv[2])))
            srv.listen(1)
            conn, peer = srv.accept()
            srv.close()
        else:
            conn = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=5)
            conn.settimeout(None)
            peer = conn.getpeername()
    except OSError as e:
        say({"up": False, "error": str(e)})
        return
    say({"up": True, "peer": "%s:%d" % peer, "local": "%s:%d" % conn.getsockname()})
    threading.Thread(target=receive, args=(conn,), daemon=True).start()
    for line in sys.stdin:
        try:
            conn.sendall(line.encode())
        except OSError as e:
            say({"send_error": str(e)})


main()
