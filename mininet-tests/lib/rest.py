"""A small client for the controller's REST API (urllib, bearer token, `?wait=true` by default on writes)."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__(f"{method} {path} -> {status}: {body}")
        self.status, self.body = status, body


class Api:
    def __init__(self, port, token, host="127.0.0.1", timeout=30):
        self.base = f"http://{host}:{port}/api/v1"
        self.token = token
        self.timeout = timeout
        self.last_write = None   # the decoded answer of the last write (revision, applied)

    # ---- transport ----

    def request(self, method, path, body=None, query=None, content_type="application/json", expect=(200, 201)):
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode(errors="replace")
        decoded = json.loads(text) if text.strip() else None
        if expect and status not in expect:
            raise ApiError(method, path, status, text[:2000])
        return decoded

    def get(self, path, **query):
        return self.request("GET", path, query=query or None)

    def write(self, method, path, body=None, wait=True, content_type="application/json"):
        """A write with `?wait=true`: returns the answer once the switches confirmed (raises if not confirmed)."""
        answer = self.request(method, path, body, query={"wait": "true"} if wait else None, content_type=content_type)
        self.last_write = answer
        if wait:
            applied = (answer or {}).get("applied") or {}
            if not applied.get("confirmed"):
                raise ApiError(method, path, "unconfirmed", json.dumps(answer)[:2000])
        return answer

    def put(self, path, body, wait=True):
        return self.write("PUT", path, body, wait)

    def delete(self, path, wait=True):
        return self.write("DELETE", path, None, wait)

    # ---- objects ----

    def namespace(self, name, labels=None, wait=True):
        return self.put(f"/namespaces/{name}", {"labels": labels or {}}, wait)

    def workload(self, ns, name, ips, labels=None, mac=None, location=None, ports=None, wait=True):
        """`location`: (dpid int or text, port) or None."""
        body = {"labels": labels or {}, "ips": list(ips)}
        if mac:
            body["mac"] = mac
        if ports:
            body["ports"] = ports
        if location is not None:
            dpid, port = location
            body["location"] = {"dpid": dpid_text(dpid), "port": port}
        return self.put(f"/workloads/{ns}/{name}", body, wait)

    def delete_workload(self, ns, name, wait=True):
        return self.delete(f"/workloads/{ns}/{name}", wait)

    def segment(self, name, match_labels=None, ip_blocks=None, namespace_labels=None, wait=True):
        body = {}
        if match_labels is not None:
            body["workloadSelector"] = {"matchLabels": match_labels}
        if namespace_labels is not None:
            body["namespaceSelector"] = {"matchLabels": namespace_labels}
        if ip_blocks:
            body["ipBlocks"] = [{"cidr": c} for c in ip_blocks]
        return self.put(f"/segments/{name}", body, wait)

    def policy(self, name, body, wait=True):
        return self.put(f"/policies/{name}", body, wait)

    def delete_policy(self, name, wait=True):
        return self.delete(f"/policies/{name}", wait)

    def enforcement(self, name, match_labels, mode, wait=True):
        return self.put(f"/enforcement/{name}", {"workloadSelector": {"matchLabels": match_labels}, "mode": mode}, wait)

    def settings(self, wait=True, **fields):
        return self.put("/settings", fields, wait)

    def import_kubernetes(self, objects, wait=True):
        """`objects`: a list of Kubernetes objects (dicts), sent as one JSON List."""
        return self.write("POST", "/import/kubernetes", {"apiVersion": "v1", "kind": "List", "items": objects}, wait)

    def explain(self, queries):
        return self.request("POST", "/explain", {"queries": queries})["results"]

    # ---- network views ----

    def status(self):
        return self.get("/status")

    def sightings(self):
        """Pending sightings (settings `learning: confirm`): [{workload, dpid, port, mac, ips, firstSeen}]."""
        return self.get("/sightings")["sightings"]

    def confirm_sighting(self, ns, name, location, expect=(200,)):
        """An operator confirms that workload ns/name is the host sighted at `location` (dpid, port)."""
        dpid, port = location
        return self.request("POST", f"/sightings/{ns}/{name}/confirm", {"dpid": dpid_text(dpid), "port": port},
                            expect=expect)

    def topology(self):
        return self.get("/topology")

    def switch_flows(self, dpid):
        return self.get(f"/switches/{dpid_text(dpid)}/flows")

    def wait_in_sync(self, switches=None, timeout=30):
        """Until /status says allInSync (and, if given, every dpid in `switches` is listed and connected)."""
        want = {dpid_text(d) for d in (switches or [])}
        deadline = time.monotonic() + timeout
        while True:
            st = self.status()
            seen = {s["dpid"] for s in st["switches"] if s["connected"]}
            if st["allInSync"] and want <= seen:
                return st
            if time.monotonic() >= deadline:
                raise AssertionError(f"not all in sync after {timeout}s: {json.dumps(st)}")
            time.sleep(0.2)

    def wait_links(self, expected, timeout=30):
        """Until /topology lists every directed link in `expected` {(dpid, port, dpid, port)}; returns the links."""
        want = {(dpid_text(a), p, dpid_text(b), q) for a, p, b, q in expected}
        deadline = time.monotonic() + timeout
        while True:
            links = {(l["srcDpid"], l["srcPort"], l["dstDpid"], l["dstPort"]) for l in self.topology()["links"]}
            if want <= links:
                return links
            if time.monotonic() >= deadline:
                raise AssertionError(f"links {sorted(want - links)} not discovered after {timeout}s; have {sorted(links)}")
            time.sleep(0.2)


def dpid_text(dpid):
    """00:00:00:00:00:00:00:01 from an int (or the text itself)."""
    if isinstance(dpid, str):
        return dpid
    h = f"{dpid:016x}"
    return ":".join(h[i:i + 2] for i in range(0, 16, 2))
