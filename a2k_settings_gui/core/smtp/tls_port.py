"""Second connections beside the conversation: is a silent port waiting for a TLS
handshake, and which names is a mismatched certificate made out to?

Is a silent port waiting for a TLS handshake? Told within seconds, not at the end.

A port that expects SSL/TLS from the first byte says nothing to a plain start (STARTTLS or
none), exactly like a server that is merely slow to greet. After a short silence, a TLS
handshake on a second connection tells the two apart at once, instead of after most of
the time budget. The first connection is left untouched: a slow server is never talked to
before it greets (some refuse clients that speak first).
"""

from __future__ import annotations

import ssl

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.net.tls import tls_context
from a2k_settings_gui.core.smtp.commands import _ehlo_name
from a2k_settings_gui.core.smtp.session import SessionError, SmtpSession
from a2k_settings_gui.core.smtp.transcript import Transcript

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Seconds of silence after which a plain start checks whether the port expects SSL/TLS
# (a real greeting comes within a second; a TLS port never sends one). Capped at a
# quarter of the step's timeout, and the handshake gets as long again.
EARLY_TLS_PROBE_AFTER = 1.5


def port_waits_for_tls(session: SmtpSession, address: Any, port: int, host: str,
                       timeout: float, deadline: float | None, transcript: Transcript,
                       cancel: CancelToken) -> bool:
    """True when `session` heard nothing for a short while and a second connection to the
    same address completed a TLS handshake (or got a TLS alert)."""
    early = min(EARLY_TLS_PROBE_AFTER, timeout / 4)
    if session.wait_for_data(early):
        return False
    transcript.note(f"no greeting within {early:g} s; trying a TLS handshake on a second "
                    "connection to see whether the port expects SSL/TLS")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Only "does it speak TLS?" is asked; nothing is sent over this connection.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    probe = SmtpSession(Transcript(), cancel, early)
    probe.set_budget(deadline, timeout)
    try:
        probe.connect(address.sockaddr[:1] + (port,) + address.sockaddr[2:],
                      address.family, probe.timeout)
        probe.start_tls(context, host)
        speaks_tls = True
    except SessionError as exc:
        if exc.kind == "cancelled":
            raise
        # A TLS alert is TLS too (e.g. the server wants a client certificate).
        speaks_tls = exc.kind == "tls" and "ALERT" in str(exc.detail).upper()
    except (OSError, ValueError):
        speaks_tls = False
    finally:
        probe.close()
    transcript.note("the second connection completed a TLS handshake: the port expects "
                    "SSL/TLS from the first byte" if speaks_tls
                    else "no TLS there either: waiting for the greeting")
    return speaks_tls


def certificate_names(address: Any, port: int, implicit_tls: bool, data: Any,
                      cancel: CancelToken) -> list[str] | None:
    """After a host-name mismatch: which names is the certificate made out to?

    A second short connection to the same address, the chain still verified but the
    name not checked, so the admin can be told the right server name. Nothing but
    EHLO/STARTTLS is sent, no credentials; the connection is closed at once. `data` is
    the conversation's input (its ca_file, timeout, deadline and server name). None: the
    second connection failed too.
    """
    try:
        context = tls_context(data.ca_file, check_hostname=False)
        probe = SmtpSession(Transcript(), cancel, min(data.timeout, 5.0))
        probe.set_budget(data.deadline, data.timeout)
        probe.connect(address.sockaddr[:1] + (port,) + address.sockaddr[2:],
                      address.family, probe.timeout)
        try:
            if not implicit_tls:
                probe.read_reply()
                probe.command(f"EHLO {_ehlo_name(probe.sock)}")
                if probe.command("STARTTLS").code != 220:
                    return None
            info = probe.start_tls(context, data.settings.smtp_host)
        finally:
            probe.close()
    except (SessionError, OSError, ssl.SSLError, ValueError):
        return None
    return info.names
