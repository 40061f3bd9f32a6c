"""The latest check results, kept beside the settings file as latest-checks.json.

Each check (test-send, check-domain, check-logo; CLI or GUI) runs through
`run_and_record`, which keeps its JSON report here when it ends, so the support report
can show what was last seen. The reports hold no
password: the test-send transcript is scrubbed as it is written (core.smtp.transcript),
and `record` refuses a report that still contains the secret it is given.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from a2k_settings_gui.core.store import StoreError, write_atomically

FILE_NAME = "latest-checks.json"


class CheckKind(str, Enum):
    """The checks whose latest report is kept (the value is the key in the file)."""

    TEST_SEND = "test_send"
    CHECK_DOMAIN = "check_domain"
    CHECK_LOGO = "check_logo"


class Recorded(str, Enum):
    """What became of a report handed to `record`."""

    KEPT = "kept"
    HELD_A_SECRET = "held_a_secret"  # refused: the report contained a secret it was given
    NOT_WRITTEN = "not_written"  # the file could not be written (the check still counts)
    NOWHERE = "nowhere"  # no settings path to keep it beside, or no report to keep


KINDS = tuple(kind.value for kind in CheckKind)
Result = TypeVar("Result")
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
        from a2k_settings_gui.core.net.proxy import redact

        result, detail = str(report.get("verdict")), f"url {redact(str(report.get('url')))}"
        elapsed = (report.get("fetch") or {}).get("elapsed_ms")
    else:
        result = "ok" if report.get("ok") else "problems found"
        detail, elapsed = f"domain {report.get('domain')}", report.get("elapsed_ms")
    app_log.log_check("check " + kind.replace("_", "-"), result, codes,
                      elapsed if isinstance(elapsed, int) else None, detail)


def record(settings_path: Path, kind: CheckKind | str, report: dict[str, Any],
           secrets: tuple[str, ...] = ()) -> Recorded:
    """Remember `report` as the latest of `kind`. Nothing is written when the file
    cannot be written or the report contains one of `secrets`; a failure here never stops
    a check."""
    kind = CheckKind(kind)
    report = dict(report)
    if isinstance(report.get("transcript"), list):
        report["transcript"] = report["transcript"][-MAX_TRANSCRIPT_LINES:]
    text_of_report = json.dumps(report, ensure_ascii=False)
    if any(secret and secret in text_of_report for secret in secrets):
        return Recorded.HELD_A_SECRET
    data = load_latest(settings_path)
    data[kind.value] = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        "report": report}
    try:
        # Not flushed to the disk before the rename: the latest reports are a copy for
        # the support report, a power cut may lose them (load_latest reads a damaged file
        # as empty), and the fsync was the slowest step of a command-line test-send.
        write_atomically(latest_path(settings_path),
                         json.dumps(data, ensure_ascii=False, indent=1) + "\n", durable=False)
    except StoreError:
        return Recorded.NOT_WRITTEN
    return Recorded.KEPT


def _to_dict(result: Any) -> dict[str, Any] | None:
    return result.to_dict()


def run_and_record(settings_path: Path | None, kind: CheckKind, check: Callable[[], Result],
                   report_of: Callable[[Result], dict[str, Any] | None] = _to_dict,
                   secrets: tuple[str, ...] = ()) -> Result:
    """Run `check` and keep `report_of(result)` as the latest of `kind` beside the settings
    file at `settings_path` (None: nowhere to keep it). Returns the check's result;
    whatever the check raises passes through and records nothing; a report_of None (a
    result with nothing to show support) records nothing. `secrets` (the password)
    must not appear in the report: one that does is not kept."""
    result = check()
    report = report_of(result)
    if report is not None:
        # Its outcome goes to the rotated log too, kept beside the settings or not.
        _log_outcome(CheckKind(kind).value, report)
    if settings_path is not None and report is not None:
        try:
            record(settings_path, kind, report, secrets)
        except (OSError, ValueError):
            pass  # keeping the report never fails the check
    return result
