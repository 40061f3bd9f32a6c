"""The settings file's and the preset's folders are platformdirs' answer, also where
core/store/folders.py answers on its own (Linux, without importing platformdirs): the two
are compared over the environment variables that decide them. Elsewhere both sides are
platformdirs itself."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile

import pytest

from a2k_settings_gui.core.store import folders

CONFIG_HOMES = (None, "", "/srv/xdg-config", "/srv/xdg-config/", "relative/config")
HOMES = (None, "/home/ar", "/home/ar/", "/", "relative-home")
CONFIG_DIRS = (None, "", "/etc/corp", f"/etc/corp{os.pathsep}/etc/xdg",
               f"relative{os.pathsep}/opt/corp/xdg", "relative")


def _set(monkeypatch: pytest.MonkeyPatch, name: str, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize(("config_home", "home"), list(itertools.product(CONFIG_HOMES, HOMES)))
def test_the_user_config_folder_is_platformdirs_own(monkeypatch, config_home, home):
    import platformdirs

    _set(monkeypatch, "XDG_CONFIG_HOME", config_home)
    _set(monkeypatch, "HOME", home)
    try:
        expected = platformdirs.user_config_dir("a2k-settings-gui", appauthor=False,
                                                roaming=True)
    except RuntimeError:  # no usable home at all: the same refusal from both
        with pytest.raises(RuntimeError):
            folders.user_config_dir()
        return
    assert folders.user_config_dir() == expected


@pytest.mark.parametrize("config_dirs", CONFIG_DIRS)
def test_the_machine_config_folder_is_platformdirs_own(monkeypatch, config_dirs):
    import platformdirs

    _set(monkeypatch, "XDG_CONFIG_DIRS", config_dirs)
    assert folders.site_config_dir() == platformdirs.site_config_dir("a2k-settings-gui",
                                                                     appauthor=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux-only shortcut")
def test_reading_the_settings_folders_does_not_import_platformdirs_on_linux():
    code = ("import sys; from a2k_settings_gui.core.store import SettingsStore; "
            "SettingsStore().load(); print('platformdirs' in sys.modules)")
    env = {k: v for k, v in os.environ.items()
           if k not in ("A2K_EMAIL_SETTINGS_CONFIG", "A2K_PRESET_FILE")}
    env["HOME"] = env.get("HOME") or "/root"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True, cwd=tempfile.gettempdir())
    assert done.stdout.strip() == "False", done.stderr
