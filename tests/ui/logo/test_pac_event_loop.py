"""A looping PAC file in the dialog: the event loop keeps answering during the logo check
(its JavaScript runs in a child process). A QTimer probe ticks every 10 ms; the longest
gap between ticks while the check runs must stay under 100 ms (40 s before)."""

from __future__ import annotations

import sys
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from a2k_settings_gui.core.net.proxy import clear_pac_cache
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.logo.preview import LogoPreviewWidget
from tests.servers.http_images import image_host  # noqa: F401 - fixture
from tests.servers.https_origin import https_origin

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a spawn per test is slow")

LOOPING_PAC = b"function FindProxyForURL(url, host) { while (true) {} }\n"


def test_a_looping_pac_file_never_stalls_the_dialog(qtbot, tmp_path, monkeypatch,
                                                    image_host):  # noqa: F811
    clear_pac_cache()
    with https_origin({"/proxy.pac": (LOOPING_PAC, "application/x-ns-proxy-autoconfig")}
                      ) as pac_server:
        monkeypatch.setenv("A2K_PAC_URL", f"http://127.0.0.1:{pac_server.port}/proxy.pac")
        path = tmp_path / "s.json"
        SettingsStore(path).save(EmailSettings(logo_url=image_host.url("/logo.png"),
                                               logo_height=60, logo_width=200))
        dialog = EmailSettingDialog(SettingsStore(path))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        panel = dialog.findChild(LogoPreviewWidget, "logo_preview_panel")
        ticks: list[float] = []
        probe = QTimer()
        probe.setInterval(10)
        probe.timeout.connect(lambda: ticks.append(time.monotonic()))
        probe.start()
        qtbot.wait(100)
        panel.check_button.setFocus()
        with qtbot.waitSignal(panel.checked, timeout=60_000):
            clicked = time.monotonic()
            QTest.keyClick(panel.check_button, Qt.Key.Key_Space)
        probe.stop()
    clear_pac_cache()
    # From the key press to the verdict (the last tick before the press counts too).
    during = [t for t in ticks if t >= clicked]
    during = [max([t for t in ticks if t < clicked], default=clicked), *during]
    gaps = [b - a for a, b in zip(during, during[1:], strict=False)]
    print(f"longest stall {max(gaps) * 1000:.0f} ms over {during[-1] - during[0]:.1f} s")
    assert len(during) > 50  # the check ran for a while: the PAC file had its deadline
    assert max(gaps) < 0.1, f"longest stall {max(gaps) * 1000:.0f} ms"
    assert panel.verdict.property("verdict") is not None
