"""What scenario tests share: registering a topology's workloads, a tiny policy oracle that says which probes
must pass and which flow must count each denial, and the check that runs probes and reads those counters.

The oracle is deliberately small (segments by matchLabels, allow/deny rules to/from segments on one port,
tiers, first match by (tier order, priority, name, index), default posture deny): enough to state each
scenario's truth table independently of the controller's compiler, and to name the deciding flow:

- no egress rule matched          -> table 8 posture flow, cookie 0x6d07......01 (source's switch)
- egress ok, no ingress rule      -> table 12 posture flow, cookie 0x6d07......02 (destination's switch)
- a tiered deny rule matched      -> table 7 (egress) / 11 (ingress) flow of category 0x05 with actions=drop
- unregistered or spoofed source  -> table 0 unknown host (priority 1, meter 1, controller)
"""

import time
from dataclasses import dataclass, field

from . import flows, probes
from .rest import dpid_text

TIER_ORDER = {"security": 200, "application": 300, "baseline": 400}


# ---- registration ----

def register(api, topology, hosts=None, location=True, namespace_labels=None):
    """PUTs each workload host's namespace (labels {"env": ns} unless given) and the workload itself
    (IP, MAC, labels, and with `location` the switch port it is cabled to)."""
    hosts = [topology.host(h) if isinstance(h, str) else h for h in (hosts or topology.workloads())]
    for ns in sorted({h.ns for h in hosts}):
        api.namespace(ns, (namespace_labels or {}).get(ns, {"env": ns}))
    for h in hosts:
        api.workload(h.ns, h.name, [h.addr], h.label_map, h.mac, topology.location(h.name) if location else None)


def allow(peer, proto, port):
    return ("allow", peer, proto, port)


def deny(peer, proto=None, port=None):
    return ("deny", peer, proto, port)


@dataclass
class Policy:
    name: str
    applied: str                   # a segment name
    ingress: list = field(default_factory=list)   # [(action, peer segment, proto or None, port or None)]
    egress: list = field(default_factory=list)
    tier: str = "application"
    priority: int = 100

    def body(self):
        def rules(items, key):
            out = []
            for action, peer, proto, port in items:
                r = {"action": action, key: [{"segment": peer}]}
                if proto:
                    r["ports"] = [{"protocol": proto.upper(), **({"port": port} if port else {})}]
                out.append(r)
            return out
        return {"tier": self.tier, "priority": self.priority, "appliedTo": {"segment": self.applied},
                "ingress": rules(self.ingress, "from"), "egress": rules(self.egress, "to")}


class Model:
    """Segments {name: matchLabels} over the topology's workloads (labels may be changed), and Policies."""

    def __init__(self, topology, segments, policies=()):
        self.topology = topology
        self.segments = dict(segments)
        self.policies = {p.name: p for p in policies}
        self.labels = {h.name: h.label_map for h in topology.workloads()}

    def apply(self, api):
        for name, labels in self.segments.items():
            api.segment(name, labels)
        for p in self.policies.values():
            api.policy(p.name, p.body())

    def members(self, segment):
        sel = self.segments[segment]
        return {h for h, labels in self.labels.items() if all(labels.get(k) == v for k, v in sel.items())}

    def _side(self, me, peer, proto, port, direction):
        """(action, policy name, rule index) of the first matching rule, or None (posture)."""
        if me not in self.labels:
            return None
        candidates = sorted((p for p in self.policies.values() if me in self.members(p.applied)),
                            key=lambda p: (TIER_ORDER[p.tier], p.priority, p.name))
        for p in candidates:
            for i, (action, seg, rproto, rport) in enumerate(getattr(p, direction)):
                if peer in self.members(seg) and (rproto is None or (rproto == proto and rport in (None, port))):
                    return action, p.name, i
        return None

    def decide(self, src, dst, proto, port):
        """(allowed, (direction, "posture" | policy name)) for a new connection src -> dst."""
        if src not in self.labels:
            return False, ("port-security", None)
        e = self._side(src, dst, proto, port, "egress")
        if e is None or e[0] != "allow":
            return False, ("egress", e[1] if e else "posture")
        i = self._side(dst, src, proto, port, "ingress")
        if i is None or i[0] != "allow":
            return False, ("ingress", i[1] if i else "posture")
        return True, None

    def counter_for(self, src, dst, proto, port):
        """The Counter of the flow that must count a denied src -> dst probe."""
        allowed, (direction, by) = self.decide(src, dst, proto, port)
        assert not allowed
        if direction == "port-security":
            return unknown_host(self.topology.switch_of(src))
        if direction == "egress":
            sw = self.topology.switch_of(src)
            return egress_posture(sw) if by == "posture" else tiered_deny(sw, 7)
        sw = self.topology.switch_of(dst)
        return ingress_posture(sw) if by == "posture" else tiered_deny(sw, 11)


# ---- counters ----

@dataclass(frozen=True)
class Counter:
    """n_packets summed over the flows of one switch with this table, cookie category (and id), priority (or one of
    a tuple of them), actions and in_port (None: any); the middle 16 bits of the cookie (always 0) are ignored."""
    switch: str
    table: int
    category: int
    ident: int = None
    priority: int = None
    actions: str = None
    label: str = ""
    in_port: int = None   # only flows whose match names this in_port

    def matches(self, f):
        priorities = self.priority if isinstance(self.priority, tuple) else (self.priority,)
        return (f.table == self.table and (f.cookie >> 48) & 0xFFFF == 0x6D00 | self.category
                and (self.ident is None or f.cookie & 0xFFFFFFFF == self.ident)
                and (self.priority is None or f.priority in priorities)
                and (self.actions is None or f.actions == self.actions)
                and (self.in_port is None or f"in_port={self.in_port}," in f.match + ","))

    def read(self, table=None, missing_ok=False):
        table = flows.dump_flows(self.switch) if table is None else table
        found = [f for f in table if self.matches(f)]
        if not found and not missing_ok:
            raise AssertionError(f"no flow for {self}:\n{flows.dump_text(self.switch)}")
        return sum(f.n_packets for f in found)

    def __str__(self):
        return f"{self.label or 'counter'}@{self.switch}(table {self.table}, category {self.category:#04x})"


def egress_posture(sw):
    return Counter(sw, 8, 0x07, 1, 100, "drop", "egress posture deny")


def ingress_posture(sw):
    return Counter(sw, 12, 0x07, 2, 100, "drop", "ingress posture deny")


def egress_posture_lenient(sw):
    return Counter(sw, 8, 0x07, 1, 100, None, "egress posture (both twins)")


def tiered_deny(sw, table):
    return Counter(sw, table, 0x05, None, None, "drop", f"tiered deny table {table}")


def unknown_host(sw, port=None):
    """The table-0 unknown-host punts (IPv4 and ARP no port vouches for, to the controller): per port (priority 2,
    the port's meter 0x10000 + port) and shared (priority 1, meter 1, ports without a meter of their own); `port`:
    only that port's."""
    return Counter(sw, 0, 0x01, 0, (1, 2) if port is None else 2, None, "table-0 unknown host (IPv4/ARP punt)", port)


def lldp_punt(sw):
    """Table 0, priority 1000: LLDP of ports that are neither trunks nor workload ports, meter 3, controller."""
    return Counter(sw, 0, 0x01, 0, 1000, None, "table-0 LLDP punt (meter 3)")


def lldp_drop(sw, port):
    """Table 0, priority 1020: LLDP from a workload port, dropped in the switch."""
    return Counter(sw, 0, 0x02, 0, 1020, "drop", "table-0 LLDP drop of a workload port", port)


def other_ethertype_drop(sw):
    """The table-0 miss: every ethertype but IPv4, ARP and LLDP dropped in the switch (no packet-in)."""
    return Counter(sw, 0, 0x01, 0, 0, "drop", "table-0 miss (other ethertypes dropped)")


def tagged_drop(sw):
    """Table 0, priority 1100: 802.1Q-tagged frames dropped."""
    return Counter(sw, 0, 0x01, 0, 1100, "drop", "table-0 tagged-frame drop")


def report(sw):
    return Counter(sw, 15, 0x01, 0, 100, None, "would-deny report")


def read_all(counters, missing_ok=()):
    """{counter: n_packets}; a counter in `missing_ok` whose flow does not exist reads 0."""
    tables = {}
    out = {}
    for c in counters:
        if c.switch not in tables:
            tables[c.switch] = flows.dump_flows(c.switch)
        out[c] = c.read(tables[c.switch], missing_ok=c in missing_ok)
    return out


def wait_counters(minimums, timeout=6, missing_ok=()):
    """Polls until every counter reached its minimum; returns the last values (counters trail packets)."""
    deadline = time.monotonic() + timeout
    while True:
        values = read_all(minimums, missing_ok)
        if all(values[c] >= m for c, m in minimums.items()) or time.monotonic() >= deadline:
            return values
        time.sleep(0.25)


# ---- the check ----

def check(network, model, probe_list, also_zero=(), retries=0, timeout=probes.DENY_TIMEOUT, expected=None):
    """Runs every probe at once; asserts each reached exactly when the model allows it, and that each
    denial was counted by the flow the model names: its counter rose by at least the number of denied
    probes it decides (>= 1 packet each). Counters in `also_zero`, and deciding flows of the model's kind
    that decide none of these probes, must not move. Returns the results."""
    expected = expected or {p: model.decide(p.src, p.dst, p.kind, p.port)[0] for p in probe_list}
    deciders = {p: model.counter_for(p.src, p.dst, p.kind, p.port) for p in probe_list if not expected[p]}
    postures = {c(s.name) for s in model.topology.switches for c in (egress_posture, ingress_posture)}
    return verify(network, expected, deciders, set(also_zero) | postures, retries, timeout)


def verify(network, expected, deciders, also_zero=(), retries=0, timeout=probes.DENY_TIMEOUT):
    """The check without an oracle: `expected` {Probe: reach?}, `deciders` {denied Probe: Counter}; counters in
    `also_zero` that decide none of them must not move."""
    watched = set(deciders.values()) | set(also_zero)
    optional = set(also_zero) - set(deciders.values())
    before = read_all(watched, optional)
    results, wrong = probes.check_batch(network, expected, timeout=timeout, retries=retries)
    assert not wrong, "\n".join(wrong)
    need = {c: 0 for c in watched}
    for p, c in deciders.items():
        need[c] += 1
    after = wait_counters({c: before[c] + n for c, n in need.items()}, missing_ok=optional)
    problems = []
    for c, n in need.items():
        delta = after[c] - before[c]
        if n and delta < n:
            problems.append(f"{c}: rose by {delta}, expected >= {n} (one per denied probe it decides)")
        if not n and delta:
            problems.append(f"{c}: rose by {delta}, expected 0")
    if problems:
        dumps = "\n".join(f"--- {s}\n{flows.dump_text(s)}" for s in sorted({c.switch for c in watched}))
        raise AssertionError("\n".join(problems) + "\n" + dumps)
    return results


def matrix(hosts, ports, pairs=None):
    """Probes for every ordered pair of distinct hosts (or `pairs`) on every (kind, port)."""
    pairs = pairs or [(a, b) for a in hosts for b in hosts if a != b]
    return [probes.Probe(a, kind, b, port) for a, b in pairs for kind, port in ports]


def serve(network, hosts, ports):
    """A server on every (kind, port) in every host."""
    for h in hosts:
        probes.start_servers(network, h, [f"{kind}:{port}" for kind, port in ports])


def dpid_of(topology, switch):
    return dpid_text(topology.switch(switch).dpid)
