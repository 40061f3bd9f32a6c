"""One health run: every check side by side inside one time budget, nothing sent.

    run = run_health(settings, password, timeout=20, cancel=token, progress=callback)
    run.ok, run.checks, run.to_dict()

The checks run on a thread pool at the same time, so a run takes about as long as its
slowest check. When the budget is used up, the checks still running are cancelled and
reported as `check_timed_out`; a cancel from the caller raises Cancelled.

Progress events (from worker threads): CheckStarted(name), CheckFinished(result).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timezone

from a2k_settings_gui.core.app_log import keep_out_of_log
from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.health import checks
from a2k_settings_gui.core.health.model import (
    CHECK_LABELS,
    CHECK_NAMES,
    CheckResult,
    HealthRun,
    status_of,
)
from a2k_settings_gui.core.health.provider import provider_check
from a2k_settings_gui.core.settings import EmailSettings

DEFAULT_TIMEOUT = 20.0
# Time the pool gets after the budget to hand back what the cancelled checks return.
_GRACE = 1.0
# Seconds of the budget kept back from each check for gathering the results.
_MARGIN = 1.0


@dataclass(frozen=True)
class CheckStarted:
    name: str


@dataclass(frozen=True)
class CheckFinished:
    result: CheckResult


def run_health(
    settings: EmailSettings,
    password: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: CancelToken | None = None,
    progress: Callable[[object], None] | None = None,
    now: datetime | None = None,
) -> HealthRun:
    """Run every check of the saved settings; never sends, never prints, never hangs."""
    cancel = cancel or CancelToken()
    report = progress or (lambda _event: None)
    now = now or datetime.now(timezone.utc)
    keep_out_of_log(password, settings.effective_login)
    started = time.monotonic()
    deadline = started + timeout
    # One token for the checks: the caller's cancel and the end of the budget both stop them.
    inner = CancelToken()
    unregister = cancel.on_cancel(inner.cancel)
    results: dict[str, CheckResult] = {}

    def timed(name: str, fn: Callable[[], CheckResult]) -> CheckResult:
        report(CheckStarted(name))
        begun = time.monotonic()
        result = fn()
        result.elapsed_ms = result.elapsed_ms or round((time.monotonic() - begun) * 1000)
        return result

    # Each check gets the budget less a margin, so that it ends with its own diagnosis
    # (e.g. server_timeout) before the run gives up on it (check_timed_out).
    check_timeout = max(1.0, timeout - _MARGIN) if timeout > _MARGIN + 1 else timeout * 0.8

    def login_pair() -> tuple[CheckResult, CheckResult]:
        report(CheckStarted("login"))
        report(CheckStarted("certificate"))
        return checks.login_and_certificate(settings, password, check_timeout, inner, now)

    def provider() -> CheckResult:
        findings, facts = provider_check(settings, now)
        return CheckResult("provider", status_of(findings), findings, 0, facts)

    pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")
    futures: dict[Future, tuple[str, ...]] = {
        pool.submit(login_pair): ("login", "certificate"),
        pool.submit(timed, "domain", lambda: checks.domain(settings, check_timeout, inner)):
            ("domain",),
        pool.submit(timed, "logo", lambda: checks.logo(settings, check_timeout, inner)):
            ("logo",),
        pool.submit(timed, "provider", provider): ("provider",),
    }
    pending = set(futures)
    try:
        while pending:
            if cancel.cancelled:
                raise Cancelled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            done, pending = wait(pending, timeout=min(remaining, 0.1),
                                 return_when=FIRST_COMPLETED)
            for future in done:
                for result in _results_of(future, futures[future]):
                    results[result.name] = result
                    report(CheckFinished(result))
        if pending:  # the budget is used up: stop the rest and take what they give back
            inner.cancel()
            done, pending = wait(pending, timeout=_GRACE)
            for future in pending:
                for name in futures[future]:
                    results[name] = _timed_out(name, timeout)
                    report(CheckFinished(results[name]))
            for future in done:
                for result in _results_of(future, futures[future]):
                    if result.name not in results:
                        results[result.name] = _timed_out(result.name, timeout)
                        report(CheckFinished(results[result.name]))
        if cancel.cancelled:
            raise Cancelled()
    finally:
        unregister()
        inner.cancel()  # nothing of this run goes on after it returns
        pool.shutdown(wait=False, cancel_futures=True)
    elapsed = round((time.monotonic() - started) * 1000)
    return HealthRun(now, [results[name] for name in CHECK_NAMES], elapsed)


def _results_of(future: Future, names: tuple[str, ...]) -> list[CheckResult]:
    try:
        value = future.result()
    except Cancelled:
        return [_timed_out(name, 0) for name in names]
    except Exception as exc:  # noqa: BLE001 - one check's bug must not lose the others
        return [CheckResult(name, "error", [Finding(
            "internal_error", "error",
            f"The {name} check stopped because of an error in this tool "
            f"({type(exc).__name__}).",
            "Copy the support report and send it to the vendor's support.")])
            for name in names]
    return list(value) if isinstance(value, tuple) else [value]


def _timed_out(name: str, timeout: float) -> CheckResult:
    # A sign-in that does not finish is what A2000ERP would meet too: an error. A slow DNS
    # or logo host is worth a look but says nothing certain.
    severity = "error" if name == "login" else "warning"
    return CheckResult(name, severity, [Finding(
        "check_timed_out", severity,
        f"The {CHECK_LABELS.get(name, name)} check did not finish within the run's "
        f"{timeout:g} seconds.",
        "Check the network; run the health check again, or give it more time with "
        "--timeout.")], round(timeout * 1000))
