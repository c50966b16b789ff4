"""Flow tables as Open vSwitch reports them: `ovs-ofctl -O OpenFlow13 dump-flows`, parsed into counters."""

import re
import subprocess
import time
from dataclasses import dataclass

# The controller's baseline: table 0, priority 0, owner 'm' (0x6d), category 0x01, actions=drop (the table-0 miss:
# every ethertype but IPv4, ARP and LLDP; unknown IPv4/ARP hosts are punted by the priority-1 flows of this cookie).
BASELINE_DROP_COOKIE = 0x6D01000000000000
OWNER_MASK = 0xFF00000000000000
MICROSEG_OWNER = 0x6D00000000000000

OFCTL = ["ovs-ofctl", "-O", "OpenFlow13"]
# Fields ovs-ofctl prints before the match; everything else before " actions=" is the match.
_STAT_FIELDS = {"cookie", "duration", "table", "n_packets", "n_bytes", "idle_age", "hard_age", "idle_timeout",
                "hard_timeout", "priority", "importance", "send_flow_rem", "reset_counts", "no_packet_counts",
                "no_byte_counts", "check_overlap", "out_port"}


@dataclass(frozen=True)
class Flow:
    cookie: int
    table: int
    priority: int
    duration: float
    n_packets: int
    n_bytes: int
    match: str
    actions: str
    raw: str

    @property
    def ours(self):
        return self.cookie & OWNER_MASK == MICROSEG_OWNER


def _name(switch):
    return switch if isinstance(switch, str) else switch.name


def parse_flow(line):
    line = line.strip()
    head, sep, actions = line.partition(" actions=")
    if not sep:
        raise ValueError(f"not a flow: {line!r}")
    stats = {}
    match = []
    for part in re.split(r",\s*|\s+", head):
        if not part:
            continue
        key, _, value = part.partition("=")
        if key in _STAT_FIELDS:
            stats[key] = value
        else:
            match.append(part)
    return Flow(cookie=int(stats.get("cookie", "0"), 16),
                table=int(stats.get("table", "0")),
                priority=int(stats.get("priority", "32768")),  # ovs-ofctl leaves the default priority out
                duration=float(stats.get("duration", "0s").rstrip("s")),
                n_packets=int(stats.get("n_packets", "0")),
                n_bytes=int(stats.get("n_bytes", "0")),
                match=",".join(match), actions=actions, raw=line)


def dump_flows(switch, timeout=10):
    """Every flow of `switch` (a name or a Mininet switch)."""
    out = subprocess.run(OFCTL + ["dump-flows", _name(switch)], capture_output=True, text=True, timeout=timeout,
                         check=True).stdout
    return [parse_flow(line) for line in out.splitlines() if " actions=" in line]


def find_flows(switch, cookie=None, table=None, priority=None, flows=None):
    flows = dump_flows(switch) if flows is None else flows
    return [f for f in flows
            if (cookie is None or f.cookie == cookie)
            and (table is None or f.table == table)
            and (priority is None or f.priority == priority)]


def find_flow(switch, cookie=None, table=None, priority=None):
    """The one flow with this cookie/table/priority, or None; more than one is an error."""
    found = find_flows(switch, cookie, table, priority)
    if len(found) > 1:
        raise AssertionError(f"{len(found)} flows match cookie={cookie} table={table} priority={priority}: {found}")
    return found[0] if found else None


def baseline_drop(switch):
    """The controller's table-0 miss flow (drop), or None."""
    return find_flow(switch, cookie=BASELINE_DROP_COOKIE, table=0, priority=0)


def wait_for_flow(switch, cookie=None, table=None, priority=None, timeout=15, present=True):
    """Polls until the flow is present (or absent); returns it (or None), raises after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        flow = find_flow(switch, cookie, table, priority)
        if (flow is not None) == present:
            return flow
        if time.monotonic() >= deadline:
            state = "present" if present else "absent"
            raise AssertionError(f"flow cookie={cookie and hex(cookie)} table={table} priority={priority} not {state} "
                                 f"on {_name(switch)} after {timeout}s; flows:\n" + dump_text(switch))
        time.sleep(0.2)


def packets(switch, cookie, table=None, priority=None):
    """n_packets of one flow (raises if it is missing)."""
    flow = find_flow(switch, cookie, table, priority)
    if flow is None:
        raise AssertionError(f"no flow with cookie {cookie:#x} on {_name(switch)}:\n" + dump_text(switch))
    return flow.n_packets


def dump_text(switch):
    return subprocess.run(OFCTL + ["dump-flows", _name(switch)], capture_output=True, text=True, timeout=10).stdout


def add_flow(switch, spec):
    """Adds a flow by hand, as an operator (or a rogue script) would."""
    subprocess.run(OFCTL + ["add-flow", _name(switch), spec], capture_output=True, text=True, timeout=10, check=True)


def trace(switch, flow):
    """`ovs-appctl ofproto/trace` output: which flows a packet described by `flow` would hit."""
    done = subprocess.run(["ovs-appctl", "ofproto/trace", _name(switch), flow], capture_output=True, text=True,
                          timeout=10)
    if done.returncode != 0:
        raise AssertionError(f"ofproto/trace {_name(switch)} {flow} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def baseline_drops(switch):
    """n_packets of the controller's baseline drop flow: the deny-by-default counter."""
    return packets(switch, BASELINE_DROP_COOKIE, table=0, priority=0)


def wait_for_packets(switch, cookie, at_least, table=None, priority=None, timeout=5):
    """Polls n_packets of one flow until it reaches `at_least`; returns the last value read (maybe less).

    On the userspace datapath OpenFlow counters trail the packets: the revalidator folds datapath
    (megaflow) stats into them about every 500 ms, so read counters with this, not once.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = packets(switch, cookie, table, priority)
        if value >= at_least or time.monotonic() >= deadline:
            return value
        time.sleep(0.1)


def wait_for_baseline_drops(switch, at_least, timeout=5):
    return wait_for_packets(switch, BASELINE_DROP_COOKIE, at_least, table=0, priority=0, timeout=timeout)
