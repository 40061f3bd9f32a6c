"""`a2k-email-settings check-received FILE|-` as an admin's script runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_cli, run_json
from tests.servers import imap as imap_fixtures

imap_server = imap_fixtures.imap_server

DATA = Path(__file__).resolve().parents[1] / "data" / "received"


def test_gmail_dmarc_fail_exits_1_with_the_contract():
    code, report = run_json("check-received", str(DATA / "gmail-amazonses-dmarc-fail.txt"))
    assert code == 1
    assert report["from_domain"] == "gmail.com"
    assert report["receivers"][0]["authserv_id"] == "mx.google.com"
    assert report["receivers"][0]["dmarc"]["result"] == "fail"
    assert report["alignment"]["dkim"] == {"result": "pass", "domain": "amazonses.com",
                                           "aligned": False, "mode": "relaxed"}
    assert {f["code"] for f in report["findings"]} >= {"dmarc_fail", "dkim_not_aligned"}
    assert all(set(f) == {"code", "severity", "message", "fix"} for f in report["findings"])


def test_yahoo_pass_from_standard_input_exits_0():
    text = (DATA / "yahoo-postmark-dmarc-pass.eml").read_text(encoding="utf-8")
    code, report = run_json("check-received", "-", stdin=text)
    assert code == 0
    assert report["dmarc_pass"] is True
    assert report["dkim_selector_for_domain_check"] == "20240920183138pm"
    assert [h["by"] for h in report["hops"]][-1].startswith("atlas-production")


def test_microsoft_pass_in_junk_exits_0_but_says_spam():
    result = run_cli("check-received", str(DATA / "m365-dmarc-pass-marked-spam.txt"))
    assert result.returncode == 0
    assert "Microsoft 365 / Outlook.com (final receiver, mx.microsoft.com)" in result.stdout
    assert "[error] marked_as_spam" in result.stdout
    result.stdout.encode("cp1252")  # a Windows console can print every line


def test_not_a_message_exits_2_with_words(tmp_path):
    path = tmp_path / "statement.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 100)
    result = run_cli("check-received", str(path))
    assert result.returncode == 2
    assert "binary file, not an e-mail message" in result.stderr
    assert "Traceback" not in result.stderr


def test_header_bomb_exits_2(tmp_path):
    path = tmp_path / "bomb.eml"
    path.write_bytes(b"From: a@example.com\n" + b"Received: from x by y\n" * 10_000 + b"\n")
    result = run_cli("check-received", str(path), "--json")
    assert result.returncode == 2
    assert "more than 2000 fields" in result.stderr
    assert result.stdout == ""


def test_no_authentication_results_exits_1(tmp_path):
    path = tmp_path / "sent-copy.eml"
    path.write_text("From: accounts@example.com\nTo: a@example.net\nSubject: test\n"
                    "Message-ID: <x@example.com>\n\nbody\n", encoding="utf-8")
    code, report = run_json("check-received", str(path))
    assert code == 1
    assert [f["code"] for f in report["findings"]] == ["no_auth_results"]
    assert json.dumps(report)  # one JSON object


def test_dmarc_lookup_reads_the_alignment_mode_from_a_real_dns_server(tmp_path):
    """--dmarc-lookup asks the given DNS server (dnslib on loopback) for the record."""
    from tests.servers.dns import TestDnsServer

    zone = {"_dmarc.mail.app.supabase.io": [("TXT", "v=DMARC1; p=reject; adkim=s; aspf=s")]}
    with TestDnsServer(zone) as dns:
        code, report = run_json("check-received", str(DATA / "yahoo-postmark-dmarc-pass.eml"),
                                "--dmarc-lookup", "--dns-server", dns.address)
    assert code == 0  # the receiver's DMARC pass stands
    assert report["dmarc_record"]["found_at"] == "_dmarc.mail.app.supabase.io"
    assert report["alignment"]["dkim"]["mode"] == "strict"
    assert report["alignment"]["dkim"]["aligned"] is True  # d= is the From domain itself
    assert report["alignment"]["spf"] == {"result": "pass",
                                          "domain": "pm-bounces.mail.app.supabase.io",
                                          "aligned": False, "mode": "strict"}


def test_dmarc_lookup_with_a_silent_dns_server_stays_bounded():
    from tests.servers.dns import TestDnsServer

    with TestDnsServer({}, silent={"supabase.io"}) as dns:
        result = run_cli("check-received", str(DATA / "yahoo-postmark-dmarc-pass.eml"),
                         "--dmarc-lookup", "--dns-server", dns.address, "--timeout", "1")
    assert result.returncode == 0
    assert "DNS did not answer" in result.stdout


def test_a_50_mb_message_on_standard_input_is_judged_from_its_headers():
    """A pipe cannot be seeked: the command reads a bounded amount and stops."""
    import subprocess
    import sys
    import tempfile

    head = (DATA / "m365-dmarc-pass-marked-spam.txt").read_bytes() + b"\n"
    body = b"JVBERi0xLjQK" * (50 * 1024 * 1024 // 12)
    process = subprocess.Popen([sys.executable, "-m", "a2k_settings_gui", "check-received",
                                "-", "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
    try:
        process.stdin.write(head + body)
    except OSError:
        pass  # the command had what it needed and left (Windows: EINVAL, not EPIPE)
    finally:
        try:
            process.stdin.close()
        except OSError:
            pass
    out, err = process.stdout.read(), process.stderr.read()
    assert process.wait(timeout=60) == 0, err.decode()
    assert json.loads(out)["dmarc_pass"] is True


def test_broken_encodings_exit_by_the_verdict_not_a_traceback(tmp_path):
    path = tmp_path / "broken.eml"
    path.write_bytes(b"From: =?utf-8?B?!!!?= <acc\xffounts@example.com>\n"
                     b"Subject: caf\xe9 \xff\xfe\n"
                     b"Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=x.test;"
                     b" dmarc=fail header.from=example.com\n"
                     b"Received: from relay.x.test (relay.x.test [192.0.2.7]) by mx.example.net;"
                     b" Mon, 30 Nov 2026 08:25:10 +0000\n\nbody\n")
    result = run_cli("check-received", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "[error] dmarc_fail" in result.stdout


def test_fetch_over_imap_from_a_real_dovecot(imap_server, tmp_path):
    """check-received --imap-host: the GUI's read-back for scripts; password on stdin."""
    from tests.core.received.test_imap import MESSAGE_ID, received_copy
    from tests.servers.imap import PASSWORD, USER

    imap_server.deliver(received_copy())
    common = ["check-received", "--config", str(tmp_path / "s.json"), "--imap-host",
              "localhost", "--imap-port", str(imap_server.imaps_port), "--imap-user", USER,
              "--cafile", imap_server.cafile, "--password-stdin", "--wait", "3"]
    code, report = run_json(*common, "--message-id", MESSAGE_ID, stdin=PASSWORD + "\n")
    assert code == 0
    assert report["message_id"] == MESSAGE_ID and report["dmarc_pass"] is True
    assert PASSWORD not in json.dumps(report)

    code, report = run_json(*common, "--message-id", "<not-sent@acme.example>",
                            stdin=PASSWORD + "\n")
    assert code == 1
    assert [f["code"] for f in report["findings"]] == ["imap_message_not_found"]

    result = run_cli(*common, "--message-id", MESSAGE_ID, stdin="wrong\n")
    assert result.returncode == 3
    assert "refused the login" in result.stderr and "wrong" not in result.stderr


def test_file_or_imap_is_required():
    result = run_cli("check-received")
    assert result.returncode == 2 and "FILE:" in result.stderr


def test_forged_verdicts_exit_1_and_name_the_claims(tmp_path):
    data = Path(__file__).resolve().parents[1] / "data" / "received"
    forged = run_cli("check-received", str(data / "forged-gmail-verdict-receiver-wrote-none.eml"),
                     "--config", str(tmp_path / "s.json"))
    assert forged.returncode == 1, forged.stdout
    assert "Delivered and authenticated" not in forged.stdout
    assert "Claims that came with the message" in forged.stdout
    other = run_cli("check-received", str(data / "from-other-sender-dmarc-pass.eml"),
                    "--from", "accounts@acme.test", "--json",
                    "--config", str(tmp_path / "s.json"))
    assert other.returncode == 1
    assert "from_not_sender" in {f["code"] for f in json.loads(other.stdout)["findings"]}
