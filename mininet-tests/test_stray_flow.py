"""Stray flows: a flow someone adds by hand (here an allow-all above everything in table 0) really lets
traffic through, and the controller removes it when it reconciles the switch after a restart, so traffic
is denied again by the table-0 miss (unregistered hosts), and the controller's own flows are untouched.
A stray inside the policy tables, with workloads and policies: test_s08_stray_policy_flow.py.

The allowed half doubles as the harness's positive control: TCP, UDP and ICMP probes do reach
when a flow allows them, so their failing elsewhere is the policy, not the probes.
"""

from lib import flows, probes
from lib.scenario import read_all, unknown_host, wait_counters

STRAY_COOKIE = 0x5EED
TCP_PORT = 8080
UDP_PORT = 5353


def test_hand_added_allow_all_is_removed_on_reconciliation(controller, network):
    spec = network.topology.switches[0]
    switch = spec.name
    probes.start_server(network, "h2", "tcp", TCP_PORT)
    probes.start_server(network, "h2", "udp", UDP_PORT)

    ours = [(f.table, f.priority, f.cookie, f.match, f.actions) for f in flows.dump_flows(switch)]
    flows.add_flow(switch, f"table=0,priority=65000,cookie={STRAY_COOKIE:#x},actions=NORMAL")
    allowed = [probes.ping(network, "h1", "h2", count=3),
               probes.tcp(network, "h1", "h2", TCP_PORT, timeout=3),
               probes.udp(network, "h1", "h2", UDP_PORT, timeout=3, tries=3)]
    for result in allowed:
        assert result.reached, result
    assert flows.wait_for_packets(switch, STRAY_COOKIE, 4, table=0, priority=65000) >= 4

    controller.stop()
    controller.start()
    controller.wait_for_log(rf"switch {spec.dpid_text}: 1 flow\(s\) not installed by microseg will be removed",
                            timeout=20)
    flows.wait_for_flow(switch, cookie=STRAY_COOKIE, present=False, timeout=10)
    assert [(f.table, f.priority, f.cookie, f.match, f.actions) for f in flows.dump_flows(switch)] == ours, \
        flows.dump_text(switch)

    miss = unknown_host(switch)
    before = read_all([miss])[miss]
    denied = [probes.ping(network, "h1", "h2", count=2), probes.tcp(network, "h1", "h2", TCP_PORT)]
    for result in denied:
        assert not result.reached, result
    after = wait_counters({miss: before + 1 + denied[0].sent})[miss]
    assert after >= before + 1 + denied[0].sent, f"{denied}; drops {before} -> {after}"
