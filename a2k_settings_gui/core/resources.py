"""Find files shipped in resources/ (provider data, templates, icons).

In an installed wheel the top-level resources/ folder is the package
`a2k_settings_gui.resources`; in a source checkout it sits beside the package.
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path

_CHECKOUT_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_path(name: str) -> Path:
    """The path of resources/<name>, installed or from the checkout."""
    try:
        base = importlib_resources.files("a2k_settings_gui.resources")
        candidate = Path(str(base)) / name
        if candidate.exists():
            return candidate
    except ModuleNotFoundError:
        pass
    return _CHECKOUT_RESOURCES / name


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")
