"""Render the app's windows offscreen to PNGs in docs/.

Run against the installed app: python tools/with_installed_app.py tools/screenshots.py

Uses a throw-away settings file and keyring in a temp folder, with example values; the
password field stays masked.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from installed_app import require_installed_package  # noqa: E402

require_installed_package("tools/screenshots.py")
TEMP = Path(tempfile.mkdtemp(prefix="a2k-shots-"))
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
os.environ["XDG_DATA_HOME"] = str(TEMP)

from PySide6.QtTest import QTest  # noqa: E402

from a2k_settings_gui.core import secrets  # noqa: E402
from a2k_settings_gui.core.settings import EmailSettings, Security  # noqa: E402
from a2k_settings_gui.core.store import SettingsStore  # noqa: E402
from a2k_settings_gui.ui.app import application  # noqa: E402
from a2k_settings_gui.ui.dialog import EmailSettingDialog  # noqa: E402

EXAMPLE = EmailSettings(
    sender_email="statements@acme-trading.com.sg",
    smtp_host="smtp.office365.com",
    security=Security.STARTTLS,
    sender_name="ACME Trading Accounts",
    logo_url="https://www.acme-trading.com.sg/images/logo.png",
    logo_height=60,
    logo_width=180,
    max_mails_per_batch=30,
    batch_interval_seconds=60,
)


def settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def dialog_shot(app) -> None:
    store = SettingsStore(TEMP / "email-settings.json")
    store.save(EXAMPLE)
    secrets.set_password(EXAMPLE.effective_login, "example-password")
    dialog = EmailSettingDialog(store)
    dialog.show()
    settle(app)
    dialog.grab().save(str(ROOT / "docs" / "email-setting-dialog.png"))
    dialog.port.clear()
    QTest.keyClicks(dialog.port, "99999")  # typed as the admin would
    settle(app, 0.4)
    dialog.grab().save(str(ROOT / "docs" / "email-setting-invalid-port.png"))
    dialog.ask_discard_changes = lambda: True
    dialog.close()


def crash_dialog_shot(app) -> None:
    """The message an uncaught exception shows (the path as it is on Windows)."""
    from a2k_settings_gui.ui.crash_dialog import CrashReporter

    reporter = CrashReporter(app)
    reporter.report("ValueError in the main thread",
                    Path(r"C:\Users\admin\AppData\Local\a2k-settings-gui\Logs"
                         r"\a2k-settings-gui.log"))
    settle(app)
    reporter.box.grab().save(str(ROOT / "docs" / "crash-dialog.png"))
    reporter.box.close()


if __name__ == "__main__":
    application_ = application()
    dialog_shot(application_)
    crash_dialog_shot(application_)
    print("screenshots written to", ROOT / "docs")
