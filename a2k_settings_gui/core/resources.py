"""Find files shipped in the package's resources/ folder (provider data, templates, icons).

Installed (wheel or frozen build), the folder is the package `a2k_settings_gui.resources`.
In the repository it sits beside the package at the top level (setup.py maps it into the
package when the wheel is built), so `python -m a2k_settings_gui` started in the
repository's top folder, which imports the source there, finds it too.
"""

from __future__ import annotations

from pathlib import Path

# A plain path beside this package: importlib.resources costs ~5 ms of start-up and every
# way we ship (wheel, editable install, PyInstaller one-folder) keeps real files on disk.
_PACKAGE = Path(__file__).resolve().parents[1]
RESOURCES = _PACKAGE / "resources"
if not RESOURCES.is_dir() and (_PACKAGE.parent / "resources" / "providers.json").is_file():
    RESOURCES = _PACKAGE.parent / "resources"  # the source checkout's top-level folder


def resource_path(name: str) -> Path:
    """The path of resources/<name>; a missing file is an error the caller sees."""
    path = RESOURCES / name
    if not path.exists():
        raise FileNotFoundError(f"{name} is missing from this installation ({RESOURCES})")
    return path


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")
