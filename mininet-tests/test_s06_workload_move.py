"""Scenario 6: a workload moves to another switch and its policy follows.

mt1 - mt2 (trunk 20-20). web1 is emulated by two Mininet hosts with web1's IP and MAC, web1a on mt1 and web1b on
mt2, only one of them up at a time (a VM migrating: the old port goes down, the new one comes up). app1 on mt1,
db1 on mt2, three-tier policies: web1 -> app1:8080 allowed, web1 -> db1:3306 and app1/db1 -> web1 refused.
(a) registered location: PUT the workload with the new location; (b) learned: PUT it without a location and let
discovery bind it where its packets come from (the first packets are punted by the table-0 miss; settings
`learning: first-seen`), then move back.
Each time the full small matrix holds with the denials counted on the switch where web1 now is.
"""

import time

import pytest

from lib import net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, check, register, serve

WEB1 = three_tier_hosts(["web1"])[0]
HOSTS = [net.HostSpec("web1a", WEB1.ip, WEB1.mac, "prod", WEB1.labels),
         net.HostSpec("web1b", WEB1.ip, WEB1.mac, "prod", WEB1.labels)] + three_tier_hosts(["app1", "db1"])
TOPOLOGY = net.spread(HOSTS, {"web1a": "mt1", "app1": "mt1", "web1b": "mt2", "db1": "mt2"}, ["mt1", "mt2"],
                      [("mt1", 20, "mt2", 20)])
P = probes.Probe


def _todo(web):
    return [P(web, "tcp", "app1", 8080), P(web, "tcp", "db1", 3306), P("app1", "tcp", web, 443),
            P("db1", "tcp", web, 8080), P("app1", "tcp", "db1", 3306)]


def _activate(network, up, down):
    network.host(down).cmd(f"ip link set {network.host(down).defaultIntf()} down")
    network.host(up).cmd(f"ip link set {network.host(up).defaultIntf()} up")


def _put_web1(api, where):
    api.workload("prod", "web1", [WEB1.addr], WEB1.label_map, WEB1.mac,
                 TOPOLOGY.location(where) if where else None)


@pytest.fixture(scope="module")
def model(api, module_network):
    _activate(module_network, "web1a", "web1b")
    api.wait_links(TOPOLOGY.trunk_links())
    register(api, TOPOLOGY, hosts=["app1", "db1"])
    _put_web1(api, "web1a")
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    serve(module_network, ["web1a", "web1b", "app1", "db1"], [("tcp", 443), ("tcp", 8080), ("tcp", 3306)])
    return m


def _wait_reach(network, src, dst, port, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        r = probes.tcp(network, src, dst, port)
        if r.reached or time.monotonic() > deadline:
            return r


def test_registered_location_update_moves_the_policy(model, module_network, api):
    check(module_network, model, _todo("web1a"))
    _activate(module_network, "web1b", "web1a")
    _put_web1(api, "web1b")
    check(module_network, model, _todo("web1b"))


def test_learned_location_follows_the_workload(model, module_network, api):
    api.settings(learning="first-seen")   # the default (confirm) would wait for an operator: test_a03_first_frame.py
    _put_web1(api, None)       # web1b is up: discovery must learn it there
    r = _wait_reach(module_network, "web1b", "app1", 8080)
    assert r.reached, r
    check(module_network, model, _todo("web1b"))
    _activate(module_network, "web1a", "web1b")   # move back: the old port is down now
    r = _wait_reach(module_network, "web1a", "app1", 8080)
    assert r.reached, f"{r}\n{api.topology()}"
    check(module_network, model, _todo("web1a"))
