"""Spam verdicts the receiver wrote into the message, where it writes any.

Microsoft (Exchange Online Protection, per Microsoft's "Anti-spam message headers"
page): `X-Forefront-Antispam-Report` SFV (SPM = spam filtering said spam, SKS = marked
spam before filtering, SKB = blocked sender list, NSPM = not spam, SKA/SFE/SKN/SKI =
filtering skipped) and SCL (spam confidence level: -1 bypass, 0-1 clean, 5-6 spam,
9 high confidence spam; also in `X-MS-Exchange-Organization-SCL`);
`X-Microsoft-Antispam` BCL (bulk complaint level 0-9).
SpamAssassin and most hosting filters: `X-Spam-Status: Yes, score=…` / `X-Spam-Flag`.
Gmail and Yahoo write no spam verdict into the headers: the folder tells (say so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from a2k_settings_gui.core.received.headers import HeaderSection

SCL_SPAM = 5  # Microsoft: 5 and 6 spam, 9 high confidence spam
_SPAM_SFV = {"SPM": "spam filtering marked it as spam",
             "SKS": "a mail flow rule marked it as spam before filtering",
             "SKB": "the sender is on a blocked senders list"}
_KV = re.compile(r"([A-Za-z]+):([^;]*)")


@dataclass(frozen=True)
class SpamVerdict:
    source: str  # the header that said it
    spam: bool | None  # None: the header gives a score but no yes/no
    detail: str
    values: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "spam": self.spam, "detail": self.detail,
                "values": dict(self.values)}


def spam_verdicts(headers: HeaderSection) -> list[SpamVerdict]:
    verdicts = []
    forefront = headers.first("X-Forefront-Antispam-Report")
    if forefront:
        values = {k.upper(): v.strip() for k, v in _KV.findall(forefront)}
        sfv, scl = values.get("SFV", ""), _int(values.get("SCL"))
        spam = sfv in _SPAM_SFV or (scl is not None and scl >= SCL_SPAM)
        detail = _SPAM_SFV.get(sfv) or (f"SCL {scl}" if scl is not None else f"SFV {sfv}")
        if not spam and sfv == "NSPM":
            detail = "spam filtering said: not spam"
        verdicts.append(SpamVerdict("X-Forefront-Antispam-Report", spam, detail,
                                    {k: values[k] for k in ("SFV", "SCL", "CAT", "SFTY", "IPV")
                                     if k in values}))
    org_scl = _int(headers.first("X-MS-Exchange-Organization-SCL"))
    if org_scl is not None:
        verdicts.append(SpamVerdict("X-MS-Exchange-Organization-SCL", org_scl >= SCL_SPAM,
                                    f"spam confidence level {org_scl} (5 or more: Junk)",
                                    {"SCL": str(org_scl)}))
    antispam = headers.first("X-Microsoft-Antispam")
    if antispam:
        values = {k.upper(): v.strip() for k, v in _KV.findall(antispam)}
        bcl = _int(values.get("BCL"))
        if bcl is not None:
            verdicts.append(SpamVerdict("X-Microsoft-Antispam", None,
                                        f"bulk complaint level {bcl} of 9",
                                        {"BCL": str(bcl)}))
    status = headers.first("X-Spam-Status")
    if status:
        word = status.split(",", 1)[0].strip().lower()
        score = re.search(r"score=(-?[\d.]+)", status)
        required = re.search(r"required=(-?[\d.]+)", status)
        values = {"score": score.group(1)} if score else {}
        if required:
            values["required"] = required.group(1)
        verdicts.append(SpamVerdict("X-Spam-Status", word == "yes" if word in ("yes", "no")
                                    else None, status[:120], values))
    flag = headers.first("X-Spam-Flag")
    if flag and not status:
        verdicts.append(SpamVerdict("X-Spam-Flag", flag.strip().lower() == "yes", flag[:40]))
    return verdicts


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None
