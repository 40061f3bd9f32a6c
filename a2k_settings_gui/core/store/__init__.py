"""The settings file: versioned, human-readable JSON in the per-user config folder.

(A package: `files.py` beside this holds the rules for every file the tool reads or
writes, used by the store and by export/import.)

Rules (and why):
- Written atomically (temp file in the same folder, flush, fsync, replace) so a crash or a
  full disk mid-save leaves the previous file intact (core.store.files: regular files
  only, at most 1 MB read before parsing, symlinks followed, permissions kept, replace retried).
- Saves take an inter-process lock (filelock) and compare the file with what was loaded:
  when another program (the dialog, `import`) saved in between, changes to different
  fields are merged; changes to the same field are refused with a message naming it, so a
  second writer never silently loses the first one's work.
- Temp files a killed save left behind are removed by the next save (under the lock).
- A corrupt file is moved aside as a timestamped backup and defaults load: the admin is
  told, and nothing they could still recover is overwritten.
- A file from a newer version of this tool is opened read-only and never overwritten, so a
  downgrade cannot strip settings the newer version added.
- Keys this version does not know survive a load/save round trip.
- The password is never part of it (see core.secrets).
- A machine-wide preset (core.store.preset) fills what the file does not set, and its
  locked fields always win; `LoadResult.locked` names them, `preset_findings` says what
  was wrong with the preset.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from a2k_settings_gui.core.kit.record import field, record
from a2k_settings_gui.core.settings import FIELDS_BY_KEY, EmailSettings, FieldProblem
from a2k_settings_gui.core.store import files
from a2k_settings_gui.core.store.files import DamagedFile, FileRefused, FileTooLarge

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    LoadStatus = Literal["ok", "missing", "corrupt", "newer_version", "unreadable"]

FORMAT_NAME = "a2k-email-settings"
FORMAT_VERSION = 1
CONFIG_ENV_VAR = "A2K_EMAIL_SETTINGS_CONFIG"
APP_DIR_NAME = "a2k-settings-gui"
FILE_NAME = "email-settings.json"



class StoreError(Exception):
    """A settings file could not be read or written; the message says why and what to do."""


class ReadOnlyStoreError(StoreError):
    pass


class ChangedElsewhereError(StoreError):
    """Another program saved the same fields since this store loaded the file."""


# Seconds to wait for another copy of this tool that is saving the same file right now.
LOCK_TIMEOUT = 10.0


def default_config_path() -> Path:
    """%APPDATA%\\a2k-settings-gui\\email-settings.json on Windows; XDG on Linux."""
    override = os.environ.get(CONFIG_ENV_VAR)
    if override:
        return Path(override).expanduser()
    from a2k_settings_gui.core.store.folders import user_config_dir

    return Path(user_config_dir()) / FILE_NAME


@record
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
    # The machine-wide preset: fields it locks, what was wrong with it, and the preset
    # itself (None when there is no preset file).
    locked: tuple[str, ...] = ()
    preset_findings: list[Any] = field(default_factory=list)
    preset: Any = None


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
    from datetime import datetime  # only for a damaged file: start-up does not pay

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
        self.locked: tuple[str, ...] = ()  # by the machine-wide preset, at the last load
        self._present_keys: frozenset[str] = frozenset()
        self._extra_top_level: dict[str, Any] = {}
        # What the caller last saw through this store (loaded, or saved by it): the base of
        # the three-way merge in save().
        self._base_settings: dict[str, Any] | None = None  # None: never loaded or saved
        self._lock_depth = 0

    @contextmanager
    def holding_lock(self) -> Iterator[None]:
        """Hold the settings file's lock (the one every save takes) for a whole step: a
        save and the password's move to a renamed login, or reading the login and storing
        its password, happen as one for every other copy of this tool. Re-entrant; raises
        StoreError when another copy holds it for LOCK_TIMEOUT seconds."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        from filelock import FileLock, Timeout

        target = files.real_target(self.path)
        try:
            if target == self.path:  # never create the folder a link points into
                target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _not_written(exc, self.path, "Not saved", "Check permissions") from None
        lock = FileLock(f"{target}.lock", timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                f"Another copy of this tool has been saving {target} for {LOCK_TIMEOUT:g} s; "
                "nothing was changed. Close the other window or command and save again."
            ) from None
        self._lock_depth = 1
        try:
            yield
        finally:
            self._lock_depth = 0
            lock.release()

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self, repair: bool = True) -> LoadResult:
        """Read the file, then lay the machine-wide preset over it. With repair=False
        (commands that only read) a corrupt file is reported but not moved aside."""
        from a2k_settings_gui.core.store.folders import preset_path

        self._present_keys = frozenset()
        result = self._load_file(repair)
        where = preset_path()
        try:
            os.stat(where)
        except FileNotFoundError:  # no preset (most desktops): its module is not needed
            self.locked = result.locked
            return result
        except OSError:
            pass  # unreadable: load_preset says so
        from a2k_settings_gui.core.store.preset import load_preset

        preset = load_preset(where)
        if preset.exists:
            result.settings = preset.apply(result.settings, self._present_keys)
            result.locked = preset.locked
            result.preset_findings = list(preset.findings)
            result.preset = preset
        self.locked = result.locked
        return result

    def _load_file(self, repair: bool) -> LoadResult:
        path = self.path
        try:
            raw = files.read_capped(path)
        except FileNotFoundError:
            self._base_settings = EmailSettings().to_dict()
            return LoadResult(EmailSettings(), "missing", path)
        except FileTooLarge as exc:
            # A regular file: damaged, and safe to move aside like any other.
            return self._damaged(path, DamagedFile(str(exc)), repair)
        except FileRefused as exc:
            self.read_only = True
            return LoadResult(
                EmailSettings(),
                "unreadable",
                path,
                message=f"The settings file cannot be used: {exc}. Nothing was changed.",
                read_only=True,
            )
        try:
            document = files.parse_json(raw)
            settings, problems, version = document_to_settings(document)
        except (DamagedFile, StoreError) as exc:
            return self._damaged(path, exc, repair)

        extra_top = {
            k: v for k, v in document.items() if k not in ("format", "version", "settings")
        }
        self._extra_top_level = extra_top
        self._base_settings = settings.to_dict()
        self._present_keys = frozenset(document["settings"])
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
        messages = []
        if problems:
            messages.append(
                "Some values in the settings file could not be read and were reset: "
                + "; ".join(p.message for p in problems)
            )
        self.read_only = _is_read_only(path)
        if self.read_only:
            messages.append(
                f"The settings file {path} is read-only (someone protected it on purpose), "
                "so changes cannot be saved. Make it writable to change the settings."
            )
        return LoadResult(
            settings, "ok", path, message=" ".join(messages), problems=problems,
            extra_top_level=extra_top, read_only=self.read_only,
        )

    def _damaged(self, path: Path, cause: Exception, repair: bool) -> LoadResult:
        if not repair:
            self.read_only = True
            return LoadResult(
                EmailSettings(),
                "corrupt",
                path,
                message=f"The settings file {path} is damaged ({cause}). Open the Email "
                "Setting dialog to keep it aside as a backup and start again.",
                read_only=True,
            )
        return self._set_aside_corrupt(path, cause)

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
        self._base_settings = EmailSettings().to_dict()
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

    def save(self, settings: EmailSettings) -> EmailSettings:
        """Write the settings (as_stored: the default-port rule applied); returns what was
        written (merged with another program's save of other fields, when there was one).
        Raises StoreError with the words to show; ChangedElsewhereError when another
        program changed the same fields."""
        settings = settings.as_stored()
        if self.read_only:
            raise ReadOnlyStoreError(
                f"The settings file {self.path} is read-only here (protected, written by a "
                "newer version or unreadable); it was not changed."
            )
        target = files.real_target(self.path)
        try:
            with self.holding_lock():
                files.remove_stale_temp_files(target)
                to_write = self._merge_with_current(target, settings)
                document = settings_to_document(to_write, self._extra_top_level)
                text = files.to_json_text(document)
                _refuse_unreadable_size(target, text)
                files.write_atomically(self.path, text)
        except (FileRefused, OSError) as exc:
            raise _not_written(exc, self.path, "Not saved", "Free some disk space, check "
                               "permissions or close programs that hold the file") from None
        # The base stays what the caller sees (its own settings), not the merged result: a
        # window that keeps showing its values must not undo the other program's fields
        # on its next save (those still equal the base, so the file's values win).
        self._base_settings = settings.to_dict()
        return to_write

    def _merge_with_current(self, target: Path, ours: EmailSettings) -> EmailSettings:
        """Three-way merge against the file as it is now (called under the lock)."""
        try:
            current_raw: bytes | None = files.read_capped(target)
        except FileNotFoundError:
            current_raw = None
        if current_raw is None or self._base_settings is None:
            # No file, or this store never saw one (a first save, a test seeding a file):
            # nothing of anyone's to merge with, so the settings are written as given.
            return ours
        changed = (
            f"The settings file {target} was changed by another program (another window "
            "or an import) after it was opened here"
        )
        try:
            document = files.parse_json(current_raw)
            theirs, _problems, version = document_to_settings(document)
        except (DamagedFile, StoreError) as exc:
            raise ChangedElsewhereError(
                f"{changed}, and it can no longer be read ({exc}). Nothing was saved."
            ) from None
        if version > FORMAT_VERSION:
            raise ChangedElsewhereError(
                f"{changed} by a newer version of this tool. Nothing was saved."
            )
        base, their_values, our_values = self._base_settings, theirs.to_dict(), ours.to_dict()
        merged: dict[str, Any] = {}
        conflicts: list[str] = []
        for key in dict.fromkeys([*their_values, *our_values]):
            mine, other, was = our_values.get(key), their_values.get(key), base.get(key)
            if mine == was:
                if key in their_values:
                    merged[key] = other
            elif other in (was, mine):
                if key in our_values:
                    merged[key] = mine
            else:
                spec = FIELDS_BY_KEY.get(key)
                conflicts.append(spec.label if spec else key)
        if conflicts:
            raise ChangedElsewhereError(
                f"{changed}, and it changed the same fields: {', '.join(conflicts)}. "
                "Nothing was saved. Close and reopen the settings to see the new values, "
                "then make your change again."
            )
        self._extra_top_level = {
            k: v for k, v in document.items() if k not in ("format", "version", "settings")
        }
        result, _problems = EmailSettings.from_dict(merged)
        return result


def _is_read_only(path: Path) -> bool:
    """A file without its owner's write bit (Windows: the read-only attribute)."""
    import stat

    try:
        return not os.stat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


def _refuse_unreadable_size(target: Path, text: str) -> None:
    """What we write must be what `load` reads back: never over the read cap."""
    size = len(text.encode("utf-8"))
    if size > files.MAX_FILE_BYTES:
        raise StoreError(
            f"The settings would take {size // 1024} KB, more than the "
            f"{files.MAX_FILE_BYTES // 1024} KB a settings file may have, so {target} was "
            "not changed. A real settings file is a few KB: shorten the longest values.")


def write_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """Write an export file atomically (regular files only, symlink followed, read-only
    and devices refused). StoreError carries the words to show. `durable`: see
    files.write_atomically."""
    try:
        files.write_atomically(Path(path), text, durable=durable)
    except (FileRefused, OSError) as exc:
        raise _not_written(exc, path, "Not written",
                           "Free some disk space or check permissions") from None


def _not_written(exc: FileRefused | OSError, path: Path, refused: str,
                 advice: str) -> StoreError:
    """The words for a write that did not happen: refused by the file rules, or failed
    (then the atomic write left the previous file as it was)."""
    if isinstance(exc, FileRefused):
        return StoreError(f"{refused}: {exc}.")
    return StoreError(f"Saving {path} failed ({exc.strerror or exc}); the previous file is "
                      f"unchanged. {advice}, then save again.")
