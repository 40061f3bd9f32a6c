"""The tests, run against the INSTALLED package.

The repository's top level holds the package's source (`a2k_settings_gui/`), and the
repository root must be on sys.path for `tests.servers` to import. So the package is
imported here first with the root taken off sys.path: from then on every
`a2k_settings_gui...` import resolves through the installed copy's `__path__`, never the
checkout. Every way into the tests passes here: pytest (tests/conftest.py imports this
package), `python -m tests....` subprocesses, and the tools that render screenshots.
Without an installed package this fails loudly instead of testing the source by accident.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def _is_checkout(entry: str) -> bool:
    try:
        return Path(entry or ".").resolve() == CHECKOUT
    except OSError:
        return False


def _import_installed_package() -> None:
    saved = list(sys.path)
    sys.path[:] = [entry for entry in sys.path if not _is_checkout(entry)]
    try:
        import a2k_settings_gui
    except ImportError as error:
        raise ImportError(
            "a2k_settings_gui is not installed: the tests run against the installed wheel. "
            "Install it first: python -m pip install \".[test]\""
        ) from error
    finally:
        sys.path[:] = saved
    location = Path(a2k_settings_gui.__file__).resolve()
    if CHECKOUT / "a2k_settings_gui" in location.parents:
        raise ImportError(f"a2k_settings_gui was imported from the checkout ({location}), "
                          "not from the installed package")


_import_installed_package()
