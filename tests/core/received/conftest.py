from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "received"


@pytest.fixture
def real():
    """Path of a real received message in tests/data/received (sources in SOURCES.md)."""
    def path(name: str) -> Path:
        found = DATA / name
        assert found.exists(), name
        return found
    return path
