"""Every window of the app in the states an admin meets, driven against loopback servers.

One catalogue for two users: tools/screenshots.py saves each state to docs/ (at 100 % and,
in a second process with QT_SCALE_FACTOR=1.5, to docs/150/), and tests/ui/test_layout.py
checks each state at scale 1, 1.5 and 2 (tests/ui/layout_check.py). A window added to
the app gets its states here, and is then both pictured and checked.

A scene is a generator: `scene(stage)` yields (state name, top-level window) pairs, the
window shown and settled in that state; the caller looks at it before the scene goes on.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

Scene = Callable[["Stage"], Iterator[tuple[str, QWidget]]]
USER, PASSWORD = "statements@acme-trading.com", "App-Pa55word!"
GMAIL_REFUSAL = ("535-5.7.8 Username and Password not accepted. For more information, go "
                 "to\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials")


class Stage:
    """The servers, temp folder and event pumping the scenes share."""

    def __init__(self, folder: Path | None = None) -> None:
        self.app = QApplication.instance() or QApplication([])
        self.folder = folder or Path(tempfile.mkdtemp(prefix="a2k-states-"))
        self.stack = contextlib.ExitStack()
        self._certs: Any = None
        self._tls: Any = None

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    # ------------------------------------------------------------ helpers
    def pump(self, seconds: float = 0.15) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def wait_until(self, condition: Callable[[], bool], seconds: float = 20.0) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the window did not reach the state in time")
            self.app.processEvents()
            time.sleep(0.005)
        self.pump(0.1)

    def show(self, window: QWidget) -> QWidget:
        window.show()
        self.pump(0.15)
        return window

    def close(self, window: QWidget) -> None:
        if hasattr(window, "ask_discard_changes"):
            window.ask_discard_changes = lambda: True  # type: ignore[attr-defined]
        window.close()
        self.pump(0.05)
        window.deleteLater()

    @property
    def certs(self) -> Any:
        from tests.servers.smtp import Certificates

        if self._certs is None:
            self._certs = Certificates(self.folder)
        return self._certs

    @property
    def tls(self) -> Any:
        from tests.servers.detect_env import make_tls

        if self._tls is None:
            self._tls = make_tls(self.folder)
        return self._tls

    def enter(self, context: Any) -> Any:
        return self.stack.enter_context(context)


# ------------------------------------------------------------------ Send Test Email
def test_send_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    from a2k_settings_gui.ui.smtp.window import TestSendWindow
    from tests.servers.smtp import LoopbackDns, SmtpTestServer, settings_for

    dns = stage.enter(LoopbackDns({"smtp.office365.com": "127.0.0.1",
                                   "smtp.gmail.com": "127.0.0.1"}))
    server = stage.enter(SmtpTestServer(stage.certs, tls="starttls",
                                        cert_names=("smtp.office365.com",),
                                        users={USER: PASSWORD}, delay=0.02))
    settings = settings_for(server, "auto", smtp_host="smtp.office365.com", sender_email=USER,
                            sender_name="ACME Trading Accounts", dns_servers=(dns.address,),
                            ca_file=stage.certs.cafile)

    def run(window: TestSendWindow, stop_at: Callable[[], bool] | None = None) -> None:
        done: list[int] = []
        window.finished_callback = lambda: done.append(1)
        window.start_test()
        stage.wait_until(lambda: bool(done) or (stop_at is not None and stop_at()))

    shown = {"settings": settings}
    window = stage.show(TestSendWindow(lambda: shown["settings"], lambda: PASSWORD))
    yield "test-send-ready", window
    run(window)
    yield "test-send", window
    # After every check: the settings change and the window is opened again.
    shown["settings"] = settings.replace(port=settings.port + 1)
    window.present()
    stage.pump(0.1)
    yield "test-send-earlier-settings", window
    stage.close(window)

    running = stage.show(TestSendWindow(lambda: settings, lambda: PASSWORD))
    server.delay = 0.5
    run(running, stop_at=lambda: running.steps.status_of("auth") == "running")
    yield "test-send-running", running
    running.cancel_test()
    stage.pump(0.1)
    yield "test-send-cancelled", running
    stage.close(running)
    server.delay = 0.0

    gmail = stage.enter(SmtpTestServer(stage.certs, tls="ssl", cert_names=("smtp.gmail.com",),
                                       users={USER: PASSWORD},
                                       replies={"auth": GMAIL_REFUSAL}))
    failing = settings_for(gmail, "ssl", smtp_host="smtp.gmail.com", sender_email=USER,
                           dns_servers=(dns.address,), ca_file=stage.certs.cafile)
    window = stage.show(TestSendWindow(lambda: failing, lambda: PASSWORD))
    run(window)
    window.transcript_toggle.setChecked(True)
    stage.pump(0.1)
    yield "test-send-failure", window
    stage.close(window)


# ------------------------------------------------------------------ Check Domain
def domain_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.ui.domain.report import DomainReportWindow
    from tests.servers.dns import TestDnsServer
    from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone

    dns = stage.enter(TestDnsServer(build_zone(), silent=SILENT_DOMAINS))
    for state, sender, timeout in (("domain-report-good", "billing@good.test", 5.0),
                                   ("domain-report-problems", "billing@relay.test", 5.0),
                                   ("domain-report-dns-timeout", "billing@slow.test", 0.6)):
        settings = EmailSettings(sender_email=sender, smtp_host=SERVER,
                                 dns_servers=(dns.address,))
        window = DomainReportWindow(settings, start=False)
        window.dns_timeout = timeout
        stage.show(window)
        window.start_check()
        if state == "domain-report-good":
            stage.pump(0.05)
            yield "domain-report-running", window
        stage.wait_until(lambda w=window: w.recheck_button.isEnabled())
        yield state, window
        stage.close(window)


# ------------------------------------------------------------------ the setup wizard
WIZARD_ZONE = """
acme-widgets.com. 60 IN MX 10 acme-widgets-com.mail.protection.outlook.com.
acme-widgets.com. 60 IN TXT "v=spf1 include:spf.protection.outlook.com -all"
spf.protection.outlook.com. 60 IN TXT "v=spf1 ip4:127.0.0.0/8 -all"
_dmarc.acme-widgets.com. 60 IN TXT "v=DMARC1; p=none"
smtp.office365.com. 60 IN A 127.0.0.1
smtp.acme-widgets.com. 60 IN A 127.0.0.1
"""


def wizard_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    from a2k_settings_gui.core.detect.autodetect import DetectOptions
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.wizard import SetupWizard
    from tests.servers.detect_env import closed_port, dns_server, silent_port, smtp_server
    from tests.servers.http_images import ImageHost

    tls = stage.tls
    mail = stage.enter(smtp_server(tls, users={"statements@acme-widgets.com": "app-password"}))
    dns = stage.enter(dns_server(WIZARD_ZONE))
    quiet = stage.enter(silent_port())
    images = ImageHost(tls=tls.ca).start()
    stage.stack.callback(images.stop)
    wizard = SetupWizard(
        SettingsStore(stage.folder / "wizard-settings.json"),
        defaults=EmailSettings(dns_servers=(dns,), ca_file=tls.ca_file),
        detect_options=DetectOptions(
            autoconfig_urls=(), ca_file=tls.ca_file, connect_timeout=1.0,
            port_map={587: mail.port, 465: closed_port(), 25: quiet, 2525: closed_port()}),
        detect_timeout=8, check_timeout=6)
    stage.show(wizard)
    yield "wizard-1-welcome", wizard
    wizard.next()
    page = wizard.currentPage()
    page.email.setText("statements@acme-widgets.com")
    page.name.setText("ACME Accounts")
    stage.pump()
    yield "wizard-2-sender", wizard
    wizard.next()
    page = wizard.currentPage()
    stage.pump(0.05)
    yield "wizard-3-server-detecting", wizard
    stage.wait_until(lambda: wizard.detection is not None and not page.is_detecting())
    yield "wizard-3-server", wizard
    wizard.next()
    page = wizard.currentPage()  # sign-in and test, one page
    page.password.setText("app-password")
    stage.pump()
    yield "wizard-4-signin", wizard
    page.recipient.setText("accounts.manager@gmail.com")
    yield "wizard-5-test-ready", wizard
    page.send.click()
    stage.wait_until(lambda: not page.is_running())
    # This zone points smtp.office365.com at loopback, where nothing listens on 587.
    yield "wizard-5-test-refused", wizard
    page.skip.setChecked(True)
    page.reason.setText("tested from the server room")
    stage.pump()
    yield "wizard-5-test-skipped", wizard
    wizard.next()
    summary = wizard.currentPage()
    stage.pump()
    yield "wizard-9-summary-first", wizard

    def open_check(name: str) -> Any:
        summary.next_checks.buttons[name].click()
        stage.pump()
        return wizard.currentPage()

    def back_to_summary() -> None:
        from PySide6.QtWidgets import QWizard

        wizard.button(QWizard.WizardButton.CustomButton1).click()
        stage.pump()

    page = open_check("DomainPage")
    page.run_button.click()
    stage.wait_until(lambda: not page.is_running())
    yield "wizard-6-domain", wizard
    back_to_summary()
    page = open_check("LogoPage")
    page.url.setText(images.url("/referer-strict/logo.png"))
    page.preview.check_button.click()
    stage.wait_until(lambda: page.preview.report is not None
                     and page.preview.check_button.isEnabled())
    yield "wizard-7-logo-blocked", wizard
    page.url.setText(images.url("/logo.png"))
    page.preview.check_button.click()
    stage.wait_until(lambda: page.preview.report is not None
                     and page.preview.check_button.isEnabled()
                     and "referer" not in page.preview.report.url)
    yield "wizard-7-logo", wizard
    back_to_summary()
    page = open_check("SendingPage")
    page.plan.mails.setValue(1200)
    page.batch.setValue(100)
    page.interval.setValue(10)
    stage.pump()
    yield "wizard-8-sending", wizard
    back_to_summary()
    stage.pump()
    yield "wizard-9-summary", wizard
    wizard.reject()
    stage.close(wizard)


def wizard_srv_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    """Detection finds the server through the domain's SRV record on an unusual port."""
    from a2k_settings_gui.core.detect.autodetect import DetectOptions
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.wizard import SetupWizard
    from tests.servers.detect_env import closed_port, dns_server, make_tls, smtp_server

    folder = stage.folder / "srv"
    folder.mkdir(exist_ok=True)
    tls = make_tls(folder, "mail.acme-widgets.com", "localhost")  # the name SRV gives
    live = stage.enter(smtp_server(tls, users={"statements@acme-widgets.com": "pw"}))
    dns = stage.enter(dns_server(f"""
        acme-widgets.com. 60 IN A 127.0.0.1
        _submission._tcp.acme-widgets.com. 60 IN SRV 0 1 {live.port} mail.acme-widgets.com.
        mail.acme-widgets.com. 60 IN A 127.0.0.1
        """))
    wizard = SetupWizard(
        SettingsStore(stage.folder / "srv-settings.json"),
        defaults=EmailSettings(dns_servers=(dns,), ca_file=tls.ca_file),
        detect_options=DetectOptions(
            autoconfig_urls=(), ca_file=tls.ca_file,
            port_map={p: closed_port() for p in (25, 465, 587, 2525)}))
    stage.show(wizard)
    wizard.next()
    wizard.currentPage().email.setText("statements@acme-widgets.com")
    wizard.next()
    page = wizard.currentPage()
    stage.wait_until(lambda: wizard.detection is not None and not page.is_detecting())
    yield "wizard-3b-server-srv", wizard
    wizard.next()
    test = wizard.currentPage()  # sign-in and test
    test.password.setText("pw")
    test.recipient.setText("accounts.manager@gmail.com")
    test.send.click()
    stage.wait_until(lambda: not test.is_running())
    yield "wizard-5-test", wizard
    wizard.reject()
    stage.close(wizard)


def wizard_silent_server_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    """The test page while the server says nothing: spinner, current step, Cancel."""
    from a2k_settings_gui.core.settings import EmailSettings, Security
    from a2k_settings_gui.ui.wizard import SetupWizard
    from tests.servers.smtp import SilentServer

    silent = stage.enter(SilentServer())
    wizard = SetupWizard(None, defaults=EmailSettings(
        sender_email="statements@acme-widgets.com", smtp_host="127.0.0.1", port=silent.port,
        security=Security.STARTTLS), password="app-password", check_timeout=30)
    stage.show(wizard)
    page = wizard.pages["SendTestPage"]
    while wizard.currentPage() is not page:
        wizard.next() if wizard.currentPage().objectName() != "server_page" else (
            wizard.currentPage().leave(), wizard.next())
        stage.pump(0.05)
    page.recipient.setText("accounts.manager@gmail.com")
    page.send.click()
    stage.wait_until(lambda: page.steps.status_of("greeting") == "running")
    stage.pump(0.3)
    yield "wizard-5-test-waiting", wizard
    wizard.reject()
    stage.close(wizard)


# ------------------------------------------------------------------ the Email Setting dialog
EXAMPLE_VALUES = dict(
    sender_email="statements@acme-trading.com.sg", smtp_host="smtp.office365.com",
    sender_name="ACME Trading Accounts", logo_height=60, logo_width=180,
    max_mails_per_batch=30, batch_interval_seconds=60)


def dialog_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.settings import EmailSettings, Security
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.dialog import EmailSettingDialog
    from tests.servers.http_images import ImageHost

    images = ImageHost(tls=stage.tls.ca).start()
    stage.stack.callback(images.stop)
    store = SettingsStore(stage.folder / "dialog-settings.json")
    example = EmailSettings(security=Security.STARTTLS, ca_file=stage.tls.ca_file,
                            logo_url="https://www.acme-trading.com.sg/images/logo.png",
                            **EXAMPLE_VALUES)
    store.save(example)
    secrets.set_password(example.effective_login, "example-password")

    new = stage.show(EmailSettingDialog(SettingsStore(stage.folder / "none.json")))
    yield "email-setting-new", new
    stage.close(new)

    dialog = stage.show(EmailSettingDialog(store))
    stage.wait_until(lambda: dialog.password.isEnabled())
    yield "email-setting-dialog", dialog
    dialog.handover_button.click()
    stage.pump(0.2)
    yield "erp-handover-dialog", dialog.windows.handover
    stage.close(dialog.windows.handover)
    dialog.port.setText("99999")
    dialog.port.textEdited.emit("99999")
    dialog.sender_email.setText("s")
    dialog.sender_email.textEdited.emit("s")
    stage.pump(0.3)
    yield "email-setting-invalid-port", dialog
    stage.close(dialog)

    for state, path in (("logo-dialog-blocked", "/referer-strict/logo.png"),
                        ("logo-dialog-placeholder", "/placeholder/logo.png"),
                        ("logo-dialog-share-page", "/share/photo/123"),
                        ("logo-dialog-ok", "/logo.png")):
        store.save(example.replace(logo_url=images.url(path)))
        dialog = stage.show(EmailSettingDialog(store))
        stage.wait_until(lambda d=dialog: d.password.isEnabled())
        panel = dialog.logo_preview
        panel.check_button.click()
        stage.wait_until(lambda p=panel: p.report is not None and p.check_button.isEnabled())
        yield state, dialog
        if state == "logo-dialog-blocked":
            dialog.handover_button.click()
            stage.pump(0.2)
            yield "erp-handover-failed-logo", dialog.windows.handover
            stage.close(dialog.windows.handover)
        if state == "logo-dialog-ok":
            panel.show_estatement()
            stage.pump(0.2)
            yield "logo-estatement-preview", panel.estatement_dialog
            stage.close(panel.estatement_dialog)
        stage.close(dialog)


# ------------------------------------------------------------------ machine-wide preset
def preset_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    """The dialog on a desktop whose IT deployed a preset that locks the mail server."""
    import json
    import os

    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    preset = stage.folder / "ProgramData" / "a2k-settings-gui" / "preset.json"
    preset.parent.mkdir(parents=True, exist_ok=True)
    preset.write_text(json.dumps({
        "format": "a2k-email-settings", "version": 1,
        "settings": {"smtp_host": "smtp.office365.com", "security": "starttls", "port": 587,
                     "max_mails_per_batch": 30, "batch_interval_seconds": 60},
        "locked": ["smtp_host", "security", "port", "max_mails_per_batch"]}),
        encoding="utf-8")
    previous = os.environ.get("A2K_PRESET_FILE")
    os.environ["A2K_PRESET_FILE"] = str(preset)
    try:
        store = SettingsStore(stage.folder / "preset-settings.json")
        store.save(EmailSettings(**{k: v for k, v in EXAMPLE_VALUES.items()
                                    if k not in ("smtp_host", "port", "security")}))
        secrets.set_password(store.load().settings.effective_login, "example-password")
        dialog = stage.show(EmailSettingDialog(store))
        stage.wait_until(lambda: dialog.password.isEnabled())
        yield "email-setting-preset-locked", dialog
        stage.close(dialog)
    finally:
        if previous is None:
            os.environ.pop("A2K_PRESET_FILE", None)
        else:
            os.environ["A2K_PRESET_FILE"] = previous


# ------------------------------------------------------------------ Did it arrive?
def received_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    from a2k_settings_gui.ui.received.window import ReceivedWindow

    data = Path(__file__).resolve().parents[1] / "data" / "received"
    for state, data_file, message_id, recipient in (
            ("received-pass", "yahoo-postmark-dmarc-pass.eml",
             "<9d61c7ff-4950-4bbb-a44d-c1192e8cc5bd@mtasv.net>", "rogerjharris@yahoo.com"),
            ("received-fail", "gmail-amazonses-dmarc-fail.txt", "", "weicheng@edison.tech")):
        window = stage.show(ReceivedWindow(message_id, recipient))
        if state == "received-pass":
            yield "received-ready", window
        done: list[bool] = []
        window.finished_callback = lambda d=done: d.append(True)
        window.check_file(data / data_file)
        stage.wait_until(lambda d=done: bool(d))
        yield state, window
        stage.close(window)


# ------------------------------------------------------------------ the health watch
def health_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    """The Health window over real recorded runs (a wrong password, then fixed; an SPF
    record and the logo changed), then while a check runs against a slow server."""
    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.health import HealthHistory, watch
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.health.window import HealthWindow
    from tests.servers.health_env import DOMAIN, PASSWORD, SENDER, HealthWorld
    from tests.servers.http_images import logo_png

    config = stage.folder / "health-settings.json"
    history = HealthHistory(stage.folder / "health-history.sqlite3")
    world = stage.enter(HealthWorld(stage.folder, config, certificates=stage.certs))
    store = SettingsStore(config)

    def record(password: str = PASSWORD) -> None:
        watch(store.load().settings, password, history=history, timeout=10)

    for password in (PASSWORD, PASSWORD, "revoked-app-password", PASSWORD):
        record(password)
    world.dns.resolver.zone[DOMAIN] = [("MX", (10, f"mx.{DOMAIN}")),
                                       ("TXT", "v=spf1 include:_spf.mailer.test ~all")]
    world.logo_body[0] = logo_png(360, 120)
    record()
    window = stage.show(HealthWindow(store, history=history,
                                     state_folder=stage.folder / "schedule"))
    yield "health-history", window
    stage.close(window)

    world.smtp_delay = 2.0
    world.use(world.smtp_server())
    secrets.set_password(SENDER, PASSWORD)
    window = stage.show(HealthWindow(store, history=history,
                                     state_folder=stage.folder / "schedule"))
    window.check_button.click()
    stage.wait_until(lambda: window.steps.texts["login"].text() == "checking…"
                     and window.steps.texts["provider"].text() != "checking…")
    yield "health-running", window
    window.stop_check()
    stage.close(window)


# ------------------------------------------------------------------ the help window
def help_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    from a2k_settings_gui.ui.kit.help_window import HelpWindow

    window = HelpWindow()
    window.show_section("check-domain")
    stage.show(window)
    yield "help-window", window
    stage.close(window)


# ------------------------------------------------------------------ an uncaught error
def crash_scene(stage: Stage) -> Iterator[tuple[str, QWidget]]:
    """What an uncaught exception shows (ui/crash_dialog.py), with the log file's path as
    it is on Windows."""
    from a2k_settings_gui.ui.crash_dialog import CrashReporter

    reporter = CrashReporter(stage.app)
    reporter.report("ValueError in the main thread",
                    Path(r"C:\Users\admin\AppData\Local\a2k-settings-gui\Logs"
                         r"\a2k-settings-gui.log"))
    stage.wait_until(lambda: reporter.box is not None and reporter.box.isVisible())
    yield "crash-dialog", reporter.box
    stage.close(reporter.box)
    reporter.deleteLater()


SCENES: dict[str, Scene] = {
    "dialog": dialog_scene,
    "test-send": test_send_scene,
    "domain": domain_scene,
    "wizard": wizard_scene,
    "wizard-srv": wizard_srv_scene,
    "wizard-silent": wizard_silent_server_scene,
    "preset": preset_scene,
    "received": received_scene,
    "help": help_scene,
    "crash": crash_scene,
    "health": health_scene,
}


def states(stage: Stage, only: tuple[str, ...] = ()) -> Iterator[tuple[str, QWidget]]:
    for name, scene in SCENES.items():
        if not only or name in only:
            yield from scene(stage)
