"""Receiver readiness: what Gmail, Yahoo and Outlook.com will do with this domain's mail.

The rules of email-facts §1 (2024-2026): every sender needs SPF or DKIM to pass; bulk
senders (more than 5,000 a day to that receiver) need SPF and DKIM, a DMARC record
(p=none is enough) aligned with the From domain, and one-click unsubscribe on marketing
mail. Each receiver gets a traffic light: "pass" (green), "warn" (amber), "fail" (red),
"unknown" (grey, DNS trouble).

PTR records, TLS and the spam rate are the sending provider's side and are not DNS
records of the sender domain, so they are named as "not checked here", not guessed.
"""

from __future__ import annotations

from typing import Any

RECEIVERS = (
    # name, what unauthenticated mail gets, what a non-compliant bulk sender gets
    ("Gmail", "550 5.7.26 rejections (unauthenticated)",
     "550 5.7.27 / 5.7.30 / 5.7.40 rejections"),
    ("Yahoo", "553/554 5.7.9 rejections (unauthenticated)", "rejection or the spam folder"),
    ("Outlook.com", "the Junk folder or rejection",
     "550 5.7.515 rejections (authentication level)"),
)
RANK = {"pass": 0, "unknown": 1, "warn": 2, "fail": 3}
NOT_CHECKED = (
    "Not checked here (they are the sending provider's side): reverse DNS (PTR) of the "
    "sending server, TLS, spam-complaint rate below 0.3 %."
)


def _worst(*statuses: str) -> str:
    return max(statuses, key=RANK.__getitem__)


def _facts_summary(facts: Any) -> dict[str, Any]:
    dmarc = facts.dmarc
    return {
        "spf_pass": facts.authorizes_server,  # True / False / None (unknown)
        "dkim_ok": bool(facts.dkim_keys_ok),
        "dkim_unknown": facts.dkim is None or (
            not facts.dkim.found and len(facts.dkim.dns_failures) > 0),
        "dmarc_ok": bool(dmarc and dmarc.record and not dmarc.problems),
        "dmarc_unknown": dmarc is None or bool(dmarc.dns_failures),
        "dmarc_policy": dmarc.policy if dmarc else None,
    }


def _all_senders(s: dict[str, Any], misused_freemail: bool, reply: str) -> dict[str, Any]:
    reasons = []
    if misused_freemail:
        return {"status": "fail", "reasons": [
            "The From address is a free-mail domain sent through another provider's server: "
            "its DMARC policy makes receivers reject or spam-folder it."]}
    if s["spf_pass"] or s["dkim_ok"]:
        status = "pass"
        reasons.append("Authenticated: " + " and ".join(
            n for n, ok in (("SPF passes", s["spf_pass"]), ("DKIM key found", s["dkim_ok"]))
            if ok) + ".")
        if not s["dmarc_ok"]:
            status = "warn"
            reasons.append("No valid DMARC record: recommended for everyone.")
    elif s["spf_pass"] is None or s["dkim_unknown"]:
        status = "unknown"
        reasons.append("DNS did not answer, so SPF/DKIM could not be verified.")
    else:
        status = "fail"
        reasons.append(f"Neither SPF nor DKIM passes: expect {reply}.")
    return {"status": status, "reasons": reasons}


def _bulk(s: dict[str, Any], misused_freemail: bool, reply: str) -> dict[str, Any]:
    if misused_freemail:
        return {"status": "fail", "reasons": ["Free-mail From address through another server."]}
    reasons, status = [], "pass"
    checks = (
        ("SPF passes for the server", s["spf_pass"]),
        ("DKIM key found", s["dkim_ok"] or (None if s["dkim_unknown"] else False)),
        ("DMARC record published (p=none is enough)",
         s["dmarc_ok"] or (None if s["dmarc_unknown"] else False)),
    )
    for label, ok in checks:
        if ok is None:
            status = _worst(status, "unknown")
            reasons.append(f"{label}: unknown (see the findings).")
        elif not ok:
            status = "fail"
            reasons.append(f"{label}: no.")
        else:
            reasons.append(f"{label}: yes.")
    if status == "fail":
        reasons.append(f"Expect {reply}.")
    reasons.append(
        "One-click unsubscribe (List-Unsubscribe headers) is required for marketing mail "
        "only; statements and invoices are transactional."
    )
    return {"status": status, "reasons": reasons}


def summarise(facts: Any, findings: list[Any]) -> list[dict[str, Any]]:
    """One entry per receiver: overall status, all-sender and (when relevant) bulk rules."""
    summary = _facts_summary(facts)
    misused = any(f.code == "freemail_sender" for f in findings)
    own_freemail = facts.freemail is not None and not misused
    out = []
    for name, reply, bulk_reply in RECEIVERS:
        if own_freemail:
            everyone = {"status": "pass", "reasons": [
                "Free-mail address through its own provider: the provider authenticates it."]}
        else:
            everyone = _all_senders(summary, misused, reply)
        bulk = _bulk(summary, misused, bulk_reply) if facts.bulk and not own_freemail else None
        status = _worst(everyone["status"], *( [bulk["status"]] if bulk else []))
        out.append({
            "receiver": name,
            "status": status,
            "all_senders": everyone,
            "bulk_senders": bulk,
            "not_checked": NOT_CHECKED,
        })
    return out
