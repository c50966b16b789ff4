"""Scenario 11: Kubernetes objects imported on the `allow` posture, checked with real packets, e2e style.

Namespaces x (pods a, b, c) and y (pods a, b), each pod a Mininet host on mt1. POST /import/kubernetes takes the
Namespaces, the Pods (labels, status.podIP) and NetworkPolicies. Imported pods have no MAC and no location, so
port security has nothing to vouch for: the first test shows their traffic is refused by the table-0 miss and that
discovery does not bind them (the controller learns only workloads with a MAC). PUTting each workload again with
its MAC and location (labels and IPs repeated: a PUT replaces) is what works; then truth tables for:
no policy (all allowed: posture allow), deny-all ingress to x/a, allow x/a from pod=b on TCP 80 only, allow x/a from
namespace y, and an egress policy on x/c (only to namespace y, TCP 80). Each denial is counted by the NetworkPolicy
isolation flow that decides it (table 12 ingress / table 8 egress, cookie category 0x06, actions=drop).
"""

import pytest

from lib import net, probes
from lib.scenario import Counter, read_all, unknown_host, verify, wait_counters

PODS = {("x", "a"): 101, ("x", "b"): 102, ("x", "c"): 103, ("y", "a"): 111, ("y", "b"): 112}
HOSTS = [net.HostSpec(f"{ns}{pod}", f"10.0.0.{n}/8", f"02:00:00:00:00:{n:02x}", ns, (("pod", pod),))
         for (ns, pod), n in PODS.items()]
TOPOLOGY = net.star(HOSTS)
SW = TOPOLOGY.switches[0].name
NAMES = [h.name for h in HOSTS]
PORTS = [("tcp", 80), ("tcp", 81)]
P = probes.Probe
INGRESS_ISOLATION = Counter(SW, 12, 0x06, None, None, "drop", "NetworkPolicy ingress isolation")
EGRESS_ISOLATION = Counter(SW, 8, 0x06, None, None, "drop", "NetworkPolicy egress isolation")


def _k8s_objects():
    objs = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {"ns": ns}}}
            for ns in ("x", "y")]
    for (ns, pod), n in PODS.items():
        objs.append({"apiVersion": "v1", "kind": "Pod",
                     "metadata": {"name": pod, "namespace": ns, "labels": {"pod": pod}},
                     "status": {"podIP": f"10.0.0.{n}", "podIPs": [{"ip": f"10.0.0.{n}"}]}})
    return objs


def netpol(name, ns, pod_selector, ingress=None, egress=None):
    spec = {"podSelector": {"matchLabels": pod_selector}, "policyTypes": []}
    if ingress is not None:
        spec["policyTypes"].append("Ingress")
        spec["ingress"] = ingress
    if egress is not None:
        spec["policyTypes"].append("Egress")
        spec["egress"] = egress
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": name, "namespace": ns}, "spec": spec}


@pytest.fixture(scope="module")
def imported(api, module_network):
    api.settings(defaultPosture="allow")
    answer = api.import_kubernetes(_k8s_objects())
    assert not answer.get("refused"), answer
    serve_all(module_network)
    return answer


def serve_all(network):
    for h in NAMES:
        probes.start_servers(network, h, [f"{k}:{p}" for k, p in PORTS])


def test_imported_pods_without_mac_are_not_bound_and_port_security_refuses_them(imported, module_network, api):
    miss = unknown_host(SW)
    before = read_all([miss])[miss]
    results = probes.run_batch(module_network, [P("xa", "tcp", "xb", 80), P("ya", "tcp", "xc", 80)])
    assert not any(r.reached for r in results.values()), list(map(str, results.values()))
    assert wait_counters({miss: before + 2})[miss] >= before + 2
    attached = {a["workload"] for a in api.topology()["attachments"]}
    assert not attached & {f"{ns}/{pod}" for ns, pod in PODS}, attached


@pytest.fixture(scope="module")
def located(imported, api):
    for h in HOSTS:
        api.workload(h.ns, h.name[1:], [h.addr], h.label_map, h.mac, TOPOLOGY.location(h.name))
    api.wait_in_sync()


def _truth(allowed_fn, deciders_fn=None):
    todo = [P(a, k, b, p) for a in NAMES for b in NAMES if a != b for k, p in PORTS]
    expected = {p: allowed_fn(p) for p in todo}
    deciders = {p: deciders_fn(p) for p in todo if not expected[p]}
    return expected, deciders


# on the allow posture there is no posture drop flow: the isolation flows and the table-0 miss are all that drop
ALL = [INGRESS_ISOLATION, EGRESS_ISOLATION, unknown_host(SW)]


def test_no_policy_allow_posture_everything_reaches(located, module_network):
    expected, deciders = _truth(lambda p: True, None)
    verify(module_network, expected, deciders, ALL)


def test_deny_all_ingress_to_x_a(located, module_network, api):
    api.import_kubernetes([netpol("deny-a", "x", {"pod": "a"}, ingress=[])])
    expected, deciders = _truth(lambda p: p.dst != "xa", lambda p: INGRESS_ISOLATION)
    verify(module_network, expected, deciders, ALL)


def test_allow_x_a_from_pod_b_on_tcp_80_only(located, module_network, api):
    api.import_kubernetes([netpol("a-from-b", "x", {"pod": "a"}, ingress=[
        {"from": [{"podSelector": {"matchLabels": {"pod": "b"}}}], "ports": [{"protocol": "TCP", "port": 80}]}])])
    # podSelector alone selects pods in the policy's namespace: x/b only, not y/b
    expected, deciders = _truth(lambda p: p.dst != "xa" or (p.src == "xb" and p.port == 80),
                                lambda p: INGRESS_ISOLATION)
    verify(module_network, expected, deciders, ALL)


def test_allow_x_a_from_namespace_y(located, module_network, api):
    api.import_kubernetes([netpol("a-from-y", "x", {"pod": "a"}, ingress=[
        {"from": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}]}])])
    expected, deciders = _truth(
        lambda p: p.dst != "xa" or (p.src == "xb" and p.port == 80) or p.src.startswith("y"),
        lambda p: INGRESS_ISOLATION)
    verify(module_network, expected, deciders, ALL)


def test_egress_of_x_c_only_to_namespace_y_on_80(located, module_network, api):
    api.import_kubernetes([netpol("c-out", "x", {"pod": "c"}, egress=[
        {"to": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}], "ports": [{"protocol": "TCP", "port": 80}]}])])

    def allowed(p):
        if p.src == "xc" and not (p.dst.startswith("y") and p.port == 80):
            return False
        return p.dst != "xa" or (p.src == "xb" and p.port == 80) or p.src.startswith("y")

    def decider(p):
        return EGRESS_ISOLATION if p.src == "xc" and not (p.dst.startswith("y") and p.port == 80) \
            else INGRESS_ISOLATION
    expected, deciders = _truth(allowed, decider)
    verify(module_network, expected, deciders, ALL)
