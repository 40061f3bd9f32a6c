"""The two folders the settings live in: the user's config folder (the settings file) and
the machine's (the IT department's preset), as platformdirs names them.

Both are read at every start, before the first window paints. On Linux, importing
platformdirs costs about 6 ms (its Unix module imports tempfile, and with it shutil,
random, bz2 and lzma), while its answer for these two folders is a few lines of its own
rules (platformdirs 4: XDGMixin and _UnixDefaults), written out here. Everywhere else,
and on Linux for anything those lines do not cover (a HOME that is not an absolute path,
Android), platformdirs itself answers. tests/core/test_store_folders.py compares the two
answers over the environment variables that decide them.
"""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

APP_DIR_NAME = "a2k-settings-gui"
PRESET_ENV_VAR = "A2K_PRESET_FILE"
PRESET_FILE_NAME = "preset.json"


def _plain_linux() -> bool:
    # platformdirs treats Android as its own platform (it checks these before anything).
    return (sys.platform.startswith("linux") and not hasattr(sys, "getandroidapilevel")
            and not (os.environ.get("ANDROID_DATA") == "/data"
                     and os.environ.get("ANDROID_ROOT") == "/system"))


def user_config_dir() -> str:
    """platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=True)."""
    if _plain_linux():
        xdg = os.environ.get("XDG_CONFIG_HOME", "")
        if posixpath.isabs(xdg):
            return os.path.join(xdg, APP_DIR_NAME)
        if posixpath.isabs(os.environ.get("HOME", "")):
            return os.path.join(os.path.expanduser("~/.config"), APP_DIR_NAME)
    import platformdirs

    return platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=True)


def preset_path() -> Path:
    """Where the machine-wide preset is read from (it need not exist; core.store.preset)."""
    override = os.environ.get(PRESET_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(site_config_dir()) / PRESET_FILE_NAME


def site_config_dir() -> str:
    """platformdirs.site_config_dir(APP_DIR_NAME, appauthor=False)."""
    if _plain_linux():
        listed = [path for path in os.environ.get("XDG_CONFIG_DIRS", "").split(os.pathsep)
                  if posixpath.isabs(path)]
        return os.path.join(listed[0] if listed else "/etc/xdg", APP_DIR_NAME)
    import platformdirs

    return platformdirs.site_config_dir(APP_DIR_NAME, appauthor=False)
