"""The latest check results, kept beside the settings file as latest-checks.json.

Each check (test-send, check-domain, check-logo; CLI or GUI) runs through
`run_and_record`, which keeps its JSON report here when it ends, so the support report
can show what was last seen, with the values it tested (`checked`, see
core.support.checked), so the support report and the hand-over show a result only beside
the values it belongs to. `kind` holds the latest result of the setup being worked on;
"others" keeps a few earlier results for other values and the one-off checks of other
values (CLI options), which never replace the setup's own. The reports hold no
password: the test-send transcript is scrubbed as it is written (core.smtp.transcript),
and `record` refuses a report that still contains the secret it is given.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path

from a2k_settings_gui.core.store import StoreError, write_atomically
from a2k_settings_gui.core.store.files import DamagedFile, FileRefused, parse_json, read_capped

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    Result = TypeVar("Result")

FILE_NAME = "latest-checks.json"


def _utc_now() -> str:
    """Now in UTC as datetime.isoformat(timespec="seconds") writes it, without the datetime
    module (~1 ms of every command line start)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


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
# A report is cut to this many transcript lines: the end says most about a failure.
MAX_TRANSCRIPT_LINES = 400
# The file is read like the settings file (regular file only, capped, bounded nesting):
# three reports with a 400-line transcript are well under 1 MiB; what would push it over
# is cut when it is written, so what we write we can always read back.
MAX_LATEST_BYTES = 2 * 1024 * 1024
MAX_FINDINGS = 100
# Results kept per check for other values than the latest (earlier settings, one-offs),
# each with at most this many transcript lines: the file stays far under its cap.
MAX_OTHERS = 4
MAX_OTHER_TRANSCRIPT_LINES = 60


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
    latest: dict[str, Any] = {k: _entry(v) for k, v in data.items()
                              if k in KINDS and _is_entry(v)}
    others = data.get("others")
    if isinstance(others, dict):
        kept = {k: [_entry(e) for e in v if _is_entry(e)] for k, v in others.items()
                if k in KINDS and isinstance(v, list)}
        latest["others"] = {k: v[:MAX_OTHERS] for k, v in kept.items() if v}
    return latest


def _is_entry(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("report"), dict)


def _entry(value: dict[str, Any]) -> dict[str, Any]:
    """An entry in the shapes its readers expect: when, the report, the values it checked
    and whether it was a one-off."""
    entry: dict[str, Any] = {"at": value["at"] if isinstance(value.get("at"), str) else "?",
                             "report": _well_formed(value["report"])}
    if isinstance(value.get("checked"), dict):
        entry["checked"] = value["checked"]
    if value.get("one_off") is True:
        entry["one_off"] = True
    return entry


def _well_formed(report: dict[str, Any]) -> dict[str, Any]:
    """The report with the lists and objects the support report reads in their shape
    (a field that is absent stays absent)."""
    out = dict(report)
    if "findings" in report:
        findings = report["findings"] if isinstance(report["findings"], list) else []
        out["findings"] = [
            {key: f[key] for key in ("severity", "code", "message", "fix")
             if isinstance(f.get(key), str)}
            for f in findings
            if isinstance(f, dict) and all(isinstance(f.get(key), str)
                                           for key in ("severity", "code", "message"))
        ][:MAX_FINDINGS]
    if "transcript" in report:
        transcript = report["transcript"]
        out["transcript"] = ([line for line in transcript if isinstance(line, str)]
                             [-MAX_TRANSCRIPT_LINES:] if isinstance(transcript, list) else [])
    if "server" in report and not isinstance(report["server"], dict):
        out["server"] = {}
    if "receivers" in report:
        receivers = report["receivers"]
        out["receivers"] = ([r for r in receivers if isinstance(r, dict)]
                            if isinstance(receivers, list) else [])
    return out


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
           secrets: Sequence[str] = (), *, checked: dict[str, Any] | None = None,
           one_off: bool = False) -> Recorded:
    """Remember `report` as the latest of `kind`, with the values it tested (`checked`).
    A `one_off` check of other values than the setup's (CLI options) is kept among the
    others and never replaces the setup's latest. Nothing is written when the file
    cannot be written, the report contains one of `secrets` (in any encoding) or is far
    larger than any real report; a failure here never stops a check."""
    from a2k_settings_gui.core.log_secrets import forms_of
    from a2k_settings_gui.core.log_secrets import redact_printed as redact

    kind = CheckKind(kind)
    report = dict(report)
    if isinstance(report.get("transcript"), list):
        report["transcript"] = report["transcript"][-MAX_TRANSCRIPT_LINES:]
    # Every secret this process knows is masked in every encoding; then nothing of the
    # given ones may be left, in any form.
    try:
        report = json.loads(redact(json.dumps(report, ensure_ascii=False)))
    except ValueError:
        return Recorded.HELD_A_SECRET
    text_of_report = json.dumps(report, ensure_ascii=False)
    forms = set().union(*(forms_of(s) for s in secrets if s)) if secrets else set()
    if any(len(form) >= 3 and form in text_of_report for form in forms):
        return Recorded.HELD_A_SECRET
    if len(text_of_report.encode("utf-8")) > MAX_LATEST_BYTES // len(KINDS):
        return Recorded.NOT_WRITTEN  # far beyond any real report: keep the file readable
    data = load_latest(settings_path)
    entry: dict[str, Any] = {"at": _utc_now(),
                             "report": report}
    if checked is not None:
        entry["checked"] = checked
    if one_off:
        entry["one_off"] = True
    _keep(data, kind.value, entry)
    try:
        # Not flushed to the disk before the rename: the latest reports are a copy for
        # the support report, a power cut may lose them (load_latest reads a damaged file
        # as empty), and the fsync was the slowest step of a command-line test-send.
        write_atomically(latest_path(settings_path),
                         json.dumps(data, ensure_ascii=False, indent=1) + "\n", durable=False)
    except StoreError:
        return Recorded.NOT_WRITTEN
    return Recorded.KEPT


def _keep(data: dict[str, Any], kind: str, entry: dict[str, Any]) -> None:
    """`entry` into `data`: the setup's latest, or (a one-off) among the others; an
    earlier latest for other values moves to the others, shortened."""
    others = data.setdefault("others", {})
    checked = entry.get("checked")
    earlier = [e for e in others.get(kind, []) if e.get("checked") != checked]
    if entry.get("one_off"):
        earlier.insert(0, entry)
    else:
        previous = data.get(kind)
        if previous is not None and previous.get("checked") != checked:
            earlier.insert(0, previous)
        data[kind] = entry
    for other in earlier:
        transcript = other["report"].get("transcript")
        if isinstance(transcript, list):
            other["report"]["transcript"] = transcript[-MAX_OTHER_TRANSCRIPT_LINES:]
    if earlier:
        others[kind] = earlier[:MAX_OTHERS]
    else:
        others.pop(kind, None)
    if not others:
        del data["others"]


def _to_dict(result: Any) -> dict[str, Any] | None:
    return result.to_dict()


def run_and_record(settings_path: Path | None, kind: CheckKind, check: Callable[[], Result],
                   report_of: Callable[[Result], dict[str, Any] | None] = _to_dict,
                   secrets: Sequence[str] = (), *, checked: dict[str, Any] | None = None,
                   one_off: bool = False) -> Result:
    """Run `check` and keep `report_of(result)` as the latest of `kind` beside the settings
    file at `settings_path` (None: nowhere to keep it). Returns the check's result;
    whatever the check raises passes through and records nothing; a report_of None (a
    result with nothing to show support) records nothing. `secrets` (the password)
    must not appear in the report: one that does is not kept (a list that `check` may
    still fill: a password read from the keyring while the check ran). `checked`: the values the
    check tested; `one_off`: they are not the saved setup's (see `record`)."""
    result = check()
    report = report_of(result)
    if report is not None:
        # Its outcome goes to the rotated log too, kept beside the settings or not.
        _log_outcome(CheckKind(kind).value, report)
    if settings_path is not None and report is not None:
        try:
            record(settings_path, kind, report, secrets, checked=checked, one_off=one_off)
        except (OSError, ValueError):
            pass  # keeping the report never fails the check
    return result
