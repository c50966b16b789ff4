"""Deny by default with the 17-table pipeline.

One switch (mt1), h1 on port 1, h2 on port 2, static ARP. (1) Nothing registered: the switch holds exactly the
skeleton (47 flows, cookie 0x6d01000000000000: in table 0 the tagged-frame drop, LLDP, the IPv4/ARP unknown-host
punts and the miss dropping every other ethertype; conntrack, the misses of every table, the epoch flows of tables 2
and 13, commit, report) plus the empty model's six (outside classified in tables 3/4, posture twins in 8/12); TCP, UDP
and ICMP h1 -> h2 all fail, counted by the table-0 unknown-host punt of h1's port (priority 2, meter 0x10001, to the
controller; with the same cookie, two per port: 4 more flows), and ofproto/trace names that flow and outputs to no port. (2) Both hosts
registered as workloads with their locations but no policy: port security now vouches for them, and the same probes
fail at the egress posture flow (table 8, cookie 0x6d07......01): deny by default is the posture, not the miss.
"""

import pytest

from lib import flows, net, probes
from lib.scenario import egress_posture, read_all, unknown_host, wait_counters

TCP_PORT = 8080
UDP_PORT = 5353
TOPOLOGY = net.single_switch(n_hosts=2)
H1_TO_H2 = "in_port=1,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2"
# table 0: tagged frames, LLDP, the IPv4/ARP unknown-host punts (per port 1 and 2, shared), other ethertypes; table 2 and 13 with onTighten cut:
# current epoch, stale replies (tcp/udp/sctp, other) x origin, stale originals
SKELETON = [(0, 1100), (0, 1000), *[(0, 2)] * 4, (0, 1), (0, 1), (0, 0), (1, 100), (1, 0), (2, 300), (2, 250), *[(2, 240)] * 6,
            (2, 230), (2, 230), (2, 200), (2, 200), (2, 100), (2, 0), (3, 0), (4, 0), (5, 1000), (5, 0), (6, 0),
            (7, 0), (8, 0), (9, 1000), (9, 0), (10, 0), (11, 0), (12, 0), *[(13, 200)] * 6, (13, 150), (13, 150),
            (13, 10), (13, 0), (14, 0),
            (15, 100), (15, 0), (16, 0)]


@pytest.fixture(scope="module")
def servers(module_network):
    probes.start_servers(module_network, "h2", [f"tcp:{TCP_PORT}", f"udp:{UDP_PORT}"])


def test_switch_connects_and_holds_only_the_skeleton(module_controller, module_network):
    spec = TOPOLOGY.switches[0]
    module_controller.wait_for_log(rf"switch {spec.dpid_text} connected from .* speaking OF_1[34]")
    table = flows.dump_flows(spec.name)
    skeleton = [f for f in table if f.cookie == flows.BASELINE_DROP_COOKIE]
    assert sorted((f.table, f.priority) for f in skeleton) == sorted(SKELETON), flows.dump_text(spec.name)
    # the rest of an empty model: "everything outside" classified (tables 3, 4) and the posture flows (8, 12)
    rest = sorted((f.table, f.cookie >> 48) for f in table if f not in skeleton)
    assert rest == [(3, 0x6D03), (4, 0x6D03), (8, 0x6D07), (8, 0x6D07), (12, 0x6D07), (12, 0x6D07)], \
        flows.dump_text(spec.name)
    punts = flows.find_flows(spec.name, table=0, priority=1)
    assert sorted((f.match, f.actions) for f in punts) == [("arp", "meter:1,CONTROLLER:65535"),
                                                            ("ip", "meter:1,CONTROLLER:65535")], punts
    per_port = flows.find_flows(spec.name, table=0, priority=2)
    assert sorted((f.match, f.actions) for f in per_port) == sorted(
        (f"{kind},in_port={port}", f"meter:{0x10000 + port},CONTROLLER:65535") for kind in ("arp", "ip")
        for port in (1, 2)), per_port
    assert flows.find_flow(spec.name, table=0, priority=0).actions == "drop"  # every other ethertype
    assert flows.find_flow(spec.name, table=0, priority=1100).match == "vlan_tci=0x1000/0x1000"  # tagged frames
    assert " ERROR " not in module_controller.log()


def _probe(network, kind):
    if kind == "tcp":
        return probes.tcp(network, "h1", "h2", TCP_PORT), f"tcp,{H1_TO_H2},tcp_dst={TCP_PORT}"
    if kind == "udp":
        # udp_dst, not tp_dst: OVS 3.1's trace parser rejects "udp,...,tp_dst=N"
        return probes.udp(network, "h1", "h2", UDP_PORT, tries=2), f"udp,{H1_TO_H2},udp_dst={UDP_PORT}"
    return probes.ping(network, "h1", "h2", count=2), f"icmp,{H1_TO_H2},icmp_type=8"


@pytest.mark.parametrize("kind", ["tcp", "udp", "icmp"])
def test_unregistered_host_is_refused_by_the_table0_miss(module_network, servers, kind):
    switch = TOPOLOGY.switches[0].name
    miss = unknown_host(switch)
    before = read_all([miss])[miss]
    result, packet = _probe(module_network, kind)
    assert not result.reached, result
    if kind == "tcp":
        assert result.detail == "timed out", result  # dropped, not refused: the SYN vanished
    want = before + max(1, result.sent)
    after = wait_counters({miss: want})[miss]
    assert after >= want, f"{result}; table-0 miss counter went {before} -> {after}\n{flows.dump_text(switch)}"
    trace = flows.trace(switch, packet)
    assert "cookie 0x6d01000000000000" in trace and "meter:65537" in trace and "CONTROLLER" in trace, trace
    datapath = trace.split("Datapath actions:")[-1].splitlines()[0]
    assert "userspace" in datapath or "meter" in datapath, trace
    assert not any(a.strip().isdigit() for a in datapath.split(",")), f"output to a port: {datapath}"


@pytest.fixture(scope="module")
def registered(api, module_network):
    api.namespace("default")
    for h in TOPOLOGY.hosts:
        api.workload("default", h.name, [h.addr], {"name": h.name}, h.mac, TOPOLOGY.location(h.name))


@pytest.mark.parametrize("kind", ["tcp", "udp", "icmp"])
def test_registered_workloads_without_policy_are_refused_by_the_egress_posture(module_network, servers, registered,
                                                                                kind):
    switch = TOPOLOGY.switches[0].name
    posture, miss = egress_posture(switch), unknown_host(switch)
    before = read_all([posture, miss])
    result, packet = _probe(module_network, kind)
    assert not result.reached, result
    after = wait_counters({posture: before[posture] + max(1, result.sent)})
    assert after[posture] >= before[posture] + max(1, result.sent), (result, before, after)
    assert read_all([miss])[miss] == before[miss], "the table-0 miss counted a registered workload's packet"
    trace = flows.trace(switch, packet)
    assert "cookie 0x6d07000000000001" in trace and "Datapath actions: drop" in trace, trace
