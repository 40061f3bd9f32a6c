"""Delivery proof: read a received test e-mail and show how the receiver judged it.

The receiver writes its verdict into the message it delivers: Authentication-Results
(RFC 8601) with SPF, DKIM, DMARC and Microsoft's compauth, the DKIM-Signature's domain and
selector, the Received chain with times, and spam verdict headers. This package reads
only the header section (bounded, so a 50 MB message is as fast as a small one) and
judges it; `imap` can fetch the received copy itself.
"""

from __future__ import annotations

from a2k_settings_gui.core.received.headers import NotAMessage
from a2k_settings_gui.core.received.reader import (
    read_received_bytes,
    read_received_file,
    read_received_text,
)
from a2k_settings_gui.core.received.report import ReceivedReport

__all__ = ["NotAMessage", "ReceivedReport", "read_received_bytes", "read_received_file",
           "read_received_text"]
