"""The report of one received message: what each receiver said, alignment, hops, spam.

`to_dict()` is the `check-received --json` contract (docs/DESIGN.md): `from_domain`,
`receivers` (one per authserv-id with `spf`, `dkim`, `dmarc`, `compauth`),
`alignment` {`spf`, `dkim`}, `dkim_selectors`, `hops`, `spam`, `findings`; plus
`dmarc_pass`, `verdict` (plain words) and the message's identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.received.alignment import Alignment, domain_of
from a2k_settings_gui.core.received.auth_results import MethodResult
from a2k_settings_gui.core.received.hops import Hop
from a2k_settings_gui.core.received.receiver import Claim
from a2k_settings_gui.core.received.spam import SpamVerdict

_PROVIDERS = (  # authserv-id ending -> the name an admin knows
    ("google.com", "Gmail"), ("yahoo.com", "Yahoo"), ("aol.com", "AOL"),
    ("outlook.com", "Microsoft 365 / Outlook.com"),
    ("microsoft.com", "Microsoft 365 / Outlook.com"),
    ("icloud.com", "iCloud Mail"), ("me.com", "iCloud Mail"), ("zoho.com", "Zoho Mail"),
)


@dataclass
class Receiver:
    """Everything one receiver (one authserv-id) wrote, its headers merged in file order."""

    authserv_id: str | None
    results: list[MethodResult] = field(default_factory=list)
    lenient: bool = False

    @property
    def name(self) -> str:
        if self.authserv_id is None:
            if any(r.method == "compauth" for r in self.results):
                return "Microsoft 365 / Outlook.com"
            return "the receiving server"
        lowered = self.authserv_id.lower()
        for ending, label in _PROVIDERS:
            if lowered == ending or lowered.endswith("." + ending):
                return label
        return self.authserv_id

    def first(self, method: str) -> MethodResult | None:
        return next((r for r in self.results if r.method == method), None)

    def all(self, method: str) -> list[MethodResult]:
        return [r for r in self.results if r.method == method]

    def to_dict(self) -> dict[str, object]:
        spf, dmarc, compauth = self.first("spf"), self.first("dmarc"), self.first("compauth")
        dkims = self.all("dkim")
        return {
            "authserv_id": self.authserv_id,
            "name": self.name,
            "spf": None if spf is None else {
                **spf.to_dict(),
                "domain": spf_domain(spf) or None,
            },
            "dkim": None if not dkims else {
                "result": best_dkim_result(dkims),
                "domains": sorted({dkim_domain(d) for d in dkims} - {""}),
                "signatures": [{**d.to_dict(), "domain": dkim_domain(d) or None}
                               for d in dkims],
            },
            "dmarc": None if dmarc is None else {
                **dmarc.to_dict(), "domain": dmarc.prop("header.from") or None},
            "compauth": None if compauth is None else compauth.to_dict(),
            "other": [{"method": r.method, **r.to_dict()} for r in self.results
                      if r.method not in ("spf", "dkim", "dmarc", "compauth")],
            "lenient": self.lenient,
        }


def best_dkim_result(dkims: list[MethodResult]) -> str | None:
    if not dkims:
        return None
    results = [d.result for d in dkims]
    return "pass" if "pass" in results else results[0]


def spf_domain(spf: MethodResult) -> str:
    """The domain SPF checked: MAIL FROM's (smtp.mailfrom), else the HELO name."""
    return domain_of(spf.prop("smtp.mailfrom", "smtp.mail", "smtp.helo"))


def dkim_domain(dkim: MethodResult) -> str:
    """The signing domain a DKIM result is about: header.d, else header.i's domain."""
    return domain_of(dkim.prop("header.d", "header.i"))


@dataclass(frozen=True)
class DkimSignature:
    domain: str  # d=
    selector: str  # s=
    result: str | None  # what the final receiver said about this signature
    aligned: bool  # d= aligns with the From domain (whatever the result)

    def to_dict(self) -> dict[str, object]:
        return {"domain": self.domain, "selector": self.selector, "result": self.result,
                "aligned": self.aligned}


@dataclass
class ReceivedReport:
    from_address: str
    from_domain: str
    subject: str
    message_id: str
    receivers: list[Receiver]
    alignment: dict[str, Alignment]
    dkim_signatures: list[DkimSignature]
    hops: list[Hop]
    spam: list[SpamVerdict]
    dmarc_result: str | None  # the final receiver's DMARC result
    header_bytes: int
    findings: list[Finding] = field(default_factory=list)
    verdict: str = ""
    dmarc_record: dict[str, object] | None = None  # set when the record was looked up
    claims: list[Claim] = field(default_factory=list)  # results that came with the message
    receiver_identified: bool = True  # the Received chain named the final receiver
    sender: str = ""  # the configured Sender Email ID ("" = not known)

    @property
    def final_receiver(self) -> Receiver | None:
        return self.receivers[0] if self.receivers else None

    @property
    def receiver_said_pass(self) -> bool:
        return self.dmarc_result == "pass"

    @property
    def dmarc_domain(self) -> str:
        """The domain the receiver's DMARC result is about (its header.from)."""
        final = self.final_receiver
        dmarc = final.first("dmarc") if final else None
        return domain_of(dmarc.prop("header.from")) if dmarc else ""

    @property
    def dmarc_for_other_domain(self) -> bool:
        return bool(self.dmarc_domain and self.from_domain
                    and self.dmarc_domain != self.from_domain)

    @property
    def from_other_sender(self) -> bool:
        return bool(self.sender and self.from_address
                    and self.sender.lower() != self.from_address.lower())

    @property
    def dmarc_pass(self) -> bool:
        """Proven: the receiver's own DMARC pass, for this From domain, from our sender."""
        return (self.receiver_said_pass and not self.dmarc_for_other_domain
                and not self.from_other_sender and bool(self.from_address))

    @property
    def dkim_selector(self) -> str | None:
        """The selector to check in DNS: of a signature by the From domain, passing first."""
        ranked = sorted((s for s in self.dkim_signatures if s.aligned and s.selector),
                        key=lambda s: s.result != "pass")
        return ranked[0].selector if ranked else None

    def to_dict(self) -> dict[str, object]:
        return {
            "from_domain": self.from_domain or None,
            "from": self.from_address or None,
            "subject": self.subject,
            "message_id": self.message_id or None,
            "dmarc_pass": self.dmarc_pass,
            "verdict": self.verdict,
            "final_receiver": self.final_receiver.name if self.final_receiver else None,
            "receivers": [r.to_dict() for r in self.receivers],
            "claims": [c.to_dict() for c in self.claims],
            "sender": self.sender or None,
            "alignment": {k: v.to_dict() for k, v in self.alignment.items()},
            "dmarc_record": self.dmarc_record,
            "dkim_selectors": [s.to_dict() for s in self.dkim_signatures],
            "dkim_selector_for_domain_check": self.dkim_selector,
            "hops": [h.to_dict() for h in self.hops],
            "spam": [s.to_dict() for s in self.spam],
            "header_bytes": self.header_bytes,
            "findings": [f.to_dict() for f in self.findings],
        }
