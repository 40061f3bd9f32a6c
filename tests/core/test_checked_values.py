"""A result belongs to the values it checked (core.support.checked with latest.py): real
logo checks against a loopback image host, kept with the URL they fetched."""

from __future__ import annotations

from a2k_settings_gui.core.logo.check import check_logo
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.support.checked import field_verdicts, verdict_for
from a2k_settings_gui.core.support.latest import CheckKind, load_latest, run_and_record
from tests.servers.http_images import ImageHost


def checked_logo(settings_path, url: str, one_off: bool = False) -> None:
    run_and_record(settings_path, CheckKind.CHECK_LOGO,
                   lambda: check_logo(url, height=60, width=200, keep_aspect=True, timeout=10),
                   checked={"logo_url": url}, one_off=one_off)


def test_each_url_keeps_its_own_verdict_and_a_one_off_never_replaces_the_setups(tmp_path):
    settings_path = tmp_path / "email-settings.json"
    with ImageHost() as host:
        blocked, good = host.url("/referer-strict/logo.png"), host.url("/logo.png")
        checked_logo(settings_path, blocked)
        checked_logo(settings_path, good)
        latest = load_latest(settings_path)
        with_blocked = EmailSettings(logo_url=blocked)
        failed = verdict_for(latest, "check_logo", with_blocked)
        assert failed.status == "failed"
        assert failed.reason == "Blocked for every reader (4 of 4)"
        assert verdict_for(latest, "check_logo", EmailSettings(logo_url=good)).status == \
            "passed"
        other = verdict_for(latest, "check_logo", EmailSettings(logo_url=good + "?v=2"))
        assert other.status == "not_checked" and other.earlier
        assert "earlier settings" in other.words

        # A one-off check of another URL is kept, but the setup's latest stays the good one.
        checked_logo(settings_path, host.url("/placeholder/logo.png"), one_off=True)
    latest = load_latest(settings_path)
    assert latest["check_logo"]["checked"] == {"logo_url": good}
    assert latest["others"]["check_logo"][0]["one_off"] is True
    # The hand-over's view: the logo row carries the verdict for its URL only.
    verdicts = field_verdicts(latest, with_blocked.replace(smtp_host="smtp.acme.test"))
    assert verdicts["logo_url"].status == "failed"
    assert verdicts["smtp_host"].status == "not_checked"
    assert "logo_height" not in verdicts
