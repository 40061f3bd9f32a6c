"""Enter in A2000ERP reads a form only through the FormState protocol: any object with
its methods opens the same window the Email Setting dialog opens, and what it says
follows what the form tells it (password kept or not, the logo size drawn, unsaved
values). The support report saved from it never holds the password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel

from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.ui.kit.form_state import FormState, PasswordState
from a2k_settings_gui.ui.kit.worker import TaskGroup
from a2k_settings_gui.ui.support.handover import ErpHandoverDialog, open_handover

PASSWORD = "Handover-Secret-42"
SETTINGS = EmailSettings(sender_email="billing@acme-trading.com",
                         smtp_host="smtp.acme-trading.com", security=Security.STARTTLS,
                         logo_url="https://acme-trading.com/logo.png", logo_height=60,
                         logo_width=180)


class PlainForm:
    """A form that is no dialog: plain values behind the FormState methods."""

    def __init__(self, folder: Path, owner: QObject, *, password: str = PASSWORD,
                 state: PasswordState = PasswordState.STORED,
                 logo_size: tuple[int, int] | None = None, unsaved: bool = False) -> None:
        self._folder = folder
        self._tasks = TaskGroup(owner)
        self._password, self._state = password, state
        self._logo_size, self._unsaved = logo_size, unsaved

    @property
    def settings_file(self) -> Path:
        return self._folder / "email-settings.json"

    def current_settings(self) -> EmailSettings:
        return SETTINGS

    def current_password(self) -> str:
        return self._password

    def password_state(self) -> PasswordState:
        return self._state

    def logo_size(self) -> tuple[int, int] | None:
        return self._logo_size

    def has_unsaved_changes(self) -> bool:
        return self._unsaved

    def run_task(self, fn, on_done=None, on_fail=None):  # noqa: ANN001, ANN201
        return self._tasks.run(fn, on_done, on_fail)


def opened(qtbot, form: FormState) -> ErpHandoverDialog:
    dialog = open_handover(form)
    qtbot.addWidget(dialog)
    return dialog


def notes(dialog: ErpHandoverDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_a_plain_form_opens_the_handover_with_its_values(qtbot, tmp_path):
    owner = QObject()
    dialog = opened(qtbot, PlainForm(tmp_path, owner))
    values = dialog.panel.values
    assert values["sender_email"].text() == "billing@acme-trading.com"
    assert values["smtp_host"].text() == "smtp.acme-trading.com"
    assert values["port"].text() == "587"
    assert values["logo_height"].text() == "60" and values["logo_width"].text() == "180"
    assert values["password"].text() == PASSWORD  # masked, copied only on its own button
    assert "not saved yet" not in notes(dialog)


def test_the_logo_size_drawn_and_unsaved_values_are_said(qtbot, tmp_path):
    owner = QObject()
    dialog = opened(qtbot, PlainForm(tmp_path, owner, logo_size=(60, 150), unsaved=True))
    assert dialog.panel.values["logo_width"].text() == "150"  # what the preview draws
    said = notes(dialog)
    assert "60 × 150" in said and "60 × 180" in said
    assert "not saved yet" in said


def test_without_a_typed_password_the_row_says_whether_one_is_stored(qtbot, tmp_path):
    owner = QObject()
    stored = opened(qtbot, PlainForm(tmp_path, owner, password="",
                                     state=PasswordState.STORED))
    assert "stored" in stored.panel.values["password"].text()
    assert not stored.panel.copy_buttons["password"].isEnabled()
    none = opened(qtbot, PlainForm(tmp_path, owner, password="",
                                   state=PasswordState.SESSION_ONLY))
    assert none.panel.values["password"].text() == "(no password entered)"


def test_the_report_saved_from_a_plain_form_has_no_password(qtbot, tmp_path, monkeypatch):
    owner = QObject()
    dialog = opened(qtbot, PlainForm(tmp_path, owner))
    target = tmp_path / "report.txt"
    monkeypatch.setattr(ErpHandoverDialog, "ask_save_path",
                        classmethod(lambda cls, parent: str(target)))
    qtbot.mouseClick(dialog.save_report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "saved to" in dialog.report_status.text(), timeout=5000)
    text = target.read_text(encoding="utf-8")
    assert "smtp.acme-trading.com" in text
    assert PASSWORD not in text
