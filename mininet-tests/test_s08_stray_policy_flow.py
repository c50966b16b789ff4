"""Scenario 8: a stray flow added by hand inside the policy pipeline is removed on reconciliation.

web1, web2, app1 on mt1 with the three-tier policies. A hand-added flow in table 2 (conntrack-state, priority
65535, cookie 0x5eed: every new connection jumps straight to commit) really opens web1 -> web2:443, which the
policy refuses; after a controller restart the stray is gone ("1 flow(s) not installed by microseg will be
removed"), web1 -> web2 is refused again and counted by the egress posture flow, web1 -> app1:8080 still works.
(No periodic audit exists yet: a restart is what reconciles.)
"""

import pytest

from lib import flows, net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, check, register, serve

HOSTS = three_tier_hosts(["web1", "web2", "app1"])
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0]
STRAY = 0x5EED
P = probes.Probe
TODO = [P("web1", "tcp", "web2", 443), P("web1", "tcp", "app1", 8080), P("app1", "tcp", "web1", 443)]


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    serve(module_network, [h.name for h in HOSTS], [("tcp", 443), ("tcp", 8080)])
    return m


def test_stray_bypass_in_the_policy_tables_is_removed_on_reconciliation(model, module_network, module_controller, api):
    check(module_network, model, TODO)
    flows.add_flow(SW.name, f"table=2,priority=65535,cookie={STRAY:#x},ct_state=+new+trk,ip,actions=goto_table:13")
    opened = probes.run_batch(module_network, TODO, timeout=3)
    assert all(r.reached for r in opened.values()), list(map(str, opened.values()))
    assert flows.wait_for_packets(SW.name, STRAY, 3, table=2) >= 3

    module_controller.stop()
    module_controller.start()
    module_controller.wait_for_log(rf"switch {SW.dpid_text}: 1 flow\(s\) not installed by microseg will be removed",
                                   timeout=20)
    flows.wait_for_flow(SW.name, cookie=STRAY, present=False, timeout=10)
    api.wait_in_sync(timeout=20)
    assert all(f.ours for f in flows.dump_flows(SW.name)), flows.dump_text(SW.name)
    check(module_network, model, TODO)
