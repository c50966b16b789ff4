#!/usr/bin/python3
"""./microseg lab: the controller, the seed's three-tier network in Mininet, the example policies, and the
connectivity matrix measured with real probes. Run as root with Debian's /usr/bin/python3.

  1. starts the built controller (fresh data dir .lab/data, token MICROSEG_TOKEN or "microseg-lab")
  2. starts the network of config/lab/topology.yaml (userspace OVS, fail-mode secure, OpenFlow13/14)
  3. applies config/lab/policies/*.yaml through the REST API (the `./microseg apply` manifest format)
  4. probes every host against every service and prints the matrix next to what explain says
  5. opens the Mininet CLI (or exits with --no-cli)
  6. cleans everything up on exit, Ctrl-C, SIGTERM or error
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # never leave __pycache__ in mininet-tests/ (read-only for us)
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "mininet-tests"))
sys.path.insert(0, str(HERE))

import labapi  # noqa: E402
import labnet  # noqa: E402
import matrix  # noqa: E402
from labapi import LabError  # noqa: E402
from lib.controller import JAR, Controller, ControllerError, free_port, listening, snapshot_classpath  # noqa: E402

DEFAULT_TOKEN = "microseg-lab"
STARTED = time.monotonic()


def out(text):
    """Prints; a closed stdout (`./microseg lab | head`) must not cut the cleanup short."""
    try:
        print(text, flush=True)
    except OSError:
        pass


def say(text):
    out(f"[{time.monotonic() - STARTED:5.1f}s] {text}")


def step(text):
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")
    out(f"\n{bold}[{time.monotonic() - STARTED:5.1f}s] == {text}{plain}")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="./microseg lab", description=__doc__.split("\n\n")[0])
    p.add_argument("--no-cli", action="store_true", help="print the matrix and exit (no Mininet CLI)")
    p.add_argument("--rest-port", type=int, default=8181, help="REST port (default 8181; 0 or busy: a free one)")
    p.add_argument("--openflow-port", type=int, default=6653,
                   help="OpenFlow port (default 6653; 0 or busy: a free one)")
    p.add_argument("--workdir", default=str(REPO / ".lab"),
                   help="data dir, log, build snapshot, state (default .lab; data and log replaced at start)")
    p.add_argument("--topology", default=str(REPO / "config" / "lab" / "topology.yaml"),
                   help="the network: switches, trunks, hosts, services (default config/lab/topology.yaml)")
    p.add_argument("--policies", default=str(REPO / "config" / "lab" / "policies"),
                   help="directory of manifests, applied in file name order")
    p.add_argument("--bridge-prefix", default="lab", help="bridge names: lab1, lab2 become PREFIX1, PREFIX2")
    p.add_argument("--json", help="also write the measured matrix to this file (JSON)")
    p.add_argument("--tls", action="store_true",
                   help="OpenFlow over mutual TLS: certificates from ./microseg certs in WORKDIR/pki, ssl: targets")
    return p.parse_args(argv)


# ---------------------------------------------------------------- one lab at a time; a killed lab's leftovers

def _alive(pid, needle):
    try:
        return needle in Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False


def claim_workdir(workdir):
    """Refuses if another lab uses this workdir; cleans up after a lab that was killed (by recorded pid/name)."""
    state_file = workdir / "state.json"
    if not state_file.exists():
        return
    try:
        state = json.loads(state_file.read_text())
    except ValueError:
        state = {}
    if state.get("pid") and _alive(state["pid"], "run.py"):
        raise LabError(f"another lab is running (pid {state['pid']}, {workdir}); leave it (exit in its CLI) "
                       "or use --workdir and --bridge-prefix for a second one")
    say(f"a previous lab (pid {state.get('pid')}) did not clean up: removing what it left")
    for pid in state.get("host_pids", []):
        if _alive(pid, "mininet:"):
            os.kill(pid, signal.SIGKILL)
    if state.get("controller_pid") and _alive(state["controller_pid"], "io.microseg.controller.Main"):
        os.kill(state["controller_pid"], signal.SIGKILL)
    removed = labnet.remove_leftovers(state.get("switches", []))
    if state.get("ssl"):
        subprocess.run(["ovs-vsctl", "del-ssl"], check=False)
    if removed:
        say(f"removed {', '.join(removed)}")
    state_file.unlink()


def setup_tls(workdir, classpath, topology):
    """Certificates for the controller and for this ovs-vswitchd's bridges (one certificate naming every lab dpid:
    set-ssl is per ovs-vswitchd), ovs-vsctl set-ssl, and the controller's config and password."""
    pki = workdir / "pki"
    shutil.rmtree(pki, ignore_errors=True)
    password = os.urandom(12).hex()
    dpids = ",".join(f"{s.dpid:016x}" for s in topology.switches)
    result = subprocess.run(["java", "-cp", classpath, "io.microseg.controller.pki.CertsMain", "--out", str(pki),
                             "--switch", dpids], env=dict(os.environ, MICROSEG_OPENFLOW_TLS_PASSWORD=password),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise LabError(f"./microseg certs failed: {result.stderr or result.stdout}")
    first = f"{topology.switches[0].dpid:016x}"
    subprocess.run(["ovs-vsctl", "set-ssl", str(pki / f"switch-{first}-key.pem"), str(pki / f"switch-{first}-cert.pem"),
                    str(pki / "ca-cert.pem")], check=True)
    config = workdir / "microseg-tls.yaml"
    config.write_text(f"openflow:\n  tlsKeystore: {pki / 'controller.p12'}\n  tlsCaCert: {pki / 'ca-cert.pem'}\n")
    say(f"TLS: CA and certificates in {pki} (switch certificate CN dpid:{first}, SAN dpid:<hex> for {dpids}); "
        "ovs-vsctl set-ssl done")
    return {"extra_args": ["--config", str(config)], "extra_env": {"MICROSEG_OPENFLOW_TLS_PASSWORD": password}}


def write_state(workdir, **state):
    (workdir / "state.json").write_text(json.dumps({"pid": os.getpid(), **state}))


# ---------------------------------------------------------------- model vs topology

def workloads_by_host(topology, objects):
    """Maps each host to its workload (namespace/name) by MAC, and checks IP and location agree."""
    workloads = [o for o in objects if o.kind == "Workload"]
    by_mac = {str(o.body.get("mac", "")).lower(): o for o in workloads}
    mapping, problems = {}, []
    for h in topology.hosts:
        w = by_mac.get(h.mac)
        if w is None:
            problems.append(f"host {h.name} ({h.mac}): no Workload with this MAC")
            continue
        mapping[h.name] = f"{w.namespace}/{w.name}"
        if h.addr not in (w.body.get("ips") or []):
            problems.append(f"host {h.name}: ip {h.addr} is not in {w.display}'s ips {w.body.get('ips')}")
        loc = w.body.get("location") or {}
        sw = topology.switch(h.switch)
        if int(str(loc.get("dpid", "")).replace(":", "") or "0", 16) != sw.dpid or loc.get("port") != h.port:
            problems.append(f"host {h.name}: attached to {sw.dpid_text} port {h.port}, but {w.display} says "
                            f"location {loc}")
    for w in workloads:
        if f"{w.namespace}/{w.name}" not in mapping.values():
            problems.append(f"{w.display} ({w.origin}): no host with MAC {w.body.get('mac')} in the topology")
    if problems:
        raise LabError("the topology and the workloads disagree:\n  " + "\n  ".join(problems))
    return mapping


def file_title(path):
    """The first comment line of a manifest: what the file is about."""
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").rstrip()
    return ""


# ---------------------------------------------------------------- waiting on the controller

def wait_for(what, check, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            ok, last = check()
            if ok:
                return last
        except LabError as e:
            last = str(e)
        time.sleep(interval)
    raise LabError(f"{what}: not after {timeout}s (last seen: {last})")


def switches_in_sync(api, topology):
    def check():
        status = api.get("/api/v1/status")
        by_dpid = {s.get("dpid"): s for s in status.get("switches", [])}
        missing = [s.name for s in topology.switches if not (by_dpid.get(s.dpid_text) or {}).get("connected")]
        return (not missing and status.get("allInSync", False)), status
    return check


def trunks_discovered(api, topology):
    def check():
        topo = api.get("/api/v1/topology")
        return len(topo.get("links", [])) >= 2 * len(topology.trunks) or (
            len(topology.trunks) > 0 and _covers(topo.get("links", []), topology)), topo.get("links")
    return check


def _covers(links, topology):
    """Every trunk shows up in the discovered links (in at least one direction)."""
    text = json.dumps(links)
    return all(topology.switch(t.a).dpid_text in text and topology.switch(t.b).dpid_text in text
               for t in topology.trunks)


# ---------------------------------------------------------------- main

def main(argv):
    args = parse_args(argv)
    if os.geteuid() != 0:
        raise LabError("the lab needs root (Open vSwitch, network namespaces): run it with sudo")
    for tool in ("java", "ovs-vsctl", "ovs-ofctl", "ethtool", "ss", "ip"):
        if shutil.which(tool) is None:
            raise LabError(f"{tool} is missing: run ./microseg setup")
    if not JAR.is_file():
        raise LabError(f"{JAR} is missing: run ./microseg build")

    topology = labnet.load_topology(args.topology)
    if args.bridge_prefix != labnet.PREFIX:
        topology = topology.renamed(args.bridge_prefix)
        labnet.PREFIX = args.bridge_prefix
    files = sorted(Path(args.policies).glob("*.yaml"))
    if not files:
        raise LabError(f"no *.yaml manifests in {args.policies}")
    manifests = [(f, labapi.read_manifest(f)) for f in files]
    workload_of = workloads_by_host(topology, [o for _, objs in manifests for o in objs])

    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    claim_workdir(workdir)
    switch_names = [s.name for s in topology.switches]
    taken = labnet.existing_bridges(switch_names)
    if taken:
        raise LabError(f"bridge(s) {', '.join(taken)} already exist: another lab, or a crashed run not started "
                       f"from {workdir}. Delete them by name (ovs-vsctl del-br NAME) or use --bridge-prefix.")

    token = os.environ.get("MICROSEG_TOKEN") or DEFAULT_TOKEN
    ports = {}
    for name, wanted in (("rest", args.rest_port), ("openflow", args.openflow_port)):
        ports[name] = wanted if wanted and not listening(wanted) else free_port()
        if wanted and ports[name] != wanted:
            say(f"port {wanted} is busy: the {name} listener uses {ports[name]}")

    controller = network = None
    state = {"switches": switch_names}
    write_state(workdir, **state)
    code = 0
    try:
        step("1/5 controller")
        for stale in ("data", "controller.log"):
            target = workdir / stale
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        classpath = snapshot_classpath(workdir / "build")
        extra = {}
        if args.tls:
            extra = setup_tls(workdir, classpath, topology)
            state["ssl"] = True
            write_state(workdir, **state)
        controller = Controller(workdir=workdir, openflow_port=ports["openflow"], rest_port=ports["rest"],
                                token=token, classpath=classpath, **extra)
        controller.start()
        state["controller_pid"] = controller.pid
        write_state(workdir, **state)
        api = labapi.Api(f"http://127.0.0.1:{ports['rest']}", token)
        api.wait_ready()
        say(f"controller pid {controller.pid}: OpenFlow{' over TLS' if args.tls else ''} on 127.0.0.1:{ports['openflow']}, "
            f"REST on {api.base}")
        say(f"data in {controller.data_dir}, log in {controller.log_path}")

        step(f"2/5 network ({args.topology})")
        network = labnet.LabNetwork(topology, ports["openflow"], protocol="ssl" if args.tls else "tcp")
        try:
            network.start()
        finally:
            state["host_pids"] = network.pids()
            write_state(workdir, **state)
        say(f"{len(topology.hosts)} hosts on {', '.join(switch_names)}; waiting for the switches to connect")
        wait_for("switches connected and in sync", switches_in_sync(api, topology), timeout=30)
        say("switches connected, holding the controller's deny-by-default baseline")

        step(f"3/5 policies ({args.policies})")
        for path, objects in manifests:
            say(f"{path.name}: {file_title(path)}")
            labapi.apply(api, objects, say=lambda line: out(f"         {line}"))
        if topology.trunks:
            wait_for("trunk links discovered (LLDP)", trunks_discovered(api, topology), timeout=30)
        wait_for("switches in sync", switches_in_sync(api, topology), timeout=30)
        status = api.get("/api/v1/status")
        say(f"model revision {status.get('modelRevision')} in force on every switch; "
            f"{len(topology.trunks)} trunk(s) discovered")

        step("4/5 connectivity matrix (real probes vs. POST /api/v1/explain)")
        matrix.start_servers(network, topology, say)
        cells = matrix.measure(network, topology, workload_of, api, say)
        out("")
        out(matrix.render(cells, topology))
        bad = [c for c in cells if c.mismatch or c.unlogged]
        if args.json:
            Path(args.json).write_text(json.dumps({
                "cells": [c.as_dict() for c in cells], "disagreements": len(bad),
                "workloads": workload_of, "rest_port": ports["rest"], "openflow_port": ports["openflow"],
                "switches": switch_names, "controller_pid": controller.pid,
                "host_pids": network.pids(), "seconds": round(time.monotonic() - STARTED, 1)}, indent=1))
        if bad:
            code = 1

        step("5/5 " + ("done (--no-cli)" if args.no_cli else "the lab is yours"))
        out(what_to_try(api.base, token, ports["rest"], topology))
        if not args.no_cli:
            out("\nMininet CLI: 'exit', Ctrl-D or Ctrl-C at the prompt leaves and cleans up.")
            network.cli()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # a second Ctrl-C must not cut the cleanup short
        cleanup(network, controller, workdir, switch_names)
        if args.tls:
            subprocess.run(["ovs-vsctl", "del-ssl"], check=False)
    return code


def cleanup(network, controller, workdir, switch_names):
    step("cleaning up")
    removed = []
    for what, stop in (("network", network and network.stop), ("controller", controller and controller.stop)):
        if stop:
            try:
                found = stop()
                removed += found if what == "network" else []
            except Exception as e:  # noqa: BLE001 - go on: the rest must be cleaned up too
                say(f"stopping the {what} failed: {e!r}")
    removed += labnet.remove_leftovers(switch_names)
    left = labnet.existing_bridges(switch_names) + labnet.root_links(switch_names)
    if removed:
        say(f"removed by name what Mininet left: {', '.join(removed)}")
    if left:
        say(f"WARNING: still there: {', '.join(left)}")
    else:
        (workdir / "state.json").unlink(missing_ok=True)
        say(f"network, controller and bridges {', '.join(switch_names)} gone "
            f"(controller log and data kept in {workdir})")


def what_to_try(base, token, rest_port, topology):
    server = "" if rest_port == 8181 else f" --server {base}"
    env = "" if token == os.environ.get("MICROSEG_TOKEN") else f"MICROSEG_TOKEN={token} "
    sw = topology.switches[0].name
    return f"""What to try
  In the lab CLI (host names stand for their IPs; servers listen on the matrix's ports):
    web1 nc -zvn -w 2 app1 8080          allowed: web tier -> app tier
    web1 nc -zvn -w 2 db1 3306           denied: the web tier may not skip the app tier
    web1 nc -zvn -w 2 web2 443           denied: no lateral movement inside a tier
    dev nc -zvn -w 2 app1 8080           denied: dev never talks to prod (security tier)
    mon nc -zvn -w 2 dev 9100            allowed: an approved exception
    lb ping -c 1 -W 1 web1               denied: no rule allows ICMP
  In another terminal, while the lab runs:
    {env}./microseg explain prod/web1 prod/db1 tcp/3306{server}
    {env}./microseg explain prod/app1 prod/log udp/514{server}
    {env}./microseg get policies{server}
    curl -s -H 'Authorization: Bearer {token}' {base}/api/v1/status
    ovs-ofctl -O OpenFlow13 dump-flows {sw} table=7      (egress rules; table=11 ingress)
    set mode: enforce in config/lab/policies/70-enforcement.yaml, then
    {env}./microseg apply -f config/lab/policies/70-enforcement.yaml{server}"""


def _terminate(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("\ninterrupted: the lab was cleaned up", file=sys.stderr)
        sys.exit(130)
    except (LabError, ControllerError) as e:
        print(f"\nmicroseg lab: {e}", file=sys.stderr)
        sys.exit(1)
