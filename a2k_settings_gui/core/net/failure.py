"""The shape every network failure takes: a stable `kind` word and a `detail` for people."""

from __future__ import annotations


class NetFailure(Exception):
    """A network step that failed. Callers branch on `kind` (a stable word each subclass
    lists); `detail` says what happened in words and may change."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail
