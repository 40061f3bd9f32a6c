"""`a2k-email-settings health` against real loopback servers: the SMTP server with AUTH,
the DNS server and the image host. Nothing is ever sent; each run is recorded and the
next one says what changed."""

from __future__ import annotations

import base64
import json
import os
import urllib.parse
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from a2k_settings_gui.cli import main
from tests.servers import smtp as smtp_fixtures
from tests.servers.health_env import DOMAIN, PASSWORD, SENDER, SPF, HealthWorld
from tests.servers.http_images import placeholder_png

smtp_ca = smtp_fixtures.smtp_ca


@pytest.fixture
def world(smtp_ca, config_path, tmp_path):
    with HealthWorld(tmp_path, config_path, certificates=smtp_ca) as world:
        yield world


def health(capsys, *args: str) -> tuple[int, dict]:
    status = main(["health", "--json", *args])
    out = capsys.readouterr().out
    return status, json.loads(out)


def codes(report: dict, check: str) -> set[str]:
    found = next(c for c in report["checks"] if c["name"] == check)
    return {f["code"] for f in found["findings"]}


def check_of(report: dict, name: str) -> dict:
    return next(c for c in report["checks"] if c["name"] == name)


def test_good_settings_sign_in_and_send_nothing(world, capsys):
    status, report = health(capsys)
    assert status == 0, report
    assert report["ok"] is True
    assert [c["name"] for c in report["checks"]] == [
        "login", "certificate", "domain", "logo", "provider"]
    assert codes(report, "login") == {"login_ok"}
    assert all(c["status"] == "ok" for c in report["checks"]), report["findings"]
    assert world.server.logins == [("PLAIN", SENDER)]  # the server saw a real AUTH
    assert world.server.messages == []  # and no message
    cert = check_of(report, "certificate")
    assert cert["status"] == "ok" and cert["facts"]["days_left"] > 21
    assert report["at"].endswith("Z")
    assert report["changes"] == []  # the first run has nothing to compare with


def test_wrong_password_is_new_then_resolved(world, capsys):
    assert health(capsys)[0] == 0
    from a2k_settings_gui.core import secrets

    secrets.set_password(SENDER, "revoked-app-password")
    status, report = health(capsys)
    assert status == 1 and report["ok"] is False
    assert check_of(report, "login")["status"] == "error"
    assert "auth_failed" in codes(report, "login")
    assert {"kind": "new", "check": "login", "code": "auth_failed"}.items() <= next(
        c for c in report["changes"] if c["code"] == "auth_failed").items()

    secrets.set_password(SENDER, PASSWORD)
    status, report = health(capsys)
    assert status == 0
    resolved = [c for c in report["changes"] if c["kind"] == "resolved"]
    assert [(c["check"], c["code"]) for c in resolved] == [("login", "auth_failed")]
    assert world.server.messages == []


def test_certificate_ending_in_ten_days_warns_with_the_days(world, capsys):
    now = datetime.now(timezone.utc)
    world.use(world.smtp_server(not_after=now + timedelta(days=10)))
    status, report = health(capsys)
    assert status == 0  # a warning: e-mail still works today
    cert = check_of(report, "certificate")
    assert cert["status"] == "warning"
    finding = next(f for f in cert["findings"] if f["code"] == "certificate_expiring")
    assert "ends in 9 days" in finding["message"] or "ends in 10 days" in finding["message"]
    assert cert["facts"]["days_left"] in (9, 10)


def test_expired_certificate_is_an_error(world, capsys):
    now = datetime.now(timezone.utc)
    server = world.smtp_server(not_before=now - timedelta(days=90),
                               not_after=now - timedelta(days=1))
    world.use(server)
    status, report = health(capsys)
    assert status == 1
    assert check_of(report, "certificate")["status"] == "error"
    assert "certificate_expired" in codes(report, "certificate")
    assert server.logins == []  # no password went to a server that could not be trusted


def test_changed_txt_record_and_logo_are_reported(world, capsys):
    assert health(capsys)[0] == 0
    new_spf = "v=spf1 ip4:127.0.0.1 include:_spf.mailer.test -all"
    world.dns.resolver.zone[DOMAIN] = [("MX", (10, f"mx.{DOMAIN}")), ("TXT", new_spf)]
    world.logo_body[0] = placeholder_png()
    _, report = health(capsys)
    dns = [c for c in report["changes"] if c["code"] == "dns_changed"]
    assert dns and dns[0]["kind"] == "changed" and dns[0]["check"] == "domain"
    assert dns[0]["before"] == SPF and dns[0]["after"] == new_spf
    assert SPF in dns[0]["message"] and new_spf in dns[0]["message"]
    logo = [c for c in report["changes"] if c["code"] == "logo_changed"]
    assert logo and logo[0]["before"] != logo[0]["after"]
    assert {"dns_changed", "logo_changed"} <= {f["code"] for f in report["findings"]}


def test_history_lists_runs_newest_first(world, capsys):
    assert health(capsys)[0] == 0
    from a2k_settings_gui.core import secrets

    secrets.set_password(SENDER, "wrong")
    assert health(capsys)[0] == 1
    status, listing = health(capsys, "--history")
    assert status == 0
    runs = listing["runs"]
    assert len(runs) == 2
    assert [r["ok"] for r in runs] == [False, True]  # newest first
    assert runs[0]["at"] >= runs[1]["at"]
    assert runs[0]["checks"]["login"] == "error"
    status, listing = health(capsys, "--history", "1")
    assert len(listing["runs"]) == 1 and listing["runs"][0]["ok"] is False


def test_no_written_file_holds_the_password(world, capsys, tmp_path):
    from a2k_settings_gui.core import secrets

    assert health(capsys)[0] == 0
    secrets.set_password(SENDER, "wrong")
    health(capsys)
    secrets.set_password(SENDER, PASSWORD)
    from a2k_settings_gui.core import app_log

    app_log.close_log()
    main(["health", "--notify"])  # the scheduled run: logs to the app's log file too
    app_log.close_log()
    capsys.readouterr()
    data_home = Path(os.environ["XDG_DATA_HOME"])
    folders = [data_home / "a2k-settings-gui", Path(os.environ["XDG_STATE_HOME"]),
               world.config_path.parent]
    written = [p for folder in folders for p in folder.rglob("*") if p.is_file()
               and "python_keyring" not in p.parts]  # the test keyring's own file
    assert any(p.name.startswith("health-history") for p in written)
    raw = PASSWORD.encode()
    forms = {PASSWORD, base64.b64encode(raw).decode(), base64.b64encode(raw).decode()
             .rstrip("="), raw.hex(), raw.hex().upper(), urllib.parse.quote(PASSWORD),
             urllib.parse.quote_plus(PASSWORD),
             base64.b64encode(f"\0{SENDER}\0{PASSWORD}".encode()).decode()}
    for path in written:
        content = path.read_bytes().decode("latin-1")
        for form in forms:
            assert form not in content, f"{path} holds the password as {form!r}"


def test_notify_without_a_notification_service_still_works(world, capsys, monkeypatch):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert health(capsys)[0] == 0
    from a2k_settings_gui.core import app_log, secrets

    app_log.close_log()  # this test's own log folder, not an earlier test's

    secrets.set_password(SENDER, "wrong")
    status = main(["health", "--notify"])
    err = capsys.readouterr().err
    assert status == 1
    assert "no desktop notification" in err
    app_log.close_log()
    log = app_log.log_file().read_text(encoding="utf-8")
    assert "health: no desktop notification" in log
    from a2k_settings_gui.core.health import HealthHistory

    assert HealthHistory().count() == 2  # the run is recorded all the same


def test_schedule_dry_run_prints_the_entry_and_changes_nothing(world, capsys, tmp_path,
                                                               monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    status = main(["health", "--schedule", "daily", "--at", "07:30", "--dry-run"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Dry run: nothing was changed" in out
    assert "health --notify" in out
    assert "07:30" in out or "30 7 * * *" in out
    assert not (tmp_path / ".config" / "systemd").exists()
    from a2k_settings_gui.core.health.schedule import load_state

    assert load_state() == (False, "07:30")  # nothing registered


def test_bad_schedule_time_names_the_option(world, capsys):
    assert main(["health", "--schedule", "daily", "--at", "25:00"]) == 2
    assert "--at" in capsys.readouterr().err


def test_a_silent_server_does_not_hold_the_other_checks(world, capsys):
    """The budget is the whole run's: a server that never greets ends as a timed-out or
    failed sign-in within it, while the domain, logo and provider checks report."""
    import time

    from tests.servers.smtp import SilentServer

    with SilentServer() as silent:
        world.save(port=silent.port)
        started = time.monotonic()
        status, report = health(capsys, "--timeout", "3")
        took = time.monotonic() - started
    assert status == 1
    assert took < 3 + 2  # the budget and the grace for the checks to hand back
    assert check_of(report, "login")["status"] == "error"
    assert codes(report, "login") & {"server_timeout", "time_budget_used"}
    for name in ("domain", "logo", "provider"):
        assert check_of(report, name)["status"] == "ok", check_of(report, name)


def test_history_of_a_newer_version_is_refused_with_words(world, capsys):
    import sqlite3

    from a2k_settings_gui.core.health.history import default_path

    default_path().parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(default_path()) as db:
        db.execute("PRAGMA user_version = 99")
    assert main(["health", "--history"]) == 3
    assert "newer version" in capsys.readouterr().err
    status, report = health(capsys)  # the checks still run; the run is not recorded
    assert status == 0
    assert "history_unavailable" in {f["code"] for f in report["findings"]}


@pytest.mark.skipif(not __import__("tests.servers.notifications",
                                   fromlist=["available"]).available(),
                    reason="dbus-daemon is not installed")
def test_notify_click_opens_the_health_window(world, capsys, monkeypatch, tmp_path):
    """The scheduled run finds a new problem, shows a notification on the desktop's
    notification service, and the click starts the Health window (which reports itself
    and leaves, through A2K_QUIT_AFTER_SHOWN)."""
    import time

    from tests.servers.notifications import NotificationService

    assert health(capsys)[0] == 0
    from a2k_settings_gui.core import app_log, secrets

    app_log.close_log()
    secrets.set_password(SENDER, "revoked-app-password")
    shown_report = tmp_path / "window-shown.txt"
    monkeypatch.setenv("A2K_QUIT_AFTER_SHOWN", str(shown_report))
    with NotificationService(click_after=0.3) as service:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.address)
        assert main(["health", "--notify"]) == 1
        capsys.readouterr()
        _app, title, body, _actions = service.shown[0]
    assert title == "E-mail from A2000ERP may fail"
    assert "user name and password" in body
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "complete-at" not in (
            shown_report.read_text() if shown_report.exists() else ""):
        time.sleep(0.2)
    assert "HealthWindow" in shown_report.read_text()
    app_log.close_log()
    assert "health: notification shown and clicked" in app_log.log_file().read_text()


def test_untrusted_certificate_is_an_error_and_no_password_is_sent(world, capsys, tmp_path):
    from tests.servers.smtp import Certificates, SmtpTestServer

    stranger = Certificates(tmp_path / "another-ca")  # a CA this computer does not trust
    with SmtpTestServer(stranger, tls="starttls", users={SENDER: PASSWORD}) as server:
        world.save(port=server.port)
        status, report = health(capsys)
        assert server.logins == []
    assert status == 1
    assert check_of(report, "certificate")["status"] == "error"
    assert "certificate_untrusted" in codes(report, "certificate")
    assert "login_not_reached" in codes(report, "login")


def test_the_support_report_shows_the_latest_health_run_never_the_password(
        world, capsys, tmp_path):
    from a2k_settings_gui.core import secrets

    assert main(["report"]) == 0  # before any run: said so
    assert "no health run recorded yet" in capsys.readouterr().out
    assert health(capsys)[0] == 0
    revoked = "revoked-app-password"
    secrets.set_password(SENDER, revoked)
    status, run = health(capsys)
    assert status == 1

    assert main(["report"]) == 0
    text = capsys.readouterr().out
    section = text.split("Latest health run")[1].split("\nLog (")[0]
    assert f"When: {run['at']}" in section
    assert "Result: PROBLEM" in section
    assert "Sign-in: PROBLEM" in section and "auth_failed" in section
    for label in ("Certificate: OK", "Domain (SPF, DKIM, DMARC): OK", "Logo: OK"):
        assert label in section, label
    assert "New problem:" in section

    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out)]) == 0
    capsys.readouterr()
    page = out.read_text(encoding="utf-8")
    assert "Latest health run" in page and run["at"] in page
    assert "\u2716 PROBLEM" in page and "New problem" in page
    for document in (text, page):
        for form in (revoked, PASSWORD, base64.b64encode(revoked.encode()).decode(),
                     base64.b64encode(f"\0{SENDER}\0{revoked}".encode()).decode(),
                     urllib.parse.quote(revoked)):
            assert form not in document
