"""An unexpected error in a command: words on stderr, the traceback in the per-user log
file (opened only then), and never the password, even when the error carries it."""

from __future__ import annotations

from a2k_settings_gui.cli import main
from a2k_settings_gui.core import app_log, secrets
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore

PASSWORD = "Süßes-Geheimnis-42"


def test_unexpected_error_is_logged_without_the_password(tmp_path, monkeypatch, capsys):
    config = tmp_path / "email-settings.json"
    settings = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com")
    SettingsStore(config).save(settings)
    secrets.set_password("ar@acme.com", PASSWORD)
    app_log.close_log()
    app_log._secrets.clear()  # only the command's own keyring read may protect the log

    def broken_report():
        # As a buggy backend might: the error's text holds the secret just read.
        raise RuntimeError(f"backend echoed {secrets.get_password('ar@acme.com')!r}")

    monkeypatch.setattr(secrets, "backend_report", broken_report)
    monkeypatch.delenv("A2K_DEBUG", raising=False)
    try:
        status = main(["show", "--config", str(config)])
        err = capsys.readouterr().err
        log = app_log.log_file()
        text = log.read_text(encoding="utf-8")
    finally:
        app_log.close_log()
    assert status == 3
    assert "unexpected RuntimeError" in err and str(log) in err and "Traceback" not in err
    assert "Traceback (most recent call last)" in text and "broken_report" in text
    assert PASSWORD not in text and app_log.MASK in text
