"""The Help window: the user guide shipped in resources/help/, rendered by Qt, offline.

Imported only when the admin asks for help (ui/kit/help.py): its Qt classes (QTextBrowser,
QTextDocument, QDesktopServices) would otherwise cost start-up time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImageReader, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core.resources import RESOURCES
from a2k_settings_gui.ui.kit.help_sections import (
    GUIDE,
    MAX_PICTURE_WIDTH,
    PRODUCT_NAME,
    SECTIONS,
    heading_anchor,
)
from a2k_settings_gui.ui.kit.screen_fit import fit_to_screen


class HelpWindow(QDialog):
    """The user guide, with a search box; links to other sections scroll, web links open
    in the browser.

    Attributes:
    anchors: heading text -> anchor name, in the guide's order.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle(f"{PRODUCT_NAME} – Help")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setOpenLinks(False)  # internal anchors here, the web in the browser
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.browser.setAccessibleName("User guide")
        self.anchors: dict[str, str] = {}
        self._load()

        self.search = QLineEdit(self)
        self.search.setObjectName("help_search")
        self.search.setPlaceholderText("Word to find, e.g. app password")
        self.search.returnPressed.connect(self.find_next)
        find_label = QLabel("&Find:", self)
        find_label.setBuddy(self.search)
        find_button = QPushButton("Find &next", self)
        find_button.setObjectName("help_find_next")
        find_button.clicked.connect(self.find_next)
        contents = QPushButton("&Contents", self)
        contents.setObjectName("help_contents")
        contents.clicked.connect(lambda: self.browser.scrollToAnchor(self._first_anchor()))
        row = QHBoxLayout()
        row.addWidget(contents)
        row.addStretch(1)
        row.addWidget(find_label)
        row.addWidget(self.search, 1)
        row.addWidget(find_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 640)

    def _load(self) -> None:
        path = RESOURCES / GUIDE
        document = self.browser.document()
        try:
            markdown = path.read_text(encoding="utf-8")
        except OSError:
            markdown = (f"# Help is missing\n\nThe user guide ({path}) is not in this "
                        "installation. Reinstall the app, or read docs/USER-GUIDE.md.")
        self.browser.setSearchPaths([str(path.parent)])
        document.setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        self._add_heading_anchors(document)
        self._shrink_pictures(document, path.parent)

    def _add_heading_anchors(self, document: QTextDocument) -> None:
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and block.text().strip():
                anchor = heading_anchor(block.text())
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                    QTextCursor.MoveMode.KeepAnchor)
                char_format = cursor.charFormat()
                char_format.setAnchor(True)
                char_format.setAnchorNames([anchor])
                cursor.mergeCharFormat(char_format)
                self.anchors[block.text().strip()] = anchor
            block = block.next()

    def _shrink_pictures(self, document: QTextDocument, folder: Path) -> None:
        """Screenshots narrower than the text, so the guide reads without sideways
        scrolling; the aspect ratio is kept."""
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                char_format = fragment.charFormat()
                if char_format.isImageFormat():
                    image_format = char_format.toImageFormat()
                    size = QImageReader(str(folder / image_format.name())).size()
                    if size.width() > MAX_PICTURE_WIDTH:
                        image_format.setWidth(MAX_PICTURE_WIDTH)
                        image_format.setHeight(size.height() * MAX_PICTURE_WIDTH
                                               / size.width())
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(),
                                           QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image_format)
                iterator += 1
            block = block.next()

    def _first_anchor(self) -> str:
        return next(iter(self.anchors.values()), "")

    def anchor_for(self, key: str) -> str:
        start = SECTIONS.get(key, key)
        for heading, anchor in self.anchors.items():
            if heading.startswith(start):
                return anchor
        return self._first_anchor()

    def show_section(self, key: str) -> str:
        """Open the guide at the section for `key` (a SECTIONS key or a heading's start);
        returns the anchor shown."""
        anchor = self.anchor_for(key)
        self.current_anchor = anchor
        self.show()
        self.raise_()
        self.activateWindow()
        # After show: scrolling needs the laid-out document.
        self.browser.scrollToAnchor(anchor)
        return anchor

    def find_next(self) -> None:
        text = self.search.text().strip()
        if text and not self.browser.find(text):
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.browser.find(text)

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
