"""Fail secure: a switch whose controller crashed keeps its flows and keeps denying; when the
controller comes back (same port, same data dir) it adopts the flows it finds instead of deleting
and re-adding them, so there is no window in which the switch holds nothing.
"""

import time

from lib import flows, probes

TCP_PORT = 8080


def _table(switch):
    return [(f.table, f.priority, f.cookie, f.match, f.actions) for f in flows.dump_flows(switch)]


def test_switch_keeps_denying_while_the_controller_is_dead_and_keeps_its_flows_across_a_restart(
        controller, network):
    spec = network.topology.switches[0]
    switch = spec.name
    table = _table(switch)
    first = flows.baseline_drop(switch)
    first_at = time.monotonic()
    data_dir, port = controller.data_dir, controller.openflow_port

    controller.kill9()

    # Nobody is listening: the switch keeps its table (fail-mode secure) and still drops.
    probes.start_server(network, "h2", "tcp", TCP_PORT)
    before = flows.baseline_drops(switch)
    tcp = probes.tcp(network, "h1", "h2", TCP_PORT)
    ping = probes.ping(network, "h1", "h2", count=2)
    assert not tcp.reached, tcp
    assert not ping.reached, ping
    dead = flows.wait_for_baseline_drops(switch, before + 1 + ping.sent)
    assert dead >= before + 1 + ping.sent, f"{tcp}; {ping}; drops {before} -> {dead}"
    assert _table(switch) == table, flows.dump_text(switch)

    controller.start()
    assert (controller.data_dir, controller.openflow_port) == (data_dir, port)
    controller.wait_for_log(rf"switch {spec.dpid_text} connected from", timeout=20)
    controller.wait_for_log(rf"switch {spec.dpid_text}: has 1 microseg flow\(s\) and 0 other\(s\); "
                            r"applying 0 change\(s\)", timeout=10)
    network.wait_connected()

    after = flows.baseline_drop(switch)
    elapsed = time.monotonic() - first_at
    assert _table(switch) == table, flows.dump_text(switch)
    # Same flow, never deleted and re-added: its age kept growing and its counter was not reset.
    assert after.duration >= first.duration + elapsed - 1.0, (first, after, elapsed)
    assert after.n_packets >= dead, (dead, after)
    again = probes.ping(network, "h1", "h2", count=2)
    assert not again.reached, again
    assert flows.wait_for_baseline_drops(switch, after.n_packets + again.sent) >= after.n_packets + again.sent
