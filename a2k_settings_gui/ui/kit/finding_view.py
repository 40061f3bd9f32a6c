"""One way to show a finding, in every window.

A finding (core.findings.Finding, or its JSON dict from a report's `to_dict()`) is shown
as: mark and word in the severity's colour, the message, and on the next line the fix
introduced by the one fix word (ui.kit.style.FIX_WORD). Lists are ordered errors first.

- `findings_html()` for rich-text labels (Send Test Email, the logo panel, the wizard),
- `FindingsLabel`, a label that shows a list of findings,
- `FindingCard`, one finding in its own frame, with the DNS record to publish and Copy
  buttons (Check Domain),
- `finding_text()` for plain-text places (the sending plan's warnings),
- `report_lines()` for the copied plain-text reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6 import QtCore
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from a2k_settings_gui.ui.kit.admin_words import linkify, plain_words
from a2k_settings_gui.ui.kit.style import FIX_WORD, MONO_FONT, SEVERITY_ORDER, tone_for


def escape(text: str) -> str:
    """html.escape, imported on first use: the html package loads its table of 2,000
    named entities, which the first paint of a window does not need."""
    from html import escape as html_escape

    return html_escape(text)

def _part(finding: Any, key: str) -> str:
    """A finding's field, whether it is a Finding or its JSON dict. Message and fix in the
    admin's words: the command line's options and library strings stay out of windows."""
    if isinstance(finding, Mapping):
        value = str(finding.get(key) or "")
    else:
        value = str(getattr(finding, key, "") or "")
    return plain_words(value) if key in ("message", "fix") else value


def ranked(findings: Iterable[Any]) -> list[Any]:
    """Errors first, then warnings, then notes; the order within each kept."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(_part(f, "severity"), 3))


def severity_html(severity: str) -> str:
    tone = tone_for(severity)
    return f"<b style='color:{tone.colour}'>{tone.mark_html} {tone.word}:</b>"


def fix_html(fix: str) -> str:
    return f"<b>{FIX_WORD}:</b> {linkify(escape(fix)).replace(chr(10), '<br>')}"


def finding_html(finding: Any) -> str:
    """One finding as a paragraph: '✖ Problem: message' and 'Fix: …' below it."""
    fix = _part(finding, "fix")
    return (f"<p style='margin:2px 0'>{severity_html(_part(finding, 'severity'))} "
            f"{linkify(escape(_part(finding, 'message')))}"
            + (f"<br>{fix_html(fix)}" if fix else "") + "</p>")


def findings_html(findings: Iterable[Any], limit: int | None = None) -> str:
    rows = ranked(findings)
    shown = rows if limit is None else rows[:limit]
    parts = [finding_html(f) for f in shown]
    if len(rows) > len(shown):
        parts.append(f"<p style='margin:2px 0'>… and {len(rows) - len(shown)} more.</p>")
    return "".join(parts)


def finding_text(finding: Any) -> str:
    """Plain text for places without rich text: '⚠ Warning: message Fix: fix'."""
    tone = tone_for(_part(finding, "severity"))
    fix = _part(finding, "fix")
    return (f"{tone.mark} {tone.word}: {_part(finding, 'message')}"
            + (f" {FIX_WORD}: {fix}" if fix else ""))


def report_lines(finding: Any, indent: str = "  ") -> list[str]:
    """A finding in a copied plain-text report (Send Test Email, Check Domain, the received
    copy): 'ERROR code: message', then 'Fix: …' under it. Codes stay, for support."""
    lines = [f"{indent}{_part(finding, 'severity').upper()} {_part(finding, 'code')}: "
             f"{_part(finding, 'message')}"]
    fix = _part(finding, "fix")
    if fix:
        lines.append(f"{indent}  {FIX_WORD}: {fix}")
    return lines


def make_rich_text(label: QLabel, *, links: bool) -> QLabel:
    """A label that shows rich text whose words can be selected; with `links`, its web
    addresses open in the browser too."""
    label.setWordWrap(True)
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    flag = QtCore.Qt.TextInteractionFlag
    label.setTextInteractionFlags(flag.TextBrowserInteraction if links
                                  else flag.TextSelectableByMouse)
    label.setOpenExternalLinks(links)
    return label


def rich_text_label(object_name: str, *, links: bool) -> QLabel:
    """A new `make_rich_text` label, named for tests and tools."""
    return make_rich_text(QLabel(objectName=object_name), links=links)


class FindingsLabel(QLabel):
    """A word-wrapped, selectable label that shows a list of findings (hidden when empty).

    Rich text is switched on at the first list only: a plain label is cheaper at start-up.
    """

    def __init__(self, object_name: str = "", limit: int | None = None) -> None:
        super().__init__()
        if object_name:
            self.setObjectName(object_name)
        self.setWordWrap(True)
        self._limit = limit

    def set_findings(self, findings: Iterable[Any]) -> None:
        if self.textFormat() != QtCore.Qt.TextFormat.RichText:
            make_rich_text(self, links=True)
        text = findings_html(findings, self._limit)
        self.setText(text)
        self.setVisible(bool(text))


RECORD_CAPTIONS = {"name": "Name / Host", "type": "Type", "value": "Value"}


class FindingCard(QFrame):
    """One finding in a frame with a coloured edge: what is wrong, the fix, and the DNS
    record to publish (if any) with a Copy button per part."""

    def __init__(self, finding: Mapping[str, Any]) -> None:
        super().__init__()
        code = _part(finding, "code")
        self.setObjectName(f"finding_{code}")
        tone = tone_for(_part(finding, "severity"))
        self.setStyleSheet(f"#finding_{code} {{ border-left: 5px solid {tone.colour};"
                           " background: palette(base); }")
        layout = QVBoxLayout(self)
        head = QLabel(f"{severity_html(_part(finding, 'severity'))} "
                      f"<b>{escape(_part(finding, 'message'))}</b>")
        head.setWordWrap(True)
        layout.addWidget(head)
        fix = _part(finding, "fix")
        if fix:
            layout.addWidget(make_rich_text(QLabel(fix_html(fix)), links=True))
        record = finding.get("record")
        if record:
            layout.addLayout(self._record_grid(code, record))

    @staticmethod
    def _record_grid(code: str, record: Mapping[str, str]) -> QGridLayout:
        grid = QGridLayout()
        for row, key in enumerate(("name", "type", "value")):
            grid.addWidget(QLabel(RECORD_CAPTIONS[key]), row, 0)
            field = QLineEdit(record[key])
            field.setReadOnly(True)
            field.setObjectName(f"{code}_{key}")
            field.setStyleSheet(MONO_FONT)
            field.setCursorPosition(0)
            field.setAccessibleName(f"Record to publish: {RECORD_CAPTIONS[key]}")
            grid.addWidget(field, row, 1)
            copy = QPushButton("Copy")
            copy.setAccessibleName(f"Copy the record's {RECORD_CAPTIONS[key]}")
            copy.setObjectName(f"copy_{code}_{key}")
            copy.clicked.connect(lambda _=False, text=record[key]: copy_to_clipboard(text))
            grid.addWidget(copy, row, 2)
        return grid


def copy_to_clipboard(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
