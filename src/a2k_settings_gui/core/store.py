"""The settings file: versioned, human-readable JSON in the per-user config folder.

Rules (and why):
- Written atomically (temp file in the same folder, flush, fsync, replace) so a crash or a
  full disk mid-save leaves the previous file intact.
- A corrupt file is moved aside as a timestamped backup and defaults load: the admin is
  told, and nothing they could still recover is overwritten.
- A file from a newer version of this tool is opened read-only and never overwritten, so a
  downgrade cannot strip settings the newer version added.
- Keys this version does not know survive a load/save round trip.
- The password is never part of it (see core.secrets).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from a2k_settings_gui.core.settings import EmailSettings, FieldProblem

FORMAT_NAME = "a2k-email-settings"
FORMAT_VERSION = 1
CONFIG_ENV_VAR = "A2K_EMAIL_SETTINGS_CONFIG"
APP_DIR_NAME = "a2k-settings-gui"
FILE_NAME = "email-settings.json"

LoadStatus = Literal["ok", "missing", "corrupt", "newer_version", "unreadable"]


class StoreError(Exception):
    """A settings file could not be read or written; the message says why and what to do."""


class ReadOnlyStoreError(StoreError):
    pass


def default_config_path() -> Path:
    """%APPDATA%\\a2k-settings-gui\\email-settings.json on Windows; XDG on Linux."""
    override = os.environ.get(CONFIG_ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=True)) / (
        FILE_NAME
    )


@dataclass
class LoadResult:
    settings: EmailSettings
    status: LoadStatus
    path: Path
    message: str = ""
    backup_path: Path | None = None
    read_only: bool = False
    problems: list[FieldProblem] = field(default_factory=list)
    # Top-level keys beside "settings" that this version does not know.
    extra_top_level: dict[str, Any] = field(default_factory=dict)


def settings_to_document(
    settings: EmailSettings, extra_top_level: dict[str, Any] | None = None
) -> dict[str, Any]:
    document: dict[str, Any] = dict(extra_top_level or {})
    document.update(
        {"format": FORMAT_NAME, "version": FORMAT_VERSION, "settings": settings.to_dict()}
    )
    return document


def document_to_settings(document: Any) -> tuple[EmailSettings, list[FieldProblem], int]:
    """Parse a document; raises StoreError when it is not one of ours."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise StoreError("this is not an a2k-settings-gui settings file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError("the file has no valid version number")
    body = document.get("settings")
    if not isinstance(body, dict):
        raise StoreError("the file has no settings section")
    settings, problems = EmailSettings.from_dict(body)
    return settings, problems, version


def _backup_name(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}.bak")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}.bak")
        counter += 1
    return candidate


class SettingsStore:
    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_config_path()
        self.read_only = False
        self._extra_top_level: dict[str, Any] = {}

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self, repair: bool = True) -> LoadResult:
        """Read the file. With repair=False (commands that only read) a corrupt file is
        reported but not moved aside."""
        path = self.path
        if not path.exists():
            return LoadResult(EmailSettings(), "missing", path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.read_only = True
            return LoadResult(
                EmailSettings(),
                "unreadable",
                path,
                message=f"The settings file {path} cannot be read ({exc.strerror or exc}). "
                "Check that you have permission to open it; nothing was changed.",
                read_only=True,
            )
        try:
            document = json.loads(raw.decode("utf-8-sig"))
            settings, problems, version = document_to_settings(document)
        except (ValueError, StoreError) as exc:
            if not repair:
                self.read_only = True
                return LoadResult(
                    EmailSettings(),
                    "corrupt",
                    path,
                    message=f"The settings file {path} is damaged ({exc}). Open the Email "
                    "Setting dialog to keep it aside as a backup and start again.",
                    read_only=True,
                )
            return self._set_aside_corrupt(path, exc)

        extra_top = {
            k: v for k, v in document.items() if k not in ("format", "version", "settings")
        }
        self._extra_top_level = extra_top
        if version > FORMAT_VERSION:
            self.read_only = True
            return LoadResult(
                settings,
                "newer_version",
                path,
                message=(
                    f"The settings file was written by a newer version of this tool "
                    f"(format {version}; this one understands {FORMAT_VERSION}). It is opened "
                    "read-only so nothing it holds is lost: update this tool to change it."
                ),
                read_only=True,
                problems=problems,
                extra_top_level=extra_top,
            )
        self.read_only = False
        message = ""
        if problems:
            message = "Some values in the settings file could not be read and were reset: " + (
                "; ".join(p.message for p in problems)
            )
        return LoadResult(
            settings, "ok", path, message=message, problems=problems, extra_top_level=extra_top
        )

    def _set_aside_corrupt(self, path: Path, cause: Exception) -> LoadResult:
        backup = _backup_name(path)
        try:
            os.replace(path, backup)
        except OSError:
            # Cannot move it: leave it alone and refuse to overwrite it.
            self.read_only = True
            return LoadResult(
                EmailSettings(),
                "corrupt",
                path,
                message=(
                    f"The settings file {path} is damaged ({cause}) and could not be moved "
                    "aside. It is left untouched; defaults are shown and saving is disabled."
                ),
                read_only=True,
            )
        self.read_only = False
        return LoadResult(
            EmailSettings(),
            "corrupt",
            path,
            message=(
                f"The settings file was damaged ({cause}). It was kept as {backup.name} in "
                "the same folder and default settings were loaded. Enter the settings again "
                "and save, or send the backup to your IT support."
            ),
            backup_path=backup,
        )

    def save(self, settings: EmailSettings) -> None:
        if self.read_only:
            raise ReadOnlyStoreError(
                f"The settings file {self.path} is read-only here (written by a newer version "
                "or unreadable); it was not changed."
            )
        document = settings_to_document(settings, self._extra_top_level)
        text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        write_atomically(self.path, text)


def write_atomically(path: Path, text: str) -> None:
    """Write text to path so that readers see either the old or the new file, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(
            f"Cannot write the settings folder {path.parent} ({exc.strerror or exc}). "
            "Check that it exists and that you have permission to write there."
        ) from None
    temp_path = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_path, path)
    except OSError as exc:
        temp_path.unlink(missing_ok=True)
        raise StoreError(
            f"Saving {path} failed ({exc.strerror or exc}); the previous file is unchanged. "
            "Free some disk space or check permissions, then save again."
        ) from None
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
