"""The Check Domain window: will Gmail, Yahoo and Outlook.com accept our mail?

A traffic light per receiver, a section per check (MX, SPF, DKIM, DMARC) with the record
found and what it means, and the findings with their fixes: each DNS record to publish
has Copy buttons. The check runs on a ui.kit.worker.CurrentTask: one at a time, a stopped
check's late result dropped; Stop check and closing the window stop it. The window renders
the report's JSON dict (the CLI's --json shape), nothing else.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.ui.kit.admin_words import plain_words
from a2k_settings_gui.ui.kit.finding_view import FindingCard, copy_to_clipboard, report_lines
from a2k_settings_gui.ui.kit.form_fields import busy_spinner, window_buttons
from a2k_settings_gui.ui.kit.screen_fit import fit_to_screen
from a2k_settings_gui.ui.kit.style import ERROR, MONO_FONT, NEUTRAL, OK, WARNING
from a2k_settings_gui.ui.kit.worker import CurrentTask, Task

LIGHT = {  # status -> (colour, words an admin reads: the words carry the meaning)
    "pass": (OK, "Will accept"),
    "warn": (WARNING, "At risk"),
    "fail": (ERROR, "Will reject"),
    "unknown": (NEUTRAL, "Unknown"),
}


def _label(text: str, *, selectable: bool = False, mono: bool = False, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if mono:
        label.setStyleSheet(MONO_FONT)
    if name:
        label.setObjectName(name)
    return label


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()


class DomainReportWindow(QDialog):
    dns_timeout = 10.0  # seconds the whole check may take, every DNS query included

    def __init__(self, settings: EmailSettings, parent: QWidget | None = None,
                 start: bool = True, latest_file: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("domain_report")
        # The settings file beside which the latest result is kept (support report).
        self.latest_file = latest_file
        self.setWindowTitle("Check Domain")
        self.settings = settings
        # One check at a time; a stopped or replaced check's late result is dropped.
        self._check = CurrentTask(self)
        self.task: Task | None = None  # the latest check's task, kept after it ends
        self.last_report: dict[str, Any] | None = None

        outer = QVBoxLayout(self)
        intro = _label("Will Gmail, Yahoo and Outlook.com accept mail from your domain? "
                       "This reads the domain's DNS records (SPF, DKIM, DMARC, MX); it sends "
                       "nothing.")
        outer.addWidget(intro)
        form = QGridLayout()
        self.target = QLineEdit(settings.sender_email)
        self.target.setObjectName("domain_target")
        self.target.setPlaceholderText("statements@yourcompany.com or yourcompany.com")
        self.smtp_host = QLineEdit(settings.smtp_host)
        self.smtp_host.setObjectName("domain_smtp_host")
        self.selector = QLineEdit()
        self.selector.setObjectName("dkim_selector")
        self.selector.setPlaceholderText("optional, e.g. the s= value of a DKIM-Signature")
        for row, (text, edit) in enumerate((("Sender address or &domain:", self.target),
                                            ("Outgoing mail &server:", self.smtp_host),
                                            ("DKIM se&lector:", self.selector))):
            caption = QLabel(text)
            caption.setBuddy(edit)
            form.addWidget(caption, row, 0)
            form.addWidget(edit, row, 1)
        outer.addLayout(form)

        buttons = QHBoxLayout()
        # While a check runs: a spinner and the step it is on, never an empty pane.
        self.busy = busy_spinner("domain_busy")
        buttons.addWidget(self.busy)
        self.status = _label("", name="domain_status")
        buttons.addWidget(self.status, 1)
        self.recheck_button = QPushButton("Check &again")
        self.recheck_button.setObjectName("recheck_button")
        self.recheck_button.clicked.connect(self.start_check)
        self.cancel_button = QPushButton("S&top check")
        self.cancel_button.setObjectName("cancel_check_button")
        self.cancel_button.setToolTip("Stop this check; the window stays open.")
        self.cancel_button.clicked.connect(self.cancel_check)
        for button in (self.recheck_button, self.cancel_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)

        self.lights = QHBoxLayout()
        self.light_labels: dict[str, QLabel] = {}
        for receiver in ("Gmail", "Yahoo", "Outlook.com"):
            light = QLabel()
            light.setObjectName(f"light_{receiver.split('.')[0].lower()}")
            light.setTextFormat(Qt.TextFormat.RichText)
            light.setFrameShape(QFrame.Shape.StyledPanel)
            light.setMinimumHeight(46)
            self.light_labels[receiver] = light
            self.lights.addWidget(light)
        outer.addLayout(self.lights)
        self._show_lights({})

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # The cards inside take the focus; the area itself would be a tab stop to nowhere.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.copy_button = QPushButton("Copy &report")
        self.copy_button.setObjectName("copy_report_button")
        self.copy_button.setToolTip("Copy the whole report as text, e.g. for your DNS provider "
                                    "or the vendor's support")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        outer.addLayout(window_buttons(self, "domain", self.copy_button))
        self.cancel_button.setEnabled(False)
        fit_to_screen(self, 860, 760)
        if start:
            self.start_check()

    # ------------------------------------------------------------------ running
    def start_check(self) -> None:
        from a2k_settings_gui.core.domain.check import check_domain

        if self._check.running:
            return
        target, host = self.target.text().strip(), self.smtp_host.text().strip()
        selectors = tuple(s for s in self.selector.text().replace(",", " ").split() if s)
        s = self.settings

        latest = self.latest_file

        def domain_check(cancel, progress):  # noqa: ANN001, ANN202 - Task's signature
            from a2k_settings_gui.core.support.checked import checked_domain_values
            from a2k_settings_gui.core.support.latest import CheckKind, run_and_record

            # Kept with the values it checked, for the hand-over and the support report.
            return run_and_record(latest, CheckKind.CHECK_DOMAIN, lambda: check_domain(
                target, host, dns_servers=s.dns_servers, timeout=self.dns_timeout,
                dkim_selectors=selectors, max_mails_per_batch=s.max_mails_per_batch,
                batch_interval_seconds=s.batch_interval_seconds,
                mails_per_month=s.mails_per_month, cancel=cancel,
                progress=progress,
            ).to_dict(), dict, checked=checked_domain_values(target, host))

        self.task = self._check.start(domain_check, self.show_report, self._on_failed,
                                      self._on_progress, self._on_finished)
        self.recheck_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.copy_button.setEnabled(False)
        self.copy_button.setText("Copy &report")
        self.busy.show()
        self.status.setText(f"Checking {target or '(no address)'}…")
        # The pane says what is going on instead of staying empty until the end.
        _clear(self.body)
        self._show_lights({})
        self.body.addWidget(_label(
            f"Reading the DNS records of {target or '(no address)'}: where its mail goes (MX), "
            "which servers may send for it (SPF), the signing keys of common mail providers "
            "(DKIM) and its policy (DMARC). The lights and what to do appear here when the "
            f"check is done, in at most {self.dns_timeout:g} seconds. Stop check "
            "ends it sooner.", name="domain_waiting"))

    def cancel_check(self) -> None:
        if self._check.cancel():
            self.status.setText("Stopped. Press Check again to run the check again.")
            _clear(self.body)
            self._on_finished()

    def _on_progress(self, payload: object) -> None:
        if isinstance(payload, dict) and payload.get("message"):
            self.status.setText(plain_words(str(payload["message"])))

    def _on_failed(self, exc: object) -> None:
        # DomainInputProblem / DnsServerProblem carry the words for the admin.
        self.status.setText(f"Could not check: {plain_words(str(exc))}")

    def _on_finished(self) -> None:
        self.busy.hide()
        self.recheck_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.copy_button.setEnabled(self.last_report is not None)

    def done(self, result: int) -> None:
        # Close button, Esc and close() all end here: a running check must stop with them.
        self._check.cancel()
        super().done(result)

    # ------------------------------------------------------------------ rendering
    def _show_lights(self, receivers: dict[str, dict[str, Any]]) -> None:
        for name, label in self.light_labels.items():
            entry = receivers.get(name)
            colour, words = LIGHT[entry["status"]] if entry else (NEUTRAL, "Not checked yet")
            label.setText(
                f"<span style='font-size:22px; color:{colour}'>&#9679;</span> "
                f"<b>{name}</b>: <span style='color:{colour}'><b>{words}</b></span>"
            )
            label.setToolTip("\n".join(
                (entry["all_senders"]["reasons"] + (entry["bulk_senders"] or {}).get(
                    "reasons", [])) if entry else []))

    def show_report(self, data: dict[str, Any]) -> None:
        self.last_report = data
        receivers = {r["receiver"]: r for r in data["receivers"]}
        self._show_lights(receivers)
        errors = sum(1 for f in data["findings"] if f["severity"] == "error")
        warnings = sum(1 for f in data["findings"] if f["severity"] == "warning")
        self.status.setText(
            f"{data['domain']}: {_count(errors, 'problem')} to fix, "
            f"{_count(warnings, 'warning')}."
            if errors or warnings else f"{data['domain']}: nothing to fix.")
        # The technical detail, for whoever wants it, out of the admin's way.
        self.status.setToolTip(f"{data.get('dns_queries', '?')} DNS queries in "
                               f"{data.get('elapsed_ms', 0) / 1000:.1f} s")
        _clear(self.body)
        if data["findings"]:
            self.body.addWidget(_label("What to fix", name="findings_title"))
            self.body.itemAt(self.body.count() - 1).widget().setStyleSheet(
                "font-weight: bold; font-size: 15px;")
            for finding in data["findings"]:
                self.body.addWidget(FindingCard(finding))
        self.body.addWidget(self._receivers_box(data))
        for title, rows in section_rows(data):
            box = QGroupBox(title)
            grid = QGridLayout(box)
            for row, (key, value, mono) in enumerate(rows):
                grid.addWidget(_label(key), row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(_label(value, selectable=True, mono=mono), row, 1)
            grid.setColumnStretch(1, 1)
            self.body.addWidget(box)

    def _receivers_box(self, data: dict[str, Any]) -> QGroupBox:
        busiest = data.get("busiest_day")
        box = QGroupBox("Receivers' rules" + (
            " — bulk-sender rules apply: up to "
            + (f"{busiest:,}" if busiest else "unlimited")
            + " e-mails may leave in one day (over 5,000; from E-mails per month)"
            if data.get("bulk_sender") else ""))
        box.setObjectName("receivers_box")
        layout = QVBoxLayout(box)
        for r in data["receivers"]:
            colour, words = LIGHT[r["status"]]
            items = [("All senders", line) for line in r["all_senders"]["reasons"]]
            if r["bulk_senders"]:
                items += [("Bulk senders", line) for line in r["bulk_senders"]["reasons"]]
            bullets = "".join(f"<li><i>{html.escape(who)}:</i> {html.escape(line)}</li>"
                              for who, line in items)
            label = QLabel(f"<b>{html.escape(r['receiver'])}</b> — "
                           f"<span style='color:{colour}'><b>{words}</b></span>"
                           f"<ul style='margin-top:2px'>{bullets}</ul>")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            layout.addWidget(label)
        if data["receivers"]:
            layout.addWidget(_label(data["receivers"][0]["not_checked"]))
        return box


    def report_text(self) -> str:
        """The whole report as plain text for the clipboard (DNS provider, support)."""
        data = self.last_report
        return "" if data is None else report_text(data)

    def _on_copy_button_clicked(self) -> None:
        copy_to_clipboard(self.report_text())
        self.copy_button.setText("Copied ✔")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def report_text(data: dict[str, Any]) -> str:
    lines = [f"A2000ERP Email Setting: Check Domain report for {data['domain']}",
             f"Outgoing mail server: {data.get('smtp_host') or '(none)'}", ""]
    for receiver in data["receivers"]:
        lines.append(f"{receiver['receiver']}: {LIGHT[receiver['status']][1]}")
    if data["findings"]:
        lines += ["", "Findings:"]
        for finding in data["findings"]:
            lines += report_lines(finding)
            record = finding.get("record")
            if record:
                lines.append(f"    Publish: {record['name']} {record['type']} {record['value']}")
    for title, rows in section_rows(data):
        lines += ["", title]
        lines += [f"  {key}: {value}" for key, value, _mono in rows]
    lines += ["", f"{data.get('dns_queries', '?')} DNS queries in "
              f"{data.get('elapsed_ms', 0) / 1000:.1f} s"]
    return "\n".join(lines)


def section_rows(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """(title, [(label, value, monospace)]) per check, with what the record means."""
    spf, dkim, dmarc = data["spf"], data["dkim"], data["dmarc"]
    mx = ", ".join(f"{m['host']} (preference {m['preference']})" for m in data["mx"])
    sections = [("MX — where replies and bounces go", [
        ("Found", mx or "no MX record", bool(mx)),
        ("Meaning", "Mail to your domain is delivered to these servers." if mx else
         "Nobody can reply to your statements or receive bounce messages.", False),
    ])]
    verdict = {True: "yes", False: "no", None: "unknown (DNS trouble)"}[spf["authorizes_server"]]
    addresses = ", ".join(f"{ip}: {res}" for ip, res in spf["server_addresses"].items())
    spf_rows = [("Record", spf["record"] or "none", bool(spf["record"]))]
    if spf["record"]:
        spf_rows += [
            ("Allows your server", f"{verdict} — {data['smtp_host'] or 'no server set'}"
             + (f" ({addresses})" if addresses else ""), False),
            ("DNS lookups", f"{spf['dns_lookups']} of 10 allowed; {spf['void_lookups']} "
             "pointing at names that do not exist", False),
        ]
        if spf["provider_include"]:
            spf_rows.append(("Provider include", f"include:{spf['provider_include']} "
                             + ("is present" if spf["provider_include_present"] else
                                "is missing"), True))
    spf_rows.append(("Meaning", "SPF lists the servers allowed to send mail as your domain. "
                     "Receivers check the sending server's address against it.", False))
    sections.append(("SPF — which servers may send as you", spf_rows))
    keys = [f"{k['selector']}: {k['key_type']} {k['bits'] or '?'} bits"
            + (" (revoked)" if k["revoked"] else "")
            + (f" via CNAME {k['cname_target']}" if k["cname_target"] else "")
            for k in dkim["keys"]]
    sections.append(("DKIM — the signature on each message", [
        ("Found", "; ".join(keys) or f"none among the {len(dkim['selectors_checked'])} "
         "selectors tried", False),
        ("Selectors tried", ", ".join(dkim["selectors_checked"]), True),
        ("Meaning", "Your mail provider signs each message with a private key; receivers "
         "check it against this public key. 1024 bits is the minimum, 2048 recommended.",
         False),
    ]))
    policy = dmarc.get("policy")
    meaning = {None: "No policy: receivers decide alone what to do with mail that fails.",
               "none": "Monitoring only: receivers deliver failing mail and send reports.",
               "quarantine": "Failing mail goes to the spam folder.",
               "reject": "Failing mail is refused: the strongest protection."}.get(policy, "")
    sections.append(("DMARC — what receivers do when checks fail", [
        ("Record", dmarc["record"] or "none", bool(dmarc["record"])),
        ("Found at", dmarc.get("found_at") or "—", False),
        ("Meaning", meaning, False),
    ]))
    return sections
