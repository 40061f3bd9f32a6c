"""Find files shipped in the package's resources/ folder (provider data, templates, icons).

The folder is the package `a2k_settings_gui.resources`, in the wheel, in an editable
install and in the frozen build alike, so there is one way to find it.
"""

from __future__ import annotations

from pathlib import Path

# A plain path beside this package: importlib.resources costs ~5 ms of start-up and every
# way we ship (wheel, editable install, PyInstaller one-folder) keeps real files on disk.
RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def resource_path(name: str) -> Path:
    """The path of resources/<name>; a missing file is an error the caller sees."""
    path = RESOURCES / name
    if not path.exists():
        raise FileNotFoundError(f"{name} is missing from this installation ({RESOURCES})")
    return path


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")
