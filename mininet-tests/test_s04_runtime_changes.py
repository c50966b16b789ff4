"""Scenario 4: runtime changes through the API; enforcement follows each one.

web1, app1, app2, db1 on mt1 with the three-tier policies. (a) app1 is relabelled tier=app -> tier=db: web -> app1:8080
stops, app2 -> app1:3306 starts. (b) a new policy pair allows web -> db:5432; (c) deleting it refuses that again.
Each write uses ?wait=true; the test prints the time from the API's answer to the first probe that saw the new
behaviour (a denial is "seen" by a probe that started then and timed out), then runs the check (probes + deciding
counters) on the new model.
"""

import time

import pytest

from lib import net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, Policy, allow, check, register, serve

HOSTS = three_tier_hosts(["web1", "app1", "app2", "db1"])
TOPOLOGY = net.star(HOSTS)
NAMES = [h.name for h in HOSTS]
PORTS = [("tcp", 8080), ("tcp", 3306), ("tcp", 5432)]
WEB_DB = [Policy("web-to-db", "web", priority=50, egress=[allow("db", "tcp", 5432)]),
          Policy("db-from-web", "db", priority=50, ingress=[allow("web", "tcp", 5432)])]


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    serve(module_network, NAMES, PORTS)
    return m


def _follow(network, api, answered, probe, want, timeout=15):
    """Probes until `probe` reaches (want=True) or is refused (want=False); returns seconds from `answered` (when
    the ?wait=true answer came back) to the start of the first probe that showed it."""
    millis = api.last_write["applied"]["millis"]
    attempts = 0
    while True:
        started = time.monotonic()
        attempts += 1
        r = probes.tcp(network, probe.src, probe.dst, probe.port)
        if r.reached == want:
            took = started - answered
            print(f"\n{probe}: {'reached' if want else 'refused'} by probe #{attempts}, started {took * 1000:.1f} ms "
                  f"after the API answered (the API waited {millis} ms for the switches)")
            return took
        assert started - answered < timeout, f"{probe} still {'refused' if want else 'reaching'} after {timeout}s"


def test_relabelling_a_workload_moves_it_between_policies(model, module_network, api):
    check(module_network, model, [probes.Probe("web1", "tcp", "app1", 8080), probes.Probe("app2", "tcp", "app1", 3306)])
    model.labels["app1"] = {"tier": "db", "app": "shop"}
    h = TOPOLOGY.host("app1")
    api.workload(h.ns, h.name, [h.addr], model.labels["app1"], h.mac, TOPOLOGY.location("app1"))
    answered = time.monotonic()
    _follow(module_network, api, answered, probes.Probe("app2", "tcp", "app1", 3306), True)
    _follow(module_network, api, answered, probes.Probe("web1", "tcp", "app1", 8080), False)
    check(module_network, model, [probes.Probe(a, k, b, p) for a in NAMES for b in NAMES if a != b for k, p in PORTS])


def test_adding_a_rule_opens_and_removing_it_closes(model, module_network, api):
    probe = probes.Probe("web1", "tcp", "db1", 5432)
    check(module_network, model, [probe])
    for p in WEB_DB:
        model.policies[p.name] = p
        api.policy(p.name, p.body())
    _follow(module_network, api, time.monotonic(), probe, True)
    check(module_network, model, [probe, probes.Probe("db1", "tcp", "web1", 5432),
                                  probes.Probe("web1", "tcp", "db1", 3306)])
    del model.policies["db-from-web"]
    api.delete_policy("db-from-web")
    _follow(module_network, api, time.monotonic(), probe, False)
    # now web may send (egress allow) but db refuses: the ingress posture on table 12 decides
    check(module_network, model, [probe])
    del model.policies["web-to-db"]
    api.delete_policy("web-to-db")
    check(module_network, model, [probe])
