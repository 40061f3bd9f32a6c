"""`@record` behaves as the dataclasses it replaced on the command line's path: the
settings, findings and results a caller builds, compares, copies and prints."""

from __future__ import annotations

import copy

import pytest

from a2k_settings_gui.core.domain.record_finding import DnsRecord, DomainFinding
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.kit.record import FrozenInstanceError, field, record, replace
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.result import StepRecord, TestMode, TestSendResult


def test_fields_take_positions_names_and_defaults():
    finding = Finding("smtp_auth_failed", "error", "The password was refused")
    assert (finding.code, finding.severity, finding.message, finding.fix) == (
        "smtp_auth_failed", "error", "The password was refused", "")
    assert Finding(code="x", severity="info", message="m", fix="f").fix == "f"
    assert repr(Finding("x", "info", "m")) == (
        "Finding(code='x', severity='info', message='m', fix='')")


def test_wrong_arguments_fail_as_a_dataclass_does():
    with pytest.raises(TypeError, match="missing required argument"):
        Finding("x", "info")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Finding("x", "info", "m", colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for argument 'code'"):
        Finding("x", "info", "m", code="y")  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional arguments"):
        Finding("x", "info", "m", "f", "extra")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unknown severity"):  # __post_init__ runs
        Finding("x", "fatal", "m")  # type: ignore[arg-type]


def test_a_field_without_default_may_not_follow_one():
    with pytest.raises(TypeError, match="non-default argument 'b'"):
        @record
        class Broken:
            a: int = 1
            b: int


def test_frozen_values_cannot_change_and_hash_by_their_fields():
    finding = Finding("x", "info", "m")
    with pytest.raises(FrozenInstanceError):
        finding.message = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):  # FrozenInstanceError is one, as in dataclasses
        del finding.fix
    assert finding == Finding("x", "info", "m")
    assert finding != Finding("x", "info", "m", "fix")
    assert len({finding, Finding("x", "info", "m")}) == 1
    assert finding != ("x", "info", "m", "")  # another type is never equal


def test_mutable_records_change_and_are_not_hashable():
    step = StepRecord("auth")
    step.status = "ok"
    assert step == StepRecord("auth", "ok")
    with pytest.raises(TypeError):
        hash(step)


def test_each_instance_gets_its_own_default_list():
    one = TestSendResult("smtp.example.com", 587, Security.STARTTLS, TestMode.SEND)
    two = TestSendResult("smtp.example.com", 587, Security.STARTTLS, TestMode.SEND)
    one.transcript.append("C: EHLO")
    assert two.transcript == []
    assert "transcript" not in vars(TestSendResult)  # no shared class-level list


def test_a_field_left_out_of_comparison():
    # The settings' unknown keys ride along but do not make two setups differ.
    plain = EmailSettings(sender_email="a@example.com")
    with_extra = EmailSettings(sender_email="a@example.com", extra={"future_key": 1})
    assert plain == with_extra
    assert hash(plain) == hash(with_extra)
    assert with_extra.extra == {"future_key": 1}
    assert plain.extra == {} and plain.extra is not EmailSettings().extra


def test_replace_copies_with_changes():
    settings = EmailSettings(sender_email="a@example.com", smtp_host="smtp.example.com")
    moved = settings.replace(port=2525)
    assert (moved.port, moved.smtp_host, settings.port) == (2525, "smtp.example.com", None)
    assert replace(Finding("x", "info", "m"), fix="f") == Finding("x", "info", "m", "f")
    with pytest.raises(TypeError, match="no field"):
        replace(Finding("x", "info", "m"), colour="red")


def test_a_subclass_adds_its_fields_after_the_base_ones():
    found = DomainFinding("spf_missing", "error", "No SPF record", "Add one",
                          DnsRecord("example.com", "TXT", "v=spf1 -all"))
    assert found.record == DnsRecord("example.com", "TXT", "v=spf1 -all")
    assert found.to_dict()["record"]["value"] == "v=spf1 -all"
    assert DomainFinding("a", "info", "m") != Finding("a", "info", "m")
    assert replace(found, fix="other").record is found.record


def test_copies_are_independent():
    @record
    class Counter:
        limit: int = 3
        seen: list[int] = field(default_factory=list)

    counter = Counter()
    counter.seen.append(1)
    deep = copy.deepcopy(counter)
    deep.seen.append(2)
    assert counter.seen == [1] and deep.seen == [1, 2]
    assert copy.copy(Finding("x", "info", "m")) == Finding("x", "info", "m")
