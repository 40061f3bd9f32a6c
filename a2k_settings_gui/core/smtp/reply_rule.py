"""The pieces of the reply catalogue: a Diagnosis (code, severity, words, fix) and a
ReplyRule (when a reply gets that diagnosis). Patterns are compiled once, at import:
classifying a reply stays in the microseconds (benchmarks/bench_reply_diagnosis.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from a2k_settings_gui.core.findings import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from a2k_settings_gui.core.findings import Severity


# A reply's basic code class is never contradicted: a 5xx is never called temporary, and
# a 4xx never gets a finding that says it will not work later.
TEMPORARY_CODES = frozenset({"temporary_failure", "server_busy"})
PERMANENT_ONLY_CODES = frozenset({"server_rejected", "connection_rejected"})


@dataclass(frozen=True)
class Diagnosis:
    code: str
    severity: Severity
    message: str
    fix: str

    def finding(self, **values: str) -> Finding:
        return Finding(
            self.code, self.severity, fill(self.message, values), fill(self.fix, values)
        )


def D(code: str, severity: Severity, message: str, fix: str) -> Diagnosis:  # noqa: N802
    return Diagnosis(code, severity, message, fix)


@dataclass(frozen=True)
class ReplyRule:
    """Every given condition must hold:

    stages    where the reply came (greeting, ehlo, starttls, auth, mail_from, rcpt_to,
              data, message, quit); empty = any
    codes     reply codes (535) or classes ("4xx"); empty = any
    enhanced  regex on the enhanced status code ("5.7.8"), full match
    text      regex searched in the reply text, case-insensitive
    host      regex searched in the SMTP host name (provider-specific advice)
    """

    diagnosis: Diagnosis
    stages: tuple[str, ...] = ()
    codes: tuple[int | str, ...] = ()
    enhanced: str = ""
    text: str = ""
    host: str = ""
    _enhanced_re: re.Pattern[str] | None = field(default=None, init=False, repr=False,
                                                 compare=False)
    _text_re: re.Pattern[str] | None = field(default=None, init=False, repr=False,
                                             compare=False)
    _host_re: re.Pattern[str] | None = field(default=None, init=False, repr=False,
                                             compare=False)
    _exact: frozenset[int] = field(default=frozenset(), init=False, repr=False,
                                   compare=False)
    _classes: frozenset[int] = field(default=frozenset(), init=False, repr=False,
                                     compare=False)
    _gate: tuple[str, ...] | None = field(default=None, init=False, repr=False,
                                          compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_enhanced_re", re.compile(self.enhanced) if self.enhanced else None)
        set_(self, "_text_re", _compile_lowercase(self.text) if self.text else None)
        set_(self, "_host_re", re.compile(self.host, re.IGNORECASE) if self.host else None)
        set_(self, "_exact", frozenset(c for c in self.codes if isinstance(c, int)))
        # "4xx" -> 4: the class is compared as code // 100, not through str() (a reply
        # passes dozens of rules, and the conversion was a tenth of the time per rule).
        set_(self, "_classes", frozenset(int(c[0]) for c in self.codes if isinstance(c, str)))
        set_(self, "_gate", literal_gate(self._text_re) if self._text_re else None)

    def matches(self, stage: str, code: int, enhanced: str, text: str, host: str) -> bool:
        """`text` must be lower-cased by the caller (once per reply, not once per rule)."""
        if self.stages and stage not in self.stages:
            return False
        if self.codes and code not in self._exact and code // 100 not in self._classes:
            return False
        if self._enhanced_re is not None and not self._enhanced_re.fullmatch(enhanced or ""):
            return False
        if self._gate is not None and not any(word in text for word in self._gate):
            return False
        if self._text_re is not None and not self._text_re.search(text):
            return False
        return not (self._host_re is not None and not self._host_re.search(host))


def _compile_lowercase(pattern: str) -> re.Pattern[str]:
    """Patterns are matched against lower-cased text: a lower-case pattern without
    IGNORECASE lets the regex engine use its fast literal scans (3-4x faster here)."""
    if re.search(r"\\[A-Z]", pattern):  # \S, \W … would change meaning if lowered
        return re.compile(pattern, re.IGNORECASE)
    return re.compile(pattern.lower())


# Leading words are not spelled out further than this many combinations (a gate of too
# many words costs more substring tests than it saves).
GATE_WORDS = 48
GATE_LENGTH = 12


def literal_gate(compiled: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of `compiled` starts with, or None.

    A cause is a long alternation ("reverse dns|cannot find your hostname|…"), and the
    regex engine tries every alternative at every position of the reply. Testing first
    that one of the alternatives' leading words occurs at all (plain substring tests)
    skips that work for replies about something else. None when some alternative starts
    with no literal (a digit class, a wildcard): then the regex alone decides. The gate
    never changes a result; it only skips searches that cannot match.
    """
    if compiled.flags & re.IGNORECASE:
        return None
    try:
        from re import _constants, _parser  # the stdlib's own parser (Python >= 3.11)
        found = _leading(_parser.parse(compiled.pattern).data, _constants)
    except Exception:  # noqa: BLE001 - an older Python or an unforeseen construct: no gate
        return None
    if found is None or min(map(len, found[0])) < 2:
        return None
    # Shorter words are as good a test and fewer: "account closed" is covered by "account".
    words = {word[:GATE_LENGTH] for word in found[0]}
    return tuple(sorted(word for word in words
                        if not any(other != word and other in word for other in words)))


def _leading(items, c) -> tuple[set[str], bool] | None:  # noqa: ANN001 - sre parse tree
    """(the possible leading literal strings of `items`, whether they span all of it)."""
    words = {""}
    for op, av in items:
        if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
            continue  # \b, ^ and look-arounds match no characters: the literals after count
        if op is c.LITERAL:
            words = {word + chr(av) for word in words}
            continue
        part = None
        if op is c.SUBPATTERN:
            part = _leading(av[3].data, c)
        elif op is c.BRANCH:
            parts = [_leading(alternative.data, c) for alternative in av[1]]
            if all(found is not None for found in parts):
                part = (set().union(*(found[0] for found in parts)),
                        all(found[1] for found in parts))
        elif op is c.MAX_REPEAT and av[0] == 0 and av[1] == 1:  # x? : with or without x
            inner = _leading(av[2].data if hasattr(av[2], "data") else av[2], c)
            if inner is not None and inner[1]:
                part = (inner[0] | {""}, True)
        if part is None or (words != {""} and len(words) * len(part[0]) > GATE_WORDS):
            return (words, False) if "" not in words else None
        words = {word + more for word in words for more in part[0]}
        if not part[1]:
            return (words, False) if "" not in words else None
    return words, True


class _Default(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(_Default(values))


# Causes that only narrow what an enhanced code says: the words name which credentials
# (Gmail's app password), which mailbox problem or which sender check. Stating such a
# pair as "its code would mean …; the words decide" told the admin of a disagreement that
# is none (5.7.8 "credentials invalid" beside "create an app password").
FINER_CAUSES: dict[str, frozenset[str]] = {
    "auth_failed": frozenset({"app_password_required", "web_login_required",
                              "basic_auth_disabled"}),
    "recipient_rejected": frozenset({"mailbox_full", "mailbox_disabled"}),
    "policy_rejected": frozenset({"spf_rejected", "dmarc_rejected",
                                  "unauthenticated_sender"}),
}


def same_cause(by_code: str, chosen: str) -> bool:
    """True when the cause the words chose is the code's own or a finer form of it."""
    return chosen == by_code or chosen in FINER_CAUSES.get(by_code, ())
