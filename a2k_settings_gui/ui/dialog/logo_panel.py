"""Company Logo Information: the logo's URL and size, and the logo check and preview.

With Keep aspect ratio on, changing the height changes the width (and back) in the
picture's own ratio, once a logo check has measured it; before that, in the ratio of the
saved size.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QWidget

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.kit.field_editors import caption
from a2k_settings_gui.ui.kit.form_fields import help_label
from a2k_settings_gui.ui.logo.check_input import LogoContext
from a2k_settings_gui.ui.logo.preview import LogoPreviewWidget, follow_size_fields

HOTLINK_NOTE = (
    "Some image sites do not allow hot-linking: the logo then does not appear in your "
    "e-statements. Use a direct link to the image file on your own web site where you can."
)


class LogoPanel(FormPanel):
    """Attributes: logo_url, logo_height, logo_width, keep_aspect, logo_preview, form."""

    def __init__(self, context: Callable[[], LogoContext],
                 parent: QWidget | None = None) -> None:
        """`context()`: what Check Logo reads beside this group's fields."""
        super().__init__("Company Logo Information", "logo_group", parent)
        self._aspect_ratio: float | None = None
        self._syncing_aspect = False
        form = self.form = QFormLayout(self)
        self.logo_url = self.line_edit("logo_url")
        self.add_row(form, "logo_url", "URL", self.logo_url)
        self.logo_height = self.spin("logo_height")
        self.logo_width = self.spin("logo_width")
        self.keep_aspect = QCheckBox("&Keep aspect ratio")
        self.keep_aspect.setObjectName("logo_keep_aspect")
        self.editors["logo_keep_aspect"] = self.keep_aspect  # edited: _on_keep_aspect_toggled
        self.keep_aspect.toggled.connect(self._on_keep_aspect_toggled)
        self.logo_height.valueChanged.connect(lambda _v: self._on_logo_size_changed("height"))
        self.logo_width.valueChanged.connect(lambda _v: self._on_logo_size_changed("width"))
        size_row = QWidget()
        row = QHBoxLayout(size_row)
        row.setContentsMargins(0, 0, 0, 0)
        height_caption = QLabel(caption("logo_height", "Height"))
        height_caption.setBuddy(self.logo_height)
        width_caption = QLabel(caption("logo_width", "Width"))
        width_caption.setBuddy(self.logo_width)
        for widget in (height_caption, self.wrap("logo_height", self.logo_height),
                       width_caption, self.wrap("logo_width", self.logo_width),
                       self.keep_aspect):
            row.addWidget(widget)
        row.addStretch(1)
        form.addRow("Logo size:", size_row)
        form.addRow(help_label(HOTLINK_NOTE, "hotlink_note"))
        # Values flow down: the preview is handed the size these fields hold.
        self.logo_preview = LogoPreviewWidget(context, parent=self)
        self.logo_preview.bind_url(self.logo_url)
        follow_size_fields(self.logo_preview, self.logo_height, self.logo_width,
                           self.keep_aspect)
        self.logo_preview.aspect_ratio_known.connect(self.set_aspect_ratio)
        form.addRow(self.logo_preview)

    def set_aspect_ratio(self, ratio: float) -> None:
        """The logo's real width/height ratio, once known (from the logo check)."""
        if ratio > 0:
            self._aspect_ratio = ratio

    def _on_keep_aspect_toggled(self, checked: bool) -> None:
        if checked and self.logo_height.value():
            self._aspect_ratio = self.logo_width.value() / self.logo_height.value()
        self.field_edited("logo_keep_aspect")

    def _on_logo_size_changed(self, changed: str) -> None:
        if self._syncing_aspect or not self.keep_aspect.isChecked() or not self._aspect_ratio:
            return
        self._syncing_aspect = True
        try:
            if changed == "height":
                width = round(self.logo_height.value() * self._aspect_ratio)
                self.logo_width.setValue(width)  # the spin box keeps it within range
            else:
                height = round(self.logo_width.value() / self._aspect_ratio)
                self.logo_height.setValue(height)
        finally:
            self._syncing_aspect = False

    def fill(self, settings: EmailSettings) -> None:
        # The aspect lock by hand: the saved height and width are shown as saved (neither
        # follows the other), and the saved box gives the ratio until a check measures it.
        self._syncing_aspect = True
        try:
            super().fill(settings)
        finally:
            self._syncing_aspect = False
        self._aspect_ratio = settings.logo_width / settings.logo_height
