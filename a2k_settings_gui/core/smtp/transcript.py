"""The SMTP transcript: every line both ways, timestamped, with credentials masked.

The transcript is what an admin (or their provider's support desk) reads to see what the
server actually said. It is returned in JSON, shown in the UI and copied into reports, so
the AUTH exchange never enters it in clear: the command line keeps only the mechanism name
and every SASL line (the base64 user name and password) becomes `***`. The masking happens
when a line is recorded, so no later formatting step can leak it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from a2k_settings_gui.core.kit.record import record

MASK = "***"
_MASK_BYTES = MASK.encode()

# Bounds (an endless reply once made 1.17 million lines and 111 MB of JSON). A
# real test-send has 30-60 lines; each line is cut at MAX_LINE_CHARS. Past the bounds the
# lines are counted, not kept, and one closing line says how many were left out.
MAX_LINES = 1000
MAX_LINE_CHARS = 1000
MAX_TOTAL_CHARS = 256 * 1024

# Who wrote a line: the server, this client, or a note from this tool (connect, TLS, ...).
SERVER, CLIENT, NOTE = "S", "C", "*"


@record(frozen=True)
class TranscriptLine:
    seconds: float  # since the start of the test
    who: str  # SERVER, CLIENT or NOTE
    text: str

    def render(self) -> str:
        return f"{self.seconds:7.3f} {self.who}: {self.text}"


class Transcript:
    """Append-only list of lines; thread-safe because the UI may read while a worker writes."""

    def __init__(
        self,
        started: float | None = None,
        on_line: Callable[[TranscriptLine], None] | None = None,
    ) -> None:
        self._started = time.monotonic() if started is None else started
        self._lines: list[TranscriptLine] = []
        self._lock = threading.Lock()
        self._on_line = on_line
        # Secrets that must never appear, even if a server echoes them back in a reply.
        self._secrets: list[str] = []
        self._secret_bytes: list[bytes] = []  # the same, as UTF-8, for raw reply lines
        self._chars = 0
        self.dropped = 0  # lines past the bounds: counted, not kept

    def add_secret(self, *secrets: str) -> None:
        for secret in secrets:
            if secret and len(secret) >= 3 and secret not in self._secrets:
                self._secrets.append(secret)
        self._secrets.sort(key=len, reverse=True)  # a longer form is masked whole first
        self._secret_bytes = [s.encode("utf-8", "surrogatepass") for s in self._secrets]

    def scrub(self, text: str) -> str:
        """The text with every known secret replaced by ***."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def scrub_bytes(self, raw: bytes) -> bytes:
        """The raw bytes with every known secret's UTF-8 form replaced by ***."""
        for encoded in self._secret_bytes:
            if encoded in raw:
                raw = raw.replace(encoded, _MASK_BYTES)
        return raw

    def add(self, who: str, text: str) -> TranscriptLine:
        if len(text) > MAX_LINE_CHARS:
            text = self.scrub(text[: MAX_LINE_CHARS + 200])[:MAX_LINE_CHARS] + " [line cut]"
        line = TranscriptLine(time.monotonic() - self._started, who, self.scrub(text))
        with self._lock:
            full = len(self._lines) >= MAX_LINES or self._chars >= MAX_TOTAL_CHARS
            if full:
                self.dropped += 1
            else:
                self._lines.append(line)
                self._chars += len(line.text)
        if self._on_line is not None and (not full or self.dropped == 1):
            # The first line left out is announced once, so a window knows the rest went.
            self._on_line(line if not full else self._closing_line())
        return line

    def _closing_line(self) -> TranscriptLine:
        return TranscriptLine(time.monotonic() - self._started, NOTE,
                              f"[transcript full: {self.dropped:,} more lines not kept]")

    def server(self, text: str) -> None:
        self.add(SERVER, text)

    def client(self, text: str) -> None:
        self.add(CLIENT, text)

    def note(self, text: str) -> None:
        self.add(NOTE, text)

    def client_auth(self, command: str) -> None:
        """Record an AUTH command, keeping only the mechanism (`AUTH PLAIN ***`)."""
        parts = command.split()
        shown = " ".join(parts[:2]) if len(parts) >= 2 else command
        if len(parts) > 2:
            shown += f" {MASK}"
        self.add(CLIENT, shown)

    def client_secret(self) -> None:
        """Record a SASL continuation line (base64 user name or password) as `***`."""
        self.add(CLIENT, MASK)

    def server_challenge(self, code: int) -> None:
        """A 334 challenge: its base64 text ("Username:", "Password:") is noise; keep the code."""
        self.add(SERVER, f"{code} {MASK}")

    @property
    def lines(self) -> list[TranscriptLine]:
        with self._lock:
            return list(self._lines)

    def rendered(self) -> list[str]:
        rendered = [line.render() for line in self.lines]
        if self.dropped:
            rendered.append(self._closing_line().render())
        return rendered
