"""The code's shape, checked by a machine: small modules, a small model."""

from __future__ import annotations

from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "a2k_settings_gui"
MAX_LINES = 500  # house style: one page or one concern per module
MAX_MODEL_MODULES = 10  # core/ top holds the model; features live in their packages


def test_no_module_is_longer_than_500_lines():
    too_long = {str(path.relative_to(SOURCE)): lines for path in SOURCE.rglob("*.py")
                if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not too_long, f"split these modules (over {MAX_LINES} lines): {too_long}"


def test_core_top_holds_at_most_ten_modules():
    modules = sorted(p.name for p in (SOURCE / "core").glob("*.py") if p.name != "__init__.py")
    assert len(modules) <= MAX_MODEL_MODULES, modules
