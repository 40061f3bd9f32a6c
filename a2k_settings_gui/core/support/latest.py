"""The latest check results, kept beside the settings file as latest-checks.json.

Each check (test-send, check-domain, check-logo; CLI or GUI) records its JSON report
here when it ends, with the values it tested (`checked`, see core.support.checked), so
the support report and the hand-over show a result only beside the values it belongs to.
`kind` holds the latest result of the setup being worked on; "others" keeps a few earlier
results for other values and the one-off checks of other values (CLI options), which
never replace the setup's own. The reports hold no
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
# Results kept per check for other values than the latest (earlier settings, one-offs).
MAX_OTHERS = 4


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
    latest: dict[str, Any] = {k: v for k, v in data.items() if k in KINDS and _is_entry(v)}
    others = data.get("others")
    if isinstance(others, dict):
        kept = {k: [e for e in v if _is_entry(e)] for k, v in others.items()
                if k in KINDS and isinstance(v, list)}
        latest["others"] = {k: v for k, v in kept.items() if v}
    return latest


def _is_entry(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("report"), dict)


def record(settings_path: Path, kind: str, report: dict[str, Any],
           secrets: tuple[str, ...] = (), *, checked: dict[str, Any] | None = None,
           one_off: bool = False) -> bool:
    """Remember `report` as the latest of `kind`, with the values it tested (`checked`).
    A `one_off` check of other values than the setup's (CLI options) is kept among the
    others and never replaces the setup's latest. False (nothing written) if it could not
    be written or if it contains one of `secrets`; a failure here never stops a check."""
    if kind not in KINDS:
        raise ValueError(kind)
    report = dict(report)
    if isinstance(report.get("transcript"), list):
        report["transcript"] = report["transcript"][-MAX_TRANSCRIPT_LINES:]
    text_of_report = json.dumps(report, ensure_ascii=False)
    if any(secret and secret in text_of_report for secret in secrets):
        return False
    data = load_latest(settings_path)
    entry: dict[str, Any] = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                             "report": report}
    if checked is not None:
        entry["checked"] = checked
    if one_off:
        entry["one_off"] = True
    others = data.setdefault("others", {})
    earlier = [e for e in others.get(kind, []) if e.get("checked") != checked]
    if one_off:
        earlier.insert(0, entry)
    else:
        previous = data.get(kind)
        if previous is not None and previous.get("checked") != checked:
            earlier.insert(0, previous)
        data[kind] = entry
    others[kind] = earlier[:MAX_OTHERS]
    try:
        write_atomically(latest_path(settings_path),
                         json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except StoreError:
        return False
    return True
