"""The Windows build's files agree with each other and with the app (they cannot be run
here: Inno Setup exists only on Windows), and the README keeps its developer commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ISS = ROOT / "packaging" / "a2k-settings-gui.iss"
SPEC = ROOT / "packaging" / "a2k-settings-gui.spec"

if not ISS.exists():
    pytest.skip("no packaging/ beside the tests", allow_module_level=True)


def iss_define(name: str) -> str:
    match = re.search(rf'^#define {name} "([^"]*)"', ISS.read_text(encoding="utf-8"), re.M)
    assert match, name
    return match.group(1)


def test_installer_packs_what_the_spec_builds():
    spec = SPEC.read_text(encoding="utf-8")
    built_names = set(re.findall(r'name="([^"]+)"', spec))
    assert iss_define("GuiExe").removesuffix(".exe") in built_names
    app_name = re.search(r'^APP_NAME = "([^"]+)"', spec, re.M).group(1)
    assert iss_define("BuildDir") == f"..\\dist\\{app_name}"


def test_installer_icon_exists_and_shortcut_id_matches_the_app():
    from a2k_settings_gui.ui.app import APP_USER_MODEL_ID

    text = ISS.read_text(encoding="utf-8")
    icon = re.search(r"^SetupIconFile=(.+)$", text, re.M).group(1).strip()
    assert (ISS.parent / Path(icon.replace("\\", "/"))).resolve().is_file()
    ids = re.findall(r'AppUserModelID: "([^"]+)"', text)
    assert ids and set(ids) == {APP_USER_MODEL_ID}


def test_installer_is_per_user_and_uninstall_keeps_settings_and_password():
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.M)
    # Nothing beyond what [Files]/[Icons] installed is removed, and no registry is written.
    sections = set(re.findall(r"^\[(\w+)\]", text, re.M))
    assert {"Setup", "Files", "Icons"} <= sections
    assert not sections & {"UninstallDelete", "UninstallRun", "Registry"}, sections
    assert "{autoprograms}" in text  # the Start-menu shortcut


def test_readme_keeps_the_two_developer_commands_below_install_on_windows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme.index("## Install on Windows")
    run_app = readme.index("\npython -m pip install . && python -m a2k_settings_gui\n")
    run_tests = readme.index('\npython -m pip install ".[test]" && python -m pytest\n')
    assert install < run_app < run_tests


# ---------------------------------------------------------------- the Windows workflow

WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
STOP_ON_ERROR = "$ErrorActionPreference = 'Stop'"
_POWERSHELL_WORDS = {"if", "elseif", "else", "while", "foreach", "for", "do", "switch", "try",
                     "catch", "finally", "throw", "exit", "return", "break", "continue", "}",
                     "{", "function", "param"}
_CMDLET = re.compile(r"^[A-Z][a-z]+-[A-Z]\w*")


def is_native_command(line: str) -> bool:
    """Whether a pwsh line runs a program (whose failure only $LASTEXITCODE tells):
    anything that is not PowerShell's own (a cmdlet, a keyword, an expression or an
    assignment of one), or a call operator `&` anywhere at the start of a pipeline stage."""
    if re.search(r"(^|\|\s*|=\s*)&\s", line):
        return True
    first = line.split()[0]
    if first in _POWERSHELL_WORDS or first[0] in "$'\"([{#}" or _CMDLET.match(first):
        return False
    return True


def unchecked_steps(workflow_text: str) -> list[str]:
    """Every way a step of the workflow could fail and still pass, in words."""
    import yaml

    problems: list[str] = []
    workflow = yaml.safe_load(workflow_text)
    for job_name, job in workflow["jobs"].items():
        shell = (job.get("defaults", {}).get("run", {}) or {}).get("shell", "pwsh")
        for step in job["steps"]:
            script = step.get("run")
            if script is None:
                continue
            name = f"{job_name}: {step.get('name', script[:40])}"
            if step.get("shell", shell) != "pwsh":
                problems.append(f"{name}: runs in {step.get('shell', shell)}, not pwsh")
            if step.get("continue-on-error"):
                problems.append(f"{name}: continue-on-error lets it fail")
            lines = [line.strip() for line in script.splitlines()
                     if line.strip() and not line.strip().startswith("#")]
            if len(lines) <= 1:
                continue  # one command: the runner fails the step on its exit code
            if lines[0] != STOP_ON_ERROR:
                problems.append(f"{name}: a multi-line step must start with {STOP_ON_ERROR}")
            for index, line in enumerate(lines):
                following = lines[index + 1:index + 3]
                if is_native_command(line) and not (following and
                                                    "$LASTEXITCODE" in following[0]):
                    problems.append(f"{name}: no $LASTEXITCODE check right after: {line}")
                if ("Start-Process" in line and "-Wait" in line or "WaitForExit(" in line) \
                        and "ExitCode" not in " ".join(following):
                    problems.append(f"{name}: the exit code of the program it waits for is not "
                                    f"checked: {line}")
    return problems


def test_no_step_of_the_windows_workflow_can_fail_and_pass():
    assert unchecked_steps(WORKFLOW.read_text(encoding="utf-8")) == []


def test_the_checker_catches_a_multi_line_step_without_exit_code_checks():
    bad = """
jobs:
  build:
    runs-on: windows-latest
    steps:
      - name: Freeze
        run: |
          python -m pip install ".[freeze]"
          pyinstaller packaging/a2k-settings-gui.spec
      - name: Checked
        run: |
          $ErrorActionPreference = 'Stop'
          & $iscc setup.iss
          if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
          'pw' | & $cli password --stdin
          $p = Start-Process setup.exe -Wait -PassThru
"""
    problems = unchecked_steps(bad)
    assert any("Freeze: a multi-line step must start with" in p for p in problems)
    assert any("Freeze: no $LASTEXITCODE check right after: python -m pip" in p
               for p in problems)
    assert any("Checked: no $LASTEXITCODE check right after: 'pw' | & $cli" in p
               for p in problems)
    assert any("Checked: the exit code of the program it waits for" in p for p in problems)
    assert not any("& $iscc" in p for p in problems)


def test_the_workflow_installs_runs_and_uninstalls_the_installer():
    text = WORKFLOW.read_text(encoding="utf-8")
    for needed in ("ruff check .", "/VERYSILENT", "/CURRENTUSER", "/SUPPRESSMSGBOXES",
                   "/NORESTART", "/LOG=", "/PRESET=", "/TASKS=\"addtopath\"",
                   "& $cli --help", "& $cli show --json", "& $cli test-send",
                   "tests.servers.serve_smtp", "A2K_QUIT_AFTER_SHOWN", "unins000.exe",
                   "email-settings.json", "keyring.get_password('a2k-settings-gui/smtp'"):
        assert needed in text, needed


def test_the_installer_offers_the_path_option_and_the_preset():
    from a2k_settings_gui.core.store.preset import PRESET_FILE_NAME

    text = ISS.read_text(encoding="utf-8")
    assert re.search(r'^Name: "addtopath";.*Flags: unchecked$', text, re.M)
    assert "{param:PRESET|}" in text
    # The same place the program reads (platformdirs' site_config_dir on Windows:
    # %ProgramData%\a2k-settings-gui), the file never removed by the uninstaller.
    preset_line = next(line for line in text.splitlines() if "{code:PresetSource}" in line)
    assert 'DestDir: "{commonappdata}\\a2k-settings-gui"' in preset_line
    assert f'DestName: "{PRESET_FILE_NAME}"' in preset_line
    assert "uninsneveruninstall" in preset_line
    assert "commandline" in re.search(r"^PrivilegesRequiredOverridesAllowed=(.*)$", text,
                                      re.M).group(1)
