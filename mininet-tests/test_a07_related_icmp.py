"""Attack 7 (issue 9), related traffic: conntrack calls an ICMP error related (+rel) when the packet it quotes fits
a connection and the error goes back to that packet's sender; it does not check who sends the error. Table 2 used to
forward every +rel packet, so any host could send a forged "port unreachable" that tears down a connection it is
not part of. Now +rel goes to the controller (meter 5), which sends on only an error from the quoted packet's own
destination (the connection's peer).

web1 (A), app1 (B), db1 (C, the attacker) on mt1; web may send UDP to app on 5353 and 5354. A's connected UDP
socket to B:5353 is answered (the connection is established); C forges port unreachable errors quoting A -> B:5353
and sends them to A: A's ICMP sniffer (a raw socket) sees none, its socket reports no ECONNREFUSED, and the table-2
related flow counts them. Control: A -> B:5354, where nothing listens: B's own port unreachable reaches A (sniffer
and ECONNREFUSED).
"""

import json
import subprocess

import pytest

from lib import flows, net, probes
from lib.examples import THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, Policy, allow, register

HOSTS = three_tier_hosts(["web1", "app1", "db1"])
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0].name
POLICIES = [Policy("web-out", "web", priority=10, egress=[allow("app", "udp", 5353), allow("app", "udp", 5354)]),
            Policy("app-in", "app", priority=20, ingress=[allow("web", "udp", 5353), allow("web", "udp", 5354)])]


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, POLICIES)
    m.apply(api)
    api.wait_in_sync()
    probes.start_server(module_network, "app1", "udp", 5353)
    return m


class Watch:
    """lib/icmp_watch.py on a host: a connected UDP socket and an ICMP sniffer."""

    def __init__(self, network, host, dst, port):
        self.proc = network.host(host).popen([probes.PYTHON, "-u", str(probes.HERE / "icmp_watch.py"),
                                              network.ip(dst), str(port)],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        network.servers.append(self.proc)
        self.local_port = self._read()["local_port"]

    def _read(self):
        line = self.proc.stdout.readline()
        assert line, f"icmp_watch exited: {self.proc.stderr.read()!r}"
        return json.loads(line)

    def command(self, text):
        self.proc.stdin.write((text + "\n").encode())
        self.proc.stdin.flush()

    def observe(self, seconds):
        self.command(f"observe {seconds}")
        return self._read()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def _related_counter():
    """n_packets of table 2's related flow (+rel -> meter 5 -> controller)."""
    found = [f for f in flows.dump_flows(SW) if f.table == 2 and "ct_state=+rel" in f.match]
    assert found, flows.dump_text(SW)
    return sum(f.n_packets for f in found)


def _wait_related(minimum, timeout=6):
    import time
    deadline = time.monotonic() + timeout
    while (value := _related_counter()) < minimum and time.monotonic() < deadline:
        time.sleep(0.25)
    return value


def test_a_forged_port_unreachable_from_a_third_host_does_not_reach_the_victim(model, module_network):
    a, b, c = (TOPOLOGY.host(n) for n in ("web1", "app1", "db1"))
    watch = Watch(module_network, "web1", "app1", 5353)
    try:
        watch.command("send")
        first = watch.observe(2)
        assert first["answers"] and not first["refused"], f"the allowed UDP exchange A -> B:5353 failed: {first}"
        before = _related_counter()

        forge = module_network.host("db1").popen([probes.PYTHON, str(probes.HERE / "forge_icmp.py"), c.addr, a.addr,
                                                  b.addr, str(watch.local_port), "5353"],
                                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = forge.communicate(timeout=30)
        assert forge.returncode == 0, err.decode()
        seen = watch.observe(2)

        from_c = [i for i in seen["icmp"] if i[0] == c.addr]
        assert not from_c, f"the forged errors reached A: {seen}"
        assert not seen["refused"], "A's socket took the forged port unreachable"
        after = _wait_related(before + 3)
        assert after >= before + 3, f"table 2's related flow counted {after - before} of the 3 forged errors"
        print(f"\n3 forged port unreachable C -> A quoting A:{watch.local_port} -> B:5353: none reached A; "
              f"related flow +{after - before}")
        watch.command("send")
        assert watch.observe(2)["answers"], "the connection A -> B:5353 still works"
    finally:
        watch.close()


def test_the_peers_own_port_unreachable_still_reaches_the_sender(model, module_network):
    b = TOPOLOGY.host("app1")
    watch = Watch(module_network, "web1", "app1", 5354)  # nothing listens on B:5354
    try:
        before = _related_counter()
        watch.command("send")
        seen = watch.observe(2)
        from_b = [i for i in seen["icmp"] if i[0] == b.addr and i[1] == 3]
        assert from_b, f"B's port unreachable did not reach A: {seen}"
        assert seen["refused"], f"A's socket did not learn the port is closed: {seen}"
        assert _wait_related(before + 1) >= before + 1, "the genuine error did not go through the related flow"
        print(f"\nB's port unreachable for A -> B:5354 reached A: {from_b}")
    finally:
        watch.close()
