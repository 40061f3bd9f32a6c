"""Render the "Did it arrive?" window offscreen with a passing and a failing received
message (real headers from tests/data/received) to docs/received-*.png.

Run twice: `python tools/received_screenshots.py` (100 %) and
`QT_SCALE_FACTOR=1.5 python tools/received_screenshots.py` (150 %, files get "-150"),
then `python tools/build_help.py` (the Help window ships copies of the guide's pictures).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "received"

from PySide6.QtCore import QRect  # noqa: E402

from a2k_settings_gui.ui.app import application  # noqa: E402
from a2k_settings_gui.ui.received.window import ReceivedWindow  # noqa: E402

CASES = (
    ("received-pass", "yahoo-postmark-dmarc-pass.eml", "<9d61c7ff-4950-4bbb-a44d-c1192e8cc5bd"
                                                      "@mtasv.net>", "rogerjharris@yahoo.com"),
    ("received-fail", "gmail-amazonses-dmarc-fail.txt", "", "weicheng@edison.tech"),
)


def wait_for(app, window: ReceivedWindow, seconds: float = 10.0) -> None:
    done: list[bool] = []
    window.finished_callback = lambda: done.append(True)
    end = time.monotonic() + seconds
    while not done and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    app = application()
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    suffix = "" if scale == 1 else f"-{round(scale * 100)}"
    laptop = "--laptop" in sys.argv  # a 1366x768 screen with a 40 px taskbar
    if laptop:
        suffix += "-1366x768"
    for name, data_file, message_id, recipient in CASES:
        window = ReceivedWindow(message_id, recipient)
        window.show()
        # The offscreen screen is 800x600; size the window as a real screen would:
        # 1920x1080 by default, a 1366x768 laptop with --laptop (40 px taskbar each).
        width, height = (1366, 768) if laptop else (1920, 1080)
        window.fit_to(QRect(0, 0, round(width / scale), round((height - 40) / scale)))
        window.check_file(DATA / data_file)
        wait_for(app, window)
        out = ROOT / "docs" / f"{name}{suffix}.png"
        window.grab().save(str(out))
        print(out.relative_to(ROOT), window.size().width(), "x", window.size().height())
        if name == "received-pass" and not laptop:
            # The optional IMAP read-back, opened (the password field stays empty here).
            window.imap_toggle.click()
            window.imap_panel.login.setText("accounts.test@gmail.com")
            window.imap_panel.login.editingFinished.emit()
            wait_for(app, window, 0.5)
            out = ROOT / "docs" / f"received-imap{suffix}.png"
            window.grab().save(str(out))
            print(out.relative_to(ROOT))
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
