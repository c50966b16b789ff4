"""Attack 2, the rest (issue 9): one noisy port must not starve the others' first sightings, and LLDP from a workload
port never reaches the controller.

mt1: stranger (port 1, not registered), web2 (port 2, registered WITHOUT a location: learning confirm makes its first
frames a pending sighting), web1 (port 3, registered at its port) -- port 20/20 -- mt2: app1 (registered). The
controller probes every second and drops a link after 3 s without a probe.

1. The stranger floods IPv4 frames from an unknown address (far above the 100 pps of the unknown-host meter) while
   web2, never seen before, pings app1. Before, every port of a switch shared meter 1: the flood took all of it and
   web2's first frames were dropped by the meter, so no sighting appeared while the flood lasted. Now each port
   has an unknown-host meter of its own (0x10000 + port, table 0 priority 2): web2's sighting appears within a few
   seconds, during the flood, and the stranger's punts count on its own port's flow.
2. web1 (a workload port) sends LLDP frames: dropped in the switch by its port's drop flow (table 0 priority 1020),
   none reaches the LLDP punt (priority 1000, meter 3, the controller); the real link mt1-mt2 stays in /topology.
   Control: the same frames from the stranger's port (no workload) are punted.
"""

import json
import subprocess
import time

import pytest

from lib import net, probes
from lib.controller import fast_discovery
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.rest import dpid_text
from lib.scenario import Model, lldp_drop, lldp_punt, read_all, register, unknown_host, wait_counters

WEB1, WEB2, APP1 = three_tier_hosts(["web1", "web2", "app1"])
STRANGER = net.HostSpec("stranger", "10.0.0.77/8", "02:00:00:00:00:4d")
HOSTS = [STRANGER, WEB2, WEB1, APP1]
PLACEMENT = {"stranger": "mt1", "web2": "mt1", "web1": "mt1", "app1": "mt2"}
TOPOLOGY = net.spread(HOSTS, PLACEMENT, ["mt1", "mt2"], [("mt1", 20, "mt2", 20)])
SW = "mt1"
FLOOD_SECONDS = 10
SIGHTING_WITHIN = 5.0


@pytest.fixture(scope="module")
def module_controller(tmp_path_factory, environment):
    """The module's controller with fast discovery: probes every 1 s, links gone after 3 s without one."""
    ctl = fast_discovery(tmp_path_factory.mktemp("controller"), environment)
    yield ctl
    ctl.stop()


@pytest.fixture(scope="module")
def model(api, module_network):
    api.wait_links(TOPOLOGY.trunk_links(), timeout=30)
    register(api, TOPOLOGY, hosts=["web1", "app1"])
    api.workload(WEB2.ns, WEB2.name, [WEB2.addr], WEB2.label_map, WEB2.mac, None)  # no location: learned
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync([s.dpid for s in TOPOLOGY.switches])
    assert api.get("/settings")["learning"] == "confirm"
    return m


def _port(host):
    return TOPOLOGY.location(host)[1]


def _links(api):
    return {(l["srcDpid"], l["srcPort"], l["dstDpid"], l["dstPort"]) for l in api.topology()["links"]}


def _sighted(api, host):
    dpid, port = TOPOLOGY.location(host)
    return [s for s in api.sightings() if s["workload"] == f"{WEB2.ns}/{host}" and s["dpid"] == dpid_text(dpid)
            and s["port"] == port]


def _flood(network, seconds):
    node = network.host("stranger")
    return node.popen([probes.PYTHON, str(probes.HERE / "flood_unknown.py"), node.defaultIntf().name, str(seconds),
                       STRANGER.mac, APP1.mac, STRANGER.addr, APP1.addr], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _result(flood):
    out, err = flood.communicate(timeout=30)
    assert flood.returncode == 0, err.decode()
    sent = json.loads(out.decode().strip().splitlines()[-1])
    return sent, sent["sent"] / max(sent["seconds"], 0.1)


def test_a_noisy_port_does_not_starve_another_ports_first_sighting(api, model, module_network):
    assert not _sighted(api, "web2"), f"web2 was sighted before it spoke: {api.sightings()}"
    noisy = unknown_host(SW, _port("stranger"))
    before = read_all([noisy], missing_ok=[noisy])[noisy]
    flood = _flood(module_network, FLOOD_SECONDS)
    started = time.monotonic()
    ping = None
    try:
        time.sleep(1.5)  # the flood is in full swing before web2 says anything
        assert flood.poll() is None, "the flood ended early"
        web2 = module_network.host("web2")
        ping = web2.popen(["ping", "-i", "0.5", "-c", str(int(SIGHTING_WITHIN * 2)), "-W", "1", APP1.addr],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        spoke = time.monotonic()
        sighted = []
        while not sighted and time.monotonic() - spoke < SIGHTING_WITHIN:
            time.sleep(0.25)
            sighted = _sighted(api, "web2")
        took = time.monotonic() - spoke
        still_flooding = flood.poll() is None
    finally:
        if ping is not None and ping.poll() is None:
            ping.kill()
            ping.wait()
        sent, rate = _result(flood)
    assert rate > 1000, f"the flood was too slow to exceed the unknown-host meter (100 pps) tenfold: {sent}"
    assert still_flooding, f"the flood ended before the check was done ({time.monotonic() - started:.1f} s): {sent}"
    assert sighted, (f"web2's first frames made no sighting within {SIGHTING_WITHIN} s while the stranger flooded "
                     f"{rate:.0f} pps of unknown frames: {api.sightings()}")
    punted = read_all([noisy])[noisy] - before
    assert punted > 0, "the stranger's frames did not hit its port's unknown-host punt"
    print(f"\nflood of {sent['sent']} unknown frames in {sent['seconds']} s ({rate:.0f} pps) from port "
          f"{_port('stranger')}: web2's sighting at port {_port('web2')} appeared after {took:.1f} s; the stranger's "
          f"port punt counted {punted}")


def _send_lldp(network, host, seconds=1.0):
    node = network.host(host)
    out = node.cmd(f"{probes.PYTHON} {probes.HERE / 'flood_lldp.py'} {node.defaultIntf().name} {seconds}")
    return json.loads(out.strip().splitlines()[-1])["sent"]


def test_lldp_from_a_workload_port_is_dropped_in_the_switch_and_the_trunk_stays(api, model, module_network):
    real = {(dpid_text(a), p, dpid_text(b), q) for a, p, b, q in TOPOLOGY.trunk_links()}
    assert real <= _links(api)
    dropped, punt = lldp_drop(SW, _port("web1")), lldp_punt(SW)
    before = read_all([dropped, punt], missing_ok=[dropped])
    sent = _send_lldp(module_network, "web1")
    after = wait_counters({dropped: before[dropped] + 1}, missing_ok=[dropped])
    assert after[dropped] > before[dropped], f"no drop flow counted web1's {sent} LLDP frames: {before} -> {after}"
    time.sleep(1)
    after = read_all([dropped, punt], missing_ok=[dropped])
    assert after[punt] == before[punt], \
        f"{after[punt] - before[punt]} of web1's {sent} LLDP frames were punted toward the controller (meter 3)"
    assert real <= _links(api), f"the real link went missing: {_links(api)}"
    print(f"\nweb1 (workload port {_port('web1')}) sent {sent} LLDP frames: {after[dropped] - before[dropped]} dropped "
          "in the switch, none punted; the trunk stayed")

    # control: the same frames from a port without a workload go to discovery (the punt counts them)
    control = _send_lldp(module_network, "stranger", seconds=0.3)
    again = wait_counters({punt: after[punt] + 1})
    assert again[punt] > after[punt], f"control: the stranger's {control} LLDP frames were not punted"
    assert real <= _links(api)
