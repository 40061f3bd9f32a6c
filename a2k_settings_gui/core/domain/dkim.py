"""DKIM: probe selectors concurrently, follow CNAMEs, read the key type and size.

Selectors cannot be listed from DNS, so this is best effort: the sending provider's own
selectors first, then the ones common checkers try, then whatever the admin typed. The
report always says how many were tried, so "not found" is read as "not found among
these", not "this domain has no DKIM".

Key size comes from a small DER walk of the p= value (SubjectPublicKeyInfo or a bare
PKCS#1 RSAPublicKey), so the check needs no crypto library at run time.
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
    """DKIM/DMARC tag=value; list -> dict (first wins, names lower-case)."""
    tags: dict[str, str] = {}
    for part in record.split(";"):
        name, sep, value = part.partition("=")
        if sep and name.strip():
            tags.setdefault(name.strip().lower(), "".join(value.split()))
    return tags


def _der_item(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER item at pos."""
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated DER")
    return tag, pos, pos + length


def rsa_key_bits(der: bytes) -> int:
    """Modulus size of an RSA public key in SubjectPublicKeyInfo or PKCS#1 form."""
    tag, start, end = _der_item(der, 0)
    if tag != 0x30:
        raise ValueError("not a DER sequence")
    first_tag, first_start, first_end = _der_item(der, start)
    if first_tag == 0x02:  # PKCS#1 RSAPublicKey: SEQUENCE { modulus INTEGER, exponent }
        modulus = der[first_start:first_end]
    elif first_tag == 0x30:  # SPKI: SEQUENCE { algorithm, BIT STRING { RSAPublicKey } }
        bit_tag, bit_start, bit_end = _der_item(der, first_end)
        if bit_tag != 0x03:
            raise ValueError("no key bit string")
        return rsa_key_bits(der[bit_start + 1 : bit_end])  # skip the unused-bits byte
    else:
        raise ValueError("unknown key structure")
    return len(modulus.lstrip(b"\x00")) * 8 - _leading_zero_bits(modulus.lstrip(b"\x00"))


def _leading_zero_bits(data: bytes) -> int:
    return 8 - data[0].bit_length() if data else 0


def read_key(selector: str, name: str, record: str, cname_target: str = "") -> DkimKey:
    tags = parse_tags(record)
    key_type = (tags.get("k") or "rsa").lower()
    p = tags.get("p", "")
    if not p:
        return DkimKey(selector, name, record, key_type, None, True, cname_target)
    try:
        der = base64.b64decode(p, validate=True)
    except (binascii.Error, ValueError):
        return DkimKey(selector, name, record, key_type, None, False, cname_target,
                       "the p= value is not valid base64")
    if key_type == "ed25519":
        bits = 256 if len(der) == 32 else None
        problem = "" if bits else "an ed25519 key must be 32 bytes"
        return DkimKey(selector, name, record, key_type, bits, False, cname_target, problem)
    try:
        bits = rsa_key_bits(der)
    except (ValueError, IndexError):
        return DkimKey(selector, name, record, key_type, None, False, cname_target,
                       "the p= value is not a readable RSA public key")
    return DkimKey(selector, name, record, key_type, bits, False, cname_target)


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
