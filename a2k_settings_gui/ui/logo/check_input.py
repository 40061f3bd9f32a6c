"""What the logo preview is handed: the size to draw and what a check reads besides the
logo's own fields. Plain values, no Qt: the form computes them and passes them down; the
preview never reads the form."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LogoSize:
    """The box the logo is drawn in (Logo Height and Width) and whether its shape is kept."""

    height: int = 60
    width: int = 200
    keep_aspect: bool = True


@dataclass(frozen=True)
class LogoContext:
    """What the check fetches with (the Network settings) and what the e-statement
    preview shows beside the logo (the sender)."""

    ca_file: str = ""
    dns_servers: tuple[str, ...] = ()
    sender_email: str = ""
    sender_name: str = ""


@dataclass(frozen=True)
class LogoRequest:
    """One Check Logo: the URL as typed, the size and the context."""

    url: str
    size: LogoSize
    context: LogoContext
