"""The sending plan's arithmetic and warnings."""

from __future__ import annotations

from a2k_settings_gui.core.providers import Limits, provider_by_id
from a2k_settings_gui.core.sending_plan import (
    format_duration,
    peak_per_minute,
    plan_sending,
    recommended_control,
    settings_within_minute_limit,
)

GMAIL = provider_by_id("gmail")
M365 = provider_by_id("microsoft365")


def test_issue_example_gmail_daily_limit():
    plan = plan_sending(1200, 100, 10, limits=GMAIL.limits, provider_name=GMAIL.name,
                        noun="e-statements")
    assert plan.batches == 12
    assert plan.total_seconds == 110  # 11 pauses of 10 s
    assert plan.headline == ("1,200 e-statements at 100 per batch every 10 s take about "
                             "2 minutes (12 batches), but exceed Gmail's 500 per day.")
    daily = next(f for f in plan.findings if f.code == "exceeds_daily_limit")
    assert daily.severity == "warning" and "3 days" in daily.fix
    assert plan.days_needed == 3 and not plan.ok


def test_issue_example_microsoft_per_minute_throttle():
    plan = plan_sending(1200, 100, 10, limits=M365.limits, provider_name=M365.name)
    assert plan.peak_per_minute == 600
    minute = next(f for f in plan.findings if f.code == "exceeds_minute_limit")
    assert "more than 30 per minute is throttled by Microsoft 365" in minute.message
    assert minute.fix == "Set Maximum Mails per Batch to 30 and Batch Interval to 60 seconds."
    assert not any(f.code == "exceeds_daily_limit" for f in plan.findings)


def test_plan_within_limits_is_ok():
    plan = plan_sending(300, 30, 60, limits=M365.limits, provider_name=M365.name)
    assert plan.ok and plan.batches == 10 and plan.total_seconds == 540
    assert plan.lines() == [plan.headline]


def test_peak_per_minute_counts_batch_starts_inside_a_minute():
    assert peak_per_minute(1000, 50, 10) == 300
    assert peak_per_minute(1000, 50, 60) == 50
    assert peak_per_minute(1000, 50, 61) == 50
    assert peak_per_minute(120, 50, 0) == 120
    assert peak_per_minute(40, 50, 5) == 40
    assert peak_per_minute(0, 50, 5) == 0


def test_settings_within_minute_limit():
    assert settings_within_minute_limit(100, 30) == (30, 60)
    assert settings_within_minute_limit(10, 30) == (10, 20)
    size, interval = settings_within_minute_limit(7, 60)
    assert peak_per_minute(10_000, size, interval) <= 60


def test_recommended_control_respects_the_provider_limits():
    assert recommended_control(None) == (50, 10)
    size, interval = recommended_control(M365)
    assert peak_per_minute(10_000, size, interval) <= 30
    assert recommended_control(GMAIL) == (20, 60)


def test_zero_interval_and_long_runs_are_flagged():
    plan = plan_sending(50_000, 10, 0, limits=Limits())
    assert "no_pause_between_batches" in {f.code for f in plan.findings}
    slow = plan_sending(10_000, 1, 10)
    assert "long_run" in {f.code for f in slow.findings}
    assert slow.ok  # info only


def test_format_duration():
    assert format_duration(0) == "a few seconds"
    assert format_duration(45) == "about 45 seconds"
    assert format_duration(110) == "about 2 minutes"
    assert format_duration(60) == "about 1 minute"
    assert format_duration(3 * 3600 + 1700) == "about 3.5 hours"
    assert format_duration(5 * 86400) == "about 5 days"


def test_nothing_to_send_and_to_dict():
    plan = plan_sending(0, 50, 10)
    assert plan.batches == 0 and plan.headline == "Nothing to send."
    data = plan.to_dict()
    assert data["batches"] == 0 and data["findings"] == []


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(mails=st.integers(0, 100_000), size=st.integers(1, 10_000),
       interval=st.integers(0, 86_400), per_minute=st.integers(1, 1000))
def test_plan_invariants(mails, size, interval, per_minute):
    plan = plan_sending(mails, size, interval, limits=Limits(per_minute=per_minute))
    assert plan.batches * size >= mails > (plan.batches - 1) * size or mails == 0
    assert 0 <= plan.peak_per_minute <= mails
    suggested_size, suggested_interval = settings_within_minute_limit(size, per_minute)
    assert peak_per_minute(mails, suggested_size, suggested_interval) <= per_minute
    flagged = any(f.code == "exceeds_minute_limit" for f in plan.findings)
    assert flagged == (plan.peak_per_minute > per_minute)
