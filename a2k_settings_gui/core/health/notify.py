"""A desktop notification when a health run finds a new problem; a click opens the Health
window. Through desktop-notifier (maintained; Windows toast via WinRT, macOS Notification
Center, Linux freedesktop D-Bus), which also reports clicks back to the process.

Where the desktop has no notification service (a server without a D-Bus session, a locked
down Windows), `notify` says so in its outcome and the caller logs it: the run itself has
already been recorded, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from a2k_settings_gui.core.health.model import HealthRun

# How long the notification stays clickable: the process waits this long for a click,
# then ends (the scheduler's run must end on its own).
CLICK_WAIT_SECONDS = 120.0
APP_NAME = "A2000ERP Email Setting"


@dataclass(frozen=True)
class NotifyOutcome:
    shown: bool
    clicked: bool = False
    detail: str = ""


def notification_text(run: HealthRun) -> tuple[str, str] | None:
    """(title, message) for the new problems of `run`, or None when there is none."""
    new = [c for c in run.changes if c.kind == "new"]
    if not new:
        return None
    first = new[0].message
    more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
    title = "E-mail from A2000ERP may fail" if not run.ok else "E-mail settings: new warning"
    return title, f"{first}{more} Click to open the Health window."


def notify(title: str, message: str, on_clicked: Callable[[], None] | None = None, *,
           wait_seconds: float = CLICK_WAIT_SECONDS) -> NotifyOutcome:
    """Show the notification; wait up to `wait_seconds` for a click (then `on_clicked`)."""
    try:
        from desktop_notifier import DesktopNotifier
    except ImportError as exc:
        return NotifyOutcome(False, detail=f"desktop-notifier is not installed ({exc})")
    failures: list[str] = []
    handler = _Collect(failures)
    library_log = logging.getLogger("desktop_notifier")
    library_log.addHandler(handler)
    try:
        return asyncio.run(_show(DesktopNotifier, title, message, on_clicked, wait_seconds,
                                 failures))
    except Exception as exc:  # noqa: BLE001 - a notification is never worth a failed run
        return NotifyOutcome(False, detail=f"{type(exc).__name__}: {exc}")
    finally:
        library_log.removeHandler(handler)


async def _show(notifier_class: type, title: str, message: str,
                on_clicked: Callable[[], None] | None, wait_seconds: float,
                failures: list[str]) -> NotifyOutcome:
    notifier = notifier_class(app_name=APP_NAME)
    dispatched = asyncio.Event()
    ended = asyncio.Event()
    clicked: list[bool] = []

    def _clicked() -> None:
        clicked.append(True)
        ended.set()

    await notifier.send(title=title, message=message, on_dispatched=dispatched.set,
                        on_clicked=_clicked, on_dismissed=ended.set)
    if not dispatched.is_set():
        return NotifyOutcome(False, detail=failures[-1] if failures else
                             "no notification service answered")
    if on_clicked is not None and wait_seconds > 0:
        try:
            await asyncio.wait_for(ended.wait(), wait_seconds)
        except asyncio.TimeoutError:
            pass
    if clicked and on_clicked is not None:
        on_clicked()
    return NotifyOutcome(True, clicked=bool(clicked))


class _Collect(logging.Handler):
    """Keeps the library's own failure text (it logs instead of raising)."""

    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text = f"{text}: {record.exc_info[1]}"
        self.sink.append(text)
