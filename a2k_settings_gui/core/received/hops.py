"""The Received chain: which servers handed the message on, when, and where it waited.

Each server adds a Received field on top, ending with the time it took the message
("…; Mon, 13 Jan 2025 21:33:46 +0000"). Read bottom-up, the chain is the journey; the
difference between a hop's time and the one below it is how long that step took (clocks
of different servers disagree by seconds, sometimes minutes, so small negative values are
clock skew, not time travel). The sender's own Date field is the start.
"""

from __future__ import annotations

import email.utils
import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime

# A step slower than this is worth telling: greylisting and queueing show up as 5-30 minutes.
SLOW_HOP_SECONDS = 300
MAX_HOPS = 100  # a real chain has 3-15; more is a loop or hostile input, keep it bounded

_FROM = re.compile(r"\bfrom\s+(\S+)(?:\s+\(([^)]*)\))?", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(\S+)", re.IGNORECASE)
_WITH = re.compile(r"\bwith\s+([A-Za-z][\w-]*)", re.IGNORECASE)
_TLS_PROTOCOLS = frozenset({"ESMTPS", "ESMTPSA", "LMTPS", "LMTPSA", "UTF8SMTPS", "UTF8SMTPSA",
                            "HTTPS"})
_IP = re.compile(r"\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]|\b(\d{1,3}(?:\.\d{1,3}){3})\b")


@dataclass(frozen=True)
class Hop:
    number: int  # 1 = the first server after the sender
    from_host: str
    from_ip: str
    by_host: str
    protocol: str  # ESMTPS, SMTP, HTTP, LMTP, …
    time: datetime | None
    delay_seconds: float | None  # since the previous hop (or the Date field for hop 1)
    raw: str

    @property
    def tls(self) -> bool:
        # RFC 3848: ESMTPS/ESMTPSA/LMTPS mean TLS; others write "version=TLS1_3" or "TLSv1.2".
        return self.protocol.upper() in _TLS_PROTOCOLS or "TLS" in self.raw.upper()

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "from": self.from_host,
            "from_ip": self.from_ip,
            "by": self.by_host,
            "with": self.protocol,
            "time": self.time.isoformat() if self.time else None,
            "delay_seconds": None if self.delay_seconds is None else round(self.delay_seconds, 1),
            "tls": self.tls,
        }


def parse_hops(received_values: list[str], date_header: str | None) -> list[Hop]:
    """Hops oldest first; `received_values` as they appear in the file (newest first)."""
    oldest_first = list(reversed(received_values[:MAX_HOPS]))
    previous = _parse_time(date_header) if date_header else None
    hops = []
    for number, raw in enumerate(oldest_first, start=1):
        when = _parse_time(raw.rsplit(";", 1)[1]) if ";" in raw else None
        delay = None
        if when is not None and previous is not None:
            delay = (when - previous).total_seconds()
        hops.append(Hop(
            number=number,
            from_host=_first(_FROM, raw),
            from_ip=_ip_of(raw),
            by_host=_first(_BY, raw),
            protocol=_first(_WITH, raw),
            time=when,
            delay_seconds=delay,
            raw=raw,
        ))
        if when is not None:
            previous = when
    return hops


def slowest_hop(hops: list[Hop]) -> Hop | None:
    timed = [h for h in hops if h.delay_seconds is not None]
    return max(timed, key=lambda h: h.delay_seconds or 0.0) if timed else None


def total_seconds(hops: list[Hop], date_header: str | None) -> float | None:
    start = _parse_time(date_header) if date_header else None
    times = [h.time for h in hops if h.time is not None]
    if not times:
        return None
    first = start or times[0]
    return (times[-1] - first).total_seconds()


def _parse_time(text: str) -> datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or when.tzinfo is None:
        return None  # "-0000" or no zone: the time cannot be compared with the others
    return when


def _first(pattern: re.Pattern[str], raw: str) -> str:
    head = raw.rsplit(";", 1)[0] if ";" in raw else raw
    match = pattern.search(head)
    return match.group(1).rstrip(".") if match else ""


def _ip_of(raw: str) -> str:
    """The connecting address: "[1.2.3.4]", or Microsoft's "(2603:10b6::1)" comment."""
    from_part = _FROM.search(raw)
    if not from_part:
        return ""
    match = _IP.search(from_part.group(0))
    if match:
        return match.group(1) or match.group(2) or ""
    comment = (from_part.group(2) or "").strip()
    try:
        return str(ipaddress.ip_address(comment.split()[0])) if comment else ""
    except ValueError:
        return ""
