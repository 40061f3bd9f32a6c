"""Fill the sample e-statement header (resources/estatement-template.html) with the logo.

The header shows the logo the way the e-statement sends it: an <img> with the chosen
height and width. The preview passes a local image source (the decoded logo held in
memory) so nothing is downloaded again.
"""

from __future__ import annotations

import datetime as _dt
import html
from string import Template

from a2k_settings_gui.core.resources import read_text

TEMPLATE_NAME = "estatement-template.html"


def logo_img_tag(src: str, height: int, width: int, alt: str = "Company logo") -> str:
    return (f'<img src="{html.escape(src, quote=True)}" height="{int(height)}" '
            f'width="{int(width)}" alt="{html.escape(alt, quote=True)}" '
            'style="display: block; border: 0;">')


def render_estatement_header(
    *,
    logo_src: str | None,
    height: int,
    width: int,
    company_name: str = "Your Company Pte Ltd",
    sender: str = "",
    missing_logo_text: str = "",
    today: _dt.date | None = None,
) -> str:
    """The sample e-statement as HTML. `logo_src` None shows `missing_logo_text` instead."""
    today = today or _dt.date.today()
    if logo_src:
        logo_html = logo_img_tag(logo_src, height, width)
    else:
        logo_html = (f'<table cellpadding="6" style="border: 1px dashed #b00020;"><tr><td '
                     f'width="{int(width)}" height="{int(height)}" style="color: #b00020; '
                     f'font-size: 9pt;">{html.escape(missing_logo_text or "No logo")}</td>'
                     '</tr></table>')
    return Template(read_text(TEMPLATE_NAME)).safe_substitute(
        logo_html=logo_html,
        # The logo's column is as wide as the logo: the title beside it keeps the rest and
        # never breaks mid-word ("STATEMENT OF ACCO / UNT" when Qt shared the width).
        logo_cell_width=str(int(width) + 32),
        company_name=html.escape(company_name or "Your Company Pte Ltd"),
        sender=html.escape(sender or "statements@yourcompany.com"),
        statement_date=today.strftime("%d %b %Y"),
        statement_month=today.strftime("%B %Y"),
    )
