"""Read a received message (an .eml file, a stream, or pasted headers) into a report.

`read_received_file(path)`, `read_received_text(text)` and `read_received_bytes(data)`
return a `ReceivedReport` with findings and a plain-words verdict, or raise
`NotAMessage` (exit 2) with words that say why. Only the header section is read.
The verdict is the final receiver's own Authentication-Results, found from the Received
chain (receiver.py); every other one is a claim that came with the message.
"""

from __future__ import annotations

import dataclasses
import email.utils
import io
from pathlib import Path

from a2k_settings_gui.core.received.alignment import (
    RELAXED,
    STRICT,
    Alignment,
    aligned,
    domain_of,
)
from a2k_settings_gui.core.received.auth_results import MethodResult, parse_auth_results
from a2k_settings_gui.core.received.headers import (
    HeaderSection,
    NotAMessage,
    decode_words,
    read_header_file,
    read_header_stream,
    read_header_text,
)
from a2k_settings_gui.core.received.hops import parse_hops
from a2k_settings_gui.core.received.receiver import (
    Claim,
    choose_verdict,
    find_final_receiver,
)
from a2k_settings_gui.core.received.report import (
    DkimSignature,
    ReceivedReport,
    Receiver,
    best_dkim_result,
    dkim_domain,
    spf_domain,
)
from a2k_settings_gui.core.received.spam import SpamVerdict, spam_verdicts
from a2k_settings_gui.core.received.verdict import judge

MAX_AUTH_RESULTS = 50  # fields read; a chain of forwarders has a handful

__all__ = ["NotAMessage", "read_received_bytes", "read_received_file", "read_received_text",
           "build_report"]


# adkim / aspf: "r" relaxed, "s" strict, None = not known (relaxed, strict inferred when
# the receiver's DMARC failure can only be explained by it).
Mode = str | None


def read_received_file(path: Path | str, adkim: Mode = None, aspf: Mode = None,
                       sender: str = "") -> ReceivedReport:
    """`sender`: the configured Sender Email ID; a message From anyone else is no proof."""
    return build_report(read_header_file(path), adkim=adkim, aspf=aspf, sender=sender)


def read_received_text(text: str, adkim: Mode = None, aspf: Mode = None,
                       sender: str = "") -> ReceivedReport:
    return build_report(read_header_text(text), adkim=adkim, aspf=aspf, sender=sender)


def read_received_bytes(data: bytes, adkim: Mode = None, aspf: Mode = None,
                        junk_folder: str = "", sender: str = "") -> ReceivedReport:
    """`junk_folder`: the IMAP read-back found the message there (the receiver's spam
    verdict for Gmail and Yahoo, which write none into the headers)."""
    return build_report(read_header_stream(io.BytesIO(data)), adkim=adkim, aspf=aspf,
                        junk_folder=junk_folder, sender=sender)


def build_report(headers: HeaderSection, adkim: Mode = None, aspf: Mode = None,
                 junk_folder: str = "", sender: str = "") -> ReceivedReport:
    from_address = _from_address(headers)
    from_domain = domain_of(from_address)
    signatures = _dkim_signature_tags(headers)
    receivers, claims, identified = _receivers(headers, signatures)
    final = receivers[0] if receivers else None
    if not from_domain and final is not None:
        # Pasted headers without From: the receiver's header.from names the domain.
        dmarc = final.first("dmarc")
        from_domain = domain_of(dmarc.prop("header.from")) if dmarc else ""
    dkim_mode = STRICT if (adkim or "r").lower().startswith("s") else RELAXED
    spf_mode = STRICT if (aspf or "r").lower().startswith("s") else RELAXED
    alignment = {
        "spf": _spf_alignment(final, headers, from_domain, spf_mode),
        "dkim": _dkim_alignment(final, from_domain, dkim_mode),
    }
    if _dmarc_result(final) == "fail":
        # The receiver failed DMARC although a relaxed check aligns: only strict alignment
        # (adkim=s / aspf=s in the record) explains it. Say so instead of contradicting it.
        if aspf is None and alignment["spf"].aligned:
            strict = _spf_alignment(final, headers, from_domain, STRICT)
            alignment["spf"] = dataclasses.replace(strict, inferred=True)
        if adkim is None and alignment["dkim"].aligned:
            strict = _dkim_alignment(final, from_domain, STRICT)
            alignment["dkim"] = dataclasses.replace(strict, inferred=True)
    report = ReceivedReport(
        from_address=from_address,
        from_domain=from_domain,
        subject=decode_words(headers.first("Subject") or "")[:300],
        message_id=(headers.first("Message-ID") or "").strip()[:300],
        receivers=receivers,
        alignment=alignment,
        dkim_signatures=_signatures_with_results(signatures, final, from_domain, dkim_mode),
        hops=parse_hops(headers.get_all("Received"), headers.first("Date")),
        spam=spam_verdicts(headers) + ([SpamVerdict(
            "IMAP folder", True, f"it arrived in the {junk_folder} folder",
            {"folder": junk_folder})] if junk_folder else []),
        dmarc_result=_dmarc_result(final),
        header_bytes=headers.header_bytes,
        claims=claims,
        receiver_identified=identified,
        sender=sender.strip(),
    )
    report.findings, report.verdict = judge(report)
    return report


def _from_address(headers: HeaderSection) -> str:
    raw = headers.first("From")
    if not raw:
        return ""
    _name, address = email.utils.parseaddr(decode_words(raw))
    return address[:320]


def _dkim_signature_tags(headers: HeaderSection) -> list[dict[str, str]]:
    """d= and s= (and i=) of each DKIM-Signature, top first. Tag lists (RFC 6376 §3.2)
    are `tag=value` pairs split by ';' - two lines, not worth a dependency."""
    out = []
    for value in headers.get_all("DKIM-Signature")[:MAX_AUTH_RESULTS]:
        tags = {}
        for part in value.split(";"):
            name, sep, tag_value = part.partition("=")
            if sep:
                tags[name.strip().lower()] = "".join(tag_value.split())
        if tags.get("d"):
            out.append({"d": tags["d"].lower(), "s": tags.get("s", ""), "i": tags.get("i", "")})
    return out


def _receivers(headers: HeaderSection, signatures: list[dict[str, str]],
               ) -> tuple[list[Receiver], list[Claim], bool]:
    """([the final receiver with its own verdict] or [], the claims, whether the Received
    chain named a receiver at all)."""
    parsed = [(index, parse_auth_results(value))
              for index, (name, value) in enumerate(headers.fields)
              if name.lower() == "authentication-results"][:MAX_AUTH_RESULTS]
    final = choose_verdict(find_final_receiver(headers), parsed)
    if final is None:
        why = "no Received field names the server that wrote it"
        return [], [Claim(header, why) for _index, header in parsed], False
    if final.verdict is None:
        return [], final.claims, True
    receiver = Receiver(final.verdict.authserv_id, lenient=final.verdict.lenient)
    receiver.results.extend(_with_dkim_domain(r, signatures)
                            for r in (*final.verdict.results, *final.merged))
    return [receiver], final.claims, True


def _with_dkim_domain(result: MethodResult, signatures: list[dict[str, str]]) -> MethodResult:
    """Give a DKIM result without header.d/header.i the domain of the signature it judged
    (by its header.s, or the only signature there is)."""
    if result.method != "dkim" or dkim_domain(result):
        return result
    selector = result.prop("header.s")
    matches = [s for s in signatures if not selector or s["s"] == selector]
    if len(matches) != 1:
        return result
    return dataclasses.replace(result, properties={**result.properties,
                                                   "header.d": matches[0]["d"]})


def _dmarc_result(final: Receiver | None) -> str | None:
    if final is None:
        return None
    dmarc = final.first("dmarc")
    return dmarc.result if dmarc else None


def _spf_alignment(final: Receiver | None, headers: HeaderSection, from_domain: str,
                   mode: str) -> Alignment:
    spf = final.first("spf") if final else None
    domain = spf_domain(spf) if spf else ""
    if not domain:
        domain = domain_of(headers.first("Return-Path"))
    result = spf.result if spf else None
    return Alignment("spf", result, domain,
                     result == "pass" and aligned(domain, from_domain, mode), mode)


def _dkim_alignment(final: Receiver | None, from_domain: str, mode: str) -> Alignment:
    dkims = final.all("dkim") if final else []
    passing = [d for d in dkims if d.result == "pass"]
    for dkim in passing:
        if aligned(dkim_domain(dkim), from_domain, mode):
            return Alignment("dkim", "pass", dkim_domain(dkim), True, mode)
    shown = passing[0] if passing else (dkims[0] if dkims else None)
    return Alignment("dkim", best_dkim_result(dkims), dkim_domain(shown) if shown else "",
                     False, mode)


def _signatures_with_results(signatures: list[dict[str, str]], final: Receiver | None,
                             from_domain: str, mode: str) -> list[DkimSignature]:
    dkims = final.all("dkim") if final else []
    out = []
    seen = set()
    for sig in signatures:
        key = (sig["d"], sig["s"])
        if key in seen:
            continue
        seen.add(key)
        about = [d for d in dkims if dkim_domain(d) == sig["d"]
                 and d.prop("header.s") in (None, sig["s"])]
        result = best_dkim_result(about)
        out.append(DkimSignature(domain=sig["d"], selector=sig["s"], result=result,
                                 aligned=aligned(sig["d"], from_domain, mode)))
    # Pasted headers may lack the DKIM-Signature; the receiver's header.s still names it.
    for dkim in dkims:
        domain, selector = dkim_domain(dkim), dkim.prop("header.s") or ""
        if domain and selector and (domain, selector) not in seen:
            seen.add((domain, selector))
            out.append(DkimSignature(domain=domain, selector=selector, result=dkim.result,
                                     aligned=aligned(domain, from_domain, mode)))
    return out
