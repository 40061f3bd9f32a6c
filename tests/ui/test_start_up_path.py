"""The app's start shows the A2000ERP screen's fields first and the rest right after
(start-up within 1.3x a bare PySide6 dialog, docs/PERFORMANCE.md).

What an admin would notice if this went wrong: a window that opens without its groups,
loses what was typed in the first moment, or saves half a form. The speed itself is
measured by benchmarks/bench_startup.py, never asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui import app
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.kit.qt_enums import (
    NO_FOCUS,
    RICH_TEXT,
    SELECTABLE_BY_MOUSE,
    set_no_focus,
    set_selectable_rich_text,
)

SAVED = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com",
                      security=Security.SSL, port=None, logo_url="https://acme.com/l.png",
                      logo_height=50, logo_width=150, max_mails_per_batch=40,
                      batch_interval_seconds=90, mails_per_month=2500,
                      sender_name="ACME Accounts", test_recipient="me@acme.com")


def start_dialog(qtbot, path) -> EmailSettingDialog:
    SettingsStore(path).save(SAVED)
    window = app.open_main_window(config=path, start="auto")
    qtbot.addWidget(window)
    assert isinstance(window, EmailSettingDialog)
    return window


def test_the_dialog_opens_with_the_erp_fields_and_builds_the_rest_after_its_first_paint(
        qtbot, tmp_path):
    dialog = start_dialog(qtbot, tmp_path / "s.json")
    # Before the first paint: the A2000ERP screen's fields, filled; Save waits.
    assert not dialog.is_complete()
    assert dialog.sender_email.text() == "ar@acme.com"
    assert dialog.smtp_host.text() == "smtp.acme.com" and dialog.port.text() == "465"
    assert not dialog.save_button.isEnabled()
    assert not dialog.test_send_button.isEnabled()
    assert dialog.current_settings() == SAVED  # the groups not built read as saved
    qtbot.waitUntil(dialog.is_complete, timeout=5000)
    # Then every group, in place, filled from the file, exactly as a dialog built at once.
    for group in (dialog.advanced, dialog.logo, dialog.sending, dialog.network):
        assert group.isVisible()
    assert dialog.logo_url.text() == "https://acme.com/l.png"
    assert (dialog.logo_height.value(), dialog.logo_width.value()) == (50, 150)
    assert dialog.sending_plan.mails.value() == 2500
    assert dialog.sender_name.text() == "ACME Accounts"
    at_once = EmailSettingDialog(SettingsStore(tmp_path / "s.json"))
    qtbot.addWidget(at_once)
    assert dialog.current_settings() == at_once.current_settings() == SAVED
    assert not dialog.has_unsaved_changes()
    assert set(dialog.fields) == set(at_once.fields)
    # The window grew to hold them (or to the screen, and the form scrolls).
    room = dialog.screen().availableGeometry()
    hint = dialog.sizeHint()
    assert dialog.width() >= min(hint.width(), room.width() - 20)
    assert dialog.test_send_button.isEnabled()


def test_what_the_admin_types_before_the_rest_is_built_is_kept_and_saved(qtbot, tmp_path):
    path = tmp_path / "s.json"
    dialog = start_dialog(qtbot, path)
    secrets.set_password("ar@acme.com", "pw-1")
    dialog.smtp_host.selectAll()
    qtbot.keyClicks(dialog.smtp_host, "mail.acme.com")
    assert not dialog.is_complete()
    qtbot.waitUntil(dialog.is_complete, timeout=5000)
    assert dialog.smtp_host.text() == "mail.acme.com"
    assert dialog.has_unsaved_changes()
    qtbot.waitUntil(dialog.password.isEnabled, timeout=5000)  # keyring read finished
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert SettingsStore(path).load().settings == SAVED.replace(smtp_host="mail.acme.com")


def test_an_alt_key_typed_before_and_after_the_rest_is_built_types_no_letter(qtbot,
                                                                              tmp_path):
    # Save is greyed until the rest is built: its Alt+S would otherwise type "s" into the
    # focused field. The filter on the whole application comes after the first paint; the
    # fields painted first are guarded from the start.
    dialog = start_dialog(qtbot, tmp_path / "s.json")
    dialog.smtp_host.setFocus()
    dialog.smtp_host.end(False)
    assert not dialog.is_complete() and not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.smtp_host, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert dialog.smtp_host.text() == "smtp.acme.com"
    qtbot.waitUntil(dialog.is_complete, timeout=5000)
    qtbot.keyClick(dialog.smtp_host, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(dialog.smtp_host, Qt.Key.Key_X)
    assert dialog.smtp_host.text() == "smtp.acme.comx"


def test_ctrl_s_and_f1_work_in_the_window_the_app_starts_with(qtbot, tmp_path):
    # Both keys are made with the other groups, after the first paint.
    from a2k_settings_gui.ui.kit import help as help_module

    path = tmp_path / "s.json"
    dialog = start_dialog(qtbot, path)
    secrets.set_password("ar@acme.com", "pw-1")
    qtbot.waitUntil(dialog.is_complete, timeout=5000)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    dialog.activateWindow()  # a window's keys reach it when it is the active one
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    dialog.sender_name.selectAll()
    qtbot.keyClicks(dialog.sender_name, "Acme Billing")
    qtbot.keyClick(dialog.sender_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: SettingsStore(path).load().settings.sender_name == "Acme Billing",
                    timeout=5000)
    assert SettingsStore(path).load().settings == SAVED.replace(sender_name="Acme Billing")
    qtbot.keyClick(dialog, Qt.Key.Key_F1)
    guide = help_module.help_window()
    assert guide.isVisible() and guide.current_anchor == "3-the-email-setting-dialog"
    guide.close()


def test_closing_the_window_before_the_rest_is_built_is_clean(qtbot, tmp_path):
    dialog = start_dialog(qtbot, tmp_path / "s.json")
    dialog.close()
    qtbot.wait(50)  # the timers that would build the rest run into a closed window
    assert not dialog.isVisible()
    assert SettingsStore(tmp_path / "s.json").load().settings == SAVED


def test_the_focus_value_set_by_name_is_qt_s_own():
    assert NO_FOCUS == Qt.FocusPolicy.NoFocus.value
    widget = QWidget()
    set_no_focus(widget)
    assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_the_label_values_set_by_name_are_qt_s_own():
    assert RICH_TEXT == Qt.TextFormat.RichText.value
    assert SELECTABLE_BY_MOUSE == Qt.TextInteractionFlag.TextSelectableByMouse.value
    label = QLabel("<b>x</b>")
    set_selectable_rich_text(label)
    assert label.textFormat() == Qt.TextFormat.RichText
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse


FIRST_PAINT_PROBE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtGui import QPaintEvent
    from a2k_settings_gui.ui import app
    from a2k_settings_gui.ui.kit.qt_enums import qt_enums_built

    window = app.open_main_window(config=sys.argv[1], start="auto")

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if isinstance(event, QPaintEvent):
                print("Qt enums built before the first paint:", qt_enums_built(), flush=True)
                QTimer.singleShot(0, lambda: app.application().exit(0))
                window.removeEventFilter(self)
            return False

    probe = FirstPaint()
    window.installEventFilter(probe)
    app.application().exec()
""")


def test_the_start_up_path_does_not_build_the_qt_namespace_enums(tmp_path):
    """PySide6 builds all 93 enums of `Qt` on first touch (~45 ms, ui/kit/qt_enums.py): a
    `from PySide6.QtCore import Qt` added on the way to the first window costs every
    start that much. Run in a fresh process, as the app starts."""
    SettingsStore(tmp_path / "s.json").save(SAVED)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE, str(tmp_path / "s.json")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert "Qt enums built before the first paint: False" in result.stdout, (
        result.stdout + result.stderr[-3000:])


WIZARD_FIRST_PAINT_PROBE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtGui import QPaintEvent
    from a2k_settings_gui.ui import app
    from a2k_settings_gui.ui.kit.qt_enums import qt_enums_built

    window = app.open_main_window(config=sys.argv[1], start="wizard")
    later = ("sender_page", "server_page", "send_check_page", "summary_page")

    def loaded():
        return [m for m in later if f"a2k_settings_gui.ui.wizard.{m}" in sys.modules]

    def after():
        print("after the first paint:", dict.__len__(window.pages), loaded(), flush=True)
        app.application().exit(0)

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if isinstance(event, QPaintEvent):
                window.removeEventFilter(self)
                print("at the first paint:", dict.__len__(window.pages), loaded(), flush=True)
                print("Qt enums built before the first paint:", qt_enums_built(), flush=True)
                QTimer.singleShot(0, lambda: QTimer.singleShot(0, after))
            return False

    probe = FirstPaint()
    window.installEventFilter(probe)
    app.application().exec()
""")


def test_the_wizard_paints_its_first_page_before_building_the_others(tmp_path):
    """Fresh process, as the first start runs: only the welcome page and its module exist
    when the wizard first paints; the other pages follow on the next event-loop pass."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", WIZARD_FIRST_PAINT_PROBE, str(tmp_path / "s.json")],
        capture_output=True, text=True, env=env, timeout=120)
    output = result.stdout + result.stderr[-3000:]
    assert "at the first paint: 1 []" in result.stdout, output
    # The welcome page's notes set their text format by property, as the dialog does.
    assert "Qt enums built before the first paint: False" in result.stdout, output
    # 8 pages: sign-in and the test share one.
    assert "after the first paint: 8 ['sender_page', 'server_page', 'send_check_page', " \
           "'summary_page']" in result.stdout, output


def test_the_wizard_s_first_page_offers_next_and_leads_to_the_real_second_page(qtbot,
                                                                              tmp_path):
    from PySide6.QtWidgets import QWizard

    from a2k_settings_gui.ui.wizard import open_wizard
    from tests.ui.wizard_env import go_next

    # (Not the first-start window: closing that one opens the dialog for the next test.)
    wizard = open_wizard(SettingsStore(tmp_path / "s.json"))
    qtbot.addWidget(wizard)
    wizard.show()
    # Before the rest is built: Next (not Save) on the welcome page, as in the full wizard.
    assert not wizard.pages.built
    assert wizard.button(QWizard.WizardButton.NextButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    qtbot.waitUntil(lambda: wizard.pages.built, timeout=5000)
    go_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.pages["SenderPage"]
    assert wizard.currentPage().email.isVisible()


GARBAGE_COLLECTOR_PROBE = textwrap.dedent("""
    import gc, sys
    from a2k_settings_gui.ui import start_report

    report = start_report.StartReport
    shown, complete = report._report_shown, report._report_complete

    def at_paint(self):
        print("collector on at the first paint:", gc.isenabled(), flush=True)
        shown(self)

    def at_complete(self):
        print("collector on after the first paint:", gc.isenabled(), flush=True)
        complete(self)

    start_report.StartReport._report_shown = at_paint
    start_report.StartReport._report_complete = at_complete
    from a2k_settings_gui.gui_script import main
    sys.argv[1:] = []
    main()
""")


def test_the_garbage_collector_is_back_on_once_the_window_has_painted(tmp_path):
    """The gui-script starts with Python's cyclic garbage collector off (a cost before the
    first paint, nothing to collect yet); left off, a long session would never free its
    reference cycles. Run in a fresh process through the real entry point."""
    config = tmp_path / "s.json"
    SettingsStore(config).save(SAVED)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", A2K_QUIT_AFTER_SHOWN="1",
               A2K_EMAIL_SETTINGS_CONFIG=str(config))
    result = subprocess.run([sys.executable, "-c", GARBAGE_COLLECTOR_PROBE],
                            capture_output=True, text=True, env=env, timeout=120,
                            cwd=str(tmp_path))
    assert "collector on at the first paint: False" in result.stdout, result.stderr[-3000:]
    assert "collector on after the first paint: True" in result.stdout, result.stderr[-3000:]
