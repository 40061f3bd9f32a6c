"""Sub-commands about the settings themselves: show, export, import, password, gui."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from a2k_settings_gui.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    CannotRun,
    UsageError,
    add_config_option,
    add_settings_file_options,
    config_path,
    emit,
    load_store,
    print_findings,
    read_stdin_password,
)
from a2k_settings_gui.core.findings import Finding


def register(subparsers: argparse._SubParsersAction) -> None:
    show = subparsers.add_parser("show", help="print the settings (never the password)")
    add_settings_file_options(show)
    show.set_defaults(func=run_show)

    export = subparsers.add_parser("export", help="copy the settings to a file (no password)")
    export.add_argument("file", metavar="FILE")
    add_settings_file_options(export)
    export.set_defaults(func=run_export)

    import_ = subparsers.add_parser("import", help="load settings exported on another desktop")
    import_.add_argument("file", metavar="FILE")
    add_settings_file_options(import_)
    import_.set_defaults(func=run_import)

    password = subparsers.add_parser("password", help="store or remove the password")
    action = password.add_mutually_exclusive_group(required=True)
    action.add_argument("--stdin", action="store_true", help="read the password from stdin")
    action.add_argument("--delete", action="store_true", help="remove the stored password")
    password.add_argument("--user", metavar="LOGIN", help="account (default: the login name)")
    add_settings_file_options(password)
    password.set_defaults(func=run_password)

    gui = subparsers.add_parser("gui", help="open the Email Setting dialog")
    add_config_option(gui)
    gui.set_defaults(func=lambda args: _open_gui(args, "dialog"))


def _open_gui(args: argparse.Namespace, start: str) -> int:
    from a2k_settings_gui.ui.app import run_gui

    return run_gui(config=config_path(args), start=start)


def run_show(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core import secrets

    store, result = load_store(args, refuse=())
    findings: list[Finding] = []
    if result.message:
        severity = "error" if result.status in ("corrupt", "unreadable") else "warning"
        code = "settings_read_only" if result.status == "ok" and result.read_only else (
            f"settings_{result.status}")
        findings.append(Finding(code, severity, result.message))
    findings.extend(result.preset_findings)
    settings = result.settings
    account = settings.effective_login
    try:
        stored: bool | None = bool(account) and secrets.get_password(account) is not None
        keyring_state = "available"
    except secrets.KeyringUnavailable as exc:
        stored, keyring_state = None, "unavailable"
        findings.append(Finding("keyring_unavailable", "warning", str(exc)))
    from a2k_settings_gui.core.erp_profile import handover, settings_findings

    findings.extend(settings_findings(settings))
    erp = handover(settings, stored)
    report: dict[str, Any] = {
        "config": str(store.path),
        "status": result.status,
        "read_only": result.read_only,
        "settings": settings.to_dict(),
        "locked": list(result.locked),
        "preset": result.preset.to_dict() if result.preset is not None else None,
        "effective_port": settings.effective_port,
        "password_stored": stored,
        "keyring": keyring_state,
        "keyring_backend": secrets.backend_report(),
        "erp": erp,
        "findings": [f.to_dict() for f in findings],
    }
    emit(args, report, show_lines(store.path, result.status, settings, erp, stored,
                                  preset=result.preset, locked=result.locked))
    if not args.json:
        print_findings(findings)
    return EXIT_PROBLEM if result.status in ("corrupt", "unreadable") else EXIT_OK


PASSWORD_WORDS = {True: "stored in the keyring", False: "not stored",
                  None: "unknown (no keyring)"}


def show_lines(path: Any, status: str, settings: Any, erp: list[dict[str, Any]],
               stored: bool | None, *, preset: Any = None,
               locked: Any = frozenset()) -> list[str]:
    """`show` in words: the ERP screen's fields in its order, then this tool's own
    settings by their labels, with yes/no, comma lists and "not set"."""
    from a2k_settings_gui.core.erp_profile import handover_text
    from a2k_settings_gui.core.settings import FIELDS
    from a2k_settings_gui.core.support.report import ERP_KEYS, plain_value

    state = {"ok": "", "missing": " (not created yet: these are the defaults)"}.get(
        status, f" ({status})")
    lines = [f"Settings file: {path}{state}"]
    if preset is not None:
        lines.append(f"Machine-wide preset: {preset.path}")
    lines.append("Enter in A2000ERP (HOME – SYSTEM ADMIN – COMPANY – Email Setting):")

    def lock(key: str) -> str:
        return "  (locked by the preset)" if key in locked else ""

    for row in erp:
        shown = (f"(not shown; {PASSWORD_WORDS[row['stored']]})" if row["value"] is None
                 else handover_text(row["value"]) or "not set")
        lines.append(f"  {row['label']}: {shown}{lock(row['key'])}")
    lines.append("Settings of this tool (not on the A2000ERP screen):")
    for spec in FIELDS:
        if spec.key in ERP_KEYS:
            continue
        value = getattr(settings, spec.key)
        if spec.key == "login_name" and not value:
            shown = "not set (A2000ERP logs in with the Sender Email ID)"
        else:
            shown = plain_value(value)
        lines.append(f"  {spec.label}: {shown}{lock(spec.key)}")
    return lines


def run_export(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.store import files, settings_to_document

    store, result = load_store(args, refuse=())
    if result.status == "missing":
        raise UsageError(f"there are no settings to export yet ({store.path} does not exist)")
    if result.status in ("corrupt", "unreadable"):
        raise CannotRun(result.message)
    target = Path(args.file)
    text = files.to_json_text(settings_to_document(result.settings))
    try:
        # Regular files only: `export /dev/full` once replaced the device with a file.
        written = files.write_atomically(target, text)
    except files.FileRefused as exc:
        raise UsageError(f"export FILE: {exc}") from None
    except OSError as exc:
        raise CannotRun(
            f"writing {target} failed ({exc.strerror or exc}); nothing was changed"
        ) from None
    shown = target if written == target else f"{target} (the file it links to, {written})"
    emit(
        args,
        {"exported": str(target), "written": str(written), "password_included": False,
         "findings": []},
        [f"Settings exported to {shown} (the password is not included)."],
    )
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.settings import validate
    from a2k_settings_gui.core.store import StoreError, document_to_settings, files

    source = Path(args.file)
    try:
        # Regular files of at most 1 MB, capped while reading: `import /dev/zero` or a FIFO
        # is refused at once instead of eating memory or waiting forever.
        document = files.parse_json(files.read_capped(source))
    except FileNotFoundError:
        raise UsageError(f"import FILE: {source} does not exist") from None
    except files.FileRefused as exc:
        raise UsageError(f"import FILE: {exc}") from None
    except files.DamagedFile as exc:
        raise UsageError(
            f"{source} is not a settings file exported by this tool: {exc}"
        ) from None
    if isinstance(document, dict) and "settings" in document:
        # An exported password would defeat the point of the keyring: refuse it loudly.
        body = document.get("settings")
        if isinstance(body, dict) and any("password" in str(k).lower() for k in body):
            raise UsageError(
                f"{source} contains a password field; passwords are never imported. "
                "Remove it and store the password with: a2k-email-settings password --stdin"
            )
    try:
        settings, problems, _version = document_to_settings(document)
    except StoreError as exc:
        raise UsageError(f"{source}: {exc}") from None
    problems = problems or validate(settings)
    if problems:
        raise UsageError(
            f"{source} was not imported: " + "; ".join(p.message for p in problems)
        )
    from a2k_settings_gui.core.store.saving import save_with_password

    store, current = load_store(args, repair=True, refuse=())
    refuse_locked(current, {key: getattr(settings, key) for key in _keys_set(document)},
                  f"{source} was not imported")
    # A field the file does not set stays as it is here (the preset's value included).
    settings = current.settings.replace(
        **{key: getattr(settings, key) for key in _keys_set(document)},
        extra={**current.settings.extra, **settings.extra})
    # The password of another desktop is never imported, and the one stored here does
    # not follow an imported login (it is likely another account's): the keyring is kept.
    outcome = save_with_password(store, settings)
    if not outcome.saved:
        raise CannotRun(outcome.file_problem)
    emit(
        args,
        {"imported": str(source), "config": str(store.path), "findings": []},
        [
            f"Settings imported from {source} into {store.path}.",
            "Store the password on this desktop with: a2k-email-settings password --stdin",
        ],
    )
    return EXIT_OK


def _keys_set(document: dict[str, Any]) -> list[str]:
    """The settings fields an imported document sets."""
    from a2k_settings_gui.core.settings import FIELDS_BY_KEY

    return [key for key in document.get("settings", {}) if key in FIELDS_BY_KEY]


def refuse_locked(current: Any, changes: dict[str, Any], what: str) -> None:
    """UsageError (exit 2) naming every field the machine-wide preset locks that `changes`
    would change; a locked field given its own value again is no change."""
    from a2k_settings_gui.core.settings import FIELDS_BY_KEY

    blocked = [key for key, value in changes.items()
               if key in current.locked and getattr(current.settings, key) != value]
    if blocked:
        names = ", ".join(f"{key} ({FIELDS_BY_KEY[key].label})" for key in blocked)
        raise UsageError(
            f"{what}: {names} {'is' if len(blocked) == 1 else 'are'} locked by the "
            f"machine-wide preset {current.preset.path}. Nothing was saved. Ask your IT "
            "department to change the preset, or leave out the locked field.")


def run_password(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.store import StoreError

    store, _result = load_store(args, refuse=())
    password = "" if args.delete else read_stdin_password()
    if not args.delete and not password:
        raise UsageError("Email Password is empty: pipe the password into --stdin")
    try:
        # The login is read and its password stored under the settings file's lock, so a
        # `set login_name=…` cannot move the old password over this one in between.
        with store.holding_lock():
            result = store.load(repair=False)
            account = args.user or result.settings.effective_login
            if not account:
                raise UsageError("no account to store the password for: set the Sender "
                                 "Email ID first, or pass --user")
            if args.delete:
                removed = secrets.delete_password(account)
                emit(args, {"account": account, "deleted": removed, "findings": []},
                     [f"Password for {account} "
                      + ("removed." if removed else "was not stored.")])
                return EXIT_OK
            secrets.set_password(account, password)
    except secrets.KeyringUnavailable as exc:
        raise CannotRun(str(exc)) from None
    except StoreError as exc:
        raise CannotRun(f"{exc} The password was not stored.") from None
    emit(
        args,
        {"account": account, "stored": True, "findings": []},
        [f"Password for {account} stored in the keyring."],
    )
    return EXIT_OK
