"""Help (button and F1) opens the shipped user guide at the window's own section, offline;
Browse… picks the extra CA file and the dialog says at once whether it holds
certificates."""

from __future__ import annotations

from pathlib import Path

import pytest
import trustme
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from a2k_settings_gui.core.resources import RESOURCES
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.kit import help as help_module
from a2k_settings_gui.ui.kit import help_sections

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def close_the_guide():
    yield
    help_module.close_help()


@pytest.fixture
def dialog(qtbot, tmp_path):
    window = EmailSettingDialog(SettingsStore(tmp_path / "email-settings.json"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.password.isEnabled())
    return window


def test_shipped_guide_is_the_current_user_guide():
    shipped = RESOURCES / help_sections.GUIDE
    assert shipped.read_text(encoding="utf-8") == \
        (ROOT / "docs" / "USER-GUIDE.md").read_text(encoding="utf-8"), \
        "docs/USER-GUIDE.md changed: run python tools/build_help.py"
    from tools.build_help import pictures

    for name in pictures(shipped.read_text(encoding="utf-8")):
        assert (shipped.parent / name).read_bytes() == (ROOT / "docs" / name).read_bytes(), \
            f"{name} changed in docs/: run python tools/build_help.py"


def test_f1_and_help_open_the_matching_section(qtbot, dialog):
    qtbot.keyClick(dialog, Qt.Key.Key_F1)
    guide = help_module.help_window()
    assert guide.isVisible()
    assert guide.current_anchor == "3-the-email-setting-dialog"
    # The section is in view: the browser scrolled away from the top to it.
    assert guide.browser.verticalScrollBar().value() > 0
    guide.close()

    from a2k_settings_gui.ui.smtp.window import TestSendWindow

    window = TestSendWindow(dialog.current_settings, dialog.current_password, parent=dialog)
    window.show()
    window.findChild(QPushButton, "help_button").click()
    assert guide.isVisible() and guide.current_anchor == "4-send-test-email"


def test_every_section_the_windows_ask_for_exists(qtbot):
    guide = help_module.help_window()
    for key, heading in help_sections.SECTIONS.items():
        assert any(h.startswith(heading) for h in guide.anchors), f"{key}: {heading!r}"
    # The guide's own links ("see section 4") jump inside the window.
    first = next(iter(guide.anchors.values()))
    guide.show_section("dialog")
    from PySide6.QtCore import QUrl

    guide._on_browser_anchor_clicked(QUrl(f"#{first}"))
    assert guide.browser.verticalScrollBar().value() < 40  # back at the top


def test_wizard_f1_opens_the_page_in_view(qtbot):
    from a2k_settings_gui.ui.wizard import SetupWizard

    wizard = SetupWizard(None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()  # F1 goes to the window in front
    wizard.next()  # the sender page
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    qtbot.keyClick(wizard, Qt.Key.Key_F1)
    guide = help_module.help_window()
    assert guide.current_anchor == "page-2--who-sends-the-e-mails"


def test_browse_checks_the_ca_file_at_once(qtbot, dialog, tmp_path):
    network = dialog.network
    bundle = tmp_path / "company-ca.pem"
    bundle.write_bytes(trustme.CA().cert_pem.bytes())
    network.ask_ca_file = lambda: str(bundle)
    qtbot.mouseClick(network.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.ca_file.text() == str(bundle)
    qtbot.waitUntil(lambda: network.ca_status.isVisible(), timeout=5000)
    assert "1 certificate found" in network.ca_status.text()
    assert dialog.current_settings().ca_file == str(bundle)

    missing = str(tmp_path / "not-there.pem")
    dialog.ca_file.setText(missing)  # typed: checked once typing stops
    qtbot.waitUntil(lambda: "does not exist" in network.ca_status.text(), timeout=5000)
    assert "Warning" in network.ca_status.text()  # a word, not only a colour

    der = tmp_path / "company-ca.cer"
    der.write_bytes(b"\x30\x82\x03\x0b")
    network.ask_ca_file = lambda: str(der)
    network.browse_button.click()
    qtbot.waitUntil(lambda: "PEM" in network.ca_status.text(), timeout=5000)
