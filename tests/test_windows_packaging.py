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
