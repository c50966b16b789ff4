"""Attack 3 (issue 9), the first frame steals a learned location. web1 is registered without a location (IP, MAC,
labels; no dpid/port): before, discovery bound it to the first port that sent its MAC and IP, so a stranger who
speaks first became web1 and got web1's allows (web -> app1:8080). Now the setting `learning` decides, default
`confirm`: the first sighting is only pending (GET /sightings) and grants nothing until an operator confirms a
port (POST /sightings/{ns}/{name}/confirm).

mt1: web1 (the real host, its port silent until the stranger spoke), app1 (registered with its location, serves
tcp 8080), stranger (not registered). web2 is a workload registered without a location whose real host never
appears (the control's victim).
1. confirm: the stranger takes web1's IP and MAC and speaks first: its connections to app1:8080 are refused by port
   security (the table-0 miss counts them; no policy table sees them), /sightings lists web1 at the stranger's port
   and /topology attaches web1 nowhere. The real web1 speaks: also pending. The operator confirms web1's real port:
   web1 reaches app1:8080, the stranger still gets nothing and /sightings is empty.
2. The binding is stored: after kill -9 and a restart on the same data dir the switch's table is unchanged (nothing
   deleted and re-added) before web1 sends anything, and web1 still works.
3. Control, `learning: first-seen` (the old behaviour): the stranger becomes web2 by speaking first and reaches
   app1:8080 with web2's allow.
"""

import time

import pytest

from lib import flows, net, probes
from lib.rest import dpid_text
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, egress_posture, ingress_posture, read_all, register, serve, unknown_host, wait_counters

WEB1, APP1, WEB2 = three_tier_hosts(["web1", "app1", "web2"])
HOSTS = [WEB1, APP1, net.HostSpec("stranger", "10.0.0.77/8", "02:00:00:00:00:4d")]
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0]
STATE = {}


def _put_unlocated(api, spec):
    api.workload(spec.ns, spec.name, [spec.addr], spec.label_map, spec.mac, None)


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY, hosts=["app1"])
    _put_unlocated(api, WEB1)
    _put_unlocated(api, WEB2)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    app1 = module_network.host("app1")
    out = app1.cmd(f"ip neigh replace {WEB2.addr} lladdr {WEB2.mac} dev {app1.defaultIntf()}; echo rc=$?")
    assert "rc=0" in out, out
    serve(module_network, ["app1"], [("tcp", 8080)])
    return m


def _become(network, spec):
    """The stranger takes `spec`'s IP and MAC (None: its own)."""
    node = network.host("stranger")
    intf = node.defaultIntf()
    own = TOPOLOGY.host("stranger")
    ip, mac = (spec.addr, spec.mac) if spec else (own.addr, own.mac)
    out = node.cmd(f"ip addr flush dev {intf}; ip addr add {ip}/8 dev {intf}; ip link set {intf} address {mac}; "
                   f"ip route add default dev {intf} 2>/dev/null; "
                   f"ip neigh replace {APP1.addr} lladdr {APP1.mac} dev {intf}; echo rc=$?")
    assert "rc=0" in out, out


def _wait(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.25)


def _sighted_at(api, workload, location):
    dpid, port = location
    return [s for s in api.sightings() if s["workload"] == workload and s["dpid"] == dpid_text(dpid)
            and s["port"] == port]


def _attached(api, workload):
    return [a for a in api.topology()["attachments"] if a["workload"] == workload]


def _refused_by_port_security(network, src):
    counters = [unknown_host(SW.name), egress_posture(SW.name), ingress_posture(SW.name)]
    before = read_all(counters)
    results = probes.run_batch(network, [probes.Probe(src, "tcp", "app1", 8080), probes.Probe(src, "udp", "app1", 8080)])
    assert not any(r.reached for r in results.values()), list(map(str, results.values()))
    wait_counters({counters[0]: before[counters[0]] + 2})
    after = read_all(counters)
    assert after[counters[0]] >= before[counters[0]] + 2, (before, after)
    assert after[counters[1]] == before[counters[1]], "a stranger's packet reached the policy tables"
    assert after[counters[2]] == before[counters[2]], "a stranger's packet reached the policy tables"
    return after[counters[0]] - before[counters[0]]


def _reach(network, src, timeout=15):
    return _wait(lambda: (r := probes.tcp(network, src, "app1", 8080)).reached and r, timeout) or \
        probes.tcp(network, src, "app1", 8080)


def test_a_stranger_who_speaks_first_gets_nothing_until_the_operator_confirms_the_real_port(model, module_network,
                                                                                             api):
    assert api.get("/settings")["learning"] == "confirm"
    web1 = module_network.host("web1")
    web1.cmd(f"ip link set {web1.defaultIntf()} down")   # the real web1 is not up yet: the stranger speaks first
    _become(module_network, WEB1)
    try:
        missed = _refused_by_port_security(module_network, "stranger")
        assert _wait(lambda: _sighted_at(api, "prod/web1", TOPOLOGY.location("stranger"))), api.sightings()
        assert not _attached(api, "prod/web1"), api.topology()["attachments"]
        print(f"\nstranger as web1, first speaker: refused, table-0 miss +{missed}; pending: {api.sightings()}")

        web1.cmd(f"ip link set {web1.defaultIntf()} up")
        assert not probes.tcp(module_network, "web1", "app1", 8080).reached, "an unconfirmed web1 got through"
        assert _wait(lambda: _sighted_at(api, "prod/web1", TOPOLOGY.location("web1"))), api.sightings()
        assert _sighted_at(api, "prod/web1", TOPOLOGY.location("stranger")), "the first sighting was forgotten"

        wrong = api.confirm_sighting("prod", "web1", (SW.dpid, 99), expect=(404,))
        assert "no pending sighting" in wrong["detail"], wrong
        api.confirm_sighting("prod", "web1", TOPOLOGY.location("web1"))
        legit = _reach(module_network, "web1")
        assert legit.reached, legit
        assert not api.sightings(), api.sightings()
        dpid, port = TOPOLOGY.location("web1")
        assert [(a["dpid"], a["port"]) for a in _attached(api, "prod/web1")] == [(dpid_text(dpid), port)]

        missed = _refused_by_port_security(module_network, "stranger")
        assert not api.sightings(), "a stranger's frames made a sighting of a bound workload"
        print(f"after the operator confirmed web1's port: web1 reaches app1:8080; stranger refused, miss +{missed}")
    finally:
        web1.cmd(f"ip link set {web1.defaultIntf()} up")
        _become(module_network, None)
    STATE["confirmed"] = True


def _table():
    return sorted((f.table, f.priority, f.cookie, f.match, f.actions) for f in flows.dump_flows(SW.name))


def test_a_confirmed_binding_survives_a_controller_restart(model, module_network, module_controller, api):
    assert STATE.get("confirmed"), "the confirm test did not run"
    table = _table()
    started = time.monotonic()
    module_controller.kill9()
    module_controller.start()
    module_controller.wait_for_log(rf"switch {SW.dpid_text} connected from", timeout=20)
    api.wait_in_sync(timeout=30)
    time.sleep(2)   # let a late reconciliation show, if there were one
    after, durations = _table(), flows.dump_flows(SW.name)
    elapsed = time.monotonic() - started
    changed = sorted(set(after) ^ set(table))
    young = [f.raw for f in durations if f.duration < elapsed - 1.0]
    assert not changed and not young, (f"the restart changed the table: {changed[:6]}\nre-added: {young[:6]}\n"
                                       + module_controller.log_since_last_start()[-3000:])
    assert "restored 1 workload binding" in module_controller.log_since_last_start()
    dpid, port = TOPOLOGY.location("web1")
    assert [(a["dpid"], a["port"]) for a in _attached(api, "prod/web1")] == [(dpid_text(dpid), port)]
    legit = probes.tcp(module_network, "web1", "app1", 8080)
    assert legit.reached, legit


def test_control_under_first_seen_the_first_speaker_wins(model, module_network, api):
    api.settings(learning="first-seen")
    _become(module_network, WEB2)
    try:
        stolen = _reach(module_network, "stranger")
        assert stolen.reached, f"under first-seen the first speaker should have become web2: {stolen}"
        dpid, port = TOPOLOGY.location("stranger")
        assert [(a["dpid"], a["port"]) for a in _attached(api, "prod/web2")] == [(dpid_text(dpid), port)]
        print(f"\nfirst-seen: the stranger became web2 and reached app1:8080")
    finally:
        _become(module_network, None)
        api.settings(learning="confirm")
