"""Scenario 3a: the three-tier policy over three switches in a line (mt1 - mt2 - mt3), workloads spread so every
allowed flow and most denied ones cross at least one trunk. Inter-switch links come from LLDP discovery: the test
waits for /topology to list all four directed links and /status to say allInSync, then runs the full matrix.
Egress denials are counted on the source's switch (table 8), ingress ones on the destination's (table 12); the
check also asserts that no posture flow on any other switch (transit included) moved.
"""

from lib import net
from lib.examples import THREE_TIER_PORTS, three_tier_hosts
from lib.scenario import check, matrix

PLACEMENT = {"lb": "mt1", "web1": "mt1", "mon": "mt1",
             "web2": "mt2", "app1": "mt2", "log": "mt2",
             "app2": "mt3", "db1": "mt3"}
TOPOLOGY = net.spread(three_tier_hosts(), PLACEMENT, ["mt1", "mt2", "mt3"],
                      [("mt1", 20, "mt2", 20), ("mt2", 21, "mt3", 20)])


def test_three_tier_policy_holds_across_a_line_of_switches(multi_switch_model, module_network):
    names = [h.name for h in TOPOLOGY.hosts]
    check(module_network, multi_switch_model, matrix(names, THREE_TIER_PORTS))
