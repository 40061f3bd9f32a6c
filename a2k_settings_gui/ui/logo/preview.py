"""The logo panel inside the Company Logo Information group.

A live preview at the chosen height and width, a verdict badge, a table of the ways mail
programs load pictures with each result, the findings, a Check Logo button and a
'Preview e-statement…' button, and 'Use this address' when the page names its picture.

The download and decoding run on a worker (ui.kit.worker.Task), which also builds the QImage
of the small master copy. A change of height, width or keep-aspect rescales that QImage
on the GUI thread (a few ms, no download). Typing a URL never downloads: the admin
presses Check Logo.

Values flow down: the form hands the preview its size (`set_size`, or
`follow_size_fields` for spin boxes) and, for a check, a narrow `LogoContext` (the
network settings and the sender); the preview never reads the form around it.

Signals:
    checked(object): a LogoReport arrived (after a finished check).
    aspect_ratio_known(float): the logo's real width/height ratio, for keep-aspect.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.ui.logo.check_input import LogoContext, LogoRequest, LogoSize

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QPixmap
    from PySide6.QtWidgets import QTableWidget

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.logo.display import DisplaySize, display_size
from a2k_settings_gui.ui.kit.screen_fit import grow_within_screen
from a2k_settings_gui.ui.kit.style import (
    DASHED_FRAME,
    ERROR,
    GOOD,
    HELP,
    SEVERITY,
    UNKNOWN,
    Tone,
    badge_style,
    paint,
)
from a2k_settings_gui.ui.kit.worker import CurrentTask, RunsOneTask
from a2k_settings_gui.ui.logo.preview_body import DeferredBody

# The verdict is told by its words; the colour only repeats it.
VERDICT_STYLE: dict[str, tuple[str, Tone]] = {
    "ok": ("Logo OK", GOOD),
    "warning": ("Works, with warnings", SEVERITY["warning"]),
    "blocked": ("Blocked for some readers", SEVERITY["error"]),
    "error": ("Logo cannot be shown", SEVERITY["error"]),
    "unchecked": ("Not checked yet", UNKNOWN),
    "checking": ("Checking…", SEVERITY["info"]),
}
RESULT_COLOURS = {"ok": GOOD.colour, "blocked": ERROR, "placeholder": ERROR, "error": ERROR}

DISPLAY_CODES = {"distorted", "upscaled"}


def run_check(request: LogoRequest, cancel, progress):  # type: ignore[no-untyped-def]
    """Worker body: check the logo and build the preview QImage off the GUI thread."""
    from a2k_settings_gui.core.logo.check import check_logo

    size, context = request.size, request.context
    report = check_logo(request.url, height=size.height, width=size.width,
                        keep_aspect=size.keep_aspect, ca_file=context.ca_file,
                        dns_servers=context.dns_servers, cancel=cancel, progress=progress)
    image = None
    if report.decoded is not None:
        rgba, width, height = report.decoded.master_rgba()
        from PySide6.QtGui import QImage

        # copy(): the QImage must own its pixels once `rgba` goes away.
        image = QImage(rgba, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()
    return report, image


class LogoPreviewWidget(RunsOneTask, DeferredBody, QWidget):
    checked = Signal(object)
    aspect_ratio_known = Signal(float)

    def __init__(self, context: Callable[[], LogoContext] = LogoContext,
                 parent: QWidget | None = None, check_function: Callable = run_check) -> None:
        """`context()`: what a check reads besides the logo's own fields, asked when the
        admin presses Check Logo or Preview e-statement."""
        super().__init__(parent)
        self.setObjectName("logo_preview_panel")
        self._context = context
        self._size = LogoSize()
        self._check_function = check_function
        self._current = CurrentTask(self)  # a newer check replaces a running one
        self._url_widget: QLineEdit | None = None
        self.report = None
        self.master: QImage | None = None
        self.display = DisplaySize(60, 200, None, None)
        self._keep_aspect = True
        self._blocked = ""  # why the form's values cannot be checked now ("" = they can)
        # The settings file beside which the latest result is kept for the support report.
        self.latest_file: Path | None = None
        self._start_text = "Press Check Logo to download the logo and see how it will look."
        self._build()
        self._show_verdict("unchecked")

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.check_button = QPushButton("Check Lo&go", self)
        self.check_button.setObjectName("check_logo")
        self.check_button.setToolTip("Download the logo the way Gmail, Outlook and webmail "
                                     "do, and show it at the chosen size.")
        self.check_button.clicked.connect(self.start_check)
        self.estatement_button = QPushButton("Preview e-statement…", self)
        self.estatement_button.setObjectName("preview_estatement")
        self.estatement_button.clicked.connect(self.show_estatement)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("logo_verdict")
        # A slow logo host can take the whole timeout: the check can be stopped. No Alt
        # key (the dialog's letters of these words are taken); Tab reaches it.
        self.stop_button = QPushButton("Stop check", self)
        self.stop_button.setObjectName("stop_logo_check")
        self.stop_button.setToolTip("Stop downloading; nothing in the form changes.")
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.stop_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.check_button)
        top.addWidget(self.stop_button)
        top.addWidget(self.estatement_button)
        top.addWidget(self.verdict)
        top.addStretch(1)

        self.table: QTableWidget | None = None  # see _ensure_table()
        self._suggested_address = ""
        self._body_built = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        self._layout = layout

    def _ensure_table(self) -> QTableWidget:
        if self.table is not None:
            return self.table

        # Imported on first use: each Qt class brings its enums, built at import (start-up).
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

        table = QTableWidget(0, 3, self)
        table.setObjectName("logo_clients")
        table.setHorizontalHeaderLabels(["How the picture is loaded", "Result", "Details"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # One line per row keeps the table's height exact; the full text is in the tooltip.
        table.setWordWrap(False)
        table.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self._layout.addWidget(table)
        self.table = table
        return table

    # ------------------------------------------------------------------ binding
    def bind_url(self, url: QLineEdit) -> None:
        """The form's Company Logo URL field: a check reads it as typed, and editing it
        marks the last result as out of date (it never downloads)."""
        url.textChanged.connect(self._on_url_changed)
        self._url_widget = url

    def set_size(self, height: int, width: int, keep_aspect: bool) -> None:
        """The size the form's fields hold: the logo is redrawn at it from the image in
        memory (no download)."""
        self._size = LogoSize(height, width, keep_aspect)
        self.refresh_size()

    def refresh_size(self) -> None:
        if not self._body_built:
            return  # the body's build shows the size (after the first paint)
        self._show_size(self._size)

    def measured_size(self) -> tuple[int, int] | None:
        """(height, width) drawn once a check measured the picture; None before."""
        if self.report is None:
            return None
        return self.display.height, self.display.width

    def _on_url_changed(self, *_: object) -> None:
        if self.report is not None and not self._current.running:
            self._show_verdict("unchecked")
            self.caption.setText("The address changed: press Check Logo to check the new one.")

    # ------------------------------------------------------------------ checking
    def set_blocked(self, reason: str) -> None:
        """A field the check reads is invalid in the form: no check until it is fixed."""
        self._blocked = reason
        self.check_button.setEnabled(not reason and self._task is None)

    def start_check(self) -> None:
        if self._blocked:
            self._show_failure(self._blocked)
            return
        self.cancel()
        # The typed text, even when invalid: the form would fall back to the saved URL, and
        # the admin must hear why the typed one cannot be checked.
        url = self._url_widget.text().strip() if self._url_widget is not None else ""
        request = LogoRequest(url, self._size, self._context())
        if not url:
            self._show_verdict("unchecked")
            self._show_failure("Type the Company Logo URL first, then press Check Logo.",
                               neutral=True)
            return
        self._show_verdict("checking")
        self.check_button.setEnabled(False)
        check, latest = self._check_function, self.latest_file

        def work(cancel, progress):  # noqa: ANN001, ANN202 - Task's signature
            from a2k_settings_gui.core.support.latest import CheckKind, run_and_record

            # Kept for the support report and the hand-over, with the URL it tested; a
            # check that ended without a report keeps none.
            return run_and_record(
                latest, CheckKind.CHECK_LOGO, lambda: check(request, cancel, progress),
                lambda result: result[0].to_dict() if isinstance(result, tuple) else None,
                checked={"logo_url": url})

        self._current.start(work, self._on_task_succeeded, self._on_task_failed,
                          self._on_task_progressed, self._on_check_finished)
        self.stop_button.show()

    def cancel(self) -> None:
        if self._current.cancel():
            self.check_button.setEnabled(not self._blocked)
        self.stop_button.hide()

    def _on_stop_clicked(self) -> None:
        self.cancel()
        self._show_verdict("unchecked")
        if self._body_built:
            self.caption.setText("Stopped before the logo was downloaded: press Check Logo to "
                                 "check it again.")

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        # The dialog closing hides this panel: stop a running check with it.
        self.cancel()
        super().hideEvent(event)

    def _on_task_progressed(self, step: object) -> None:
        if isinstance(step, dict) and step.get("stage") == "fetching":
            self.caption.setText(f"Downloading as each mail program does… "
                                 f"{step.get('done', 0)} of {step.get('total', 6)}")
        elif isinstance(step, dict) and step.get("stage") == "decoding":
            self.caption.setText("Reading the picture…")

    def _on_task_succeeded(self, result: object) -> None:
        report, image = result  # type: ignore[misc]
        self.report, self.master = report, image
        self._show_verdict(report.verdict, report.verdict_text)
        self._fill_table(report)
        self._offer_suggested_address(report)
        self.refresh_size()
        self.checked.emit(report)
        QTimer.singleShot(0, self._grow_window)
        image = report.image or {}
        if image.get("width") and image.get("height"):
            self.aspect_ratio_known.emit(image["width"] / image["height"])

    def _grow_window(self) -> None:
        """Make room for the results while the screen has room; past that the form around
        the panel scrolls (never a window taller than the screen)."""
        window = self.window()
        if window is self or not window.isVisible():
            return
        grow_within_screen(window)

    def _offer_suggested_address(self, report: object) -> None:
        address = next((c.extra.get("page_image") for c in getattr(report, "clients", [])
                        if c.extra.get("page_image")), "")
        self._suggested_address = address or ""
        if address and address != getattr(report, "url", ""):
            # No Alt key: the dialog's letters of these words are all taken.
            self.use_address_button.setText("Use this address: " + _shortened(address))
            self.use_address_button.setToolTip(address)
            self.use_address_button.show()
        else:
            self.use_address_button.hide()

    def _on_use_address_button_clicked(self) -> None:
        address = self._suggested_address
        if not address or self._url_widget is None:
            return
        self._url_widget.setText(address)  # type: ignore[attr-defined]
        # As if typed: the form marks the field changed and validates it.
        edited = getattr(self._url_widget, "textEdited", None)
        if edited is not None:
            edited.emit(address)
        self.use_address_button.hide()
        self.start_check()

    def _on_task_failed(self, error: object) -> None:
        self.report, self.master = None, None
        if self.table is not None:
            self.table.setRowCount(0)
            self.table.hide()
        self._show_verdict("error")
        self._show_failure(str(error) or "The check could not run.")
        QTimer.singleShot(0, self._grow_window)

    def _on_check_finished(self) -> None:
        self.check_button.setEnabled(not self._blocked)
        self.stop_button.hide()

    # ------------------------------------------------------------------ showing
    def _show_size(self, size: LogoSize) -> None:
        """Show the logo at height x width from the image in memory (no download)."""
        height, width, keep_aspect = size.height, size.width, size.keep_aspect
        self._keep_aspect = keep_aspect
        if self.report is None:
            self.display = display_size(None, None, height, width, keep_aspect)
            if not self._current.running:
                self.caption.setText(
                    f"Logo box: {self.display.width} x {self.display.height} pixels."
                )
            return
        # Imported here: before the first check, start-up must not load the fetch code.
        from a2k_settings_gui.core.logo.check import rescale_findings

        self.display, display_findings = rescale_findings(self.report, height, width, keep_aspect)
        findings = [f for f in self.report.findings if f.code not in DISPLAY_CODES]
        findings += display_findings
        self._show_findings(findings)
        if self.master is None:
            self._show_failure(self._failure_text(findings), keep_findings=True)
            return
        # Drawn at the screen's device pixel ratio: sharp at 150 % and 200 %, still
        # display.width × display.height logical pixels, as the e-statement shows it.
        ratio = self.devicePixelRatioF()
        scaled = self.master.scaled(round(self.display.width * ratio),
                                    round(self.display.height * ratio),
                                    QtCore.Qt.AspectRatioMode.IgnoreAspectRatio,
                                    QtCore.Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.preview.setStyleSheet(f"border: 1px dashed {DASHED_FRAME};")
        from PySide6.QtGui import QPixmap

        self.preview.setPixmap(QPixmap.fromImage(scaled))
        self.preview.setFixedSize(self.display.width + 2, self.display.height + 2)
        image = self.report.image or {}
        text = (f"Shown at {self.display.width} x {self.display.height} pixels"
                f"{' (aspect kept)' if keep_aspect else ''}; the picture is "
                f"{image.get('width')} x {image.get('height')} {image.get('format', '')}.")
        from a2k_settings_gui.core.logo.judge import reader_counts

        refused, total = reader_counts(self.report.clients)
        if refused:
            # The preview shows the real logo; say plainly that some readers will not.
            text += (f" <b style='color:{ERROR}'>{len(refused)} of {total} ways mail "
                     "programs load pictures do not get this logo (see below; Preview "
                     "e-statement shows what they see).</b>")
        self.caption.setText(text)

    def _failure_text(self, findings: list[Finding]) -> str:
        main = next((f for f in findings if f.severity == "error"), None)
        return main.message if main else "The logo could not be shown."

    def _show_failure(self, text: str, keep_findings: bool = False,
                      neutral: bool = False) -> None:
        """A failed check shows its reason where the logo would be, never a blank box."""
        self.preview.clear()
        self.preview.setText(text)
        if neutral:
            self.preview.setStyleSheet("")
            paint(self.preview, foreground=HELP)
        else:
            self.preview.setStyleSheet(f"border: 1px dashed {ERROR}; color: {ERROR}; "
                                       "padding: 6px;")
        self.preview.setMinimumSize(0, 0)
        self.preview.setMaximumSize(16777215, 16777215)
        self.preview.setFixedWidth(max(self.display.width, 360))
        self.preview.setMinimumHeight(max(self.display.height, 48))
        self.caption.setText(f"Logo box: {self.display.width} x {self.display.height} pixels.")
        if not keep_findings:
            self.findings_label.clear()
            self.findings_label.hide()

    def _show_verdict(self, verdict: str, words: str = "") -> None:
        """`words` (core.logo.judge.verdict_text) follow the reader counts: every reader,
        some (k of n), none; the colour only repeats the verdict."""
        text, tone = VERDICT_STYLE.get(verdict, VERDICT_STYLE["error"])
        self.verdict.setText(words or text)
        self.verdict.setProperty("verdict", verdict)
        if verdict == "unchecked" and not self.verdict.styleSheet():
            paint(self.verdict, foreground=tone.colour)  # the start-up state: no style sheet
            return
        self.verdict.setStyleSheet(badge_style(tone))

    def _show_findings(self, findings: list[Finding]) -> None:
        self.findings_label.set_findings(findings)

    def _fill_table(self, report) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtGui import QColor
        from PySide6.QtWidgets import QTableWidgetItem

        table = self._ensure_table()
        table.show()
        table.setRowCount(len(report.clients))
        for row, client in enumerate(report.clients):
            result = QTableWidgetItem(client.result)
            result.setForeground(QColor(RESULT_COLOURS.get(client.result, HELP)))
            font = result.font()
            font.setBold(True)
            result.setFont(font)
            label = QTableWidgetItem(client.kind.label)
            label.setToolTip(f"User-Agent: {client.kind.user_agent}\n"
                             f"Referer: {client.referer or '(none)'}")
            detail = QTableWidgetItem(client.detail)
            detail.setToolTip(client.detail)
            table.setItem(row, 0, label)
            table.setItem(row, 1, result)
            table.setItem(row, 2, detail)
        table.resizeRowsToContents()
        frame = 2 * table.frameWidth()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height()
                                  + table.verticalHeader().length() + frame)

    # ------------------------------------------------------------------ e-statement
    def preview_pixmap(self) -> QPixmap | None:
        pixmap = self.preview.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap

    def show_estatement(self) -> None:
        from a2k_settings_gui.ui.logo.estatement import EstatementPreviewDialog

        context = self._context()
        self.refresh_size()
        logo = None
        if self.master is not None:
            ratio = self.devicePixelRatioF()  # sharp on HiDPI screens, same logical size
            logo = self.master.scaled(round(self.display.width * ratio),
                                      round(self.display.height * ratio),
                                      QtCore.Qt.AspectRatioMode.IgnoreAspectRatio,
                                      QtCore.Qt.TransformationMode.SmoothTransformation)
            logo.setDevicePixelRatio(ratio)
        missing = ("Press Check Logo first." if self.report is None
                   else self._failure_text(self.report.findings))
        sender, name = context.sender_email, context.sender_name
        refused_text, refused_note, everyone = "", "", False
        if self.report is not None:
            from a2k_settings_gui.core.logo.judge import reader_counts, refused_view

            refused, total = reader_counts(self.report.clients)
            if refused:
                everyone = len(refused) >= total
                refused_text = refused_view(refused)
                refused_note = (f"{len(refused)} of {total} kinds of mail reader do not get "
                                "this logo: " + ", ".join(c.kind.label for c in refused)
                                + ".")
        dialog = EstatementPreviewDialog(
            logo, self.display.height, self.display.width, company_name=name,
            sender=f"{name} <{sender}>" if name and sender else sender,
            missing_text=missing, refused_text=refused_text, refused_note=refused_note,
            refused_by_everyone=everyone, parent=self)
        self.estatement_dialog = dialog
        dialog.open()


def _shortened(address: str, limit: int = 60) -> str:
    """A long address shortened in the middle for a button (the tooltip has it whole)."""
    return address if len(address) <= limit else f"{address[:36]}…{address[-20:]}"


def follow_size_fields(preview: LogoPreviewWidget, height: QSpinBox, width: QSpinBox,
                       keep_aspect: QCheckBox) -> None:
    """Hand `preview` the size a form's Logo Height, Width and Keep aspect ratio hold, now
    and at every change (the preview never reads the form)."""
    def hand_size(*_: object) -> None:
        preview.set_size(height.value(), width.value(), keep_aspect.isChecked())

    height.valueChanged.connect(hand_size)
    width.valueChanged.connect(hand_size)
    keep_aspect.toggled.connect(hand_size)
    hand_size()
