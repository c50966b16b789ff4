"""Scenario 10: a ring of four switches (mt1 - mt2 - mt3 - mt4 - mt1), web1 on mt1 and app1 on mt3 (two equal
paths), db1 on mt2, lb on mt4. The test reads which trunk mt1 forwards app1's address to (table 14), cuts that link
(both ends down), and waits until allowed traffic recovers the other way round; then the matrix holds again (denials
counted on the deciding switches, none on transit ones). Prints the recovery time.
"""

import re
import time

import pytest

from lib import flows, net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, check, matrix, register, serve

HOSTS = three_tier_hosts(["web1", "app1", "db1", "lb"])
TRUNKS = [("mt1", 20, "mt2", 21), ("mt2", 20, "mt3", 21), ("mt3", 20, "mt4", 21), ("mt4", 20, "mt1", 21)]
TOPOLOGY = net.spread(HOSTS, {"web1": "mt1", "db1": "mt2", "app1": "mt3", "lb": "mt4"}, ["mt1", "mt2", "mt3", "mt4"],
                      TRUNKS)
PORTS = [("tcp", 443), ("tcp", 8080), ("tcp", 3306)]
NAMES = [h.name for h in HOSTS]


@pytest.fixture(scope="module")
def model(api, module_network):
    api.wait_links(TOPOLOGY.trunk_links())
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync([s.dpid for s in TOPOLOGY.switches])
    serve(module_network, NAMES, PORTS)
    return m


def _out_port(switch, ip):
    for f in flows.dump_flows(switch):
        if f.table == 14 and f"nw_dst={ip}" in f.match:
            return int(re.search(r"output:(\d+)", f.actions).group(1))
    raise AssertionError(f"no forwarding flow for {ip} on {switch}:\n{flows.dump_text(switch)}")


def test_allowed_traffic_recovers_the_other_way_round_after_a_link_cut(model, module_network, api):
    check(module_network, model, matrix(NAMES, PORTS))
    port = _out_port("mt1", TOPOLOGY.host("app1").addr)
    cut = next((a, b) for a, p, b, q in TRUNKS if (a, p) == ("mt1", port) or (b, q) == ("mt1", port))
    print(f"\nmt1 sends app1's traffic out port {port}: cutting {cut[0]}-{cut[1]}")
    module_network.net.configLinkStatus(cut[0], cut[1], "down")
    cut_at = time.monotonic()
    deadline = cut_at + 30
    while True:
        r = probes.tcp(module_network, "web1", "app1", 8080)
        if r.reached:
            break
        assert time.monotonic() < deadline, f"web1 -> app1 not recovered after 30s: {r}\n{api.topology()['links']}"
    print(f"web1 -> app1:8080 recovered {time.monotonic() - cut_at:.2f}s after the cut")
    new_port = _out_port("mt1", TOPOLOGY.host("app1").addr)
    assert new_port != port, f"mt1 still forwards app1 out the cut port {port}"
    api.wait_in_sync(timeout=20)
    check(module_network, model, matrix(NAMES, PORTS))
