"""Relaxed or strict alignment: what the From domain's DMARC record asks for (adkim=,
aspf=), looked up on request through the shared DNS client (core.net.dns).

Received headers do not carry the alignment mode, so without a lookup the reader starts
from DMARC's default (relaxed) and infers strict when the receiver failed DMARC although
a relaxed check aligns (core.received.reader). This lookup makes it certain.
_dmarc.<From domain> first, then _dmarc.<organizational domain> (public suffix list).
"""

from __future__ import annotations

from dataclasses import dataclass

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.received.alignment import organizational_domain


@dataclass(frozen=True)
class DmarcModes:
    adkim: str  # "r" or "s"
    aspf: str
    record: str | None
    found_at: str | None
    problem: str = ""  # "", "no_record" or "dns_failed"

    def to_dict(self) -> dict[str, object]:
        return {"record": self.record, "found_at": self.found_at, "adkim": self.adkim,
                "aspf": self.aspf, "problem": self.problem or None}


def dmarc_modes(from_domain: str, *, dns_servers: tuple[str, ...] = (), timeout: float = 5.0,
                cancel: CancelToken | None = None) -> DmarcModes:
    from a2k_settings_gui.core.net.dns import FAILED_OUTCOMES, make_resolver

    client = make_resolver(dns_servers, timeout, cancel)
    names = [f"_dmarc.{from_domain}"]
    org = organizational_domain(from_domain)
    if org != from_domain:
        names.append(f"_dmarc.{org}")
    for name in names:
        answer = client.lookup(name, "TXT")
        if answer.outcome in FAILED_OUTCOMES:
            return DmarcModes("r", "r", None, None, "dns_failed")
        records = [t.strip() for t in answer.texts() if t.strip().lower().startswith("v=dmarc1")]
        if len(records) == 1:
            tags = _tags(records[0])
            return DmarcModes(_mode(tags.get("adkim")), _mode(tags.get("aspf")), records[0],
                              name)
    return DmarcModes("r", "r", None, None, "no_record")


def _tags(record: str) -> dict[str, str]:
    tags = {}
    for part in record.split(";"):
        name, sep, value = part.partition("=")
        if sep:
            tags[name.strip().lower()] = value.strip().lower()
    return tags


def _mode(value: str | None) -> str:
    return "s" if value == "s" else "r"
