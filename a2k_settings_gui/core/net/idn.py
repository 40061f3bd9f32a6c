"""International domain names: IDNA 2008 with UTS 46 mapping, as mail systems encode them.

`str.encode("idna")` is IDNA 2003: it maps "straße" to "strasse", a different domain, and
refuses names that IDNA 2008 allows. Every place that turns a domain into the ASCII form
(DNS queries, the SMTP host, EHLO, MAIL FROM/RCPT TO, the test message's headers) uses
`to_ascii` instead. ASCII names pass unchanged (lower-cased), so "_dmarc" and other
underscore labels of DNS queries keep working.
"""

from __future__ import annotations


class DomainNameProblem(ValueError):
    """A domain that IDNA 2008 cannot encode (the message names the label and why)."""


def to_ascii(name: str) -> str:
    """ "Straße.test" -> "xn--strae-oqa.test"; raises DomainNameProblem for a bad label."""
    text = name.strip()
    trailing_dot = text.endswith(".") and len(text) > 1
    text = text.rstrip(".")
    if text.isascii():
        return text.lower() + ("." if trailing_dot else "")
    import idna

    try:
        # UTS 46 non-transitional: case folding and the ideographic full stop "。" as a
        # dot, while "ß" and "ς" stay themselves (IDNA 2008), as browsers and mail do.
        mapped = idna.uts46_remap(text, std3_rules=False, transitional=False)
        labels = [label if label.isascii() else idna.alabel(label).decode("ascii")
                  for label in mapped.split(".")]
    except (idna.IDNAError, UnicodeError, ValueError) as exc:
        raise DomainNameProblem(
            f"{name!r} is not a valid international domain name ({exc}); check the "
            "spelling of each part between the dots") from None
    return ".".join(labels).lower() + ("." if trailing_dot else "")


def to_unicode(name: str) -> str:
    """The readable form of an ASCII domain ("xn--strae-oqa.test" -> "straße.test");
    the input unchanged when it cannot be decoded."""
    if "xn--" not in name.lower():
        return name
    import idna

    try:
        return idna.decode(name)
    except (idna.IDNAError, UnicodeError, ValueError):
        return name
