"""Attack 6: conntrack zones collide. Two bridges of one ovs-vswitchd share one conntrack table; with the zone taken
from the low 16 bits of the dpid, mt1 (dpid 0x6d740000_00006d31) and mt2 (0x6d740000_00016d31) shared zone 0x6d31.

client (on mt1) may send to server:8080 by its egress policy, but server's ingress allows only 9090. client sends
udp 40000 -> server:8080: mt1 admits and commits it; mt2 denies it (OVS keeps a flow +new until a reply is seen, so
this first packet is checked). server then sends one datagram 8080 -> client:40000. In a shared zone mt2 takes it for
the reply of mt1's commit: established, so server's egress is not checked either, and the flow is now two-way in the
zone both switches use. From then on client -> server:8080 is established at mt2 too, skips its ingress check and
reaches server. Each switch now has a zone of its own: at mt2 server's datagram is new and its egress posture drops it,
client's datagrams stay new and mt2's ingress posture drops them (its counter rises); udp and tcp to 9090 (allowed
on both sides) still pass, tcp to 8080 is refused. A restart of the controller keeps both zones and changes nothing
on either switch.
"""

import re
import time
from pathlib import Path

import pytest

from lib import flows, frames, net, probes
from lib.scenario import (Model, Policy, allow, check, egress_posture, ingress_posture, read_all, register, serve,
                          wait_counters)

# the harness's 'mt' dpids, chosen to agree in their low 16 bits (the zone both would have had)
MT1, MT2 = 0x6D74_0000_0000_6D31, 0x6D74_0000_0001_6D31
CLIENT = net.workload_host("client", 61, "prod", {"role": "client"})
SERVER = net.workload_host("server", 62, "prod", {"role": "server"})
TOPOLOGY = net.Topology(
    hosts=(CLIENT, SERVER),
    switches=(net.SwitchSpec("mt1", MT1), net.SwitchSpec("mt2", MT2)),
    links=(net.LinkSpec("client", "mt1", 0, 1), net.LinkSpec("server", "mt2", 0, 1),
           net.LinkSpec("mt1", "mt2", 20, 20)))
SEGMENTS = {"clients": {"role": "client"}, "servers": {"role": "server"}}
POLICIES = [
    Policy("client-out", "clients", egress=[allow("servers", kind, port) for kind in ("udp", "tcp")
                                            for port in (8080, 9090)]),
    Policy("server-in", "servers", ingress=[allow("clients", "udp", 9090), allow("clients", "tcp", 9090)]),
]
PROBES = [probes.Probe("client", "udp", "server", 9090), probes.Probe("client", "tcp", "server", 9090),
          probes.Probe("client", "tcp", "server", 8080)]
UDP_SEND = str(Path(frames.__file__).resolve().parent / "udp_send.py")


def _zones(switch):
    """The conntrack zones a switch's flows use (table 1 and the commit in table 13)."""
    found = set()
    for f in flows.dump_flows(switch):
        found |= {int(z) for z in re.findall(r"zone=(\d+)", f.actions)}
    return found


def _table(switch):
    return sorted((f.table, f.priority, f.cookie, f.match, f.actions) for f in flows.dump_flows(switch))


@pytest.fixture(scope="module")
def model(api, module_network):
    api.wait_links(TOPOLOGY.trunk_links(), timeout=30)
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, SEGMENTS, POLICIES)
    m.apply(api)
    api.wait_in_sync([s.dpid for s in TOPOLOGY.switches])
    serve(module_network, ["server"], [("udp", 9090), ("tcp", 9090), ("tcp", 8080)])
    return m


def _udp(network, host, local_port, dst, dst_port, payload, count):
    node = network.host(host)
    out = node.cmd(f"{frames.PYTHON} {UDP_SEND} {local_port} {network.ip(dst)} {dst_port} {payload} {count}")
    assert out.strip().splitlines()[-1] == str(count), out


def test_a_flow_committed_on_one_switch_is_still_checked_on_the_next(model, module_network):
    assert MT1 & 0xFFFF == MT2 & 0xFFFF
    assert model.decide("client", "server", "udp", 8080) == (False, ("ingress", "posture"))
    assert model.decide("server", "client", "udp", 40000) == (False, ("egress", "posture"))
    ingress, egress = ingress_posture("mt2"), egress_posture("mt2")
    before = read_all([ingress, egress])
    sniffer = frames.Sniffer(module_network, "server", "ATTACK-a06", seconds=5)
    _udp(module_network, "client", 40000, "server", 8080, "knock", 1)      # committed at mt1, denied at mt2
    _udp(module_network, "server", 8080, "client", 40000, "answer", 1)     # the "reply" of mt1's commit
    _udp(module_network, "client", 40000, "server", 8080, "ATTACK-a06", 5)
    arrived = sniffer.count()
    assert arrived == 0, f"{arrived} of 5 datagrams client -> server:8080 reached server past its ingress policy"
    after = wait_counters({ingress: before[ingress] + 6, egress: before[egress] + 1})
    assert after[ingress] >= before[ingress] + 6, f"mt2 ingress posture counted {after[ingress] - before[ingress]} of 6"
    assert after[egress] >= before[egress] + 1, "mt2 egress posture did not count server's datagram"
    # the allowed traffic still passes, tcp to 8080 is refused by mt2's ingress posture
    check(module_network, model, PROBES)
    z1, z2 = _zones("mt1"), _zones("mt2")
    assert len(z1) == 1 and len(z2) == 1 and z1 != z2, f"mt1 zones {z1}, mt2 zones {z2}: one zone each, not shared"


def test_a_restart_keeps_each_switchs_zone_and_changes_nothing(model, module_network, module_controller, api):
    zones = {s: _zones(s) for s in ("mt1", "mt2")}
    tables = {s: _table(s) for s in ("mt1", "mt2")}
    stopped_at = time.monotonic()
    module_controller.stop()
    module_controller.start()
    for spec in TOPOLOGY.switches:
        module_controller.wait_for_log(rf"switch {spec.dpid_text}: revision \d+ in force", timeout=30)
    api.wait_in_sync([s.dpid for s in TOPOLOGY.switches], timeout=30)
    time.sleep(1)  # let a follow-up revision, if any, land before reading the tables
    elapsed = time.monotonic() - stopped_at
    for s in ("mt1", "mt2"):
        assert _zones(s) == zones[s], (s, zones[s], _zones(s))
        assert _table(s) == tables[s], f"{s} changed across the restart:\n{flows.dump_text(s)}"
        young = [f.raw for f in flows.dump_flows(s) if f.duration < elapsed - 1.0]
        assert not young, f"{s}: flows re-added by the restart:\n" + "\n".join(young[:5])
    check(module_network, model, PROBES)
