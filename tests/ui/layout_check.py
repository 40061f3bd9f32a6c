"""What an admin would notice in a window, measured instead of eyeballed.

Used by tests/ui/test_layout.py (every window state of tests/ui/window_states.py, at
QT_SCALE_FACTOR 1, 1.5 and 2) and by the keyboard tests:

- `fits_screen`: the window, with a Windows title bar and the taskbar, fits the screen's
  available area, and cannot be forced larger than it by its minimum size;
- `clipped_texts`: a visible label, button or check box whose text needs more room than
  it has (cut, elided or squeezed), or a widget sticking out of its parent;
- `overlaps`: two visible sibling widgets drawn on top of each other;
- `mnemonic_clashes`: two visible Alt+letter shortcuts with the same letter;
- `unlabelled_inputs`: an input without a buddy label or an accessible name;
- `dead_tab_stops`: a widget that takes keyboard focus but does nothing with it.

Each returns a list of plain sentences (empty = fine) so a failing test names the widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

# A Windows 10/11 window frame at 96 DPI in logical pixels: title bar, the invisible
# resize border, and the taskbar at the bottom of the screen.
TITLE_BAR = 31
BORDER = 8
TASKBAR = 48
SLACK = 1  # rounding at fractional scale factors


def describe(widget: QWidget) -> str:
    name = widget.objectName() or ""
    text = ""
    for getter in ("text", "title"):
        if hasattr(widget, getter) and not isinstance(widget, (QLineEdit, QAbstractSpinBox)):
            try:
                value = getattr(widget, getter)()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = re.sub(r"<[^>]+>", "", value)[:50]
                break
    parts = [type(widget).__name__]
    if name:
        parts.append(f"#{name}")
    if text:
        parts.append(f"“{text}”")
    return " ".join(parts)


def _visible_descendants(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget)
            if w.isVisibleTo(window) and not w.isWindow() and w.width() > 0]


def _is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt composes itself (scroll bars, a spin box's line edit, a wizard's frame):
    their geometry is Qt's business, not ours."""
    name = widget.objectName()
    if name.startswith("qt_") or isinstance(widget, QScrollBar):
        return True
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QTabBar)):
            return True
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea):
            return True  # item views and text edits draw their own contents
        parent = parent.parentWidget()
    return False


# ------------------------------------------------------------------ size
def fits_screen(window: QWidget) -> list[str]:
    screen = window.screen()
    area = screen.availableGeometry()
    room_w = area.width() - 2 * BORDER
    room_h = area.height() - TASKBAR - TITLE_BAR - BORDER
    problems = []
    size, minimum = window.size(), window.minimumSizeHint().expandedTo(window.minimumSize())
    if window.layout() is not None and window.layout().sizeConstraint() != \
            window.layout().SizeConstraint.SetNoConstraint:
        minimum = minimum.expandedTo(window.layout().totalMinimumSize())
    for what, measured in (("is", size), ("cannot shrink below", minimum)):
        if measured.width() > room_w + SLACK or measured.height() > room_h + SLACK:
            problems.append(
                f"{describe(window)} {what} {measured.width()}×{measured.height()} but the "
                f"{area.width()}×{area.height()} screen leaves {room_w}×{room_h} for it")
    return problems


# ------------------------------------------------------------------ text
def _needed_size(widget: QWidget) -> tuple[int, int]:
    if isinstance(widget, QGroupBox):  # only its title; the contents are checked one by one
        return widget.fontMetrics().horizontalAdvance(widget.title().replace("&", "")) + 16, 0
    if isinstance(widget, QLabel) and widget.wordWrap():
        return 0, widget.heightForWidth(widget.width())
    hint = widget.minimumSizeHint() if isinstance(widget, QLabel) and not widget.text() \
        else widget.sizeHint()
    return hint.width(), hint.height()


def clipped_texts(window: QWidget) -> list[str]:
    problems = []
    for widget in _visible_descendants(window):
        if _is_qt_internal(widget):
            continue
        parent = widget.parentWidget()
        inside_scroll = _inside_scroll_viewport(widget)
        if parent is not None and not inside_scroll:
            bounds = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
            if not bounds.contains(widget.geometry()):
                problems.append(f"{describe(widget)} sticks out of {describe(parent)} "
                                f"({_rect(widget.geometry())} in {_rect(parent.rect())})")
        if isinstance(widget, QLabel) and (widget.text().strip() == "" or widget.pixmap()
                                           and not widget.pixmap().isNull()):
            continue
        if not isinstance(widget, (QLabel, QAbstractButton, QGroupBox)):
            continue
        if isinstance(widget, QAbstractButton) and not widget.text():
            continue
        need_w, need_h = _needed_size(widget)
        if need_w > widget.width() + SLACK or need_h > widget.height() + SLACK:
            problems.append(f"{describe(widget)} needs {need_w}×{need_h} but has "
                            f"{widget.width()}×{widget.height()} (text cut)")
    return problems


def cut_without_scrollbar(window: QWidget) -> list[str]:
    """Content taller or wider than its scroll area, with no scroll bar to reach the rest
    (rows of a table, the last lines of a page): cut, and the admin cannot tell."""
    from PySide6.QtWidgets import QAbstractScrollArea

    problems = []
    for widget in _visible_descendants(window):
        if not isinstance(widget, QAbstractScrollArea) or _is_qt_internal(widget):
            continue
        for bar, what in ((widget.verticalScrollBar(), "rows or lines below"),
                          (widget.horizontalScrollBar(), "text to the right")):
            if bar.maximum() - bar.minimum() > SLACK and not bar.isVisible():
                problems.append(f"{describe(widget)} hides {bar.maximum()} px of "
                                f"{what} with no scroll bar (content cut)")
    return problems


def literal_markup(window: QWidget) -> list[str]:
    """HTML shown as characters: "&#10006;" on screen where a ✖ was meant."""
    from PySide6 import QtGui

    problems = []
    for widget in _visible_descendants(window):
        if not isinstance(widget, QLabel) or not widget.text():
            continue
        text = widget.text()
        plain = widget.textFormat().name == "PlainText" or (
            widget.textFormat().name == "AutoText" and not QtGui.Qt.mightBeRichText(text))
        if plain and re.search(r"&#\d+;|&[a-z]+;|</?[a-z]+>", text):
            problems.append(f"{describe(widget)} shows markup as text: “{text[:60]}”")
    return problems


def _inside_scroll_viewport(widget: QWidget) -> bool:
    """The content widget of a scroll area is larger than its viewport by design."""
    parent = widget.parentWidget()
    return (parent is not None and isinstance(parent.parentWidget(), QAbstractScrollArea)
            and parent is parent.parentWidget().viewport())


def _rect(rect: QRect) -> str:
    return f"{rect.x()},{rect.y()} {rect.width()}×{rect.height()}"


# ------------------------------------------------------------------ overlap
def overlaps(window: QWidget) -> list[str]:
    problems = []
    by_parent: dict[int, list[QWidget]] = {}
    for widget in _visible_descendants(window):
        if _is_qt_internal(widget):
            continue
        parent = widget.parentWidget()
        if parent is None or _is_qt_internal(parent):
            continue
        by_parent.setdefault(id(parent), []).append(widget)
    for siblings in by_parent.values():
        for i, first in enumerate(siblings):
            for second in siblings[i + 1:]:
                common = first.geometry().intersected(second.geometry())
                if common.width() > SLACK and common.height() > SLACK:
                    problems.append(f"{describe(first)} and {describe(second)} overlap "
                                    f"({_rect(common)})")
    return problems


# ------------------------------------------------------------------ keyboard
MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic_of(text: str) -> str:
    match = MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else ""


def _mnemonic_texts(window: QWidget) -> Iterable[tuple[QWidget, str]]:
    for widget in _visible_descendants(window):
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel)
                                                    and widget.buddy() is not None):
            yield widget, widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            yield widget, widget.title()
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield widget, widget.tabText(index)


def mnemonic_clashes(window: QWidget) -> list[str]:
    seen: dict[str, QWidget] = {}
    problems = []
    for widget, text in _mnemonic_texts(window):
        key = mnemonic_of(text)
        if not key:
            continue
        if key in seen and seen[key] is not widget:
            problems.append(f"Alt+{key.upper()} is both {describe(seen[key])} and "
                            f"{describe(widget)}")
        else:
            seen[key] = widget
    return problems


INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)


def unlabelled_inputs(window: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in window.findChildren(QLabel)
               if label.buddy() is not None}
    problems = []
    for widget in _visible_descendants(window):
        if not isinstance(widget, INPUTS) or _is_qt_internal(widget):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if id(widget) not in buddies and not widget.accessibleName():
            problems.append(f"{describe(widget)} has no label (setBuddy) or accessible name")
    return problems


def dead_tab_stops(window: QWidget) -> list[str]:
    """A scroll area, frame or label that takes Tab focus does nothing with it: the admin
    presses Tab and seems to land nowhere."""
    problems = []
    for widget in _visible_descendants(window):
        takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if not takes_tab or _is_qt_internal(widget):
            continue
        if isinstance(widget, QScrollArea):
            problems.append(f"{describe(widget)} is a tab stop that does nothing")
        elif isinstance(widget, QLabel) and not widget.openExternalLinks() and not (
                widget.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard):
            problems.append(f"{describe(widget)} is a tab stop that does nothing")
    return problems


# ------------------------------------------------------------------ words
# What an admin should never read in a window: command-line options, DNS response codes,
# library error strings, Python exception names. (The transcript and the copied report may
# hold them: those are for the vendor's support, and are not checked here.)
DEVELOPER_WORDS = re.compile(
    r"(?<![\w-])--[a-z][a-z-]+|\bSERVFAIL\b|\bNXDOMAIN\b|\bREFUSED\b|\bNOERROR\b"
    r"|\bservfail\b|\bnxdomain\b|certificate verify failed|\[Errno|\[SSL|Errno \d"
    r"|\w+(Error|Exception)\b|Traceback|\(ssl, |\(starttls, |builtin\)|DNS queries"
    r"|\([a-z]+(?:_[a-z0-9]+)+\)"  # a finding code in brackets: "(basic_auth_retiring)"
    r"|IncompleteRead|bytes read|\(reason unavailable\)\)|permanent failure \(",
)


def _shown_texts(window: QWidget) -> Iterable[tuple[QWidget, str]]:
    from PySide6.QtWidgets import QTableWidget, QTreeWidget

    for widget in _visible_descendants(window):
        if isinstance(widget, (QPlainTextEdit, QTextEdit)):
            continue  # transcript and details areas: technical by design
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield widget, re.sub(r"<[^>]+>", " ", widget.text())
        elif isinstance(widget, QGroupBox):
            yield widget, widget.title()
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield widget, widget.itemText(index)
        elif isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    if item is not None:
                        yield widget, item.text()
        elif isinstance(widget, QTreeWidget):
            for row in range(widget.topLevelItemCount()):
                item = widget.topLevelItem(row)
                for column in range(widget.columnCount()):
                    yield widget, item.text(column)


def developer_words(window: QWidget) -> list[str]:
    problems = []
    for widget, text in _shown_texts(window):
        match = DEVELOPER_WORDS.search(text)
        if match:
            problems.append(f"{describe(widget)} shows developer words: “{match.group(0)}” "
                            f"in “{text.strip()[:90]}”")
    return problems


# ------------------------------------------------------------------ naming
PRODUCT_NAME = "A2000ERP Email Setting"
OTHER_NAMES = re.compile(r"Email Setup Wizard|A2000 Email Settings|A2000ERP e-mail settings")


def naming(window: QWidget) -> list[str]:
    """One product name, one ellipsis character (… rather than three dots)."""
    problems = []
    from PySide6.QtWidgets import QTextBrowser

    texts = [(window, window.windowTitle()), *_shown_texts(window)]
    texts += [(browser, browser.toPlainText()) for browser in _visible_descendants(window)
              if isinstance(browser, QTextBrowser)]
    for widget, text in texts:
        if OTHER_NAMES.search(text):
            problems.append(f"{describe(widget)} names the product otherwise than "
                            f"“{PRODUCT_NAME}”: “{text.strip()[:80]}”")
        if "..." in text:
            problems.append(f"{describe(widget)} writes “...” instead of “…”: "
                            f"“{text.strip()[:80]}”")
    return problems


def blurry_pictures(window: QWidget) -> list[str]:
    """A picture drawn for a 100 % screen and stretched by a 150 % or 200 % one is blurry:
    each shown pixmap must carry the screen's device pixel ratio."""
    screen_ratio = window.devicePixelRatioF()
    problems = []
    for widget in _visible_descendants(window):
        pixmap = widget.pixmap() if isinstance(widget, QLabel) else None
        if pixmap is not None and not pixmap.isNull() \
                and pixmap.devicePixelRatio() + 0.01 < screen_ratio:
            problems.append(f"{describe(widget)} shows a picture at device pixel ratio "
                            f"{pixmap.devicePixelRatio():g} on a {screen_ratio:g} screen "
                            "(blurry)")
    return problems


def all_problems(window: QWidget) -> list[str]:
    return (fits_screen(window) + clipped_texts(window) + cut_without_scrollbar(window)
            + literal_markup(window) + overlaps(window)
            + mnemonic_clashes(window) + unlabelled_inputs(window) + dead_tab_stops(window)
            + developer_words(window) + naming(window) + blurry_pictures(window))
