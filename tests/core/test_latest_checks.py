"""One run_and_record (core.support.latest): every check keeps its report in
latest-checks.json the same way, never with the password, never failing the check."""

from __future__ import annotations

import json

import pytest

from a2k_settings_gui.core.support.latest import (
    CheckKind,
    Recorded,
    latest_path,
    load_latest,
    record,
    run_and_record,
)

SECRET = "Latest-Pw-2718"


class Report:
    def __init__(self, **data):
        self.data = data

    def to_dict(self):
        return dict(self.data)


def test_the_result_is_returned_and_its_report_kept(tmp_path):
    settings = tmp_path / "email-settings.json"
    result = run_and_record(settings, CheckKind.CHECK_LOGO, lambda: Report(verdict="ok"))
    assert result.data == {"verdict": "ok"}
    kept = load_latest(settings)
    assert kept["check_logo"]["report"] == {"verdict": "ok"}
    assert kept["check_logo"]["at"]


def test_a_report_holding_the_password_is_not_kept(tmp_path):
    settings = tmp_path / "email-settings.json"
    run_and_record(settings, CheckKind.TEST_SEND,
                   lambda: Report(transcript=[f"AUTH PLAIN {SECRET}"]), secrets=(SECRET,))
    assert not latest_path(settings).exists()
    assert record(settings, "test_send", {"t": SECRET}, (SECRET,)) is Recorded.HELD_A_SECRET


def test_a_check_that_raises_records_nothing(tmp_path):
    settings = tmp_path / "email-settings.json"
    with pytest.raises(LookupError):
        run_and_record(settings, CheckKind.CHECK_DOMAIN, lambda: (_ for _ in ()).throw(
            LookupError("bad input")))
    assert load_latest(settings) == {}


def test_nothing_to_show_support_and_nowhere_to_keep_it_record_nothing(tmp_path):
    settings = tmp_path / "email-settings.json"
    assert run_and_record(settings, CheckKind.CHECK_DOMAIN, lambda: 5, lambda _r: None) == 5
    assert run_and_record(None, CheckKind.CHECK_DOMAIN, lambda: Report(a=1)).data == {"a": 1}
    assert not latest_path(settings).exists()


def test_an_unwritable_folder_never_fails_the_check(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be", encoding="utf-8")
    settings = blocker / "email-settings.json"
    assert run_and_record(settings, CheckKind.CHECK_LOGO, lambda: Report(v=1)).data == {"v": 1}
    assert record(settings, CheckKind.CHECK_LOGO, {"v": 1}) is Recorded.NOT_WRITTEN


def test_the_kinds_are_closed(tmp_path):
    with pytest.raises(ValueError):
        record(tmp_path / "s.json", "check_everything", {})
    report = {"n": 1}
    assert record(tmp_path / "s.json", CheckKind.TEST_SEND, report) is Recorded.KEPT
    data = json.loads(latest_path(tmp_path / "s.json").read_text(encoding="utf-8"))
    assert list(data) == ["test_send"]
