"""A Mininet network from a small pinned topology description, attached to the microseg controller.

Every host has a pinned IP and MAC, every switch a pinned dpid, every link pinned port numbers, so
flows, traces and counters name the same things on every run. Switches are userspace Open vSwitch
bridges (no kernel module here) in fail-mode secure, speaking OpenFlow 1.3/1.4 to 127.0.0.1:<port>.
"""

import subprocess
import time
from dataclasses import dataclass, field
from functools import partial

from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import OVSSwitch, RemoteController

from . import flows

# Our bridges (and so their veth ends in the root namespace) all start with this; others use msit*/mst*.
PREFIX = "mt"


class _Controller(RemoteController):
    """Mininet's RemoteController without its telnet probe: the controller's OpenFlow HELLO comes back
    through the node's shell, and a 0x7f byte in it (Mininet's end-of-output sentinel) can desync or
    hang the shell. lib.controller already waited for the port to listen."""

    def checkListening(self):
        pass


def new_mininet(controller_port, protocol="tcp"):
    """An empty Mininet (build=False) of userspace OVS bridges in fail-mode secure speaking OpenFlow 1.3/1.4
    to 127.0.0.1:<controller_port> over `protocol` ("tcp" or "ssl"). Shared by Network and the lab."""
    setLogLevel("warning")
    switch = partial(OVSSwitch, datapath="user", protocols="OpenFlow13,OpenFlow14", failMode="secure")
    # cleanup=False: never run Mininet's global cleanup (mn -c); others share this machine.
    net = Mininet(topo=None, switch=switch, controller=None, build=False, cleanup=False,
                  autoSetMacs=False, autoStaticArp=False, listenPort=None, waitConnected=False)
    net.addController("c0", controller=_Controller, ip="127.0.0.1", port=controller_port, protocol=protocol)
    return net


def quiet_host(host, quiet_ipv6=True, error=RuntimeError):
    """Offloads off (userspace conntrack needs finished checksums) and, by default, no IPv6 chatter
    (router solicitations, MLD) so the drop counters count the probes. Raises `error` if ethtool fails."""
    for intf in host.intfList():
        if intf.name == "lo":
            continue
        out = host.cmd(f"ethtool -K {intf.name} tx off rx off tso off gso off gro off; echo rc=$?")
        if "rc=0" not in out:
            raise error(f"ethtool on {host.name} {intf.name} failed: {out}")
    if quiet_ipv6:
        host.cmd("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1")


def stop_mininet(net, servers):
    """Kills the processes started in hosts, stops the network and the controller node's shell
    (RemoteController.stop() leaves it running)."""
    for proc in servers:
        if proc.poll() is None:
            proc.kill()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
    if net is not None:
        try:
            net.stop()
        finally:
            for c in net.controllers:
                c.terminate()


@dataclass(frozen=True)
class HostSpec:
    name: str
    ip: str   # with prefix length: "10.0.0.1/24"
    mac: str
    ns: str = None        # the workload's namespace (None: not a workload, never registered)
    labels: tuple = ()    # the workload's labels as ((key, value), ...)

    @property
    def addr(self):
        return self.ip.split("/")[0]

    @property
    def label_map(self):
        return dict(self.labels)


@dataclass(frozen=True)
class SwitchSpec:
    name: str
    dpid: int

    @property
    def dpid_text(self):
        """The dpid as the controller logs it: 6d:74:00:00:00:00:00:01."""
        h = f"{self.dpid:016x}"
        return ":".join(h[i:i + 2] for i in range(0, 16, 2))


@dataclass(frozen=True)
class LinkSpec:
    node1: str
    node2: str
    port1: int
    port2: int


@dataclass(frozen=True)
class Topology:
    hosts: tuple
    switches: tuple
    links: tuple

    def __post_init__(self):
        for s in self.switches:
            if not s.name.startswith(PREFIX) or len(s.name) > 8:
                raise ValueError(f"switch {s.name!r}: name must start with {PREFIX!r} and be short (veth names <= 15)")

    def host(self, name):
        return next(h for h in self.hosts if h.name == name)

    def switch(self, name):
        return next(s for s in self.switches if s.name == name)

    def location(self, host):
        """(dpid, port) of the switch port `host` is cabled to."""
        for link in self.links:
            if link.node1 == host:
                return self.switch(link.node2).dpid, link.port2
            if link.node2 == host:
                return self.switch(link.node1).dpid, link.port1
        raise KeyError(host)

    def switch_of(self, host):
        dpid, _ = self.location(host)
        return next(s.name for s in self.switches if s.dpid == dpid)

    def trunk_links(self):
        """Switch-to-switch links as directed (dpid, port, dpid, port), both directions."""
        names = {s.name for s in self.switches}
        out = set()
        for link in self.links:
            if link.node1 in names and link.node2 in names:
                a, b = self.switch(link.node1).dpid, self.switch(link.node2).dpid
                out |= {(a, link.port1, b, link.port2), (b, link.port2, a, link.port1)}
        return out

    def workloads(self):
        return [h for h in self.hosts if h.ns]


def single_switch(n_hosts=2, switch="mt1", n=1):
    """One switch, hosts h1..hN at 10.0.0.N/24 with MAC 00:00:00:00:00:0N, host N on switch port N."""
    hosts = tuple(HostSpec(f"h{i}", f"10.0.0.{i}/24", f"00:00:00:00:00:{i:02x}") for i in range(1, n_hosts + 1))
    links = tuple(LinkSpec(h.name, switch, 0, i) for i, h in enumerate(hosts, start=1))
    return Topology(hosts=hosts, switches=(SwitchSpec(switch, dpid(n)),), links=links)


def dpid(n):
    """Our datapath ids: 'mt' in the high bytes; the low 16 bits (the conntrack zone) 0x6d00 + n so
    another team's bridges on the same ovs-vswitchd (dpid 1, 2, ...) never share a zone with ours."""
    return 0x6D74000000000000 | (0x6D00 + n)


def workload_host(name, n, ns, labels, prefix=8):
    """A workload host: 10.0.0.n/8 (one L2 subnet), MAC 02:00:00:00:00:<n>."""
    return HostSpec(name, f"10.0.0.{n}/{prefix}", f"02:00:00:00:00:{n:02x}", ns, tuple(sorted(labels.items())))


def star(hosts, switch="mt1", n=1):
    """One switch; host i (in the given order) on port i+1."""
    links = tuple(LinkSpec(h.name, switch, 0, i) for i, h in enumerate(hosts, start=1))
    return Topology(hosts=tuple(hosts), switches=(SwitchSpec(switch, dpid(n)),), links=links)


def spread(hosts, placement, switches, trunks):
    """Several switches: `placement` {host: switch name}, host ports from 1 up per switch;
    `trunks` [(sw1, port1, sw2, port2)] (use ports >= 20)."""
    specs = tuple(SwitchSpec(name, dpid(i)) for i, name in enumerate(switches, start=1))
    next_port = {s: 1 for s in switches}
    links = []
    for h in hosts:
        sw = placement[h.name]
        links.append(LinkSpec(h.name, sw, 0, next_port[sw]))
        next_port[sw] += 1
    links += [LinkSpec(a, b, p, q) for a, p, b, q in trunks]
    return Topology(hosts=tuple(hosts), switches=specs, links=tuple(links))


def _run(cmd, timeout=10):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def our_bridges():
    """Bridges on this machine whose name starts with our prefix."""
    out = _run(["ovs-vsctl", "--timeout=10", "list-br"]).stdout
    return [b for b in out.split() if b.startswith(PREFIX)]


def root_links(names_prefixes):
    """Root-namespace links whose name starts with one of the given prefixes (e.g. "mt1-")."""
    out = _run(["ip", "-o", "link", "show"]).stdout
    found = []
    for line in out.splitlines():
        name = line.split(": ", 2)[1].split("@")[0]
        if any(name.startswith(p) for p in names_prefixes):
            found.append(name)
    return found


class Network:
    """Use as a context manager (or call start()/stop()); stop() always cleans up, also after failures."""

    def __init__(self, topology, controller_port, static_arp=True, quiet_ipv6=True, connect_timeout=30,
                 baseline_timeout=15):
        self.topology = topology
        self.controller_port = controller_port
        self.static_arp = static_arp
        self.quiet_ipv6 = quiet_ipv6
        self.connect_timeout = connect_timeout
        self.baseline_timeout = baseline_timeout
        self.net = None
        self.servers = []  # processes started in hosts; stopped before the network goes

    # ---- lifecycle ----

    def start(self):
        net = new_mininet(self.controller_port)
        self.net = net
        try:
            for h in self.topology.hosts:
                net.addHost(h.name, ip=h.ip, mac=h.mac)
            for s in self.topology.switches:
                net.addSwitch(s.name, dpid=f"{s.dpid:016x}")
            for link in self.topology.links:
                net.addLink(link.node1, link.node2, port1=link.port1, port2=link.port2)
            net.build()
            for h in net.hosts:
                self._quiet_host(h)
            if self.static_arp:
                net.staticArp()
            net.start()
            self.wait_connected()
            self.wait_baseline()
        except BaseException:
            self.stop()
            raise
        return self

    def _quiet_host(self, host):
        quiet_host(host, self.quiet_ipv6)

    def wait_connected(self, timeout=None):
        """Every switch has an OpenFlow connection to the controller (bounded)."""
        if not self.net.waitConnected(timeout=timeout or self.connect_timeout):
            raise AssertionError(f"switches not connected to 127.0.0.1:{self.controller_port} "
                                 f"after {timeout or self.connect_timeout}s")

    def wait_baseline(self, timeout=None):
        """The controller's baseline drop flow is on every switch (bounded)."""
        for s in self.topology.switches:
            flows.wait_for_flow(s.name, cookie=flows.BASELINE_DROP_COOKIE, table=0, priority=0,
                                timeout=timeout or self.baseline_timeout)

    def is_connected(self, switch):
        return self.net.get(switch).connected()

    def stop(self):
        """Stops servers, then the network; verifies nothing of ours is left (cleaning by exact name if so)."""
        servers, self.servers = self.servers, []
        net, self.net = self.net, None
        stop_mininet(net, servers)
        leftovers = self._leftovers()
        if leftovers:
            self._remove(leftovers)
            raise AssertionError(f"network left {leftovers} behind after stop (removed them)")

    def _leftovers(self):
        names = {s.name for s in self.topology.switches}
        bridges = [b for b in our_bridges() if b in names]
        links = root_links([f"{n}-" for n in names] + list(names))
        return {"bridges": bridges, "links": links} if bridges or links else {}

    @staticmethod
    def _remove(leftovers):
        for b in leftovers.get("bridges", []):
            _run(["ovs-vsctl", "--if-exists", "del-br", b])
        for link in leftovers.get("links", []):
            _run(["ip", "link", "del", link])

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # ---- access ----

    def host(self, name):
        return self.net.get(name)

    def switch(self, name=None):
        return self.net.get(name or self.topology.switches[0].name)

    def ip(self, host):
        return self.topology.host(host).addr
