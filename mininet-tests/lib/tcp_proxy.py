"""A TCP relay on 127.0.0.1 between Open vSwitch and the controller, able to leave a session for dead: `orphan()`
closes the switch's side of every current connection (the switch reconnects at once, through the proxy again) and
keeps the controller's side open and silent, as a connection whose peer vanished without a FIN looks."""
import socket
import threading


class TcpProxy:
    def __init__(self, target_port, host="127.0.0.1"):
        self.target = (host, target_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.pairs = []  # [switch side, controller side, alive event]
        self.orphans = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                down, _ = self.listener.accept()
            except OSError:
                return
            up = socket.create_connection(self.target)
            alive = threading.Event()
            alive.set()
            with self.lock:
                self.pairs.append((down, up, alive))
            threading.Thread(target=self._pump, args=(down, up, alive), daemon=True).start()
            threading.Thread(target=self._pump, args=(up, down, alive), daemon=True).start()

    @staticmethod
    def _pump(src, dst, alive):
        try:
            while alive.is_set():
                data = src.recv(65536)
                if not data or not alive.is_set():
                    break
                dst.sendall(data)
        except OSError:
            pass
        if alive.is_set():  # an ordinary close on one side closes the other
            alive.clear()
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

    def connections(self):
        with self.lock:
            return sum(1 for _, _, alive in self.pairs if alive.is_set())

    def orphan(self):
        """Closes the switch side of every live connection; the controller side stays open and hears nothing."""
        with self.lock:
            for down, up, alive in self.pairs:
                if alive.is_set():
                    alive.clear()
                    self.orphans.append(up)
                    try:
                        down.shutdown(socket.SHUT_RDWR)
                        down.close()
                    except OSError:
                        pass

    def close(self):
        self.listener.close()
        with self.lock:
            for down, up, alive in self.pairs:
                alive.clear()
                for s in (down, up):
                    try:
                        s.close()
                    except OSError:
                        pass
