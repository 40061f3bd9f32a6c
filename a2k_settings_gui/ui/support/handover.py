"""Enter in A2000ERP: each field of the ERP's screen, in its order, with a Copy button.

The tool's work ends when the admin has typed the values into HOME – SYSTEM ADMIN –
COMPANY – Email Setting. This panel lists exactly what to type, top to bottom as on the
ERP screen (core.erp_profile.handover). The password is masked unless the admin reveals
it, and reaches the clipboard only when its own Copy button is pressed; a minute later
the clipboard is cleared if it still holds the password.

Used by the Email Setting dialog ("Enter in A2000ERP…", `open_handover`) and the wizard's
last page (the panel alone).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui import __version__
from a2k_settings_gui.core.erp_profile import (
    handover,
    handover_notes,
    handover_text,
    load_profile,
)
from a2k_settings_gui.ui.kit.admin_words import plain_words
from a2k_settings_gui.ui.kit.form_fields import FormScrollArea, help_label
from a2k_settings_gui.ui.kit.form_state import FormState
from a2k_settings_gui.ui.kit.screen_fit import fit_to_screen
from a2k_settings_gui.ui.kit.style import ERROR, GOOD, NEUTRAL, OK, SEVERITY, UNKNOWN, WARNING

CLIPBOARD_CLEAR_MS = 60_000
INTRO = ("Open HOME – SYSTEM ADMIN – COMPANY – Email Setting in A2000ERP and enter these "
         "values, top to bottom. Copy puts one value on the clipboard.")


def assumptions_note() -> str:
    profile = load_profile()
    return (f"A2000ERP logs in with the Sender Email ID and chooses the security by the port "
            f"(SSL/TLS on {', '.join(str(p) for p in profile.ssl_ports)}, otherwise "
            "STARTTLS): assumed from its screen, not confirmed by the vendor. Send Test "
            "Email tests the same way.")


class ErpHandoverPanel(QWidget):
    """The field list. Attributes: values (key -> read-only QLineEdit), copy_buttons
    (key -> QPushButton), reveal_button, status (the "Copied …" line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("erp_handover")
        self.values: dict[str, QLineEdit] = {}
        self.copy_buttons: dict[str, QPushButton] = {}
        self.checks: dict[str, QLabel] = {}  # key -> the verdict line under the value
        self._verdicts: dict[str, Any] = {}
        self._password = ""
        self._grid = QGridLayout()
        self._grid.setColumnStretch(1, 1)
        # Alt+H (Show and Hide share it); the Copy buttons are Alt+1, Alt+2, … in the ERP
        # screen's order.
        self.reveal_button = QPushButton("S&how")
        self.reveal_button.setObjectName("erp_reveal_password")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip("Show the password on screen")
        self.reveal_button.toggled.connect(self._on_reveal_toggled)
        self.status = help_label("", "erp_copy_status", colour=OK)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.status)

    def set_rows(self, rows: list[dict[str, Any]], password: str,
                 verdicts: dict[str, Any] | None = None) -> None:
        """Fill from core.erp_profile.handover(); `password` as typed in the form;
        `verdicts`: {field key: core.support.checked.Verdict} for exactly these values,
        shown beside each value (passed; failed in red with its reason; not checked yet)."""
        self._password = password
        self._verdicts = dict(verdicts or {})
        self._reason_shown: set[str] = set()
        line, group = 0, ""
        for place, row in enumerate(rows, start=1):
            key = row["key"]
            if key not in self.values and row.get("group") and row["group"] != group:
                # The ERP screen's group headings, so the admin finds the place at a glance.
                group = row["group"]
                heading = QLabel(f"<b>{group}</b>")
                self._grid.addWidget(heading, line, 0, 1, 3)
                line += 1
            number = line
            line += 2  # the value's line, then the line for its verdict
            caption = QLabel(f"{row['label']}:")
            value = self.values.get(key) or QLineEdit()
            value.setObjectName(f"erp_value_{key}")
            value.setReadOnly(True)
            value.setAccessibleName(row["label"])
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            copy = self.copy_buttons.get(key) or QPushButton()
            copy.setText(f"Copy &{place}" if place <= 9 else "Copy")  # Alt+1 … Alt+9
            copy.setObjectName(f"erp_copy_{key}")
            copy.setAccessibleName(f"Copy {row['label']}")
            if key == "password":
                value.setEchoMode(QLineEdit.EchoMode.Password)
                value.setText(password)
                if not password:
                    value.setEchoMode(QLineEdit.EchoMode.Normal)
                    value.setText("(no password entered)" if not row.get("stored")
                                  else "(stored; type it in the form to copy it)")
                copy.setEnabled(bool(password))
                copy.setToolTip("Copies the password only when you press this button; the "
                                "clipboard is cleared a minute later.")
            else:
                value.setText(handover_text(row["value"]))
                value.setCursorPosition(0)  # a long URL shows its beginning
            if key not in self.values:
                copy.clicked.connect(lambda _c=False, k=key, label=row["label"]:
                                     self._copy(k, label))
                self._grid.addWidget(caption, number, 0)
                self._grid.addWidget(value, number, 1)
                self._grid.addWidget(copy, number, 2)
                if key == "password":
                    self._grid.addWidget(self.reveal_button, number, 3)
                mark = help_label("", f"erp_check_{key}")
                self._grid.addWidget(mark, number + 1, 1, 1, 3)
                self.checks[key] = mark
            self.values[key], self.copy_buttons[key] = value, copy
            self._show_verdict(key)
        self.reveal_button.setEnabled(bool(password))

    def _show_verdict(self, key: str) -> None:
        """The check's word on this exact value, under it: a failure in red with its
        one-line reason, so a value that failed is never handed over without a mark."""
        label = self.checks[key]
        verdict = self._verdicts.get(key)
        if verdict is None:
            label.hide()
            label.setText("")
            return
        tone = {"passed": GOOD, "failed": SEVERITY["error"]}.get(verdict.status, UNKNOWN)
        colour = {"passed": OK, "failed": ERROR}.get(verdict.status, NEUTRAL)
        words = verdict.words
        if verdict.status == "failed" and verdict.reason:
            # The reason once, under the first value the check tested; the others point up.
            if verdict.kind in self._reason_shown:
                words = words.split(":")[0] + " (reason above)"
            self._reason_shown.add(verdict.kind)
        label.setText(f"<span style='color:{colour}'>{tone.mark_html} "
                      f"{escape(words)}</span>")
        label.setAccessibleName(f"{key}: {verdict.words}")
        label.show()

    def verdict_text(self, key: str) -> str:
        """What the panel says about the value of `key` ("" when nothing)."""
        label = self.checks.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def _on_reveal_toggled(self, shown: bool) -> None:
        value = self.values.get("password")
        if value is not None and self._password:
            value.setEchoMode(QLineEdit.EchoMode.Normal if shown
                              else QLineEdit.EchoMode.Password)
        self.reveal_button.setText("&Hide" if shown else "S&how")

    def _copy(self, key: str, label: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if key == "password":
            if not self._password:
                return
            clipboard.setText(self._password)
            secret = self._password
            QTimer.singleShot(CLIPBOARD_CLEAR_MS, lambda: self._clear_clipboard(secret))
            self.status.setText("Copied the Email Password: paste it into A2000ERP now; the "
                                "clipboard is cleared in a minute.")
            return
        clipboard.setText(self.values[key].text())
        self.status.setText(f"Copied {label}.")

    @staticmethod
    def _clear_clipboard(secret: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard.text() == secret:
            clipboard.clear()


class ErpHandoverDialog(QDialog):
    """'Enter in A2000ERP': the panel, notes, and the support report (Copy / Save)."""

    def __init__(self, rows: list[dict[str, Any]], password: str, notes: list[str],
                 report_builder: Callable[[str], str] | None = None,
                 run_task: Callable[..., Any] | None = None,
                 parent: QWidget | None = None,
                 verdicts: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("erp_handover_dialog")
        self.setWindowTitle("Enter in A2000ERP")
        self._report_builder = report_builder
        self._run_task = run_task
        outer = QVBoxLayout(self)
        # The values, their verdicts and the notes scroll when the screen is shorter than
        # they are (a failed check adds lines); the buttons below stay on screen.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.panel = ErpHandoverPanel(self)
        self.panel.set_rows(rows, password, verdicts)
        layout.addWidget(self.panel)
        for text in notes:
            # Each note says the ERP will differ.
            label = help_label(plain_words(text), "erp_handover_note", colour=WARNING)
            layout.addWidget(label)
        layout.addWidget(help_label(assumptions_note(), "erp_assumptions"))
        layout.addStretch(1)
        self.body_scroll = FormScrollArea(body)
        outer.addWidget(self.body_scroll, 1)
        layout = outer

        buttons = QHBoxLayout()
        self.copy_report_button = QPushButton("Copy support report")
        self.copy_report_button.setObjectName("copy_report_button")
        self.copy_report_button.setToolTip("The values, the latest checks, versions; never "
                                           "the password")
        self.save_report_button = QPushButton("Save support report…")
        self.save_report_button.setObjectName("save_report_button")
        for button in (self.copy_report_button, self.save_report_button):
            button.setEnabled(report_builder is not None and run_task is not None)
            buttons.addWidget(button)
        self.copy_report_button.clicked.connect(self._on_copy_report_clicked)
        self.save_report_button.clicked.connect(self._on_save_report_clicked)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.setObjectName("close_button")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.report_status = help_label("", "report_status")
        layout.addWidget(self.report_status)
        self.setMinimumWidth(620)
        # Tall enough for the wrapped notes at this width (Qt's first guess squeezed the
        # rows and cut the Copy buttons), and never taller than the screen.
        width = 680
        height = (body.layout().totalHeightForWidth(width - 24) + 90
                  if body.layout().hasHeightForWidth() else self.sizeHint().height())
        fit_to_screen(self, width, height)

    @classmethod
    def ask_save_path(cls, parent: QWidget | None) -> str:
        """Where to save the report (tests replace this)."""
        path, _filter = QFileDialog.getSaveFileName(
            parent, "Save support report", "a2000erp-email-report.html",
            "Web page (*.html);;Text (*.txt)")
        return path

    def _on_copy_report_clicked(self) -> None:
        builder = self._report_builder
        if builder is None or self._run_task is None:
            return
        self.report_status.setText("Building the report…")
        self._run_task(lambda _t, _p: builder("text"), self._on_report_built,
                       self._on_report_failed)

    def _on_report_built(self, text: object) -> None:
        QGuiApplication.clipboard().setText(str(text))
        self.report_status.setText("Support report copied (without the password).")

    def _on_save_report_clicked(self) -> None:
        builder = self._report_builder
        path = self.ask_save_path(self)
        if not path or builder is None or self._run_task is None:
            return
        kind = "html" if path.lower().endswith((".html", ".htm")) else "text"

        def save(_token: Any, _progress: Any) -> str:
            from pathlib import Path

            from a2k_settings_gui.core.store import write_atomically

            write_atomically(Path(path), builder(kind))
            return path

        self.report_status.setText("Saving the report…")
        self._run_task(save, lambda saved: self.report_status.setText(
            f"Support report saved to {saved} (without the password)."),
            self._on_report_failed)

    def _on_report_failed(self, error: object) -> None:
        self.report_status.setText(f"The report could not be made: {error}")


def open_handover(form: FormState, parent: QWidget | None = None) -> ErpHandoverDialog:
    """Open "Enter in A2000ERP" for what `form` shows now.

    Values come from the form as shown (its button is disabled while one of the ERP's
    fields is invalid), Logo Height and Width from what the logo preview draws (whole
    pixels), the password from the form (copied only on its own Copy button). The support
    report is built on a worker from the same values plus the latest checks kept beside
    the settings file."""
    settings = form.current_settings()
    password = form.current_password()
    stored = form.password_state().stored
    # Only a measured picture changes what is drawn; without one the box is the fields.
    logo_size = form.logo_size()
    rows = handover(settings, stored, logo_size=logo_size)
    from a2k_settings_gui.core.support.checked import field_verdicts
    from a2k_settings_gui.core.support.latest import load_latest

    # A small local file: the verdicts of the latest checks for exactly these values.
    verdicts = field_verdicts(load_latest(form.settings_file), settings)
    notes = handover_notes(settings)
    if logo_size is not None and logo_size != (settings.logo_height, settings.logo_width):
        height, width = logo_size
        notes.append(
            f"Logo Height and Width are the size the preview shows ({height} × {width} "
            f"pixels, aspect kept), not the box in the form ({settings.logo_height} × "
            f"{settings.logo_width}): A2000ERP draws the logo at exactly the numbers you "
            "enter.")
    if form.has_unsaved_changes():
        notes.append("These are the values in the form, not saved yet: Save them too, so "
                     "this computer's later checks use the same values.")
    path = form.settings_file

    def build(kind: str) -> str:  # runs on a worker: reads the latest checks from disk
        from a2k_settings_gui.core.health.history import latest_for_report
        from a2k_settings_gui.core.support.latest import load_latest
        from a2k_settings_gui.core.support.report import (
            build_report,
            render_html,
            render_text,
        )

        report = build_report(settings, stored, load_latest(path), version=__version__,
                              config=str(path), health=latest_for_report())
        render = render_html if kind == "html" else render_text
        return render(report, password, settings.effective_login)

    dialog = ErpHandoverDialog(rows, password, notes, build, form.run_task, parent=parent,
                               verdicts=verdicts)
    dialog.open()
    return dialog
