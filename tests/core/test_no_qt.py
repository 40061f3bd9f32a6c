"""The core must import and work where PySide6 cannot be imported at all."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

BLOCK_QT_AND_IMPORT_CORE = r"""
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6", "PyQt")):
            raise ImportError(f"{name} is blocked in this test")
        return None

sys.meta_path.insert(0, BlockQt())
import a2k_settings_gui.core as core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "a2k_settings_gui.core.")]
for name in names:
    importlib.import_module(name)
assert not any(m.startswith("PySide6") for m in sys.modules), "Qt got imported"
print("imported", len(names), "core modules")
"""


def test_core_imports_without_pyside6():
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT_CORE],
        cwd=tempfile.gettempdir(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout


def test_no_core_module_imports_qt_even_lazily():
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt|shiboken)", re.MULTILINE)
    import a2k_settings_gui.core

    for path in Path(a2k_settings_gui.core.__file__).parent.rglob("*.py"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path
