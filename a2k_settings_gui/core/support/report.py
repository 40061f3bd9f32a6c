"""Build the support report and render it as plain text and as HTML.

What a vendor's support desk needs to help without ever seeing the password: the values
entered in A2000ERP (in the screen's order), the tool's extra settings, findings about the
settings, the latest test-send with its transcript, the latest domain and logo verdicts,
the latest health run (when, ok, each check's status, the changes; given by the caller as
data, since the health watch sits above this package), the tool's version and the OS.

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
from a2k_settings_gui.core.support.checked import (
    checked_values,
    entries_of,
    entry_for,
    field_verdicts,
    verdict_of,
)

ERP_KEYS = {"sender_email", "smtp_host", "port", "logo_url", "logo_height", "logo_width",
            "max_mails_per_batch", "batch_interval_seconds"}
_PASSWORD_WORDS = {True: "stored in this computer's password store (not shown)",
                   False: "not stored", None: "unknown (no password store)"}
_TITLES = {"test_send": "Latest Send Test Email", "check_domain": "Latest Check Domain",
           "check_logo": "Latest Check Logo"}


def build_report(settings: EmailSettings, password_stored: bool | None,
                 latest: dict[str, Any], *, version: str, config: str = "",
                 health: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report of the saved setup: beside each ERP value the latest verdict for exactly
    that value; "latest" holds only checks of these values, and "other_checks" the checks
    of other values (earlier settings, one-off command-line checks), named as such.
    `health`: core.health.history.latest_for_report() (None: no run recorded)."""
    advanced = {f.label: plain_value(getattr(settings, f.key)) for f in FIELDS
                if f.key not in ERP_KEYS}
    verdicts = field_verdicts(latest, settings)
    rows = handover(settings, password_stored)
    for row in rows:
        if row["key"] in verdicts:
            row["check"] = verdicts[row["key"]].to_dict()
    own: dict[str, Any] = {}
    others: list[dict[str, Any]] = []
    for kind in _TITLES:
        mine = entry_for(latest, kind, checked_values(kind, settings))
        if mine is not None:
            own[kind] = mine
        others += [{"kind": kind, **entry} for entry in entries_of(latest, kind)
                   if entry is not mine]
    return {
        "title": "A2000ERP Email Setting — support report",
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tool_version": version,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "config": config,
        "erp": rows,
        "advanced": advanced,
        "findings": [f.to_dict() for f in settings_findings(settings)],
        "latest": own,
        "other_checks": others,
        "health": health,
        "log": _log_tail(),
    }


# The last lines of the app's log: each check's outcome and any crash, what support asks
# for next (the log itself never holds the password; scrub() below checks again).
LOG_LINES = 40


def _log_tail() -> dict[str, Any]:
    from a2k_settings_gui.core import app_log

    path, lines = app_log.tail(LOG_LINES)
    return {"file": str(path), "lines": lines}


def plain_value(value: Any) -> str:
    """A setting in words: yes/no, a comma list, "not set"."""
    value = getattr(value, "label", getattr(value, "value", value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value) if value else "not set"
    if value is None or value == "":
        return "not set"
    return str(value)


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

_SEVERITY_WORDS = {"error": "Problem", "warning": "Warning", "info": "Note"}
_VERDICT_WORDS = {"passed": "passed", "failed": "FAILED", "not_checked": "not checked yet"}


def _finding_lines(findings: list[dict[str, Any]], indent: str = "  ") -> list[str]:
    lines = []
    for f in findings:
        word = _SEVERITY_WORDS.get(f["severity"], f["severity"])
        lines.append(f"{indent}{word}: {f['message']} (code {f['code']})")
        if f.get("fix"):
            lines.append(f"{indent}    Fix: {f['fix']}")
    return lines


def check_words(check: dict[str, Any]) -> str:
    """A value's verdict in words: 'Send Test Email passed', 'Check Logo FAILED: …'."""
    from a2k_settings_gui.core.support.checked import CHECK_NAMES

    name = CHECK_NAMES.get(check["check"], check["check"])
    words = f"{name} {_VERDICT_WORDS.get(check['status'], check['status'])}"
    if check["status"] == "failed" and check.get("reason"):
        words += f": {check['reason']}"
    if check["status"] == "not_checked" and check.get("earlier"):
        words += " for this value (the last check was of other values)"
    return words


def _latest_summary(kind: str, entry: dict[str, Any]) -> list[str]:
    report = entry["report"]
    status, reason = verdict_of(kind, report)
    outcome = "OK" if status == "passed" else f"FAILED: {reason}" if reason else "FAILED"
    lines = [f"  When: {entry.get('at', '?')}"]
    if entry.get("one_off"):
        lines.append("  A one-off check of other values (command-line options), not of "
                     "the saved settings")
    if kind == "test_send":
        server = report.get("server") or {}
        lines.append(f"  Server: {server.get('host')}, port {server.get('port')} "
                     f"({_security_words(server.get('security'))}); result: {outcome}")
    elif kind == "check_domain":
        lines.append(f"  Domain: {report.get('domain')}; server: "
                     f"{report.get('smtp_host') or 'not set'}; result: {outcome}")
        verdicts = "; ".join(
            f"{r.get('receiver')}: {_RECEIVER_WORDS.get(r.get('status'), r.get('status'))}"
            for r in report.get("receivers") or [] if isinstance(r, dict))
        if verdicts:
            lines.append(f"  Receivers: {verdicts}")
    else:
        lines.append(f"  URL: {report.get('url')}; verdict: "
                     f"{report.get('verdict_text') or report.get('verdict')}")
    lines += _finding_lines(report.get("findings") or [])
    if kind == "test_send" and report.get("transcript"):
        lines.append("  Transcript:")
        lines += [f"    {line}" for line in report["transcript"]]
    return lines


_HEALTH_WORDS = {"ok": "OK", "warning": "warning", "error": "PROBLEM",
                 "skipped": "not checked"}
_CHANGE_WORDS = {"new": "New problem", "resolved": "Resolved", "changed": "Changed"}


def _health_lines(health: dict[str, Any] | None) -> list[str]:
    """The latest health run (Watch for problems) in words."""
    if not health:
        return ["  no health run recorded yet on this computer"]
    if "unavailable" in health:
        return [f"  the health history could not be read: {health['unavailable']}"]
    lines = [f"  When: {health['at']}",
             "  Result: " + ("OK, no check found a problem" if health["ok"]
                             else "PROBLEM: at least one check failed")]
    for check in health.get("checks") or []:
        words = _HEALTH_WORDS.get(check["status"], check["status"])
        lines.append(f"  {check['label']}: {words}")
        if check["status"] in ("warning", "error"):
            lines += _finding_lines([f for f in check.get("findings") or []
                                     if f.get("severity") != "info"], indent="    ")
    changes = health.get("changes") or []
    lines.append("  Changes since the run before:" if changes
                 else "  Changes since the run before: none")
    for change in changes:
        line = f"    {_CHANGE_WORDS.get(change['kind'], change['kind'])}: {change['message']}"
        lines.append(f"{line} (code {change['code']})")
        if change.get("before") is not None or change.get("after") is not None:
            lines.append(f"      before: {change.get('before')}; after: {change.get('after')}")
    lines += _finding_lines(health.get("notes") or [])
    return lines


_RECEIVER_WORDS = {"pass": "accepts", "warn": "at risk", "fail": "refuses",
                   "unknown": "unknown"}


def _security_words(value: Any) -> str:
    from a2k_settings_gui.core.settings import Security

    try:
        return Security(value).label
    except ValueError:
        return str(value)


def _value_text(row: dict[str, Any]) -> str:
    if row["key"] == "password":
        return _PASSWORD_WORDS[row["stored"]]
    return handover_text(row["value"]) or "not set"


def render_text(report: dict[str, Any], password: str = "", login: str = "") -> str:
    lines = [report["title"], "=" * len(report["title"]),
             f"Generated: {report['generated']}",
             f"Tool version: {report['tool_version']}; OS: {report['os']}; "
             f"Python {report['python']}"]
    if report.get("config"):
        lines.append(f"Settings file: {report['config']}")
    lines += ["", "Values for A2000ERP (HOME – SYSTEM ADMIN – COMPANY – Email Setting):"]
    for row in report["erp"]:
        check = f"  [{check_words(row['check'])}]" if row.get("check") else ""
        lines.append(f"  {row['label']}: {_value_text(row)}{check}")
    lines += ["", "Settings of this tool (not on the A2000ERP screen):"]
    lines += [f"  {label}: {value}" for label, value in report["advanced"].items()]
    if report["findings"]:
        lines += ["", "About these settings:"] + _finding_lines(report["findings"])
    for kind, title in _TITLES.items():
        lines += ["", f"{title} (of the saved settings):"]
        entry = report["latest"].get(kind)
        lines += _latest_summary(kind, entry) if entry else ["  not checked yet"]
    others = report.get("other_checks") or []
    if others:
        lines += ["", "Checks of other values (earlier settings or one-off checks; they say "
                      "nothing about the saved settings):"]
        for entry in others:
            lines += [f" {_TITLES[entry['kind']].replace('Latest ', '')}:"]
            lines += _latest_summary(entry["kind"], entry)
    lines += ["", "Latest health run (Watch for problems; nothing is sent):"]
    lines += _health_lines(report.get("health"))
    log = report.get("log") or {}
    lines += ["", f"Log (last lines of {log.get('file', '?')}):"]
    lines += [f"  {line}" for line in log.get("lines") or []] or ["  empty"]
    return scrub("\n".join(lines) + "\n", password, login)


# ------------------------------------------------------------------ HTML

# The app's palette (ui.kit.style; core cannot import the UI): text colours with 4.5:1
# contrast on white and on their tint.
_CSS = """
body{font-family:"Segoe UI",Tahoma,"DejaVu Sans",sans-serif;font-size:10pt;color:#202020;
 max-width:58em;margin:1.5em auto;padding:0 1em;line-height:1.4}
h1{font-size:15pt;margin:0 0 .2em}h2{font-size:11.5pt;margin:1.6em 0 .4em;
 border-bottom:1px solid #dddddd;padding-bottom:.2em}
.meta,.small{color:#555555;font-size:8.5pt}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-weight:normal;color:#555555;padding:3px 12px 3px 0;width:14em;
 vertical-align:top}td{padding:3px 0;vertical-align:top}
.value{font-family:Consolas,"DejaVu Sans Mono",monospace;word-break:break-all}
.badge{display:inline-block;border-radius:3px;padding:0 6px;margin-left:8px;font-size:9pt;
 font-family:"Segoe UI",Tahoma,"DejaVu Sans",sans-serif}
.passed{color:#1b5e20;background:#e8f5e9}.failed{color:#b00020;background:#fde7ea}
.not_checked{color:#757575;background:#eeeeee}
.finding{margin:.4em 0;padding:6px 10px;border-left:4px solid}
.finding.error{border-color:#b00020;background:#fde7ea}
.finding.warning{border-color:#f0b429;background:#fff4e0}
.finding.info{border-color:#9db4d9;background:#e3f2fd}
.finding .word{font-weight:bold}.error .word{color:#b00020}.warning .word{color:#8a5300}
.info .word{color:#0d47a1}
.outcome.passed,.outcome.failed{font-weight:bold;background:none}
details{margin-top:.5em}summary{cursor:pointer;color:#0d47a1}
pre{white-space:pre-wrap;font-size:8.5pt;background:#f6f6f6;padding:8px;
 border:1px solid #dddddd}
.other{color:#555555}
.ok{color:#1b5e20;background:#e8f5e9}.warning{color:#8a5300;background:#fff4e0}
.error{color:#b00020;background:#fde7ea}.skipped{color:#757575;background:#eeeeee}
"""
_MARKS = {"passed": "\u2714", "failed": "\u2716", "not_checked": "\u25cb"}


def _log_html(log: dict[str, Any]) -> str:
    e = html.escape
    body = "\n".join(log.get("lines") or []) or "empty"
    return (f"<h2>Log (last lines of {e(str(log.get('file', '?')))})</h2>"
            f"<pre>{e(body)}</pre>")


_HEALTH_MARKS = {"ok": "\u2714", "warning": "\u26a0", "error": "\u2716", "skipped": "\u25cb"}


def _health_html(health: dict[str, Any] | None, findings_html: Any) -> str:
    e = html.escape
    heading = "<h2>Latest health run (Watch for problems; nothing is sent)</h2>"
    if not health:
        return heading + "<p class='small'>No health run recorded yet on this computer.</p>"
    if "unavailable" in health:
        return heading + (f"<p>The health history could not be read: "
                          f"{e(health['unavailable'])}</p>")
    outcome = ("<span class='outcome passed'>\u2714 OK</span>" if health["ok"]
               else "<span class='outcome failed'>\u2716 PROBLEM</span>")
    rows = ""
    for check in health.get("checks") or []:
        status = check["status"]
        rows += (f"<tr><th>{e(check['label'])}</th><td><span class='badge {e(status)}'>"
                 f"{_HEALTH_MARKS.get(status, '')} "
                 f"{e(_HEALTH_WORDS.get(status, status))}</span>")
        if status in ("warning", "error"):
            rows += findings_html([f for f in check.get("findings") or []
                                   if f.get("severity") != "info"])
        rows += "</td></tr>"
    changes = health.get("changes") or []
    if changes:
        items = "".join(
            f"<li>{e(_CHANGE_WORDS.get(c['kind'], c['kind']))}: {e(c['message'])}"
            + (f"<br><span class='small'>before: {e(str(c.get('before')))}; after: "
               f"{e(str(c.get('after')))}</span>"
               if c.get("before") is not None or c.get("after") is not None else "")
            + f" <span class='small'>(code {e(c['code'])})</span></li>" for c in changes)
        change_html = f"<p>Changes since the run before:</p><ul>{items}</ul>"
    else:
        change_html = "<p>Changes since the run before: none.</p>"
    return (heading + f"<p>When: {e(health['at'])}; result: {outcome}</p>"
            f"<table>{rows}</table>{change_html}"
            + findings_html(health.get("notes") or []))


def render_html(report: dict[str, Any], password: str = "", login: str = "") -> str:
    e = html.escape

    def badge(check: dict[str, Any] | None) -> str:
        if not check:
            return ""
        return (f"<span class='badge {e(check['status'])}'>{_MARKS.get(check['status'], '')} "
                f"{e(check_words(check))}</span>")

    rows = "".join(
        f"<tr><th>{e(row['label'])}</th><td>"
        + (e(_value_text(row)) if row["key"] == "password"
           else f"<span class='value'>{e(_value_text(row))}</span>")
        + badge(row.get("check")) + "</td></tr>" for row in report["erp"])
    advanced = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>"
                       for k, v in report["advanced"].items())

    def findings_html(findings: list[dict[str, Any]]) -> str:
        return "".join(
            f"<div class='finding {e(f['severity'])}'><span class='word'>"
            f"{e(_SEVERITY_WORDS.get(f['severity'], f['severity']))}:</span> "
            f"{e(f['message'])}"
            + (f"<br><b>Fix:</b> {e(f['fix'])}" if f.get("fix") else "")
            + f" <span class='small'>(code {e(f['code'])})</span></div>"
            for f in findings)

    def section(kind: str, entry: dict[str, Any], title: str, css: str = "") -> str:
        summary = [line for line in _latest_summary(kind, entry)
                   if not line.startswith(("  Problem", "  Warning", "  Note", "    Fix:",
                                           "  Transcript:", "    "))]
        status, _reason = verdict_of(kind, entry["report"])
        body = "<br>".join(e(line.strip()) for line in summary)
        body = body.replace("result: OK", "result: <span class='outcome passed'>"
                            "\u2714 OK</span>")
        body = body.replace("result: FAILED", "result: <span class='outcome failed'>"
                            "\u2716 FAILED</span>")
        body += findings_html(entry["report"].get("findings") or [])
        transcript = entry["report"].get("transcript") if kind == "test_send" else None
        if transcript:
            opened = " open" if status == "failed" else ""
            body += (f"<details{opened}><summary>Transcript (what the server and this tool "
                     f"said)</summary><pre>" + e("\n".join(transcript)) + "</pre></details>")
        return f"<h2{css}>{e(title)}</h2><div{css}>{body}</div>"

    sections = []
    for kind, title in _TITLES.items():
        entry = report["latest"].get(kind)
        heading = f"{title} (of the saved settings)"
        if not entry:
            sections.append(f"<h2>{e(heading)}</h2><p class='small'>Not checked yet for "
                            "these values.</p>")
            continue
        sections.append(section(kind, entry, heading))
    others = report.get("other_checks") or []
    if others:
        sections.append("<h2>Checks of other values</h2><p class='small'>Earlier settings "
                        "or one-off checks: they say nothing about the saved settings.</p>")
        sections += [section(o["kind"], o, _TITLES[o["kind"]].replace("Latest ", ""),
                             " class='other'") for o in others]
    sections.append(_health_html(report.get("health"), findings_html))
    document = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(report['title'])}</title><style>{_CSS}</style></head><body>"
        f"<h1>{e(report['title'])}</h1>"
        f"<p class='meta'>Made {e(report['generated'])} by version "
        f"{e(report['tool_version'])} on {e(report['os'])} (Python {e(report['python'])})"
        + (f"<br>Settings file: {e(report['config'])}" if report.get("config") else "")
        + "</p><h2>Values for A2000ERP (HOME – SYSTEM ADMIN – COMPANY – Email Setting)</h2>"
        f"<table>{rows}</table>"
        f"<h2>Settings of this tool (not on the A2000ERP screen)</h2><table>{advanced}</table>"
        + (f"<h2>About these settings</h2>{findings_html(report['findings'])}"
           if report["findings"] else "")
        + "".join(sections) + _log_html(report.get("log") or {}) + "</body></html>\n")
    return scrub(document, password, login)
