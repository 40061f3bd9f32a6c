"""The logo panel: preview at the chosen size, keep-aspect, verdict, failures shown.

Checks run against the real local image host, through the widget's worker (ui.kit.worker.Task).
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6 import QtCore  # noqa: E402
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QWidget  # noqa: E402

from a2k_settings_gui.ui.logo.check_input import LogoContext  # noqa: E402
from a2k_settings_gui.ui.logo.preview import (  # noqa: E402
    LogoPreviewWidget,
    follow_size_fields,
)
from tests.servers import http_images  # noqa: E402

image_host = http_images.image_host
image_ca = http_images.image_ca
image_ca_file = http_images.image_ca_file
https_image_host = http_images.https_image_host


class LogoForm(QWidget):
    """The logo fields as the Email Setting dialog names them."""

    def __init__(self, url: str, ca_file: str) -> None:
        super().__init__()
        self.ca_file = ca_file
        self.url = QLineEdit(url, self, objectName="logo_url")
        self.height_box = QSpinBox(self, objectName="logo_height", maximum=2000, value=60)
        self.width_box = QSpinBox(self, objectName="logo_width", maximum=2000, value=200)
        self.keep = QCheckBox(self, objectName="logo_keep_aspect", checked=True)

    def logo_context(self) -> LogoContext:
        return LogoContext(ca_file=self.ca_file)

    def add_preview(self, parent: QWidget) -> LogoPreviewWidget:
        """The preview wired as a form wires it: its URL field and the size handed down."""
        widget = LogoPreviewWidget(self.logo_context, parent=parent)
        widget.bind_url(self.url)
        follow_size_fields(widget, self.height_box, self.width_box, self.keep)
        return widget


@pytest.fixture()
def panel(qtbot, https_image_host, image_ca_file):
    def make(path: str):
        form = LogoForm(https_image_host.url(path), image_ca_file)
        widget = form.add_preview(form)
        qtbot.addWidget(form)
        return form, widget
    return make


def check(qtbot, widget: LogoPreviewWidget) -> None:
    with qtbot.waitSignal(widget.checked, timeout=20000):
        widget.check_button.click()


def pixmap_size(widget: LogoPreviewWidget) -> tuple[int, int]:
    pixmap = widget.preview_pixmap()
    assert pixmap is not None
    size = pixmap.deviceIndependentSize()  # logical pixels, whatever the screen scaling
    return round(size.width()), round(size.height())


def test_preview_has_the_chosen_size_and_follows_changes_without_download(
        qtbot, panel, https_image_host):
    form, widget = panel("/logo.png")
    check(qtbot, widget)
    assert widget.verdict.property("verdict") == "ok"
    assert pixmap_size(widget) == (200, 60)
    requests_before = len(https_image_host.log)
    form.height_box.setValue(90)  # 400 x 120 kept in aspect inside 200 x 90 -> 200 x 60
    assert pixmap_size(widget) == (200, 60)
    form.width_box.setValue(600)  # inside 600 x 90 -> 300 x 90
    assert pixmap_size(widget) == (300, 90)
    form.keep.setChecked(False)  # stretched to the box
    assert pixmap_size(widget) == (600, 90)
    assert "stretched" in widget.findings_label.text()
    assert len(https_image_host.log) == requests_before  # resizing never downloads


def test_typing_a_url_does_not_download(qtbot, panel, https_image_host):
    form, widget = panel("/logo.png")
    before = len(https_image_host.log)
    for ch in "/x/y.png":
        form.url.setText(form.url.text() + ch)
    qtbot.wait(200)
    assert len(https_image_host.log) == before


def test_table_lists_each_client_with_its_result(qtbot, panel):
    _form, widget = panel("/ua-block/logo.png")
    check(qtbot, widget)
    assert widget.verdict.property("verdict") == "blocked"
    rows = {widget.table.item(r, 0).text(): widget.table.item(r, 1).text()
            for r in range(widget.table.rowCount())}
    assert rows["Image proxy (Gmail, Yahoo)"] == "blocked"
    assert list(rows.values()).count("ok") == 5
    assert "programs that mail clients use" in widget.findings_label.text()


def test_failed_fetch_shows_its_finding_not_a_blank(qtbot, panel):
    _form, widget = panel("/share/photo/123")
    check(qtbot, widget)
    assert widget.verdict.property("verdict") == "error"
    assert widget.preview_pixmap() is None
    assert "web page" in widget.preview.text()
    assert "Flickr" in widget.findings_label.text()


def test_bad_address_is_reported_in_the_panel(qtbot, panel):
    form, widget = panel("/logo.png")
    form.url.setText("ftp://example.com/logo.png")
    with qtbot.waitSignal(widget.findChild(QWidget, "check_logo").clicked):
        widget.check_button.click()
    qtbot.waitUntil(lambda: widget.check_button.isEnabled(), timeout=5000)
    assert widget.verdict.property("verdict") == "error"
    assert "https://" in widget.preview.text()


def test_estatement_preview_shows_the_logo_at_the_chosen_size(qtbot, panel):
    _form, widget = panel("/logo.png")
    check(qtbot, widget)
    widget.show_estatement()
    dialog = widget.estatement_dialog
    qtbot.addWidget(dialog)
    assert 'height="60" width="200"' in dialog.html
    assert "Statement date" in dialog.browser.toPlainText()


def test_closing_mid_check_cancels_it_cleanly(qtbot, panel):
    form, widget = panel("/slow/logo.png")
    form.show()
    widget.check_button.click()
    task = widget._task
    assert task is not None and task.running
    with qtbot.assertNotEmitted(widget.checked, wait=300):
        form.hide()
        qtbot.waitUntil(lambda: not task.running, timeout=3000)
    assert task.token.cancelled


def test_svg_shows_its_finding_and_survives_size_changes(qtbot, panel):
    form, widget = panel("/logo.svg")
    check(qtbot, widget)
    assert widget.verdict.property("verdict") == "error"
    form.height_box.setValue(100)
    form.keep.setChecked(False)
    assert widget.preview_pixmap() is None
    assert "SVG" in widget.preview.text()


def test_box_size_caption_follows_the_fields_before_any_check(qtbot, tmp_path):
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    path = tmp_path / "s.json"
    SettingsStore(path).save(EmailSettings(logo_height=60, logo_width=180))
    dialog = EmailSettingDialog(SettingsStore(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "180 x 60" in dialog.logo_preview.caption.text())
    dialog.keep_aspect.setChecked(False)
    dialog.logo_width.setValue(150)
    assert dialog.logo_preview.caption.text() == "Logo box: 150 x 60 pixels."


def test_use_this_address_puts_the_pages_picture_into_the_url_and_checks_it(qtbot, panel):
    """A share page names its picture (og:image); one click uses that address."""
    form, widget = panel("/share/photo/123")
    form.show()
    edited: list[str] = []
    form.url.textEdited.connect(edited.append)
    check(qtbot, widget)
    assert widget.use_address_button.isVisible()
    suggested = widget.use_address_button.toolTip()
    assert suggested.startswith("https://") and suggested != form.url.text()
    with qtbot.waitSignal(widget.checked, timeout=20000):
        widget.use_address_button.click()
    assert form.url.text() == suggested
    assert edited == [suggested]  # the form hears it as an edit (Save enables)
    assert widget.report.url == suggested
    assert not widget.use_address_button.isVisible()


@pytest.mark.parametrize("logo_width", [60, 180, 400])
def test_estatement_title_never_breaks_mid_word(qtbot, logo_width):
    from PySide6.QtWidgets import QTextBrowser

    from a2k_settings_gui.core.logo.template import render_estatement_header

    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.resize(720, 400)
    browser.setHtml(render_estatement_header(logo_src=None, height=60, width=logo_width,
                                             missing_logo_text="No logo"))
    browser.show()
    block = browser.document().begin()
    while block.isValid() and "STATEMENT" not in block.text():
        block = block.next()
    assert block.isValid()
    layout, text = block.layout(), block.text()
    lines = [text[layout.lineAt(i).textStart():
                  layout.lineAt(i).textStart() + layout.lineAt(i).textLength()]
             for i in range(layout.lineCount())]
    # Lines end between words ("STATEMENT OF / ACCOUNT" beside a wide logo), never
    # inside one ("STATEMENT OF ACCO / UNT").
    for line in lines:
        assert line == "" or line[-1] in " \u2028" or text.endswith(line), lines
    if logo_width <= 180:
        assert lines[0].strip() == "STATEMENT OF ACCOUNT"


def test_estatement_preview_shows_what_a_refused_reader_sees(qtbot, panel):
    # Every mail reader is refused: the preview opens as they see it, not with the logo.
    _form, widget = panel("/referer-strict/logo.png")
    check(qtbot, widget)
    assert widget.verdict.text() == "Blocked for every reader (4 of 4)"
    widget.show_estatement()
    dialog = widget.estatement_dialog
    qtbot.addWidget(dialog)
    assert dialog.showing_refused_view
    assert "logo-preview://" not in dialog.html and "Broken picture" in dialog.html
    assert "No customer sees the logo" in dialog.findChild(
        QWidget, "estatement_refused_note").text()
    # The admin can still look at the logo itself.
    dialog.refused_toggle.setChecked(False)
    assert "logo-preview://" in dialog.html


def test_estatement_preview_for_some_refused_readers_starts_with_the_logo(qtbot, panel):
    _form, widget = panel("/placeholder/logo.png")
    check(qtbot, widget)
    assert widget.verdict.property("verdict") == "blocked"
    widget.show_estatement()
    dialog = widget.estatement_dialog
    qtbot.addWidget(dialog)
    assert not dialog.showing_refused_view and "logo-preview://" in dialog.html
    dialog.refused_toggle.setChecked(True)
    assert "placeholder" in dialog.html and "logo-preview://" not in dialog.html


def test_the_preview_is_handed_its_size_and_asks_for_its_context_only_to_check(
        qtbot, https_image_host, image_ca_file):
    """Values flow down: resizing reads nothing of the form around the preview; Check
    Logo asks once for what it fetches with (here the CA file that makes HTTPS work)."""
    asked = []

    def context() -> LogoContext:
        asked.append(1)
        return LogoContext(ca_file=image_ca_file)

    holder = QWidget()
    qtbot.addWidget(holder)
    widget = LogoPreviewWidget(context, parent=holder)
    url = QLineEdit(https_image_host.url("/logo.png"), holder)
    widget.bind_url(url)
    holder.show()
    widget.set_size(90, 300, False)
    qtbot.waitUntil(lambda: widget.caption.text() == "Logo box: 300 x 90 pixels.")
    assert asked == []
    check(qtbot, widget)
    assert asked == [1]
    assert pixmap_size(widget) == (300, 90)  # stretched to the box it was handed
    widget.set_size(60, 200, True)
    assert pixmap_size(widget) == (200, 60)
    assert asked == [1]
    qtbot.wait(20)  # the window's grow-to-fit timer runs while the holder still exists


def test_a_slow_logo_check_can_be_stopped(qtbot, panel):
    _form, widget = panel("/slow-for-proxy/logo.png")  # trickles to Gmail's image proxy
    assert widget.stop_button.isHidden()
    widget.check_button.click()
    assert not widget.stop_button.isHidden()
    qtbot.waitUntil(lambda: "Downloading" in widget.caption.text(), timeout=10000)
    qtbot.mouseClick(widget.stop_button, QtCore.Qt.MouseButton.LeftButton)
    assert widget.stop_button.isHidden() and widget.check_button.isEnabled()
    assert widget.report is None
    assert "Stopped before the logo was downloaded" in widget.caption.text()
