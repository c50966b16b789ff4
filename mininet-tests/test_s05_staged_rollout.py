"""Scenario 5: staged rollout of a segment (legacy1, legacy2: app=legacy, no policy at all, so everything they do
would be denied) through monitor, alert and enforce, while the shop (web1 -> app1:8080) is already enforced.

monitor/alert: legacy1 -> legacy2 passes; the posture flows' lenient twins (metadata LENIENT set) count it, not the
drop twins; the report flow (table 15, priority 100, meter 2 -> controller) counts every would-deny packet.
Traffic between legacy and the enforced shop is still refused where the shop side is enforced (the strictest side
wins), counted by that side's drop flow (legacy1 -> web1: web's ingress, table 12). enforce: legacy1 -> legacy2 is refused by the egress posture's drop flow
and the report flow stops counting.
"""

import pytest

from lib import net, probes
from lib.scenario import (Counter, Model, Policy, allow, egress_posture, ingress_posture, read_all, register,
                          report, serve, wait_counters)

HOSTS = [net.workload_host("web1", 11, "prod", {"app": "shop", "tier": "web"}),
         net.workload_host("app1", 21, "prod", {"app": "shop", "tier": "app"}),
         net.workload_host("legacy1", 41, "prod", {"app": "legacy"}),
         net.workload_host("legacy2", 42, "prod", {"app": "legacy"})]
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0].name
SEGMENTS = {"web": {"tier": "web"}, "app": {"tier": "app"}, "legacy": {"app": "legacy"}}
POLICIES = [Policy("web", "web", egress=[allow("app", "tcp", 8080)]),
            Policy("app", "app", ingress=[allow("web", "tcp", 8080)])]
P = probes.Probe
LEGACY = [P("legacy1", "tcp", "legacy2", 22), P("legacy2", "tcp", "legacy1", 22), P("legacy1", "udp", "legacy2", 53)]
SHOP_TO_LEGACY = [P("web1", "tcp", "legacy1", 22)]    # web's egress is enforced: table 8 drop
LEGACY_TO_SHOP = [P("legacy1", "tcp", "web1", 8080)]  # legacy's egress would-deny, web's ingress enforced: table 12
SHOP = {P("web1", "tcp", "app1", 8080): True, P("app1", "tcp", "web1", 8080): False}

EGRESS_ANY = Counter(SW, 8, 0x07, 1, 100, None, "egress posture, both twins")
INGRESS_ANY = Counter(SW, 12, 0x07, 2, 100, None, "ingress posture, both twins")


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, SEGMENTS, POLICIES)
    m.apply(api)
    api.enforcement("shop", {"app": "shop"}, "enforce")
    serve(module_network, [h.name for h in HOSTS], [("tcp", 22), ("tcp", 8080), ("udp", 53)])
    return m


def _run(network, legacy_reach):
    counters = [egress_posture(SW), ingress_posture(SW), EGRESS_ANY, INGRESS_ANY, report(SW)]
    before = read_all(counters)
    expected = {**{p: legacy_reach for p in LEGACY}, **{p: False for p in SHOP_TO_LEGACY + LEGACY_TO_SHOP}, **SHOP}
    _, wrong = probes.check_batch(network, expected)
    assert not wrong, "\n".join(wrong)
    # app1 -> web1 and shop -> legacy: enforced egress; once legacy is enforced its own egress refuses first
    enforced_egress = len(SHOP_TO_LEGACY) + 1 + (0 if legacy_reach else len(LEGACY) + len(LEGACY_TO_SHOP))
    need = {egress_posture(SW): enforced_egress, ingress_posture(SW): len(LEGACY_TO_SHOP) if legacy_reach else 0}
    if legacy_reach:
        # lenient: every would-deny new connection is reported (egress and ingress twins both lenient)
        need[report(SW)] = len(LEGACY)
        need[EGRESS_ANY] = enforced_egress + len(LEGACY) + len(LEGACY_TO_SHOP)
    wait_counters({c: before[c] + n for c, n in need.items()})
    after = read_all(counters)
    delta = {str(c): after[c] - before[c] for c in counters}
    for c, n in need.items():
        assert after[c] - before[c] >= n if n else after[c] == before[c], (str(c), n, delta)
    if legacy_reach:
        lenient_egress = (after[EGRESS_ANY] - before[EGRESS_ANY]) - (after[egress_posture(SW)] - before[egress_posture(SW)])
        assert lenient_egress >= len(LEGACY) + len(LEGACY_TO_SHOP), delta
    else:
        assert after[report(SW)] == before[report(SW)], delta
        assert after[EGRESS_ANY] - before[EGRESS_ANY] == after[egress_posture(SW)] - before[egress_posture(SW)], delta
    return delta


@pytest.mark.parametrize("mode", ["monitor", "alert"])
def test_lenient_modes_let_would_deny_traffic_pass_and_report_it(model, module_network, api, mode):
    api.enforcement("legacy-rollout", {"app": "legacy"}, mode)
    print(f"\n{mode}: counter deltas {_run(module_network, legacy_reach=True)}")


def test_enforce_refuses_and_stops_reporting(model, module_network, api):
    api.enforcement("legacy-rollout", {"app": "legacy"}, "enforce")
    print(f"\nenforce: counter deltas {_run(module_network, legacy_reach=False)}")
