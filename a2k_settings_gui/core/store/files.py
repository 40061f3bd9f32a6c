"""Reading and writing the small JSON files this tool owns (settings, exports, imports).

Every file we read or write may be hostile or simply wrong: a device (`/dev/zero`), a pipe
that never ends, a folder, a 100 MB string, JSON nested a thousand levels deep, NaN, text
that is not UTF-8 or holds lone surrogates. Each of those becomes a `FileRefused` or a
`DamagedFile` with words an admin can act on, never a crash, a hang or gigabytes of memory.

Rules (and why):
- Regular files only. The type is checked on the open descriptor (fstat), not only on the
  name, and the open itself never blocks (O_NONBLOCK where the platform has it): opening a
  FIFO for reading would otherwise wait forever for a writer.
- At most MAX_FILE_BYTES are read, and the cap is applied while reading, before parsing:
  a file that grows while we read it cannot make us read more.
- Writing follows a symlink to the real file and keeps that file's permission bits; a
  read-only file is refused, never silently made writable; a device or pipe is refused.
- os.replace is retried on PermissionError for a bounded time (REPLACE_RETRY_BUDGET):
  on Windows an antivirus scanner or the search indexer briefly holds files it just saw.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import time
from pathlib import Path

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_FILE_BYTES = 1024 * 1024
# Our documents are three levels deep; 32 leaves room for keys a newer version adds.
MAX_NESTING = 32
# Total time spent waiting for a held file before giving up: an antivirus or indexer that
# holds the file lets go within it, and an admin waits no longer.
REPLACE_RETRY_BUDGET = 2.0
_REPLACE_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.6, 0.6)  # sums to 1.95 s

_SURROGATE = re.compile("[\ud800-\udfff]")


class FileRefused(Exception):
    """The path is not something we read or write (device, pipe, folder, too large,
    read-only, missing permission). The message names the file and the fix."""


class FileTooLarge(FileRefused):
    """A regular file over the size limit: for the settings file, a damaged one."""


class DamagedFile(Exception):
    """The file was read but its content is not a usable JSON document."""


def describe_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> FileRefused:
    return FileRefused(
        f"{path} is {describe_kind(mode)}, not a regular file; choose a normal .json file"
    )


def read_capped(path: Path, limit: int = MAX_FILE_BYTES, *, advice: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused otherwise.
    `advice` replaces the settings file's words in the refusal (e.g. for a CA file).

    FileNotFoundError passes through unchanged (callers treat "missing" on its own).
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise FileRefused(f"{path} is a folder, not a regular file; choose a .json file") from None
    except OSError as exc:
        raise FileRefused(
            f"{path} cannot be opened ({exc.strerror or exc}); check that you may read it"
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            if advice:
                raise FileRefused(f"{path} is {describe_kind(info.st_mode)}, not a regular "
                                  f"file; {advice}")
            raise _not_regular(path, info.st_mode)
        if info.st_size > limit:
            if advice:
                raise FileTooLarge(f"{path} is larger than {limit // 1024} KB; {advice}")
            raise _too_large(path, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(65536, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read it
                raise _too_large(path, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(f"{path} cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _too_large(path: Path, limit: int) -> FileTooLarge:
    return FileTooLarge(
        f"{path} is larger than {limit // 1024} KB; a settings file is a few KB. "
        "Choose the file this tool exported"
    )


def _refuse_constant(name: str) -> Any:
    raise DamagedFile(f"it holds {name}, which is not valid JSON")


def parse_json(raw: bytes) -> Any:
    """Parse JSON text strictly: UTF-8 (a BOM is allowed), no NaN/Infinity, no lone
    surrogates, at most MAX_NESTING levels deep. DamagedFile says what is wrong."""
    try:
        # The BOM by hand: the "utf-8-sig" codec is one more module for every command to
        # import. (As with that codec, the byte number counts from after the BOM.)
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DamagedFile(f"it is not UTF-8 text (byte {exc.start})") from None
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise DamagedFile("it is nested too deeply to be a settings file") from None
    except ValueError as exc:  # JSONDecodeError is a ValueError
        raise DamagedFile(f"it is not valid JSON ({exc})") from None
    check_plain_data(document)
    return document


def check_plain_data(document: Any) -> None:
    """Walk the document without recursion: depth, lone surrogates, non-finite floats."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise DamagedFile(f"it is nested more than {MAX_NESTING} levels deep")
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise DamagedFile("it holds text with an invalid character (a lone surrogate)")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise DamagedFile("it holds a number that is not finite (NaN or Infinity)")
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append((key, depth))
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def to_json_text(document: Any) -> str:
    """The text we write: indented, UTF-8, and never NaN (allow_nan=False raises)."""
    check_plain_data(document)
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ---------------------------------------------------------------- writing


def real_target(path: Path) -> Path:
    """Where a write to `path` must land: the real file behind a symlink (chains too)."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def check_writable_target(path: Path) -> os.stat_result | None:
    """Refuse what must not be replaced; returns the existing file's stat (or None)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileRefused(f"{path} cannot be checked ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, info.st_mode)
    if not info.st_mode & stat.S_IWUSR:
        raise FileRefused(
            f"{path} is read-only; nothing was changed. Make it writable (file properties) "
            "or choose another file"
        )
    return info


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


TEMP_SUFFIX = ".tmp"


def remove_stale_temp_files(path: Path, older_than: float = 0.0) -> int:
    """Remove temp files a killed save left beside `path`. Call it while holding the
    save lock, so no live save's temp file can match. Returns how many went."""
    removed = 0
    prefix = temp_prefix(path)
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime <= cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass  # held by someone else (Windows): the next save tries again
    return removed


def replace_with_retry(source: Path, target: Path) -> None:
    """os.replace, retried while PermissionError says another program holds the file."""
    started = time.monotonic()
    for delay in (*_REPLACE_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            spent = time.monotonic() - started
            if delay is None or spent + delay > REPLACE_RETRY_BUDGET:
                raise
            time.sleep(delay)


def write_atomically(path: Path, text: str, *, durable: bool = True) -> Path:
    """Write text so that readers see the old or the new file, never half of it.

    Follows a symlink to the real file, keeps its permission bits, refuses devices, pipes
    and read-only files (FileRefused). Other OS failures raise OSError with the previous
    file unchanged and no temp file left. Returns the path actually written.
    `durable=False` skips the fsync (5-15 ms): only for a file whose loss in a power cut
    costs nothing, and whose reader takes an empty or damaged file as absent.
    """
    path = Path(path)
    target = real_target(path)
    existing = check_writable_target(target)
    if target != path and not target.parent.is_dir():
        # A link that points into a folder that does not exist: creating that folder
        # somewhere else on the disk is not what the admin asked for.
        raise FileRefused(f"{path} is a link to {target}, whose folder does not exist; "
                          "nothing was written. Give a file name without the link")
    target.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: commands that only read the settings never load it

    fd, temp_name = tempfile.mkstemp(
        prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent
    )
    temp_path = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if existing is not None:
            # mkstemp makes 0600; the admin's file may have been shared (0644) on purpose.
            os.chmod(temp_path, stat.S_IMODE(existing.st_mode))
        replace_with_retry(temp_path, target)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return target
