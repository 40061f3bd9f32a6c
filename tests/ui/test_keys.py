"""Keys that work, driven by real key events: every shown Alt+key moves the focus to its
field, the same field has the same key in the dialog and the wizard, a greyed button's
key types nothing, Tab follows the reading order and Enter never saves or closes the
Email Setting dialog."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget, QWizard

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.wizard import SetupWizard

WIZARD_PAGES = ["SenderPage", "SendTestPage", "LogoPage", "SendingPage"]


def activate(qtbot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def press_alt(qtbot, window: QWidget, letter: str) -> None:
    """Alt+letter as the admin presses it: to the focused widget of the active window."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, getattr(Qt.Key, f"Key_{letter.upper()}"),
                   Qt.KeyboardModifier.AltModifier)


def field_keys(root: QWidget) -> dict[str, tuple[str, QWidget]]:
    """{the field's accessible name: (its label's Alt+letter, the field)} for every
    label on screen with an Alt+key and a field it moves to."""
    keys = {}
    for label in root.findChildren(QLabel):
        match = re.search(r"&([^&])", label.text())
        buddy = label.buddy()
        if match and buddy is not None and label.isVisible():
            target = buddy.focusProxy() or buddy
            keys[target.accessibleName() or label.text()] = (match.group(1).lower(), target)
    return keys


def focus_lands_in(field: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is field or (focus is not None and field.isAncestorOf(focus))


@pytest.fixture
def dialog(qtbot, tmp_path):
    store = SettingsStore(tmp_path / "s.json")
    store.save(EmailSettings(sender_email="ar@acme-trading.com",
                             smtp_host="smtp.acme-trading.com"))
    dialog = EmailSettingDialog(store)
    qtbot.addWidget(dialog)
    dialog.ask_discard_changes = lambda: True
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.is_complete() and dialog.password.isEnabled())
    return dialog


def wizard_on(qtbot, name: str) -> SetupWizard:
    wizard = SetupWizard(None, defaults=EmailSettings(sender_email="ar@acme-trading.com",
                                                      smtp_host="smtp.acme-trading.com"))
    qtbot.addWidget(wizard)
    wizard.setStartId(list(wizard.pages).index(name))
    activate(qtbot, wizard)
    return wizard


def test_every_alt_key_of_the_dialog_moves_to_its_field(qtbot, dialog):
    keys = field_keys(dialog)
    assert len(keys) >= 15
    letters = [letter for letter, _field in keys.values()]
    assert len(letters) == len(set(letters)), letters  # never two fields on one key
    for name, (letter, field) in keys.items():
        dialog.sender_email.setFocus()
        press_alt(qtbot, dialog, letter)
        assert focus_lands_in(field), f"Alt+{letter} did not reach {name}"


@pytest.mark.parametrize("name", WIZARD_PAGES)
def test_every_alt_key_of_a_wizard_page_moves_to_its_field(qtbot, name):
    wizard = wizard_on(qtbot, name)
    page = wizard.pages[name]
    network = getattr(page, "network", None)
    if network is not None:
        network.toggle.setChecked(True)  # the DNS and CA fields shown, with their keys
    keys = field_keys(page)
    assert keys
    for field_name, (letter, field) in keys.items():
        wizard.button(QWizard.WizardButton.NextButton).setFocus()
        press_alt(qtbot, wizard, letter)
        assert focus_lands_in(field), f"Alt+{letter} on {name} did not reach {field_name}"


def test_the_same_field_has_the_same_key_in_the_dialog_and_the_wizard(qtbot, dialog):
    in_dialog = {name: letter for name, (letter, _f) in field_keys(dialog).items()}
    compared = 0
    for name in WIZARD_PAGES:
        wizard = wizard_on(qtbot, name)
        network = getattr(wizard.pages[name], "network", None)
        if network is not None:
            network.toggle.setChecked(True)
        for field_name, (letter, _f) in field_keys(wizard.pages[name]).items():
            if field_name in in_dialog:
                assert letter == in_dialog[field_name], field_name
                compared += 1
        wizard.close()
    assert compared >= 11


def test_a_greyed_next_types_nothing_into_the_field(qtbot):
    wizard = wizard_on(qtbot, "SendTestPage")
    page = wizard.pages["SendTestPage"]
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    page.password.setFocus()
    assert not next_button.isEnabled()  # not tested yet
    for letter in "nN":
        press_alt(qtbot, wizard, letter)
    assert page.password.text() == ""
    assert wizard.currentPage() is page
    qtbot.keyClicks(page.password, "pw")
    page.skip.setChecked(True)
    qtbot.keyClicks(page.reason, "tested from the server room")
    page.password.setFocus()
    press_alt(qtbot, wizard, "n")  # now enabled: it moves on
    qtbot.waitUntil(lambda: wizard.currentPage() is not page, timeout=3000)
    assert page.password.text() == "pw"


def test_enter_in_the_logo_url_checks_the_logo_and_neither_saves_nor_closes(
        qtbot, dialog, tmp_path):
    from tests.servers.http_images import ImageHost

    before = (tmp_path / "s.json").read_text(encoding="utf-8")
    with ImageHost() as host:
        dialog.logo_url.setFocus()
        qtbot.keyClicks(dialog.logo_url, host.url("/referer-strict/logo.png"))
        qtbot.keyClick(dialog.logo_url, Qt.Key.Key_Return)
        panel = dialog.logo_preview
        qtbot.waitUntil(lambda: panel.report is not None and panel.check_button.isEnabled(),
                        timeout=20000)
    assert dialog.isVisible()
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == before
    assert panel.verdict.text() == "Blocked for every reader (4 of 4)"


def test_enter_in_a_field_without_a_check_does_nothing(qtbot, dialog, tmp_path):
    before = (tmp_path / "s.json").read_text(encoding="utf-8")
    dialog.sender_name.setFocus()
    qtbot.keyClicks(dialog.sender_name, "ACME Accounts")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(dialog.sender_name, key)
    assert dialog.isVisible() and dialog.result() == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == before
    assert dialog.sender_name.text() == "ACME Accounts"


def test_tab_reaches_check_logo_right_after_the_logo_fields(qtbot, dialog):
    dialog.keep_aspect.setFocus()
    qtbot.keyClick(dialog.keep_aspect, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.logo_preview.check_button


def test_the_wizard_says_beside_the_field_why_next_is_refused(qtbot):
    wizard = SetupWizard(None)
    qtbot.addWidget(wizard)
    page = wizard.pages["ServerPage"]
    wizard.setStartId(list(wizard.pages).index("WelcomePage"))
    activate(qtbot, wizard)
    # The server page's fields, typed in by the admin (no detection needed here).
    page.host.setFocus()
    qtbot.keyClicks(page.host, "x")
    qtbot.keyClick(page.host, Qt.Key.Key_Backspace)
    assert page.host_problem.isVisibleTo(page)
    assert "Outgoing Mail Server (SMTP) is empty" in page.host_problem.text()
    assert not page.isComplete()
    qtbot.keyClicks(page.host, "smtp.acme-trading.com")
    assert not page.host_problem.isVisibleTo(page)
    page.port.setFocus()
    page.port.selectAll()
    qtbot.keyClicks(page.port, "58a")
    assert page.port_problem.isVisibleTo(page) and "Port" in page.port_problem.text()
    assert not page.isComplete()
    qtbot.keyClick(page.port, Qt.Key.Key_Backspace)
    assert not page.port_problem.isVisibleTo(page) and page.isComplete()


# ---------------------------------------------------------------- the buttons' own keys
# "&#10004;" and "&amp;" in a rich-text label are characters, not keys.
MNEMONIC = re.compile(r"&(?![#\w]+;)([^&\s])")


def shown_keys(*roots: QWidget) -> list[str]:
    """Every Alt+key the buttons, labels and boxes in `roots` show (with repeats)."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox

    keys = []
    for root in roots:
        for widget in (root, *root.findChildren(QWidget)):
            if isinstance(widget, (QAbstractButton, QLabel)):
                text = widget.text()
            elif isinstance(widget, QGroupBox):
                text = widget.title()
            else:
                continue
            match = MNEMONIC.search(text or "")
            if match:
                keys.append(match.group(1).lower())
    return keys


def key_of(button) -> str:
    match = MNEMONIC.search(button.text())
    assert match, f"{button.objectName() or button.text()} has no Alt+key"
    return match.group(1).lower()


def test_alt_n_cancels_the_dialog_and_no_key_is_shown_twice(qtbot, dialog):
    keys = shown_keys(dialog)
    assert len(keys) == len(set(keys)), sorted(keys)
    assert key_of(dialog.cancel_button) == "n"
    dialog.sender_name.setFocus()
    press_alt(qtbot, dialog, "n")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert dialog.result() == 0  # rejected: nothing saved


WIZARD_BUTTONS = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                  QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                  QWizard.WizardButton.HelpButton, QWizard.WizardButton.CustomButton1)


@pytest.mark.parametrize("name", ["WelcomePage", "SenderPage", "ServerPage", "SendTestPage",
                                  "SummaryPage", "DomainPage", "LogoPage", "SendingPage"])
def test_help_and_cancel_of_every_wizard_page_have_their_own_keys(qtbot, name):
    from a2k_settings_gui.ui.kit.help import close_help, help_window

    wizard = wizard_on(qtbot, name)
    page = wizard.pages[name]
    buttons = [wizard.button(which) for which in WIZARD_BUTTONS
               if wizard.button(which).isVisible()]
    keys = shown_keys(page, *buttons)
    assert len(keys) == len(set(keys)), f"{name}: {sorted(keys)}"
    help_key = key_of(wizard.button(QWizard.WizardButton.HelpButton))
    assert help_key in "help"
    wizard.button(QWizard.WizardButton.NextButton).setFocus()
    try:
        press_alt(qtbot, wizard, help_key)
        qtbot.waitUntil(lambda: help_window().isVisible(), timeout=5000)
    finally:
        close_help()
    activate(qtbot, wizard)
    assert key_of(wizard.button(QWizard.WizardButton.CancelButton)) == "a"
    press_alt(qtbot, wizard, "a")
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=3000)
    assert wizard.result() == 0


def test_alt_h_shows_and_hides_the_wizards_password(qtbot):
    from PySide6.QtWidgets import QLineEdit

    wizard = wizard_on(qtbot, "SendTestPage")
    page = wizard.pages["SendTestPage"]
    page.password.setFocus()
    qtbot.keyClicks(page.password, "app-pass")
    # A button's Alt+key presses it as a click does (Qt animates the press for 100 ms).
    press_alt(qtbot, wizard, "h")
    qtbot.waitUntil(lambda: page.password.echoMode() == QLineEdit.EchoMode.Normal)
    assert page.signin.show_password.text() == "&Hide"
    press_alt(qtbot, wizard, "h")
    qtbot.waitUntil(lambda: page.password.echoMode() == QLineEdit.EchoMode.Password)
    assert page.password.text() == "app-pass"  # Alt+H typed nothing


@pytest.mark.parametrize("name", ["ServerPage", "SendTestPage"])
def test_alt_r_browses_for_the_extra_ca_file_in_the_wizard(qtbot, tmp_path, monkeypatch,
                                                          name):
    from a2k_settings_gui.ui.net.fields import CaFileField

    pem = tmp_path / "company-ca.pem"
    asked = []
    # The file dialog is the OS's; the test answers it as an admin would.
    monkeypatch.setattr(CaFileField, "ask_for_file",
                        lambda self: asked.append(self) or str(pem))
    wizard = wizard_on(qtbot, name)
    page = wizard.pages[name]
    page.network.toggle.setChecked(True)
    field = page.findChild(CaFileField)
    assert key_of(field.browse) == "r"
    wizard.button(QWizard.WizardButton.NextButton).setFocus()
    press_alt(qtbot, wizard, "r")
    qtbot.waitUntil(lambda: asked == [field])
    assert field.text() == str(pem)


def test_alt_digits_copy_the_hand_over_values_and_alt_h_shows_the_password(qtbot):
    from a2k_settings_gui.core.erp_profile import handover
    from a2k_settings_gui.ui.support.handover import ErpHandoverDialog

    settings = EmailSettings(sender_email="ar@acme-trading.com",
                             smtp_host="smtp.acme-trading.com", port=587)
    rows = handover(settings, True)
    window = ErpHandoverDialog(rows, "app-pass", [])
    qtbot.addWidget(window)
    activate(qtbot, window)
    keys = shown_keys(window)
    assert len(keys) == len(set(keys)), sorted(keys)
    clipboard = QApplication.clipboard()
    for place, row in enumerate(rows[:9], start=1):
        button = window.panel.copy_buttons[row["key"]]
        assert key_of(button) == str(place)
        if row["key"] == "password":
            continue  # copied as well, but never written into a test's output
        clipboard.clear()
        press_alt(qtbot, window, str(place))
        expected = window.panel.values[row["key"]].text()
        qtbot.waitUntil(lambda expected=expected: clipboard.text() == expected)
    assert clipboard.text() != "app-pass"
    value = window.panel.values["password"]
    press_alt(qtbot, window, "h")
    qtbot.waitUntil(lambda: value.echoMode() == value.EchoMode.Normal)
    press_alt(qtbot, window, "h")
    qtbot.waitUntil(lambda: value.echoMode() == value.EchoMode.Password)


def check_windows(tmp_path):
    from a2k_settings_gui.core.health.history import HealthHistory
    from a2k_settings_gui.ui.domain.report import DomainReportWindow
    from a2k_settings_gui.ui.health.window import HealthWindow
    from a2k_settings_gui.ui.received.window import ReceivedWindow
    from a2k_settings_gui.ui.smtp.window import TestSendWindow

    settings = EmailSettings(sender_email="ar@acme-trading.com",
                             smtp_host="smtp.acme-trading.com")
    store = SettingsStore(tmp_path / "s.json")
    store.save(settings)
    yield TestSendWindow(lambda: settings, lambda: "")
    yield DomainReportWindow(settings, start=False)
    yield ReceivedWindow(recipient="ar@acme-trading.com")
    yield HealthWindow(store, history=HealthHistory(tmp_path / "health.sqlite3"))


def test_help_in_every_check_window_has_a_key_of_its_own(qtbot, tmp_path):
    from a2k_settings_gui.ui.kit.help import close_help, help_window

    for window in check_windows(tmp_path):
        qtbot.addWidget(window)
        activate(qtbot, window)
        help_button = window.findChild(QWidget, "help_button")
        keys = shown_keys(window)
        assert len(keys) == len(set(keys)), f"{window.objectName()}: {sorted(keys)}"
        letter = key_of(help_button)
        assert letter in "help", window.objectName()
        try:
            press_alt(qtbot, window, letter)
            qtbot.waitUntil(lambda: help_window().isVisible(), timeout=5000)
        finally:
            close_help()
        window.close()
