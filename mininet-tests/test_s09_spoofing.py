"""Scenario 9: spoofing gains nothing. web1 may open app1:8080; evil (a registered workload with no policy) and
stranger (not registered) sit on other ports of mt1. Taking web1's IP, web1's MAC, or both, evil's and stranger's
connections to app1:8080 are refused, and by port security: the table-0 unknown-host punt (priority 2, the port's meter, controller)
counts them, not a policy flow (no (in_port, MAC, IP) flow vouches for the pair). web1 itself keeps working.
"""

import pytest

from lib import net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import (Model, egress_posture, ingress_posture, read_all, register, serve, unknown_host,
                          wait_counters)

WEB1 = three_tier_hosts(["web1"])[0]
HOSTS = three_tier_hosts(["web1", "app1"]) + [net.workload_host("evil", 66, "prod", {"role": "evil"}),
                                             net.HostSpec("stranger", "10.0.0.77/8", "02:00:00:00:00:4d")]
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0].name


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    serve(module_network, ["app1"], [("tcp", 8080)])
    return m


def _become(network, host, ip=None, mac=None):
    node = network.host(host)
    intf = node.defaultIntf()
    spec = TOPOLOGY.host(host)
    out = node.cmd(f"ip addr flush dev {intf}; ip addr add {ip or spec.ip.split('/')[0]}/8 dev {intf}; "
                   f"ip link set {intf} address {mac or spec.mac}; ip route add default dev {intf} 2>/dev/null; "
                   f"ip neigh replace {TOPOLOGY.host('app1').addr} lladdr {TOPOLOGY.host('app1').mac} dev {intf}; "
                   "echo rc=$?")
    assert "rc=0" in out, out


@pytest.mark.parametrize("host", ["evil", "stranger"])
@pytest.mark.parametrize("steal", ["ip", "mac", "ip+mac"])
def test_spoofer_gains_nothing(model, module_network, host, steal):
    miss, counters = unknown_host(SW), [unknown_host(SW), egress_posture(SW), ingress_posture(SW)]
    _become(module_network, host, ip=WEB1.addr if "ip" in steal else None,
            mac=WEB1.mac if "mac" in steal else None)
    try:
        before = read_all(counters)
        results = probes.run_batch(module_network, [probes.Probe(host, "tcp", "app1", 8080),
                                                    probes.Probe(host, "udp", "app1", 8080)])
        assert not any(r.reached for r in results.values()), list(map(str, results.values()))
        after = wait_counters({miss: before[miss] + 2})
        after = read_all(counters)
        assert after[miss] >= before[miss] + 2, (before, after)
        assert after[egress_posture(SW)] == before[egress_posture(SW)], "a spoofed packet reached the policy tables"
        assert after[ingress_posture(SW)] == before[ingress_posture(SW)], "a spoofed packet reached the policy tables"
    finally:
        _become(module_network, host)
    legit = probes.tcp(module_network, "web1", "app1", 8080)
    assert legit.reached, legit
