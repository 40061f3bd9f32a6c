"""Help: the user guide shipped with the app, opened at the section for the window in use.

The guide is docs/USER-GUIDE.md, copied with its pictures into resources/help/ by
tools/build_help.py (a test keeps the copy current). Qt renders Markdown itself
(QTextDocument.setMarkdown), so the guide needs no converter and works offline. Qt gives
headings no anchors, so each heading gets the anchor GitHub would give it: the guide's
own "[Check Domain](#5-check-domain)" links then work here as on the web.

Every window calls `add_help(window, key)`: F1 opens the guide at that window's section,
and the returned button does the same. One guide window serves the whole app.
"""

from __future__ import annotations

import re
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImageReader,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
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
from a2k_settings_gui.ui.screen_fit import fit_to_screen

GUIDE = "help/USER-GUIDE.md"
PRODUCT_NAME = "A2000ERP Email Setting"
MAX_PICTURE_WIDTH = 600

# Window (or wizard page) -> the start of the heading that explains it. Matched by the
# heading's start, so the guide's wording can change without breaking Help.
SECTIONS = {
    "dialog": "3. The Email Setting dialog",
    "network": "Network (only for corporate networks)",
    "test-send": "4. Send Test Email",
    "received": "Did it arrive?",
    "domain": "5. Check Domain",
    "logo": "6. Company logo",
    "sending": "7. Mail Sending Control",
    "wizard": "2. First start",
    "welcome_page": "Page 1",
    "sender_page": "Page 2",
    "server_page": "Page 3",
    "signin_page": "Page 4",
    "test_page": "Page 5",
    "domain_page": "Page 6",
    "logo_page": "Page 7",
    "sending_page": "Page 8",
    "summary_page": "Page 9",
    "troubleshooting": "10. Troubleshooting",
}


def heading_anchor(text: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, each
    space a hyphen ("5. Check Domain" -> "5-check-domain")."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


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


_HELP_WINDOW: list[HelpWindow] = []


def help_window() -> HelpWindow:
    """The app's one guide window (made on first use: start-up does not pay for it)."""
    if _HELP_WINDOW and not shiboken6.isValid(_HELP_WINDOW[0]):
        _HELP_WINDOW.clear()  # deleted with the application's last windows
    if not _HELP_WINDOW:
        window = HelpWindow()
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        _HELP_WINDOW.append(window)
    return _HELP_WINDOW[0]


def close_help() -> None:
    """Close the guide window if one is open (it outlives the window that opened it)."""
    if _HELP_WINDOW and shiboken6.isValid(_HELP_WINDOW[0]):
        _HELP_WINDOW[0].close()


def open_help(key: str) -> HelpWindow:
    window = help_window()
    window.show_section(key)
    return window


def add_help(window: QWidget, key: str | object, button: bool = True) -> QPushButton | None:
    """F1 in `window` opens the guide at `key`'s section (a str, or a callable returning
    one, e.g. the wizard's current page); returns a Help button doing the same."""
    def section() -> str:
        return key() if callable(key) else str(key)  # type: ignore[operator]

    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: open_help(section()))
    if not button:
        return None
    help_button = QPushButton("Help", window)
    help_button.setObjectName("help_button")
    help_button.setToolTip("Open the user guide at this window's section (F1)")
    help_button.clicked.connect(lambda: open_help(section()))
    return help_button
