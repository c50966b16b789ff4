"""The lab network: config/lab/topology.yaml as a Mininet network of userspace Open vSwitch bridges.

Built with mininet-tests/lib/net.py's pieces (new_mininet, quiet_host, stop_mininet; its Topology only accepts
its own `mt` bridge names, so the lab keeps its own topology file format): pinned dpids, ports, IPs and MACs;
OVS datapath=user, fail-mode secure, OpenFlow13/14; offloads and IPv6 off in every host; static ARP. stop()
always cleans up and then removes, by exact name, anything of ours still there.
"""

import ipaddress
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
from mininet.cli import CLI
from mininet.log import setLogLevel

from labapi import LabError
from lib.net import new_mininet, quiet_host, stop_mininet  # mininet-tests/lib (run.py puts it on sys.path)

PREFIX = "lab"   # our bridges (and so their root-namespace veth ends: lab1-eth1) start with this


@dataclass(frozen=True)
class Host:
    name: str
    ip: str        # with prefix: 10.0.1.11/8
    mac: str
    switch: str
    port: int

    @property
    def addr(self):
        return self.ip.split("/")[0]


@dataclass(frozen=True)
class Switch:
    name: str
    dpid: int

    @property
    def dpid_text(self):
        h = f"{self.dpid:016x}"
        return ":".join(h[i:i + 2] for i in range(0, 16, 2))


@dataclass(frozen=True)
class Trunk:
    a: str
    a_port: int
    b: str
    b_port: int


@dataclass(frozen=True)
class Service:
    host: str
    port: int
    protocol: str  # tcp | udp

    @property
    def label(self):
        return f"{self.host} {self.protocol}/{self.port}"


@dataclass(frozen=True)
class Topology:
    switches: tuple
    trunks: tuple
    hosts: tuple
    services: tuple

    def host(self, name):
        return next(h for h in self.hosts if h.name == name)

    def switch(self, name):
        return next(s for s in self.switches if s.name == name)

    def renamed(self, prefix):
        """The same topology with bridge names starting with `prefix` instead of "lab" (lab1 -> labt1)."""
        def ren(n):
            return prefix + n[len(PREFIX):]
        return Topology(
            switches=tuple(Switch(ren(s.name), s.dpid) for s in self.switches),
            trunks=tuple(Trunk(ren(t.a), t.a_port, ren(t.b), t.b_port) for t in self.trunks),
            hosts=tuple(Host(h.name, h.ip, h.mac, ren(h.switch), h.port) for h in self.hosts),
            services=self.services)


def load_topology(path):
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as e:
        raise LabError(f"{path}: {e}") from None
    try:
        switches = tuple(Switch(s["name"], int(str(s["dpid"]).replace(":", ""), 16)) for s in doc["switches"])
        trunks = tuple(Trunk(t["from"], int(t["from_port"]), t["to"], int(t["to_port"])) for t in doc.get("trunks") or [])
        hosts = tuple(Host(h["name"], h["ip"], h["mac"].lower(), h["switch"], int(h["port"])) for h in doc["hosts"])
        services = tuple(Service(s["host"], int(s["port"]), s.get("protocol", "tcp").lower())
                         for s in doc.get("services") or [])
    except (KeyError, TypeError, ValueError) as e:
        raise LabError(f"{path}: bad topology ({type(e).__name__}: {e})") from None
    topo = Topology(switches, trunks, hosts, services)
    problems = []
    names = [s.name for s in switches]
    for s in switches:
        if not s.name.startswith(PREFIX) or len(s.name) > 8:
            problems.append(f"switch {s.name!r}: must start with {PREFIX!r} and be at most 8 characters")
    used = set()
    for h in hosts:
        if h.switch not in names:
            problems.append(f"host {h.name}: unknown switch {h.switch}")
        if (h.switch, h.port) in used:
            problems.append(f"host {h.name}: port {h.switch}:{h.port} is taken")
        used.add((h.switch, h.port))
        try:
            ipaddress.ip_interface(h.ip)
        except ValueError:
            problems.append(f"host {h.name}: bad ip {h.ip!r} (want 10.0.1.11/8)")
    for t in trunks:
        for sw, port in ((t.a, t.a_port), (t.b, t.b_port)):
            if sw not in names:
                problems.append(f"trunk {t}: unknown switch {sw}")
            if (sw, port) in used:
                problems.append(f"trunk {t}: port {sw}:{port} is taken")
            used.add((sw, port))
    hostnames = [h.name for h in hosts]
    for s in services:
        if s.host not in hostnames or s.protocol not in ("tcp", "udp"):
            problems.append(f"service {s}: unknown host or protocol (tcp|udp)")
    if problems:
        raise LabError(f"{path}:\n  " + "\n  ".join(problems))
    return topo


def _run(cmd, timeout=15):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def existing_bridges(names):
    out = _run(["ovs-vsctl", "--timeout=10", "list-br"]).stdout.split()
    return [b for b in out if b in names]


def root_links(switch_names):
    """Root-namespace links named after our switches (lab1, lab1-eth1, ...)."""
    out = _run(["ip", "-o", "link", "show"]).stdout
    found = []
    for line in out.splitlines():
        name = line.split(": ", 2)[1].split("@")[0]
        if any(name == s or name.startswith(s + "-") for s in switch_names):
            found.append(name)
    return found


def remove_leftovers(switch_names):
    """Deletes our bridges and root links by exact name; returns what it found."""
    bridges = existing_bridges(switch_names)
    for b in bridges:
        _run(["ovs-vsctl", "--timeout=10", "--if-exists", "del-br", b])
    links = root_links(switch_names)
    for link in links:
        _run(["ip", "link", "del", link])
    return bridges + links


class LabCLI(CLI):
    """Mininet's CLI, except that Ctrl-C at the prompt leaves it (Ctrl-C during a host command still only
    interrupts that command, as in Mininet)."""

    prompt = "microseg-lab> "

    def cmdloop(self, intro=None):
        try:
            return super().cmdloop(intro)
        except KeyboardInterrupt:
            print("\n^C: leaving the lab")
            return None


class LabNetwork:
    """start() builds and starts the network; stop() tears it down (also after failures, idempotent)."""

    def __init__(self, topology, controller_port, protocol="tcp"):
        """`protocol`: "tcp", or "ssl" (OpenFlow over TLS; the key material is ovs-vsctl set-ssl's)."""
        self.topology = topology
        self.controller_port = controller_port
        self.protocol = protocol
        self.net = None
        self.servers = []   # processes started in hosts (lib.probes.start_server appends to this)

    def start(self):
        net = new_mininet(self.controller_port, self.protocol)
        self.net = net
        for s in self.topology.switches:
            net.addSwitch(s.name, dpid=f"{s.dpid:016x}")
        for h in self.topology.hosts:
            net.addHost(h.name, ip=h.ip, mac=h.mac)
        for h in self.topology.hosts:
            net.addLink(h.name, h.switch, port1=0, port2=h.port)
        for t in self.topology.trunks:
            net.addLink(t.a, t.b, port1=t.a_port, port2=t.b_port)
        net.build()
        for h in net.hosts:
            quiet_host(h, error=LabError)
        for s in net.switches:
            # the root namespace's IPv6 chatter on a trunk's veth end enters the other bridge as traffic
            # from an unknown source (before LLDP marks the port a trunk): keep it quiet
            for intf in s.intfList():
                if intf.name != "lo":
                    _run(["sysctl", "-qw", f"net.ipv6.conf.{intf.name}.disable_ipv6=1"])
        net.staticArp()
        net.start()
        return self

    def pids(self):
        """Host shells' pids (for the stale-run cleanup of a killed lab)."""
        return [h.pid for h in self.net.hosts] if self.net else []

    def cli(self):
        setLogLevel("output")  # Mininet prints a host command's output at this level ("warning" hides it)
        try:
            LabCLI(self.net)
        finally:
            setLogLevel("warning")

    def stop(self):
        """Servers, then the network; then removes by exact name any bridge or root link of ours still there.
        Returns the names it had to remove that way (empty when Mininet cleaned up everything)."""
        servers, self.servers = self.servers, []
        net, self.net = self.net, None
        try:
            stop_mininet(net, servers)
        except Exception:  # noqa: BLE001 - go on cleaning up by name
            pass
        return remove_leftovers([s.name for s in self.topology.switches])

    # ---- what lib.probes needs ----

    def host(self, name):
        return self.net.get(name)

    def ip(self, name):
        return self.topology.host(name).addr
