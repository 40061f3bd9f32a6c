"""What the test-send benchmarks share: the repository on sys.path, so the loopback servers
of tests/servers/ serve the benchmarks as they serve the tests, and one timed test-send.

A benchmark imports this first (`from _common import ...`: benchmarks/ is the script's
folder, so it is on sys.path when a benchmark runs).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.smtp.check import TestMode
    from a2k_settings_gui.core.smtp.result import TestSendResult


def timed_test_send(settings: EmailSettings, cafile: str, mode: TestMode,
                    **options: Any) -> tuple[float, TestSendResult]:
    """One test-send against a loopback server with its password and a 10 s timeout: the
    milliseconds it took, and the result for the caller to check."""
    from a2k_settings_gui.core.smtp.check import run_test_send
    from tests.servers.smtp import DEFAULT_PASSWORD

    started = time.perf_counter()
    result = run_test_send(settings, DEFAULT_PASSWORD, mode=mode, timeout=10, ca_file=cafile,
                           **options)
    return (time.perf_counter() - started) * 1000, result
