"""Screenshot: the Email Setting dialog opened on a read-only settings file.

    python tools/with_installed_app.py tools/hostile_screenshots.py
    QT_SCALE_FACTOR=1.5 python tools/with_installed_app.py tools/hostile_screenshots.py

Writes docs/settings-read-only.png (or -150.png at QT_SCALE_FACTOR=1.5): the banner that
says the file is protected, Save and Apply disabled, the file's permissions untouched.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from a2k_settings_gui.core.settings import EmailSettings, Security
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    folder = Path(tempfile.mkdtemp())
    path = folder / "email-settings.json"
    SettingsStore(path).save(EmailSettings(
        sender_email="statements@acme.com", smtp_host="smtp.office365.com",
        security=Security.STARTTLS, port=587, sender_name="ACME Accounts"))
    path.chmod(0o444)
    dialog = EmailSettingDialog(SettingsStore(path))
    dialog.show()
    for _ in range(30):  # let the keyring read and the layout settle
        app.processEvents()
        time.sleep(0.03)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    name = "settings-read-only.png" if scale in ("1", "1.0") else "settings-read-only-150.png"
    dialog.grab().save(str(DOCS / name))
    print(f"wrote docs/{name} ({dialog.width()}x{dialog.height()})")
    path.chmod(0o644)


if __name__ == "__main__":
    main()
