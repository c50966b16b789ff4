"""Fixtures for microseg's Mininet tests: the built controller, a pinned network per test.

Run as root with Debian's interpreter:  /usr/bin/python3 -m pytest -q mininet-tests
"""

import os
import shutil
import subprocess
import sys

import pytest

sys.dont_write_bytecode = True

from lib import flows, net  # noqa: E402  (after dont_write_bytecode)
from lib.rest import Api  # noqa: E402
from lib.controller import JAR, Controller, snapshot_classpath  # noqa: E402


def _ovs_up():
    return subprocess.run(["ovs-vsctl", "--timeout=5", "show"], capture_output=True).returncode == 0


@pytest.fixture(scope="session", autouse=True)
def environment(tmp_path_factory):
    """Root, a running Open vSwitch, a snapshot of the built controller (its classpath is the value);
    afterwards no bridge with our prefix is left."""
    if os.geteuid() != 0:
        pytest.exit("Mininet tests must run as root", returncode=2)
    if not JAR.is_file():
        pytest.exit(f"{JAR} is missing: build it with 'mvn -q -B -o install -DskipTests' (or ./microseg build)",
                    returncode=2)
    for tool in ("java", "ovs-vsctl", "ovs-ofctl", "ethtool", "ss", "ping"):
        if shutil.which(tool) is None:
            pytest.exit(f"{tool} is missing: run ./microseg setup", returncode=2)
    if not _ovs_up():
        subprocess.run(["/usr/share/openvswitch/scripts/ovs-ctl", "start"], capture_output=True, timeout=60)
        if not _ovs_up():
            pytest.exit("Open vSwitch is not running and ovs-ctl start did not start it", returncode=2)
    before = net.our_bridges()
    if before:
        pytest.exit(f"bridges {before} with our prefix {net.PREFIX!r} exist before the run: another run "
                    "of these tests is going on, or a crashed one left them (delete them by name)", returncode=2)
    yield snapshot_classpath(tmp_path_factory.mktemp("build"))
    left = net.our_bridges()
    assert not left, f"bridges left behind after the run: {left}"


def _started_controller(tmp_path_factory, classpath):
    ctl = Controller(workdir=tmp_path_factory.mktemp("controller"), classpath=classpath)
    ctl.start()
    return ctl


@pytest.fixture(scope="module")
def module_controller(tmp_path_factory, environment):
    """One controller for every test of a module (tests that do not restart it)."""
    ctl = _started_controller(tmp_path_factory, environment)
    yield ctl
    ctl.stop()


@pytest.fixture
def controller(tmp_path_factory, environment):
    """A controller of this test's own, free to be stopped, killed and restarted."""
    ctl = _started_controller(tmp_path_factory, environment)
    yield ctl
    ctl.stop()


@pytest.fixture
def topology():
    """One switch (mt1, port N to hN), two hosts; override in a module for another shape."""
    return net.single_switch(n_hosts=2)


def _network(topology, ctl):
    network = net.Network(topology, ctl.openflow_port)
    network.start()
    return network


@pytest.fixture
def network(topology, controller):
    """The topology attached to this test's controller, baseline flows installed; torn down also on failure."""
    network = _network(topology, controller)
    yield network
    network.stop()


@pytest.fixture
def shared_network(topology, module_controller):
    """Like `network`, attached to the module's controller."""
    network = _network(topology, module_controller)
    yield network
    network.stop()


@pytest.fixture(scope="module")
def api(module_controller):
    """The module controller's REST API (admin token; writes wait for the switches by default)."""
    return Api(module_controller.rest_port, module_controller.token)


@pytest.fixture(scope="module")
def module_topology(request):
    """The module's TOPOLOGY (a net.Topology) for the module-wide network."""
    return request.module.TOPOLOGY


@pytest.fixture(scope="module")
def module_network(module_topology, module_controller):
    """The module's topology attached to the module's controller, shared by the module's tests."""
    network = _network(module_topology, module_controller)
    yield network
    network.stop()


@pytest.fixture(scope="module")
def multi_switch_model(api, module_topology, module_network):
    """The three-tier example registered on the module's (multi-switch) topology: waits until LLDP found every
    trunk and every switch is in sync, starts servers on every port of the matrix; the lib.scenario.Model."""
    from lib.examples import THREE_TIER_POLICIES, THREE_TIER_PORTS, THREE_TIER_SEGMENTS
    from lib.scenario import Model, register, serve
    api.wait_links(module_topology.trunk_links(), timeout=30)
    register(api, module_topology)
    model = Model(module_topology, THREE_TIER_SEGMENTS, THREE_TIER_POLICIES)
    model.apply(api)
    api.wait_in_sync([s.dpid for s in module_topology.switches])
    serve(module_network, [h.name for h in module_topology.hosts], THREE_TIER_PORTS)
    return model


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report carries the end of the controller log and the switches' flow tables."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for name in ("controller", "module_controller"):
        ctl = item.funcargs.get(name) if hasattr(item, "funcargs") else None
        if ctl is not None:
            report.sections.append((f"controller log ({ctl.log_path})", ctl.log()[-6000:]))
    for name in ("network", "shared_network", "module_network"):
        network = item.funcargs.get(name) if hasattr(item, "funcargs") else None
        if network is not None and network.net is not None:
            for s in network.topology.switches:
                report.sections.append((f"flows on {s.name}", flows.dump_text(s.name)))
