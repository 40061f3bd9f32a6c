"""A test that needs a piece of the machine (a service, root, a tool) skips where the piece
is missing, saying which; but on Linux under CI (CI=true, as .ci/run and GitHub set it)
the piece is installed on purpose, so its absence fails the test instead of hiding it.
Pieces that cannot exist on an OS (dovecot on Windows) skip there with that reason."""

from __future__ import annotations

import os
import sys

import pytest


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`; fail instead on Linux CI, where the piece must be present."""
    if os.environ.get("CI") and sys.platform.startswith("linux"):
        pytest.fail(f"{reason}: CI must provide it")
    pytest.skip(reason)
