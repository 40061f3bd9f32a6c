"""What a test-send reports: the result object, its steps and its progress events.

`TestSendResult.to_dict()` is the `test-send` JSON of docs/DESIGN.md (ok, server, stage, reply,
tls, auth_mechanisms, transcript, elapsed_ms, findings) plus `mode`, `steps` (what the UI
shows as ticks and crosses with times), `attempts` and `security_detected` (what Security
"Auto" found, so the UI can offer to save it).
"""

from __future__ import annotations

from enum import Enum

from a2k_settings_gui.core.findings import Finding, has_errors
from a2k_settings_gui.core.kit.record import field, record
from a2k_settings_gui.core.settings import Security
from a2k_settings_gui.core.smtp.session import Reply, TlsInfo

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Seconds per step, as the CLI's --timeout help says; slow corporate networks need > 10.
DEFAULT_TIMEOUT = 15.0


class TestMode(str, Enum):
    CONNECT = "connect"  # stop once DATA is accepted (354); nothing is delivered
    SEND = "send"  # deliver a real test message
    # Log in, then QUIT: never MAIL FROM, so nothing can be sent (the health watch's daily
    # re-check must not put a message into anyone's mailbox or the provider's quota).
    LOGIN = "login"

    __test__ = False  # not a pytest test class, despite the name

    @property
    def label(self) -> str:
        return {TestMode.CONNECT: "Connection test", TestMode.SEND: "Send a test e-mail",
                TestMode.LOGIN: "Login check"}[self]


STEP_LABELS: dict[str, str] = {
    "resolve": "Find the server",
    "connect": "Connect",
    "tls": "Encrypt (SSL/TLS)",
    "greeting": "Server greeting",
    "ehlo": "Introduce (EHLO)",
    "starttls": "Encrypt (STARTTLS)",
    "auth": "Log in",
    "mail_from": "Sender accepted",
    "rcpt_to": "Recipient accepted",
    "data": "Message accepted",
    "quit": "Close",
}


def planned_steps(security: Security, mode: TestMode) -> list[str]:
    """The steps a run will go through, in order, so the UI can list them up front."""
    steps = ["resolve", "connect"]
    if security is Security.SSL:
        steps.append("tls")
    steps += ["greeting", "ehlo"]
    if security in (Security.STARTTLS, Security.AUTO):
        steps.append("starttls")
    steps.append("auth")
    if mode is TestMode.LOGIN:
        return steps + ["quit"]
    steps += ["mail_from", "rcpt_to", "data"]
    if mode is TestMode.SEND:
        steps.append("quit")
    return steps


@record
class StepRecord:
    name: str
    status: str = "running"  # running | ok | failed | skipped
    elapsed_ms: int = 0
    detail: str = ""

    @property
    def label(self) -> str:
        return STEP_LABELS.get(self.name, self.name)

    def copy(self) -> StepRecord:
        # Cheaper than record.replace: this runs twice per step on the hot path.
        return StepRecord(self.name, self.status, self.elapsed_ms, self.detail)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "status": self.status,
                "elapsed_ms": self.elapsed_ms, "detail": self.detail}


# Progress events, passed to the `progress` callback from the worker thread.
@record(frozen=True)
class AttemptStarted:
    number: int
    security: Security
    port: int


@record(frozen=True)
class StepChanged:
    step: StepRecord  # a copy; safe to keep


@record(frozen=True)
class TranscriptAdded:
    line: str


@record
class TestSendResult:
    host: str
    port: int
    security: Security
    mode: TestMode
    stage: str = "resolve"
    reply: Reply | None = None
    tls: TlsInfo | None = None
    auth_mechanisms: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    elapsed_ms: int = 0
    findings: list[Finding] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)
    security_detected: Security | None = None
    round_trips: int = 0

    __test__ = False

    @property
    def ok(self) -> bool:
        return self.stage == "done" and not has_errors(self.findings)

    @property
    def problem(self) -> Finding | None:
        """The finding to show first: the first error, else the first warning."""
        for severity in ("error", "warning"):
            for finding in self.findings:
                if finding.severity == severity:
                    return finding
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "mode": self.mode.value,
            "server": {"host": self.host, "port": self.port, "security": self.security.value},
            "stage": self.stage,
            "reply": self.reply.to_dict() if self.reply else None,
            "tls": self.tls.to_dict() if self.tls else None,
            "auth_mechanisms": list(self.auth_mechanisms),
            "transcript": list(self.transcript),
            "elapsed_ms": self.elapsed_ms,
            "findings": [f.to_dict() for f in self.findings],
            "steps": [s.to_dict() for s in self.steps],
            "attempts": list(self.attempts),
            "security_detected": self.security_detected.value if self.security_detected else None,
            "round_trips": self.round_trips,
        }
