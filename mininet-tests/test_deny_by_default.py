"""Deny by default: with only the controller's baseline, a switch passes no traffic at all.

One switch (mt1), h1 on port 1, h2 on port 2, static ARP (so the probe's own packets reach the
switch). Each probe must fail *and* the baseline drop flow (table 0, priority 0, cookie
0x6d01000000000000) must have counted the probe's packets, and ofproto/trace must name that flow
for the probe's packet: this rule, not some other accident, dropped it.
"""

import pytest

from lib import flows, probes

TCP_PORT = 8080
UDP_PORT = 5353
H1_TO_H2 = "in_port=1,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2"


def test_switch_connects_and_holds_only_the_baseline(module_controller, shared_network):
    spec = shared_network.topology.switches[0]
    module_controller.wait_for_log(rf"switch {spec.dpid_text} connected from .* speaking OF_1[34]")
    module_controller.wait_for_log(rf"switch {spec.dpid_text}: revision \d+ in force")
    table = flows.dump_flows(spec.name)
    assert [(f.table, f.priority, f.cookie, f.match, f.actions) for f in table] == \
        [(0, 0, flows.BASELINE_DROP_COOKIE, "", "drop")], flows.dump_text(spec.name)
    assert " ERROR " not in module_controller.log()


def _probe(network, kind):
    """Runs one denied-path probe h1 -> h2; returns the result and the trace spec of its packet."""
    if kind == "tcp":
        probes.start_server(network, "h2", "tcp", TCP_PORT)
        return probes.tcp(network, "h1", "h2", TCP_PORT), f"tcp,{H1_TO_H2},tcp_dst={TCP_PORT}"
    if kind == "udp":
        probes.start_server(network, "h2", "udp", UDP_PORT)
        # udp_dst, not tp_dst: OVS 3.1's trace parser rejects "udp,...,tp_dst=N"
        return probes.udp(network, "h1", "h2", UDP_PORT, tries=2), f"udp,{H1_TO_H2},udp_dst={UDP_PORT}"
    return probes.ping(network, "h1", "h2", count=2), f"icmp,{H1_TO_H2},icmp_type=8"


@pytest.mark.parametrize("kind", ["tcp", "udp", "icmp"])
def test_probe_is_dropped_by_the_baseline(shared_network, kind):
    switch = shared_network.switch().name
    before = flows.baseline_drops(switch)

    result, packet = _probe(shared_network, kind)

    assert not result.reached, result
    assert result.seconds < 5, result
    if kind == "tcp":
        assert result.detail == "timed out", result  # dropped, not refused: the SYN vanished
    after = flows.wait_for_baseline_drops(switch, before + max(1, result.sent))
    assert after - before >= max(1, result.sent), \
        f"{result}; baseline drop counter went {before} -> {after}\n{flows.dump_text(switch)}"
    trace = flows.trace(switch, packet)
    assert "cookie 0x6d01000000000000" in trace and "Datapath actions: drop" in trace, trace
