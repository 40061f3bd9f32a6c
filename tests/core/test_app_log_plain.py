"""The command line's check lines, appended without the logging package: the same lines,
the same masking and the same rotation as the log handler's."""

from __future__ import annotations

import html
import re

import pytest

from a2k_settings_gui.core import app_log
from a2k_settings_gui.core.log_secrets import forms_of

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO \[\d+ MainThread\] cli: "
                  r"check test-send: ok; codes: a, b; elapsed: 12 ms; server x$")


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(app_log.LOG_DIR_ENV_VAR, str(tmp_path))
    app_log.close_log()
    # Secrets registered by earlier tests (short test passwords) would mask words here.
    registered = set(app_log._secrets)
    app_log._secrets.clear()
    yield tmp_path
    app_log.close_log()
    app_log._secrets.update(registered)


def test_a_plain_line_reads_like_the_handlers_and_hides_the_password(log_dir):
    app_log.keep_out_of_log("S3cret-pw!")
    app_log.start_plain_log("cli")
    app_log.log_check("check test-send", "ok", ["a", "b"], 12, "server x")
    app_log.log_check("check test-send", "ok", ["a", "b"], 12, "S3cret-pw!")
    first, second = (log_dir / app_log.LOG_FILE_NAME).read_text("utf-8").splitlines()
    assert LINE.match(first), first
    assert "S3cret-pw!" not in second and app_log.MASK in second
    # The same line through the handler, for comparison (timestamps and pid aside).
    app_log.close_log()
    app_log.setup_logging("cli")
    app_log.log_check("check test-send", "ok", ["a", "b"], 12, "server x")
    app_log.close_log()
    third = (log_dir / app_log.LOG_FILE_NAME).read_text("utf-8").splitlines()[2]
    assert LINE.match(third), third


def test_the_plain_log_rotates_like_the_handler(log_dir):
    path = log_dir / app_log.LOG_FILE_NAME
    for number in range(1, app_log.BACKUP_COUNT + 1):
        path.with_name(f"{path.name}.{number}").write_text(f"old {number}\n")
    path.write_text("x" * (app_log.MAX_BYTES - 10))
    app_log.start_plain_log("cli")
    app_log.log_check("check test-send", "ok", [], 1)
    assert "check test-send: ok" in path.read_text("utf-8")
    assert path.with_name(path.name + ".1").read_text().startswith("xxx")
    assert path.with_name(path.name + ".2").read_text() == "old 1\n"
    assert path.with_name(path.name + ".3").read_text() == "old 2\n"  # "old 3" dropped
    assert not path.with_name(path.name + ".4").exists()


def test_a_warning_on_a_plain_log_reaches_the_same_file(log_dir):
    app_log.start_plain_log("cli")
    app_log.log_check("check test-send", "ok", [], 1)
    app_log.logger().warning("proxy settings unreadable")
    lines = (log_dir / app_log.LOG_FILE_NAME).read_text("utf-8").splitlines()
    assert re.search(r" WARNING \[\d+ MainThread\] cli: proxy settings unreadable$",
                     lines[-1]), lines[-1]


def test_an_unwritable_log_never_stops_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(app_log.LOG_DIR_ENV_VAR, str(blocker / "logs"))
    app_log.close_log()
    app_log.start_plain_log("cli")
    app_log.log_check("check test-send", "ok", [], 1)  # no exception
    app_log.close_log()


def test_the_html_form_of_a_secret_is_html_escape_s():
    secret = """a&b<c>d"e'f"""
    assert html.escape(secret) in forms_of(secret)
