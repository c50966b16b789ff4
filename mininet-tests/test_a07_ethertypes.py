"""Attack 7 (ethertypes): table 0 polices IPv4 and ARP; everything else must not pass, nor reach the controller.

sender and receiver (both registered on mt1) may talk over udp/5555. Forged with scapy from sender:
- the allowed UDP packet inside an 802.1Q tag (VLAN 42): OpenFlow matches the inner packet, so it used to pass port
  security and policy and be delivered still tagged. Now the table-0 tagged-frame drop (priority 1100) counts it and
  receiver sees nothing; the same packet untagged is delivered (the control).
- IPv6 (the kernel's own neighbour discovery, router and MLD chatter once IPv6 is on, plus scapy's UDP to ff02::1 and a
  router solicitation) and a raw ethertype 0x88b5: each used to be punted to the controller (the unknown-host miss) and
  written to reports.jsonl. Now the table-0 miss (priority 0) drops them in the switch and counts them; the
  unknown-host punt does not move, no report is recorded and reports.jsonl does not grow.
"""

import time

import pytest

from lib import frames, net
from lib.scenario import Model, Policy, allow, other_ethertype_drop, read_all, register, tagged_drop, unknown_host, \
    wait_counters

SENDER = net.workload_host("sender", 71, "prod", {"role": "sender"})
RECEIVER = net.workload_host("receiver", 72, "prod", {"role": "receiver"})
TOPOLOGY = net.star([SENDER, RECEIVER])
SW = TOPOLOGY.switches[0].name
SEGMENTS = {"senders": {"role": "sender"}, "receivers": {"role": "receiver"}}
POLICIES = [Policy("send", "senders", egress=[allow("receivers", "udp", 5555)]),
            Policy("receive", "receivers", ingress=[allow("senders", "udp", 5555)])]


@pytest.fixture(scope="module")
def model(api, module_network):
    register(api, TOPOLOGY)
    m = Model(TOPOLOGY, SEGMENTS, POLICIES)
    m.apply(api)
    api.wait_in_sync()
    assert m.decide("sender", "receiver", "udp", 5555) == (True, None)
    return m


def _reports(api, controller):
    path = controller.data_dir / "reports.jsonl"
    return api.get("/reports", limit=1000)["count"], path.stat().st_size if path.exists() else 0


def test_a_tagged_frame_carrying_an_allowed_packet_is_dropped_and_counted(model, module_network):
    tagged = tagged_drop(SW)
    sent, seen = frames.expect_frames(module_network, "sender", "receiver", "udp", "PLAIN-a07")
    assert sent and seen == sent, f"control: the allowed packet untagged reached receiver {seen} of {sent} times"

    before = read_all([tagged], missing_ok=[tagged])[tagged]
    sent, seen = frames.expect_frames(module_network, "sender", "receiver", "vlan", "TAGGED-a07")
    assert seen == 0, f"{seen} of {sent} tagged frames (VLAN 42) were delivered to receiver, still tagged"
    after = wait_counters({tagged: before + sent})[tagged]
    assert after >= before + sent, f"tagged-frame drop counted {after - before} of {sent}"


def test_ipv6_and_raw_ethertypes_are_dropped_in_the_switch_without_a_packet_in(model, module_network, api,
                                                                                module_controller):
    punt, dropped = unknown_host(SW), other_ethertype_drop(SW)
    before = read_all([punt, dropped], missing_ok=[punt, dropped])  # (missing on a pipeline without them)
    reports_before = _reports(api, module_controller)
    node = module_network.host("sender")
    try:
        # IPv6 on: the kernel sends DAD neighbour solicitations, router solicitations and MLD reports by itself
        node.cmd("sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 "
                 f"net.ipv6.conf.{node.defaultIntf()}.disable_ipv6=0")
        sent, seen = frames.expect_frames(module_network, "sender", "receiver", "ipv6", "V6-a07")
        raw_sent, raw_seen = frames.expect_frames(module_network, "sender", "receiver", "raw", "RAW-a07")
        time.sleep(1)  # a punted frame would be in the reports by now
    finally:
        node.cmd("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1")
    assert raw_seen == 0, f"{raw_seen} of {raw_sent} 0x88b5 frames reached receiver"
    assert seen == 0, f"{seen} of {sent} IPv6 frames reached receiver"
    reports_after = _reports(api, module_controller)
    after = read_all([punt, dropped], missing_ok=[punt, dropped])
    assert reports_after == reports_before, \
        f"(reports count, reports.jsonl bytes) went {reports_before} -> {reports_after}: frames were punted"
    assert after[punt] == before[punt], f"the unknown-host punt counted {after[punt] - before[punt]} frames"
    after = wait_counters({dropped: before[dropped] + sent + raw_sent})
    assert after[dropped] >= before[dropped] + sent + raw_sent, \
        f"the table-0 drop counted {after[dropped] - before[dropped]} of {sent + raw_sent} (+ the kernel's own IPv6)"
