"""The daily health run, registered with the operating system's own scheduler for this
user only (no admin rights, nothing of ours left running in the background):

- Windows: a Task Scheduler task (`schtasks /Create /SC DAILY`), running the windowed
  Python (pythonw.exe, or the frozen windowed program) so no console window flashes;
- Linux: a systemd user timer, or a crontab line when there is no systemd user session;
- macOS: a launchd agent (a plist in ~/Library/LaunchAgents).

`plan_schedule` is pure: it returns the exact entry (files and commands) for a system, so
`--dry-run` prints it and tests compare it as data. `apply_plan` carries it out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any

TASK_NAME = "A2000ERP Email Setting health watch"
UNIT_NAME = "a2k-settings-gui-health"
AGENT_LABEL = "com.a2k-settings-gui.health"
CRON_MARK = "# a2k-settings-gui health watch"
DEFAULT_TIME = "07:30"
# schtasks refuses a /TR command line longer than this.
SCHTASKS_TR_LIMIT = 261
STATE_FILE = "health-schedule.json"
SYSTEMS = ("windows", "systemd", "crontab", "launchd")


class ScheduleError(Exception):
    """The schedule could not be registered or removed; the message names the cause."""


@dataclass
class SchedulePlan:
    action: str  # "daily" | "off"
    system: str  # one of SYSTEMS
    at: str  # "HH:MM", local time
    program: list[str]  # the command the scheduler runs
    commands: list[list[str]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # path -> content to write
    remove: list[str] = field(default_factory=list)  # paths to delete
    crontab_line: str = ""  # the line added to (or taken from) the user's crontab

    def describe(self) -> list[str]:
        """What will be done, exactly, as printed by --dry-run."""
        lines = [f"Scheduler: {SYSTEM_LABELS[self.system]}"]
        if self.action == "daily":
            lines.append(f"Runs daily at {self.at} (this computer's time): "
                         f"{command_line(self.program)}")
        else:
            lines.append("Removes the daily health check.")
        for path, content in self.files.items():
            lines.append("The crontab becomes:" if path == "crontab" else f"Write {path}:")
            lines.extend(f"    {line}" for line in content.splitlines())
        for path in self.remove:
            lines.append(f"Delete {path}")
        if self.crontab_line:
            verb = "Add to" if self.action == "daily" else "Remove from"
            lines.append(f"{verb} the crontab: {self.crontab_line}")
        for command in self.commands:
            lines.append(f"Run: {command_line(command)}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "system": self.system, "at": self.at,
                "program": self.program, "commands": self.commands, "files": self.files,
                "remove": self.remove, "crontab_line": self.crontab_line}


SYSTEM_LABELS = {"windows": "Windows Task Scheduler", "systemd": "systemd user timer",
                 "crontab": "crontab", "launchd": "launchd agent"}


def parse_time(text: str) -> str:
    """"7:30" or "07:30" -> "07:30"; ValueError names the format."""
    found = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise ValueError(f"{text!r} is not a time of day; give HH:MM, e.g. 07:30")
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def command_line(argv: list[str]) -> str:
    """The command as one line: Windows quoting on Windows-style paths, POSIX otherwise."""
    if argv and ("\\" in argv[0] or re.match(r"^[A-Za-z]:", argv[0])):
        return subprocess.list2cmdline(argv)
    import shlex

    return " ".join(shlex.quote(part) for part in argv)


def detect_system() -> str:
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "launchd"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if shutil.which("systemctl") and runtime and (Path(runtime) / "systemd").is_dir():
        return "systemd"
    return "crontab"


def health_program(config: str | None = None, *, system: str | None = None,
                   executable: str | None = None, frozen: bool | None = None) -> list[str]:
    """The command the scheduler runs: `health --notify` of this installation.

    On Windows it is the windowed interpreter (pythonw.exe beside python.exe) or the
    frozen windowed program, so the daily run opens no console window.
    """
    system = system or detect_system()
    executable = executable or sys.executable
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    tail = ["health", "--notify"] + (["--config", str(config)] if config else [])
    if system == "windows":
        # The windowed twin of the program: no console window opens for the daily run.
        twin = "a2k-email-settings-gui.exe" if frozen else "pythonw.exe"
        windowed = str(PureWindowsPath(executable).with_name(twin))
        return [windowed, *tail] if frozen else [windowed, "-m", "a2k_settings_gui", *tail]
    if frozen:
        return [executable, *tail]
    return [executable, "-m", "a2k_settings_gui", *tail]


def plan_schedule(action: str, at: str = DEFAULT_TIME, *, system: str | None = None,
                  program: list[str] | None = None, home: Path | None = None,
                  current_crontab: str = "", uid: int | None = None) -> SchedulePlan:
    """The exact scheduler entry for `action` ("daily" or "off") on `system`."""
    if action not in ("daily", "off"):
        raise ValueError("the schedule is 'daily' or 'off'")
    at = parse_time(at)
    system = system or detect_system()
    program = program or health_program(system=system)
    home = home or Path.home()
    plan = SchedulePlan(action, system, at, program)
    hour, minute = (int(part) for part in at.split(":"))
    if system == "windows":
        if action == "daily":
            run = subprocess.list2cmdline(program)
            if len(run) > SCHTASKS_TR_LIMIT:
                raise ScheduleError(
                    f"The command for the daily run is {len(run)} characters long; the "
                    f"Task Scheduler takes at most {SCHTASKS_TR_LIMIT}. Install the tool in "
                    "a shorter folder (e.g. C:\\A2K) and try again.")
            plan.commands = [["schtasks", "/Create", "/SC", "DAILY", "/ST", at,
                              "/TN", TASK_NAME, "/TR", run, "/F"]]
        else:
            plan.commands = [["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]]
    elif system == "systemd":
        folder = home / ".config" / "systemd" / "user"
        service, timer = folder / f"{UNIT_NAME}.service", folder / f"{UNIT_NAME}.timer"
        if action == "daily":
            plan.files = {str(service): _service_unit(program),
                          str(timer): _timer_unit(hour, minute)}
            plan.commands = [["systemctl", "--user", "daemon-reload"],
                             ["systemctl", "--user", "enable", "--now", f"{UNIT_NAME}.timer"]]
        else:
            plan.commands = [["systemctl", "--user", "disable", "--now", f"{UNIT_NAME}.timer"]]
            plan.remove = [str(timer), str(service)]
            plan.commands.append(["systemctl", "--user", "daemon-reload"])
    elif system == "crontab":
        import shlex

        line = f"{minute} {hour} * * * {' '.join(shlex.quote(p) for p in program)} {CRON_MARK}"
        plan.crontab_line = line if action == "daily" else CRON_MARK
        plan.commands = [["crontab", "-"]]
        kept = [x for x in current_crontab.splitlines() if CRON_MARK not in x]
        plan.files = {"crontab": "\n".join(kept + ([line] if action == "daily" else []))
                      + "\n"}
    elif system == "launchd":
        agent = home / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"
        if uid is None:
            uid = os.getuid() if hasattr(os, "getuid") else 0
        domain = f"gui/{uid}"
        plan.commands = [["launchctl", "bootout", domain, str(agent)]]
        if action == "daily":
            plan.files = {str(agent): _launchd_plist(program, hour, minute)}
            plan.commands.append(["launchctl", "bootstrap", domain, str(agent)])
        else:
            plan.remove = [str(agent)]
    else:
        raise ValueError(f"unknown scheduler {system!r}")
    return plan


def _service_unit(program: list[str]) -> str:
    import shlex

    return ("[Unit]\nDescription=A2000ERP Email Setting: daily health check of the e-mail "
            "settings\n\n[Service]\nType=oneshot\n"
            f"ExecStart={' '.join(shlex.quote(p) for p in program)}\n")


def _timer_unit(hour: int, minute: int) -> str:
    # Persistent: a run missed while the computer was off happens at the next start.
    return ("[Unit]\nDescription=Daily health check of the A2000ERP e-mail settings\n\n"
            f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
            "[Install]\nWantedBy=timers.target\n")


def _launchd_plist(program: list[str], hour: int, minute: int) -> str:
    import plistlib

    data = {"Label": AGENT_LABEL, "ProgramArguments": program,
            "StartCalendarInterval": {"Hour": hour, "Minute": minute},
            "RunAtLoad": False}
    return plistlib.dumps(data).decode("utf-8")


def apply_plan(plan: SchedulePlan, *, state_folder: Path | None = None,
               timeout: float = 30.0) -> None:
    """Carry the plan out; ScheduleError says which step failed and why."""
    for path, content in plan.files.items():
        if path == "crontab":
            continue
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(content, encoding="utf-8")
    for command in plan.commands:
        stdin = plan.files.get("crontab") if command[:1] == ["crontab"] else None
        tolerate = command[:2] == ["launchctl", "bootout"] or (
            plan.action == "off" and command[:1] in (["schtasks"], ["systemctl"]))
        try:
            done = subprocess.run(command, input=stdin, capture_output=True, text=True,
                                  timeout=timeout, **_no_window())
        except FileNotFoundError:
            raise ScheduleError(f"{command[0]} is not installed on this computer, so the "
                                "daily check cannot be registered.") from None
        except subprocess.TimeoutExpired:
            raise ScheduleError(f"{command_line(command)} did not finish within "
                                f"{timeout:g} seconds.") from None
        if done.returncode != 0 and not tolerate:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise ScheduleError(f"{command_line(command)} failed: "
                                f"{said[-1] if said else f'exit {done.returncode}'}")
    for path in plan.remove:
        Path(path).unlink(missing_ok=True)
    save_state(plan, state_folder)


def read_crontab(timeout: float = 10.0) -> str:
    """The user's crontab ("" when there is none)."""
    try:
        done = subprocess.run(["crontab", "-l"], capture_output=True, text=True,
                              timeout=timeout)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""


def _no_window() -> dict[str, Any]:
    """No console window for schtasks when called from the windowed program."""
    if sys.platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    return {}


def state_path(folder: Path | None = None) -> Path:
    if folder is None:
        from a2k_settings_gui.core.health.history import default_path

        folder = default_path().parent
    return folder / STATE_FILE


def save_state(plan: SchedulePlan, folder: Path | None = None) -> None:
    path = state_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Turned off, the time chosen before is kept: turning it on again offers it.
    at = plan.at if plan.action == "daily" else load_state(folder)[1]
    state = {"daily": plan.action == "daily", "at": at, "system": plan.system}
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(state), encoding="utf-8")
    temp.replace(path)


def load_state(folder: Path | None = None) -> tuple[bool, str]:
    """(on, "HH:MM") as last registered by this tool; (False, DEFAULT_TIME) if never."""
    try:
        state = json.loads(state_path(folder).read_text(encoding="utf-8"))
        return bool(state.get("daily")), parse_time(str(state.get("at", DEFAULT_TIME)))
    except (OSError, ValueError, AttributeError):
        return False, DEFAULT_TIME
