"""Attack 1: forged LLDP must not make a host port a trusted trunk.

mt1 (web1 port 1, stranger port 2, evil port 3) -- port 20/20 -- mt2 (app1 port 1). web1 may open app1:8080; evil is a
registered workload with no policy; stranger is not registered. stranger sniffs one of the controller's real probes on
its port and sends it back, replayed and rewritten to claim mt2's port 1 (every other TLV kept). Before the fix the
rewritten probe made a link mt2/1 -> mt1/2: /topology listed it, mt1 got a table-0 trunk flow (priority 400,
FROM_TRUNK) for port 2 and stranger's packets skipped port security (the table-0 miss stopped counting them).
Now: no link in /topology touches a host port, there is no trunk flow for ports 1-3, stranger's denied probes are
still counted by the table-0 miss, evil's port receives no probe at all (a registered workload's port is never
probed), and the real link mt1/20 <-> mt2/20 is discovered and carries web1 -> app1:8080.
"""

import json
import subprocess
import time

import pytest

from lib import flows, net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.rest import dpid_text
from lib.scenario import Model, egress_posture, read_all, register, serve, unknown_host, wait_counters

HOSTS = three_tier_hosts(["web1", "app1"]) + [net.HostSpec("stranger", "10.0.0.77/8", "02:00:00:00:00:4d"),
                                             net.workload_host("evil", 66, "prod", {"role": "evil"})]
PLACEMENT = {"web1": "mt1", "stranger": "mt1", "evil": "mt1", "app1": "mt2"}
TOPOLOGY = net.spread(HOSTS, PLACEMENT, ["mt1", "mt2"], [("mt1", 20, "mt2", 20)])
MT1, MT2 = TOPOLOGY.switch("mt1").dpid, TOPOLOGY.switch("mt2").dpid
HOST_PORTS = {(MT1, 1), (MT1, 2), (MT1, 3), (MT2, 1)}
TRUNK_PRIORITY = 400  # Priorities.TRUNK_PORT: table 0, in_port, FROM_TRUNK


@pytest.fixture(scope="module")
def model(api, module_network):
    api.wait_links(TOPOLOGY.trunk_links(), timeout=30)
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync([s.dpid for s in TOPOLOGY.switches])
    serve(module_network, ["app1"], [("tcp", 8080)])
    return m


def _links(api):
    return {(l["srcDpid"], l["srcPort"], l["dstDpid"], l["dstPort"]) for l in api.topology()["links"]}


def _host_links(api):
    host_points = {(dpid_text(d), p) for d, p in HOST_PORTS}
    return {l for l in _links(api) if (l[0], l[1]) in host_points or (l[2], l[3]) in host_points}


def _trunk_flows(switch):
    return [f for f in flows.find_flows(switch, table=0, priority=TRUNK_PRIORITY)]


def _attack(network, host, wait):
    intf = network.host(host).defaultIntf().name
    return network.host(host).popen([probes.PYTHON, str(probes.HERE / "forge_lldp.py"), intf, str(wait),
                                     hex(MT2), "1", "15"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _result(proc):
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    return json.loads(out.decode().strip().splitlines()[-1])


def test_forged_lldp_makes_no_trunk(api, model, module_network):
    # positive control: the real link is there (both directions) and carries allowed traffic
    assert set(TOPOLOGY.trunk_links()) and {(dpid_text(a), p, dpid_text(b), q)
                                            for a, p, b, q in TOPOLOGY.trunk_links()} <= _links(api)
    assert probes.tcp(module_network, "web1", "app1", 8080).reached
    trunk_ports_before = sorted(f.match for f in _trunk_flows("mt1"))
    assert trunk_ports_before and all("in_port=20" in m for m in trunk_ports_before), trunk_ports_before

    stranger = _attack(module_network, "stranger", 12)
    evil = _attack(module_network, "evil", 12)
    got, got_evil = _result(stranger), _result(evil)
    assert got["captured"], "no probe reached stranger's port (an unregistered host's port may be a trunk, so it is probed)"
    assert got["chassis"] == f"dpid:{MT1:016x}" and got["port"] == "2", got

    time.sleep(2)  # the forged frames are punted and handled within moments; give discovery a commit or two
    invented = _host_links(api)
    assert not invented, f"/topology lists links a host invented: {sorted(invented)}"
    trunks = _trunk_flows("mt1") + _trunk_flows("mt2")
    on_host_ports = [f.raw for f in trunks if not any(f"in_port={p}," in f.match + "," for p in (20,))]
    assert not on_host_ports, f"trunk flows on host ports: {on_host_ports}"

    # stranger is still policed by port security: its denied connections are counted by mt1's table-0 miss
    miss = unknown_host("mt1")
    before = read_all([miss])[miss]
    results = probes.run_batch(module_network, [probes.Probe("stranger", "tcp", "app1", 8080),
                                                probes.Probe("stranger", "udp", "app1", 8080)])
    assert not any(r.reached for r in results.values()), list(map(str, results.values()))
    after = wait_counters({miss: before + 2})[miss]
    assert after >= before + 2, f"table-0 miss counted {after - before} of stranger's packets (its port is trusted?)"
    # evil (registered, no policy) is still policed by its egress posture
    posture = egress_posture("mt1")
    before = read_all([posture])[posture]
    assert not probes.tcp(module_network, "evil", "app1", 8080).reached
    after = wait_counters({posture: before + 1})[posture]
    assert after >= before + 1, "evil's denied connection was not counted by its egress posture"
    # and the real link still works
    assert probes.tcp(module_network, "web1", "app1", 8080).reached
    assert not got_evil["captured"], f"a probe went out of evil's port (a registered workload's port): {got_evil}"
    print(f"\nstranger sent {got['sent']} replayed/forged probes: no host link, no trunk flow on a host port; "
          f"evil egress posture +{after - before}")
