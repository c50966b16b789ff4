"""The seed's three-tier example as scenario data (lib.scenario.Model), shared by several scenarios."""

from . import net
from .scenario import Policy, allow

THREE_TIER_LABELS = {
    "lb": (10, {"role": "lb"}),
    "web1": (11, {"tier": "web", "app": "shop"}),
    "web2": (12, {"tier": "web", "app": "shop"}),
    "app1": (21, {"tier": "app", "app": "shop"}),
    "app2": (22, {"tier": "app", "app": "shop", "canary": "true"}),
    "db1": (31, {"tier": "db", "app": "shop"}),
    "mon": (91, {"role": "monitoring"}),
    "log": (92, {"role": "log"}),
}


def three_tier_hosts(names=None, ns="prod"):
    return [net.workload_host(n, THREE_TIER_LABELS[n][0], ns, THREE_TIER_LABELS[n][1])
            for n in (names or THREE_TIER_LABELS)]


THREE_TIER_PORTS = [("tcp", 443), ("tcp", 9100), ("tcp", 8080), ("tcp", 3306), ("udp", 514),
                    ("tcp", 22), ("tcp", 80), ("udp", 53)]

THREE_TIER_SEGMENTS = {"web": {"tier": "web"}, "app": {"tier": "app"}, "db": {"tier": "db"},
                       "load-balancers": {"role": "lb"}, "monitoring": {"role": "monitoring"},
                       "log-servers": {"role": "log"}}

THREE_TIER_POLICIES = [
    Policy("web-tier", "web", priority=10,
           ingress=[allow("load-balancers", "tcp", 443), allow("monitoring", "tcp", 9100)],
           egress=[allow("app", "tcp", 8080), allow("log-servers", "udp", 514)]),
    Policy("app-tier", "app", priority=20, ingress=[allow("web", "tcp", 8080)], egress=[allow("db", "tcp", 3306)]),
    Policy("db-tier", "db", priority=30, ingress=[allow("app", "tcp", 3306)]),
    Policy("load-balancer", "load-balancers", priority=40, egress=[allow("web", "tcp", 443)]),
    Policy("monitoring", "monitoring", priority=40, egress=[allow("web", "tcp", 9100)]),
    Policy("log-server", "log-servers", priority=40, ingress=[allow("web", "udp", 514)]),
]
