"""PySide6 widgets: lay out the screens, bind them to the core, run core calls on workers."""

from __future__ import annotations

import os
import sys

# The settings model and the standard-library modules it uses are imported here, before any
# PySide6 module: PySide6 hooks every import that follows its own and reads the new
# module's source (looking for `from __feature__ import ...`), about 0.1-0.2 ms a module,
# which adds up at start-up (docs/PERFORMANCE.md).
from a2k_settings_gui.core import store as _store  # noqa: F401


def _known_without_reading_source() -> None:
    """The same hook reads the source of each module imported after PySide6, and of each
    module loaded before it that a later `import` statement names again (typing, os, ...):
    about 70 before the first paint, 6-7 ms here. This app selects no __feature__, and
    the answer is known without reading: our modules use PySide6 if they sit under ui/; a
    module loaded before PySide6 existed, or one of the standard library, does not use it.
    Any other module is read as before. If PySide6 no longer has this private hook,
    nothing changes."""
    loaded_before = frozenset(sys.modules)
    stdlib = os.path.dirname(os.__file__) + os.sep
    import PySide6  # noqa: F401 - loads shibokensupport, where the hook lives

    feature = sys.modules.get("shibokensupport.feature")
    reads_source = getattr(feature, "_mod_uses_pyside", None)
    if not callable(reads_source) or getattr(reads_source, "a2k_known", False):
        return

    def uses_pyside(module: object) -> bool:
        name = getattr(module, "__name__", "")
        if isinstance(name, str):
            if name.startswith("a2k_settings_gui."):
                return name.startswith("a2k_settings_gui.ui")
            if name in loaded_before:
                return False
        where = getattr(module, "__file__", None)
        if isinstance(where, str) and where.startswith(stdlib) and "-packages" not in where:
            return False
        return bool(reads_source(module))

    uses_pyside.a2k_known = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


_known_without_reading_source()
