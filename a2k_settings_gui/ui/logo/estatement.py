"""'Preview e-statement': the sample e-statement header with the logo as a recipient sees it.

The logo comes from the picture already decoded in memory (registered as a document
resource), drawn at the chosen height and width; nothing is downloaded again. When Check
Logo found mail readers that are refused the logo, the preview shows what those readers
see; when every reader is refused it opens that way, since no customer sees the logo.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core.logo.template import render_estatement_header

LOGO_RESOURCE = "logo-preview://company-logo.png"


class EstatementPreviewDialog(QDialog):
    """Shows the sample e-statement. `logo` None shows `missing_text` in the logo's place.

    `refused_text`: what a reader refused the logo sees in its place ("" when every reader
    gets it); `refused_by_everyone` opens the dialog in that view.
    """

    def __init__(self, logo: QImage | None, height: int, width: int, *, company_name: str = "",
                 sender: str = "", missing_text: str = "", note: str = "",
                 refused_text: str = "", refused_note: str = "",
                 refused_by_everyone: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("estatement_preview")
        self.setWindowTitle("Preview e-statement")
        self._logo, self._height, self._width = logo, height, width
        self._company_name, self._sender = company_name, sender
        self._missing_text, self._refused_text = missing_text, refused_text
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("estatement_browser")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Sample e-statement with the company logo")
        if logo is not None:
            self.browser.document().addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(LOGO_RESOURCE), logo)
        layout = QVBoxLayout(self)
        caption = QLabel(note or f"The logo is shown at {width} x {height} pixels, as it is "
                         "sent in each e-statement.", self)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.refused_toggle: QCheckBox | None = None
        if refused_text:
            warning = QLabel(refused_note + (" No customer sees the logo." if
                                             refused_by_everyone else ""), self)
            warning.setObjectName("estatement_refused_note")
            warning.setWordWrap(True)
            layout.addWidget(warning)
            self.refused_toggle = QCheckBox("Show what a refused reader sees", self)
            self.refused_toggle.setObjectName("estatement_refused_view")
            self.refused_toggle.setChecked(refused_by_everyone)
            self.refused_toggle.toggled.connect(self._render)
            layout.addWidget(self.refused_toggle)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._render()
        self.resize(720, 460)

    @property
    def showing_refused_view(self) -> bool:
        return self.refused_toggle is not None and self.refused_toggle.isChecked()

    def _render(self) -> None:
        refused = self.showing_refused_view
        show_logo = self._logo is not None and not refused
        self.html = render_estatement_header(
            logo_src=LOGO_RESOURCE if show_logo else None, height=self._height,
            width=self._width, company_name=self._company_name, sender=self._sender,
            missing_logo_text=self._refused_text if refused else self._missing_text)
        self.browser.setHtml(self.html)
