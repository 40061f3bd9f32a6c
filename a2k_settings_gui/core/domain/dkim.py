"""DKIM: probe selectors concurrently, follow CNAMEs, read the key type and size.

Selectors cannot be listed from DNS, so this is best effort: the sending provider's own
selectors first, then the ones common checkers try, then whatever the admin typed. The
report always says how many were tried, so "not found" is read as "not found among
these", not "this domain has no DKIM".

A key record is read the way a verifier reads it: dkimpy's tag-list parser (RFC 6376
§3.2: a tag given twice makes the whole record invalid, whitespace and folding around
tags and values are allowed) and its RSA key parser (SubjectPublicKeyInfo or a bare PKCS#1
RSAPublicKey). An empty p= is a revoked key (§3.6.1); a k= other than rsa or ed25519 is a
key type verifiers do not know, so they cannot use the record.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from a2k_settings_gui.core.net.dns import DnsAnswer

Lookup = Callable[[str, str], DnsAnswer]


@dataclass(frozen=True)
class DkimKey:
    selector: str
    name: str  # <selector>._domainkey.<domain>
    record: str
    key_type: str  # rsa, ed25519, or what k= says
    bits: int | None  # None when the key could not be read
    revoked: bool  # p= is empty
    cname_target: str = ""  # where a CNAME led, "" when the TXT is at the name itself
    problem: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "selector": self.selector,
            "name": self.name,
            "record": self.record,
            "key_type": self.key_type,
            "bits": self.bits,
            "revoked": self.revoked,
            "cname_target": self.cname_target or None,
            "problem": self.problem or None,
        }


@dataclass(frozen=True)
class DkimResult:
    selectors_checked: tuple[str, ...]
    found: tuple[DkimKey, ...]
    dns_failures: tuple[DnsAnswer, ...]


def parse_tags(record: str) -> dict[str, str]:
    """A lenient tag=value list -> dict (first wins, names lower-case): DMARC records
    (RFC 9989 has no duplicate-tag rule) and telling a DKIM record from other TXT text."""
    tags: dict[str, str] = {}
    for part in record.split(";"):
        name, sep, value = part.partition("=")
        if sep and name.strip():
            tags.setdefault(name.strip().lower(), "".join(value.split()))
    return tags


KNOWN_KEY_TYPES = ("rsa", "ed25519")


def record_tags(record: str) -> dict[str, str]:
    """The tags of a DKIM key record by dkimpy's parser (whitespace inside values
    removed). Raises ValueError naming the problem: a tag given twice, or
    text that is not a tag=value list."""
    from dkim.util import DuplicateTag, InvalidTagValueList, parse_tag_value

    unfolded = " ".join(record.replace("\r\n", " ").split())
    try:
        parsed = parse_tag_value(unfolded.encode("utf-8"))
    except DuplicateTag as exc:
        name = exc.args[0].decode("ascii", "replace") if exc.args else "?"
        raise ValueError(f"the tag {name}= appears twice, which makes the record invalid "
                         "(RFC 6376 §3.2), so receivers ignore it") from None
    except InvalidTagValueList as exc:
        part = exc.args[0].decode("ascii", "replace") if exc.args else ""
        raise ValueError(f"'{part.strip()}' is not a tag=value pair (RFC 6376 §3.2)") from None
    # Tag names are case-sensitive (RFC 6376 §3.2): "K=" is an unknown tag, not k=.
    return {k.decode("ascii", "replace"): "".join(v.decode("utf-8", "replace").split())
            for k, v in parsed.items()}


def read_key(selector: str, name: str, record: str, cname_target: str = "") -> DkimKey:
    try:
        tags = record_tags(record)
    except ValueError as exc:
        return DkimKey(selector, name, record, "", None, False, cname_target, str(exc))
    key_type = (tags.get("k") or "rsa").lower()
    p = tags.get("p", "")
    if not p:
        return DkimKey(selector, name, record, key_type, None, True, cname_target)
    if key_type not in KNOWN_KEY_TYPES:
        return DkimKey(selector, name, record, key_type, None, False, cname_target,
                       f"k={key_type} is not a key type receivers know (rsa or ed25519), so "
                       "they cannot use this key")
    try:
        der = base64.b64decode(p, validate=True)
    except (binascii.Error, ValueError):
        return DkimKey(selector, name, record, key_type, None, False, cname_target,
                       "the p= value is not valid base64")
    if key_type == "ed25519":
        bits = 256 if len(der) == 32 else None
        problem = "" if bits else "an ed25519 key must be 32 bytes"
        return DkimKey(selector, name, record, key_type, bits, False, cname_target, problem)
    from dkim.crypto import UnparsableKeyError, parse_public_key

    try:
        modulus = parse_public_key(der)["modulus"]
    except (UnparsableKeyError, KeyError, IndexError, TypeError, ValueError):
        return DkimKey(selector, name, record, key_type, None, False, cname_target,
                       "the p= value is not a readable RSA public key")
    return DkimKey(selector, name, record, key_type, modulus.bit_length(), False,
                   cname_target)


def _looks_like_dkim(text: str) -> bool:
    tags = parse_tags(text)
    return "p" in tags and tags.get("v", "DKIM1").upper() == "DKIM1"


def probe(
    lookup: Lookup,
    domain: str,
    selectors: Iterable[str],
    pool: ThreadPoolExecutor | None = None,
) -> DkimResult:
    """Ask <selector>._domainkey.<domain> TXT for every selector at once."""
    unique = tuple(dict.fromkeys(s.strip().lower() for s in selectors if s.strip()))
    names = [f"{s}._domainkey.{domain}" for s in unique]
    own_pool = pool is None
    pool = pool or ThreadPoolExecutor(max_workers=16)
    try:
        answers = list(pool.map(lambda n: lookup(n, "TXT"), names))
    finally:
        if own_pool:
            pool.shutdown(wait=False)
    found, failures = [], []
    for selector, name, answer in zip(unique, names, answers, strict=True):
        if answer.failed:
            failures.append(answer)
            continue
        records = [t for t in answer.texts() if _looks_like_dkim(t)]
        if not records:
            continue
        target = answer.canonical_name if answer.canonical_name not in ("", name) else ""
        found.append(read_key(selector, name, records[0], target))
    return DkimResult(unique, tuple(found), tuple(failures))
