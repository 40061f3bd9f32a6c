"""The latest check results, kept beside the settings file as latest-checks.json.

Each check (test-send, check-domain, check-logo; CLI or GUI) records its JSON report
here when it ends, so the support report can show what was last seen. The reports hold no
password: the test-send transcript is scrubbed as it is written (core.smtp.transcript),
and `record` refuses a report that still contains the secret it is given.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from a2k_settings_gui.core.store import StoreError, write_atomically
from a2k_settings_gui.core.store.files import DamagedFile, FileRefused, parse_json, read_capped

FILE_NAME = "latest-checks.json"
KINDS = ("test_send", "check_domain", "check_logo")
# A report is cut to this many transcript lines: the end says most about a failure.
MAX_TRANSCRIPT_LINES = 400
# The file is read like the settings file (regular file only, capped, bounded nesting):
# three reports with a 400-line transcript are well under 1 MiB; what would push it over
# is cut when it is written, so what we write we can always read back.
MAX_LATEST_BYTES = 2 * 1024 * 1024
MAX_FINDINGS = 100


def latest_path(settings_path: Path) -> Path:
    return settings_path.with_name(FILE_NAME)


def load_latest(settings_path: Path) -> dict[str, Any]:
    """{kind: {"at": ISO time, "report": {...}}}. A file that is not a regular file, too
    large, too deep or not JSON counts as empty; an entry of the wrong shape is left out,
    and the fields the support report shows are brought to the types it expects."""
    try:
        data = parse_json(read_capped(latest_path(settings_path), MAX_LATEST_BYTES))
    except (OSError, FileRefused, DamagedFile):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: {"at": v["at"] if isinstance(v.get("at"), str) else "?",
                "report": _well_formed(v["report"])}
            for k, v in data.items()
            if k in KINDS and isinstance(v, dict) and isinstance(v.get("report"), dict)}


def _well_formed(report: dict[str, Any]) -> dict[str, Any]:
    """The report with the lists and objects the support report reads in their shape."""
    out = dict(report)
    out["findings"] = [
        {key: f[key] for key in ("severity", "code", "message", "fix")
         if isinstance(f.get(key), str)}
        for f in (report.get("findings") if isinstance(report.get("findings"), list) else [])
        if isinstance(f, dict) and all(isinstance(f.get(key), str)
                                       for key in ("severity", "code", "message"))
    ][:MAX_FINDINGS]
    transcript = report.get("transcript")
    out["transcript"] = ([line for line in transcript if isinstance(line, str)]
                         [-MAX_TRANSCRIPT_LINES:] if isinstance(transcript, list) else [])
    if not isinstance(report.get("server"), dict):
        out["server"] = {}
    receivers = report.get("receivers")
    out["receivers"] = ([r for r in receivers if isinstance(r, dict)]
                        if isinstance(receivers, list) else [])
    return out


def record(settings_path: Path, kind: str, report: dict[str, Any],
           secrets: tuple[str, ...] = ()) -> bool:
    """Remember `report` as the latest of `kind`. False (nothing written) if it could not
    be written or if it contains one of `secrets`; a failure here never stops a check."""
    if kind not in KINDS:
        raise ValueError(kind)
    report = dict(report)
    if isinstance(report.get("transcript"), list):
        report["transcript"] = report["transcript"][-MAX_TRANSCRIPT_LINES:]
    from a2k_settings_gui.core.app_log import redact
    from a2k_settings_gui.core.secret_forms import forms_of

    # Every secret this process knows is masked in every encoding; then nothing of the
    # given ones may be left, in any form.
    try:
        report = json.loads(redact(json.dumps(report, ensure_ascii=False)))
    except ValueError:
        return False
    text_of_report = json.dumps(report, ensure_ascii=False)
    forms = set().union(*(forms_of(s) for s in secrets if s)) if secrets else set()
    if any(len(form) >= 3 and form in text_of_report for form in forms):
        return False
    if len(text_of_report.encode("utf-8")) > MAX_LATEST_BYTES // len(KINDS):
        return False  # far beyond any real report: keep the file readable instead
    data = load_latest(settings_path)
    data[kind] = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  "report": report}
    try:
        write_atomically(latest_path(settings_path),
                         json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except StoreError:
        return False
    return True
