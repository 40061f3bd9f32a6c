"""The sample e-statement header carries the logo at the chosen size, escaped safely."""

from __future__ import annotations

import datetime as dt

from a2k_settings_gui.core.logo.template import render_estatement_header


def test_logo_is_sent_with_the_chosen_height_and_width():
    page = render_estatement_header(logo_src="https://example.com/logo.png?a=1&b=2",
                                    height=60, width=200, sender="Acme <s@acme.test>",
                                    today=dt.date(2026, 3, 31))
    assert '<img src="https://example.com/logo.png?a=1&amp;b=2" height="60" width="200"' in page
    assert "Acme &lt;s@acme.test&gt;" in page
    assert "31 Mar 2026" in page and "March 2026" in page
    assert "$" + "logo_html" not in page


def test_missing_logo_shows_the_reason_in_its_place():
    page = render_estatement_header(logo_src=None, height=60, width=200,
                                    missing_logo_text="Blocked: <hotlink>")
    assert "<img" not in page
    assert "Blocked: &lt;hotlink&gt;" in page
