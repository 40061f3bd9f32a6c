"""Build the support report and render it as plain text and as HTML.

What a vendor's support desk needs to help without ever seeing the password: the values
entered in A2000ERP (in the screen's order), the tool's extra settings, findings about the
settings, the latest test-send with its transcript, the latest domain and logo verdicts,
the tool's version and the OS.

The password is never an input of the report. As a last line of defence, `scrub` removes
the password and its base64 forms (as sent by AUTH PLAIN and AUTH LOGIN) from the rendered
text when the caller knows it; tests scan the output for all of them.
"""

from __future__ import annotations

import html
import platform
import sys
from datetime import datetime, timezone
from typing import Any

from a2k_settings_gui.core.erp_profile import handover, handover_text, settings_findings
from a2k_settings_gui.core.settings import FIELDS, EmailSettings

ERP_KEYS = {"sender_email", "smtp_host", "port", "logo_url", "logo_height", "logo_width",
            "max_mails_per_batch", "batch_interval_seconds"}
_PASSWORD_WORDS = {True: "stored in this computer's password store (not shown)",
                   False: "not stored", None: "unknown (no password store)"}
_TITLES = {"test_send": "Latest Send Test Email", "check_domain": "Latest Check Domain",
           "check_logo": "Latest Check Logo"}


def build_report(settings: EmailSettings, password_stored: bool | None,
                 latest: dict[str, Any], *, version: str, config: str = "") -> dict[str, Any]:
    advanced = {f.label: _plain(getattr(settings, f.key)) for f in FIELDS
                if f.key not in ERP_KEYS}
    return {
        "title": "A2000ERP Email Setting — support report",
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tool_version": version,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "config": config,
        "erp": handover(settings, password_stored),
        "advanced": advanced,
        "findings": [f.to_dict() for f in settings_findings(settings)],
        "latest": {kind: latest[kind] for kind in _TITLES if kind in latest},
        "log": _log_tail(),
    }


# The last lines of the app's log: each check's outcome and any crash, what support asks
# for next (the log itself never holds the password; scrub() below checks again).
LOG_LINES = 40


def _log_tail() -> dict[str, Any]:
    from a2k_settings_gui.core import app_log

    path, lines = app_log.tail(LOG_LINES)
    return {"file": str(path), "lines": lines}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return getattr(value, "value", value)


def secret_forms(password: str, login: str = "") -> list[str]:
    """The password in every form a server or library may echo (core.log_secrets.forms_of),
    longest first."""
    from a2k_settings_gui.core.log_secrets import forms_of

    return sorted(forms_of(password, login), key=len, reverse=True)


def scrub(text: str, password: str = "", login: str = "") -> str:
    """`text` without the password in any form, nor any other secret this process was
    told to keep out of sight (proxy passwords), nor user:password@ in web addresses."""
    from a2k_settings_gui.core.log_secrets import redact_printed as redact
    from a2k_settings_gui.core.net.credentials import strip_userinfo

    for form in secret_forms(password, login):
        text = text.replace(form, "***")
    return strip_userinfo(redact(text))


# ------------------------------------------------------------------ text


def _finding_lines(findings: list[dict[str, Any]], indent: str = "  ") -> list[str]:
    lines = []
    for f in findings:
        lines.append(f"{indent}[{f['severity']}] {f['code']}: {f['message']}")
        if f.get("fix"):
            lines.append(f"{indent}    Fix: {f['fix']}")
    return lines


def _latest_summary(kind: str, entry: dict[str, Any]) -> list[str]:
    report = entry["report"]
    lines = [f"  When: {entry.get('at', '?')}"]
    if kind == "test_send":
        server = report.get("server") or {}
        lines.append(f"  Server: {server.get('host')}:{server.get('port')} "
                     f"({server.get('security')}); result: "
                     f"{'OK' if report.get('ok') else 'FAILED at ' + str(report.get('stage'))}")
    elif kind == "check_domain":
        lines.append(f"  Domain: {report.get('domain')}; server: {report.get('smtp_host')}")
        verdicts = "; ".join(f"{r.get('receiver')}: {r.get('status')}"
                             for r in report.get("receivers") or [] if isinstance(r, dict))
        if verdicts:
            lines.append(f"  Receivers: {verdicts}")
    else:
        lines.append(f"  URL: {report.get('url')}; verdict: {report.get('verdict')}")
    lines += _finding_lines(report.get("findings") or [])
    if kind == "test_send" and report.get("transcript"):
        lines.append("  Transcript:")
        lines += [f"    {line}" for line in report["transcript"]]
    return lines


def render_text(report: dict[str, Any], password: str = "", login: str = "") -> str:
    lines = [report["title"], "=" * len(report["title"]),
             f"Generated: {report['generated']}",
             f"Tool version: {report['tool_version']}; OS: {report['os']}; "
             f"Python {report['python']}"]
    if report.get("config"):
        lines.append(f"Settings file: {report['config']}")
    lines += ["", "Values for A2000ERP (HOME – SYSTEM ADMIN – COMPANY – Email Setting):"]
    for row in report["erp"]:
        value = (_PASSWORD_WORDS[row["stored"]] if row["key"] == "password"
                 else handover_text(row["value"]))
        lines.append(f"  {row['label']}: {value}")
    lines += ["", "Settings of this tool (not on the A2000ERP screen):"]
    lines += [f"  {label}: {value}" for label, value in report["advanced"].items()]
    if report["findings"]:
        lines += ["", "About these settings:"] + _finding_lines(report["findings"])
    for kind, title in _TITLES.items():
        lines += ["", f"{title}:"]
        entry = report["latest"].get(kind)
        lines += _latest_summary(kind, entry) if entry else ["  not run yet"]
    log = report.get("log") or {}
    lines += ["", f"Log (last lines of {log.get('file', '?')}):"]
    lines += [f"  {line}" for line in log.get("lines") or []] or ["  empty"]
    return scrub("\n".join(lines) + "\n", password, login)


# ------------------------------------------------------------------ HTML


def _log_html(log: dict[str, Any]) -> str:
    e = html.escape
    body = "\n".join(log.get("lines") or []) or "empty"
    return (f"<h2>Log (last lines of {e(str(log.get('file', '?')))})</h2>"
            f"<pre>{e(body)}</pre>")


def render_html(report: dict[str, Any], password: str = "", login: str = "") -> str:
    e = html.escape
    rows = "".join(
        f"<tr><th>{e(row['label'])}</th><td>"
        + (e(_PASSWORD_WORDS[row["stored"]]) if row["key"] == "password"
           else f"<code>{e(handover_text(row['value']))}</code>")
        + "</td></tr>" for row in report["erp"])
    advanced = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>"
                       for k, v in report["advanced"].items())

    def findings_html(findings: list[dict[str, Any]]) -> str:
        return "<ul>" + "".join(
            f"<li><b>{e(f['severity'])}</b> <code>{e(f['code'])}</code>: {e(f['message'])}"
            + (f"<br><i>Fix:</i> {e(f['fix'])}" if f.get("fix") else "") + "</li>"
            for f in findings) + "</ul>" if findings else ""

    sections = []
    for kind, title in _TITLES.items():
        entry = report["latest"].get(kind)
        if not entry:
            sections.append(f"<h2>{e(title)}</h2><p>not run yet</p>")
            continue
        summary = [line for line in _latest_summary(kind, entry)
                   if not line.startswith(("  [", "    Fix:", "  Transcript:", "    "))]
        body = "<br>".join(e(line.strip()) for line in summary)
        body += findings_html(entry["report"].get("findings") or [])
        transcript = entry["report"].get("transcript") if kind == "test_send" else None
        if transcript:
            body += "<pre>" + e("\n".join(transcript)) + "</pre>"
        sections.append(f"<h2>{e(title)}</h2><p>{body}</p>")
    document = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{e(report['title'])}</title>"
        "<style>th{text-align:left;padding-right:12px;font-weight:normal;color:#555}"
        "pre{white-space:pre-wrap}</style></head><body>"
        f"<h1>{e(report['title'])}</h1>"
        f"<p>Generated {e(report['generated'])}; tool version {e(report['tool_version'])}; "
        f"OS {e(report['os'])}; Python {e(report['python'])}</p>"
        "<h2>Values for A2000ERP (HOME – SYSTEM ADMIN – COMPANY – Email Setting)</h2>"
        f"<table>{rows}</table>"
        f"<h2>Settings of this tool (not on the A2000ERP screen)</h2><table>{advanced}</table>"
        + (f"<h2>About these settings</h2>{findings_html(report['findings'])}"
           if report["findings"] else "")
        + "".join(sections) + _log_html(report.get("log") or {}) + "</body></html>\n")
    return scrub(document, password, login)
