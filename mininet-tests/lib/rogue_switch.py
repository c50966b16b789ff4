"""A rogue OpenFlow 1.3 "switch" that claims a datapath id: speaks just enough of the protocol to finish the
controller's handshake (HELLO, FEATURES_REPLY with the claimed dpid, empty PORT_DESC and other multipart replies,
BARRIER and GET_CONFIG replies) and records everything the controller sends it. With `answer_echo=False` it goes
silent after the handshake (a dead session that keeps its TCP connection open).
"""
import socket
import struct
import threading
import time

OFP13 = 4
HELLO, ERROR, ECHO_REQUEST, ECHO_REPLY = 0, 1, 2, 3
FEATURES_REQUEST, FEATURES_REPLY, GET_CONFIG_REQUEST, GET_CONFIG_REPLY = 5, 6, 7, 8
FLOW_MOD, MULTIPART_REQUEST, MULTIPART_REPLY, BARRIER_REQUEST, BARRIER_REPLY, METER_MOD = 14, 18, 19, 20, 21, 29


class RogueSwitch:
    def __init__(self, port, dpid, answer_echo=True, host="127.0.0.1"):
        self.dpid = dpid
        self.answer_echo = answer_echo
        self.received = []  # message types, in order
        self.closed_by_peer = threading.Event()
        self.handshake_done = threading.Event()
        self._lock = threading.Lock()
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.settimeout(None)
        self._send(HELLO, 1, b"")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def count(self, kind):
        with self._lock:
            return sum(1 for t in self.received if t == kind)

    def wait_closed(self, timeout):
        return self.closed_by_peer.wait(timeout)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        self._thread.join(5)

    def _send(self, kind, xid, body):
        self.sock.sendall(struct.pack("!BBHI", OFP13, kind, 8 + len(body), xid) + body)

    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def _run(self):
        try:
            while True:
                _, kind, length, xid = struct.unpack("!BBHI", self._read(8))
                body = self._read(length - 8)
                with self._lock:
                    self.received.append(kind)
                self._answer(kind, xid, body)
        except (EOFError, OSError):
            self.closed_by_peer.set()

    def _answer(self, kind, xid, body):
        if kind == ECHO_REQUEST:
            if self.answer_echo or not self.handshake_done.is_set():
                self._send(ECHO_REPLY, xid, body)
        elif kind == FEATURES_REQUEST:
            self._send(FEATURES_REPLY, xid, struct.pack("!QIBBxxII", self.dpid, 0, 254, 0, 0x4f, 0))
        elif kind == MULTIPART_REQUEST:
            mp_type = struct.unpack("!H", body[:2])[0]
            self._send(MULTIPART_REPLY, xid, struct.pack("!HHxxxx", mp_type, 0))
            if mp_type == 13:  # OFPMP_PORT_DESC: the last handshake step
                threading.Timer(1.0, self.handshake_done.set).start()
        elif kind == BARRIER_REQUEST:
            if self.answer_echo or not self.handshake_done.is_set():
                self._send(BARRIER_REPLY, xid, b"")
        elif kind == GET_CONFIG_REQUEST:
            self._send(GET_CONFIG_REPLY, xid, struct.pack("!HH", 0, 0xffff))


def wait_until(predicate, timeout, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
