"""Forged frames between Mininet hosts: a sniffer counting frames that carry a marker, and a scapy sender."""

import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"


class Sniffer:
    """Counts, on a host's interface, the frames carrying `marker` (tagged or not) for `seconds`."""

    def __init__(self, network, host, marker, seconds=4.0):
        node = network.host(host)
        self.proc = node.popen([PYTHON, str(HERE / "frame_sniffer.py"), str(node.defaultIntf()), marker, str(seconds)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        network.servers.append(self.proc)
        line = self.proc.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"sniffer on {host} did not start: {line!r} {self.proc.stderr.read()}")

    def count(self):
        out, err = self.proc.communicate(timeout=30)
        lines = out.strip().splitlines()
        if self.proc.returncode != 0 or not lines:
            raise RuntimeError(f"sniffer failed ({self.proc.returncode}): {out!r} {err!r}")
        return int(lines[-1])


def send(network, src, dst, kind, marker, count=5, port=5555):
    """Sends `count` rounds of forged frames of `kind` from host `src` toward host `dst`; returns frames sent."""
    node, spec, to = network.host(src), network.topology.host(src), network.topology.host(dst)
    done = node.popen([PYTHON, str(HERE / "frame_sender.py"), str(node.defaultIntf()), kind, str(count), marker,
                       spec.mac, to.mac, spec.addr, to.addr, str(port)],
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = done.communicate(timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"scapy sender on {src} failed: {err[-2000:]}")
    return int(out.strip().splitlines()[-1])


def expect_frames(network, src, dst, kind, marker, count=5, seconds=4.0):
    """(frames sent, frames with the marker seen at dst) for one kind."""
    sniffer = Sniffer(network, dst, marker, seconds)
    time.sleep(0.2)
    sent = send(network, src, dst, kind, marker, count)
    return sent, sniffer.count()
