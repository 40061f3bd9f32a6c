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

FILE_NAME = "latest-checks.json"
KINDS = ("test_send", "check_domain", "check_logo")
# A report is cut to this many transcript lines: the end says most about a failure.
MAX_TRANSCRIPT_LINES = 400


def latest_path(settings_path: Path) -> Path:
    return settings_path.with_name(FILE_NAME)


def load_latest(settings_path: Path) -> dict[str, Any]:
    """{kind: {"at": ISO time, "report": {...}}}; an unreadable file counts as empty."""
    try:
        data = json.loads(latest_path(settings_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if k in KINDS and isinstance(v, dict) and isinstance(v.get("report"), dict)}


def _log_outcome(kind: str, report: dict[str, Any]) -> None:
    """The check's outcome in the rotated log (CLI and GUI alike)."""
    from a2k_settings_gui.core import app_log

    codes = [str(f.get("code")) for f in report.get("findings") or [] if isinstance(f, dict)]
    if kind == "test_send":
        server = report.get("server") or {}
        result = "ok" if report.get("ok") else f"failed at {report.get('stage')}"
        detail = f"server {server.get('host')}:{server.get('port')} ({server.get('security')})"
        elapsed = report.get("elapsed_ms")
    elif kind == "check_logo":
        result, detail = str(report.get("verdict")), f"url {report.get('url')}"
        elapsed = (report.get("fetch") or {}).get("elapsed_ms")
    else:
        result = "ok" if report.get("ok") else "problems found"
        detail, elapsed = f"domain {report.get('domain')}", report.get("elapsed_ms")
    app_log.log_check("check " + kind.replace("_", "-"), result, codes,
                      elapsed if isinstance(elapsed, int) else None, detail)


def record(settings_path: Path, kind: str, report: dict[str, Any],
           secrets: tuple[str, ...] = ()) -> bool:
    """Remember `report` as the latest of `kind`. False (nothing written) if it could not
    be written or if it contains one of `secrets`; a failure here never stops a check."""
    if kind not in KINDS:
        raise ValueError(kind)
    _log_outcome(kind, report)
    report = dict(report)
    if isinstance(report.get("transcript"), list):
        report["transcript"] = report["transcript"][-MAX_TRANSCRIPT_LINES:]
    text_of_report = json.dumps(report, ensure_ascii=False)
    if any(secret and secret in text_of_report for secret in secrets):
        return False
    data = load_latest(settings_path)
    data[kind] = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  "report": report}
    try:
        write_atomically(latest_path(settings_path),
                         json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except StoreError:
        return False
    return True
