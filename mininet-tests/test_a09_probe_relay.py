"""Attack 1, colluding relay: two hosts on two switches hand each other the controller's genuine signed probes.

mt1 (web1 port 1, relay1 port 2) -- port 20/20 -- mt2 (app1 port 1, relay2 port 2). web1 may open app1:8080; relay1
and relay2 are not registered. Each relay host sniffs the LLDP probes that reach its port and its partner sends them
out of its own port, unchanged (lib/relay_lldp.py; the shared file system stands in for the attackers' channel).
Probes are signed and fresh, so signing alone cannot tell a relayed probe from a cable.

1. Control, discovery in auto mode (no pinned trunks: any port without a workload may be probed): the relay makes a
   link mt1/2 <-> mt2/2 in /topology and a table-0 trunk flow (priority 400, FROM_TRUNK) for port 2: the attackers'
   ports become trusted trunks. This is why production pins its trunks.
2. Pinned (`discovery.trunkPorts: [mt1/20, mt2/20]`): no probe goes out of a host port (the relays capture nothing),
   /topology has only the real link, there is no trunk flow on port 2, the relay's connections to app1:8080 are
   refused, and the real link carries web1 -> app1:8080.
"""

import json
import subprocess

import pytest

from lib import flows, net, probes
from lib.controller import Controller
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.rest import Api, dpid_text
from lib.scenario import Model, register, serve

HOSTS = three_tier_hosts(["web1", "app1"]) + [net.HostSpec("relay1", "10.0.0.81/8", "02:00:00:00:00:51"),
                                             net.HostSpec("relay2", "10.0.0.82/8", "02:00:00:00:00:52")]
PLACEMENT = {"web1": "mt1", "relay1": "mt1", "app1": "mt2", "relay2": "mt2"}
TOPOLOGY = net.spread(HOSTS, PLACEMENT, ["mt1", "mt2"], [("mt1", 20, "mt2", 20)])
MT1, MT2 = TOPOLOGY.switch("mt1").dpid, TOPOLOGY.switch("mt2").dpid
RELAY_PORTS = {(dpid_text(MT1), 2), (dpid_text(MT2), 2)}
TRUNK_PRIORITY = 400  # Priorities.TRUNK_PORT: table 0, in_port, FROM_TRUNK
RELAY_SECONDS = 12


def _config(tmp_path, pinned):
    lines = ["discovery:", "  probeIntervalSeconds: 1", "  linkTimeoutSeconds: 4"]
    if pinned:
        lines.append(f'  trunkPorts: ["{dpid_text(MT1)}/20", "{dpid_text(MT2)}/20"]')
    path = tmp_path / "microseg.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(params=["auto", "pinned"])
def lab(request, tmp_path, environment):
    pinned = request.param == "pinned"
    (tmp_path / "controller").mkdir()
    ctl = Controller(workdir=tmp_path / "controller", classpath=environment,
                     extra_args=["--config", str(_config(tmp_path, pinned))])
    ctl.start()
    network = net.Network(TOPOLOGY, ctl.openflow_port)
    try:
        network.start()
        api = Api(ctl.rest_port, ctl.token)
        api.wait_links(TOPOLOGY.trunk_links(), timeout=30)
        register(api, TOPOLOGY)
        Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES).apply(api)
        api.wait_in_sync([s.dpid for s in TOPOLOGY.switches])
        serve(network, ["app1"], [("tcp", 8080)])
        yield pinned, api, network, tmp_path
    finally:
        network.stop()
        ctl.stop()


def _relay(network, tmp_path):
    spools = (tmp_path / "relay1-to-relay2", tmp_path / "relay2-to-relay1")
    procs = []
    for host, out, inbound in (("relay1", spools[0], spools[1]), ("relay2", spools[1], spools[0])):
        intf = network.host(host).defaultIntf().name
        procs.append(network.host(host).popen([probes.PYTHON, str(probes.HERE / "relay_lldp.py"), intf, str(out),
                                               str(inbound), str(RELAY_SECONDS)],
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=RELAY_SECONDS + 30)
        assert proc.returncode == 0, err.decode()
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    return results


def _relay_links(api):
    return {(l["srcDpid"], l["srcPort"], l["dstDpid"], l["dstPort"]) for l in api.topology()["links"]
            if (l["srcDpid"], l["srcPort"]) in RELAY_PORTS or (l["dstDpid"], l["dstPort"]) in RELAY_PORTS}


def _trunk_ports(switch):
    return sorted({f.match for f in flows.find_flows(switch, table=0, priority=TRUNK_PRIORITY)})


def test_relayed_probes_make_a_trunk_only_where_trunks_are_not_pinned(lab):
    pinned, api, network, tmp_path = lab
    # positive control: the real link is found and carries allowed traffic
    real = {(dpid_text(a), p, dpid_text(b), q) for a, p, b, q in TOPOLOGY.trunk_links()}
    assert real <= {(l["srcDpid"], l["srcPort"], l["dstDpid"], l["dstPort"]) for l in api.topology()["links"]}
    assert probes.tcp(network, "web1", "app1", 8080).reached

    relay1, relay2 = _relay(network, tmp_path)
    relayed = _relay_links(api)
    trunks = _trunk_ports("mt1") + _trunk_ports("mt2")
    on_relay_ports = [m for m in trunks if "in_port=2," in m + ","]
    if not pinned:
        # the attack is real: without pinned trunks, relayed genuine probes prove a link between two host ports
        assert relay1["captured"] and relay2["captured"], (relay1, relay2)
        assert {(dpid_text(MT1), 2, dpid_text(MT2), 2), (dpid_text(MT2), 2, dpid_text(MT1), 2)} <= relayed, relayed
        assert on_relay_ports, f"no trunk flow for the relay ports: {trunks}"
        print(f"\nauto: relays captured {relay1['captured']}/{relay2['captured']} probes and made {sorted(relayed)}")
        return
    assert relay1["captured"] == 0 and relay2["captured"] == 0, \
        f"probes went out of host ports although trunks are pinned: {relay1}, {relay2}"
    assert not relayed, f"/topology lists links the relay invented: {sorted(relayed)}"
    assert not on_relay_ports, f"trunk flows on the relay ports: {on_relay_ports}"
    assert not probes.tcp(network, "relay1", "app1", 8080).reached
    assert not probes.tcp(network, "relay2", "app1", 8080).reached
    assert probes.tcp(network, "web1", "app1", 8080).reached
    print("\npinned: no probe left a host port, no relayed link, no trunk flow on a host port")
