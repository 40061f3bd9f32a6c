"""The live sending plan under Maximum Mails per Batch and Batch Interval.

Two or three short lines: how long a run of N e-mails takes with these settings, and the
provider limit it would hit, with the fix. The provider comes from the server name
(smtp.office365.com → Microsoft 365) or is given by the wizard after detection. The
arithmetic is core.sending_plan (pure, instant), so recomputing on every keystroke is fine.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from a2k_settings_gui.core.providers import Provider
from a2k_settings_gui.core.sending_plan import (
    SendingPlan,
    plan_sending,
    settings_within_minute_limit,
)
from a2k_settings_gui.ui.kit.finding_view import finding_text
from a2k_settings_gui.ui.kit.style import HELP, WARNING, set_text_color

DEFAULT_RUN_SIZE = 1000
UNKNOWN_LIMITS = ("Provider limits unknown for this server; ask your provider how many "
                  "e-mails a day it accepts.")


class SendingPlanWidget(QWidget):
    """Signals:
    suggestion_chosen(int, int): the admin pressed "Use these values" (batch, interval);
        bind() applies it to the bound spin boxes.

    Attributes:
    mails: the spin box "For a run of N e-mails" (objectName plan_mails).
    text: the label with the plan's headline (objectName sending_plan).
    warnings: the label with the limits it hits and their fixes (sending_plan_warnings).
    plan: the last SendingPlan shown.
    """

    suggestion_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, mails: int = DEFAULT_RUN_SIZE,
                 caption_text: str = "E-mails per &month:",
                 table_on_worker: bool = False) -> None:
        """`caption_text`: the label with its Alt+key, which must be free in the window.
        `table_on_worker`: while the window is not shown yet (start-up), read the provider
        table on a worker instead of making the first paint wait for it."""
        super().__init__(parent)
        self.setObjectName("sending_plan_widget")
        self._batch = 50
        self._interval = 10
        self._host = ""
        self._provider: Provider | None = None
        self._provider_fixed = False
        self._table_task: object = None  # loading the provider table on a worker
        self._table_on_worker = table_on_worker
        self.plan: SendingPlan | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        # The admin's own volume (the E-mails per month setting), not the batch settings'
        # theoretical maximum, decides the plan and the bulk-sender rules.
        caption = QLabel(caption_text)
        row.addWidget(caption)
        self.mails = QSpinBox()
        self.mails.setObjectName("plan_mails")
        self.mails.setRange(1, 1_000_000)
        self.mails.setGroupSeparatorShown(True)
        self.mails.setValue(mails)
        self.mails.setSuffix(" e-mails")
        self.mails.setAccessibleName("E-mails per month")
        self.mails.setToolTip("About how many e-statements and invoices go out in a month; "
                              "the plan assumes they leave in one run.")
        caption.setBuddy(self.mails)
        self.mails.valueChanged.connect(self._on_mails_value_changed)
        row.addWidget(self.mails)
        row.addStretch(1)
        layout.addLayout(row)
        # Plain-text labels coloured through the palette: rich text and style sheets cost
        # start-up time in the dialog (see docs/PERFORMANCE.md).
        self.text = QLabel()
        self.text.setObjectName("sending_plan")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.warnings = QLabel()
        self.warnings.setObjectName("sending_plan_warnings")
        self.warnings.setWordWrap(True)
        set_text_color(self.warnings, WARNING)
        layout.addWidget(self.warnings)
        self.note = QLabel(UNKNOWN_LIMITS)
        self.note.setObjectName("sending_plan_note")
        self.note.setWordWrap(True)
        set_text_color(self.note, HELP)
        layout.addWidget(self.note)
        self.use_suggestion = QPushButton()
        self.use_suggestion.setObjectName("plan_use_suggestion")
        self.use_suggestion.clicked.connect(self._on_use_suggestion_clicked)
        self.use_suggestion.hide()
        suggestion_row = QHBoxLayout()
        suggestion_row.addWidget(self.use_suggestion)
        suggestion_row.addStretch(1)
        layout.addLayout(suggestion_row)
        self._suggestion: tuple[int, int] | None = None
        self._refresh()

    # ------------------------------------------------------------ inputs
    def bind(self, batch: QSpinBox, interval: QSpinBox, host: QLineEdit | None = None) -> None:
        """Follow the dialog's (or a wizard page's) fields as the admin types."""
        self.suggestion_chosen.connect(lambda size, pause: (batch.setValue(size),
                                                            interval.setValue(pause)))
        batch.valueChanged.connect(lambda value: self.set_values(batch=value))
        interval.valueChanged.connect(lambda value: self.set_values(interval=value))
        if host is not None:
            host.textChanged.connect(lambda text: self.set_values(host=text))
        self.set_values(batch=batch.value(), interval=interval.value(),
                        host=host.text() if host is not None else None)

    def set_values(self, *, batch: int | None = None, interval: int | None = None,
                   host: str | None = None) -> None:
        if batch is not None:
            self._batch = batch
        if interval is not None:
            self._interval = interval
        if host is not None:
            self._host = host.strip()
            if not self._provider_fixed:
                self._provider = self._match_host()
        self._refresh()

    @property
    def provider_known(self) -> bool:
        """False while the provider table is still loading (the first moments)."""
        return self._provider_fixed or _table_loaded() or not self._host

    def _match_host(self) -> Provider | None:
        """The provider that runs the server, from the provider table. The table is read
        and parsed on a worker the first time (start-up does not wait for it); the plan
        is redrawn when it is there."""
        if not self._host:
            return None
        if _table_loaded() or not self._table_on_worker or self.isVisible():
            from a2k_settings_gui.core.providers import match_server_host

            return match_server_host(self._host)
        if self._table_task is None:
            from a2k_settings_gui.ui.kit.worker import Task

            def load(_token: object, _progress: object) -> object:
                # The module too: its import is part of the cost kept off start-up.
                from a2k_settings_gui.core.providers import load_providers

                return load_providers()

            task = Task(load, parent=self, name="provider-table")
            task.succeeded.connect(self._on_table_loaded)
            # A broken table is reported where providers are used (detection, the CLI);
            # the plan then simply knows no provider.
            task.failed.connect(lambda _error: None)
            self._table_task = task
            task.start()
        return None

    def _on_table_loaded(self, _table: object) -> None:
        if not self._provider_fixed:
            self._provider = self._match_host()
        self._refresh()

    def set_provider(self, provider: Provider | None) -> None:
        """Use this provider's limits (detection knows better than the host name)."""
        self._provider = provider
        self._provider_fixed = provider is not None
        self._refresh()

    # ------------------------------------------------------------ output
    def _on_mails_value_changed(self, _value: int) -> None:
        self._refresh()

    def _on_use_suggestion_clicked(self) -> None:
        if self._suggestion is not None:
            self.suggestion_chosen.emit(*self._suggestion)

    def shown_text(self) -> str:
        """Everything the widget says right now (for tests and screen readers)."""
        labels = (self.text, self.warnings, self.note)
        return "\n".join(label.text() for label in labels if not label.isHidden())

    def _refresh(self) -> None:
        provider = self._provider
        self.plan = plan_sending(
            self.mails.value(), self._batch, self._interval,
            limits=provider.limits if provider else None,
            provider_name=provider.name if provider else None,
        )
        self.text.setText(self.plan.headline)
        warnings = [finding_text(f) for f in self.plan.findings
                    if f.severity != "info"]
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self.note.setText(UNKNOWN_LIMITS if self.provider_known
                          else "Looking up this server's provider and its limits…")
        self.note.setVisible(provider is None)
        limits = provider.limits if provider else None
        self._suggestion = None
        if limits and limits.per_minute and self.plan.peak_per_minute > limits.per_minute:
            self._suggestion = settings_within_minute_limit(self._batch, limits.per_minute)
            self.use_suggestion.setText(f"Use {self._suggestion[0]} per batch every "
                                        f"{self._suggestion[1]} seconds")
        self.use_suggestion.setVisible(self._suggestion is not None)


def _table_loaded() -> bool:
    """The provider table is in memory (without importing its module to find out). A
    worker may be importing that module right now: half made, it has no table yet."""
    providers = sys.modules.get("a2k_settings_gui.core.providers")
    table_loaded = getattr(providers, "provider_table_loaded", None)
    return table_loaded is not None and table_loaded()
