"""The controller's REST API as the lab uses it: a small client, and manifests applied the way
`./microseg apply -f FILE` applies them (apiVersion microseg.io/v1, kind, metadata, spec = the REST body)."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

API_VERSION = "microseg.io/v1"

# kind -> (URL plural, scope), in the order `./microseg apply` writes them (what others refer to exists first).
KINDS = {
    "Settings": ("settings", "singleton"),
    "Tiers": ("tiers", "singleton"),
    "Namespace": ("namespaces", "cluster"),
    "Segment": ("segments", "cluster"),
    "Workload": ("workloads", "namespaced"),
    "Enforcement": ("enforcement", "cluster"),
    "Policy": ("policies", "cluster"),
}
_WITH_LABELS = {"Namespace", "Workload"}


class LabError(Exception):
    """Something the lab cannot go on without; the message says what and where."""


class ApiError(LabError):
    def __init__(self, method, path, status, body):
        self.status, self.body = status, body
        super().__init__(f"{method} {path}: HTTP {status}: {_problem_text(body)}")


def _problem_text(body):
    if not isinstance(body, dict):
        return str(body)[:500]
    text = body.get("detail") or body.get("title") or json.dumps(body)[:300]
    for e in body.get("errors") or []:
        text += f"\n    {e.get('object', '')} {e.get('field', '')}: {e.get('message', '')}"
    return text


class Api:
    def __init__(self, base_url, token, timeout=60):
        self.base = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw.decode(errors="replace")
            raise ApiError(method, path, e.code, parsed) from None
        except (urllib.error.URLError, OSError) as e:
            raise LabError(f"{method} {self.base}{path}: {e}") from None

    def get(self, path):
        return self.request("GET", path)

    def put(self, path, body):
        return self.request("PUT", path, body)

    def post(self, path, body):
        return self.request("POST", path, body)

    def wait_ready(self, timeout=30):
        """Polls /readyz until the store and the controller answer ready."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                self.get("/readyz")
                return
            except LabError as e:
                last = e
            time.sleep(0.2)
        raise LabError(f"the REST API at {self.base} is not ready after {timeout}s: {last}")

    def explain(self, queries):
        return self.post("/api/v1/explain", {"queries": queries})["results"]


@dataclass(frozen=True)
class ManifestObject:
    kind: str
    namespace: str
    name: str
    body: dict
    origin: str     # "40-tier.yaml document 2"

    @property
    def path(self):
        plural, scope = KINDS[self.kind]
        parts = {"singleton": [plural], "cluster": [plural, self.name],
                 "namespaced": [plural, self.namespace, self.name]}[scope]
        return "/api/v1/" + "/".join(urllib.parse.quote(p, safe="") for p in parts)

    @property
    def display(self):
        singular = {"Policy": "policy", "Enforcement": "enforcement"}.get(self.kind, self.kind.lower())
        _, scope = KINDS[self.kind]
        return {"singleton": singular, "cluster": f"{singular}/{self.name}",
                "namespaced": f"{singular}/{self.namespace}/{self.name}"}[scope]


def read_manifest(path):
    """Every microseg.io/v1 object of a YAML file (documents separated by ---), in document order."""
    path = Path(path)
    objects = []
    try:
        documents = list(yaml.safe_load_all(path.read_text()))
    except yaml.YAMLError as e:
        raise LabError(f"{path}: malformed YAML: {e}") from None
    for index, doc in enumerate(documents, start=1):
        origin = f"{path.name} document {index}"
        if doc is None:
            continue
        if not isinstance(doc, dict) or doc.get("apiVersion") != API_VERSION or doc.get("kind") not in KINDS:
            raise LabError(f"{origin}: expected apiVersion {API_VERSION} and kind one of {', '.join(KINDS)}")
        unknown = set(doc) - {"apiVersion", "kind", "metadata", "spec"}
        if unknown:
            raise LabError(f"{origin}: unknown field(s) {sorted(unknown)}")
        kind, meta, spec = doc["kind"], doc.get("metadata") or {}, doc.get("spec")
        if kind == "Tiers" and isinstance(spec, list):
            spec = {"tiers": spec}
        body = dict(spec or {})
        if meta.get("labels"):
            if kind not in _WITH_LABELS:
                raise LabError(f"{origin}: metadata.labels is only for Namespace and Workload")
            body["labels"] = {**meta["labels"], **body.get("labels", {})}
        scope = KINDS[kind][1]
        name = meta.get("name")
        if scope != "singleton" and not name:
            raise LabError(f"{origin}: metadata.name is required")
        namespace = meta.get("namespace", "default") if scope == "namespaced" else None
        objects.append(ManifestObject(kind, namespace, name, body, origin))
    return objects


def apply(api, objects, say=print):
    """PUTs each object and waits until every switch enforces it; says one line per object."""
    for obj in objects:
        started = time.monotonic()
        try:
            reply = api.put(obj.path + "?wait=true", obj.body)
        except ApiError as e:
            raise LabError(f"{obj.origin}: {obj.display} refused: {e}") from None
        applied = (reply or {}).get("applied") or {}
        result = (reply or {}).get("result", "applied")
        if applied.get("error"):
            raise LabError(f"{obj.origin}: {obj.display} {result} but not enforced: {applied['error']}")
        if applied and not applied.get("confirmed", True):
            raise LabError(f"{obj.origin}: {obj.display} {result} but the switches did not confirm it in time")
        say(f"{obj.display:44} {result} ({(time.monotonic() - started) * 1000:.0f} ms)")
