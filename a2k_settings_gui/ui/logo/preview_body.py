"""The logo panel's preview box, built after the window's first paint (start-up within 1.3x
a bare dialog).

The admin sees the Email Setting dialog at once; the preview box, its caption, the
findings and "Use this address" follow a moment later, or at once when something needs
them (the properties build them on first use). LogoPreviewWidget (ui/logo/preview.py)
takes this mixin for that part of itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.ui.kit.style import HELP, paint

if TYPE_CHECKING:
    from a2k_settings_gui.ui.kit.finding_view import FindingsLabel

Part = TypeVar("Part")

PREVIEW_BACKGROUND = "#ffffff"  # the logo is shown on white, as in an e-mail


class BodyPart(Generic[Part]):
    """A widget of the deferred body: reading it builds the body first (`_ensure_body`),
    then gives the widget kept under the same name with a leading underscore."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._attribute = f"_{name}"

    def __get__(self, widget: Any, owner: type | None = None) -> Part:
        if widget is None:  # read on the class itself
            return self  # type: ignore[return-value]
        widget._ensure_body()
        return getattr(widget, self._attribute)


class DeferredBody:
    """Expects of the widget: `_layout` (its QVBoxLayout with the button row first),
    `_body_built`, `_start_text`, `report`, `_current`, `refresh_size()`, `_show_failure()`
    and `_on_use_address_button_clicked()`."""

    _layout: QVBoxLayout
    _body_built: bool

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().paintEvent(event)
        if not self._body_built:
            # Built after the window's first paint (start-up stays fast): the admin sees
            # the dialog at once, the preview box a moment later.
            QTimer.singleShot(0, self._ensure_body)

    def _ensure_body(self) -> None:
        """The preview box, its caption, the findings and "Use this address": made on
        first need, or just after the first paint, whichever comes first."""
        if self._body_built:
            return
        self._body_built = True
        self._preview = QLabel(self)
        self._preview.setObjectName("logo_preview_image")
        self._preview.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self._preview.setWordWrap(True)
        # Start-up cost matters (docs/PERFORMANCE.md): colours through palettes, no style
        # sheets or rich text until a check has run, the results table built on first use.
        holder = QWidget(self)
        paint(holder, background=PREVIEW_BACKGROUND)
        holder_layout = QHBoxLayout(holder)
        holder_layout.addWidget(self._preview, 0, QtCore.Qt.AlignmentFlag.AlignLeft
                                | QtCore.Qt.AlignmentFlag.AlignVCenter)
        holder_layout.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidget(holder)
        self._scroll.setWidgetResizable(True)
        self._scroll.setMinimumHeight(90)
        self._scroll.setMaximumHeight(240)
        # Looked at, not used: Tab goes on to the next field.
        self._scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self._caption = QLabel(self)
        self._caption.setObjectName("logo_preview_caption")
        paint(self._caption, foreground=HELP)
        self._caption.setWordWrap(True)
        from a2k_settings_gui.ui.kit.finding_view import FindingsLabel  # after the first paint

        self._findings_label = FindingsLabel("logo_findings")
        # A share page (Google Drive, Dropbox, ...) often names its picture's own address:
        # one click puts that address into Company Logo URL and checks it.
        self._use_address_button = QPushButton(self)
        self._use_address_button.setObjectName("use_suggested_logo_address")
        self._use_address_button.clicked.connect(self._on_use_address_button_clicked)
        self._use_address_button.hide()
        # Inserted right under the buttons, before a results table made in the meantime.
        for index, widget in enumerate((self._scroll, self._caption, self._findings_label)):
            self._layout.insertWidget(1 + index, widget)
        self._layout.insertWidget(4, self._use_address_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)
        if self.report is None and self._current.task is None:
            self._show_failure(self._start_text, neutral=True)
        self.refresh_size()

    # The parts of the body, each made (with all the others) on first use.
    preview: BodyPart[QLabel] = BodyPart()
    scroll: BodyPart[QScrollArea] = BodyPart()
    caption: BodyPart[QLabel] = BodyPart()
    findings_label: BodyPart[FindingsLabel] = BodyPart()
    use_address_button: BodyPart[QPushButton] = BodyPart()
