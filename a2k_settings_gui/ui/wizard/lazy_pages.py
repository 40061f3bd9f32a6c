"""The wizard's pages, the first built at once and the others after the first paint.

A wizard that builds every page (and imports every page's module) before it appears makes
the admin wait for pages they have not reached. `LazyPages` builds the first page with
the wizard and holds an empty stand-in at every other page id, so the buttons are right
(Next, not Save) on the first paint; on the first event-loop pass after that paint it
imports the other pages' modules and puts each page at its id. Anything that asks for a
page sooner (a page name missing from the mapping, Next) builds them at once, so callers
never see a stand-in.

Pages are named "module.ClassName" under a2k_settings_gui.ui.wizard, in wizard order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWizard, QWizardPage

# A wizard built but never shown (tools, tests) builds its pages this soon anyway.
UNSHOWN_DELAY_MS = 300


def page_class(spec: str) -> type:
    module, _, name = spec.rpartition(".")
    return getattr(importlib.import_module(f"a2k_settings_gui.ui.wizard.{module}"), name)


class LazyPages(dict):
    """Page class name -> page, for `wizard`'s pages `specs` (ids 0, 1, 2, ...)."""

    def __init__(self, wizard: QWizard, specs: tuple[str, ...],
                 then: Callable[[], None] | None = None) -> None:
        """`then`: what else waits for the first paint; it runs just before the pages."""
        super().__init__()
        self._wizard, self._specs, self._then = wizard, specs, then
        self._built = False
        first = page_class(specs[0])(wizard)
        self[type(first).__name__] = first
        wizard.setPage(0, first)
        for page_id in range(1, len(specs)):
            wizard.setPage(page_id, QWizardPage())
        self._watcher = _FirstPaint(wizard, self.build_rest)
        # With the wizard as context: a wizard closed and deleted first cancels the timer.
        QTimer.singleShot(UNSHOWN_DELAY_MS, self._watcher, self.build_rest)
        # A start at a later page (setStartId) must not show a stand-in.
        wizard.currentIdChanged.connect(lambda page_id: page_id > 0 and self.build_rest())

    @property
    def built(self) -> bool:
        return self._built

    def build_rest(self) -> None:
        """Import and build every page after the first, each at its id (once)."""
        if self._built:
            return
        self._built = True
        if self._then is not None:
            self._then()
        wizard = self._wizard
        for page_id, spec in enumerate(self._specs[1:], start=1):
            page = page_class(spec)(wizard)
            self[type(page).__name__] = page
            stand_in = wizard.page(page_id)
            wizard.removePage(page_id)
            stand_in.deleteLater()
            wizard.setPage(page_id, page)

    # Whoever looks at the pages sees all of them.
    def __missing__(self, name: str) -> Any:
        self.build_rest()
        return dict.__getitem__(self, name)

    def __iter__(self) -> Any:
        self.build_rest()
        return super().__iter__()

    def __len__(self) -> int:
        self.build_rest()
        return super().__len__()

    def __contains__(self, name: object) -> bool:
        self.build_rest()
        return super().__contains__(name)

    def keys(self) -> Any:
        self.build_rest()
        return super().keys()

    def values(self) -> Any:
        self.build_rest()
        return super().values()

    def items(self) -> Any:
        self.build_rest()
        return super().items()


class _FirstPaint(QObject):
    """Calls `then` on the first event-loop pass after the watched window's first paint."""

    def __init__(self, window: QWizard, then: Any) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: object) -> bool:  # noqa: N802 - Qt's name
        # isinstance, not event.type(): no QEvent.Type enum built on every event.
        if isinstance(event, QPaintEvent):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)
        return False
