"""Uncaught exceptions in the desktop app: the traceback goes to the per-user log file
(never the password), and a dialog offers "Open log folder"."""

from __future__ import annotations

import base64
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QDesktopServices

from a2k_settings_gui.core import app_log, secrets
from a2k_settings_gui.ui import crash_dialog
from a2k_settings_gui.ui.app import application

PASSWORD = "Tr0ub4dor&3-sehr-geheim"
LOGIN = "ar@acme-trading.com.sg"


@pytest.fixture
def hooks(tmp_path, monkeypatch):
    """The app's logging and excepthooks as run_gui installs them, undone afterwards."""
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(
        lambda url: opened.append(url.toLocalFile()) or True))
    saved = sys.excepthook, threading.excepthook
    app_log.close_log()
    path = app_log.setup_logging("gui")
    reporter = crash_dialog.install(application())
    yield path, reporter, opened
    sys.excepthook, threading.excepthook = saved
    app_log.close_log()
    if reporter.box is not None:
        reporter.box.close()
    reporter.deleteLater()


def stored_password_reaches_a_failing_slot() -> None:
    # As a buggy slot would: it reads the real password from the keyring and an exception
    # carries it (plain and as the AUTH PLAIN blob) in its message.
    password = secrets.get_password(LOGIN)
    blob = base64.b64encode(f"\0{LOGIN}\0{password}".encode()).decode()
    raise ValueError(f"server said no to {password!r} (AUTH PLAIN {blob})")


@pytest.mark.qt_no_exception_capture
def test_a_failing_slot_is_logged_without_the_password_and_offers_the_log_folder(
    qtbot, hooks
):
    path, reporter, opened = hooks
    secrets.set_password(LOGIN, PASSWORD)
    app_log.close_log()  # a fresh start: nothing registered by set_password is reused ...
    app_log._secrets.clear()  # ... so get_password in the slot is what protects the log
    path = app_log.setup_logging("gui")

    QTimer.singleShot(0, stored_password_reaches_a_failing_slot)
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible(), timeout=5000)

    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "stored_password_reaches_a_failing_slot" in text
    assert "ValueError" in text and app_log.MASK in text
    assert PASSWORD not in text
    assert base64.b64encode(f"\0{LOGIN}\0{PASSWORD}".encode()).decode() not in text
    assert base64.b64encode(PASSWORD.encode()).decode() not in text

    box = reporter.box
    assert str(path) in box.informativeText()
    assert PASSWORD not in box.informativeText()
    button = reporter.open_folder_button()
    assert button is not None
    button.click()
    assert [Path(folder) for folder in opened] == [path.parent]  # "C:/..." on Windows


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_thread_reaches_the_log_and_the_dialog(qtbot, hooks):
    path, reporter, _opened = hooks

    def worker() -> None:
        raise RuntimeError("worker broke")

    thread = threading.Thread(target=worker, name="a2k-test-worker")
    thread.start()
    thread.join(5)
    # The dialog is made on the GUI thread, from a queued signal.
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible(), timeout=5000)
    text = path.read_text(encoding="utf-8")
    assert "RuntimeError: worker broke" in text and "a2k-test-worker" in text


@pytest.mark.qt_no_exception_capture
def test_a_burst_of_errors_shows_one_dialog(qtbot, hooks):
    _path, reporter, _opened = hooks
    for _ in range(3):
        QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: reporter.suppressed == 2, timeout=5000)


def test_the_log_is_rotated_and_masks_secrets_in_messages(tmp_path, monkeypatch):
    monkeypatch.setattr(app_log, "MAX_BYTES", 2000)
    app_log.close_log()
    path = app_log.setup_logging("test")
    try:
        app_log.keep_out_of_log("pa'ss\\word", "someone@x.com")
        for index in range(100):
            app_log.logger().info("line %d with pa'ss\\word and %r", index, "pa'ss\\word")
        text = "".join(p.read_text(encoding="utf-8") for p in path.parent.glob(path.name + "*"))
    finally:
        app_log.close_log()
    rotated = sorted(path.parent.glob(path.name + ".*"))
    assert len(rotated) == app_log.BACKUP_COUNT  # older ones are dropped, not kept forever
    assert path.stat().st_size <= 2000
    assert "pa'ss" not in text and app_log.MASK in text
