"""Scenario 2: environment separation. The same app (web, db) in prod, dev and test on one switch.

Phase 1: each environment's application-tier policies allow its own web -> db:5432; nothing crosses (the egress
posture decides: each web may send only to its own db). Phase 2 (positive control): a sloppy application-tier
allow for every web -> every db:5432 really does open cross-environment traffic. Phase 3: security-tier guardrails
(each environment denies egress to and ingress from the other two) win over that lower-tier allow: cross-environment
traffic is refused and counted on the guardrail's deny flow (table 7, category 0x05, actions=drop), while traffic
inside each environment still passes.
"""

import pytest

from lib import net
from lib.scenario import Model, Policy, allow, check, deny, matrix, register, serve, tiered_deny

ENVS = ["prod", "dev", "test"]
HOSTS = [net.workload_host(f"{tier}-{env}", 10 * (i + 1) + j, env, {"app": "shop", "tier": tier, "env": env})
         for i, env in enumerate(ENVS) for j, tier in enumerate(["web", "db"], start=1)]
TOPOLOGY = net.star(HOSTS)
NAMES = [h.name for h in HOSTS]
PORTS = [("tcp", 5432), ("tcp", 22)]

SEGMENTS = {**{f"{t}-{e}": {"tier": t, "env": e} for e in ENVS for t in ("web", "db")},
            **{f"env-{e}": {"env": e} for e in ENVS},
            "shop-web": {"tier": "web"}, "shop-db": {"tier": "db"}}
PER_ENV = [p for e in ENVS for p in (
    Policy(f"web-{e}", f"web-{e}", egress=[allow(f"db-{e}", "tcp", 5432)]),
    Policy(f"db-{e}", f"db-{e}", ingress=[allow(f"web-{e}", "tcp", 5432)]))]
SLOPPY = [Policy("shop-web-any", "shop-web", priority=500, egress=[allow("shop-db", "tcp", 5432)]),
          Policy("shop-db-any", "shop-db", priority=500, ingress=[allow("shop-web", "tcp", 5432)])]
GUARDRAILS = [Policy(f"isolate-{e}", f"env-{e}", tier="security", priority=10,
                     egress=[deny(f"env-{o}") for o in ENVS if o != e],
                     ingress=[deny(f"env-{o}") for o in ENVS if o != e]) for e in ENVS]
CROSS = [(a.name, b.name) for a in HOSTS for b in HOSTS
         if a.label_map["env"] != b.label_map["env"] and a.label_map["tier"] == "web" and b.label_map["tier"] == "db"]


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, SEGMENTS, PER_ENV)
    m.apply(api)
    api.wait_in_sync()
    serve(module_network, NAMES, PORTS)
    return m


def test_nothing_crosses_environments(model, module_network):
    todo = matrix(NAMES, PORTS)
    allowed = {(p.src, p.dst, p.port) for p in todo if model.decide(p.src, p.dst, p.kind, p.port)[0]}
    assert allowed == {(f"web-{e}", f"db-{e}", 5432) for e in ENVS}
    check(module_network, model, todo)


def test_a_lower_tier_allow_alone_would_open_cross_environment_traffic(model, module_network, api):
    for p in SLOPPY:
        model.policies[p.name] = p
        api.policy(p.name, p.body())
    todo = matrix(NAMES, [("tcp", 5432)], pairs=CROSS)
    assert all(model.decide(p.src, p.dst, p.kind, p.port)[0] for p in todo)
    check(module_network, model, todo)


def test_security_tier_guardrail_denies_despite_the_lower_tier_allow(model, module_network, api):
    for p in GUARDRAILS:
        model.policies[p.name] = p
        api.policy(p.name, p.body())
    assert set(model.policies) >= {p.name for p in SLOPPY}  # the sloppy allow is still there
    cross = matrix(NAMES, PORTS, pairs=CROSS)
    sw = TOPOLOGY.switches[0].name
    assert {model.counter_for(p.src, p.dst, p.kind, p.port) for p in cross} == {tiered_deny(sw, 7)}
    inside = matrix(NAMES, PORTS, pairs=[(f"web-{e}", f"db-{e}") for e in ENVS])
    check(module_network, model, cross + inside)
    # and the whole matrix, once more, under guardrail + sloppy allow + per-environment policies
    check(module_network, model, matrix(NAMES, PORTS))
