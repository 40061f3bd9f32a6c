"""What the received-copy window shows besides the findings: the how-to per mailbox and
the receiver's verdict as a small table (receivers, alignment, selector, hops, spam).

Kept apart from the window so the window module holds only layout and wiring.
"""

from __future__ import annotations

from html import escape
from typing import Any

from a2k_settings_gui.ui.kit.style import GOOD, HELP, SEVERITY, UNKNOWN, Tone

# (tab title, steps). Short on purpose: the admin has the mailbox open beside this window.
HOW_TO: tuple[tuple[str, str], ...] = (
    ("Gmail", "Open the test e-mail, click <b>⋮ More</b> (top right of the message) → "
              "<b>Show original</b>. Click <b>Copy to clipboard</b> and paste here, or "
              "<b>Download original</b> and drop the .eml file here. The message may be in "
              "<b>Spam</b>: Gmail does not write that into the headers, so look there too."),
    ("Outlook.com / Microsoft 365", "In Outlook on the web or the new Outlook: open the "
              "e-mail, <b>… More actions</b> → <b>View</b> → <b>View message source</b>. "
              "Select all (Ctrl+A), copy and paste here. Check the <b>Junk Email</b> folder "
              "too."),
    ("Outlook (desktop)", "Classic Outlook for Windows: open the e-mail in its own window "
              "(double-click), <b>File</b> → <b>Properties</b>; the headers are in "
              "<b>Internet headers</b>. Select all, copy and paste here. (A message dragged "
              "out of Outlook is a .msg file, which is not readable here: paste instead.)"),
    ("Yahoo", "Open the e-mail, click <b>… More</b> → <b>View raw message</b>. Select all, "
              "copy and paste here. Yahoo does not write its Spam decision into the headers: "
              "look in the <b>Spam</b> folder too."),
    ("Other", "Thunderbird: <b>View</b> → <b>Message Source</b> (Ctrl+U), or "
              "<b>File</b> → <b>Save As</b> → .eml. Apple Mail: <b>View</b> → <b>Message</b> → "
              "<b>Raw Source</b>. Any program: save or export the message as .eml and drop it "
              "here."),
)


def _mark(ok: bool | None) -> str:
    tone: Tone = GOOD if ok else (UNKNOWN if ok is None else SEVERITY["error"])
    return f"<span style='color:{tone.colour}'>{tone.mark_html}</span>"


def _result_ok(result: str | None) -> bool | None:
    if not result:
        return None
    return result == "pass"


def details_html(data: dict[str, Any]) -> str:
    """The report's `to_dict()` as rows an admin can scan: who judged, what, and why."""
    rows: list[str] = []
    receivers = data.get("receivers") or []
    if receivers:
        final = receivers[0]
        server = final["authserv_id"] or "no authserv-id"
        rows.append(_row("Judged by", f"{escape(final['name'])} "
                         f"<span style='color:{HELP}'>({escape(server)})</span>"))
        for method in ("spf", "dkim", "dmarc", "compauth"):
            part = final.get(method)
            if not part:
                continue
            rows.append(_row(method.upper() if method != "compauth" else "compauth",
                             _method_cell(method, part)))
    claims = data.get("claims") or []
    if claims:
        text = "<br>".join(
            f"{escape(c.get('authserv_id') or 'no authserv-id')}: "
            f"{escape(' '.join(c.get('results') or []))} — ignored: {escape(c.get('why', ''))}"
            for c in claims[:10])
        rows.append(_row("Claims that came with the message (not the verdict)", text))
    alignment = data.get("alignment") or {}
    for method in ("spf", "dkim"):
        item = alignment.get(method)
        if item:
            rows.append(_row(f"{method.upper()} aligned",
                             f"{_mark(item['aligned'])} {'yes' if item['aligned'] else 'no'} "
                             f"— {escape(item.get('domain') or 'no domain')} vs "
                             f"{escape(data.get('from_domain') or '?')} ({item['mode']})"))
    selectors = data.get("dkim_selectors") or []
    if selectors:
        text = ", ".join(f"s=<b>{escape(s['selector'])}</b> d={escape(s['domain'])}"
                         f"{'' if s['aligned'] else ' (not your domain)'}" for s in selectors)
        rows.append(_row("DKIM selector", text))
    hops = data.get("hops") or []
    if hops:
        steps = []
        for hop in hops:
            delay = hop.get("delay_seconds")
            took = "" if delay is None else f" <b>+{_duration(delay)}</b>"
            steps.append(f"{hop['number']}. {escape(hop['from'] or '?')} → "
                         f"{escape(hop['by'] or '?')}{took}")
        rows.append(_row("Hops", "<br>".join(steps)))
    for verdict in data.get("spam") or []:
        spam = verdict.get("spam")
        rows.append(_row("Spam filter", f"{_mark(None if spam is None else not spam)} "
                         f"{escape(verdict['detail'])} ({escape(verdict['source'])})"))
    return "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>"


def _method_cell(method: str, part: dict[str, Any]) -> str:
    result = part.get("result") or "?"
    if method == "spf":
        extra = part.get("domain") or ""
    elif method == "dkim":
        extra = ", ".join(part.get("domains") or [])
    elif method == "dmarc":
        policy = (part.get("policy") or {}).get("p")
        extra = (part.get("domain") or "") + (f" (policy p={policy})" if policy else "")
    else:
        extra = f"reason {part['reason']}" if part.get("reason") else ""
    return f"{_mark(_result_ok(result))} <b>{escape(result)}</b> {escape(extra)}"


def _row(label: str, value: str) -> str:
    return (f"<tr><td style='color:{HELP};padding-right:10px' valign='top'>{escape(label)}</td>"
            f"<td>{value}</td></tr>")


def _duration(seconds: float) -> str:
    if abs(seconds) < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"
