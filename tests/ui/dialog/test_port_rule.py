"""One port-follows-security rule in the dialog and in the wizard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.wizard import SetupWizard


def dialog_fields(qtbot, tmp_path):
    dialog = EmailSettingDialog(SettingsStore(tmp_path / "s.json"))
    qtbot.addWidget(dialog)
    return dialog.security, dialog.port


def wizard_fields(qtbot, tmp_path):
    wizard = SetupWizard(SettingsStore(tmp_path / "s.json"))
    qtbot.addWidget(wizard)
    page = wizard.pages["ServerPage"]
    return page.security, page.port


def choose(combo, mode: str) -> None:
    combo.setCurrentIndex(combo.findData(mode))


@pytest.mark.parametrize("make", [dialog_fields, wizard_fields], ids=["dialog", "wizard"])
def test_the_port_follows_the_security_until_the_admin_types_one(qtbot, tmp_path, make):
    security, port = make(qtbot, tmp_path)
    choose(security, "ssl")
    assert port.text() == "465"
    choose(security, "none")
    assert port.text() == "25"
    choose(security, "starttls")
    assert port.text() == "587"
    port.setFocus()
    port.selectAll()
    qtbot.keyClicks(port, "2525")
    choose(security, "ssl")
    assert port.text() == "2525"  # typed: kept whatever the mode
    port.selectAll()
    qtbot.keyClick(port, Qt.Key.Key_Backspace)  # cleared: follows the mode again
    choose(security, "starttls")
    assert port.text() == "587"
