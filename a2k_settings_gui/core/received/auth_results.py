"""Authentication-Results (RFC 8601): which receiver said what about SPF, DKIM and DMARC.

The grammar is parsed by `authres` (the parser behind dkimpy's and authheaders'
Authentication-Results support). Real receivers bend the RFC in three ways that authres
refuses, so each value is first brought into RFC shape here:

* Microsoft 365 / Outlook.com write no authserv-id at all
  (`spf=pass (sender IP is …) smtp.mailfrom=…; dkim=…`), and older stamps repeat the
  receiving domain as a bare `; contoso.com;` segment between methods;
* Yahoo ends the value with a `;`;
* everything authres drops but an admin needs is kept from the raw segment: the comment
  after the result (Gmail's and Yahoo's DMARC policy `(p=REJECT sp=NONE dis=NONE)`),
  Microsoft's `action=` and `compauth … reason=`.

Should authres still refuse a value (a receiver we have not met), a lenient reading of
`method=result` and `ptype.property=value` pairs takes over and the header is marked
`lenient`, so one odd header never hides the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_METHOD_START = re.compile(r"^\s*([A-Za-z][\w-]*)\s*=\s*([A-Za-z][\w-]*)")
_BARE_DOMAIN = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+\s*$")
_COMMENT_AFTER_RESULT = re.compile(r"^\s*[A-Za-z][\w-]*\s*=\s*[\w-]+\s*\(([^)]*)\)")
_POLICY_TAG = re.compile(r"\b(p|sp|dis|pct)\s*=\s*([A-Za-z0-9]+)", re.IGNORECASE)
_PROPERTY = re.compile(r"\b([A-Za-z][\w-]*)\.([A-Za-z][\w-]*)\s*=\s*(\"[^\"]*\"|[^\s;()]+)")
_PLAIN_KEY = re.compile(r"(?<![\w.])(action|reason)\s*=\s*(\"[^\"]*\"|[^\s;()]+)",
                        re.IGNORECASE)
_NO_ID = "authserv-id.invalid"  # stands in for Microsoft's missing authserv-id
# A real Authentication-Results is under 2 KiB (Microsoft's longest about 1 KiB). The
# parser's time grows faster than the length, so a longer value is not parsed at all: it
# cannot be a receiver's verdict and would only cost seconds of CPU.
MAX_VALUE_CHARS = 8 * 1024
MAX_METHODS = 40


@dataclass(frozen=True)
class MethodResult:
    method: str  # spf, dkim, dmarc, compauth, arc, …
    result: str  # pass, fail, softfail, none, …
    properties: dict[str, str] = field(default_factory=dict)  # "smtp.mailfrom" -> value
    reason: str | None = None
    action: str | None = None  # Microsoft's DMARC action (none, oreject, quarantine, …)
    comment: str = ""
    policy: dict[str, str] = field(default_factory=dict)  # DMARC p / sp / dis from comment

    def prop(self, *names: str) -> str | None:
        for name in names:
            value = self.properties.get(name)
            if value:
                return value
        return None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"result": self.result, "properties": dict(self.properties)}
        if self.reason is not None:
            data["reason"] = self.reason
        if self.action is not None:
            data["action"] = self.action
        if self.policy:
            data["policy"] = dict(self.policy)
        if self.comment:
            data["comment"] = self.comment
        return data


@dataclass(frozen=True)
class AuthResultsHeader:
    authserv_id: str | None  # None: the receiver wrote none (Microsoft)
    results: tuple[MethodResult, ...]
    raw: str
    lenient: bool = False  # authres refused it; read with the lenient reader
    too_long: bool = False  # over MAX_VALUE_CHARS: not parsed, never a verdict


def parse_auth_results(value: str) -> AuthResultsHeader:
    if len(value) > MAX_VALUE_CHARS:
        first = value[:200].split(";", 1)[0].strip()
        return AuthResultsHeader(authserv_id=(first.split() or [""])[0][:200] or None,
                                 results=(), raw=value[:200], lenient=True, too_long=True)
    segments = _split_segments(value)[:MAX_METHODS + 1]
    authserv_id: str | None
    if segments and _METHOD_START.match(segments[0]):
        authserv_id, method_segments = None, segments
    else:
        first = segments[0].strip() if segments else ""
        authserv_id = first.split()[0] if first else ""
        method_segments = segments[1:]
    # Microsoft's older stamps repeat the receiving domain between methods; drop those.
    method_segments = [s for s in method_segments if s.strip() and not _BARE_DOMAIN.match(s)
                       and s.strip().lower() != "none"]
    extras = [_extras(segment) for segment in method_segments]
    normalized = "; ".join([authserv_id or _NO_ID, *method_segments]) if method_segments \
        else f"{authserv_id or _NO_ID}; none"
    try:
        results = _with_authres(normalized, extras)
        lenient = False
    except Exception:  # noqa: BLE001 - any refusal falls back to the lenient reader
        results = tuple(_lenient(segment, extra)
                        for segment, extra in zip(method_segments, extras, strict=True)
                        if _METHOD_START.match(segment))
        lenient = True
    return AuthResultsHeader(authserv_id=authserv_id or None, results=results, raw=value,
                             lenient=lenient)


def _with_authres(normalized: str, extras: list[dict[str, object]]) -> tuple[MethodResult, ...]:
    import authres

    parsed = authres.AuthenticationResultsHeader.parse_value(normalized)
    methods = list(parsed.results)
    out = []
    for index, item in enumerate(methods):
        extra = extras[index] if len(extras) == len(methods) else {}
        properties = {f"{p.type}.{p.name}".lower(): _unquote(str(p.value))
                      for p in item.properties}
        out.append(MethodResult(
            method=str(item.method).lower(), result=str(item.result).lower(),
            properties=properties,
            reason=_unquote(str(item.reason)) if item.reason is not None
            else extra.get("reason"),  # type: ignore[arg-type]
            action=extra.get("action"),  # type: ignore[arg-type]
            comment=str(extra.get("comment", "")),
            policy=dict(extra.get("policy", {})),  # type: ignore[call-overload]
        ))
    return tuple(out)


def _lenient(segment: str, extra: dict[str, object]) -> MethodResult:
    match = _METHOD_START.match(segment)
    assert match is not None
    without_comments = re.sub(r"\([^)]*\)", " ", segment)
    properties = {f"{t}.{n}".lower(): _unquote(v) for t, n, v in _PROPERTY.findall(
        without_comments)}
    return MethodResult(
        method=match.group(1).lower(), result=match.group(2).lower(), properties=properties,
        reason=extra.get("reason"),  # type: ignore[arg-type]
        action=extra.get("action"),  # type: ignore[arg-type]
        comment=str(extra.get("comment", "")),
        policy=dict(extra.get("policy", {})),  # type: ignore[call-overload]
    )


def _extras(segment: str) -> dict[str, object]:
    """What authres drops: the comment after the result, DMARC policy, action, reason."""
    extra: dict[str, object] = {}
    comment = _COMMENT_AFTER_RESULT.match(segment)
    if comment:
        extra["comment"] = comment.group(1).strip()
        policy = {k.lower(): v.lower() for k, v in _POLICY_TAG.findall(comment.group(1))}
        if policy:
            extra["policy"] = policy
    without_comments = re.sub(r"\([^)]*\)", " ", segment)
    for key, value in _PLAIN_KEY.findall(without_comments):
        extra[key.lower()] = _unquote(value)
    return extra


def _split_segments(value: str) -> list[str]:
    """Split at ';' outside comments and quoted strings; drop empty trailing segments."""
    segments, current, depth, quoted = [], [], 0, False
    for char in value:
        if quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == ";" and depth == 0:
            segments.append("".join(current))
            current = []
            continue
        current.append(char)
    segments.append("".join(current))
    return [s.strip() for s in segments if s.strip()]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value
