"""`test-send` with the password from the keyring, as an admin's saved setup runs it.

The keyring is read on a thread while the connection is made (core.secrets.PendingPassword)
and waited for at the login. What the admin sees must not change: the password logs in;
none stored means no login, as before; a keyring that cannot be read gives the same
message and exit status as when it was read before connecting, and then the password is
never sent (the server's transcript has no AUTH) and the client says QUIT. The keyring
here is keyrings.alt's file backend in the test's temp folder (tests/conftest.py).
"""

from __future__ import annotations

import base64
import json
import os
import threading
from argparse import Namespace
from pathlib import Path

import pytest

from a2k_settings_gui.cli import common, main
from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings
from tests.cli.helpers import run_cli
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, closed_port

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

AUTH_BLOB = base64.b64encode(f"\0{DEFAULT_USER}\0{DEFAULT_PASSWORD}".encode()).decode()


def send_args(port: int, cafile: str, *extra: str) -> list[str]:
    return ["test-send", "--server", "localhost", "--port", str(port), "--security",
            "starttls", "--from", DEFAULT_USER, "--cafile", cafile, *extra]


def message_before(settings_login: str = DEFAULT_USER) -> str:
    """What the command printed when it read the keyring before connecting (the same
    function still does that for `health`): `error: ` and the CannotRun text."""
    settings = EmailSettings(sender_email=settings_login)
    with pytest.raises(common.CannotRun) as caught:
        common.read_password(Namespace(password_stdin=False), settings)
    return f"error: {caught.value}"


def files_written(config_path: Path) -> str:
    """Everything the command wrote to disk: the log and the latest-checks copy."""
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for folder in (Path(os.environ["A2K_LOG_DIR"]), config_path.parent)
             if folder.is_dir() for p in folder.iterdir() if p.is_file()]
    return "\n".join(texts)


def test_the_stored_password_logs_in_over_starttls(smtp_servers, smtp_ca, config_path):
    secrets.set_password(DEFAULT_USER, DEFAULT_PASSWORD)
    server = smtp_servers(tls="starttls", pipelining=True)
    done = run_cli(*send_args(server.port, smtp_ca.cafile), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert server.logins == [("PLAIN", DEFAULT_USER)]
    assert len(server.messages) == 1
    assert server.commands[:4] == ["EHLO", "STARTTLS", "EHLO", "AUTH"]
    for text in (done.stdout, done.stderr, files_written(config_path)):
        assert DEFAULT_PASSWORD not in text and AUTH_BLOB not in text
    assert "Exception in thread" not in done.stderr
    # The connection test logs in too, with the same password.
    done = run_cli(*send_args(server.port, smtp_ca.cafile, "--connect-only"), "--json")
    assert done.returncode == 0, done.stderr
    assert server.logins[-1] == ("PLAIN", DEFAULT_USER) and len(server.messages) == 1


def test_a_refused_stored_password_never_shows(smtp_servers, smtp_ca, config_path):
    secrets.set_password(DEFAULT_USER, DEFAULT_PASSWORD)
    server = smtp_servers(tls="starttls",
                          replies={"auth": f"535 5.7.8 rejected {DEFAULT_PASSWORD} {AUTH_BLOB}"})
    done = run_cli(*send_args(server.port, smtp_ca.cafile, "--verbose"), "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["findings"][0]["code"] == "auth_failed"
    assert any("535" in line for line in report["transcript"])  # the reply is there...
    for text in (done.stdout, done.stderr, files_written(config_path)):
        assert DEFAULT_PASSWORD not in text and AUTH_BLOB not in text  # ...masked


def test_no_stored_password_sends_without_a_login_as_before(smtp_servers, smtp_ca,
                                                            config_path):
    server = smtp_servers(tls="starttls")  # takes mail without a login
    done = run_cli(*send_args(server.port, smtp_ca.cafile), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    auth = next(step for step in report["steps"] if step["name"] == "auth")
    assert auth["status"] == "skipped"
    assert auth["detail"] == "no password entered: sending without a login"
    assert "AUTH" not in server.commands and server.logins == []
    # The same as an empty password on standard input.
    done = run_cli(*send_args(server.port, smtp_ca.cafile, "--password-stdin"),
                   "--json", stdin="\n")
    typed = next(step for step in json.loads(done.stdout)["steps"] if step["name"] == "auth")
    assert (typed["status"], typed["detail"]) == (auth["status"], auth["detail"])


def test_no_keyring_gives_the_same_message_and_exit_3_and_sends_nothing(
        smtp_servers, smtp_ca, config_path, no_keyring):
    server = smtp_servers(tls="starttls", pipelining=True)
    done = run_cli(*send_args(server.port, smtp_ca.cafile), "--json")
    assert done.returncode == 3
    assert done.stderr.strip() == message_before()
    assert done.stdout == ""  # as before: no report, only the error
    # The login was reached and the password was not there: no AUTH, no MAIL, a QUIT.
    assert server.commands == ["EHLO", "STARTTLS", "EHLO", "QUIT"]
    assert server.logins == [] and server.messages == []
    assert "Exception in thread" not in done.stderr


def test_a_keyring_backend_that_raises_gives_the_same_message(
        monkeypatch, capsys, smtp_servers, smtp_ca, config_path, temp_keyring):
    secrets.set_password(DEFAULT_USER, DEFAULT_PASSWORD)

    def broken(service, user):
        raise RuntimeError(f"backend exploded holding {DEFAULT_PASSWORD}")

    monkeypatch.setattr(temp_keyring, "get_password", broken)
    expected = message_before()
    assert "RuntimeError" in expected and DEFAULT_PASSWORD not in expected
    server = smtp_servers(tls="starttls")
    status = main(send_args(server.port, smtp_ca.cafile))  # in this process: the
    captured = capsys.readouterr()                               # broken backend is used
    assert status == 3
    assert captured.err.strip() == expected
    assert "AUTH" not in server.commands and server.commands[-1] == "QUIT"
    assert server.messages == []
    for text in (captured.out, captured.err, files_written(config_path)):
        assert DEFAULT_PASSWORD not in text


def test_a_keyring_that_never_answers_ends_within_the_timeout(
        monkeypatch, capsys, smtp_servers, smtp_ca, config_path, temp_keyring):
    release = threading.Event()

    def waiting_for_unlock(service, user):
        release.wait(30)  # e.g. a Secret Service waiting for its unlock prompt
        return DEFAULT_PASSWORD

    monkeypatch.setattr(temp_keyring, "get_password", waiting_for_unlock)
    server = smtp_servers(tls="starttls")
    try:
        status = main(send_args(server.port, smtp_ca.cafile, "--timeout", "1"))
    finally:
        release.set()
    err = capsys.readouterr().err
    assert status == 3
    assert "did not answer in time" in err and "--password-stdin" in err
    assert "AUTH" not in server.commands and server.commands[-1] == "QUIT"


def test_when_the_login_is_never_reached_the_keyring_does_not_matter(
        smtp_ca, config_path, no_keyring):
    # The server refuses the connection: that is the finding (exit 1), whatever the
    # keyring would have said, and the command does not wait for it.
    done = run_cli(*send_args(closed_port(), smtp_ca.cafile, "--timeout", "3"),
                   "--json")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["findings"][0]["code"] == "connection_refused"


def test_password_stdin_never_starts_the_keyring(smtp_servers, smtp_ca, config_path,
                                                no_keyring):
    server = smtp_servers(tls="starttls")
    done = run_cli(*send_args(server.port, smtp_ca.cafile, "--password-stdin"),
                   "--json", stdin=DEFAULT_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert server.logins == [("PLAIN", DEFAULT_USER)]
