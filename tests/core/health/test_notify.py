"""The health watch's desktop notification through a real freedesktop notification
service on a private D-Bus session bus (tests/servers/notifications.py)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from a2k_settings_gui.core.health.model import Change, CheckResult, HealthRun
from a2k_settings_gui.core.health.notify import notification_text, notify
from tests.missing_piece import skip_or_fail
from tests.servers import notifications


@pytest.fixture(autouse=True)
def needs_dbus():
    """.ci/run installs dbus-daemon on Linux, so there its absence fails; elsewhere it skips
    (Windows and macOS have no freedesktop notification service)."""
    if not notifications.available():
        skip_or_fail("dbus-daemon is not installed")


@pytest.fixture
def bus(monkeypatch):
    def start(click_after):
        service = notifications.NotificationService(click_after=click_after).__enter__()
        started.append(service)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.address)
        return service

    started: list = []
    yield start
    for service in started:
        service.__exit__(None, None, None)


def test_a_click_calls_back(bus):
    service = bus(click_after=0.2)
    clicks: list[bool] = []
    outcome = notify("E-mail from A2000ERP may fail", "The password no longer works.",
                     lambda: clicks.append(True), wait_seconds=10)
    assert outcome.shown and outcome.clicked and clicks == [True]
    app, title, body, actions = service.shown[0]
    assert (app, title) == ("A2000ERP Email Setting", "E-mail from A2000ERP may fail")
    assert "default" in actions  # the body is clickable


def test_no_click_within_the_wait_ends_the_wait(bus):
    bus(click_after=None)
    clicks: list[bool] = []
    outcome = notify("t", "m", lambda: clicks.append(True), wait_seconds=0.5)
    assert outcome.shown and not outcome.clicked and clicks == []


def test_the_text_names_the_new_problem():
    run = HealthRun(datetime(2026, 12, 6, tzinfo=timezone.utc),
                    [CheckResult("login", "error")])
    assert notification_text(run) is None  # nothing new: no notification
    run.changes = [Change("new", "login", "auth_failed", "The password was refused."),
                   Change("new", "domain", "dmarc_missing", "No DMARC record."),
                   Change("resolved", "logo", "hotlink_blocked", "gone")]
    title, message = notification_text(run)
    assert title == "E-mail from A2000ERP may fail"
    assert message.startswith("The password was refused. (and 1 more)")
    assert "Health window" in message
