"""Authentication-Results parsing: RFC 8601 Appendix B examples and the shapes real
receivers write (sources in tests/data/received/SOURCES.md)."""

from __future__ import annotations

from a2k_settings_gui.core.received.auth_results import parse_auth_results


def methods(value: str) -> list[tuple[str, str]]:
    return [(r.method, r.result) for r in parse_auth_results(value).results]


def test_rfc8601_b2_none_and_version():
    header = parse_auth_results("example.org 1; none")
    assert header.authserv_id == "example.org"
    assert header.results == ()


def test_rfc8601_b3_spf_with_property():
    header = parse_auth_results("example.com; spf=pass smtp.mailfrom=example.net")
    assert header.authserv_id == "example.com"
    assert header.results[0].prop("smtp.mailfrom") == "example.net"


def test_rfc8601_b6_two_dkim_results_with_reasons():
    header = parse_auth_results(
        'example.com; dkim=pass reason="good signature" header.i=@mail-router.example.net; '
        'dkim=fail reason="bad signature" header.i=@newyork.example.com')
    assert [(r.result, r.reason) for r in header.results] == [
        ("pass", "good signature"), ("fail", "bad signature")]
    assert header.results[1].prop("header.i") == "@newyork.example.com"


def test_gmail_policy_comes_from_the_comment():
    header = parse_auth_results(
        "mx.google.com; dkim=pass header.i=@amazonses.com header.s=gdwg2 header.b=FxxfSHRK; "
        "spf=pass (google.com: domain of x@amazonses.com designates 54.240.27.116 as "
        "permitted sender) smtp.mailfrom=x@amazonses.com; "
        "dmarc=fail (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com")
    dmarc = header.results[2]
    assert dmarc.policy == {"p": "none", "sp": "quarantine", "dis": "none"}
    assert not header.lenient


def test_microsoft_without_authserv_id_keeps_action_and_compauth_reason():
    header = parse_auth_results(
        "spf=pass (sender IP is 2607:f8b0:4864:20::1129) smtp.mailfrom=gmail.com; dkim=pass "
        "(signature was verified) header.d=gmail.com;dmarc=pass action=none "
        "header.from=gmail.com;compauth=pass reason=100")
    assert header.authserv_id is None
    assert methods(header.raw) == [("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass"),
                                   ("compauth", "pass")]
    assert header.results[2].action == "none"
    assert header.results[3].reason == "100"
    assert not header.lenient


def test_microsoft_older_stamp_repeats_the_receiving_domain():
    # Microsoft's "Anti-spam message headers" documents this shape: "; contoso.com;"
    header = parse_auth_results(
        "spf=none (sender IP is 10.2.3.4) smtp.mailfrom=fabrikam.com; contoso.com; dkim=none "
        "(message not signed) header.d=none; contoso.com; dmarc=none action=none "
        "header.from=fabrikam.com; compauth=fail reason=001")
    assert methods(header.raw) == [("spf", "none"), ("dkim", "none"), ("dmarc", "none"),
                                   ("compauth", "fail")]


def test_yahoo_policy_without_space_and_trailing_semicolon():
    header = parse_auth_results(
        "atlas-production.v2-mail-prod1-gq1.omega.yahoo.com; dkim=pass header.i=@gmail.com "
        "header.s=20230601 arc_overridden_status=NOT_OVERRIDDEN; spf=pass "
        "smtp.mailfrom=gmail.com arc_overridden_status=NOT_OVERRIDDEN; "
        "dmarc=pass(p=NONE,sp=QUARANTINE) header.from=gmail.com "
        "arc_overridden_status=NOT_OVERRIDDEN;")
    assert methods(header.raw) == [("dkim", "pass"), ("spf", "pass"), ("dmarc", "pass")]
    assert header.results[2].policy == {"p": "none", "sp": "quarantine"}


def test_garbage_falls_back_to_the_lenient_reader_without_raising():
    header = parse_auth_results("mx.example; spf=pass smtp.mailfrom=a.example; dkim=\x00??? ")
    assert header.lenient
    assert ("spf", "pass") in [(r.method, r.result) for r in header.results]
