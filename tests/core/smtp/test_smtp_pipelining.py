"""PIPELINING (RFC 2920) against real aiosmtpd servers: fewer waits, the same report."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from a2k_settings_gui.core.smtp.result import StepChanged
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, settings_for

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers


def _conversation(result) -> list[str]:
    """The transcript's client and server lines without times ("C: MAIL FROM:<...>")."""
    lines = [line.strip().split(" ", 1)[-1].strip() for line in result.transcript]
    return [line for line in lines if line[:2] in ("C:", "S:")]


def _after(lines: list[str], start: str) -> list[str]:
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    return lines[index:]


@pytest.mark.parametrize(("mode", "waits"), [(TestMode.SEND, 8), (TestMode.CONNECT, 7)])
def test_pipelining_server_gets_the_envelope_in_one_write(smtp_servers, smtp_ca, mode, waits):
    # greeting, EHLO, STARTTLS, TLS handshake, EHLO, AUTH, [MAIL RCPT DATA], [message QUIT]
    server = smtp_servers(tls="starttls", pipelining=True)
    server.replies_sent = 0
    steps: list[str] = []
    result = run_test_send(settings_for(server), DEFAULT_PASSWORD, mode=mode, timeout=5,
                           ca_file=smtp_ca.cafile,
                           progress=lambda event: steps.append(
                               f"{event.step.name}:{event.step.status}")
                           if isinstance(event, StepChanged) else None)
    assert result.ok, result.findings
    assert result.round_trips == waits
    assert result.to_dict()["round_trips"] == waits
    assert server.commands_read_ahead == 1  # RCPT and DATA were in the buffer with MAIL
    # Every step still reports its own start and end, in order.
    for name in ("mail_from", "rcpt_to", "data"):
        assert steps.index(f"{name}:running") < steps.index(f"{name}:ok")
    assert steps.index("mail_from:ok") < steps.index("rcpt_to:running")
    # Each reply stands under the command it answers.
    lines = _after(_conversation(result), "C: MAIL FROM")
    assert lines[0] == f"C: MAIL FROM:<{DEFAULT_USER}>"
    assert lines[1].startswith("S: 250 2.1.0")
    assert lines[2] == f"C: RCPT TO:<{DEFAULT_USER}>"
    assert lines[3].startswith("S: 250 2.1.5")
    assert lines[4] == "C: DATA"
    assert lines[5].startswith("S: 354")
    if mode is TestMode.SEND:
        assert len(server.messages) == 1
        tail = _after(lines, "C: .")
        assert tail[1].startswith("S: 250 2.0.0")
        assert tail[2] == "C: QUIT"
        assert tail[3].startswith("S: 221")
        assert [s.status for s in result.steps][-1] == "ok"
    else:
        assert server.messages == []


def test_without_pipelining_each_command_waits_for_its_reply(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls")
    result = run_test_send(settings_for(server), DEFAULT_PASSWORD, mode=TestMode.SEND,
                           timeout=5, ca_file=smtp_ca.cafile)
    assert result.ok, result.findings
    assert result.round_trips == 11
    assert server.commands_read_ahead == 0
    assert not any("PIPELINING" in line for line in result.transcript)


def test_recipient_refused_inside_a_group_is_diagnosed_as_the_recipient(smtp_servers,
                                                                        smtp_ca):
    server = smtp_servers(tls="starttls", pipelining=True,
                          replies={"rcpt_to": "550 5.1.1 <boss@example.net>: Recipient "
                                              "address rejected: User unknown"})
    result = run_test_send(settings_for(server), DEFAULT_PASSWORD, recipient="boss@example.net",
                           mode=TestMode.SEND, timeout=5, ca_file=smtp_ca.cafile)
    assert not result.ok
    assert result.stage == "rcpt_to"
    assert result.reply is not None and result.reply.code == 550
    assert result.reply.enhanced == "5.1.1"
    codes = [f.code for f in result.findings]
    assert codes and codes[0] != "internal_error"
    assert "boss@example.net" in result.findings[0].message + result.findings[0].fix
    assert [s.name for s in result.steps if s.status == "failed"] == ["rcpt_to"]
    assert "data" not in [s.name for s in result.steps]
    assert server.messages == []
    # The late reply to DATA is recorded under DATA, then the client says goodbye.
    lines = _after(_conversation(result), "C: RCPT TO")
    assert lines[1].startswith("S: 550 5.1.1")
    assert lines[2] == "C: DATA"
    assert lines[3].startswith("S: 503") or lines[3].startswith("S: 554")
    assert lines[4] == "C: QUIT"
    assert lines[5].startswith("S: 221")


def test_message_refused_at_the_final_dot_keeps_its_diagnosis(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", pipelining=True,
                          replies={"data": "554 5.7.1 Message rejected as spam"})
    result = run_test_send(settings_for(server), DEFAULT_PASSWORD, mode=TestMode.SEND,
                           timeout=5, ca_file=smtp_ca.cafile)
    assert not result.ok
    assert result.stage == "data"
    assert result.reply is not None and result.reply.code == 554
    lines = _after(_conversation(result), "C: .")
    assert lines[1].startswith("S: 554 5.7.1")
    assert lines[2:] == ["C: QUIT", lines[3]] and lines[3].startswith("S: 221")
    # QUIT went once, with the message: not again after the refusal.
    assert sum(line == "C: QUIT" for line in _conversation(result)) == 1
