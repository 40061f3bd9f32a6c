"""Saving under pressure: two real processes saving at
once, a held file (PermissionError on replace), saves killed mid-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import ChangedElsewhereError, SettingsStore, StoreError, files
from tests.cli.helpers import run_cli

BASE = EmailSettings(sender_email="ar@acme.example.com", smtp_host="smtp.acme.example.com")

# A second program with the dialog's behaviour: open (load), wait while the admin edits,
# then save one changed field. It waits for a "go" file so the test decides the order.
_EDITOR = r"""
import json, sys, time
from pathlib import Path
from a2k_settings_gui.core.store import SettingsStore, StoreError
config, field, value, ready, go = sys.argv[1:]
store = SettingsStore(config)
settings = store.load().settings
Path(ready).touch()
deadline = time.monotonic() + 30
while not Path(go).exists() and time.monotonic() < deadline:
    time.sleep(0.02)
try:
    written = store.save(settings.replace(**{field: value}))
    print(json.dumps({"saved": True, "settings": written.to_dict()}))
except StoreError as exc:
    print(json.dumps({"saved": False, "message": str(exc)}))
"""


def _start_editor(tmp_path, config, field, value):
    ready, go = tmp_path / "ready", tmp_path / "go"
    process = subprocess.Popen(
        [sys.executable, "-c", _EDITOR, str(config), field, value, str(ready), str(go)],
        stdout=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert ready.exists(), "the editor process did not open the settings"
    return process, go


def _import_file(tmp_path, **changes):
    source = tmp_path / "import.json"
    document = {"format": "a2k-email-settings", "version": 1,
                "settings": BASE.replace(**changes).to_dict()}
    source.write_text(json.dumps(document), encoding="utf-8")
    return source


def test_an_import_while_the_dialog_is_open_is_merged_not_lost(tmp_path, config_path):
    SettingsStore(config_path).save(BASE)
    editor, go = _start_editor(tmp_path, config_path, "sender_name", "ACME Accounts")
    # While the "dialog" is open, another process imports a different port.
    imported = run_cli("import", str(_import_file(tmp_path, port=2525)))
    assert imported.returncode == 0, imported.stderr
    go.touch()
    out, _ = editor.communicate(timeout=30)
    assert json.loads(out)["saved"] is True
    final = SettingsStore(config_path).load().settings
    assert final.port == 2525  # the import survived
    assert final.sender_name == "ACME Accounts"  # and so did the dialog's change


def test_two_writers_changing_the_same_field_the_later_one_is_told(tmp_path, config_path):
    SettingsStore(config_path).save(BASE)
    editor, go = _start_editor(tmp_path, config_path, "smtp_host", "smtp.dialog.example.com")
    imported = run_cli("import", str(_import_file(tmp_path, smtp_host="smtp.import.example")))
    assert imported.returncode == 0, imported.stderr
    go.touch()
    out, _ = editor.communicate(timeout=30)
    outcome = json.loads(out)
    assert outcome["saved"] is False
    assert "changed by another program" in outcome["message"]
    assert "Outgoing Mail Server (SMTP)" in outcome["message"]  # names the field
    # The first writer's save is what the file holds.
    assert SettingsStore(config_path).load().settings.smtp_host == "smtp.import.example"


_HAMMER = r"""
import sys
from a2k_settings_gui.core.store import SettingsStore
config, field, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for number in range(1, rounds + 1):
    store = SettingsStore(config)
    settings = store.load().settings
    store.save(settings.replace(**{field: number}))
"""


def test_two_processes_saving_in_a_loop_lose_nothing(config_path):
    SettingsStore(config_path).save(BASE)
    rounds = 40
    writers = [
        subprocess.Popen([sys.executable, "-c", _HAMMER, str(config_path), field, str(rounds)])
        for field in ("max_mails_per_batch", "batch_interval_seconds")
    ]
    for writer in writers:
        assert writer.wait(timeout=60) == 0
    final = SettingsStore(config_path).load()
    assert final.status == "ok"
    # Each writer's last save survived the other's.
    assert final.settings.max_mails_per_batch == rounds
    assert final.settings.batch_interval_seconds == rounds


def test_a_save_in_the_same_process_after_an_outside_change_merges(config_path):
    first, second = SettingsStore(config_path), SettingsStore(config_path)
    first.save(BASE)
    second.load()
    first.save(BASE.replace(port=465))
    written = second.save(BASE.replace(sender_name="ACME"))
    assert written.port == 465 and written.sender_name == "ACME"
    third, fourth = SettingsStore(config_path), SettingsStore(config_path)
    third.load()
    fourth.load()
    fourth.save(written.replace(sender_name="Other"))
    with pytest.raises(ChangedElsewhereError, match="Sender name"):
        third.save(written.replace(sender_name="Mine"))


def test_a_window_that_keeps_its_old_view_does_not_undo_a_merged_change(config_path):
    dialog, other = SettingsStore(config_path), SettingsStore(config_path)
    dialog.save(BASE)
    view = dialog.load().settings
    other.load()
    other.save(BASE.replace(port=2525))  # e.g. an import while the dialog is open
    view = view.replace(sender_name="ACME")
    dialog.save(view)  # merged: port 2525 kept
    dialog.save(view.replace(max_mails_per_batch=20))  # the window still shows port None
    final = SettingsStore(config_path).load().settings
    assert (final.port, final.sender_name, final.max_mails_per_batch) == (2525, "ACME", 20)


def test_replace_is_retried_while_another_program_holds_the_file(config_path, monkeypatch):
    """Windows: antivirus or the indexer holds the file; os.replace raises PermissionError
    for a moment. (Only os.replace is replaced here: Linux cannot hold a file that way.)"""
    store = SettingsStore(config_path)
    store.save(BASE)
    real_replace = os.replace
    failures = {"left": 3}

    def held_for_a_moment(source, target):
        if failures["left"]:
            failures["left"] -= 1
            raise PermissionError(13, "The process cannot access the file")
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", held_for_a_moment)
    store.save(BASE.replace(port=2525))
    assert SettingsStore(config_path).load().settings.port == 2525


def test_a_file_held_for_good_gives_up_within_two_seconds(config_path, monkeypatch):
    store = SettingsStore(config_path)
    store.save(BASE)
    before = config_path.read_bytes()

    def held(source, target):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(files.os, "replace", held)
    started = time.monotonic()
    with pytest.raises(StoreError, match="previous file is unchanged"):
        store.save(BASE.replace(port=2525))
    waited = time.monotonic() - started
    assert waited <= files.REPLACE_RETRY_BUDGET + 0.5  # the bound, not a speed target
    monkeypatch.undo()
    assert config_path.read_bytes() == before
    assert not [p for p in config_path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_saves_killed_mid_way_leave_no_broken_file_and_the_next_save_cleans_up(config_path):
    SettingsStore(config_path).save(BASE)
    loop = _HAMMER.replace("rounds = ", "rounds = 10**6 if True else ")
    for _ in range(6):
        writer = subprocess.Popen([sys.executable, "-c", loop, str(config_path), "port", "1"])
        time.sleep(0.6)  # start-up, then saves in a loop
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        assert SettingsStore(config_path).load(repair=False).status == "ok"
    # Temp files of killed saves are there now and then; plant some to be sure.
    for number in range(3):
        (config_path.parent / f".{config_path.name}.stale{number}{files.TEMP_SUFFIX}").write_text(
            "{half")
    SettingsStore(config_path).save(BASE)
    leftovers = [p.name for p in config_path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
