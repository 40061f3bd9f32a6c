"""Every wizard page renders at a usable size, as an admin sees it after detection found
Microsoft 365 through the domain's MX record, and after it found a server through an SRV
record and the test passed.

The pages are driven by the wizard scenes of tests/ui/window_states.py: the same states
tools/screenshots.py pictures for docs/ and tests/ui/test_layout.py measures at three
scalings, so the walk through the wizard is written once.
"""

from __future__ import annotations

import pytest

from tests.ui.window_states import Stage, states

pytestmark = pytest.mark.timeout(120)

PAGES = {"wizard-1-welcome", "wizard-2-sender", "wizard-3-server", "wizard-4-signin",
         "wizard-5-test-skipped", "wizard-6-domain", "wizard-7-logo", "wizard-8-sending",
         "wizard-9-summary", "wizard-3b-server-srv", "wizard-5-test"}


def test_every_page_renders_at_a_usable_size(qtbot, tmp_path) -> None:
    seen = set()
    with Stage(tmp_path) as stage:
        for name, wizard in states(stage, ("wizard", "wizard-srv")):
            image = wizard.grab().toImage()
            assert image.width() >= 700 and image.height() >= 500, name
            if name == "wizard-5-test":
                assert wizard.currentPage().passed, "the SRV-found server took the test"
            seen.add(name)
    assert PAGES <= seen, sorted(PAGES - seen)
