"""`a2k-email-settings set FIELD=VALUE …`: change settings from a script.

Field names are the keys of `show --json` "settings". Every value is validated first;
nothing is saved unless all are valid (exit 2 naming the field and the fix). The password
is not a field: it goes to the keyring with `password --stdin`, never on a command line.
"""

from __future__ import annotations

import argparse
from typing import Any

from a2k_settings_gui.cli.common import (
    EXIT_OK,
    CannotRun,
    UsageError,
    add_settings_file_options,
    emit,
    load_store,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "set",
        help="change settings: set FIELD=VALUE … (names as in show --json)",
        description="Change one or more settings. Each value is checked; nothing is saved "
        "unless all are valid. Example: a2k-email-settings set smtp_host=smtp.office365.com "
        "port=587. An empty value (port=) resets a field to its default. The password is "
        "stored with: a2k-email-settings password --stdin",
    )
    parser.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    add_settings_file_options(parser)
    parser.set_defaults(func=run)


def parse_assignments(assignments: list[str]) -> dict[str, Any]:
    """Typed values by field key; raises UsageError naming the first bad field."""
    from a2k_settings_gui.core.settings import FIELDS, FIELDS_BY_KEY, parse_value

    values: dict[str, Any] = {}
    problems: list[str] = []
    for item in assignments:
        key, equals, raw = item.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not equals:
            raise UsageError(f"{item!r} is not FIELD=VALUE, e.g. port=587")
        if "password" in key:
            raise UsageError("the password is never set on the command line (it would stay "
                             "in the shell history); use: a2k-email-settings password --stdin")
        if key not in FIELDS_BY_KEY:
            names = ", ".join(f.key for f in FIELDS)
            raise UsageError(f"unknown field {key!r}; the fields are: {names}")
        spec = FIELDS_BY_KEY[key]
        if raw.strip() == "" and key not in ("sender_email", "smtp_host"):
            value: Any = spec.default
        else:
            value, problem = parse_value(key, raw)
            if problem:
                problems.append(f"{key} ({spec.label}): {problem.message}")
                continue
        values[key] = value
    if problems:
        raise UsageError("nothing was saved. " + "; ".join(problems))
    return values


def run(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.store import StoreError

    changes = parse_assignments(args.assignments)
    store, _result = load_store(args, refuse=("corrupt", "unreadable", "newer_version"),
                                then=" Nothing was saved.")
    moved = False
    try:
        # One step under the settings file's lock: read, save, and move the stored
        # password to a renamed login. A `password --stdin` running at the same time
        # stores its password before or after, never in between (it would be lost).
        with store.locked():
            result = store.load(repair=False)
            if result.status in ("corrupt", "unreadable", "newer_version"):
                raise CannotRun(f"{result.message} Nothing was saved.")
            before = result.settings
            after = before.replace(**changes)
            store.save(after)
            if before.effective_login != after.effective_login:
                try:
                    moved = secrets.move_password(before.effective_login,
                                                  after.effective_login)
                except secrets.KeyringUnavailable as exc:
                    raise CannotRun(
                        f"The settings were saved, but the stored password could not follow "
                        f"the new login {after.effective_login} ({exc}). Store it again "
                        "with: a2k-email-settings password --stdin") from None
    except StoreError as exc:
        raise CannotRun(str(exc)) from None
    old, new = before.to_dict(), after.to_dict()
    changed = {key: {"old": old[key], "new": new[key]} for key in changes}
    lines = [f"Saved to {store.path}:"]
    lines += [f"  {key}: {c['old']!r} -> {c['new']!r}" for key, c in changed.items()]
    if moved:
        lines.append(f"  The stored password now belongs to {after.effective_login}.")
    emit(args, {"config": str(store.path), "changed": changed, "password_moved": moved,
                "findings": []}, lines)
    return EXIT_OK
