"""Detect: find the outgoing server for an address (providers, DNS, autoconfig, probes)."""
