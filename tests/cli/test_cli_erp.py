"""A2000ERP from the command line: set, show --json "erp", report, test-send as A2000ERP."""

from __future__ import annotations

import base64
import io
import json
import sys

from a2k_settings_gui.cli import main
from a2k_settings_gui.core.erp_profile import load_profile
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

ERP_ORDER = ["Sender Email ID", "Email Password", "Outgoing Mail Server (SMTP)", "Port",
             "Company Logo URL", "Logo Height", "Logo Width", "Maximum Mails per Batch",
             "Batch Interval"]


def run(monkeypatch, capsys, args, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def show_json(monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, ["show", "--json"])
    assert status == 0
    return json.loads(out)


def test_set_out_of_range_port_exits_2_naming_port_and_saves_nothing(monkeypatch, capsys,
                                                                     config_path):
    status, _, err = run(monkeypatch, capsys,
                         ["set", "smtp_host=smtp.example.com", "port=70000"])
    assert status == 2
    assert "Port" in err and "1 to 65535" in err and "nothing was saved" in err
    assert not config_path.exists()  # the valid smtp_host was not saved either


def test_set_then_show_json_has_the_values_and_the_erp_list_in_screen_order(
        monkeypatch, capsys, config_path):
    status, out, _ = run(monkeypatch, capsys,
                         ["set", "smtp_host=smtp.example.com", "port=587",
                          "sender_email=ar@example.com", "logo_width=180"])
    assert status == 0, out
    report = show_json(monkeypatch, capsys)
    assert report["settings"]["smtp_host"] == "smtp.example.com"
    # The default-port rule: 587 is Auto's own port, so it is stored as null (follows
    # Security), and the ERP still gets 587 to type.
    assert report["settings"]["port"] is None and report["effective_port"] == 587
    erp = report["erp"]
    assert [row["label"] for row in erp] == ERP_ORDER == load_profile().labels
    values = {row["label"]: row["value"] for row in erp}
    assert values["Outgoing Mail Server (SMTP)"] == "smtp.example.com"
    assert values["Port"] == 587 and values["Logo Width"] == 180
    password = next(row for row in erp if row["label"] == "Email Password")
    assert password["value"] is None and password["stored"] is False


def test_show_json_says_a_stored_password_is_stored_without_showing_it(
        monkeypatch, capsys, config_path):
    run(monkeypatch, capsys, ["set", "sender_email=ar@example.com"])
    assert run(monkeypatch, capsys, ["password", "--stdin"], "S3cret-pw!\n")[0] == 0
    status, out, _ = run(monkeypatch, capsys, ["show", "--json"])
    assert "S3cret-pw!" not in out
    password = next(r for r in json.loads(out)["erp"] if r["label"] == "Email Password")
    assert password == {"key": "password", "label": "Email Password", "value": None,
                        "stored": True, "group": "Mail Server Setting"}


def test_set_unknown_field_and_password_are_refused(monkeypatch, capsys, config_path):
    status, _, err = run(monkeypatch, capsys, ["set", "colour=red"])
    assert status == 2 and "unknown field 'colour'" in err and "smtp_host" in err
    status, _, err = run(monkeypatch, capsys, ["set", "password=x"])
    assert status == 2 and "password --stdin" in err


def test_set_accepts_a_reserved_domain_and_show_warns(monkeypatch, capsys, config_path):
    assert run(monkeypatch, capsys, ["set", "sender_email=ar@corp.local"])[0] == 0
    report = show_json(monkeypatch, capsys)
    assert report["settings"]["sender_email"] == "ar@corp.local"
    assert "sender_domain_reserved" in [f["code"] for f in report["findings"]]


def test_set_login_name_moves_the_stored_password(monkeypatch, capsys, config_path):
    run(monkeypatch, capsys, ["set", "sender_email=ar@example.com"])
    run(monkeypatch, capsys, ["password", "--stdin"], "pw-123\n")
    status, out, _ = run(monkeypatch, capsys, ["set", "login_name=apikey"])
    assert status == 0 and "now belongs to apikey" in out
    assert show_json(monkeypatch, capsys)["password_stored"] is True
    status, out, _ = run(monkeypatch, capsys, ["set", "login_name=", "--json"])
    report = json.loads(out)
    assert status == 0 and report["password"] == "moved" and report["password_moved"] is True
    assert report["findings"] == []
    status, out, _ = run(monkeypatch, capsys, ["set", "sender_name=ACME", "--json"])
    assert json.loads(out)["password"] == "unchanged"


def test_set_without_a_keyring_saves_and_warns_that_the_password_stayed(
        monkeypatch, capsys, config_path, no_keyring):
    run(monkeypatch, capsys, ["set", "sender_email=ar@example.com"])
    status, out, _ = run(monkeypatch, capsys, ["set", "login_name=apikey", "--json"])
    report = json.loads(out)
    assert status == 0 and report["changed"]["login_name"]["new"] == "apikey"
    assert report["password"] == "not_stored" and report["password_moved"] is False
    assert [f["code"] for f in report["findings"]] == ["keyring_unavailable"]
    assert "password --stdin" in report["findings"][0]["fix"]


def test_test_send_with_apikey_login_passes_with_erp_login_differs(
        monkeypatch, capsys, smtp_servers, smtp_ca, config_path):
    server = smtp_servers(tls="starttls", users={"apikey": "SG.key"})
    status, out, _ = run(monkeypatch, capsys, [
        "test-send", "--server", "localhost", "--port", str(server.port),
        "--user", "apikey", "--from", "sender@example.com", "--to", "boss@example.net",
        "--cafile", smtp_ca.cafile, "--password-stdin", "--json"], "SG.key\n")
    assert status == 0, out
    report = json.loads(out)
    assert report["ok"] is True
    assert "erp_login_differs" in [f["code"] for f in report["findings"]]


def test_test_send_from_a_test_domain_runs_and_warns(monkeypatch, capsys, smtp_servers,
                                                    smtp_ca, config_path):
    server = smtp_servers(tls="starttls", users={"sender@lab.test": DEFAULT_PASSWORD})
    status, out, err = run(monkeypatch, capsys, [
        "test-send", "--server", "localhost", "--port", str(server.port),
        "--from", "sender@lab.test", "--to", "boss@example.net", "--cafile", smtp_ca.cafile,
        "--password-stdin", "--json"], DEFAULT_PASSWORD + "\n")
    assert status != 2, err
    report = json.loads(out)
    assert report["ok"] is True
    assert "sender_domain_reserved" in [f["code"] for f in report["findings"]]


def test_report_never_contains_the_password_in_any_form(
        monkeypatch, capsys, smtp_servers, smtp_ca, config_path, tmp_path):
    server = smtp_servers(tls="starttls")
    run(monkeypatch, capsys, ["set", f"sender_email={DEFAULT_USER}", "smtp_host=localhost",
                              f"port={server.port}", f"ca_file={smtp_ca.cafile}",
                              "test_recipient=me@personal.example"])
    assert run(monkeypatch, capsys, ["password", "--stdin"], DEFAULT_PASSWORD + "\n")[0] == 0
    status, out, _ = run(monkeypatch, capsys, ["test-send"])
    assert status == 0, out
    assert server.messages[0].rcpt_tos == ["me@personal.example"]  # the Test recipient

    status, text, _ = run(monkeypatch, capsys, ["report"])
    html_file = tmp_path / "report.html"
    assert run(monkeypatch, capsys, ["report", "--out", str(html_file)])[0] == 0
    html_text = html_file.read_text(encoding="utf-8")
    latest = (config_path.parent / "latest-checks.json").read_text(encoding="utf-8")

    forms = [DEFAULT_PASSWORD]
    for raw in (DEFAULT_PASSWORD, f"\0{DEFAULT_USER}\0{DEFAULT_PASSWORD}"):
        forms.append(base64.b64encode(raw.encode()).decode())
    for document in (text, html_text, latest):
        for form in forms:
            assert form not in document
    # ...and it does hold what support needs.
    assert "Sender Email ID: sender@example.com" in text
    assert "Email Password: stored in this computer's password store (not shown)" in text
    assert "Latest Send Test Email (of the saved settings):" in text and "result: OK" in text
    assert "Sender Email ID: sender@example.com  [Send Test Email passed]" in text
    assert "AUTH PLAIN" in text  # the transcript, with the credentials masked
    assert "Tool version:" in text and "OS:" in text
    assert html_text.startswith("<!DOCTYPE html>") and "<pre>" in html_text


def test_report_has_the_latest_logo_verdict(monkeypatch, capsys, config_path):
    from tests.servers.http_images import ImageHost

    with ImageHost() as host:
        status, _out, _err = run(monkeypatch, capsys, ["check-logo", host.url("/logo.png")])
    assert status in (0, 1)
    status, text, _ = run(monkeypatch, capsys, ["report"])
    assert status == 0
    # A URL given on the command line is not the saved setup's: kept as a one-off.
    section = text.split("Latest Check Logo (of the saved settings):")[1]
    assert section.split("\n")[1] == "  not checked yet"
    others = text.split("Checks of other values")[1]
    assert "/logo.png" in others and "verdict:" in others
    assert "A one-off check of other values (command-line options)" in others
