"""Stray flows: a flow someone adds by hand (here an allow-all above everything) really lets traffic
through, and the controller removes it when it reconciles the switch after a restart, so traffic is
denied again by the baseline.

The allowed half doubles as the harness's positive control: TCP, UDP and ICMP probes do reach
when a flow allows them, so their failing elsewhere is the policy, not the probes.
"""

from lib import flows, probes

STRAY_COOKIE = 0x5EED
TCP_PORT = 8080
UDP_PORT = 5353


def test_hand_added_allow_all_is_removed_on_reconciliation(controller, network):
    spec = network.topology.switches[0]
    switch = spec.name
    probes.start_server(network, "h2", "tcp", TCP_PORT)
    probes.start_server(network, "h2", "udp", UDP_PORT)

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
    assert [f.cookie for f in flows.dump_flows(switch)] == [flows.BASELINE_DROP_COOKIE], flows.dump_text(switch)

    before = flows.baseline_drops(switch)
    denied = [probes.ping(network, "h1", "h2", count=2), probes.tcp(network, "h1", "h2", TCP_PORT)]
    for result in denied:
        assert not result.reached, result
    after = flows.wait_for_baseline_drops(switch, before + 1 + denied[0].sent)
    assert after >= before + 1 + denied[0].sent, f"{denied}; drops {before} -> {after}"
