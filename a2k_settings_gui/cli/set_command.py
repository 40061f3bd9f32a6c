"""`a2k-email-settings set FIELD=VALUE …`: change settings from a script.

Field names are the keys of `show --json` "settings". Every value is validated first;
nothing is saved unless all are valid (exit 2 naming the field and the fix). A field the
machine-wide preset locks is refused the same way. The password is not a field: it goes to
the keyring with `password --stdin`, never on a command line.
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
from a2k_settings_gui.cli.settings_commands import refuse_locked


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
    from a2k_settings_gui.core.findings import Finding
    from a2k_settings_gui.core.store.saving import (
        PasswordChange,
        PasswordOutcome,
        save_with_password,
    )

    changes = parse_assignments(args.assignments)
    store, result = load_store(args, refuse=("corrupt", "unreadable", "newer_version"),
                               then=" Nothing was saved.")
    refuse_locked(result, changes, "not saved")
    before = result.settings
    # The stored password follows a renamed login, as in the dialog.
    outcome = save_with_password(store, before.replace(**changes),
                                 PasswordChange(old_account=before.effective_login))
    if not outcome.saved:
        raise CannotRun(outcome.file_problem)
    after = outcome.written
    assert after is not None
    moved = outcome.password is PasswordOutcome.MOVED
    old, new = before.to_dict(), after.to_dict()
    changed = {key: {"old": old[key], "new": new[key]} for key in changes}
    lines = [f"Saved to {store.path}:"]
    lines += [f"  {key}: {c['old']!r} -> {c['new']!r}" for key, c in changed.items()]
    if "port" in changed and after.port is None:
        # The default-port rule (core.settings.stored_port): say why a typed 587 reads null.
        lines.append(f"  (port null: the {after.security.label} default, "
                     f"{after.effective_port}, which follows Security)")
    if moved:
        lines.append(f"  The stored password now belongs to {after.effective_login}.")
    findings = []
    if outcome.password is PasswordOutcome.NOT_STORED:
        findings.append(Finding(
            "keyring_unavailable", "warning",
            f"The stored password could not follow the login name to "
            f"{after.effective_login}: {outcome.password_problem}",
            fix="Store it again with: a2k-email-settings password --stdin"))
        lines.append(f"  {findings[-1].message} {findings[-1].fix}")
    emit(args, {"config": str(store.path), "changed": changed, "password_moved": moved,
                "password": outcome.password.value,
                "findings": [f.to_dict() for f in findings]}, lines)
    return EXIT_OK
