"""The shared network layer: DNS, TLS and HTTP, used by every feature."""
