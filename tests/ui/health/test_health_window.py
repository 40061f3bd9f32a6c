"""The Health window (pytest-qt, offscreen) against the health watch's loopback servers:
the history it shows, a change in plain words, a running check with its steps and Stop,
and closing the window in the middle of a check."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from a2k_settings_gui.core.health import HealthHistory, watch  # noqa: E402
from a2k_settings_gui.core.store import SettingsStore  # noqa: E402
from a2k_settings_gui.ui.health.window import HealthWindow  # noqa: E402
from tests.servers.health_env import PASSWORD, SENDER, HealthWorld  # noqa: E402


@pytest.fixture
def world(tmp_path, config_path):
    with HealthWorld(tmp_path, config_path) as world:
        yield world


def record_run(world, password: str = PASSWORD) -> None:
    settings = SettingsStore(world.config_path).load().settings
    watch(settings, password, history=HealthHistory(), timeout=10)


def shown(qtbot, window):
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def open_window(qtbot, world, **kwargs) -> HealthWindow:
    return shown(qtbot, HealthWindow(SettingsStore(world.config_path), **kwargs))


def alt(window, letter: str) -> None:
    """Alt+letter as the keyboard sends it: through the window, to Qt's shortcut map."""
    QTest.keySequence(window.windowHandle(), QKeySequence(f"Alt+{letter}"))
    # The window system delivers the key from its queue; a mnemonic then "animates" the
    # button press, which clicks about 100 ms later.
    QTest.qWait(250)


def test_shows_the_history_and_the_changes_in_plain_words(qtbot, world):
    record_run(world)
    record_run(world, password="revoked-app-password")
    window = open_window(qtbot, world)
    assert len(window.grid.runs) == 2
    assert "2 runs shown" in window.grid.accessibleDescription()
    assert "Sign-in Problem" in window.grid.accessibleDescription()
    lines = [window.changes.item(i).text() for i in range(window.changes.count())]
    assert any("New problem (Sign-in)" in line for line in lines), lines
    assert "a problem needs fixing" in window.status.text()
    # Hovering the newest Sign-in cell names the findings of that run.
    newest = len(window.grid.runs) - 1
    tip = window.grid.tooltip_for(*window.grid.cell_at(window.grid.cell_rect(newest, 0)
                                                       .center()))
    assert tip.startswith("Sign-in,") and "Problem" in tip
    assert "password" in tip.lower() or "log in" in tip.lower() or "login" in tip.lower()
    assert window.grid.cell_at(QPoint(1, 1)) is None  # the row captions are not cells


def test_check_now_runs_with_steps_and_adds_a_run(qtbot, world):
    window = open_window(qtbot, world)
    assert "No check recorded yet" in window.status.text()
    alt(window, "N")  # Check &now
    assert window.stop_button.isEnabled() and not window.check_button.isEnabled()
    assert window.busy.isVisible()
    qtbot.waitUntil(lambda: window.check_button.isEnabled(), timeout=20000)
    assert len(window.runs) == 1 and window.runs[0].ok
    assert [c.status for c in window.runs[0].checks] == ["ok"] * 5
    assert window.steps.marks["login"].text() == "\u2714"
    assert window.steps.texts["login"].text().startswith("OK: The server accepted the login")
    assert world.server.logins and world.server.messages == []
    assert HealthHistory().count() == 1


def test_a_running_check_shows_its_step_and_stops(qtbot, tmp_path, config_path):
    with HealthWorld(tmp_path, config_path, smtp_delay=1.5) as world:
        window = open_window(qtbot, world)
        window.check_button.click()
        qtbot.waitUntil(lambda: window.steps.texts["login"].text() == "checking…",
                        timeout=5000)
        assert window.steps.marks["login"].text() == "\u25b6"
        alt(window, "T")  # S&top
        assert "Stopped" in window.status.text()
        assert window.check_button.isEnabled()
        task = window.task
        assert task.wait(10)
        assert HealthHistory().count() == 0  # a stopped check records nothing


def test_closing_mid_check_stops_it_cleanly(qtbot, tmp_path, config_path):
    with HealthWorld(tmp_path, config_path, smtp_delay=1.5) as world:
        window = open_window(qtbot, world)
        window.start_check()
        qtbot.waitUntil(lambda: window.steps.texts["login"].text() == "checking…",
                        timeout=5000)
        task = window.task
        window.close()
        assert task.token.cancelled
        assert task.wait(10)  # the worker ended; no "QThread destroyed while running"
        QApplication.processEvents()
        assert world.server.messages == []


def test_a_damaged_history_is_said_and_replaced(qtbot, world):
    from a2k_settings_gui.core.health.history import default_path

    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_bytes(b"garbage, not a database" * 50)
    window = open_window(qtbot, world)
    assert "could not be read" in window.status.text()
    assert window.grid.runs == []


def test_the_dialog_opens_it_with_alt_b(qtbot, world):
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    record_run(world)
    dialog = shown(qtbot, EmailSettingDialog(SettingsStore(world.config_path)))
    from tests.ui import layout_check

    assert layout_check.mnemonic_clashes(dialog) == []
    alt(dialog, "B")  # Watch for pro&blems… (Alt+F is Extra CA certificates')
    qtbot.waitUntil(lambda: dialog.windows.health is not None)
    assert dialog.windows.health.isVisible()
    assert len(dialog.windows.health.runs) == 1
    assert layout_check.mnemonic_clashes(dialog.windows.health) == []
    dialog.close()
    assert SENDER  # the settings stayed as saved
