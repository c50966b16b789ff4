"""Attack 5: anyone who reaches the OpenFlow port claims a connected switch's dpid.

mt1 (web1 port 1, app1 port 2), a real Open vSwitch bridge connected over plain TCP on 127.0.0.1; web1 may open
app1:8080, not app1:9090 (both served). A rogue OpenFlow 1.3 peer (lib/rogue_switch.py, Python sockets) finishes the
handshake claiming mt1's dpid.
1. The real switch is connected and answers the controller's echo: the rogue is refused and disconnected, receives no
   FLOW_MOD or METER_MOD, the bridge keeps its connection and every flow (none re-added: no duration went back), and
   enforcement is unchanged (8080 passes, 9090 is refused). Before the fix the rogue evicted the real switch and was
   sent the whole flow table.
2. The dead-session path: the bridge reaches the controller through a TCP relay (lib/tcp_proxy.py) that drops the
   switch's side of the connection and keeps the controller's side open and silent (a peer gone without a FIN). The
   switch reconnects at once and claims its own dpid while the dead session still holds it: the dead session does not
   answer the echo, so the real switch takes over within the claim probe, the dead session is closed, no flow is
   re-added or lost (fail-secure keeps the table; the reconcile finds it in sync) and enforcement holds throughout.
"""

import pytest

from lib import flows, net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.rogue_switch import FLOW_MOD, METER_MOD, RogueSwitch, wait_until
from lib.tcp_proxy import TcpProxy
from lib.scenario import Model, register, serve

HOSTS = three_tier_hosts(["web1", "app1"])
TOPOLOGY = net.star(HOSTS)
MT1 = TOPOLOGY.switch("mt1").dpid
CLAIM_PROBE_SECONDS = 3  # openflow.claimProbeSeconds default


@pytest.fixture(scope="module")
def proxy(module_controller):
    relay = TcpProxy(module_controller.openflow_port)
    yield relay
    relay.close()


@pytest.fixture(scope="module")
def module_network(module_topology, proxy):
    """The module's topology, its bridge connected to the controller through the relay."""
    network = net.Network(module_topology, proxy.port)
    network.start()
    yield network
    network.stop()


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync([MT1])
    serve(module_network, ["app1"], [("tcp", 8080), ("tcp", 9090)])
    return m


def _flows_with_age():
    """{flow without counters: seconds installed}."""
    out = {}
    for f in flows.dump_flows("mt1"):
        out[(f.table, f.priority, f.cookie, f.match, f.actions)] = f.duration
    return out


def _enforcement_holds(network):
    assert probes.tcp(network, "web1", "app1", 8080).reached, "allowed web1 -> app1:8080 refused"
    assert not probes.tcp(network, "web1", "app1", 9090).reached, "denied web1 -> app1:9090 passed"


def test_a_rogue_claiming_a_connected_switch_is_refused(api, model, module_network, module_controller):
    _enforcement_holds(module_network)
    before = _flows_with_age()
    assert len(before) > 10

    rogue = RogueSwitch(module_controller.openflow_port, MT1, answer_echo=True)
    try:
        closed = rogue.wait_closed(CLAIM_PROBE_SECONDS + 10)
        assert closed, "the controller kept the rogue's connection"
        assert rogue.count(FLOW_MOD) == 0 and rogue.count(METER_MOD) == 0, f"the rogue was sent {rogue.received}"
    finally:
        rogue.close()
    assert module_network.is_connected("mt1"), "the real switch lost its connection"
    after = _flows_with_age()
    assert after.keys() == before.keys(), f"flows changed: {set(after) ^ set(before)}"
    younger = [k for k, age in before.items() if after[k] < age]
    assert not younger, f"flows re-added (younger than before): {younger}"
    _enforcement_holds(module_network)
    assert "refused takeover of switch" in module_controller.log()


def test_a_dead_session_gives_way_to_the_real_switch(api, model, module_network, module_controller, proxy):
    _enforcement_holds(module_network)
    before = _flows_with_age()
    assert proxy.connections() == 1

    proxy.orphan()
    assert module_controller.wait_for_log(r"did not answer an echo within .*; declared dead, accepting", timeout=20)
    assert wait_until(lambda: module_network.is_connected("mt1") and proxy.connections() == 1, 10), \
        "the real switch did not take over from its dead session"
    _enforcement_holds(module_network)
    api.wait_in_sync([MT1])
    after = _flows_with_age()
    assert after.keys() == before.keys(), f"flows changed: {set(after) ^ set(before)}"
    younger = [k for k, age in before.items() if after[k] < age]
    assert not younger, f"flows re-added (younger than before): {younger}"
    _enforcement_holds(module_network)
