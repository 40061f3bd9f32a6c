"""The app's first window, and what follows the first-time setup."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui import app
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.wizard import SetupWizard


def visible(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_finishing_the_first_start_wizard_opens_the_dialog_with_the_saved_values(
    qtbot, tmp_path
):
    path = tmp_path / "email-settings.json"
    wizard = app.open_main_window(config=path, start="auto")
    qtbot.addWidget(wizard)
    assert isinstance(wizard, SetupWizard) and wizard.isVisible()
    wizard.draft = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com")
    with qtbot.waitSignal(wizard.saved, timeout=5000):
        wizard.accept()
    dialogs = visible(EmailSettingDialog)
    assert len(dialogs) == 1
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    assert dialogs[0].smtp_host.text() == "smtp.acme.com"
    assert SettingsStore(path).load().settings.sender_email == "ar@acme.com"


def test_cancelling_the_first_start_wizard_asks_then_opens_the_dialog(qtbot, tmp_path,
                                                                     monkeypatch):
    wizard = app.open_main_window(config=tmp_path / "s.json", start="auto")
    qtbot.addWidget(wizard)
    before = len(visible(EmailSettingDialog))
    answers = [False, True]  # "stay in the wizard", then "leave"
    asked: list[bool] = []

    def ask(_parent):
        asked.append(True)
        return answers[len(asked) - 1]

    monkeypatch.setattr(SetupWizard, "ask_leave_first_start", classmethod(
        lambda cls, parent: ask(parent)))
    wizard.reject()
    assert wizard.isVisible() and len(visible(EmailSettingDialog)) == before  # stayed
    wizard.reject()
    assert len(asked) == 2 and not wizard.isVisible()
    dialogs = visible(EmailSettingDialog)
    assert len(dialogs) == before + 1  # the app goes on in the Email Setting dialog
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    assert not (tmp_path / "s.json").exists()  # nothing saved


def test_the_app_icon_has_every_size_of_the_ico_and_matches_it(qapp):
    """Title bar (16 px) to taskbar and Alt+Tab (up to 256 px) each get a drawn size, the
    same pictures the .exe's icon holds."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from a2k_settings_gui.core.resources import resource_path

    icon = app.app_icon()
    sizes = [QSize(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    assert icon.availableSizes() == sizes
    ico = QIcon(str(resource_path("app-icon.ico")))
    for size in (sizes[0], sizes[-1]):
        ours, theirs = icon.pixmap(size).toImage(), ico.pixmap(size).toImage()
        assert ours.size() == theirs.size() == size
        assert ours.pixel(size.width() // 2, size.height() // 2) == \
            theirs.pixel(size.width() // 2, size.height() // 2)
