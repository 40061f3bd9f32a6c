"""UI test safety net: a modal message box must never wait for a click that never comes."""

from __future__ import annotations

import pytest

# The wizard's loopback servers (tests/ui/wizard_env.py), for every UI test that asks.
from tests.ui.wizard_env import detect_tls, loopback_dns, mail_server  # noqa: F401


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """Record QMessageBox calls instead of blocking; `question` answers with its default
    button unless a test sets `message_boxes.answer`."""
    from PySide6.QtWidgets import QMessageBox

    class Recorder:
        def __init__(self) -> None:
            self.calls: list[tuple[str, str, str]] = []
            self.answer = None

        def _make(self, kind):
            def show(parent, title, text, buttons=None, default=None, *args, **kwargs):
                self.calls.append((kind, title, text))
                if kind == "question":
                    if self.answer is not None:
                        return self.answer
                    return default if default is not None else QMessageBox.StandardButton.Yes
                return QMessageBox.StandardButton.Ok

            return show

    recorder = Recorder()
    for kind in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder._make(kind)))
    # Closing dialogs at teardown must not stop on "discard changes?".
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    monkeypatch.setattr(EmailSettingDialog, "ask_discard_changes", lambda self: True)
    return recorder
