"""A hostile (or merely well-behaved) IMAP server on loopback, speaking just enough IMAP4rev1
for imaplib: greeting, CAPABILITY, LOGIN, AUTHENTICATE PLAIN, LIST, SELECT, UID SEARCH,
UID FETCH, LOGOUT. Implicit TLS with the test CA's certificate.

    with HostileImapServer("endless", at="login", ssl_context=ctx) as server:
        server.port

Behaviours (`behaviour`, at stage `at`):
- "good": answers properly; the message it holds has `message_id` (and `headers`).
- "drip": at `at` ("greeting" or "fetch") sends one byte every `interval` seconds.
- "endless": at `at` ("greeting", "login" or "fetch") sends untagged lines as fast as
  the client reads them.
- "literal": at `at` ("login" or "fetch") announces a literal of `size` bytes and sends
  zeros for as long as the client reads.
Every login is recorded in `logins` as (user, password) decoded from UTF-8.
Every loop ends when the client goes away or after `max_seconds`.
"""

from __future__ import annotations

import base64
import ssl
import time
from typing import Any

from tests.servers.raw_tcp import LineServer

HEADERS = (
    "Return-Path: <accounts@acme.test>\r\n"
    "Received: from smtp.acme.test (smtp.acme.test [198.51.100.25])\r\n"
    "\tby mx1.corp.example (Postfix) with ESMTPS id 8C1E2A0123;\r\n"
    "\tMon, 30 Nov 2026 08:05:01 +0000 (UTC)\r\n"
    "Authentication-Results: mx1.corp.example; spf=pass smtp.mailfrom=acme.test;\r\n"
    " dkim=pass header.d=acme.test header.s=erp2026; dmarc=pass header.from=acme.test\r\n"
    "From: Accounts <accounts@acme.test>\r\n"
    "To: tester@corp.example\r\n"
    "Subject: A2000ERP test e-mail\r\n"
    "Message-ID: {message_id}\r\n"
    "\r\n")


class HostileImapServer(LineServer):
    def __init__(self, behaviour: str = "good", *, at: str = "greeting",
                 ssl_context: ssl.SSLContext | None = None, interval: float = 0.2,
                 size: int = 0, message_id: str = "<t1@acme.test>",
                 max_seconds: float = 30.0) -> None:
        self.behaviour, self.at, self.interval, self.size = behaviour, at, interval, size
        self.ssl_context = ssl_context
        self.message_id = message_id
        self.max_seconds = max_seconds
        self.logins: list[tuple[str, str]] = []
        self.bytes_sent = 0
        super().__init__(backlog=8)

    @property
    def headers(self) -> bytes:
        return HEADERS.format(message_id=self.message_id).encode()

    # ------------------------------------------------------------ plumbing
    def _line(self, conn: Any, text: str) -> None:
        self._send(conn, text.encode() + b"\r\n")

    def _hostile(self, conn: Any, deadline: float) -> None:
        """Never returns normally: drips, floods or streams a literal until the end."""
        if self.behaviour == "drip":
            while time.monotonic() < deadline and not self._stopped.is_set():
                self._send(conn, b"*")
                time.sleep(self.interval)
        elif self.behaviour == "endless":
            chunk = b"".join(b"* OK endless untagged line %d of a reply that never ends\r\n"
                             % n for n in range(256))
            while time.monotonic() < deadline and not self._stopped.is_set():
                self._send(conn, chunk)
        elif self.behaviour == "literal":
            prefix = b"* 1 FETCH (UID 1 BODY[HEADER] " if self.at == "fetch" else b"* OK "
            self._send(conn, prefix + b"{%d}\r\n" % self.size)
            zeros = b"0" * 65536
            while time.monotonic() < deadline and not self._stopped.is_set():
                self._send(conn, zeros)
        raise OSError("done")

    def _stage(self, conn: Any, stage: str, deadline: float) -> None:
        if self.at == stage and self.behaviour != "good":
            self._hostile(conn, deadline)

    # ------------------------------------------------------------ the conversation
    def _serve(self, conn: Any, deadline: float) -> None:
        self._stage(conn, "greeting", deadline)
        self._line(conn, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile.test ready")
        buffer = bytearray()
        while time.monotonic() < deadline:
            line = self._read_line(conn, buffer)
            tag, _, rest = line.partition(" ")
            command, _, arguments = rest.partition(" ")
            command = command.upper()
            if command == "CAPABILITY":
                self._line(conn, "* CAPABILITY IMAP4rev1 AUTH=PLAIN")
                self._line(conn, f"{tag} OK done")
            elif command == "LOGIN":
                user, _, password = arguments.partition(" ")
                self.logins.append((user.strip('"'), password.strip('"')))
                self._stage(conn, "login", deadline)
                self._line(conn, f"{tag} OK logged in")
            elif command == "AUTHENTICATE":
                self._line(conn, "+ ")
                blob = base64.b64decode(self._read_line(conn, buffer))
                _authzid, user, password = blob.split(b"\0")
                self.logins.append((user.decode("utf-8"), password.decode("utf-8")))
                self._stage(conn, "login", deadline)
                self._line(conn, f"{tag} OK authenticated")
            elif command == "LIST":
                self._line(conn, '* LIST (\\HasNoChildren) "/" "INBOX"')
                self._line(conn, f"{tag} OK listed")
            elif command in ("SELECT", "EXAMINE"):
                self._line(conn, "* 1 EXISTS")
                self._line(conn, f"{tag} OK [READ-ONLY] selected")
            elif command == "UID" and arguments.upper().startswith("SEARCH"):
                self._line(conn, "* SEARCH 1")
                self._line(conn, f"{tag} OK searched")
            elif command == "UID" and arguments.upper().startswith("FETCH"):
                self._stage(conn, "fetch", deadline)
                body = self.headers
                self._send(conn, b"* 1 FETCH (UID 1 BODY[HEADER] {%d}\r\n" % len(body)
                           + body + b")\r\n")
                self._line(conn, f"{tag} OK fetched")
            elif command == "LOGOUT":
                self._line(conn, "* BYE")
                self._line(conn, f"{tag} OK bye")
                return
            else:
                self._line(conn, f"{tag} BAD unknown")
