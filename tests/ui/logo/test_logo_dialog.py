"""The logo panel inside the Email Setting dialog's Company Logo Information group."""

from __future__ import annotations

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.logo.preview import LogoPreviewWidget
from tests.servers import http_images

image_ca = http_images.image_ca
image_ca_file = http_images.image_ca_file
https_image_host = http_images.https_image_host


def open_dialog(qtbot, tmp_path, url: str, ca_file: str) -> EmailSettingDialog:
    path = tmp_path / "s.json"
    SettingsStore(path).save(EmailSettings(logo_url=url, logo_height=60, logo_width=200,
                                           ca_file=ca_file))
    dialog = EmailSettingDialog(SettingsStore(path))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_dialog_shows_the_logo_at_the_chosen_size(qtbot, tmp_path, https_image_host,
                                                  image_ca_file):
    dialog = open_dialog(qtbot, tmp_path, https_image_host.url("/logo.png"), image_ca_file)
    panel = dialog.findChild(LogoPreviewWidget, "logo_preview_panel")
    assert panel is not None
    assert dialog.findChild(object, "logo_group").isAncestorOf(panel)
    with qtbot.waitSignal(panel.checked, timeout=20000):
        panel.check_button.click()
    assert panel.verdict.property("verdict") == "ok"
    pixmap = panel.preview_pixmap()
    assert (pixmap.width(), pixmap.height()) == (200, 60)
    # Keep-aspect in the dialog now follows the logo's real 10:3 shape.
    dialog.logo_height.setValue(90)
    assert dialog.logo_width.value() == 300
    pixmap = panel.preview_pixmap()
    assert (pixmap.width(), pixmap.height()) == (300, 90)


def test_dialog_close_mid_check_is_clean(qtbot, tmp_path, https_image_host, image_ca_file):
    dialog = open_dialog(qtbot, tmp_path, https_image_host.url("/slow/logo.png"),
                         image_ca_file)
    panel = dialog.findChild(LogoPreviewWidget, "logo_preview_panel")
    panel.check_button.click()
    task = panel._task
    dialog.reject()
    qtbot.waitUntil(lambda: not task.running, timeout=3000)
    assert task.token.cancelled
