"""Sending control: batch size and pause, defaulted from the provider's limits, with the
live plan ("1,200 e-statements … take about 2 minutes, but exceed Gmail's 500 per day")."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QFormLayout, QVBoxLayout

from a2k_settings_gui.core.sending_plan import recommended_control
from a2k_settings_gui.ui.kit.field_editors import caption, number_box
from a2k_settings_gui.ui.sending.plan import SendingPlanWidget
from a2k_settings_gui.ui.wizard.base import WizardPage, note


class SendingPage(WizardPage):
    NAME = "sending_page"
    TITLE = "How fast to send"
    SUBTITLE = ("A2000ERP sends in batches with a pause between them, so that mail "
                "providers do not treat a statement run as spam.")

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        # The plan sits below the form, not in a form row: QFormLayout gives a word-wrapped
        # label the height of its first layout and cuts off lines added later.
        outer = QVBoxLayout(self)
        self.source = note("", "sending_source")
        outer.addWidget(self.source)
        form = QFormLayout()
        outer.addLayout(form)
        self.batch = number_box("max_mails_per_batch", "wizard_max_mails_per_batch")
        self.batch.setMaximumWidth(140)
        form.addRow(caption("max_mails_per_batch", "per"), self.batch)
        self.interval = number_box("batch_interval_seconds", "wizard_batch_interval_seconds")
        self.interval.setMaximumWidth(140)
        form.addRow(caption("batch_interval_seconds", "terval"), self.interval)
        self.lock_rows(form, {"max_mails_per_batch": self.batch,
                              "batch_interval_seconds": self.interval})
        self.plan = SendingPlanWidget(self)
        outer.addWidget(self.plan)
        outer.addStretch(1)
        self.plan.bind(self.batch, self.interval)
        self._defaults_for: object = None

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1  # opened from the hand-over, and back to it ("Done")

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        provider = self.setup.provider
        if self._defaults_for is None:
            self.plan.mails.setValue(self.setup.draft.mails_per_month)
        self.plan.set_provider(provider)
        if self._defaults_for is provider and self._defaults_for is not None:
            return  # Back and Next: keep what the admin set
        if provider is not None:
            batch, interval = recommended_control(provider)
            limits = provider.limits
            known = [f"{limits.per_day:,} per day" if limits.per_day else "",
                     f"{limits.per_minute} per minute" if limits.per_minute else ""]
            said = " and ".join(k for k in known if k) or "no fixed limit (depends on the plan)"
            self.source.setText(f"Suggested for <b>{escape(provider.name)}</b>, which allows "
                                f"{escape(said)}.")
        else:
            draft = self.setup.draft
            batch, interval = draft.max_mails_per_batch, draft.batch_interval_seconds
            self.source.setText("Your provider is not in the built-in list: these are safe "
                                "general values. Ask the provider for its sending limits.")
        self.batch.setValue(batch)
        self.interval.setValue(interval)
        self._defaults_for = provider if provider is not None else self._defaults_for

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        self.setup.update_draft(max_mails_per_batch=self.batch.value(),
                                batch_interval_seconds=self.interval.value(),
                                mails_per_month=self.plan.mails.value())
        return True
