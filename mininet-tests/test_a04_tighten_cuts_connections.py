"""Attack 4 (issue 9): a connection must not outlive the policy that admitted it.

web1, app1, db1 on mt1 with the three-tier policies. Two long-lived TCP connections are open and exchange data both
ways: web1 -> app1:8080 and app1 -> db1:3306. Then app-tier loses its ingress allow (PUT with ?wait=true). With
onTighten cut (the default) nothing more passes on web1 -> app1 in either direction within 1 s, and the ingress
posture of app1 (table 12) counts the refused packets, while app1 -> db1 keeps working both ways, db1 pushing first.
With onTighten keep the cut connection keeps flowing (OVN's behaviour, and what every connection did before epochs:
table 2 sent every established packet straight to forwarding). A relabel (app1 leaves tier=app) and a move of web
from monitor to enforce cut what they no longer allow the same way.
"""

import pytest

from lib import net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, Policy, allow, egress_posture, ingress_posture, read_all, register, wait_counters

HOSTS = three_tier_hosts(["web1", "app1", "db1"])
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0].name
APP_TIER = next(p for p in THREE_TIER_POLICIES if p.name == "app-tier")
APP_TIER_NO_INGRESS = Policy("app-tier", "app", priority=20, egress=[allow("db", "tcp", 3306)])
QUIET = 1.0  # "no further byte within 1 s"
ALIVE = 5.0  # an allowed line normally arrives in milliseconds


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    return m


@pytest.fixture
def streams(model, module_network, api):
    """Policies, labels and settings as the module starts them; the two connections open and working both ways."""
    _reset(api)
    opened = {"cut": probes.Stream(module_network, "web1", "app1", 8080),
              "kept": probes.Stream(module_network, "app1", "db1", 3306)}
    try:
        for name, s in opened.items():
            assert s.up, s.desc
            assert s.passes(s.client, f"{name}-hello", ALIVE), f"{s.desc}: client -> server before the change"
            assert s.passes(s.server, f"{name}-welcome", ALIVE), f"{s.desc}: server -> client before the change"
        yield opened
    finally:
        for s in opened.values():
            s.close()


def _reset(api):
    api.settings(defaultPosture="deny", defaultMode="enforce", onTighten="cut")
    api.policy("app-tier", APP_TIER.body())
    register(api, TOPOLOGY)
    api.wait_in_sync()


def _assert_cut(stream, counter):
    """Nothing passes either way within QUIET, server first (a push on a cut connection), and `counter` counts
    the refused packets (at least one per direction)."""
    before = read_all([counter])[counter]
    assert not stream.passes(stream.server, "after-server", QUIET), f"{stream.desc}: server -> client still passes"
    assert not stream.passes(stream.client, "after-client", QUIET), f"{stream.desc}: client -> server still passes"
    after = wait_counters({counter: before + 2})[counter]
    assert after >= before + 2, f"{counter} counted {after - before} refused packets, expected both directions'"
    print(f"\n{stream.desc}: nothing passed either way within {QUIET}s; {counter} +{after - before}")


def _assert_alive(stream, name):
    assert stream.passes(stream.server, f"{name}-push", ALIVE), f"{stream.desc}: server push after the change"
    assert stream.passes(stream.client, f"{name}-more", ALIVE), f"{stream.desc}: client -> server after the change"
    assert stream.passes(stream.server, f"{name}-answer", ALIVE), f"{stream.desc}: server -> client after the change"


def test_removing_an_allow_cuts_its_connection_both_ways_and_keeps_the_others(streams, api):
    api.policy("app-tier", APP_TIER_NO_INGRESS.body())  # ?wait=true: the switch confirmed
    _assert_alive(streams["kept"], "kept")
    _assert_cut(streams["cut"], ingress_posture(SW))


def test_keep_lets_the_connection_run_as_before(streams, api):
    api.settings(onTighten="keep")
    api.policy("app-tier", APP_TIER_NO_INGRESS.body())
    _assert_alive(streams["kept"], "kept")
    _assert_alive(streams["cut"], "old")  # the allow is gone, the connection is not


def test_a_relabel_cuts_what_the_new_labels_do_not_allow(streams, api):
    h = TOPOLOGY.host("app1")
    api.workload(h.ns, h.name, [h.addr], {"tier": "batch", "app": "shop"}, h.mac, TOPOLOGY.location("app1"))
    _assert_cut(streams["cut"], egress_posture(SW))  # web's egress allows app, which app1 no longer is
    _assert_cut(streams["kept"], egress_posture(SW))  # batch has no egress allow


def test_monitor_to_enforce_cuts_what_only_monitoring_let_through(streams, api, module_network):
    api.settings(defaultPosture="deny", defaultMode="monitor", onTighten="cut")
    monitored = probes.Stream(module_network, "web1", "db1", 5432)  # denied both sides, passed as monitored
    try:
        assert monitored.up, monitored.desc
        assert monitored.passes("web1", "m-hello", ALIVE) and monitored.passes("db1", "m-hi", ALIVE)
        api.settings(defaultPosture="deny", defaultMode="enforce", onTighten="cut")
        _assert_alive(streams["cut"], "still-allowed")
        _assert_cut(monitored, egress_posture(SW))
    finally:
        monitored.close()
