"""The one save path (core.store.saving): the file first, then the password, one closed set
of password outcomes for the dialog, the wizard, `set` and `import`."""

from __future__ import annotations

import json

import pytest

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.core.store.saving import (
    PasswordChange,
    PasswordOutcome,
    save_with_password,
)

SETTINGS = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com")
SECRET = "Sv-Pa55word-77"


def saved_json(path):
    return json.loads(path.read_text(encoding="utf-8"))["settings"]


def test_a_typed_password_goes_to_the_keyring_and_never_into_the_file(tmp_path):
    store = SettingsStore(tmp_path / "s.json")
    outcome = save_with_password(store, SETTINGS, PasswordChange(password=SECRET))
    assert outcome.saved and outcome.password is PasswordOutcome.STORED
    assert outcome.password_in_keyring
    assert secrets.get_password("ar@acme.com") == SECRET
    assert SECRET not in (tmp_path / "s.json").read_text(encoding="utf-8")
    assert SECRET not in repr(outcome) and SECRET not in repr(PasswordChange(password=SECRET))


def test_a_renamed_login_takes_the_stored_password_along(tmp_path):
    secrets.set_password("ar@acme.com", SECRET)
    store = SettingsStore(tmp_path / "s.json")
    outcome = save_with_password(store, SETTINGS.replace(login_name="apikey"),
                                 PasswordChange(old_account="ar@acme.com"))
    assert outcome.password is PasswordOutcome.MOVED
    assert secrets.get_password("apikey") == SECRET
    assert secrets.get_password("ar@acme.com") is None


def test_an_emptied_password_field_removes_the_stored_one(tmp_path):
    secrets.set_password("ar@acme.com", SECRET)
    outcome = save_with_password(SettingsStore(tmp_path / "s.json"), SETTINGS,
                                 PasswordChange(old_account="ar@acme.com", replace=True))
    assert outcome.password is PasswordOutcome.DELETED
    assert secrets.get_password("ar@acme.com") is None


def test_nothing_to_do_leaves_the_keyring_alone(tmp_path):
    secrets.set_password("ar@acme.com", SECRET)
    outcome = save_with_password(SettingsStore(tmp_path / "s.json"), SETTINGS,
                                 PasswordChange(old_account="ar@acme.com"))
    assert outcome.password is PasswordOutcome.UNCHANGED
    assert secrets.get_password("ar@acme.com") == SECRET


def test_an_import_keeps_this_desktops_password_where_it_is(tmp_path):
    """No old account to follow: the imported login does not inherit another's secret."""
    secrets.set_password("old@acme.com", SECRET)
    outcome = save_with_password(SettingsStore(tmp_path / "s.json"), SETTINGS)
    assert outcome.password is PasswordOutcome.UNCHANGED
    assert secrets.get_password("ar@acme.com") is None
    assert secrets.get_password("old@acme.com") == SECRET


def test_no_keyring_saves_the_file_and_says_the_password_is_for_this_session(
        tmp_path, no_keyring):
    store = SettingsStore(tmp_path / "s.json")
    outcome = save_with_password(store, SETTINGS, PasswordChange(password=SECRET))
    assert outcome.saved
    assert outcome.password is PasswordOutcome.NOT_STORED
    assert not outcome.password_in_keyring
    assert "No password store" in outcome.password_problem
    assert SECRET not in outcome.password_problem
    assert saved_json(tmp_path / "s.json")["sender_email"] == "ar@acme.com"


def test_a_keyring_known_to_be_missing_is_not_tried(tmp_path, temp_keyring):
    outcome = save_with_password(SettingsStore(tmp_path / "s.json"), SETTINGS,
                                 PasswordChange(password=SECRET, keyring_ok=False))
    assert outcome.password is PasswordOutcome.NOT_STORED
    assert temp_keyring.get_password(secrets.SERVICE_NAME, "ar@acme.com") is None


def test_a_file_that_cannot_be_written_leaves_the_keyring_untouched(tmp_path):
    path = tmp_path / "s.json"
    # Written by a newer version: opened read-only, never overwritten.
    path.write_text(json.dumps({"format": "a2k-email-settings", "version": 99,
                                "settings": {}}), encoding="utf-8")
    store = SettingsStore(path)
    store.load()
    outcome = save_with_password(store, SETTINGS, PasswordChange(password=SECRET))
    assert not outcome.saved and outcome.written is None
    assert outcome.password is PasswordOutcome.UNCHANGED
    assert "read-only" in outcome.file_problem
    assert secrets.get_password("ar@acme.com") is None


@pytest.mark.parametrize(("security", "typed", "stored"), [
    (Security.AUTO, 587, None), (Security.STARTTLS, 587, None), (Security.SSL, 465, None),
    (Security.NONE, 25, None), (Security.SSL, 587, 587), (Security.STARTTLS, 2525, 2525),
])
def test_a_default_port_is_stored_as_null(tmp_path, security, typed, stored):
    """The default-port rule, applied by the store on every save."""
    store = SettingsStore(tmp_path / "s.json")
    outcome = save_with_password(store, SETTINGS.replace(security=security, port=typed))
    assert saved_json(tmp_path / "s.json")["port"] == stored
    assert outcome.written is not None and outcome.written.port == stored
    assert outcome.written.effective_port == typed
