"""Test-wide setup: Qt offscreen, and a real file-backed keyring in a temp folder.

The developer's own keyring is never touched: the backend is forced before keyring is
imported anywhere, and each test gets its own keyring file.
"""

from __future__ import annotations

import os

import tests  # noqa: F401  (imports the installed package, never the checkout)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def run_outside_the_checkout(tmp_path_factory):
    """Every test, and every program it starts, runs in a folder outside the checkout, as an
    admin's would: `python -m a2k_settings_gui` or `python -c` started in the repository's
    top folder would import the source beside it instead of the installed wheel."""
    previous = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(previous)


@pytest.fixture(autouse=True)
def temp_keyring(tmp_path_factory, monkeypatch):
    """A PlaintextKeyring whose file lives in this test's temp folder, and every folder the
    app writes to (settings, log) redirected there too, on Linux and on Windows alike."""
    import keyring
    from keyring.util import platform_
    from keyrings.alt.file import PlaintextKeyring

    folder = tmp_path_factory.mktemp("keyring")
    # Subprocesses (CLI tests) find the same backend and folder through the environment:
    # keyrings.alt keeps its file in XDG_DATA_HOME/python_keyring on Linux and in
    # %LOCALAPPDATA%\Python Keyring on Windows (keyring.util.platform_.data_root).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setenv("LOCALAPPDATA", str(folder))
    # The app's folders. Linux: XDG_*. Windows: platformdirs reads the Known Folders and
    # ignores APPDATA/LOCALAPPDATA; only its WIN_PD_OVERRIDE_* variables redirect it, and
    # the app's own A2K_LOG_DIR / A2K_PRESET_FILE do on every OS (settings: config_path).
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    for known_folder in ("APPDATA", "LOCAL_APPDATA", "COMMON_APPDATA"):
        monkeypatch.setenv(f"WIN_PD_OVERRIDE_{known_folder}", str(folder / known_folder))
    monkeypatch.setenv("A2K_LOG_DIR", str(folder / "log"))
    # No machine-wide preset unless a test writes one: the developer's /etc/xdg or
    # %ProgramData% must not steer a test.
    monkeypatch.setenv("A2K_PRESET_FILE", str(folder / "no-preset" / "preset.json"))
    backend = PlaintextKeyring()
    backend.file_path = str(platform_.data_root() / backend.filename)
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def config_path(tmp_path, monkeypatch):
    """A settings file path in a temp folder, also set through the environment variable."""
    path = tmp_path / "config" / "email-settings.json"
    monkeypatch.setenv("A2K_EMAIL_SETTINGS_CONFIG", str(path))
    return path


@pytest.fixture
def no_keyring(monkeypatch):
    """No usable keyring backend, as on a Linux desktop without a Secret Service."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
def no_proxy_env(monkeypatch):
    """No proxy from this machine's environment, so a developer's own proxy cannot steer a
    loopback test; returns monkeypatch for the test to set its own."""
    from tests.servers.proxy import PROXY_VARIABLES

    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def company_proxy(no_proxy_env):
    """HTTPS_PROXY names a company proxy, with a password in its address, that the tests
    never reach: they look at what the app makes of it."""
    no_proxy_env.setenv("HTTPS_PROXY", "http://svc-mail:Pr0xy-Secret@proxy.corp.test:3128")
    return no_proxy_env
