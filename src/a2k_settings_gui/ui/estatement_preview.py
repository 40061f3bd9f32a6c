"""'Preview e-statement': the sample e-statement header with the logo as a recipient sees it.

The logo comes from the picture already decoded in memory (registered as a document
resource), drawn at the chosen height and width; nothing is downloaded again.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from a2k_settings_gui.core.logo.template import render_estatement_header

LOGO_RESOURCE = "logo-preview://company-logo.png"


class EstatementPreviewDialog(QDialog):
    """Shows the sample e-statement. `logo` None shows `missing_text` in the logo's place."""

    def __init__(self, logo: QImage | None, height: int, width: int, *, company_name: str = "",
                 sender: str = "", missing_text: str = "", note: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("estatement_preview")
        self.setWindowTitle("Preview e-statement")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("estatement_browser")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Sample e-statement with the company logo")
        if logo is not None:
            self.browser.document().addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(LOGO_RESOURCE), logo)
        self.html = render_estatement_header(
            logo_src=LOGO_RESOURCE if logo is not None else None, height=height, width=width,
            company_name=company_name, sender=sender, missing_logo_text=missing_text)
        self.browser.setHtml(self.html)
        layout = QVBoxLayout(self)
        caption = QLabel(note or f"The logo is shown at {width} x {height} pixels, as it is "
                         "sent in each e-statement.", self)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)
