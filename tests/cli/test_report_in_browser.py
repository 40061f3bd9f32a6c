"""The HTML support report as a support person sees it: rendered by a real headless
browser (Chromium, from the distribution's packages), styled like the app, a failed check
in red beside its value, findings in words with their codes in small print."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from tests.cli.helpers import run_cli
from tests.missing_piece import skip_or_fail
from tests.servers.http_images import ImageHost

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def needs_a_browser():
    """.ci/run installs Chromium on Linux, so there its absence fails; elsewhere it skips."""
    if BROWSER is None:
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ERROR_TINT = (0xFD, 0xE7, 0xEA)  # ui.kit.style.ERROR_TINT, the failed badge's background


def browser(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


def test_the_report_in_a_browser_marks_the_failed_logo_and_speaks_in_words(
        tmp_path, config_path):
    from PIL import Image

    with ImageHost() as host:
        SettingsStore(config_path).save(EmailSettings(
            sender_email="ar@acme-trading.com", smtp_host="smtp.acme-trading.com",
            logo_url=host.url("/referer-strict/logo.png")))
        assert run_cli("check-logo", "--config", str(config_path)).returncode == 1
    page = tmp_path / "report.html"
    assert run_cli("report", "--config", str(config_path), "--out",
                   str(page)).returncode == 0

    dom = browser(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "Check Logo FAILED: Blocked for every reader (4 of 4)" in dom
    assert "Send Test Email not checked yet" in dom
    assert "Keep aspect ratio</th><td>yes" in dom and ">True<" not in dom
    assert "<span class=\"small\">(code hotlink_blocked)</span>" in dom

    shot = tmp_path / "report.png"
    browser(tmp_path, "--hide-scrollbars", "--window-size=1100,900", f"--screenshot={shot}",
            page.as_uri())
    pixels = Image.open(shot).convert("RGB")
    colours = {colour for _count, colour in pixels.getcolors(1100 * 900)}
    assert ERROR_TINT in colours  # the failed check is marked in the app's red
    background = pixels.getpixel((5, 5))
    assert background == (255, 255, 255)
