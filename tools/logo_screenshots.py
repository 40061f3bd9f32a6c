"""Render the logo panel, the e-statement preview and the dialog after a check to docs/.

Run against the installed app: python tools/with_installed_app.py tools/logo_screenshots.py
(the lead may fold this into tools/screenshots.py). Uses the local test image host over
HTTPS with a throw-away CA, a throw-away settings file and keyring.
"""

from __future__ import annotations

import os

from installed_app import ROOT, start_screenshot_run

TEMP = start_screenshot_run("tools/logo_screenshots.py", "a2k-logo-shots-")

import trustme  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QGroupBox, QVBoxLayout  # noqa: E402

from a2k_settings_gui.core.settings import EmailSettings  # noqa: E402
from a2k_settings_gui.core.store import SettingsStore  # noqa: E402
from a2k_settings_gui.ui.dialog import EmailSettingDialog  # noqa: E402
from a2k_settings_gui.ui.logo.preview import LogoPreviewWidget  # noqa: E402
from tests.servers.http_images import ImageHost  # noqa: E402
from tests.ui.logo.test_logo_preview import LogoForm  # noqa: E402

DOCS = ROOT / "docs"
# QT_SCALE_FACTOR=1.5 renders the 150 % shots (file names end in -150).
SUFFIX = "-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def run_check(app: QApplication, panel: LogoPreviewWidget) -> None:
    loop = QEventLoop()
    panel.checked.connect(loop.quit)
    QTimer.singleShot(20000, loop.quit)
    panel.check_button.click()
    loop.exec()
    for _ in range(5):
        app.processEvents()


def panel_shots(app: QApplication, host: ImageHost, ca_file: str) -> None:
    for path, name in [("/logo.png", "logo-preview-ok"),
                       ("/referer-strict/logo.png", "logo-preview-blocked"),
                       ("/share/photo/123", "logo-preview-share-page")]:
        form = LogoForm(host.url(path), ca_file)
        box = QGroupBox("Company Logo Information")
        QVBoxLayout(box).addWidget(form)
        panel = form.add_preview(box)
        box.layout().addWidget(panel)
        box.resize(560, 10)
        box.show()
        run_check(app, panel)
        box.resize(560, box.sizeHint().height())
        app.processEvents()
        if not SUFFIX or name == "logo-preview-blocked":
            box.grab().save(str(DOCS / f"{name}{SUFFIX}.png"))
        if name == "logo-preview-ok" and not SUFFIX:
            panel.show_estatement()
            panel.estatement_dialog.show()
            app.processEvents()
            panel.estatement_dialog.grab().save(str(DOCS / "logo-estatement-preview.png"))
        if name == "logo-preview-blocked":
            # Every reader refused: the preview opens as the customers see it.
            panel.show_estatement()
            panel.estatement_dialog.show()
            app.processEvents()
            panel.estatement_dialog.grab().save(
                str(DOCS / f"logo-estatement-refused{SUFFIX}.png"))


def dialog_shot(app: QApplication, host: ImageHost, ca_file: str) -> None:
    path = TEMP / "email-settings.json"
    SettingsStore(path).save(EmailSettings(
        sender_email="statements@acme.com", smtp_host="smtp.acme.com",
        sender_name="ACME Trading Pte Ltd", logo_url=host.url("/placeholder/logo.png"),
        ca_file=ca_file))
    dialog = EmailSettingDialog(SettingsStore(path))
    dialog.show()
    run_check(app, dialog.logo_preview)
    dialog.grab().save(str(DOCS / "logo-dialog-placeholder.png"))


def main() -> None:
    app = QApplication.instance() or QApplication([])
    ca = trustme.CA()
    ca_file = str(TEMP / "company-ca.pem")
    ca.cert_pem.write_to_path(ca_file)
    with ImageHost(tls=ca) as host:
        panel_shots(app, host, ca_file)
        if not SUFFIX:
            dialog_shot(app, host, ca_file)


if __name__ == "__main__":
    main()
