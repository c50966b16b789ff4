"""Attack 4 (issue 9) over three switches: web1 on mt1, app1 on mt2, db1 on mt3 (a line). Removing app-tier's
ingress allow cuts web1 -> app1:8080 both ways (app1's ingress posture on mt2 counts it), while app1 -> db1:3306
keeps working both ways with db1 pushing first: its stale reply is checked as its connection on every switch it
crosses, ingress where db1 is local (mt3), egress where app1 is (mt2, known from the origin bit in ct_mark).
"""

import pytest

from lib import net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, Policy, allow, ingress_posture, read_all, register, wait_counters

HOSTS = three_tier_hosts(["web1", "app1", "db1"])
TOPOLOGY = net.spread(HOSTS, {"web1": "mt1", "app1": "mt2", "db1": "mt3"}, ["mt1", "mt2", "mt3"],
                      [("mt1", 20, "mt2", 20), ("mt2", 21, "mt3", 20)])
APP_TIER_NO_INGRESS = Policy("app-tier", "app", priority=20, egress=[allow("db", "tcp", 3306)])


@pytest.fixture(scope="module")
def model(api, module_network):
    api.wait_links(TOPOLOGY.trunk_links(), timeout=30)
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync([s.dpid for s in TOPOLOGY.switches])
    return m


def test_a_cut_holds_across_switches_and_a_still_allowed_push_crosses_them(model, module_network, api):
    cut = probes.Stream(module_network, "web1", "app1", 8080)
    kept = probes.Stream(module_network, "app1", "db1", 3306)
    try:
        for s in (cut, kept):
            assert s.up and s.passes(s.client, "hello", 5) and s.passes(s.server, "welcome", 5), s.desc
        counter = ingress_posture("mt2")
        before = read_all([counter])[counter]

        api.policy("app-tier", APP_TIER_NO_INGRESS.body())  # ?wait=true: every switch confirmed

        assert kept.passes("db1", "push", 5), "db1's push to app1 after the change"
        assert kept.passes("app1", "more", 5) and kept.passes("db1", "answer", 5)
        assert not cut.passes("app1", "after-server", 1.0), "app1 -> web1 still passes"
        assert not cut.passes("web1", "after-client", 1.0), "web1 -> app1 still passes"
        after = wait_counters({counter: before + 2})[counter]
        assert after >= before + 2, f"{counter}: +{after - before}"
    finally:
        cut.close()
        kept.close()
