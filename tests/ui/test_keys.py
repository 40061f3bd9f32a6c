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
