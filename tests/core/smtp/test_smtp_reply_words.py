"""Replies no phrase rule names, read by the word model (core/smtp/reply_words.py).

The replies below are real, each with its source in tests/data/replies/ (the file named
beside it); no phrase rule matches them, and the enhanced code or the step alone pointed
to the wrong cause before the model read their words.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from a2k_settings_gui.core.resources import resource_path
from a2k_settings_gui.core.smtp import reply_generic, reply_words, replies
from tests.core.smtp.test_smtp_reply_verdicts import read

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("stage", "raw", "want"), [
    # held_out_round6.yml, github.com/open-falcon/mail-provider/issues/27
    ("rcpt_to", "550 domain of forward path is not allowed", "relay_denied"),
    # held_out_round6.yml, github.com/metomi/rose/issues/946 (Sendmail)
    ("mail_from", "553 5.5.4 <sender>... Domain name required for sender address sender",
     "sender_address_invalid"),
    # held_out_round7.yml, eomatica.gal help page
    ("rcpt_to", "550 Requested action not taken: mailbox unavailable or is not local",
     "relay_denied"),
    # held_out_round5.yml, nic.ru help page
    ("greeting", "451 Please try another server", "temporary_failure"),
])
def test_a_reply_no_rule_names_is_read_by_its_words(stage, raw, want):
    finding = read(stage, raw)
    assert finding.code == want
    assert finding.fix  # the rules' own fix for that cause, not an empty one


def test_the_words_keep_the_rules_more_specific_message_for_the_same_cause():
    # The model also says server_rejected; the rules' protocol-error words stay.
    finding = read("data", "554 5.5.1 Error: no valid recipients")
    assert finding.code == "server_rejected"
    assert "protocol error" in finding.message


@pytest.mark.parametrize(("stage", "raw"), [
    ("rcpt_to", "550 Please try again later, we are busy right now"),
    # The model alone would say temporary_failure here.
    ("data", "554 Temporary local problem, try again in a while"),
    ("greeting", "554 too many connections, come back later"),
])
def test_the_model_never_calls_a_permanent_reply_temporary(stage, raw):
    assert read(stage, raw).code not in ("temporary_failure", "server_busy")


@pytest.mark.parametrize(("stage", "raw"), [
    # The model alone would say server_rejected (a permanent protocol error) here.
    ("mail_from", "421 Bad sequence of commands"),
    ("greeting", "421 Your host is refused, go away"),
])
def test_the_model_never_calls_a_temporary_reply_final(stage, raw):
    assert read(stage, raw).code not in ("server_rejected", "connection_rejected")


def test_features_leave_out_addresses_ips_and_links_but_keep_the_codes():
    tokens = reply_words.features(
        "rcpt_to", 550, "5.1.1",
        "<boss@example.net> from 192.0.2.7 rejected, see https://example.org/x?y=1")
    assert "boss" not in tokens and "192" not in tokens and "example" not in tokens
    assert {"addr", "ipaddr", "url", "stage_rcpt_to", "basic5", "basic550",
            "enh1_1", "enhs1"} <= set(tokens)
    assert "rejected see" in tokens  # word pairs too


def test_every_cause_the_model_knows_has_a_general_diagnosis_or_is_a_provider_rule():
    codes = set(reply_words.model().codes)
    general = reply_generic.general_diagnoses(
        [r.diagnosis for r in replies.REPLY_RULES]
        + [entry[0] for entry in replies.BY_ENHANCED.values()]
        + list(replies.BY_SUBJECT.values()))
    assert codes - set(general) <= reply_generic.PROVIDER_ONLY
    assert set(general) == set(reply_generic.GENERAL_MESSAGE)


def test_the_shipped_model_was_trained_on_the_labelled_replies_as_they_are_now():
    """A changed or added label must be followed by `python tools/train_reply_model.py`."""
    shipped = json.loads(resource_path(reply_words.MODEL_FILE).read_text("utf-8"))
    for name, digest in shipped["training_files"].items():
        assert hashlib.sha256((ROOT / name).read_bytes()).hexdigest() == digest, (
            f"{name} changed after the reply word model was trained: run "
            "tools/train_reply_model.py and reinstall")


def test_a_missing_model_fails_loudly_instead_of_reading_less(monkeypatch):
    monkeypatch.setattr(reply_words, "MODEL_FILE", "no_such_model.json")
    monkeypatch.setattr(reply_words, "_model", None)
    with pytest.raises(FileNotFoundError, match="no_such_model.json"):
        read("rcpt_to", "550 domain of forward path is not allowed")
