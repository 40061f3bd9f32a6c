"""SetupWizard: the pages in order, the draft they fill, and the one save at the end.

The pages edit a draft copy of the settings; only accept() (the Save button on the last
page) writes the settings file and stores the password in the keyring, both on a worker.
Cancel, Esc or closing the window saves nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget, QWizard

from a2k_settings_gui.core.settings import EmailSettings, validate
from a2k_settings_gui.ui.kit.help import add_help_key, open_help
from a2k_settings_gui.ui.kit.screen_fit import room_on_screen
from a2k_settings_gui.ui.kit.worker import Task, TaskGroup
from a2k_settings_gui.ui.wizard.lazy_pages import LazyPages

if TYPE_CHECKING:  # imported when used: the first page paints before them
    from a2k_settings_gui.core.store.saving import SaveOutcome

# Where the admin's decision about the test-send is kept (an extra key of the settings
# file, so support can see later that the test was skipped and why).
TEST_RECORD_KEY = "setup_wizard"


class SetupWizard(QWizard):
    """Signals:
    saved(object): the EmailSettings written to the file at the end.

    Attributes:
    draft: the settings as the pages have filled them so far (not saved).
    password: the password typed on the sign-in page (never written to a file).
    detection: the last core.detect.autodetect.DetectReport, or None.
    provider: the detected core.providers.Provider, or None.
    test_record: what happened on the test page: {"status": "passed"|"skipped",
        "reason": str, ...}.
    """

    saved = Signal(object)
    # "module.ClassName" in wizard order: the first page is built with the wizard, the
    # others (and their modules) right after its first paint (lazy_pages.py).
    # The short path: welcome, sender, sign-in and test, the hand-over. The server page
    # only when detection did not find a server that answered; domain, logo and sending
    # plan are the hand-over's recommended next checks, opened from it and back.
    PAGES = ("welcome_page.WelcomePage", "sender_page.SenderPage", "server_page.ServerPage",
             "send_check_page.SendTestPage", "summary_page.SummaryPage",
             "domain_page.DomainPage", "logo_page.LogoPage", "sending_page.SendingPage")
    DETOURS = ("DomainPage", "LogoPage", "SendingPage")

    def __init__(self, store: Any, parent: QWidget | None = None, *,
                 defaults: EmailSettings | None = None, password: str = "",
                 detect_options: Any = None,
                 detect_timeout: float = 10.0, check_timeout: float = 20.0,
                 first_start: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        # The product name follows from the application's display name in the title bar
        # ("Setup Wizard – A2000ERP Email Setting"), as for every window of the app.
        self.setWindowTitle("Setup Wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        # Help (and F1) open the user guide at the page in view.
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        self.setOption(QWizard.WizardOption.HelpButtonOnRight, False)
        self.setButtonText(QWizard.WizardButton.HelpButton, "Help")  # its key: per page
        # A: free on every page (C is Test recipient's and Check domain's, N is Next's).
        self.setButtonText(QWizard.WizardButton.CancelButton, "C&ancel")
        self.helpRequested.connect(lambda: open_help(self._help_section()))
        # QWizard grows to each page's wish; a long page (the hand-over) must scroll
        # instead of pushing the buttons under a laptop's taskbar.
        self.currentIdChanged.connect(lambda _id: QTimer.singleShot(0, self._fit_screen))
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Save")
        self.setMinimumSize(720, 560)
        self.store = store
        # On first start Cancel asks, and the app then opens the Email Setting dialog
        # instead of quitting (the dialog was otherwise reachable only from a terminal).
        self.first_start = first_start
        existing = EmailSettings()
        had_settings = store is not None and store.exists()
        # The values to start from; on first start the machine-wide preset's, if any.
        self.locked: dict[str, Any] = {}
        self.lock_reason = ""  # why, with the preset's path (the pages show it)
        if store is not None:
            loaded = store.load()
            existing = loaded.settings
            self.locked = {key: getattr(existing, key) for key in loaded.locked}
            if loaded.preset is not None:
                self.lock_reason = loaded.preset.reason("")
        # The keyring account the saved settings use now (empty on first start).
        self._saved_account = (existing.effective_login
                               if had_settings and existing.sender_email else "")
        self.draft: EmailSettings = defaults or existing
        self.password = password
        self.detection: Any = None
        self.provider: Any = None
        self.test_record: dict[str, Any] = {}
        self.suggested_login = ""  # from detection, e.g. "apikey" for SendGrid
        # Injected so tests point detection and checks at loopback servers.
        self.detect_options = detect_options
        self.detect_timeout = detect_timeout
        self.check_timeout = check_timeout
        self._tasks = TaskGroup(self)
        self._saving = False
        self.pages: LazyPages = LazyPages(self, self.PAGES, then=self._after_first_paint)
        # On a recommended check opened from the hand-over: "Back to the hand-over".
        self.setButtonText(QWizard.WizardButton.CustomButton1, "&Done, back to the hand-over")
        self.customButtonClicked.connect(self._on_custom_button_clicked)
        self.currentIdChanged.connect(self._on_page_changed)

    def _after_first_paint(self) -> None:
        """With the other pages (LazyPages.build_rest): the first page has no text field,
        and neither the application's Alt-key filter (a Python filter on the application
        sees every event, the first paint's too) nor F1 (a shortcut brings QKeySequence)
        need to delay it."""
        from a2k_settings_gui.ui.kit import alt_keys

        alt_keys.install()  # a greyed Next's Alt+N types nothing into a field
        add_help_key(self, self._help_section)  # F1, as the Help button

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt's name
        self.pages.build_rest()  # Next before the first paint: the real pages first
        return super().validateCurrentPage()

    def page_id(self, name: str) -> int:
        """The id of the page of class `name` (ids follow PAGES)."""
        return [spec.rpartition(".")[2] for spec in self.PAGES].index(name)

    def open_detour(self, name: str) -> None:
        """From the hand-over, open one of its recommended checks (a page after it)."""
        self.pages["SummaryPage"].detour = name
        self.next()

    def _on_page_changed(self, _page_id: int) -> None:
        page = self.currentPage()
        name = type(page).__name__ if page is not None else ""
        button = QWizard.WizardButton
        if name in self.DETOURS:
            # Only back to the hand-over from here: Save is there, with every value.
            self.setButtonLayout([button.HelpButton, button.Stretch, button.BackButton,
                                  button.CustomButton1, button.CancelButton])
            self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        else:
            self.setOption(QWizard.WizardOption.HaveCustomButton1, False)
            self.setButtonLayout([button.HelpButton, button.Stretch, button.BackButton,
                                  button.NextButton, button.FinishButton,
                                  button.CancelButton])
        if page is not None:
            self._give_help_a_key(page)

    def _give_help_a_key(self, page: QWidget) -> None:
        """Help's Alt+key: the first letter of "Help" this page and the other buttons leave
        free (H on most pages; E where H is Show or Logo Height)."""
        from a2k_settings_gui.ui.kit.alt_keys import give_free_key, taken_keys

        button = QWizard.WizardButton
        help_button = self.button(button.HelpButton)
        help_button.setText("Help")
        others = (button.BackButton, button.NextButton, button.FinishButton,
                  button.CancelButton, button.CustomButton1)
        give_free_key(help_button, page,
                      also_taken=taken_keys(*(self.button(which) for which in others)))

    def _on_custom_button_clicked(self, which: int) -> None:
        page = self.currentPage()
        if which != QWizard.WizardButton.CustomButton1.value or page is None:
            return
        if page.validatePage():  # the page's values go into the draft, as Next would
            self.back()
            self.pages["SummaryPage"].initializePage()

    def _fit_screen(self) -> None:
        room_w, room_h = room_on_screen(self)
        if self.width() > room_w or self.height() > room_h:
            self.resize(min(self.width(), room_w), min(self.height(), room_h))

    def _help_section(self) -> str:
        page = self.currentPage()
        return page.objectName() if page is not None else "wizard"

    @staticmethod
    def should_show(store: Any) -> bool:
        """First start: no settings file yet."""
        return not store.exists()

    # ------------------------------------------------------------ workers
    def run_task(self, fn: Any, on_done: Any = None, on_fail: Any = None,
                 on_progress: Any = None) -> Task:
        """Run a core call on a worker; it is cancelled if this window closes."""
        return self._tasks.run(fn, on_done, on_fail, on_progress)

    def cancel_tasks(self) -> None:
        self._tasks.cancel_all()

    def update_draft(self, **changes: Any) -> None:
        # Fields the machine-wide preset locks keep the preset's value (the dialog shows
        # them read-only with the reason).
        self.draft = self.draft.replace(**{**changes, **self.locked})

    def record_test(self, status: str, reason: str = "", **details: Any) -> None:
        from datetime import datetime, timezone

        self.test_record = {"status": status, "reason": reason, **details,
                            "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}

    def settings_to_save(self) -> EmailSettings:
        extra = dict(self.draft.extra)
        if self.test_record:
            extra[TEST_RECORD_KEY] = {"test_send": dict(self.test_record)}
        return self.draft.replace(extra=extra, **self.locked)

    # ------------------------------------------------------------ closing
    def accept(self) -> None:
        if self._saving:
            return
        settings = self.settings_to_save()
        problems = validate(settings)
        if problems:
            from PySide6.QtWidgets import QMessageBox  # (its enums: not before the paint)

            QMessageBox.warning(self, "Cannot save yet",
                                "\n".join(p.message for p in problems))
            return
        from a2k_settings_gui.core.store.saving import PasswordChange, save_with_password

        store = self.store
        # A changed login name takes the stored secret along (as in the dialog), so no
        # orphaned password stays behind under the old name.
        change = PasswordChange(old_account=self._saved_account, password=self.password)
        summary = self.pages.get("SummaryPage")
        schedule = summary.schedule_choice() if summary is not None else None
        self._schedule_problem = ""

        def save(_token: Any, _progress: Any) -> SaveOutcome:
            outcome = save_with_password(store, settings, change)
            if outcome.saved:
                # The daily health check ticked on the last page, once the settings exist.
                self._schedule_problem = _register_daily_check(schedule, store)
            return outcome

        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.run_task(save, lambda outcome: self._on_saved(outcome, settings),
                      self._on_save_failed)

    def _on_saved(self, outcome: SaveOutcome, settings: EmailSettings) -> None:
        from PySide6.QtWidgets import QMessageBox

        if not outcome.saved:
            self._not_saved(outcome.file_problem)  # the store's words say what to do
            return
        self._saving = False
        if not outcome.password_in_keyring:
            QMessageBox.warning(
                self, "Password not stored",
                "The settings were saved, but the password could not be stored: "
                f"{outcome.password_problem or 'no password store is available.'} "
                "Enter it again in the Email Setting dialog.")
        if self._schedule_problem:
            QMessageBox.warning(self, "Daily check not registered",
                                f"The settings were saved, but {self._schedule_problem} "
                                "Try again in the Health window (Watch for problems…).")
        self.saved.emit(settings)
        self.cancel_tasks()
        super().accept()

    def _on_save_failed(self, error: object) -> None:
        self._not_saved(f"Saving failed ({type(error).__name__}); nothing was changed.")

    def _not_saved(self, words: str) -> None:
        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "Settings not saved", words)

    @classmethod
    def ask_leave_first_start(cls, parent: QWidget | None) -> bool:
        """Ask before leaving the first-start setup (tests replace this)."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            parent, "Leave the setup wizard?",
            "Nothing is saved. The Email Setting dialog opens next, where you can enter the "
            "settings yourself or start the wizard again (Setup Wizard…).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self._saving:
            return
        if self.first_start and not self.ask_leave_first_start(self):
            return
        self.cancel_tasks()
        for page in self.pages.values():
            page.leave()
        super().reject()


def _register_daily_check(choice: tuple[bool, str] | None, store: Any) -> str:
    """Register or remove the daily health check when the last page's choice differs from
    what is registered; "" when done or nothing to do, else why not (worker thread)."""
    from pathlib import Path

    from a2k_settings_gui.core.health.schedule import ScheduleError, load_state
    from a2k_settings_gui.core.store import default_config_path
    from a2k_settings_gui.ui.health.schedule_row import register_schedule

    registered = load_state()
    if choice is None or choice == registered or (not choice[0] and not registered[0]):
        return ""
    path = getattr(store, "path", None)
    config = path if path is not None and Path(path) != default_config_path() else None
    try:
        register_schedule(choice[0], choice[1], config)
    except ScheduleError as exc:
        return f"the daily check could not be registered: {exc}"
    return ""


def open_wizard(store: Any, parent: QWidget | None = None, **kwargs: Any) -> SetupWizard:
    """The wizard for `store` (app.py and the dialog's "Setup Wizard…" button use this)."""
    return SetupWizard(store, parent, **kwargs)
