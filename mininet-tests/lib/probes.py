"""Real packets between Mininet hosts: TCP connect, UDP request/response, ICMP ping. Every probe is bounded."""

import json
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"  # Debian's interpreter, the one Mininet hosts are set up for
DENY_TIMEOUT = 1.5           # how long a probe waits before calling the destination unreachable


@dataclass(frozen=True)
class ProbeResult:
    kind: str
    src: str
    dst: str
    port: int
    reached: bool
    seconds: float
    sent: int       # packets the probe itself sent (0 when the kernel decides, e.g. TCP SYN retries)
    detail: str

    def __str__(self):
        where = f"{self.dst}:{self.port}" if self.port else self.dst
        return (f"{self.kind} {self.src} -> {where}: {'reached' if self.reached else 'NOT reached'} "
                f"in {self.seconds:.2f}s ({self.detail})")


class Server:
    """A plain socket server running in a host; stop() kills it (the network also does on teardown)."""

    def __init__(self, host, kind, port, proc):
        self.host, self.kind, self.port, self.proc = host, kind, port, proc

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def _listening(host, kind, port):
    flag = "-ltnH" if kind == "tcp" else "-lunH"
    return f":{port} " in host.cmd(f"ss {flag} 'sport = :{port}'") + " "


def start_server(network, host, kind, port, timeout=10):
    """Starts a TCP or UDP server in `host` (a name) and returns once `ss` shows it listening."""
    node = network.host(host)
    proc = node.popen([PYTHON, str(HERE / "probe_server.py"), kind, str(port)],
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    network.servers.append(proc)
    deadline = time.monotonic() + timeout
    while not _listening(node, kind, port):
        if proc.poll() is not None:
            raise RuntimeError(f"{kind} server on {host}:{port} exited: {proc.stderr.read().decode()}")
        if time.monotonic() >= deadline:
            raise RuntimeError(f"{kind} server on {host}:{port} not listening after {timeout}s")
        time.sleep(0.05)
    return Server(host, kind, port, proc)


def _client(network, src, kind, dst, port, timeout, tries=1):
    node = network.host(src)
    proc = node.popen([PYTHON, str(HERE / "probe_client.py"), kind, network.ip(dst), str(port), str(timeout),
                       str(tries)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout + 10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"{kind} probe {src} -> {dst}:{port} did not finish")
    try:
        r = json.loads(out.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise RuntimeError(f"{kind} probe {src} -> {dst}:{port} failed: {out!r} {err!r}")
    return ProbeResult(kind, src, dst, port, r["reached"], r["seconds"], r["sent"], r["detail"])


def tcp(network, src, dst, port, timeout=DENY_TIMEOUT):
    """Connects from `src` to a server on `dst`:`port` (start_server first); reached = got the banner."""
    return _client(network, src, "tcp", dst, port, timeout)


def udp(network, src, dst, port, timeout=DENY_TIMEOUT, tries=1):
    """Sends `tries` datagrams spread over `timeout`; reached = the server's answer came back."""
    return _client(network, src, "udp", dst, port, timeout, tries)


def ping(network, src, dst, count=2, timeout=1):
    """ICMP echo: `count` requests 0.2 s apart, each waited for `timeout` s; reached = at least one reply."""
    node = network.host(src)
    started = time.monotonic()
    proc = node.popen(["ping", "-n", "-q", "-c", str(count), "-i", "0.2", "-W", str(timeout), network.ip(dst)],
                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=count * 0.2 + timeout + 10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"ping {src} -> {dst} did not finish")
    text = out.decode(errors="replace")
    seconds = round(time.monotonic() - started, 3)
    m = re.search(r"(\d+) packets transmitted, (\d+) received", text)
    sent, received = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    summary = m.group(0) if m else text.strip()[-200:]
    return ProbeResult("icmp", src, dst, 0, received > 0, seconds, sent, summary)


# ---- many servers and probes at once ----

def start_servers(network, host, specs, timeout=10):
    """Starts one server process in `host` serving every spec ("tcp:443", "udp:514", "echo:7000");
    returns once `ss` shows each port listening."""
    node = network.host(host)
    proc = node.popen([PYTHON, str(HERE / "probe_server.py"), *specs],
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    network.servers.append(proc)
    deadline = time.monotonic() + timeout
    for spec in specs:
        kind, port = spec.split(":")
        kind = "udp" if kind == "udp" else "tcp"
        while not _listening(node, kind, int(port)):
            if proc.poll() is not None:
                raise RuntimeError(f"servers {specs} on {host} exited: {proc.stderr.read().decode()}")
            if time.monotonic() >= deadline:
                raise RuntimeError(f"{spec} on {host} not listening after {timeout}s")
            time.sleep(0.05)
    return Server(host, "multi", 0, proc)


@dataclass(frozen=True)
class Probe:
    src: str
    kind: str     # "tcp" or "udp"
    dst: str      # a host name, or an IPv4 address
    port: int

    def __str__(self):
        return f"{self.kind} {self.src} -> {self.dst}:{self.port}"


def run_batch(network, todo, timeout=DENY_TIMEOUT, tries=2):
    """Runs every Probe at once (one client process per source host, one thread per probe);
    returns {probe: ProbeResult}. A denied probe costs `timeout`, the whole batch about the same."""
    by_src = {}
    for p in todo:
        by_src.setdefault(p.src, []).append(p)
    procs = {}
    for src, items in by_src.items():
        spec = [[p.kind, _addr(network, p.dst), p.port] for p in items]
        procs[src] = network.host(src).popen(
            [PYTHON, str(HERE / "probe_client.py"), "batch", str(timeout), str(tries), json.dumps(spec)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    results = {}
    for src, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=timeout + 20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise RuntimeError(f"probe batch from {src} did not finish")
        try:
            answers = json.loads(out.decode().strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise RuntimeError(f"probe batch from {src} failed: {out!r} {err!r}")
        for p, r in zip(by_src[src], answers):
            results[p] = ProbeResult(p.kind, p.src, p.dst, p.port, r["reached"], r["seconds"], r["sent"], r["detail"])
    return results


def _addr(network, dst):
    return dst if dst[0].isdigit() else network.ip(dst)


def check_batch(network, expected, timeout=DENY_TIMEOUT, tries=2, retries=0):
    """Runs {Probe: should_reach} at once; returns (results, mismatches as text lines).

    `retries`: re-run only the mismatching probes this many times (for a change that is still
    propagating); the final results are the last ones seen for each probe."""
    results = run_batch(network, list(expected), timeout, tries)
    for _ in range(retries):
        wrong = [p for p in expected if results[p].reached != expected[p]]
        if not wrong:
            break
        results.update(run_batch(network, wrong, timeout, tries))
    wrong = [f"expected {'reach' if expected[p] else 'DENY'}: {results[p]}"
             for p in expected if results[p].reached != expected[p]]
    return results, wrong


class Session:
    """One long-lived TCP connection from `src` to an echo server on `dst`:`port`; exchange() sends a line
    and says whether its echo came back."""

    def __init__(self, network, src, dst, port, timeout=2.0):
        self.desc = f"tcp session {src} -> {dst}:{port}"
        self.proc = network.host(src).popen([PYTHON, "-u", str(HERE / "session_client.py"), network.ip(dst),
                                             str(port), str(timeout)],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        network.servers.append(self.proc)
        self.timeout = timeout
        hello = self._read()
        self.connected = hello.get("connected", False)
        self.local = hello.get("local")
        self.count = 0

    def _read(self):
        import select
        deadline = time.monotonic() + self.timeout + 10
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise RuntimeError(f"{self.desc}: no answer from the client")
            chunk = self.proc.stdout.readline()
            if not chunk:
                raise RuntimeError(f"{self.desc}: client exited: {self.proc.stderr.read()!r}")
            line += chunk
        return json.loads(line.decode())

    def exchange(self, label=""):
        """Sends one line; returns the client's answer ({"ok": bool, ...})."""
        self.count += 1
        self.proc.stdin.write(f"{label or 'msg'}-{self.count}\n".encode())
        self.proc.stdin.flush()
        return self._read()

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Stream:
    """One long-lived TCP connection from `client` to `server`:`port` with both ends driven by the test
    (lib/stream_peer.py on each): either end can send a line, and each end says what it received, so each
    direction is checked on its own, a server push without the client speaking first included."""

    def __init__(self, network, client, server, port, timeout=10):
        import queue
        import threading
        self.desc = f"tcp stream {client} -> {server}:{port}"
        self.ends = {}
        self.inbox = {}
        node = network.host(server)
        self._start(network, server, ["listen", str(port)], queue, threading)
        deadline = time.monotonic() + timeout
        while not _listening(node, "tcp", port):
            if time.monotonic() >= deadline:
                raise RuntimeError(f"{self.desc}: nothing listening after {timeout}s")
            time.sleep(0.05)
        self._start(network, client, ["connect", network.ip(server), str(port)], queue, threading)
        self.client, self.server = client, server
        self.up = all(self._next(end, lambda m: "up" in m, timeout).get("up") for end in (client, server))

    def _start(self, network, host, args, queue, threading):
        proc = network.host(host).popen([PYTHON, "-u", str(HERE / "stream_peer.py"), *args],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        network.servers.append(proc)
        self.ends[host] = proc
        inbox = self.inbox[host] = queue.Queue()

        def pump():
            for raw in proc.stdout:
                inbox.put(json.loads(raw.decode()))
        threading.Thread(target=pump, daemon=True).start()

    def _next(self, host, wanted, timeout):
        import queue
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return {}
            try:
                message = self.inbox[host].get(timeout=left)
            except queue.Empty:
                return {}
            if wanted(message):
                return message

    def send(self, host, line):
        """`host` (either end) sends one line."""
        self.ends[host].stdin.write((line + "\n").encode())
        self.ends[host].stdin.flush()

    def received(self, host, line, timeout):
        """Whether `host` receives `line` within `timeout` seconds (earlier lines are skipped)."""
        return bool(self._next(host, lambda m: m.get("recv") == line, timeout))

    def passes(self, sender, line, timeout):
        """`sender` sends `line`; whether the other end gets it within `timeout` seconds."""
        other = self.server if sender == self.client else self.client
        self.send(sender, line)
        return self.received(other, line, timeout)

    def close(self):
        for proc in self.ends.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
