"""IMAP read-back against a real dovecot on loopback (tests/servers/imap.py)."""

from __future__ import annotations

import threading
import time

import pytest

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.received import read_received_bytes
from a2k_settings_gui.core.received.imap import (
    ImapProblem,
    ImapServer,
    ImapWaiting,
    imap_server_for,
    wait_for_message,
)
from tests.servers import imap as imap_fixtures
from tests.servers.imap import PASSWORD, USER

imap_server = imap_fixtures.imap_server

MESSAGE_ID = "<a2k-test-20261130.4711@acme-trading.example>"


def received_copy(message_id: str = MESSAGE_ID) -> bytes:
    """A received test e-mail as the mailbox stores it: the receiver's verdict on top."""
    return ("Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=acme.example;"
            " dkim=pass header.d=acme.example header.s=s1; dmarc=pass header.from=acme.example"
            "\r\nReceived: from mail.acme.example (mail.acme.example [192.0.2.10]) by "
            "mx.receiver.test with ESMTPS; Mon, 30 Nov 2026 08:00:05 +0000\r\n"
            "From: Accounts <accounts@acme.example>\r\nTo: test@example.net\r\n"
            f"Subject: A2000ERP test e-mail\r\nMessage-ID: {message_id}\r\n"
            "Date: Mon, 30 Nov 2026 08:00:00 +0000\r\n\r\n" + "Statement. " * 5000).encode()


def server_of(dovecot, security: str = "ssl") -> ImapServer:
    port = dovecot.imaps_port if security == "ssl" else dovecot.imap_port
    return ImapServer("localhost", port, security)


def test_finds_the_message_in_the_inbox_and_reads_only_its_headers(imap_server):
    imap_server.deliver(received_copy("<someone-else@example.org>"))
    imap_server.deliver(received_copy())
    found = wait_for_message(server_of(imap_server), USER, PASSWORD, MESSAGE_ID,
                             ca_file=imap_server.cafile, wait_seconds=5)
    assert found.folder == "INBOX" and not found.junk
    assert MESSAGE_ID.encode() in found.headers
    assert b"Statement." not in found.headers  # the body stays on the server
    report = read_received_bytes(found.headers)
    assert report.dmarc_pass and report.message_id == MESSAGE_ID


def test_waits_for_a_late_message_with_starttls(imap_server):
    timer = threading.Timer(1.5, imap_server.deliver, args=(received_copy(),))
    timer.start()
    waits = []
    try:
        found = wait_for_message(server_of(imap_server, "starttls"), USER, PASSWORD,
                                 MESSAGE_ID, ca_file=imap_server.cafile, wait_seconds=20,
                                 poll_seconds=0.5, progress=waits.append)
    finally:
        timer.cancel()
    assert found.polls >= 2
    assert waits and isinstance(waits[0], ImapWaiting) and waits[0].folders == ("INBOX",
                                                                                 "Junk")


def test_a_message_in_junk_is_the_receivers_spam_verdict(imap_server):
    imap_server.deliver(received_copy(), folder="Junk")
    found = wait_for_message(server_of(imap_server), USER, PASSWORD, MESSAGE_ID,
                             ca_file=imap_server.cafile, wait_seconds=5)
    assert found.folder == "Junk" and found.junk
    report = read_received_bytes(found.headers, junk_folder=found.folder)
    assert "marked_as_spam" in {f.code for f in report.findings}
    assert "Junk folder" in report.findings[-1].message


def test_wrong_password_is_a_clear_refusal_without_the_password(imap_server):
    with pytest.raises(ImapProblem) as problem:
        wait_for_message(server_of(imap_server), USER, "wrong-" + PASSWORD, MESSAGE_ID,
                         ca_file=imap_server.cafile, wait_seconds=5)
    assert problem.value.code == "imap_login_failed"
    assert PASSWORD not in f"{problem.value} {problem.value.fix}"


def test_not_arrived_in_time_is_bounded(imap_server):
    started = time.monotonic()
    with pytest.raises(ImapProblem) as problem:
        wait_for_message(server_of(imap_server), USER, PASSWORD, MESSAGE_ID,
                         ca_file=imap_server.cafile, wait_seconds=1.5, poll_seconds=0.5)
    assert problem.value.code == "imap_message_not_found"
    assert time.monotonic() - started < 10


def test_cancel_lands_during_the_wait(imap_server):
    cancel = CancelToken()
    threading.Timer(0.8, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        wait_for_message(server_of(imap_server), USER, PASSWORD, MESSAGE_ID,
                         ca_file=imap_server.cafile, wait_seconds=60, poll_seconds=5,
                         cancel=cancel)
    assert time.monotonic() - started < 3


def test_untrusted_certificate_and_closed_port(imap_server):
    with pytest.raises(ImapProblem) as problem:
        wait_for_message(server_of(imap_server), USER, PASSWORD, MESSAGE_ID, wait_seconds=1)
    assert problem.value.code == "imap_tls_failed"
    from tests.servers.smtp import free_port

    with pytest.raises(ImapProblem) as problem:
        wait_for_message(ImapServer("127.0.0.1", free_port()), USER, PASSWORD, MESSAGE_ID,
                         wait_seconds=1)
    assert problem.value.code == "imap_unreachable"


def test_known_providers_say_what_login_works():
    assert imap_server_for("someone@gmail.com").host == "imap.gmail.com"
    assert "app password" in imap_server_for("x@yahoo.com").note
    outlook = imap_server_for("x@hotmail.com")
    assert not outlook.password_login and "Paste the headers" in outlook.note
    with pytest.raises(ImapProblem) as problem:
        wait_for_message(outlook, "x@hotmail.com", "pw", MESSAGE_ID)
    assert problem.value.code == "imap_oauth_only"
    assert imap_server_for("accounts@acme.example") is None


def test_the_imap_password_is_kept_out_of_the_log(imap_server):
    from a2k_settings_gui.core.app_log import redact

    with pytest.raises(ImapProblem):
        wait_for_message(server_of(imap_server), USER, "Typed-" + PASSWORD, MESSAGE_ID,
                         ca_file=imap_server.cafile, wait_seconds=1)
    assert "Typed-" + PASSWORD not in redact(f"login failed with Typed-{PASSWORD}")
