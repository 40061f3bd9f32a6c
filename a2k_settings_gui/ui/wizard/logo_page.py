"""Logo: the company logo shown in the e-statements, fetched the way mail clients do to
catch hot-link blocking before customers see a broken image. Optional."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout

from a2k_settings_gui.core.settings import parse_value
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE
from a2k_settings_gui.ui.wizard.optional_check import OptionalCheckPage


class LogoPage(OptionalCheckPage):
    CORE_MODULE = "a2k_settings_gui.core.logo"
    BUTTON_TEXT = "&Check logo"
    UNAVAILABLE = ("The logo check is not available in this build of the tool. You can "
                   "still enter the logo link; open it in a private browser window to see "
                   "that it shows without signing in.")

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self.setObjectName("logo_page")
        self.run_button.setObjectName("logo_check_run")
        self.status.setObjectName("logo_status")
        self.result.setObjectName("logo_result")
        self.setTitle("Company logo")
        self.setSubTitle("Shown at the top of each e-statement. Leave empty for none.")
        self._filled = False

    def build_inputs(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setObjectName("wizard_logo_url")
        self.url.setPlaceholderText("https://www.yourcompany.com/logo.png")
        self.url.setAccessibleName("Company Logo URL")
        form.addRow("Company Logo &URL:", self.url)
        self.logo_height = QSpinBox()
        self.logo_height.setObjectName("wizard_logo_height")
        self.logo_height.setRange(1, 2000)
        self.logo_height.setSuffix(" px")
        form.addRow("Logo &Height:", self.logo_height)
        self.logo_width = QSpinBox()
        self.logo_width.setObjectName("wizard_logo_width")
        self.logo_width.setRange(1, 2000)
        self.logo_width.setSuffix(" px")
        form.addRow("Logo &Width:", self.logo_width)
        self.keep_aspect = QCheckBox("&Keep aspect ratio")
        self.keep_aspect.setObjectName("wizard_logo_keep_aspect")
        form.addRow("", self.keep_aspect)
        self.error = QLabel()
        self.error.setObjectName("wizard_logo_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form.addRow(self.error)
        layout.addLayout(form)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self._filled:
            return
        draft = self.setup.draft
        self.url.setText(draft.logo_url)
        self.logo_height.setValue(draft.logo_height)
        self.logo_width.setValue(draft.logo_width)
        self.keep_aspect.setChecked(draft.logo_keep_aspect)
        self._filled = True

    def _url(self) -> tuple[str, str]:
        url, problem = parse_value("logo_url", self.url.text())
        return (url or "", problem.message if problem else "")

    def make_call(self) -> Any:
        url, problem = self._url()
        if problem or not url:
            return problem or "Enter the logo's web address first."
        from a2k_settings_gui.core.logo import check_logo

        height, width = self.logo_height.value(), self.logo_width.value()
        keep, ca_file = self.keep_aspect.isChecked(), self.setup.draft.ca_file
        dns_servers = self.setup.draft.dns_servers
        timeout = min(self.setup.check_timeout, 10.0)

        def run(token: Any, progress: Any) -> Any:
            return check_logo(url, height=height, width=width, keep_aspect=keep,
                              timeout=timeout, ca_file=ca_file, dns_servers=dns_servers,
                              cancel=token, progress=progress)

        return run

    def summary(self, report: Any) -> str:
        verdict = getattr(report, "verdict", "")
        words = {"ok": "&#10004; <b>The logo loads the way mail clients load it.</b>",
                 "warning": "&#9888; <b>The logo loads, with warnings.</b>",
                 "blocked": "&#10006; <b>Mail clients will not be able to show this logo.</b>",
                 "error": "&#10006; <b>The logo could not be checked.</b>"}
        return words.get(verdict, escape(str(verdict)))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        url, problem = self._url()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return False
        self.error.hide()
        self.setup.update_draft(logo_url=url, logo_height=self.logo_height.value(),
                                logo_width=self.logo_width.value(),
                                logo_keep_aspect=self.keep_aspect.isChecked())
        return super().validatePage()
