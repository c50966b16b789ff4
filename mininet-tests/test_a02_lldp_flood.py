"""Attack 2: an LLDP flood from one host must not cut its switch off.

mt1 (web1 port 1, stranger port 2) -- port 20/20 -- mt2 (app1 port 1); the controller probes every second and drops a
link after 3 s without a probe. stranger (not registered) floods LLDP frames from a raw socket for 8 s (far above
the 1000 pps of the LLDP meter). Before the fix all LLDP of a switch shared meter 3, so the flood starved mt2's probes
arriving at mt1/20 and the link mt2/20 -> mt1/20 expired (web1 -> app1 broke). Now LLDP from a trunk port has a meter
of its own (0x100, table 0 priority 1010) and the discovery queue is fair per port: the link stays in /topology for
the whole flood, web1 -> app1:8080 keeps working during it, and the trunk meter's flow counts the real probes.
"""

import json
import subprocess
import time

import pytest

from lib import flows, net, probes
from lib.controller import fast_discovery
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.rest import Api, dpid_text
from lib.scenario import Model, register, serve

HOSTS = three_tier_hosts(["web1", "app1"]) + [net.HostSpec("stranger", "10.0.0.77/8", "02:00:00:00:00:4d")]
PLACEMENT = {"web1": "mt1", "stranger": "mt1", "app1": "mt2"}
TOPOLOGY = net.spread(HOSTS, PLACEMENT, ["mt1", "mt2"], [("mt1", 20, "mt2", 20)])
FLOOD_SECONDS = 8


@pytest.fixture(scope="module")
def module_controller(tmp_path_factory, environment):
    """The module's controller with fast discovery: probes every 1 s, links gone after 3 s without one."""
    ctl = fast_discovery(tmp_path_factory.mktemp("controller"), environment)
    yield ctl
    ctl.stop()


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


def test_an_lldp_flood_does_not_cut_the_switch_off(api, model, module_network):
    real = {(dpid_text(a), p, dpid_text(b), q) for a, p, b, q in TOPOLOGY.trunk_links()}
    assert real <= _links(api)
    assert probes.tcp(module_network, "web1", "app1", 8080).reached

    node = module_network.host("stranger")
    flood = node.popen([probes.PYTHON, str(probes.HERE / "flood_lldp.py"), node.defaultIntf().name, str(FLOOD_SECONDS)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    missing, broken = [], []
    deadline = time.monotonic() + FLOOD_SECONDS - 0.5
    time.sleep(1)
    while time.monotonic() < deadline:
        have = _links(api)
        if not real <= have:
            missing.append(sorted(real - have))
        if not probes.tcp(module_network, "web1", "app1", 8080).reached:
            broken.append(time.monotonic())
        time.sleep(0.3)
    out, err = flood.communicate(timeout=30)
    assert flood.returncode == 0, err.decode()
    sent = json.loads(out.decode().strip().splitlines()[-1])
    rate = sent["sent"] / max(sent["seconds"], 0.1)
    assert rate > 2000, f"the flood was too slow to exceed the LLDP meter (1000 pps): {sent}"
    assert not missing, f"the real link went missing during the flood ({len(missing)} times): {missing[:3]}; flood {sent}"
    assert not broken, f"web1 -> app1:8080 failed {len(broken)} times during the flood; flood {sent}"
    assert real <= _links(api)
    assert probes.tcp(module_network, "web1", "app1", 8080).reached
    print(f"\nflood of {sent['sent']} LLDP frames in {sent['seconds']} s ({rate:.0f} pps): the link stayed, "
          "web1 -> app1 kept working")
