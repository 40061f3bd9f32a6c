"""Port facts shared by test-send and detection."""

from __future__ import annotations

# Ports where TLS starts with the first byte (RFC 8314 submissions; 2465 is a common
# alternative that providers publish beside 465).
IMPLICIT_TLS_PORTS = frozenset({465, 2465})
