"""Fail secure: a switch whose controller crashed keeps its flows and keeps denying; when the
controller comes back (same port, same data dir) it adopts the flows it finds instead of deleting
and re-adding them, so there is no window in which the switch holds nothing (the second test).

Nothing is registered, so the switch holds the skeleton (plus the empty model's posture flows) and the
unregistered hosts' packets are refused by the table-0 unknown-host punt (cookie 0x6d01000000000000; priority 2 with the
port's own meter, priority 1 with meter 1 for ports without one).
With workloads and policies, and a TCP connection kept open across the crash, see test_s07_controller_restart.py.
"""

import re
import time

import pytest

from lib import flows, probes
from lib.scenario import read_all, unknown_host, wait_counters

TCP_PORT = 8080


def _table(switch):
    return sorted((f.table, f.priority, f.cookie, f.match, f.actions) for f in flows.dump_flows(switch))


RESTART = {}


def test_switch_keeps_denying_while_the_controller_is_dead_and_after_it_is_back(controller, network):
    spec = network.topology.switches[0]
    switch = spec.name
    table = _table(switch)
    miss = unknown_host(switch)
    first = flows.baseline_drop(switch)
    first_at = time.monotonic()
    data_dir, port = controller.data_dir, controller.openflow_port

    controller.kill9()

    # Nobody is listening: the switch keeps its table (fail-mode secure) and still drops.
    probes.start_server(network, "h2", "tcp", TCP_PORT)
    before = read_all([miss])[miss]
    tcp = probes.tcp(network, "h1", "h2", TCP_PORT)
    ping = probes.ping(network, "h1", "h2", count=2)
    assert not tcp.reached, tcp
    assert not ping.reached, ping
    dead = wait_counters({miss: before + 1 + ping.sent})[miss]
    assert dead >= before + 1 + ping.sent, f"{tcp}; {ping}; drops {before} -> {dead}"
    assert _table(switch) == table, flows.dump_text(switch)

    controller.start()
    assert (controller.data_dir, controller.openflow_port) == (data_dir, port)
    controller.wait_for_log(rf"switch {spec.dpid_text} connected from", timeout=20)
    controller.wait_for_log(rf"switch {spec.dpid_text}: revision \d+ in force", timeout=10)
    network.wait_connected()
    time.sleep(1)  # let any follow-up revision land before reading the table
    RESTART.update(table=table, after=flows.dump_flows(switch), first=first, dead=dead,
                   elapsed=time.monotonic() - first_at, log=controller.log_since_last_start(), len=len(table))

    assert _table(switch) == table, flows.dump_text(switch)
    punted = read_all([miss])[miss]
    again = probes.ping(network, "h1", "h2", count=2)
    assert not again.reached, again
    assert wait_counters({miss: punted + again.sent})[miss] >= punted + again.sent


def test_restart_adopts_the_flows_without_deleting_and_re_adding_them():
    assert RESTART, "the restart test did not run"
    first, elapsed = RESTART["first"], RESTART["elapsed"]
    log = "\n".join(line for line in RESTART["log"].splitlines() if "Runtime" in line or "PolicyEngine" in line)
    assert re.search(rf"has {RESTART['len']} microseg flow\(s\) and 0 other\(s\); applying 0 change\(s\)", log), log
    # every flow, not only the miss, is the one from before the crash: its age kept growing
    young = [f.raw for f in RESTART["after"] if f.duration < elapsed - 1.0]
    assert not young, "\n".join(young) + "\n" + log
    after = next(f for f in RESTART["after"] if f.table == 0 and f.priority == 0)
    assert after.duration >= first.duration + elapsed - 1.0, (first, after, elapsed)
    punts = sum(f.n_packets for f in RESTART["after"] if f.table == 0 and f.priority in (1, 2))  # IPv4/ARP unknown host
    assert punts >= RESTART["dead"], (RESTART["dead"], punts)
