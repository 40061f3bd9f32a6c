"""The app as an admin gets it, started from a folder outside the checkout:

- "installed": the wheel built from this repository, installed (not editable) into a
  fresh virtual environment; its own copy of the package shadows any other.
- "frozen": the PyInstaller one-folder build made from packaging/a2k-settings-gui.spec
  (.ci/run builds it and points A2K_FROZEN_APP at the folder; skipped otherwise).

Each: the first start with no settings opens the setup wizard (a QWizard), `wizard` and
`gui` open their windows, every sub-command's --help works, the resources are there, and
keyring finds its backends.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from a2k_settings_gui.cli import build_parser
from tests.servers import smtp as smtp_fixtures

# The loopback SMTP servers with their trustme CA (shared fixtures).
smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

ROOT = Path(__file__).resolve().parents[1]
EXE = ".exe" if sys.platform == "win32" else ""
pytestmark = pytest.mark.timeout(300)


@dataclass
class Program:
    kind: str
    gui: list[str]  # the windowed program (gui-script / windowed exe)
    cli: list[str]  # the command line
    python: str | None  # the interpreter of the installed copy (None when frozen)


def _scripts_dir(venv: Path) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin")


def make_installed_venv(where: Path) -> Program:
    """A fresh venv holding only our wheel; the libraries come from the running
    environment, appended to its path *after* its own site-packages, so the installed copy
    shadows any editable install of the checkout (whose .pth hooks are not run)."""
    wheels = where / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)],
                   check=True, capture_output=True, timeout=120)
    python = _scripts_dir(venv) / f"python{EXE}"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout.strip()
    libraries = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    # A plain path line, not "import site; site.addsitedir(...)": the running
    # environment's .pth files (an editable install's finder among them) stay unloaded.
    (Path(site) / "zz-test-libraries.pth").write_text("\n".join(sorted(libraries)) + "\n")
    subprocess.run(
        # --ignore-installed: where the running environment already holds the wheel (CI),
        # pip would see it through the .pth line, call it satisfied and install nothing.
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--ignore-installed", "--quiet",
         str(next(wheels.glob("a2k_settings_gui-*.whl")))],
        check=True, capture_output=True, timeout=300,
    )
    scripts = _scripts_dir(venv)
    return Program("installed", [str(scripts / f"a2k-email-settings-gui{EXE}")],
                   [str(scripts / f"a2k-email-settings{EXE}")], str(python))


def frozen_program(folder: Path) -> Program:
    return Program("frozen", [str(folder / f"a2k-email-settings-gui{EXE}")],
                   [str(folder / f"a2k-email-settings{EXE}")], None)


@pytest.fixture(scope="module", params=["installed", "frozen"])
def program(request, tmp_path_factory) -> Program:
    if request.param == "frozen":
        folder = os.environ.get("A2K_FROZEN_APP")
        if not folder:
            pytest.skip("no frozen build here (.ci/run builds one and sets A2K_FROZEN_APP)")
        return frozen_program(Path(folder))
    return make_installed_venv(tmp_path_factory.mktemp("installed"))


@pytest.fixture
def user_home(tmp_path) -> dict[str, str]:
    """An environment as on a desktop where the app never ran: empty per-user folders,
    no settings file, no PYTHONPATH, a keyring file of its own."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "A2K_EMAIL_SETTINGS_CONFIG", "A2K_DEBUG")}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "APPDATA",
                 "LOCALAPPDATA"):
        env[name] = str(tmp_path / name.lower())
    # Windows: platformdirs reads the Known Folders, not APPDATA/LOCALAPPDATA; only its
    # WIN_PD_OVERRIDE_* variables move them (the keyring file follows LOCALAPPDATA).
    env["WIN_PD_OVERRIDE_APPDATA"] = env["APPDATA"]
    env["WIN_PD_OVERRIDE_LOCAL_APPDATA"] = env["LOCALAPPDATA"]
    env.pop("A2K_LOG_DIR", None)  # the log goes where a desktop's would, in that profile
    # The window reports itself to a file: the windowed program has no standard output
    # on Windows.
    env.update(QT_QPA_PLATFORM="offscreen", A2K_QUIT_AFTER_SHOWN=str(tmp_path / "shown.txt"))
    return env


def run(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, encoding="utf-8", env=env,
        cwd=tempfile.gettempdir(), timeout=120, stdin=subprocess.DEVNULL,
    )


def shown_window(result: subprocess.CompletedProcess, env: dict[str, str]) -> tuple[str, str]:
    """(class name, Qt class) of the window the program reported on screen."""
    assert result.returncode == 0, result.stderr[-3000:]
    report = Path(env["A2K_QUIT_AFTER_SHOWN"])
    assert report.exists(), f"no window shown:\n{result.stdout}\n{result.stderr[-3000:]}"
    lines = report.read_text(encoding="utf-8").splitlines()
    report.unlink()
    _, _, name, qt_class, visible, _cpu = lines[0].split()
    assert visible == "visible=True"
    # After the first paint the window finished starting (the dialog's other groups).
    assert [line.split()[0] for line in lines] == ["shown-at", "complete-at"], lines
    return name, qt_class


def test_the_installed_package_is_the_one_that_runs(program, user_home):
    if program.python is None:
        pytest.skip("a frozen build has no importable package to locate")
    result = run([program.python, "-c",
                  "import a2k_settings_gui; print(a2k_settings_gui.__file__)"], user_home)
    location = Path(result.stdout.strip()).resolve()
    assert Path(program.python).parent.parent.resolve() in location.parents, location
    assert ROOT not in location.parents


def test_first_start_without_settings_opens_the_setup_wizard(program, user_home):
    assert shown_window(run(program.gui, user_home), user_home) == ("SetupWizard", "QWizard")
    # The bare command does the same; nothing is saved until the wizard is finished.
    assert shown_window(run(program.cli, user_home), user_home) == ("SetupWizard", "QWizard")
    assert not list(Path(user_home["XDG_CONFIG_HOME"]).rglob("*.json"))
    assert not list(Path(user_home["APPDATA"]).rglob("*.json"))


def test_wizard_and_gui_open_their_windows(program, user_home):
    wizard = run(program.cli, user_home, "wizard")
    assert shown_window(wizard, user_home) == ("SetupWizard", "QWizard")
    gui = run(program.cli, user_home, "gui")
    assert shown_window(gui, user_home) == ("EmailSettingDialog", "QDialog")


def test_every_sub_command_has_working_help(program, user_home):
    parser = build_parser()
    choices = next(a for a in parser._actions if a.dest == "command").choices
    assert run(program.cli, user_home, "--help").returncode == 0
    for command in sorted(choices):
        result = run(program.cli, user_home, command, "--help")
        assert result.returncode == 0, (command, result.stderr[-2000:])
        assert result.stdout.startswith("usage: a2k-email-settings " + command), command


def test_resources_ship_with_the_program(program, user_home):
    # The built-in provider list is a resource: Gmail is known without any network.
    result = run(program.cli, user_home, "detect", "ar@gmail.com", "--json",
                 "--dns-server", "127.0.0.1:9", "--timeout", "1")
    assert '"source": "builtin"' in result.stdout, result.stderr[-2000:]
    assert '"host": "smtp.gmail.com"' in result.stdout


def test_keyring_finds_its_backends(program, user_home):
    """keyring finds its backends through entry-point metadata; a build that dropped it
    would never find Windows Credential Manager."""
    import json

    env = {k: v for k, v in user_home.items() if k != "PYTHON_KEYRING_BACKEND"}
    result = run(program.cli, env, "show", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)["keyring_backend"]
    assert {"Windows", "SecretService", "macOS", "chainer"} <= set(report["found"])
    if sys.platform == "win32" and program.kind == "frozen":
        # What an admin's desktop gets. (The installed variant also sees the test
        # environment's keyrings.alt, so keyring chains several backends there.)
        assert report["in_use"] == "keyring.backends.Windows.WinVaultKeyring"


def test_a_company_pac_file_is_evaluated(program, user_home, tmp_path):
    """PAC files run in dukpy, whose JavaScript runtime is data beside it: a build that
    dropped it would silently go direct on every company network with a PAC file."""
    from tests.servers.detect_env import free_port
    from tests.servers.proxy import forward_proxy

    closed = free_port()
    with forward_proxy(hosts={"logo.example.test": "127.0.0.1"}) as proxy:
        pac = tmp_path / "proxy.pac"
        pac.write_text(
            "function FindProxyForURL(url, host) {\n"
            f'  if (dnsDomainIs(host, ".example.test")) return "PROXY 127.0.0.1:{proxy.port}";\n'
            '  return "DIRECT";\n}\n', encoding="utf-8")
        env = dict(user_home, A2K_PAC_URL=str(pac))
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                     "all_proxy", "NO_PROXY", "no_proxy"):
            env.pop(name, None)
        result = run(program.cli, env, "check-logo",
                     f"http://logo.example.test:{closed}/logo.png", "--timeout", "3", "--json")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert any("logo.example.test" in target for target in proxy.targets()), proxy.log


def test_reading_a_received_message_works(program, user_home):
    """authres and the e-mail parser, as frozen: a real Yahoo-received message."""
    import json

    message = ROOT / "tests" / "data" / "received" / "yahoo-postmark-dmarc-pass.eml"
    result = run(program.cli, user_home, "check-received", str(message), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["dmarc_pass"] is True and report["final_receiver"] == "Yahoo"


def test_check_domain_works_against_a_loopback_dns_server(program, user_home):
    """dnspython and pyspf, as frozen: SPF that does not authorize the server is found."""
    import json

    from tests.servers.dns import TestDnsServer
    from tests.servers.dns_zones import SERVER, build_zone

    with TestDnsServer(build_zone()) as dns:
        result = run(program.cli, user_home, "check-domain", "relay.test", "--smtp-host",
                     SERVER, "--dns-server", dns.address, "--timeout", "3", "--json")
    assert result.returncode == 1, result.stderr[-2000:]
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "spf_not_authorized" in codes, codes


def test_test_send_over_starttls_with_the_extra_ca_file(program, user_home, smtp_servers,
                                                      smtp_ca):
    """ssl, the TLS context (truststore + the extra CA file) and the SMTP session, as
    frozen: a real test e-mail through a loopback STARTTLS server."""
    import json

    server = smtp_servers(tls="starttls")
    result = subprocess.run(
        [*program.cli, "test-send", "--server", "localhost", "--port", str(server.port),
         "--security", "starttls", "--from", smtp_fixtures.DEFAULT_USER, "--password-stdin",
         "--cafile", smtp_ca.cafile, "--to", "boss@example.net", "--json"],
        input=smtp_fixtures.DEFAULT_PASSWORD + "\n", capture_output=True, text=True,
        encoding="utf-8", env=user_home, cwd=tempfile.gettempdir(), timeout=120,
    )
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["stage"] == "done", result.stdout[-3000:]
    assert server.messages and server.messages[0].rcpt_tos == ["boss@example.net"]
    assert smtp_fixtures.DEFAULT_PASSWORD not in result.stdout


def test_every_resource_file_is_in_the_frozen_build(program):
    """Help pages, provider data, ISPDB files, icons: what a window reads only when opened
    must be in the folder too (PyInstaller keeps data files under _internal/)."""
    if program.kind != "frozen":
        pytest.skip("the wheel's resources are checked by tests/test_packaging.py")
    source = ROOT / "resources"
    if not source.is_dir():
        pytest.skip("no source tree beside the tests")
    frozen = Path(program.cli[0]).parent / "_internal" / "a2k_settings_gui" / "resources"
    expected = {p.relative_to(source).as_posix() for p in source.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"}
    shipped = {p.relative_to(frozen).as_posix() for p in frozen.rglob("*") if p.is_file()}
    assert expected - shipped == set()
