"""Harness for microseg's Mininet tests: the built controller, a pinned Mininet network, probes, flow counters."""
