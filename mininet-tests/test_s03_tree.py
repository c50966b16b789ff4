"""Scenario 3b: the three-tier policy over a depth-2 tree (root mt4; leaves mt5, mt6, mt7), the same checks as
3a: links discovered by LLDP, all in sync, the full matrix with every denial counted on the deciding switch.
"""

from lib import net
from lib.examples import THREE_TIER_PORTS, three_tier_hosts
from lib.scenario import check, matrix

PLACEMENT = {"lb": "mt5", "web1": "mt5", "app2": "mt5",
             "web2": "mt6", "db1": "mt6", "mon": "mt6",
             "app1": "mt7", "log": "mt7"}
TOPOLOGY = net.spread(three_tier_hosts(), PLACEMENT, ["mt4", "mt5", "mt6", "mt7"],
                      [("mt4", 20, "mt5", 20), ("mt4", 21, "mt6", 20), ("mt4", 22, "mt7", 20)])


def test_three_tier_policy_holds_across_a_tree_of_switches(multi_switch_model, module_network):
    names = [h.name for h in TOPOLOGY.hosts]
    check(module_network, multi_switch_model, matrix(names, THREE_TIER_PORTS))
