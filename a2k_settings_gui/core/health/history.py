"""The health history: every run in a small SQLite database in the per-user data folder.

What is kept: each run's time (UTC), each check's status, findings and facts (the DNS
records, the logo's fingerprint, the certificate's end date), and the changes against the
run before. Never the password: `record` masks every form of the secrets it is given
(plain, base64, hex, URL-encoded) before anything reaches the file.

Safe for two processes at once (the scheduled run and the open window): WAL journal, a
busy timeout, and each write in one IMMEDIATE transaction. Bounded: runs older than
KEEP_YEARS or beyond KEEP_RUNS are dropped as new ones arrive. A database that cannot be
read is moved aside (kept for support) and a new one started, with `history_damaged`.

The settings file's rules for files this tool reads (core/store/files.py) hold here too:
the database and its -wal/-shm companions must be regular files, checked by stat before
SQLite opens them (a FIFO or a link to /dev/zero would otherwise hang the run or feed it
endless bytes), which gives a HistoryError naming the file and the fix; a database larger
than MAX_HISTORY_BYTES is moved aside as damaged.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.health.model import (
    CHECK_NAMES,
    Change,
    CheckResult,
    HealthRun,
    iso_utc,
    parse_iso_utc,
)

APP_DIR_NAME = "a2k-settings-gui"
FILE_NAME = "health-history.sqlite3"
SCHEMA_VERSION = 1
# Years of daily runs plus the checks started by hand: five years is about 1,830 daily
# runs; KEEP_RUNS bounds a machine that runs it every minute by mistake.
KEEP_YEARS = 5
KEEP_RUNS = 20_000
# The settings file's rule for files this tool reads: a size cap. KEEP_RUNS runs of a few KB
# each stay far below it; a bigger file is not one this tool wrote, so it is treated as
# damaged (kept aside, a new history started) instead of being read.
MAX_HISTORY_BYTES = 256 * 1024 * 1024
BUSY_TIMEOUT_MS = 5000
MASK = "********"
_ORDER = {name: index for index, name in enumerate(CHECK_NAMES)}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS runs_at ON runs(at);
CREATE TABLE IF NOT EXISTS checks (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    findings TEXT NOT NULL,
    facts TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS changes (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    check_name TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    before TEXT,
    after TEXT,
    PRIMARY KEY (run_id, seq)
);
"""


class HistoryError(Exception):
    """The history cannot be used (e.g. written by a newer version); the message says why."""


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / FILE_NAME


@dataclass
class RunSummary:
    """One line of `health --history`: the run's time, verdict and each check's status."""

    run_id: int
    at: str
    ok: bool
    statuses: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "ok": self.ok, "checks": dict(self.statuses)}


def secret_forms(secrets: Iterable[str]) -> list[str]:
    """Every way a secret could be written: as typed, base64 (with and without padding),
    hex, URL-encoded, and as JSON escapes it. Longest first, so a longer form is masked
    whole."""
    forms: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        raw = secret.encode("utf-8")
        b64 = base64.b64encode(raw).decode("ascii")
        forms.update({secret, b64, b64.rstrip("="), raw.hex(), raw.hex().upper(),
                      urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret),
                      json.dumps(secret)[1:-1]})
    return sorted((f for f in forms if f), key=len, reverse=True)


def _masked(text: str, forms: list[str]) -> str:
    for form in forms:
        text = text.replace(form, MASK)
    return text


class HealthHistory:
    """The history database at `path` (default: the per-user data folder).

    Attributes:
        notes: findings about the history itself (history_damaged), for the next run.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.notes: list[Finding] = []
        self._ready = False

    # ------------------------------------------------------------ opening
    def _check_files(self) -> None:
        """Only regular files are opened; a database over the cap is moved aside."""
        from a2k_settings_gui.core.store.files import describe_kind

        for suffix in ("", "-wal", "-shm"):
            path = Path(str(self.path) + suffix)
            try:
                info = path.stat()  # follows a link: its target is what SQLite would read
            except FileNotFoundError:
                if path.is_symlink():  # SQLite would create the file wherever it points
                    raise HistoryError(
                        f"The health history {path} is a link to a file that does not "
                        "exist, so it is not used. Delete the link; a new history is then "
                        "started.") from None
                continue
            if not stat.S_ISREG(info.st_mode):
                raise HistoryError(
                    f"The health history {path} is {describe_kind(info.st_mode)}, not a "
                    "regular file, so it is not read. Delete or rename it; a new history "
                    "is then started.")
            if suffix == "" and info.st_size > MAX_HISTORY_BYTES:
                self._move_aside(f"it is larger than {MAX_HISTORY_BYTES // (1024 * 1024)} "
                                 "MB, far more than years of runs take")

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_files()
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                     isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        if self._ready:
            return
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"The health history {self.path} was written by a newer version of this "
                "tool; it is left as it is. Update this tool to see and add to it.")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a network folder: still works, one at a time
            connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION:
            connection.execute("BEGIN IMMEDIATE")
            try:
                # One statement at a time: executescript() would COMMIT the transaction.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        self._ready = True

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        """A prepared connection; a damaged file is moved aside once and a new one begun."""
        for attempt in (1, 2):
            connection = None
            try:
                connection = self._connect()
                self._prepare(connection)
            except sqlite3.DatabaseError as exc:
                if connection is not None:
                    connection.close()
                if attempt == 2 or not _is_damage(exc):
                    raise
                self._move_aside(str(exc))
                continue
            try:
                yield connection
            finally:
                connection.close()
            return

    def _move_aside(self, reason: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        kept = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                target = Path(str(kept) + suffix)
                for _ in range(5):  # Windows: another process may hold it a moment
                    try:
                        source.replace(target)
                        break
                    except PermissionError:
                        time.sleep(0.1)
        self._ready = False
        self.notes.append(Finding(
            "history_damaged", "warning",
            f"The health history could not be read ({reason}), so earlier runs cannot be "
            f"compared. It was kept as {kept.name} and a new history was started.",
            "Nothing to do: the next runs are compared again. Send the kept file to "
            "support if the history matters to you."))

    def _guarded(self, action: Any) -> Any:
        """Run `action(connection)`; damage found while reading moves the file aside once."""
        try:
            with self._open() as connection:
                return action(connection)
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise
            self._move_aside(str(exc))
            with self._open() as connection:
                return action(connection)

    # ------------------------------------------------------------ writing
    def record(self, run: HealthRun, secrets: Iterable[str] = ()) -> int:
        """Store `run` (its changes too) and drop what is past the bounds; returns its id."""
        forms = secret_forms(secrets)

        def dumps(value: Any) -> str:
            return _masked(json.dumps(value, ensure_ascii=False, separators=(",", ":")), forms)

        def write(connection: sqlite3.Connection) -> int:
            connection.execute("BEGIN IMMEDIATE")
            try:
                cursor = connection.execute(
                    "INSERT INTO runs (at, ok, elapsed_ms, notes) VALUES (?, ?, ?, ?)",
                    (run.at_text, int(run.ok), run.elapsed_ms,
                     dumps([f.to_dict() for f in run.notes])))
                run_id = int(cursor.lastrowid or 0)
                connection.executemany(
                    "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?)",
                    [(run_id, c.name, c.status, c.elapsed_ms,
                      dumps([f.to_dict() for f in c.findings]), dumps(c.facts))
                     for c in run.checks])
                connection.executemany(
                    "INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(run_id, seq, c.kind, c.check, c.code, _masked(c.message, forms),
                      None if c.before is None else _masked(c.before, forms),
                      None if c.after is None else _masked(c.after, forms))
                     for seq, c in enumerate(run.changes)])
                self._prune(connection, run.at)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            return run_id

        run.run_id = self._guarded(write)
        return run.run_id

    @staticmethod
    def _prune(connection: sqlite3.Connection, now: datetime) -> None:
        cutoff = iso_utc(now - timedelta(days=round(365.25 * KEEP_YEARS)))
        connection.execute("DELETE FROM runs WHERE at < ?", (cutoff,))
        connection.execute(
            "DELETE FROM runs WHERE id <= (SELECT id FROM runs ORDER BY id DESC "
            "LIMIT 1 OFFSET ?)", (KEEP_RUNS,))

    # ------------------------------------------------------------ reading
    def count(self) -> int:
        return int(self._guarded(
            lambda c: c.execute("SELECT count(*) FROM runs").fetchone()[0]))

    def summaries(self, limit: int | None = None) -> list[RunSummary]:
        """The runs, newest first, with each check's status."""
        def read(connection: sqlite3.Connection) -> list[RunSummary]:
            rows = connection.execute(
                "SELECT id, at, ok FROM runs ORDER BY at DESC, id DESC LIMIT ?",
                (-1 if limit is None else limit,)).fetchall()
            if not rows:
                return []
            statuses: dict[int, dict[str, str]] = {row[0]: {} for row in rows}
            oldest = min(statuses)
            for run_id, name, status in connection.execute(
                    "SELECT run_id, name, status FROM checks WHERE run_id >= ?", (oldest,)):
                if run_id in statuses:
                    statuses[run_id][name] = status
            return [RunSummary(r[0], r[1], bool(r[2]), dict(sorted(
                statuses[r[0]].items(), key=lambda item: _ORDER.get(item[0], len(_ORDER)))))
                for r in rows]

        return list(self._guarded(read))

    def recent(self, limit: int = 60) -> list[HealthRun]:
        """The last `limit` runs in full (checks, findings, facts, changes), newest first."""
        def read(connection: sqlite3.Connection) -> list[HealthRun]:
            rows = connection.execute(
                "SELECT id, at, elapsed_ms, notes FROM runs ORDER BY at DESC, id DESC "
                "LIMIT ?", (limit,)).fetchall()
            if not rows:
                return []
            runs = {r[0]: HealthRun(parse_iso_utc(r[1]), [], r[2],
                                    notes=_findings(json.loads(r[3])), run_id=r[0])
                    for r in rows}
            oldest = min(runs)
            for run_id, name, status, elapsed, findings, facts in connection.execute(
                    "SELECT run_id, name, status, elapsed_ms, findings, facts FROM checks "
                    "WHERE run_id >= ?", (oldest,)):
                if run_id in runs:
                    runs[run_id].checks.append(CheckResult(
                        name, status, _findings(json.loads(findings)), elapsed,
                        json.loads(facts)))
            for run_id, kind, check, code, message, before, after in connection.execute(
                    "SELECT run_id, kind, check_name, code, message, before, after "
                    "FROM changes WHERE run_id >= ? ORDER BY run_id, seq", (oldest,)):
                if run_id in runs:
                    runs[run_id].changes.append(
                        Change(kind, check, code, message, before, after))
            for run in runs.values():
                run.checks.sort(key=lambda c: _ORDER.get(c.name, len(_ORDER)))
            return [runs[r[0]] for r in rows]

        return list(self._guarded(read))

    def latest(self) -> HealthRun | None:
        found = self.recent(1)
        return found[0] if found else None


def _findings(items: list[dict[str, Any]]) -> list[Finding]:
    return [Finding(i["code"], i["severity"], i["message"], i.get("fix", "")) for i in items]


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """A file that is not (or no longer) a readable database, as opposed to "locked"."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return False
    return isinstance(exc, sqlite3.DatabaseError) and any(word in text for word in (
        "not a database", "malformed", "corrupt", "no such table", "no such column",
        "file is encrypted", "disk image"))


def latest_for_report(history: HealthHistory | None = None) -> dict[str, Any] | None:
    """The latest recorded health run as the support report shows it: when, ok, each
    check's status and findings, the changes against the run before (no facts: the DNS
    records and fingerprints are for comparing, not for reading). None when no run is
    recorded; {"unavailable": why} when the history cannot be read."""
    history = history or HealthHistory()
    try:
        if not history.path.exists() and not history.path.is_symlink():
            return None  # reading would create an empty database
        run = history.latest()
    except (HistoryError, OSError, sqlite3.Error) as exc:
        return {"unavailable": str(exc)}
    if run is None:
        return None
    return {"at": run.at_text, "ok": run.ok,
            "checks": [{"name": c.name, "label": c.label, "status": c.status,
                        "findings": [f.to_dict() for f in c.findings]} for c in run.checks],
            "changes": [c.to_dict() for c in run.changes],
            "notes": [f.to_dict() for f in run.notes + history.notes]}
