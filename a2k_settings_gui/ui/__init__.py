"""PySide6 widgets: lay out the screens, bind them to the core, run core calls on workers."""

# The settings model and the standard-library modules it uses are imported here, before any
# PySide6 module: PySide6 hooks every import that follows its own and reads the new
# module's source (looking for `from __feature__ import ...`), about 0.2 ms a module, which
# adds up at start-up (docs/PERFORMANCE.md).
from a2k_settings_gui.core import store as _store  # noqa: F401
