"""The built microseg controller as a subprocess: start, stop, kill -9, log text."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
JAR = REPO / "controller" / "target" / "microseg-controller-0.1.0-SNAPSHOT.jar"
LIB = REPO / "controller" / "target" / "lib"
MAIN = "io.microseg.controller.Main"
DEFAULT_TOKEN = "mininet-test-token"


def snapshot_classpath(dest):
    """Copies the built jar and its lib/ to `dest` and returns that classpath.

    Others rebuild controller/target while tests run; a JVM started while Maven rewrites the jar
    dies with a corrupt-zip or missing-class error. One copy per session, checked whole, avoids that.
    """
    if not JAR.is_file():
        raise ControllerError(f"{JAR} not built: run 'cd {REPO} && mvn -q -B -o install -DskipTests'")
    dest = Path(dest)
    for attempt in range(5):
        shutil.rmtree(dest, ignore_errors=True)
        (dest / "lib").mkdir(parents=True)
        try:
            shutil.copy2(JAR, dest / JAR.name)
            for lib in LIB.glob("*.jar"):
                shutil.copy2(lib, dest / "lib" / lib.name)
            for jar in [dest / JAR.name, *(dest / "lib").glob("*.jar")]:
                with zipfile.ZipFile(jar) as z:
                    if z.testzip() is not None:
                        raise zipfile.BadZipFile(str(jar))
            return f"{dest / JAR.name}:{dest / 'lib'}/*"
        except (OSError, zipfile.BadZipFile):
            time.sleep(2)  # a build is writing target/: try again
    raise ControllerError(f"could not copy a consistent controller build from {JAR.parent}")


def free_port():
    """A TCP port nothing listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """True if some socket on this machine (root namespace) listens on TCP `port`."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, state = fields[1], fields[3]
                    if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                        return True
        except FileNotFoundError:
            continue
    return False


class ControllerError(Exception):
    pass


class Controller:
    """One controller process at a time; start() again after stop()/kill9() reuses ports and data dir."""

    def __init__(self, workdir=None, openflow_port=None, rest_port=None, token=DEFAULT_TOKEN, classpath=None,
                 extra_args=(), extra_env=None):
        """`classpath`: from snapshot_classpath(); default the live controller/target (may be rebuilt under us).
        `extra_args` go to the daemon (e.g. --config FILE), `extra_env` to its environment."""
        if classpath is None and not JAR.is_file():
            raise ControllerError(f"{JAR} not built: run 'cd {REPO} && mvn -q -B -o install -DskipTests'")
        self.classpath = classpath or f"{JAR}:{LIB}/*"
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="microseg-mt-"))
        self.data_dir = self.workdir / "data"
        self.log_path = self.workdir / "controller.log"
        self.openflow_port = openflow_port
        self.rest_port = rest_port
        self.token = token
        self.proc = None
        self.starts = 0
        self.extra_args = list(extra_args)
        self.extra_env = dict(extra_env or {})

    # ---- lifecycle ----

    def start(self, timeout=30):
        """Starts the daemon and returns once it listens on the OpenFlow port (or raises)."""
        if self.proc is not None and self.proc.poll() is None:
            raise ControllerError("controller already running")
        pick = self.openflow_port is None
        for attempt in range(3):
            if pick:
                self.openflow_port = free_port()
            if self.rest_port is None or (pick and attempt):
                self.rest_port = free_port()
            self._spawn()
            try:
                self._wait_listening(timeout)
                return self
            except ControllerError:
                if pick and self.proc.poll() is not None and "Address already in use" in self.log():
                    continue  # lost the race for a free port: pick another
                self.kill9()
                raise
        raise ControllerError("could not find a free port for the controller")

    def _spawn(self):
        env = dict(os.environ, MICROSEG_TOKEN=self.token, **self.extra_env)
        cmd = ["java", "-cp", self.classpath, MAIN, "controller",
               "--data-dir", str(self.data_dir),
               "--openflow-port", str(self.openflow_port),
               "--rest-port", str(self.rest_port)] + self.extra_args
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(f"---- start #{self.starts}: {' '.join(cmd)}\n".encode())
        log.flush()
        # cwd=workdir: the daemon must not pick up a config/microseg.yaml from wherever pytest runs.
        self.proc = subprocess.Popen(cmd, cwd=self.workdir, env=env, stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def _wait_listening(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ControllerError(f"controller exited with {self.proc.returncode} before listening:\n{self.log()}")
            if listening(self.openflow_port):
                return
            time.sleep(0.1)
        raise ControllerError(f"controller not listening on {self.openflow_port} after {timeout}s:\n{self.log()}")

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL after `timeout` seconds; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._wait_port_released()
        return self.proc.returncode

    def kill9(self):
        """Crash the controller (no shutdown hook runs)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self._wait_port_released()

    def _wait_port_released(self, timeout=5):
        deadline = time.monotonic() + timeout
        while self.openflow_port and listening(self.openflow_port) and time.monotonic() < deadline:
            time.sleep(0.05)

    # ---- log ----

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_since_last_start(self):
        text = self.log()
        return text[text.rfind("---- start #"):]

    def wait_for_log(self, pattern, timeout=15, since_last_start=True):
        """Waits until `pattern` (a regex) appears in the log; returns the match or raises."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            text = self.log_since_last_start() if since_last_start else self.log()
            found = regex.search(text)
            if found:
                return found
            if time.monotonic() >= deadline:
                raise ControllerError(f"log has no /{pattern}/ after {timeout}s:\n{text[-4000:]}")
            time.sleep(0.1)


def fast_discovery(workdir, classpath):
    """A started controller whose discovery probes every 1 s and drops a link after 3 s without one (its
    config/microseg.yaml in `workdir`); the caller stops it."""
    (workdir / "config").mkdir()
    (workdir / "config" / "microseg.yaml").write_text("discovery:\n  probeIntervalSeconds: 1\n  linkTimeoutSeconds: 3\n")
    return Controller(workdir=workdir, classpath=classpath).start()
