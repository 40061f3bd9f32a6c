"""Mail Sending Control: batch size and pause, with the live sending plan under them."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.kit.form_fields import help_label
from a2k_settings_gui.ui.sending.plan import SendingPlanWidget

BATCH_NOTE = (
    "Sending hundreds of mails at once looks like spam to mail providers. Mails go out in "
    "batches of this size, with a pause of the Batch Interval between batches."
)


class SendingPanel(FormPanel):
    """Attributes: max_mails, batch_interval, sending_plan, form."""

    def __init__(self, smtp_host: QLineEdit, parent: QWidget | None = None) -> None:
        """`smtp_host`: the server field, whose provider's limits the plan shows."""
        super().__init__("Mail Sending Control", "sending_group", parent)
        form = self.form = QFormLayout(self)
        self.max_mails = self.spin("max_mails_per_batch")
        self.max_mails.setMaximumWidth(160)
        self.add_row(form, "max_mails_per_batch", "Batch", self.max_mails)
        self.batch_interval = self.spin("batch_interval_seconds")
        self.batch_interval.setMaximumWidth(160)
        self.add_row(form, "batch_interval_seconds", "Interval", self.batch_interval)
        form.addRow(help_label(BATCH_NOTE, "batch_note"))
        # The live plan (batches, total time, provider limits) under the batch fields.
        # No Alt key: every letter of "E-mails per month" is taken in the dialog.
        self.sending_plan = SendingPlanWidget(self, caption_text="E-mails per month:",
                                              table_on_worker=True)
        form.addRow(self.sending_plan)
        self.sending_plan.bind(self.max_mails, self.batch_interval, smtp_host)
        self.track("mails_per_month", self.sending_plan.mails)
