"""Screenshots come from the installed app, not the checkout.

`python tools/with_installed_app.py SCRIPT [ARGS]` builds the wheel from this repository,
installs it (not editable) into a fresh venv and runs SCRIPT with that venv's Python, so
the PNGs in docs/ show exactly what `pip install .` gives an admin. Each screenshot tool
calls `require_installed_package()` first and refuses to run against the source tree
(an editable install), saying how to run it instead.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOW = ("run it through the installed app instead:\n"
       "    python tools/with_installed_app.py {script}\n"
       "(or set A2K_SCREENSHOTS_FROM_CHECKOUT=1 for a quick look that is not for docs/)")


def package_location() -> Path:
    import a2k_settings_gui

    return Path(a2k_settings_gui.__file__).resolve().parent


def is_from_checkout() -> bool:
    return package_location() == (ROOT / "a2k_settings_gui").resolve()


def require_installed_package(script: str) -> None:
    if is_from_checkout() and not os.environ.get("A2K_SCREENSHOTS_FROM_CHECKOUT"):
        raise SystemExit(
            f"{script}: a2k_settings_gui is imported from the checkout "
            f"({package_location()}), not from an installed wheel; " + HOW.format(script=script)
        )
    print(f"{script}: rendering the installed package at {package_location()}")


def start_screenshot_run(script: str, temp_prefix: str) -> Path:
    """What a screenshot tool does before it imports Qt or the app: offscreen unless told
    otherwise, the repository importable (the loopback servers live in tests/), the
    installed package required, and a throw-away settings folder and keyring so no real
    setting or password is touched. Returns that temp folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    import tests  # noqa: F401  (imports the installed package with the checkout off sys.path)

    require_installed_package(script)
    temp = Path(tempfile.mkdtemp(prefix=temp_prefix))
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(temp)
    return temp
