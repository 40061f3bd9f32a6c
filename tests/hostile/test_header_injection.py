"""Nothing injected: every control character refused in
every text field, headers that no value can break even when validation is bypassed (each
character sent to a real aiosmtpd server and the arrived message read back), SMTPUTF8,
and a password on stdin that is not UTF-8."""

from __future__ import annotations

import email
import json
from email import policy

import pytest

from a2k_settings_gui.core.settings import FIELDS_BY_KEY, EmailSettings, parse_value
from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from a2k_settings_gui.core.store import SettingsStore
from tests.cli.helpers import run_cli
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, settings_for

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

# C0, DEL, C1, the Unicode line and paragraph separators, and a lone surrogate.
DANGEROUS = [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)] + [
    "\u2028", "\u2029", "\ud800"]
TEXT_FIELDS = ["sender_email", "smtp_host", "login_name", "sender_name", "logo_url",
               "ca_file", "security", "dns_servers"]
INJECTION = "Reply-To : attacker@evil.example"
VALID = {"sender_email": "ar@acme.example.com", "smtp_host": "smtp.acme.example.com",
         "login_name": "ar", "sender_name": "ACME", "logo_url": "https://acme.example.com/l.png",
         "ca_file": "ca.pem", "security": "starttls", "dns_servers": "192.0.2.53"}


def test_every_text_field_refuses_every_dangerous_character_naming_the_field():
    for key in TEXT_FIELDS:
        label = FIELDS_BY_KEY[key].label
        for char in DANGEROUS:
            for raw in (VALID[key] + char + INJECTION, char + VALID[key], VALID[key] + char):
                value, problem = parse_value(key, raw)
                assert problem is not None, (key, hex(ord(char)), value)
                assert problem.message.startswith(label) or label in problem.message, (
                    key, problem.message)
                assert f"U+{ord(char):04X}" in problem.message


@pytest.mark.parametrize(("option", "label"), [("--user", "Login name"),
                                                ("--from", "Sender Email ID"),
                                                ("--server", "Outgoing Mail Server")])
@pytest.mark.parametrize("char", ["\x1c", "\x0b", "\x85", "\u2028"])
def test_cli_options_refuse_control_characters(config_path, option, label, char):
    result = run_cli("test-send", option, f"ar{char}x@acme.example.com", "--password-stdin",
                     stdin="pw\n")
    assert result.returncode == 2, result.stderr
    assert option in result.stderr and label in result.stderr
    assert "Traceback" not in result.stderr


def test_import_refuses_a_sender_name_with_a_separator(tmp_path, config_path):
    source = tmp_path / "in.json"
    body = {**EmailSettings(sender_email="ar@acme.example.com",
                            smtp_host="smtp.acme.example.com").to_dict(),
            "sender_name": "ACME\u2028" + INJECTION}
    source.write_text(json.dumps({"format": "a2k-email-settings", "version": 1,
                                  "settings": body}), encoding="utf-8")
    result = run_cli("import", str(source))
    assert result.returncode == 2
    assert "Sender name must be on one line" in result.stderr
    assert not config_path.exists()


def test_the_dialog_refuses_a_control_character_naming_the_field(qtbot, tmp_path):
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    dialog = EmailSettingDialog(SettingsStore(tmp_path / "s.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())  # the keyring read finished
    dialog.sender_email.setText("ar@acme.example.com")
    dialog.smtp_host.setText("smtp.acme.example.com")
    dialog.sender_name.setText("ACME\x1c" + INJECTION)  # as pasted from another program
    problems = {p.field: p.message for p in dialog.form_problems()}
    assert problems["sender_name"].startswith("Sender name must be on one line")
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    for widget in (dialog.sender_email, dialog.smtp_host, dialog.sender_name):
        widget.setText("")  # nothing unsaved: closing asks no question


def _header_lines(raw: bytes) -> list[bytes]:
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    return head.replace(b"\r\n", b"\n").split(b"\n")


def test_no_character_can_start_a_header_on_the_wire(smtp_servers, smtp_ca):
    """Validation bypassed on purpose (settings built directly): the message builder alone
    must keep each value inside its header. Each character goes to a real server."""
    server = smtp_servers(tls="starttls")
    for char in DANGEROUS:
        settings = settings_for(server, "starttls", sender_name=f"ACME{char}{INJECTION}")
        result = run_test_send(settings, DEFAULT_PASSWORD, recipient=f"boss{char}@example.net"
                               if char == "\x00" else "boss@example.net",
                               mode=TestMode.SEND, timeout=5, ca_file=smtp_ca.cafile)
        assert result.stage in ("done", "rcpt_to"), (hex(ord(char)), result.findings)
        if result.stage != "done":
            continue
        raw = server.messages[-1].original_content
        message = email.message_from_bytes(raw, policy=policy.default)
        assert "Reply-To" not in message, hex(ord(char))
        names = [line.split(b":", 1)[0] for line in _header_lines(raw)
                 if line and line[:1] not in (b" ", b"\t")]
        assert all(b" " not in name for name in names), (hex(ord(char)), names)
        assert names.count(b"From") == 1 and b"Reply-To" not in names
        assert "ACME" in str(message["From"])
    assert len(server.messages) >= len(DANGEROUS) - 1


def test_non_ascii_local_parts_go_out_with_smtputf8(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", smtputf8=True)
    settings = settings_for(server, "starttls", sender_email="jörg@example.com",
                            login_name=DEFAULT_USER, sender_name="Jörg Müller")
    result = run_test_send(settings, DEFAULT_PASSWORD, recipient="müller@example.net",
                           mode=TestMode.SEND, timeout=5, ca_file=smtp_ca.cafile)
    assert result.ok, result.findings
    [envelope] = server.messages
    assert envelope.mail_from == "jörg@example.com"
    assert "SMTPUTF8" in envelope.mail_options
    assert envelope.rcpt_tos == ["müller@example.net"]
    raw = envelope.original_content
    assert b"=?utf-8?" not in raw.split(b"\r\n\r\n", 1)[0]
    message = email.message_from_string(raw.decode("utf-8"), policy=policy.default)
    assert message["From"].addresses[0].addr_spec == "jörg@example.com"
    assert message["From"].addresses[0].display_name == "Jörg Müller"
    assert message["To"].addresses[0].addr_spec == "müller@example.net"


def test_non_ascii_local_part_without_smtputf8_is_refused_with_a_finding(smtp_servers,
                                                                          smtp_ca):
    server = smtp_servers(tls="starttls")  # no SMTPUTF8 offered
    settings = settings_for(server, "starttls", sender_email="jörg@example.com",
                            login_name=DEFAULT_USER)
    result = run_test_send(settings, DEFAULT_PASSWORD, recipient="boss@example.net",
                           mode=TestMode.SEND, timeout=5, ca_file=smtp_ca.cafile)
    assert not result.ok
    assert result.stage == "mail_from"
    assert [f.code for f in result.findings][0] == "smtputf8_not_offered"
    assert "jörg@example.com" in result.findings[0].message
    assert server.messages == []  # nothing sent, nothing mangled


@pytest.mark.parametrize("command", [("password", "--stdin"),
                                     ("test-send", "--password-stdin")])
@pytest.mark.parametrize("stdin", [b"\xff\xfePass\n", b"Pa\xc3ss\n", b"\x00" * 10000])
def test_a_password_on_stdin_that_is_not_utf8_is_exit_2_naming_it(config_path, command,
                                                                   stdin):
    from tests.hostile.measure import run_measured

    SettingsStore(config_path).save(EmailSettings(sender_email="ar@acme.example.com",
                                                  smtp_host="127.0.0.1", port=9))
    run = run_measured(*command, stdin=stdin)
    assert run.returncode == 2, run.stderr
    assert "Email Password" in run.stderr
    assert "Traceback" not in run.stderr and "unexpected" not in run.stderr
