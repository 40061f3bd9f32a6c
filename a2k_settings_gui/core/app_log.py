"""The app's log file: per-user log folder, rotated, never holding the password.

The desktop program runs without a console on Windows, so an uncaught exception would
otherwise vanish; here its traceback is written to a file support can ask for.
Where: `platformdirs.user_log_dir` — %LOCALAPPDATA%\\a2k-settings-gui\\Logs on Windows,
~/.local/state/a2k-settings-gui/log on Linux; A2K_LOG_DIR names another folder (tests, and
an admin who wants the logs of many desktops on one share).

The password is kept out by the formatter itself: every secret the app handles is
registered with `keep_out_of_log` (core.secrets does it for every password read from or
written to the keyring, the test-send for a typed one), and each formatted record, its
traceback included, has those strings replaced before it reaches the file.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

# The secrets are kept apart from logging, so a command that only registers them (every
# test-send) does not import the logging package.
from a2k_settings_gui.core.log_secrets import (  # noqa: F401 - also used from here
    MASK,
    _secrets,
    _secrets_lock,
    keep_out_of_log,
    redact,
    redact_printed,
)

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False

APP_DIR_NAME = "a2k-settings-gui"
LOG_FILE_NAME = "a2k-settings-gui.log"
LOGGER_NAME = "a2k_settings_gui"
# Four files of 1 MB at most: weeks of normal use, small enough to attach to an e-mail.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

if TYPE_CHECKING:
    import logging

CrashCallback = Callable[[str, "Path | None"], None]

_handler: logging.Handler | None = None
# A command line that only writes its check lines appends them itself (start_plain_log):
# importing logging and logging.handlers (socket, pickle, queue...) costs a short command
# ~8 ms, more than the rest of its log work. The lines and the rotation are the same as
# the handler's; anything else that logs (a warning, a traceback) sets the handler up.
_plain_program: str | None = None
LINE_FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] {program}: %(message)s"


LOG_DIR_ENV_VAR = "A2K_LOG_DIR"


def log_folder() -> Path:
    override = os.environ.get(LOG_DIR_ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def log_file() -> Path:
    return log_folder() / LOG_FILE_NAME


def _redacting_formatter(program: str) -> logging.Formatter:
    """Formats as usual, then masks every registered secret in the whole record."""
    import logging

    class RedactingFormatter(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return redact(super().format(record))

    return RedactingFormatter(LINE_FORMAT.format(program=program))


def logger() -> logging.Logger:
    """The app's logger; on a plain log (start_plain_log) its file handler is set up now,
    so whatever is logged through it reaches the same file."""
    import logging

    if _handler is None and _plain_program is not None:
        setup_logging(_plain_program)
    return logging.getLogger(LOGGER_NAME)


def start_plain_log(program: str) -> None:
    """Check lines (log_check) go to the log file by a plain append until something needs
    the logging package; the file is only touched when a line is written."""
    global _plain_program
    _plain_program = program


def setup_logging(program: str) -> Path | None:
    """Send the app's log records to the rotated file. Returns the file, or None when the
    folder cannot be written (the app then runs without a log rather than not at all)."""
    global _handler
    import logging
    from logging.handlers import RotatingFileHandler

    if _handler is not None:
        return Path(_handler.baseFilename)  # type: ignore[attr-defined]
    # A plain log already chose the program's name; its lines and these stay alike.
    program = _plain_program or program
    log = logging.getLogger(LOGGER_NAME)
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # delay=True: the file is opened on the first record, not at every start.
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(_redacting_formatter(program))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    _handler = handler
    return path


def log_check(command: str, result: str, codes: list[str] | tuple[str, ...],
              elapsed_ms: int | None, detail: str = "", program: str = "app") -> None:
    """One line per check for support: which check, how it ended, its finding codes and
    how long it took (never the password: only codes and words chosen here, and the
    formatter masks every registered secret besides). Sets the log file up on first use;
    a log that cannot be written never stops a check."""
    shown = "-" if elapsed_ms is None else f"{elapsed_ms} ms"
    message = (f"{command}: {result}; codes: {', '.join(codes) or 'none'}; elapsed: "
               f"{shown}{f'; {detail}' if detail else ''}")
    if _handler is None and _plain_program is not None:
        _append_plainly(message)
        return
    if _handler is None:
        setup_logging(program)
    try:
        logger().info("%s", message)
    except Exception:  # noqa: BLE001,S110 - the check's result matters more than its log
        pass


def _append_plainly(message: str) -> None:
    """One INFO line as the handler writes it (same format, secrets masked, the same
    rotation at MAX_BYTES into BACKUP_COUNT old files). A log that cannot be written never
    stops a check."""
    import time

    now = time.time()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))
    line = redact(LINE_FORMAT.format(program=_plain_program) % {
        "asctime": f"{stamp},{int((now - int(now)) * 1000):03d}", "levelname": "INFO",
        "process": os.getpid(), "threadName": threading.current_thread().name,
        "message": message}) + "\n"
    data = line.encode("utf-8")
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size and size + len(data) >= MAX_BYTES:
            _rotate(path)
        with open(path, "ab") as handle:
            handle.write(data)
    except OSError:
        pass


def _rotate(path: Path) -> None:
    """log -> log.1 -> ... -> log.BACKUP_COUNT, the oldest dropped (RotatingFileHandler's
    order)."""
    for number in range(BACKUP_COUNT - 1, 0, -1):
        older = Path(f"{path}.{number}")
        if older.exists():
            os.replace(older, f"{path}.{number + 1}")
    os.replace(path, f"{path}.1")


def tail(lines: int = 40, max_bytes: int = 64 * 1024) -> tuple[Path, list[str]]:
    """The log file and its last `lines` lines (at most `max_bytes` read from its end),
    masked again: what the support report shows. An absent or unreadable log: no lines."""
    path = Path(_handler.baseFilename) if _handler is not None else log_file()  # type: ignore[attr-defined]
    try:
        if _handler is not None:
            _handler.flush()
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - max_bytes))
            data = handle.read(max_bytes)
    except OSError:
        return path, []
    text = data.decode("utf-8", "replace").splitlines()
    if len(data) == max_bytes and text:
        text = text[1:]  # the first line was cut by the size limit
    return path, [redact(line) for line in text[-lines:]]


def log_is_open() -> bool:
    return _handler is not None or _plain_program is not None


def close_log() -> None:
    """Detach and close the log file (tests; a program simply exits)."""
    global _handler, _plain_program
    _plain_program = None
    if _handler is not None:
        import logging

        logging.getLogger(LOGGER_NAME).removeHandler(_handler)
        _handler.close()
        _handler = None


def log_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    where: str,
    program: str = "app",
) -> Path | None:
    """Write the traceback to the log file; return the file, or None if none is written.
    The file is set up here on first use when it was not before: start-up does not pay
    for logging.handlers (~17 ms measured) in a run that never fails."""
    if _handler is None:
        setup_logging(program)
    if _handler is None:
        return None
    try:
        logger().error("Uncaught %s in %s", exc_type.__name__, where, exc_info=(exc_type, exc, tb))
        _handler.flush()
    except Exception:  # noqa: BLE001 - a failing log must not hide the original error
        return None
    path = Path(_handler.baseFilename)  # type: ignore[attr-defined]
    return path if path.exists() else None


def install_excepthooks(on_crash: CrashCallback | None = None, program: str = "gui") -> None:
    """Log every uncaught exception — of the main thread, of Qt slots (PySide6 hands those
    to sys.excepthook) and of other threads — then tell `on_crash(summary, log_path)`."""

    def report(exc_type, exc, tb, where: str) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        path = log_exception(exc_type, exc, tb, where, program)
        if sys.stderr is not None:  # pythonw (the gui-script) has no stderr
            try:
                sys.stderr.write(f"Unexpected {exc_type.__name__}; details: {path}\n")
            except Exception:  # noqa: BLE001,S110 - a closed console must not loop
                pass
        if on_crash is not None:
            try:
                on_crash(f"{exc_type.__name__} in {where}", path)
            except Exception:  # noqa: BLE001 - the hook must never raise
                logger().exception("the crash report itself failed")

    def main_hook(exc_type, exc, tb) -> None:
        report(exc_type, exc, tb, "the main thread")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        report(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")

    sys.excepthook = main_hook
    threading.excepthook = thread_hook
