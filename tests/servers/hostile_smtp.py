"""A hostile SMTP server on loopback: endless replies, drips, slow steps, echoed secrets.

    with HostileSmtpServer("endless", at="greeting") as server:
        server.port

Behaviours (`behaviour`):
- "endless": at stage `at` ("greeting", "ehlo" or "auth") it sends "NNN-" lines as fast
  as the client reads them, never the last line.
- "drip": at stage `at` it sends one byte every `interval` seconds, never a whole line.
- "slow": a well-behaved server that waits `delay` seconds before every reply.
- "echo": accepts nothing; every AUTH attempt is answered with the client's own words
  (the AUTH line, the base64 steps and their decoded forms, with and without padding).
- "raw_auth": every AUTH PLAIN is answered with the bytes `auth_answer` as they are (a
  reply in GBK or Latin-1, as QQ Mail or an old European server sends), where
  b"{password}" stands for the password's own bytes from the client's AUTH line.
Every loop ends when the client goes away or after `max_seconds`.
"""

from __future__ import annotations

import base64
import re
import ssl
import time
from typing import Any
from urllib.parse import quote, quote_plus

from tests.servers.raw_tcp import LineServer


class HostileSmtpServer(LineServer):
    max_line = 1_000_000

    def __init__(self, behaviour: str, *, at: str = "greeting", delay: float = 0.0,
                 interval: float = 0.2, ssl_context: ssl.SSLContext | None = None,
                 max_seconds: float = 30.0, auth_offer: str = "PLAIN LOGIN",
                 auth_answer: bytes = b"") -> None:
        self.auth_offer = auth_offer
        self.auth_answer = auth_answer
        self.behaviour, self.at, self.delay, self.interval = behaviour, at, delay, interval
        self.ssl_context = ssl_context
        self.max_seconds = max_seconds
        self.bytes_sent = 0
        super().__init__(backlog=8)

    # ------------------------------------------------------------ plumbing
    def _reply(self, conn: Any, text: str) -> None:
        if self.behaviour == "slow":
            time.sleep(self.delay)
        self._send(conn, text.encode() + b"\r\n")

    def _hostile(self, conn: Any, code: str, deadline: float) -> None:
        if self.behaviour == "endless":
            chunk = "".join(f"{code}-endless line {n} of a reply that never ends\r\n"
                            for n in range(64)).encode()
            while time.monotonic() < deadline and not self._stopped.is_set():
                self._send(conn, chunk)
        elif self.behaviour == "drip":
            while time.monotonic() < deadline and not self._stopped.is_set():
                self._send(conn, b"2" if self.bytes_sent % 2 == 0 else b"-")
                time.sleep(self.interval)
        raise OSError("done")

    # ------------------------------------------------------------ the conversation
    def _serve(self, conn: Any, deadline: float) -> None:
        if self.at == "greeting" and self.behaviour in ("endless", "drip"):
            self._hostile(conn, "220", deadline)
        self._reply(conn, "220 hostile.test ESMTP")
        buffer = bytearray()
        while time.monotonic() < deadline:
            line = self._read_line(conn, buffer)
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                if self.at == "ehlo" and self.behaviour in ("endless", "drip"):
                    self._hostile(conn, "250", deadline)
                self._reply(conn, f"250-hostile.test\r\n250-AUTH {self.auth_offer}\r\n250 8BITMIME")
            elif verb == "AUTH":
                if self.at == "auth" and self.behaviour in ("endless", "drip"):
                    self._hostile(conn, "535", deadline)
                if self.behaviour == "echo":
                    self._echo_auth(conn, line, buffer)
                elif self.behaviour == "raw_auth":
                    blob = line.split()[2] if len(line.split()) >= 3 else ""
                    secret = base64.b64decode(blob + "=" * (-len(blob) % 4)).split(b"\0")[-1]
                    self._send(conn, self.auth_answer.replace(b"{password}", secret) + b"\r\n")
                else:
                    self._reply(conn, "235 2.7.0 Authentication successful")
            elif verb == "MAIL" or verb == "RCPT":
                self._reply(conn, "250 2.1.0 OK")
            elif verb == "DATA":
                self._reply(conn, "354 go ahead")
                while self._read_line(conn, buffer) != ".":
                    pass
                self._reply(conn, "250 2.0.0 queued")
            elif verb == "QUIT":
                self._reply(conn, "221 bye")
                return
            else:
                self._reply(conn, "502 5.5.2 not implemented")

    def _echo_auth(self, conn: Any, line: str, buffer: bytearray) -> None:
        """Answer with every form of what the client sent (a badly written server's log
        line in its reply): the AUTH line, base64 with and without padding, decoded."""
        words = line.split()
        sent = [line]
        if len(words) >= 3:
            sent.append(words[2])
        else:  # AUTH LOGIN: ask for the user and the password, echo both
            self._reply(conn, "334 VXNlcm5hbWU6")
            user = self._read_line(conn, buffer)
            self._reply(conn, f"334 UGFzc3dvcmQ6 (you said {user})")
            password = self._read_line(conn, buffer)
            sent += [user, password]
        echoed = []
        for item in sent[1:]:
            decoded = base64.b64decode(item + "=" * (-len(item) % 4))
            echoed += [item, item.rstrip("="),
                       decoded.decode("utf-8", "replace").replace("\0", "\\0"),
                       base64.b64encode(decoded.split(b"\0")[-1]).decode().rstrip("="),
                       base64.b64encode(decoded.lstrip(b"\0")).decode()]
            secret = decoded.split(b"\0")[-1]
            # What a web-minded server or library does with it: URL-encoded, form-encoded,
            # hex, URL-safe base64 without padding.
            echoed += [quote(secret, safe=""), _lower_escapes(quote(secret)), quote_plus(secret),
                       secret.hex(), secret.hex().upper(),
                       base64.urlsafe_b64encode(secret).decode().rstrip("=")]
        self._reply(conn, f"535-5.7.8 you sent: {sent[0]}")
        self._reply(conn, f"535 5.7.8 we saw: {' | '.join(echoed)}")


def _lower_escapes(text: str) -> str:
    """Percent escapes in lower case (%2f), as some servers and libraries write them."""
    return re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)
