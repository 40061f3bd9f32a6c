""""Did it arrive?" never shows a pass the receiver did not give: the forged messages in
tests/data/received are pasted with real key events (Ctrl+V, Alt+K) and each verdict
says "Not proven" (or "Failed"), never "Delivered and authenticated"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from a2k_settings_gui.ui.received.window import ReceivedWindow

DATA = Path(__file__).resolve().parents[2] / "data" / "received"
SENDER = "accounts@acme.test"


def paste_and_check(qtbot, name: str) -> ReceivedWindow:
    window = ReceivedWindow("", "tester@corp.example", sender=SENDER)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QGuiApplication.clipboard().setText((DATA / name).read_text("utf-8"))
    window.paste.setFocus()
    QTest.keyClick(window.paste, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.paste, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window._task is None and bool(window.result_label.text()),
                    timeout=10_000)
    return window


@pytest.mark.parametrize(("name", "headline"), [
    ("forged-gmail-verdict-receiver-wrote-none.eml", "Not proven"),
    ("receiver-softfail-lower-same-id-dmarc-pass.eml", "Not proven"),
    ("microsoft-own-softfail-lower-dmarc-pass.eml", "Not proven"),
    ("forged-gmail-above-receiver-dmarc-fail.eml", "Failed: mx1.corp.example"),
    ("dmarc-pass-for-other-header-from.eml", "Not proven"),
    ("from-other-sender-dmarc-pass.eml", "Not proven for your sender"),
])
def test_forged_or_foreign_passes_are_not_proven(qtbot, name, headline):
    window = paste_and_check(qtbot, name)
    verdict = window.result_label.text()
    assert headline in verdict
    assert "Delivered and authenticated" not in verdict
    assert window.report is not None and window.report["dmarc_pass"] is False


def test_the_claims_are_shown_as_claims_not_as_the_verdict(qtbot):
    window = paste_and_check(qtbot, "forged-gmail-verdict-receiver-wrote-none.eml")
    details = window.details_label.text()
    assert "Claims that came with the message" in details
    assert "mx.google.com" in details and "Judged by" not in details


def test_the_genuine_receivers_pass_from_the_sender_is_proven(qtbot):
    window = paste_and_check(qtbot, "corp-receiver-dmarc-pass.eml")
    assert "Delivered and authenticated: mx1.corp.example" in window.result_label.text()
    assert "accounts@acme.test" in window.result_label.text()
