"""Logo: the company logo shown in the e-statements. The check and preview are the Email
Setting dialog's own panel (ui/logo/preview.py: one logo check in both windows): it
downloads the logo the way mail clients do, catches hot-link blocking and shows the logo
at the chosen size. Optional: an empty URL means no logo."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QVBoxLayout

from a2k_settings_gui.core.settings import parse_value
from a2k_settings_gui.ui.kit.field_editors import caption, number_box, text_edit
from a2k_settings_gui.ui.logo.check_input import LogoContext
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE, WizardPage


class LogoPage(WizardPage):
    NAME = "logo_page"
    TITLE = "Company logo"
    SUBTITLE = "Shown at the top of each e-statement. Leave empty for none."

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self._filled = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.url = text_edit("logo_url")
        form.addRow(caption("logo_url", "URL"), self.url)
        self.logo_height = number_box("logo_height")
        self.logo_height.setMaximumWidth(140)
        form.addRow(caption("logo_height", "Height"), self.logo_height)
        self.logo_width = number_box("logo_width")
        self.logo_width.setMaximumWidth(140)
        form.addRow(caption("logo_width", "Width"), self.logo_width)
        self.keep_aspect = QCheckBox("&Keep aspect ratio")
        self.keep_aspect.setObjectName("logo_keep_aspect")
        form.addRow("", self.keep_aspect)
        self.error = QLabel()
        self.error.setObjectName("wizard_logo_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form.addRow(self.error)
        layout.addLayout(form)
        self.lock_rows(form, {"logo_url": self.url, "logo_height": self.logo_height,
                              "logo_width": self.logo_width,
                              "logo_keep_aspect": self.keep_aspect})
        from a2k_settings_gui.ui.logo.preview import LogoPreviewWidget, follow_size_fields

        self.preview = LogoPreviewWidget(self._logo_context, parent=self)
        self.preview.bind_url(self.url)
        follow_size_fields(self.preview, self.logo_height, self.logo_width, self.keep_aspect)
        # Its verdict is kept with the URL it checked, for the hand-over's mark.
        self.preview.latest_file = getattr(wizard.store, "path", None)
        self.preview.aspect_ratio_known.connect(self._on_preview_aspect_ratio_known)
        layout.addWidget(self.preview)
        layout.addStretch(1)

    def _logo_context(self) -> LogoContext:
        """What Check Logo reads beside this page's fields: the draft's network settings
        and sender."""
        draft = self.setup.draft
        return LogoContext(ca_file=draft.ca_file, dns_servers=draft.dns_servers,
                           sender_email=draft.sender_email, sender_name=draft.sender_name)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1  # opened from the hand-over, and back to it ("Done")

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self._filled:
            return
        draft = self.setup.draft
        self.url.setText(draft.logo_url)
        self.logo_height.setValue(draft.logo_height)
        self.logo_width.setValue(draft.logo_width)
        self.keep_aspect.setChecked(draft.logo_keep_aspect)
        self._filled = True

    def _on_preview_aspect_ratio_known(self, ratio: float) -> None:
        # As in the dialog: with Keep aspect ratio, the width follows the picture's shape.
        if self.keep_aspect.isChecked() and ratio > 0:
            self.logo_width.setValue(round(self.logo_height.value() * ratio))  # kept in range

    def leave(self) -> None:
        self.preview.cancel()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        url, problem = parse_value("logo_url", self.url.text())
        if self.refused(problem, self.error):
            return False
        self.error.hide()
        self.leave()
        self.setup.update_draft(logo_url=url, logo_height=self.logo_height.value(),
                                logo_width=self.logo_width.value(),
                                logo_keep_aspect=self.keep_aspect.isChecked())
        return True
