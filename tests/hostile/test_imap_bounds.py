"""IMAP read-back bounded like SMTP, against a hostile IMAP server on loopback: the whole
read-back ends by --wait, lines, literals and FETCH sizes are refused before they are
read, the password is read as UTF-8 with the SMTP path's cap and a non-ASCII one is sent
through AUTHENTICATE PLAIN, the fetched Message-ID must match, the port must exist.
The real command in a fresh process; time and peak memory measured by the OS."""

from __future__ import annotations

import json
import sys

import pytest

from tests.hostile.measure import run_measured
from tests.servers import smtp as smtp_fixtures
from tests.servers.hostile_imap import HostileImapServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="measured with getrusage")

smtp_ca = smtp_fixtures.smtp_ca

MEMORY_BOUND_MB = 150  # 2.5-3.9 GB before the caps
START_UP_ALLOWANCE = 4.0  # a fresh Python with its imports on a loaded 2-core machine
MESSAGE_ID = "<t1@acme.test>"


def read_back(server: HostileImapServer, smtp_ca, config_path, *, wait: float = 5.0,
              password: str | bytes = "app-password\n", message_id: str = MESSAGE_ID,
              extra: tuple[str, ...] = ()):
    return run_measured(
        "check-received", "--json", "--imap-host", "127.0.0.1",
        "--imap-port", str(server.port), "--imap-user", "tester@corp.example",
        "--message-id", message_id, "--cafile", smtp_ca.cafile, "--password-stdin",
        "--wait", str(wait), "--config", str(config_path), *extra,
        stdin=password, timeout=wait * 4 + 30)


read_back.__test__ = False  # a helper, not a test


def hostile(smtp_ca, behaviour: str, at: str, **options) -> HostileImapServer:
    context = smtp_ca.server_context("localhost", "127.0.0.1")
    return HostileImapServer(behaviour, at=at, ssl_context=context, **options)


@pytest.mark.parametrize(("behaviour", "at"), [("drip", "greeting"), ("drip", "fetch")])
def test_a_dripping_server_ends_at_the_wait(smtp_ca, config_path, behaviour, at):
    with hostile(smtp_ca, behaviour, at) as server:
        run = read_back(server, smtp_ca, config_path, wait=4)
    assert run.returncode == 3, run.stderr
    assert "did not finish answering within 4 seconds" in run.stderr
    assert run.elapsed <= 4 + START_UP_ALLOWANCE  # > 100 s before
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("at", ["greeting", "login", "fetch"])
def test_endless_untagged_lines_are_bounded_in_memory(smtp_ca, config_path, at):
    with hostile(smtp_ca, "endless", at) as server:
        run = read_back(server, smtp_ca, config_path, wait=20)
    assert run.returncode == 3, run.stderr
    assert "never needs that" in run.stderr
    assert run.peak_mb < MEMORY_BOUND_MB


@pytest.mark.parametrize(("at", "size"), [("login", 4 * 1024**3), ("login", 99999999999),
                                          ("fetch", 300 * 1024**2)])
def test_huge_literals_are_refused_before_they_are_read(smtp_ca, config_path, at, size):
    with hostile(smtp_ca, "literal", at, size=size) as server:
        run = read_back(server, smtp_ca, config_path, wait=20)
        sent = server.bytes_sent
    assert run.returncode == 3, run.stderr
    assert f"{size:,}-byte answer" in run.stderr
    assert "MemoryError" not in run.stderr and "unexpected" not in run.stderr
    assert run.peak_mb < MEMORY_BOUND_MB
    assert sent < 64 * 1024 * 1024  # the client stopped reading long before


def test_a_good_server_still_gives_the_verdict(smtp_ca, config_path):
    with hostile(smtp_ca, "good", "never") as server:
        run = read_back(server, smtp_ca, config_path)
    assert run.returncode == 0, run.stderr + run.stdout
    assert run.json()["dmarc_pass"] is True


def test_a_non_ascii_password_goes_through_authenticate_plain(smtp_ca, config_path):
    with hostile(smtp_ca, "good", "never") as server:
        run = read_back(server, smtp_ca, config_path, password="Imäp Pw/9%\n")
        logins = server.logins
    assert run.returncode == 0, run.stderr
    assert logins == [("tester@corp.example", "Imäp Pw/9%")]


@pytest.mark.parametrize(("stdin", "words"), [
    (b"\0" * (10 * 1024 * 1024), "longer than 4096 bytes"),
    (b"\xff\n", "not UTF-8"),
], ids=["10_MB_of_zeros", "byte_ff"])
def test_an_unusable_password_on_standard_input_is_refused_with_words(smtp_ca, config_path,
                                                                      stdin, words):
    with hostile(smtp_ca, "good", "never") as server:
        run = read_back(server, smtp_ca, config_path, password=stdin)
        logins = server.logins
    assert run.returncode == 2, run.stderr
    assert words in run.stderr and "IMAP password" in run.stderr
    assert run.peak_mb < MEMORY_BOUND_MB and logins == []


def test_the_fetched_message_id_must_match(smtp_ca, config_path):
    with hostile(smtp_ca, "good", "never", message_id="<t1@acme.test>") as server:
        run = read_back(server, smtp_ca, config_path, wait=2,
                        message_id="<other@acme.test>")
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["findings"][0]["code"] == "imap_message_not_found"
    assert "t1@acme.test" not in run.stdout


@pytest.mark.parametrize("port", ["0", "-1", "70000"])
def test_a_port_that_does_not_exist_is_refused(smtp_ca, config_path, port):
    run = run_measured("check-received", "--imap-host", "127.0.0.1", "--imap-port", port,
                       "--imap-user", "t@corp.example", "--message-id", MESSAGE_ID,
                       "--password-stdin", "--config", str(config_path), stdin="pw\n")
    assert run.returncode == 2
    assert "1 to 65535" in run.stderr
