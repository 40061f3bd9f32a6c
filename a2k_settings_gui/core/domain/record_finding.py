"""The finding type of Check Domain: a Finding plus the DNS record that fixes it.

`record` is the name, type and value to give the DNS provider; the UI shows each with a
Copy button and --json prints it as {"name", "type", "value"} next to the four keys every
finding has (code, severity, message, fix).
"""

from __future__ import annotations

from typing import Any

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.kit.record import record


@record(frozen=True)
class DnsRecord:
    name: str
    type: str
    value: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "value": self.value}


@record(frozen=True)
class DomainFinding(Finding):
    record: DnsRecord | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = super().to_dict()
        if self.record is not None:
            out["record"] = self.record.to_dict()
        return out
