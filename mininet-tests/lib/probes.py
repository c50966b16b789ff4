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
