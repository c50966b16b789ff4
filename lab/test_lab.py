"""The lab, end to end: `lab/run.py` as `./microseg lab` runs it, on its own bridge names and free ports.

    /usr/bin/python3 -m pytest -q lab/        (root, Open vSwitch running, controller built)

1. --no-cli: the printed matrix is the seed scenario's, cell for cell; every probe agrees with explain; the
   logged connections were reported by the switch and recorded by the controller; well under 2 minutes;
   afterwards no bridge, root link, host shell or controller of the run is left.
2. The Mininet CLI in a pseudo-terminal: a host command's output shows, allowed/denied as the matrix says;
   Ctrl-C at the prompt leaves and cleans up.
3. Ctrl-C (SIGINT) while probing: exit 130, everything cleaned up.
"""

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RUN = [sys.executable if sys.executable.startswith("/usr/bin/") else "/usr/bin/python3", str(HERE / "run.py")]

# The scenario of config/lab/: what is allowed (both sides allow), what is allowed but logged (the log
# server is in monitor mode); every other (source, service) pair is denied.
ALLOWED = {
    ("lb", "web1", 443), ("lb", "web2", 443),
    ("mon", "web1", 9100), ("mon", "web2", 9100), ("mon", "dev", 9100), ("mon", "db1", 9104),
    ("web1", "app1", 8080), ("web1", "app2", 8080), ("web2", "app1", 8080), ("web2", "app2", 8080),
    ("app1", "db1", 3306), ("app2", "db1", 3306),
    ("web1", "log", 514), ("web2", "log", 514),
}
LOGGED = {("app1", "log", 514), ("app2", "log", 514)}
SYMBOL = {"allow": "ok", "log": "LOG", "deny": "-"}
COLUMNS = ["lb", "web1", "web2", "app1", "app2", "db1", "mon", "log", "dev"]  # topology.yaml's host order


def _bridges():
    return subprocess.run(["ovs-vsctl", "--timeout=10", "list-br"], capture_output=True, text=True).stdout.split()


def _links(prefix):
    out = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    return [line.split(": ")[1].split("@")[0] for line in out.splitlines()
            if line.split(": ")[1].startswith(prefix)]


def _alive(pid):
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (OSError, IndexError):
        return False


def _args(tmp, prefix, *extra):
    return RUN + ["--workdir", str(tmp / "work"), "--bridge-prefix", prefix, "--rest-port", "0",
                  "--openflow-port", "0", "--json", str(tmp / "matrix.json"), *extra]


def _assert_clean(prefix, tmp):
    assert not [b for b in _bridges() if b.startswith(prefix)], "bridges left behind"
    assert not _links(prefix), f"root links left behind: {_links(prefix)}"
    assert not (tmp / "work" / "state.json").exists(), "state.json left: the run did not finish its cleanup"
    report = tmp / "matrix.json"
    if report.exists():
        data = json.loads(report.read_text())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in [data["controller_pid"], *data["host_pids"]]):
            time.sleep(0.2)
        assert not _alive(data["controller_pid"]), "controller still running"
        assert not [p for p in data["host_pids"] if _alive(p)], "host shells still running"


@pytest.fixture(scope="session", autouse=True)
def environment():
    if os.geteuid() != 0:
        pytest.skip("the lab needs root")
    if not (REPO / "controller" / "target" / "microseg-controller-0.1.0-SNAPSHOT.jar").is_file():
        pytest.skip("controller not built: ./microseg build")
    if subprocess.run(["ovs-vsctl", "--timeout=5", "show"], capture_output=True).returncode != 0:
        pytest.skip("Open vSwitch is not running: ./microseg setup")


@pytest.fixture(scope="module")
def lab_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab")
    started = time.monotonic()
    done = subprocess.run(_args(tmp, "labt", "--no-cli"), capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    return done, seconds, tmp


def test_no_cli_run_prints_the_scenario_matrix_agreeing_with_explain(lab_run):
    done, seconds, tmp = lab_run
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    out = done.stdout
    data = json.loads((tmp / "matrix.json").read_text())
    cells = data["cells"]
    hosts = sorted({c["src"] for c in cells})
    services = sorted({(c["dst"], c["port"], c["protocol"]) for c in cells})
    assert len(hosts) == 9 and len(services) == 11 and len(cells) == 88

    for c in cells:
        key = (c["src"], c["dst"], c["port"])
        expected = "log" if key in LOGGED else "allow" if key in ALLOWED else "deny"
        assert c["outcome"] == expected, f"{key}: {c}"
        assert c["reached"] == (expected != "deny"), c
        if expected == "log":
            assert c["action"] == "allow-and-log" and c["reports"] and c["recorded"] is not False, c
    assert data["disagreements"] == 0
    assert f"All {len(cells)} probes agree with explain." in out
    assert "DISAGREEMENT" not in out

    # The printed table says the same as the measurements, cell for cell.
    lines = out.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.split() == COLUMNS)
    header = lines[header_at]
    starts, at = [], 0
    for name in COLUMNS:          # where each column starts: under its source's name
        at = header.index(name, at)
        starts.append(at)
        at += len(name)
    label_w = starts[0]
    by = {(c["src"], c["dst"], c["port"]): c for c in cells}
    rows = 0
    for line in lines[header_at + 1:]:
        if not line.strip():
            break
        dst, proto_port = line[:label_w].split()
        port = int(proto_port.split("/")[1])
        for i, src in enumerate(COLUMNS):
            shown = line[starts[i]: starts[i + 1] if i + 1 < len(starts) else None].strip()
            cell = by.get((src, dst, port))
            assert shown == (SYMBOL[cell["outcome"]] if cell else ""), f"{src}->{dst}:{port}: {shown!r}"
        rows += 1
    assert rows == 11
    assert max(len(line) for line in lines[header_at:header_at + 12]) <= 100

    # Explain's reasons are in the output: the guardrails, the exception, the monitor mode.
    assert "by security tier: prod-guardrail" in out and "by security tier: dev-guardrail" in out
    assert "mon-scrapes-dev-web egress[0] (exception tier)" in out
    assert "[prod/log in monitor mode: allow-and-log]" in out
    assert "What to try" in out and "nc -zvn" in out


def test_no_cli_run_exits_cleanly_and_leaves_nothing_behind(lab_run):
    done, seconds, tmp = lab_run
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    print(f"the lab took {seconds:.0f} s")  # information only: no timing assertions on shared machines
    assert "gone (controller log and data kept in" in done.stdout
    _assert_clean("labt", tmp)


def test_cli_shows_host_output_and_ctrl_c_at_the_prompt_leaves_and_cleans_up(tmp_path):
    pid, fd = pty.fork()
    if pid == 0:  # the child: the lab with its CLI on a terminal
        os.execv(RUN[0], _args(tmp_path, "labu"))
    buf = bytearray()

    def read_until(token, timeout, start=0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if token in buf[start:]:
                return True
            if select.select([fd], [], [], 0.2)[0]:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    return False
                if not data:
                    return False
                buf.extend(data)
        return False

    def command(text):
        start = len(buf)
        os.write(fd, text.encode() + b"\n")
        assert read_until(b"microseg-lab> ", 30, start + len(text)), buf[start:].decode(errors="replace")
        return buf[start:].decode(errors="replace")

    try:
        assert read_until(b"microseg-lab> ", 200), buf.decode(errors="replace")[-4000:]
        assert "succeeded" in command("web1 nc -zvn -w 2 app1 8080")
        denied = command("web1 nc -zvn -w 2 db1 3306")
        assert "succeeded" not in denied and "timed out" in denied
        os.write(fd, b"\x03")
        assert read_until(b"gone (controller log", 60), buf.decode(errors="replace")[-3000:]
    finally:
        deadline = time.monotonic() + 60
        exited = False
        while not exited and time.monotonic() < deadline:
            exited = os.waitpid(pid, os.WNOHANG) != (0, 0)
            time.sleep(0.2)
        if not exited:
            os.kill(pid, signal.SIGTERM)   # its own cleanup runs on SIGTERM too
            os.waitpid(pid, 0)
        os.close(fd)
    _assert_clean("labu", tmp_path)


def test_ctrl_c_while_probing_cleans_up(tmp_path):
    proc = subprocess.Popen(_args(tmp_path, "labv", "--no-cli"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True)
    out = []
    try:
        for line in proc.stdout:
            out.append(line)
            if "probed 22/" in line:
                proc.send_signal(signal.SIGINT)
                break
        rest, _ = proc.communicate(timeout=60)
        out.append(rest)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = "".join(out)
    assert proc.returncode == 130, text[-3000:]
    controller_pid = int(re.search(r"controller pid (\d+)", text).group(1))
    assert not _alive(controller_pid), "controller still running"
    assert "interrupted: the lab was cleaned up" in text and "gone (controller log" in text, text[-3000:]
    state = tmp_path / "work" / "state.json"
    assert not state.exists()
    assert not [b for b in _bridges() if b.startswith("labv")] and not _links("labv")
