"""The Email Setting dialog is a FormState, and what it hands that protocol to (the
windows it opens, its save controller, the hand-over) reads nothing else of it."""

from __future__ import annotations

import ast
import inspect

from a2k_settings_gui.ui.dialog import form, other_windows, saving
from a2k_settings_gui.ui.kit.form_state import FormState
from a2k_settings_gui.ui.support import handover

MEMBERS = {name for name in vars(FormState) if not name.startswith("_")}


def test_the_protocol_is_what_the_windows_need():
    assert MEMBERS == {"settings_file", "current_settings", "current_password",
                       "password_state", "logo_size", "has_unsaved_changes", "run_task"}


def test_the_dialog_provides_every_member_of_the_protocol():
    dialog = form.EmailSettingDialog
    for name in MEMBERS:
        ours, theirs = getattr(FormState, name), getattr(dialog, name, None)
        assert theirs is not None, f"EmailSettingDialog has no {name}"
        assert isinstance(theirs, property) == isinstance(ours, property), name
        if callable(ours):
            assert list(inspect.signature(theirs).parameters) == \
                list(inspect.signature(ours).parameters), name


def form_reads(module) -> set[str]:  # noqa: ANN001 - a module
    """Attributes read of the form: `form.x` and `self._form.x`."""
    reads = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not isinstance(node, ast.Attribute):
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id == "form" or (
                isinstance(value, ast.Attribute) and value.attr == "_form"
                and isinstance(value.value, ast.Name) and value.value.id == "self"):
            reads.add(node.attr)
    return reads


def test_the_windows_the_save_controller_and_the_handover_read_only_the_protocol():
    for module in (other_windows, saving, handover):
        reads = form_reads(module)
        assert reads, f"{module.__name__} no longer reads the form: update this test"
        assert reads <= MEMBERS, f"{module.__name__} reads {reads - MEMBERS} of the form"
