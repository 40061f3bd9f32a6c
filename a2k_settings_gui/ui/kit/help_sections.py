"""Where the user guide is and which section explains which window: plain data, no Qt.

The guide is docs/USER-GUIDE.md, copied with its pictures into resources/help/ by
tools/build_help.py. ui/kit/help.py (F1 and the Help buttons) and ui/kit/help_window.py
(the guide window) both read these names; kept apart from both so neither imports the
other for them, and so tests and tools read them without building a widget.
"""

from __future__ import annotations

import re

GUIDE = "help/USER-GUIDE.md"
PRODUCT_NAME = "A2000ERP Email Setting"
MAX_PICTURE_WIDTH = 600

# Window (or wizard page) -> the start of the heading that explains it. Matched by the
# heading's start, so the guide's wording can change without breaking Help.
SECTIONS = {
    "dialog": "3. The Email Setting dialog",
    "network": "Network (only for corporate networks)",
    "test-send": "4. Send Test Email",
    "received": "Did it arrive?",
    "domain": "5. Check Domain",
    "logo": "6. Company logo",
    "sending": "7. Mail Sending Control",
    "health": "7a. Health watch",
    "wizard": "2. First start",
    "welcome_page": "Page 1",
    "sender_page": "Page 2",
    "server_page": "Only when needed",
    "signin_page": "Page 3",
    "test_page": "Page 3",
    "summary_page": "Page 4",
    "domain_page": "Recommended next checks",
    "logo_page": "Recommended next checks",
    "sending_page": "Recommended next checks",
    "troubleshooting": "10. Troubleshooting",
}


def heading_anchor(text: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, each
    space a hyphen ("5. Check Domain" -> "5-check-domain")."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")
