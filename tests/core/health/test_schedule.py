"""The daily run's scheduler entries, as data: the exact command line or file each OS's
own scheduler gets, for this user and without admin rights."""

from __future__ import annotations

import plistlib
import subprocess
from pathlib import Path

import pytest

from a2k_settings_gui.core.health import schedule
from a2k_settings_gui.core.health.schedule import (
    CRON_MARK,
    TASK_NAME,
    ScheduleError,
    health_program,
    plan_schedule,
)

WINDOWS_PYTHON = r"C:\Users\ar.clerk\AppData\Local\Programs\Python\Python312\python.exe"


def test_windows_task_runs_pythonw_daily_at_the_time():
    program = health_program(system="windows", executable=WINDOWS_PYTHON, frozen=False)
    assert program == [WINDOWS_PYTHON.replace("python.exe", "pythonw.exe"), "-m",
                       "a2k_settings_gui", "health", "--notify"]
    plan = plan_schedule("daily", "7:30", system="windows", program=program)
    assert plan.commands == [[
        "schtasks", "/Create", "/SC", "DAILY", "/ST", "07:30", "/TN", TASK_NAME, "/TR",
        r"C:\Users\ar.clerk\AppData\Local\Programs\Python\Python312\pythonw.exe -m "
        "a2k_settings_gui health --notify", "/F"]]
    # No /RU, /RL HIGHEST or /NP: those need admin rights; the task runs as this user.
    assert not {"/RU", "/RL", "/NP"} & set(plan.commands[0])
    assert subprocess.list2cmdline(plan.commands[0]).startswith(
        'schtasks /Create /SC DAILY /ST 07:30 /TN "A2000ERP Email Setting health watch" '
        '/TR "C:\\Users')


def test_windows_frozen_build_uses_the_windowed_program_and_quotes_spaces():
    exe = r"C:\Program Files\A2K Email Setting\a2k-email-settings.exe"
    program = health_program(r"C:\Shared Settings\email.json", system="windows",
                             executable=exe, frozen=True)
    assert program[0] == r"C:\Program Files\A2K Email Setting\a2k-email-settings-gui.exe"
    run = plan_schedule("daily", system="windows", program=program).commands[0][9]
    assert run == ('"C:\\Program Files\\A2K Email Setting\\a2k-email-settings-gui.exe" '
                   'health --notify --config "C:\\Shared Settings\\email.json"')


def test_windows_command_too_long_for_schtasks_is_refused_with_the_fix():
    program = ["C:\\" + "x" * 250 + "\\pythonw.exe", "-m", "a2k_settings_gui", "health"]
    with pytest.raises(ScheduleError, match="at most 261"):
        plan_schedule("daily", system="windows", program=program)


def test_windows_off_deletes_the_task():
    plan = plan_schedule("off", system="windows", program=["pythonw.exe"])
    assert plan.commands == [["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]]


def test_systemd_user_timer(tmp_path):
    program = ["/usr/bin/python3", "-m", "a2k_settings_gui", "health", "--notify"]
    plan = plan_schedule("daily", "07:30", system="systemd", program=program, home=tmp_path)
    folder = tmp_path / ".config" / "systemd" / "user"
    timer = plan.files[str(folder / "a2k-settings-gui-health.timer")]
    assert "OnCalendar=*-*-* 07:30:00" in timer and "Persistent=true" in timer
    service = plan.files[str(folder / "a2k-settings-gui-health.service")]
    assert "ExecStart=/usr/bin/python3 -m a2k_settings_gui health --notify" in service
    assert ["systemctl", "--user", "enable", "--now", "a2k-settings-gui-health.timer"] \
        in plan.commands
    off = plan_schedule("off", system="systemd", program=program, home=tmp_path)
    assert str(folder / "a2k-settings-gui-health.timer") in off.remove


def test_crontab_keeps_other_lines_and_replaces_ours():
    current = f"0 1 * * * backup.sh\n15 6 * * * old-health {CRON_MARK}\n"
    program = ["/usr/bin/python3", "-m", "a2k_settings_gui", "health", "--notify"]
    plan = plan_schedule("daily", "07:30", system="crontab", program=program,
                         current_crontab=current)
    assert plan.files["crontab"] == (
        "0 1 * * * backup.sh\n"
        f"30 7 * * * /usr/bin/python3 -m a2k_settings_gui health --notify {CRON_MARK}\n")
    off = plan_schedule("off", system="crontab", program=program, current_crontab=current)
    assert off.files["crontab"] == "0 1 * * * backup.sh\n"


def test_launchd_agent_plist(tmp_path):
    program = ["/usr/local/bin/python3", "-m", "a2k_settings_gui", "health", "--notify"]
    plan = plan_schedule("daily", "18:05", system="launchd", program=program, home=tmp_path,
                         uid=501)
    path = tmp_path / "Library" / "LaunchAgents" / "com.a2k-settings-gui.health.plist"
    data = plistlib.loads(plan.files[str(path)].encode())
    assert data["ProgramArguments"] == program
    assert data["StartCalendarInterval"] == {"Hour": 18, "Minute": 5}
    assert ["launchctl", "bootstrap", "gui/501", str(path)] in plan.commands


@pytest.mark.parametrize("text", ["24:00", "7", "07:60", "seven", ""])
def test_bad_times_are_refused(text):
    with pytest.raises(ValueError, match="HH:MM"):
        schedule.parse_time(text)


def test_apply_writes_systemd_units_and_remembers_the_schedule(tmp_path, monkeypatch):
    """Carried out with a stand-in `systemctl` on PATH (this machine has no systemd user
    session): the units are written, the commands run, the state remembered."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.txt"
    fake = bin_dir / "systemctl"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {calls}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    plan = plan_schedule("daily", "06:45", system="systemd", program=["/bin/true"],
                         home=tmp_path)
    schedule.apply_plan(plan, state_folder=tmp_path)
    assert (tmp_path / ".config/systemd/user/a2k-settings-gui-health.timer").exists()
    assert "--user enable --now a2k-settings-gui-health.timer" in calls.read_text()
    assert schedule.load_state(tmp_path) == (True, "06:45")
    schedule.apply_plan(plan_schedule("off", system="systemd", program=["/bin/true"],
                                      home=tmp_path), state_folder=tmp_path)
    assert not Path(tmp_path / ".config/systemd/user/a2k-settings-gui-health.timer").exists()
    assert schedule.load_state(tmp_path) == (False, "06:45")
