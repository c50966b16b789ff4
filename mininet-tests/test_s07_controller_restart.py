"""Scenario 7: controller kill -9 and restart with workloads and policies in force (web1, app1, db1 on mt1, the
three-tier policies). A TCP connection web1 -> app1:8080 stays open throughout and exchanges data before the crash,
while the controller is dead, and after it is back. While it is dead, new allowed connections still open and denied
ones are still refused (the egress posture counter rises). After the restart (same ports, same data dir) the
controller must adopt the switch's flows as they are: the table is identical and no flow was deleted and re-added
(every flow's duration kept growing across the restart).
"""

import time

import pytest

from lib import flows, net, probes
from lib.examples import THREE_TIER_POLICIES, THREE_TIER_SEGMENTS, three_tier_hosts
from lib.scenario import Model, check, register, serve

HOSTS = three_tier_hosts(["web1", "app1", "db1"])
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0]
P = probes.Probe
RESTART = {}


def _table():
    return sorted((f.table, f.priority, f.cookie, f.match, f.actions) for f in flows.dump_flows(SW.name))


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    m.apply(api)
    api.wait_in_sync()
    serve(module_network, [h.name for h in HOSTS], [("tcp", 8080), ("tcp", 3306)])
    return m


def test_established_and_new_connections_during_a_controller_crash(model, module_network, module_controller, api):
    session = probes.Session(module_network, "web1", "app1", 8080)
    try:
        assert session.connected, session.desc
        assert session.exchange("before")["ok"]
        table = _table()
        snapshot_at = time.monotonic()

        module_controller.kill9()
        assert session.exchange("dead")["ok"]
        check(module_network, model, [P("web1", "tcp", "app1", 8080), P("app1", "tcp", "db1", 3306),
                                      P("web1", "tcp", "db1", 3306), P("app1", "tcp", "web1", 8080),
                                      P("db1", "tcp", "app1", 8080)])
        assert session.exchange("still-dead")["ok"]
        assert _table() == table

        module_controller.start()
        module_controller.wait_for_log(rf"switch {SW.dpid_text} connected from", timeout=20)
        answers = []
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:  # keep talking while the controller reconciles
            answers.append(session.exchange("restart")["ok"])
            time.sleep(0.2)
        api.wait_in_sync(timeout=20)
        assert session.exchange("after")["ok"]
        RESTART.update(table=table, after=_table(), snapshot_at=snapshot_at, now=time.monotonic(),
                       durations=flows.dump_flows(SW.name), log=module_controller.log_since_last_start())
        assert all(answers), f"the open connection lost exchanges while the controller reconciled: {answers}"
    finally:
        session.close()
    check(module_network, model, [P("web1", "tcp", "app1", 8080), P("web1", "tcp", "db1", 3306)])


def test_restart_deletes_and_re_adds_nothing(model):
    assert RESTART, "the restart test did not run"
    elapsed = RESTART["now"] - RESTART["snapshot_at"]
    young = [f.raw for f in RESTART["durations"] if f.duration < elapsed - 1.0]
    changed = sorted(set(RESTART["after"]) ^ set(RESTART["table"]))
    assert not young and not changed, (
        f"{len(young)} of {len(RESTART['durations'])} flow(s) re-added by the restart (duration < {elapsed:.1f}s), "
        f"{len(changed)} (table, priority, cookie, match, actions) differ before/after:\n"
        + "\n".join(young[:6]) + "\n" + "\n".join(map(str, changed[:6])) + "\n"
        + "\n".join(line for line in RESTART["log"].splitlines() if "Runtime" in line or "PolicyEngine" in line))
