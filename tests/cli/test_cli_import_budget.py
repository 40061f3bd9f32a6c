"""Each sub-command imports only what it uses.

The command runs in a fresh process under `python -X importtime`, and the modules it loads
beyond a bare interpreter's are counted. A sub-command that starts to load a library it
does not need (the reply tables on a test that worked, email_validator for a plain
address, dnspython's DNS-over-HTTPS stack, Pillow in test-send...) fails here, before the
extra start-up time reaches an admin. Counts, not timings: a shared machine cannot time.
The budgets sit ~10% above the counts when they were set; raise one only with a reason.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.servers import http_images
from tests.servers import smtp as smtp_fixtures
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers
image_ca = http_images.image_ca
image_ca_file = http_images.image_ca_file
https_image_host = http_images.https_image_host

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "received"
_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$")

# Libraries a sub-command must never load (beyond what its work needs).
NEVER_IN_TEST_SEND = ("PIL", "dns", "requests", "email_validator", "keyring", "httpx",
                      "httpx2", "a2k_settings_gui.core.smtp.replies", "PySide6",
                      # the check lines are appended plainly; the message is our own text
                      "logging", "email.message", "email.mime", "email.utils", "html",
                      # the values are core.kit.record classes, not dataclasses (which
                      # bring inspect, ast, dis and tokenize); the rest are replaced by a
                      # few lines each (core.net.resolve, core.support.latest, the BOM)
                      "dataclasses", "inspect", "ast", "dis", "queue", "heapq", "datetime",
                      "encodings.utf_8_sig",
                      # ssl is given the SNI name as ASCII bytes (core.smtp.session)
                      "encodings.idna",
                      # with --password-stdin the keyring's module (and its thread) never
                      # starts
                      "a2k_settings_gui.core.secrets")
# Only where the budgets were set: truststore (Windows, macOS) imports typing itself.
NEVER_IN_TEST_SEND_ON_LINUX = ("typing",)
NEVER_IN_CHECK_DOMAIN = ("PIL", "httpx", "httpx2", "email.mime", "keyring", "PySide6")
NEVER_IN_CHECK_RECEIVED = ("PIL", "dns", "requests", "keyring", "email_validator", "PySide6")
NEVER_IN_CHECK_LOGO = ("dns.resolver", "keyring", "email.mime", "email_validator", "PySide6")


def _modules(command: list[str], *, stdin: str = "",
             env: dict[str, str] | None = None) -> tuple[set[str], subprocess.CompletedProcess]:
    # -S with this process's sys.path (the checkout left out: the installed package runs):
    # the packages are found as usual, but no .pth file runs, so what a machine's
    # site-packages loads at start-up is not counted.
    path = [p for p in sys.path if p and Path(p).resolve() != ROOT]
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(path), **(env or {}))
    done = subprocess.run([sys.executable, "-S", "-X", "importtime", *command], input=stdin,
                          capture_output=True, text=True, timeout=120, env=environment,
                          cwd=tempfile.gettempdir())
    found = {m.group(1) for m in map(_IMPORT_LINE.match, done.stderr.splitlines()) if m}
    return found, done


@pytest.fixture(scope="module")
def bare_interpreter() -> set[str]:
    """What the interpreter loads by itself: not the command's doing."""
    return _modules(["-c", "pass"])[0]


@pytest.fixture(scope="module")
def allowance(bare_interpreter: set[str]) -> int:
    """Modules Windows and macOS load and Linux does not: truststore (the OS checks the
    certificates), the keyring's and the proxy's platform backends. The budgets were set
    on Linux; elsewhere they grow by this much."""
    if sys.platform not in ("win32", "darwin"):
        return 0
    return len(_modules(["-c", "import ssl, truststore"])[0] - bare_interpreter) + 40


def _imported(bare: set[str], tmp_path: Path, *args: str, stdin: str = "") -> tuple[
        set[str], dict]:
    config = str(tmp_path / "settings.json")
    found, done = _modules(["-m", "a2k_settings_gui", *args, "--json", "--config", config],
                           stdin=stdin)
    assert done.stdout.strip(), done.stderr[-3000:]
    return found - bare, json.loads(done.stdout)


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


# Set at 140 and 133 modules (main before: 159 and 152); closer than the ~10% of the other
# budgets, so that the dataclasses, typing and the like cannot quietly come back.
@pytest.mark.parametrize(("connect_only", "budget"), [(False, 150), (True, 143)])
def test_test_send_stays_within_its_import_budget(smtp_servers, smtp_ca, bare_interpreter,
                                                   allowance, tmp_path, connect_only, budget):
    server = smtp_servers(tls="starttls", pipelining=True)
    modules, report = _imported(
        bare_interpreter, tmp_path, "test-send", "--server", "localhost", "--port",
        str(server.port), "--security", "starttls", "--from", DEFAULT_USER, "--cafile",
        smtp_ca.cafile, "--password-stdin", *(["--connect-only"] if connect_only else []),
        stdin=DEFAULT_PASSWORD + "\n")
    assert report["ok"], report["findings"]
    assert report["round_trips"] == (7 if connect_only else 8)
    assert _loaded(modules, NEVER_IN_TEST_SEND) == []
    if sys.platform not in ("win32", "darwin"):
        assert _loaded(modules, NEVER_IN_TEST_SEND_ON_LINUX) == []
    if connect_only:  # no message is built: not even the quoted-printable encoder
        assert _loaded(modules, ("email",)) == []
    assert len(modules) <= budget + allowance, sorted(modules)


# The admin's saved setup: the password from the keyring. keyring is imported on a thread
# while the connection is made (core.secrets.PendingPassword), but in the same process,
# so its modules count: 242 when set (the stdin path's 138 plus 104: keyring, jaraco,
# urllib.request, http.client, importlib_metadata, logging, typing...; main's keyring path
# loads as many).
def test_test_send_from_the_keyring_adds_only_the_keyring(smtp_servers, smtp_ca,
                                                          bare_interpreter, allowance,
                                                          tmp_path):
    from a2k_settings_gui.core import secrets

    secrets.set_password(DEFAULT_USER, DEFAULT_PASSWORD)
    server = smtp_servers(tls="starttls", pipelining=True)
    modules, report = _imported(
        bare_interpreter, tmp_path, "test-send", "--server", "localhost", "--port",
        str(server.port), "--security", "starttls", "--from", DEFAULT_USER, "--cafile",
        smtp_ca.cafile)
    assert report["ok"], report["findings"]
    assert server.logins  # the stored password logged in
    assert "keyring" in modules
    assert _loaded(modules, ("PIL", "dns", "requests", "email_validator", "httpx",
                             "a2k_settings_gui.core.smtp.replies", "PySide6")) == []
    assert len(modules) <= 260 + allowance, sorted(modules)


def test_check_domain_stays_within_its_import_budget(bare_interpreter, allowance, tmp_path):
    with TestDnsServer(build_zone(), silent=SILENT_DOMAINS) as dns_server:
        modules, report = _imported(bare_interpreter, tmp_path, "check-domain",
                                    "billing@good.test", "--smtp-host", SERVER,
                                    "--dns-server", dns_server.address, "--timeout", "2")
    assert report["spf"]["authorizes_server"] is True
    assert _loaded(modules, NEVER_IN_CHECK_DOMAIN) == []
    assert len(modules) <= 265 + allowance, sorted(modules)


def test_check_received_stays_within_its_import_budget(bare_interpreter, allowance,
                                                       tmp_path):
    modules, report = _imported(bare_interpreter, tmp_path, "check-received",
                                str(DATA / "gmail-amazonses-dmarc-fail.txt"))
    assert report["findings"]
    assert _loaded(modules, NEVER_IN_CHECK_RECEIVED) == []
    # 160 + 15: the verdict now checks the From against the configured Sender Email ID,
    # so the settings file (and the machine-wide preset) is read: core.store, the preset,
    # platformdirs (13 modules).
    assert len(modules) <= 175 + allowance, sorted(modules)


def test_check_logo_stays_within_its_import_budget(bare_interpreter, allowance, tmp_path,
                                                   https_image_host, image_ca_file):
    modules, report = _imported(bare_interpreter, tmp_path, "check-logo",
                                https_image_host.url("/logo.png"), "--cafile", image_ca_file)
    assert report["verdict"] == "ok"
    assert _loaded(modules, NEVER_IN_CHECK_LOGO) == []
    assert len(modules) <= 325 + allowance, sorted(modules)


def test_show_stays_within_its_import_budget(bare_interpreter, allowance, tmp_path):
    modules, report = _imported(bare_interpreter, tmp_path, "show")
    assert "smtp_host" in json.dumps(report)
    # (keyring, which says whether a password is stored, brings ssl with it)
    assert _loaded(modules, ("email.mime", "dns", "PIL", "requests",
                             "email_validator", "a2k_settings_gui.core.smtp")) == []
    assert len(modules) <= 240 + allowance, sorted(modules)


def test_each_sub_command_parses_with_only_its_own_module():
    """The table that lets a command line build one sub-command's parser names exactly
    the sub-commands the modules register, each with the module that registers it."""
    import argparse
    import importlib

    from a2k_settings_gui.cli import COMMAND_MODULE, COMMAND_MODULES, build_parser

    def registered(parser: argparse.ArgumentParser) -> set[str]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(action.choices)

    assert registered(build_parser()) == set(COMMAND_MODULE)
    for name in COMMAND_MODULES:
        own = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).register(own)
        assert {word for word, module in COMMAND_MODULE.items() if module == name} == set(
            own.choices), name
    for word in COMMAND_MODULE:
        assert registered(build_parser(word)) <= set(COMMAND_MODULE)
        assert word in registered(build_parser(word))
