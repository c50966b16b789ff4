"""The connectivity matrix: real probes between the lab's hosts, next to what `POST /api/v1/explain` says.

Each cell is one (source host, destination service). Measured: did a TCP connect get the server's banner,
did a UDP request get its answer (mininet-tests/lib/probes.py). Explained: the action the model in force
gives that connection (allow, deny, allow-and-log, allow-and-alert). Outcomes:

  allow  probe passed, explain: allow
  log    probe passed, explain: allow-and-log or allow-and-alert (a monitored side would deny: the switch
         forwards the packet and reports it to the controller; the report counter is checked per cell)
  deny   probe failed, explain: deny
  open   MISMATCH: probe passed, explain: deny
  shut   MISMATCH: probe failed, explain: allows
A mismatch is probed once more, alone and with a longer timeout, before it is reported.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from labapi import ApiError
from lib import flows, probes  # mininet-tests/lib, read-only

PROBE_TIMEOUT = 2.0     # a denied probe costs this long
RECHECK_TIMEOUT = 4.0
PARALLEL = 12
REPORT_TABLE = 15       # flowrules/PIPELINE.md: WOULD_DENY packets go to the controller from here


@dataclass
class Cell:
    src: str
    service: object     # labnet.Service
    reached: bool = False
    detail: str = ""
    seconds: float = 0.0
    explain: dict = field(default_factory=dict)
    rechecked: bool = False
    reports: int = None  # report-flow packets seen when this cell was probed alone (logged cells)
    recorded: object = None  # the controller's record of it (GET /api/v1/reports), False if none, None: no API

    @property
    def dst(self):
        return self.service.host

    @property
    def action(self):
        return self.explain.get("action", "?")

    @property
    def explained_allows(self):
        return self.action in ("allow", "allow-and-log", "allow-and-alert")

    @property
    def outcome(self):
        if self.reached and self.action == "allow":
            return "allow"
        if self.reached and self.action in ("allow-and-log", "allow-and-alert"):
            return "log"
        if not self.reached and self.action == "deny":
            return "deny"
        return "open" if self.reached else "shut"

    @property
    def mismatch(self):
        return self.outcome in ("open", "shut")

    @property
    def unlogged(self):
        """Allowed-and-logged by explain and by the probe, but no report was seen (counter or controller)."""
        return self.outcome == "log" and (self.reports == 0 or self.recorded is False)

    @property
    def name(self):
        return f"{self.src} -> {self.dst} {self.service.protocol}/{self.service.port}"

    def as_dict(self):
        return {"src": self.src, "dst": self.dst, "protocol": self.service.protocol, "port": self.service.port,
                "reached": self.reached, "detail": self.detail, "seconds": self.seconds, "action": self.action,
                "verdict": self.explain.get("verdict"), "outcome": self.outcome, "rechecked": self.rechecked,
                "reports": self.reports, "recorded": self.recorded, "egress": side_text(self.explain.get("egress")),
                "ingress": side_text(self.explain.get("ingress"))}


def start_servers(network, topology, say):
    for s in topology.services:
        probes.start_server(network, s.host, s.protocol, s.port)
    kinds = [s.protocol.upper() for s in topology.services]
    say(f"{len(kinds)} servers listening ({kinds.count('TCP')} TCP, {kinds.count('UDP')} UDP): the matrix's rows")


def _probe(network, cell, timeout):
    s = cell.service
    if s.protocol == "tcp":
        r = probes.tcp(network, cell.src, s.host, s.port, timeout=timeout)
    else:
        r = probes.udp(network, cell.src, s.host, s.port, timeout=timeout, tries=2)
    cell.reached, cell.detail, cell.seconds = r.reached, r.detail, r.seconds
    return cell


def measure(network, topology, workload_of, api, say):
    """Probes every (host, service of another host), asks explain about each; returns the cells."""
    cells = [Cell(h.name, s) for s in topology.services for h in topology.hosts if h.name != s.host]
    results = api.explain([{"from": workload_of[c.src], "to": workload_of[c.dst],
                            "protocol": c.service.protocol.upper(), "port": c.service.port} for c in cells])
    for cell, result in zip(cells, results):
        cell.explain = result
    started = time.monotonic()
    done = 0
    pool = ThreadPoolExecutor(max_workers=PARALLEL)
    try:
        for _ in pool.map(lambda c: _probe(network, c, PROBE_TIMEOUT), cells):
            done += 1
            if done % 22 == 0 or done == len(cells):
                say(f"probed {done}/{len(cells)} connections ({time.monotonic() - started:.1f} s)")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C: no queued probe runs on
    suspects = [c for c in cells if c.mismatch]
    if suspects:
        say(f"{len(suspects)} probe(s) disagree with explain: probing each again, alone, "
            f"with a {RECHECK_TIMEOUT:.0f} s timeout")
        for cell in suspects:
            _probe(network, cell, RECHECK_TIMEOUT)
            cell.rechecked = True
    logged = [c for c in cells if c.outcome == "log"]
    if logged:
        switches = [s.name for s in topology.switches]
        for cell in logged:
            before = report_packets(switches)
            _probe(network, cell, RECHECK_TIMEOUT)
            cell.reports = _wait_reports(switches, before)
        _find_records(api, network, logged)
        say(f"re-probed {len(logged)} logged connection(s) alone to read the switches' report counters"
            + ("" if logged[0].recorded is None else " and the controller's reports"))
    return cells


def _find_records(api, network, cells, timeout=3.0):
    """Each cell's report in GET /api/v1/reports (recorded by the controller from the switch's packet-in)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            reports = api.get("/api/v1/reports").get("reports", [])
        except ApiError as e:
            if e.status == 404:
                return  # a controller without the reports API: the counters are the evidence
            raise
        for c in cells:
            c.recorded = next((r for r in reports if r.get("source") == network.ip(c.src)
                               and r.get("destination") == network.ip(c.dst)
                               and r.get("destinationPort") == c.service.port
                               and str(r.get("protocol", "")).lower() == c.service.protocol), False)
        if all(c.recorded for c in cells) or time.monotonic() >= deadline:
            return
        time.sleep(0.2)


def report_packets(switches):
    """Packets the report table (15) sent to the controller, over all switches."""
    total = 0
    for sw in switches:
        total += sum(f.n_packets for f in flows.find_flows(sw, table=REPORT_TABLE) if f.priority > 0)
    return total


def _wait_reports(switches, before, timeout=3.0):
    # Counters trail packets on the userspace datapath (the revalidator folds them in about every 500 ms).
    deadline = time.monotonic() + timeout
    while True:
        now = report_packets(switches)
        if now > before or time.monotonic() >= deadline:
            return now - before
        time.sleep(0.1)


# ---------------------------------------------------------------- rendering

SYMBOL = {"allow": "ok", "log": "LOG", "deny": "-", "open": "!OPEN", "shut": "!SHUT"}


def side_text(side):
    """`web-tier ingress[0] (application)`, `deny by prod-guardrail egress[0] (security)`, `default posture
    deny`; with the workload's mode and the resulting action when the mode is not enforce."""
    if not side:
        return ""
    rule = side.get("rule")
    if rule:
        text = f"{rule['policy']} {rule['direction']}[{rule['index']}]"
        if rule["tier"] != "application":
            text += f" ({rule['tier']} tier)"
        if side.get("verdict") == "deny":
            text = "deny by " + text
    elif side.get("decidedBy") == "default-posture":
        text = f"default posture {side.get('posture', '')}".strip()
    else:
        text = side.get("reason") or side.get("decidedBy") or "?"
    if side.get("mode") and side.get("mode") != "enforce":
        text += f" [{side.get('workload')} in {side['mode']} mode: {side.get('action')}]"
    return text


def _deciding_deny(cell):
    """Why a denied connection was denied: the enforced side that denies (egress first)."""
    for key in ("egress", "ingress"):
        side = cell.explain.get(key) or {}
        if side.get("action") == "deny":
            rule = side.get("rule")
            return f"{rule['tier']} tier: {rule['policy']}" if rule else "the default posture (deny)"
    return "?"


def render(cells, topology):
    sources = [h.name for h in topology.hosts]
    col = max(6, max(len(s) for s in sources) + 2)
    label_w = max(len(s.label) for s in topology.services) + 2
    by = {(c.src, c.dst, c.service.port, c.service.protocol): c for c in cells}
    lines = ["Connectivity measured with real probes (rows: destination service, columns: source host)", ""]
    lines.append((" " * label_w + "".join(f"{s:<{col}}" for s in sources)).rstrip())
    for svc in topology.services:
        row = f"{svc.label:<{label_w}}"
        for src in sources:
            cell = by.get((src, svc.host, svc.port, svc.protocol))
            row += f"{(SYMBOL[cell.outcome] if cell else ''):<{col}}"
        lines.append(row.rstrip())
    lines.append("")
    lines.append("ok = allowed   LOG = allowed but logged (monitor mode)   - = denied   "
                 "!OPEN/!SHUT = probe and explain disagree")
    lines.append("Every cell is a real probe (TCP connect + banner, UDP request + answer) checked against "
                 "POST /api/v1/explain.")

    allowed = [c for c in cells if c.outcome == "allow"]
    groups = {}
    for c in allowed:
        key = (side_text(c.explain.get("egress")), side_text(c.explain.get("ingress")))
        groups.setdefault(key, []).append(c)
    lines += ["", f"Allowed ({len(allowed)}), by rule (source's egress + destination's ingress; "
              "application tier unless said):"]
    for (egress, ingress), group in groups.items():
        lines.append(f"  {egress}  +  {ingress}")
        lines += _wrap([f"{c.src}->{c.dst}:{c.service.port}" for c in group], indent=6)

    logged = [c for c in cells if c.outcome == "log"]
    if logged:
        lines += ["", f"Allowed but logged ({len(logged)}): explain says allow-and-log; measured: the probe passed"]
        for c in logged:
            seen = ["passed"]
            seen.append("reported by the switch (table 15)" if c.reports else
                        "NOT reported by the switches (table 15 counters)" if c.reports is not None else "")
            seen.append("recorded by the controller" if c.recorded else
                        "NOT in GET /api/v1/reports" if c.recorded is False else "")
            seen = "; ".join(x for x in seen if x)
            lines.append(f"  {c.name}: {seen}")
            lines.append(f"      egress:  {side_text(c.explain.get('egress'))}")
            lines.append(f"      ingress: {side_text(c.explain.get('ingress'))}")

    denied = [c for c in cells if c.outcome == "deny"]
    reasons = {}
    for c in denied:
        reasons.setdefault(_deciding_deny(c), []).append(c)
    lines += ["", f"Denied ({len(denied)}):"]
    for reason, group in sorted(reasons.items(), key=lambda kv: (kv[0].startswith("the default"), kv[0])):
        if reason.startswith("the default"):
            lines.append(f"  {len(group)} by {reason}: nothing allows them; lateral movement stopped, e.g.")
            lines += _wrap([f"{c.src}->{c.dst}:{c.service.port}" for c in _examples(group, 6)], indent=6)
        else:
            lines.append(f"  {len(group)} by {reason}:")
            lines += _wrap([f"{c.src}->{c.dst}:{c.service.port}" for c in group], indent=6)

    flaky = [c for c in cells if c.rechecked and not c.mismatch]
    if flaky:
        lines += ["", f"Note: {len(flaky)} first probe(s) disagreed but agreed when probed again alone: "
                  + ", ".join(c.name for c in flaky)]
    bad = [c for c in cells if c.mismatch]
    unlogged = [c for c in logged if c.unlogged]
    if bad or unlogged:
        lines += ["", "!" * 100,
                  f"!!! {len(bad)} DISAGREEMENT(S) between the data plane and explain"
                  + (f", {len(unlogged)} logged connection(s) without a report" if unlogged else ""), "!" * 100]
        for c in bad:
            lines.append(f"!!! {c.name}: probe {'REACHED' if c.reached else 'did NOT reach'} ({c.detail}), "
                         f"explain says {c.action}")
            lines.append(f"!!!     egress:  {side_text(c.explain.get('egress'))}")
            lines.append(f"!!!     ingress: {side_text(c.explain.get('ingress'))}")
        for c in unlogged:
            lines.append(f"!!! {c.name}: passed as explain says ({c.action}), but "
                         + ("no report-flow counter rose" if c.reports == 0 else
                            "the controller has no report of it (GET /api/v1/reports)"))
        lines.append("!" * 100)
    else:
        lines += ["", f"All {len(cells)} probes agree with explain."]
    return "\n".join(lines)


def _examples(group, n=6):
    """A few denied connections that show lateral movement being stopped: inside a tier first, then skipping
    a tier (to the database), one per source."""
    def score(c):
        same = c.src.rstrip("0123456789") == c.dst.rstrip("0123456789")
        return (0 if same else 1 if c.dst.startswith("db") else 2, c.src, c.dst)
    picked, sources = [], set()
    for c in sorted(group, key=score):
        if c.src not in sources:
            picked.append(c)
            sources.add(c.src)
    return picked[:n]


def _wrap(items, indent, width=100):
    lines, line = [], " " * indent
    for item in items:
        piece = item + "  "
        if len(line) + len(piece) > width and line.strip():
            lines.append(line.rstrip())
            line = " " * indent
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines
