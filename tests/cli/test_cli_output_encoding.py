"""Every sub-command survives a cp1252 console with redirected output (Windows' default
for a script that pipes or redirects): no UnicodeEncodeError, the same exit status as with
UTF-8, and what it prints is UTF-8. Reports carry "→", "…" and international names.

Reproduced anywhere with PYTHONIOENCODING=cp1252, the encoding Python picks on Windows
when output is redirected.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from a2k_settings_gui.cli import build_parser
from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from tests.servers.detect_env import free_port
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone

pytestmark = pytest.mark.timeout(90)
ROOT = Path(__file__).resolve().parents[2]
# A real received message (headers cited in tests/data/received/SOURCES.md).
RECEIVED = ROOT / "tests" / "data" / "received" / "yahoo-postmark-dmarc-pass.eml"

# Settings an admin in Munich might have: non-ASCII in the name, the domain and the logo.
SETTINGS = EmailSettings(
    sender_email="rechnung@müller-söhne.de",
    sender_name="Müller & Söhne — Buchhaltung",
    smtp_host="127.0.0.1",
    logo_url="https://www.müller-söhne.de/bilder/logo-groß.png",
)


def sub_parsers() -> dict:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return dict(action.choices)


def all_variants() -> list[tuple[str, bool]]:
    """(command, with --json) for every sub-command, the JSON variant where it has one."""
    variants = []
    for name, parser in sorted(sub_parsers().items()):
        variants.append((name, False))
        if "--json" in parser._option_string_actions:
            variants.append((name, True))
    return variants


@pytest.fixture(scope="module")
def dns_server():
    with TestDnsServer(build_zone(), silent=SILENT_DOMAINS) as server:
        yield server


@pytest.fixture
def workspace(tmp_path, dns_server):
    config = tmp_path / "email-settings.json"
    SettingsStore(config).save(SETTINGS)
    secrets.set_password(SETTINGS.effective_login, "geheim-passwort")
    closed = free_port()  # nothing listens there: connection refused, at once
    exported = tmp_path / "export-müller.json"
    argv = {
        "show": ["show"],
        "export": ["export", str(exported)],
        "import": ["import", str(exported)],
        "password": ["password", "--delete"],
        "gui": ["gui"],
        "wizard": ["wizard"],
        "test-send": ["test-send", "--port", str(closed), "--timeout", "2"],
        "check-logo": ["check-logo", f"http://127.0.0.1:{closed}/logo-groß.png",
                       "--timeout", "2", "--dns-server", dns_server.address],
        "check-domain": ["check-domain", "relay.test", "--smtp-host", SERVER,
                         "--dns-server", dns_server.address, "--timeout", "2"],
        "check-received": ["check-received", str(RECEIVED)],
        "set": ["set", "sender_name=Müller & Söhne — Rechnungswesen", "port=587"],
        "report": ["report"],
        "detect": ["detect", "ar@relay.test", "--dns-server", dns_server.address,
                   "--timeout", "2", "--autoconfig-url", f"http://127.0.0.1:{closed}/x.xml"],
    }
    # The export runs first so that `import` has its file.
    SettingsStore(exported).save(SETTINGS)
    return config, argv


def run(argv: list[str], encoding: str, config) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING=encoding, QT_QPA_PLATFORM="offscreen",
               A2K_QUIT_AFTER_SHOWN="1", A2K_EMAIL_SETTINGS_CONFIG=str(config))
    env.pop("A2K_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "a2k_settings_gui", *argv],
        stdin=subprocess.DEVNULL, capture_output=True,
        env=env, cwd=tempfile.gettempdir(), timeout=60,
    )


@pytest.mark.parametrize(("command", "json_output"), all_variants())
def test_every_sub_command_survives_cp1252_redirected_output(command, json_output,
                                                            workspace):
    config, known = workspace
    # A sub-command added later without an entry above still runs: with the settings'
    # defaults, which at worst is a usage error (exit 2) in both encodings.
    argv = list(known.get(command, [command]))
    if json_output:
        argv.append("--json")
    utf8 = run(argv, "utf-8", config)
    cp1252 = run(argv, "cp1252", config)
    for result in (utf8, cp1252):
        err = result.stderr.decode("utf-8")
        assert "UnicodeEncodeError" not in err and "unexpected" not in err, err
        result.stdout.decode("utf-8")  # strict: what is printed is UTF-8
    assert cp1252.returncode == utf8.returncode, cp1252.stderr.decode("utf-8")
    assert cp1252.stdout.replace(b"\r\n", b"\n").count(b"\n") == utf8.stdout.count(b"\n")


def test_reports_do_contain_what_cp1252_cannot_encode(workspace):
    """Guards the test above: the outputs it compares really hold characters outside
    cp1252, which raised UnicodeEncodeError before output was made UTF-8."""
    config, known = workspace
    result = run(known["check-domain"], "cp1252", config)
    text = result.stdout.decode("utf-8")
    assert result.returncode == 1
    assert any(ch in text for ch in "→…✓✗") or not text.isascii()
    with pytest.raises(UnicodeEncodeError):
        text.encode("cp1252")
