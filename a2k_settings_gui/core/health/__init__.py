"""The health watch: re-check the saved settings without sending, record the run, and say
what changed since the previous one (DESIGN.md, `health`).

    run = watch(settings, password, history=HealthHistory(), timeout=20, cancel=token)
    run.ok, run.changes, run.to_dict()

An orchestrator above the feature packages: it calls their public check entry points
(core.smtp, core.domain, core.logo), which never import it (import-linter layers contract).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.health.changes import change_findings, compare
from a2k_settings_gui.core.health.history import HealthHistory, HistoryError
from a2k_settings_gui.core.health.model import (
    CHECK_LABELS,
    CHECK_NAMES,
    Change,
    CheckResult,
    HealthRun,
)
from a2k_settings_gui.core.health.runner import (
    DEFAULT_TIMEOUT,
    CheckFinished,
    CheckStarted,
    run_health,
)
from a2k_settings_gui.core.settings import EmailSettings

__all__ = ["watch", "run_health", "HealthHistory", "HistoryError", "HealthRun",
           "CheckResult", "Change", "CheckStarted", "CheckFinished", "CHECK_NAMES",
           "CHECK_LABELS", "DEFAULT_TIMEOUT"]


def watch(
    settings: EmailSettings,
    password: str,
    *,
    history: HealthHistory | None,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: CancelToken | None = None,
    progress: Callable[[object], None] | None = None,
    now: datetime | None = None,
) -> HealthRun:
    """One health run, compared with the previous recorded run and recorded itself.

    `history` None runs without a history (nothing compared, nothing written). A history
    that cannot be used still gives the run, with a finding that says why.
    """
    run = run_health(settings, password, timeout=timeout, cancel=cancel, progress=progress,
                     now=now)
    if history is None:
        return run
    try:
        previous = history.latest()
        run.changes = compare(previous, run)
        run.notes.extend(change_findings(run.changes))
        run.notes.extend(history.notes)
        history.notes.clear()
        history.record(run, secrets=(password,))
    except (HistoryError, OSError, sqlite3.Error) as exc:
        run.notes.append(Finding(
            "history_unavailable", "warning",
            f"This run could not be recorded: {exc}",
            "Check that your user folder is writable; the checks themselves ran."))
    return run
