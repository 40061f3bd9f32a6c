"""Every real provider reply of the catalogue (reply_catalogue.py, each with its public
source), answered word for word by a real server.

The server (aiosmtpd on loopback) answers at the given stage with the exact provider text;
the test-send must name the right finding code, quote the reply, give a fix, and say
goodbye (QUIT) after the refusal unless the server already closed the channel.
"""

from __future__ import annotations

import re

import pytest

from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from tests.core.smtp.reply_catalogue import CATALOGUE, CONTRADICTING_CODES
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import (
    DEFAULT_PASSWORD,
    settings_for,
)

# Fixtures from the shared loopback-server module.
smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

# Known misses, kept in the measured set on purpose (docs/PERFORMANCE.md reports them).
KNOWN_MISSES: set[str] = set()

PROVIDER_REPLIES = [
    pytest.param(stage, reply, code, id=f"{stage}-{reply[:28]}", marks=(
        [pytest.mark.xfail(reason="known miss", strict=True)]
        if reply in KNOWN_MISSES else []))
    for stage, reply, code, _source in CATALOGUE + CONTRADICTING_CODES
]


@pytest.mark.parametrize(("stage", "reply", "code"), PROVIDER_REPLIES)
def test_provider_reply_becomes_the_right_finding(smtp_servers, smtp_ca, stage, reply, code):
    tls = "plain" if stage == "mail_from" and "STARTTLS" in reply else "starttls"
    server = smtp_servers(tls=tls, replies={stage: reply})
    security = "none" if tls == "plain" else "starttls"
    result = run_test_send(settings_for(server, security), "" if tls == "plain" else
                           DEFAULT_PASSWORD, recipient="boss@example.net", mode=TestMode.SEND,
                           timeout=5, ca_file=smtp_ca.cafile)
    assert not result.ok
    finding = result.findings[0]
    assert finding.code == code, (finding, result.transcript)
    assert finding.severity in ("error", "warning")
    assert finding.fix
    expected_stage = {"data_command": "data"}.get(stage, stage)
    assert result.stage == expected_stage
    assert result.reply is not None
    assert str(result.reply.code) == reply[:3]
    assert reply[:3] in finding.message  # the admin sees the server's own words too
    enhanced = re.match(r"\d{3}[ -]([245]\.\d+\.\d+)", reply)
    assert result.reply.enhanced == (enhanced.group(1) if enhanced else "")
    if stage not in ("greeting",) and not reply.startswith("421"):
        assert result.transcript[-1].endswith("C: QUIT") or any(
            line.endswith("C: QUIT") for line in result.transcript[-3:]), result.transcript
