"""Read only the header section of a received message, bounded in bytes, fields and time.

A received test e-mail may carry a 50 MB attachment, or be something that is not a
message at all. The verdict lives entirely in the header section, so we read from the
start up to the first empty line and never touch the body: reading stops at
`MAX_HEADER_BYTES` whatever the file's size, and a section with more than `MAX_FIELDS`
fields (a header repeated 10 000 times) is refused, so time and memory stay small.

The stdlib `email` parser (compat32 policy: the fastest, and it never raises on odd
bytes) splits the section into fields; we only decode what we show.
"""

from __future__ import annotations

import email.header
import email.parser
import email.policy
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# A real Gmail / Microsoft 365 header section is 5-40 KiB with 30-150 fields; long
# mailing-list chains reach 100 KiB. Anything far beyond is not a message we can judge.
MAX_HEADER_BYTES = 1024 * 1024
MAX_FIELDS = 2000
_CHUNK = 64 * 1024

# Fields that only a mail message has: at least one must be present.
_MESSAGE_FIELDS = frozenset({
    "from", "received", "authentication-results", "message-id", "date", "subject",
    "return-path", "dkim-signature", "delivered-to", "to", "x-received", "received-spf",
})
_FIELD_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")  # RFC 5322 field name: printable, no colon


class NotAMessage(ValueError):
    """The input is not an e-mail message or its headers (exit 2); the text says why."""


@dataclass(frozen=True)
class HeaderSection:
    """The header fields of one message, in file order (top = added last = final receiver)."""

    fields: tuple[tuple[str, str], ...]  # (name as written, unfolded value)
    header_bytes: int
    had_body: bool  # an empty line ended the headers (a whole .eml), else pasted headers

    def get_all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.fields if key.lower() == wanted]

    def first(self, name: str) -> str | None:
        values = self.get_all(name)
        return values[0] if values else None


def read_header_file(path: Path | str) -> HeaderSection:
    """The header section of the message file at `path` (only its start is read).

    Regular files only, checked on the open descriptor: the open never blocks
    (O_NONBLOCK), so a pipe (FIFO) or a device is refused instead of waited on."""
    if Path(path).is_dir():  # Windows reports opening a folder as PermissionError
        raise NotAMessage(f"{path} is a folder, not a message file.")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            from a2k_settings_gui.core.store.files import describe_kind

            raise NotAMessage(f"{path} is {describe_kind(info.st_mode)}, not a message file. "
                              "Save the received e-mail as an .eml file and give that.")
        with os.fdopen(fd, "rb") as stream:
            return read_header_stream(stream)
    except IsADirectoryError:
        raise NotAMessage(f"{path} is a folder, not a message file.") from None
    except FileNotFoundError:
        raise NotAMessage(f"{path} does not exist. Give the saved .eml file.") from None
    except PermissionError:
        raise NotAMessage(f"{path} cannot be read (no permission).") from None
    except OSError as exc:
        raise NotAMessage(f"{path} cannot be read ({exc.strerror or exc}).") from None


def read_header_stream(stream: BinaryIO) -> HeaderSection:
    """Read chunks until the empty line that ends the headers, never past the cap."""
    buffer = bytearray()
    while len(buffer) <= MAX_HEADER_BYTES:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        search_from = max(0, len(buffer) - 3)
        buffer += chunk
        end = _end_of_headers(buffer, search_from)
        if end is not None:
            return parse_header_bytes(bytes(buffer[:end]), had_body=True)
    if len(buffer) > MAX_HEADER_BYTES:
        raise NotAMessage(
            f"No end of the header section within the first {MAX_HEADER_BYTES // 1024} KiB: "
            "this is not an e-mail message (a message's headers end at the first empty line).")
    return parse_header_bytes(bytes(buffer), had_body=False)


def read_header_text(text: str) -> HeaderSection:
    """Headers pasted as text (Gmail "Show original", Outlook "View message source")."""
    data = text.encode("utf-8", "surrogateescape")
    end = _end_of_headers(data, 0)
    if end is None:
        if len(data) > MAX_HEADER_BYTES:
            raise NotAMessage("The pasted text is larger than a message's headers can be "
                              f"({MAX_HEADER_BYTES // 1024} KiB).")
        return parse_header_bytes(data, had_body=False)
    return parse_header_bytes(data[:end], had_body=True)


def _end_of_headers(buffer: bytes | bytearray, start: int) -> int | None:
    """Index just past the header section's last line, or None when not yet seen."""
    # A pasted section often starts with blank lines or a copied summary; skip them.
    begin = _header_start(bytes(buffer[:MAX_HEADER_BYTES]))
    start = max(start, begin)
    candidates = [i for i in (buffer.find(b"\n\n", start), buffer.find(b"\n\r\n", start))
                  if i >= 0]
    return min(candidates) + 1 if candidates else None


def _header_start(data: bytes) -> int:
    lead = len(data) - len(data.lstrip(b"\r\n\t "))
    first_line = data[lead:].split(b"\n", 1)[0]
    if _FIELD_LINE.match(first_line) and b" " not in first_line.split(b":", 1)[0]:
        return lead
    match = _FIRST_FIELDS.search(data, lead)
    return match.start(1) if match else lead


def parse_header_bytes(data: bytes, had_body: bool) -> HeaderSection:
    data = data.lstrip(b"\r\n\t ")
    if data.startswith(b"From ") and b"\n" in data:
        data = data.split(b"\n", 1)[1]  # mbox "From " separator line (Thunderbird export)
    data = _skip_text_before_headers(data)
    if b"\x00" in data[:4096]:
        raise NotAMessage("This is a binary file, not an e-mail message. Save the message "
                          "as .eml (or copy its headers) and try again.")
    _refuse_too_many_fields(data)
    parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
    message = parser.parsebytes(data)
    fields = tuple((str(name), _unfold(value)) for name, value in message.items())
    names = {name.lower() for name, _ in fields}
    if not fields or not names & _MESSAGE_FIELDS:
        raise NotAMessage(
            "No e-mail headers found. Open the received test e-mail and copy its full "
            "headers (Gmail: Show original; Outlook: View message source), or save it as "
            ".eml.")
    return HeaderSection(fields=fields, header_bytes=len(data), had_body=had_body)


# Fields a received message starts with: where the headers begin when the admin copied a
# whole page (Gmail's "Show original" puts a summary table above the raw message).
_FIRST_FIELDS = re.compile(
    rb"(?:^|\n)((?:Delivered-To|Received|Return-Path|ARC-Seal|Authentication-Results|"
    rb"X-Received|X-Google-Smtp-Source|Received-SPF|DKIM-Signature|X-Apparently-To)"
    rb"[ \t]*:)", re.IGNORECASE)


def _skip_text_before_headers(data: bytes) -> bytes:
    return data[_header_start(data[:MAX_HEADER_BYTES]):]


def _refuse_too_many_fields(data: bytes) -> None:
    count = 0
    for line in data.split(b"\n"):
        if line[:1] not in (b" ", b"\t") and _FIELD_LINE.match(line):
            count += 1
            if count > MAX_FIELDS:
                raise NotAMessage(
                    f"The header section has more than {MAX_FIELDS} fields, far more than a "
                    "real message (a few hundred at most): it is damaged or hostile and was "
                    "not read further.")


def _unfold(value: object) -> str:
    """One line per field, whatever the bytes: undecodable bytes become U+FFFD."""
    text = str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(r"\r?\n[ \t]+", " ", text).replace("\r", "").replace("\n", " ").strip()


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded-words (=?utf-8?B?...?=) for display; keep text that fails."""
    if "=?" not in value:
        return value
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except Exception:  # noqa: BLE001 - a broken encoded-word is shown as written
        return value
