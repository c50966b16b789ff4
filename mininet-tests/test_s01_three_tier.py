"""Scenario 1: the seed's three tiers on one switch, enforced, default posture deny.

lb, web1, web2, app1, app2, db1, mon, log on mt1 (ports 1..8), registered with their locations; policies:
lb -> web:443, mon -> web:9100, web -> app:8080, app -> db:3306, web -> log:514/udp (each an egress allow on
the source's segment and an ingress allow on the destination's). Every ordered pair is probed on those five
ports and three others (tcp 22, tcp 80, udp 53) at once: 448 real connections. Each must reach exactly when
the oracle in lib/scenario.py says so, the controller's /explain must agree, and each denial must be counted by
the flow that decides it (egress posture on table 8 when the source may not send, ingress posture on table 12
when only the destination refuses). Replies of allowed connections pass (TCP banner and echo, UDP answer) while
the reverse direction is refused as a new connection.
"""

import pytest

from lib import net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_PORTS, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, check, egress_posture, matrix, register, serve

HOSTS = three_tier_hosts()
TOPOLOGY = net.star(HOSTS)
NAMES = [h.name for h in HOSTS]
PORTS = THREE_TIER_PORTS


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    serve(module_network, NAMES, PORTS)
    return m


def test_full_matrix_reaches_exactly_what_the_policies_allow(model, module_network, api):
    todo = matrix(NAMES, PORTS)
    allowed = {p for p in todo if model.decide(p.src, p.dst, p.kind, p.port)[0]}
    # the oracle is what the issue says: 2+2+4+2+2 allowed pairs on their ports, nothing else
    assert {(p.src, p.dst, p.port) for p in allowed} == {
        ("lb", "web1", 443), ("lb", "web2", 443), ("mon", "web1", 9100), ("mon", "web2", 9100),
        ("web1", "app1", 8080), ("web1", "app2", 8080), ("web2", "app1", 8080), ("web2", "app2", 8080),
        ("app1", "db1", 3306), ("app2", "db1", 3306), ("web1", "log", 514), ("web2", "log", 514)}
    # the controller's own explanation agrees with the oracle on every probe
    answers = api.explain([{"from": f"prod/{p.src}", "to": f"prod/{p.dst}", "protocol": p.kind.upper(),
                            "port": p.port} for p in todo])
    disagree = [(str(p), a["verdict"]) for p, a in zip(todo, answers) if (a["verdict"] == "allow") != (p in allowed)]
    assert not disagree, disagree
    results = check(module_network, model, todo)
    print(f"\n{len(todo)} probes: {len(allowed)} allowed, {len(todo) - len(allowed)} denied; "
          f"slowest allowed {max(results[p].seconds for p in allowed):.2f}s")


def test_web_peers_cannot_talk_and_the_egress_posture_counts_it(model, module_network):
    todo = matrix(["web1", "web2"], [("tcp", 443), ("tcp", 8080), ("tcp", 9100)])
    sw = TOPOLOGY.switches[0].name
    assert {model.counter_for(p.src, p.dst, p.kind, p.port) for p in todo} == {egress_posture(sw)}
    check(module_network, model, todo)


def test_db_cannot_open_a_connection_to_web(model, module_network):
    todo = [probes.Probe("db1", kind, web, port) for web in ("web1", "web2")
            for kind, port in [("tcp", 443), ("tcp", 3306), ("tcp", 8080), ("udp", 514)]]
    check(module_network, model, todo)


def test_sources_without_a_matching_egress_allow_are_refused_at_their_egress(model, module_network):
    """lb -> app:8080, mon -> web:443 and web -> db:3306 each fail at the source's egress: each source has egress
    allows, just not this one, so the egress posture flow (not some rule) decides."""
    sw = TOPOLOGY.switches[0].name
    todo = [probes.Probe("lb", "tcp", "app1", 8080), probes.Probe("mon", "tcp", "web1", 443),
            probes.Probe("web1", "tcp", "db1", 3306)]
    assert {model.counter_for(p.src, p.dst, p.kind, p.port) for p in todo} == {egress_posture(sw)}
    check(module_network, model, todo)


def test_replies_of_allowed_connections_pass(model, module_network):
    """TCP request/response on one connection (banner, then echoed lines), UDP answers; the same flows in the
    reverse direction as *new* connections are refused (covered by the matrix: app -> web is denied)."""
    session = probes.Session(module_network, "web1", "app1", 8080)
    try:
        assert session.connected, session.desc
        for i in range(3):
            answer = session.exchange(f"request{i}")
            assert answer["ok"], answer
    finally:
        session.close()
    udp = probes.udp(module_network, "web2", "log", 514, timeout=3, tries=3)
    assert udp.reached, udp
    back = probes.tcp(module_network, "app1", "web1", 8080)
    assert not back.reached, back
