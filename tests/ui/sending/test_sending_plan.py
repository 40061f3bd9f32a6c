"""The live sending plan widget (wizard's Sending page and the dialog's Mail Sending
Control group): follows the fields, knows the provider, offers the safe values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QSpinBox

from a2k_settings_gui.core.providers import provider_by_id
from a2k_settings_gui.ui.sending.plan import SendingPlanWidget


def make(qtbot):
    widget = SendingPlanWidget(mails=1200)
    batch, interval, host = QSpinBox(), QSpinBox(), QLineEdit()
    batch.setRange(1, 10000)
    interval.setRange(0, 86400)
    batch.setValue(100)
    interval.setValue(10)
    for w in (widget, batch, interval, host):
        qtbot.addWidget(w)
    widget.bind(batch, interval, host)
    return widget, batch, interval, host


def test_follows_the_fields_and_the_server_name(qtbot):
    widget, batch, interval, host = make(qtbot)
    assert widget.plan.batches == 12
    assert "Provider limits unknown" in widget.shown_text()
    host.setText("smtp.gmail.com")
    assert "exceed Gmail's 500 per day" in widget.shown_text()
    batch.setValue(300)
    assert widget.plan.batches == 4
    widget.mails.setValue(400)
    assert "exceed" not in widget.plan.headline


def test_microsoft_365_throttle_and_the_suggested_values(qtbot):
    widget, batch, interval, host = make(qtbot)
    host.setText("smtp.office365.com")
    assert "throttled by Microsoft 365" in widget.shown_text()
    assert widget.use_suggestion.isVisibleTo(widget)
    qtbot.mouseClick(widget.use_suggestion, Qt.MouseButton.LeftButton)
    assert (batch.value(), interval.value()) == (30, 60)
    assert widget.plan.ok
    assert not widget.use_suggestion.isVisibleTo(widget)


def test_detected_provider_wins_over_the_host_name(qtbot):
    widget, _batch, _interval, host = make(qtbot)
    widget.set_provider(provider_by_id("google_workspace"))
    host.setText("smtp.office365.com")
    assert widget.plan.provider_name == "Google Workspace"
