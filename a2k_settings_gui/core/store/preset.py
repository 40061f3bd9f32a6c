"""The machine-wide preset: settings IT deploys to every desktop, some of them locked.

`preset.json` lives in the application's site configuration folder (platformdirs
`site_config_dir`, see core/store/folders.py: %ProgramData%\\a2k-settings-gui\\ on Windows,
/etc/xdg/a2k-settings-gui/ on Linux, /Library/Application Support/a2k-settings-gui/ on
macOS); A2K_PRESET_FILE names another file (tests, or an admin trying a preset before
deploying it).

Format: the settings file's own (`format`, `version`, `settings`) plus `"locked": [field, …]`.

Rules (and why):
- Preset values fill what the user's own settings file does not set: a first start (no
  file yet) opens the wizard already filled in, and the admin only types the password.
- Locked fields always come from the preset, whatever the user's file says: that is what
  "locked" means to IT (as Firefox's and Thunderbird's policies.json locks do).
- Never a password: a password key in a preset is ignored and reported, since a file in
  %ProgramData% is readable by every user of the computer.
- The file is read by the same rules as the settings file (core.store.files: regular
  files only, at most 1 MB, strict JSON). A preset that cannot be used is reported as a
  finding and ignored: never a crash, never silently "no preset".
"""

from __future__ import annotations

from pathlib import Path

from a2k_settings_gui.core.kit.record import field, record
from a2k_settings_gui.core.settings import FIELDS_BY_KEY, EmailSettings, parse_value
from a2k_settings_gui.core.store import files

# Where the preset is: folders.py, where the store finds out at every start that there is
# none (most desktops) without importing this module.
from a2k_settings_gui.core.store.folders import (  # noqa: F401 - also used from here
    PRESET_ENV_VAR,
    PRESET_FILE_NAME,
    preset_path,
)

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:  # Finding: imported for a preset with a problem only, not at every start
    from typing import Any

    from a2k_settings_gui.core.findings import Finding

APP_DIR_NAME = "a2k-settings-gui"
FORMAT_NAME = "a2k-email-settings"

LOCKED_REASON = "Set by your IT department (machine-wide preset {path}); it cannot be " \
    "changed here."


@record(frozen=True)
class Preset:
    """What the preset file holds once read: typed values by field, locked field names,
    and what was wrong with it (findings; the preset's usable part still applies)."""

    path: Path
    exists: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    locked: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    def reason(self, key: str) -> str:
        """Why a locked field cannot be changed, in words for the admin."""
        return LOCKED_REASON.format(path=self.path)

    def apply(self, settings: EmailSettings, present: set[str] | frozenset[str]) -> EmailSettings:
        """`settings` as read from the user's file (`present`: the keys that file sets),
        with the preset's values where the file sets nothing and for every locked field."""
        changes = {key: value for key, value in self.values.items()
                   if key not in present or key in self.locked}
        return settings.replace(**changes) if changes else settings

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "exists": self.exists,
                "fields": sorted(self.values), "locked": list(self.locked)}


def _problem(code: str, severity: str, path: Path, message: str, fix: str) -> Finding:
    from a2k_settings_gui.core.findings import Finding

    return Finding(code, severity, f"The machine-wide preset {path}: {message}", fix)  # type: ignore[arg-type]


def load_preset(path: Path | None = None) -> Preset:
    """Read the preset. A missing file is no preset; any other problem is a finding."""
    path = path if path is not None else preset_path()
    fix_file = ("Ask IT to correct the preset file (same format as an exported settings "
                "file, plus \"locked\": [field names]).")
    try:
        document = files.parse_json(files.read_capped(path))
    except FileNotFoundError:
        return Preset(path)
    except (files.FileRefused, files.DamagedFile) as exc:
        return Preset(path, True, findings=(_problem(
            "preset_unreadable", "error", path, f"it cannot be used ({exc}), so it is "
            "ignored and no field is locked.", fix_file),))
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME \
            or not isinstance(document.get("settings", {}), dict):
        return Preset(path, True, findings=(_problem(
            "preset_unreadable", "error", path, "it is not an a2k-settings-gui settings "
            "file, so it is ignored and no field is locked.", fix_file),))
    body: dict[str, Any] = document.get("settings", {})
    findings: list[Finding] = []
    values: dict[str, Any] = {}
    for key, raw in body.items():
        if "password" in str(key).lower():
            findings.append(_problem(
                "preset_password_ignored", "error", path, f"it holds a password field "
                f"({key}); passwords are never read from a preset (every user of this "
                "computer can read that file).",
                "Remove the password from the preset at once and change that password; "
                "store it on each desktop with: a2k-email-settings password --stdin"))
            continue
        if key not in FIELDS_BY_KEY:
            continue  # a field of a newer version: ignored here, as in the settings file
        value, problem = parse_value(key, raw)
        if problem:
            findings.append(_problem("preset_value_invalid", "warning", path,
                                     f"{problem.message}; that value is ignored.", fix_file))
            continue
        values[key] = value
    locked, unknown = _locked_fields(document.get("locked", []), values)
    if unknown:
        findings.append(_problem(
            "preset_lock_ignored", "warning", path, "these locked names are not fields "
            f"with a usable value in the preset, so nothing is locked for them: "
            f"{', '.join(unknown)}.", fix_file + " The field names are those of "
            "a2k-email-settings show --json."))
    return Preset(path, True, values, locked, tuple(findings))


def _locked_fields(raw: Any, values: dict[str, Any]) -> tuple[tuple[str, ...], list[str]]:
    """Locked names that are fields with a value in the preset; the others, to report.
    A lock without a value would leave the field at whatever the user had, unlocked in
    effect: it is reported rather than pretending."""
    if not isinstance(raw, list):
        return (), [repr(raw)[:80]]
    locked: list[str] = []
    unknown: list[str] = []
    for name in raw:
        key = str(name).strip().lower()
        if key in values:
            if key not in locked:
                locked.append(key)
        else:
            unknown.append(str(name)[:80])
    return tuple(locked), unknown
